//! Tokenrail transfer hook for Token-2022 (`docs/spec/token.md`, `docs/spec/whitelist.md`).
//!
//! Token-2022 calls [`tokenrail_transfer_hook::execute`] inside every `transfer_checked` of a
//! mint whose TransferHook extension names this program, with the extra accounts its validation
//! account lists: the mint's policy (`["policy", mint]`: registry, rules, holder count,
//! controller, forced authority), both parties' investor entries (`["investor", registry,
//! wallet]`) and both parties' restrictions (`["holder", mint, wallet]`: frozen amount, lock-up).
//! The hook rejects calls outside a transfer (`NotInTransfer`), lets a transfer signed by the
//! forced authority (the mint's permanent delegate) through as the documented bypass, and
//! otherwise enforces lock-ups, partial freezes, the registry and the rules. Pause, account
//! freezes and balances are Token-2022's own checks (Pausable extension, frozen accounts);
//! `check_transfer` reports them too.
//!
//! The registry lives here as well: `["registry", authority, id]`, agents as role accounts, one
//! entry account per investor (rent refunded on removal). Spec error code `n` surfaces as custom
//! program error `6000 + n`.

#![allow(unexpected_cfgs)]
// Anchor's macros expand to items without docs and to large error enums.
#![allow(missing_docs, clippy::result_large_err)]

use anchor_lang::prelude::*;
use spl_discriminator::SplDiscriminate;
use spl_transfer_hook_interface::instruction::ExecuteInstruction;

pub mod client;
pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod state;

pub use constants::*;
pub use error::TokenError;
pub use events::*;
pub use instructions::*;
pub use state::*;

declare_id!("HookR1x6NdYd2bUZ8aY3Z6n8hS9m5hyk8Q2k4m8CvzvQ");

#[program]
pub mod tokenrail_transfer_hook {
    use super::*;

    /// Creates registry `id` of the signer, its admin.
    pub fn create_registry(ctx: Context<CreateRegistry>, id: u64) -> Result<()> {
        instructions::registry_admin::handle_create_registry(ctx, id)
    }

    /// The registry admin grants the agent role.
    pub fn grant_registry_agent(ctx: Context<GrantRegistryAgent>) -> Result<()> {
        instructions::registry_admin::handle_grant_registry_agent(ctx)
    }

    /// The registry admin revokes the agent role.
    pub fn revoke_registry_agent(ctx: Context<RevokeRegistryAgent>) -> Result<()> {
        instructions::registry_admin::handle_revoke_registry_agent(ctx)
    }

    /// The registry admin proposes the next admin (`None` cancels).
    pub fn propose_registry_admin(ctx: Context<RegistryAdmin>, new: Option<Pubkey>) -> Result<()> {
        instructions::registry_admin::handle_propose_registry_admin(ctx, new)
    }

    /// The proposed registry admin accepts.
    pub fn accept_registry_admin(ctx: Context<RegistryAdmin>) -> Result<()> {
        instructions::registry_admin::handle_accept_registry_admin(ctx)
    }

    /// An agent adds or updates one investor entry.
    pub fn upsert_investor(
        ctx: Context<UpsertInvestor>,
        status: InvestorStatus,
        jurisdiction: u16,
        kyc_expiry: i64,
    ) -> Result<()> {
        instructions::registry_admin::handle_upsert_investor(ctx, status, jurisdiction, kyc_expiry)
    }

    /// An agent removes an investor entry (rent back to the agent).
    pub fn remove_investor(ctx: Context<RemoveInvestor>, wallet: Pubkey) -> Result<()> {
        instructions::registry_admin::handle_remove_investor(ctx, wallet)
    }

    /// The mint's transfer-hook authority attaches a policy and writes the validation account.
    pub fn init_policy(
        ctx: Context<InitPolicy>,
        controller: Pubkey,
        forced_authority: Pubkey,
    ) -> Result<()> {
        instructions::policy_admin::handle_init_policy(ctx, controller, forced_authority)
    }

    /// The controller replaces the rules.
    pub fn set_rules(ctx: Context<Control>, rules: RulesInput) -> Result<()> {
        instructions::policy_admin::handle_set_rules(ctx, rules)
    }

    /// The controller ends the token's life: no transfer passes the hook afterwards.
    pub fn deactivate(ctx: Context<Control>) -> Result<()> {
        instructions::policy_admin::handle_deactivate(ctx)
    }

    /// The controller reports `wallet`'s balance after a mint or burn (or before onboarding
    /// it): the wallet's record is created if missing and the holder count follows it.
    pub fn note_balance(ctx: Context<SetHolderState>, wallet: Pubkey, balance: u64) -> Result<()> {
        instructions::policy_admin::handle_note_balance(ctx, wallet, balance)
    }

    /// The controller sets `wallet`'s frozen amount, lock-up and account freeze.
    pub fn set_holder_state(
        ctx: Context<SetHolderState>,
        wallet: Pubkey,
        frozen_amount: u64,
        locked_until: i64,
        account_frozen: bool,
    ) -> Result<()> {
        instructions::policy_admin::handle_set_holder_state(
            ctx,
            wallet,
            frozen_amount,
            locked_until,
            account_frozen,
        )
    }

    /// Anyone aligns a wallet's place in the holder count with its associated token account's
    /// balance (after a burn to zero outside the issuer program).
    pub fn sync_holder(ctx: Context<SyncHolder>) -> Result<()> {
        instructions::policy_admin::handle_sync_holder(ctx)
    }

    /// The transfer-hook interface's `Execute`, called by Token-2022 inside a transfer.
    #[instruction(discriminator = ExecuteInstruction::SPL_DISCRIMINATOR_SLICE)]
    pub fn execute(ctx: Context<Execute>, amount: u64) -> Result<()> {
        instructions::transfer::handle_execute(ctx, amount)
    }

    /// `can_transfer`: the code a transfer would fail with now, as return data.
    pub fn check_transfer(ctx: Context<Execute>, amount: u64) -> Result<()> {
        instructions::transfer::handle_check_transfer(ctx, amount)
    }

    /// `restriction_message`: the message of restriction `code`, as return data.
    pub fn restriction_message(ctx: Context<RestrictionMessage>, code: u16) -> Result<()> {
        instructions::restriction_message::handle_restriction_message(ctx, code)
    }
}
