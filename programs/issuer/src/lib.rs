//! Tokenrail issuer program for Solana (`docs/spec/token.md`).
//!
//! `initialize` creates a Token-2022 mint with the extensions regulated issuers use —
//! TransferHook (the Tokenrail hook program, `programs/transfer-hook`), PermanentDelegate,
//! Pausable, MetadataPointer and TokenMetadata (name, symbol, URI and the legal document's
//! SHA-256 as the `legal_document_hash` field) — and makes one PDA, `["issuer", mint]`, every
//! authority of it: mint, freeze, permanent delegate, pause, transfer hook, metadata, and the
//! hook policy's controller. That PDA acts only through this program's instructions, each behind
//! a role (`["role", issuer, role, account]`) and, for mints, the cap.
//!
//! Holders transfer with Token-2022's own `transfer_checked`, which calls the hook. Mints and
//! burns run no hook, so `mint_tokens`, `burn` and `redeem` here make those checks and keep the
//! holder count. The paths the spec lets bypass pause and freezes (mint, redemption, forced
//! transfer, recovery) lift them for the movement and restore them after. Errors are the hook
//! crate's `TokenError`: spec code `n` is custom program error `6000 + n`.

#![allow(unexpected_cfgs)]
// Anchor's macros expand to items without docs and to large error enums.
#![allow(missing_docs, clippy::result_large_err, clippy::too_many_arguments)]

use anchor_lang::prelude::*;
use tokenrail_transfer_hook::RulesInput;

pub mod constants;
pub mod instructions;
pub mod state;

pub use constants::*;
pub use instructions::*;
pub use state::*;

declare_id!("GZNx5XwbZckMX1HEUFcexSKyfdZozNKcqrRTCfRydj4m");

#[program]
pub mod tokenrail_issuer {
    use super::*;

    /// Creates the mint with its extensions and metadata, the issuer PDA and the hook's policy.
    pub fn initialize(ctx: Context<Initialize>, params: TokenParams) -> Result<()> {
        instructions::initialize::handle_initialize(ctx, params)
    }

    /// The admin grants `role` to an account.
    pub fn grant_role(ctx: Context<GrantRole>, role: Role) -> Result<()> {
        instructions::roles::handle_grant_role(ctx, role)
    }

    /// The admin revokes `role` from an account.
    pub fn revoke_role(ctx: Context<RevokeRole>, role: Role) -> Result<()> {
        instructions::roles::handle_revoke_role(ctx, role)
    }

    /// The admin proposes the next admin (`None` cancels).
    pub fn propose_admin(ctx: Context<AdminHandover>, new: Option<Pubkey>) -> Result<()> {
        instructions::roles::handle_propose_admin(ctx, new)
    }

    /// The proposed admin accepts.
    pub fn accept_admin(ctx: Context<AdminHandover>) -> Result<()> {
        instructions::roles::handle_accept_admin(ctx)
    }

    /// Anyone thaws a wallet's associated token account while the registry verifies the wallet
    /// (Token ACL onboarding).
    pub fn thaw_permissionless(ctx: Context<Onboard>) -> Result<()> {
        instructions::onboarding::handle_thaw_permissionless(ctx)
    }

    /// Anyone freezes a wallet's associated token account once the registry no longer verifies
    /// the wallet.
    pub fn freeze_permissionless(ctx: Context<Onboard>) -> Result<()> {
        instructions::onboarding::handle_freeze_permissionless(ctx)
    }

    /// An issuer mints to an eligible investor within the cap.
    pub fn mint_tokens(ctx: Context<MintTokens>, amount: u64) -> Result<()> {
        instructions::supply::handle_mint_tokens(ctx, amount)
    }

    /// A holder pays several recipients (remaining accounts, three per leg), all or nothing.
    pub fn batch_transfer<'info>(
        ctx: Context<'info, BatchTransfer<'info>>,
        amounts: Vec<u64>,
    ) -> Result<()> {
        instructions::batch::handle_batch_transfer(ctx, amounts)
    }

    /// A holder burns its own tokens, with the spec's checks.
    pub fn burn(ctx: Context<Burn>, amount: u64) -> Result<()> {
        instructions::supply::handle_burn(ctx, amount)
    }

    /// An issuer burns from a holder.
    pub fn redeem(ctx: Context<Burn>, amount: u64) -> Result<()> {
        instructions::supply::handle_redeem(ctx, amount)
    }

    /// An agent moves tokens bypassing pause, freezes, lock-ups and compliance.
    pub fn forced_transfer(ctx: Context<ForcedMove>, amount: u64) -> Result<()> {
        instructions::enforcement::handle_forced_transfer(ctx, amount)
    }

    /// An agent moves a lost wallet's whole position to an eligible new wallet.
    pub fn recover(ctx: Context<ForcedMove>) -> Result<()> {
        instructions::enforcement::handle_recover(ctx)
    }

    /// An agent freezes or unfreezes a whole account.
    pub fn set_account_frozen(ctx: Context<AgentOnAccount>, frozen: bool) -> Result<()> {
        instructions::enforcement::handle_set_account_frozen(ctx, frozen)
    }

    /// An agent sets the frozen part of a holder's balance.
    pub fn set_frozen_amount(ctx: Context<AgentOnAccount>, amount: u64) -> Result<()> {
        instructions::enforcement::handle_set_frozen_amount(ctx, amount)
    }

    /// An agent locks a holder's sending until `until` (0 lifts it).
    pub fn set_lockup(ctx: Context<AgentOnAccount>, until: i64) -> Result<()> {
        instructions::enforcement::handle_set_lockup(ctx, until)
    }

    /// An agent replaces the rules.
    pub fn set_rules(ctx: Context<AgentOnPolicy>, rules: RulesInput) -> Result<()> {
        instructions::enforcement::handle_set_rules(ctx, rules)
    }

    /// A pauser pauses the token.
    pub fn pause(ctx: Context<Pausing>) -> Result<()> {
        instructions::enforcement::handle_set_paused(ctx, true)
    }

    /// A pauser unpauses the token.
    pub fn unpause(ctx: Context<Pausing>) -> Result<()> {
        instructions::enforcement::handle_set_paused(ctx, false)
    }

    /// The admin ends the token's life, irreversibly (the token must be paused).
    pub fn deactivate(ctx: Context<Deactivate>) -> Result<()> {
        instructions::enforcement::handle_deactivate(ctx)
    }

    /// The admin replaces the metadata URI and the legal document's hash (the document
    /// `legal`).
    pub fn set_metadata(
        ctx: Context<Documenting>,
        uri: String,
        legal_document_hash: [u8; 32],
    ) -> Result<()> {
        instructions::documents::handle_set_metadata(ctx, uri, legal_document_hash)
    }

    /// The admin creates or replaces a document (ERC-1643); under `legal`, `set_metadata`.
    pub fn set_document(
        ctx: Context<Documenting>,
        name: String,
        uri: String,
        hash: [u8; 32],
    ) -> Result<()> {
        instructions::documents::handle_set_document(ctx, name, uri, hash)
    }

    /// The admin removes a document (never `legal`).
    pub fn remove_document(ctx: Context<RemoveDocument>, name: String) -> Result<()> {
        instructions::documents::handle_remove_document(ctx, name)
    }
}
