//! Tokenrail batch payout for Solana.
//!
//! Semantics are specified once in `docs/spec/payout.md`.
//!
//! - `multisend` pays the remaining accounts (recipient token accounts) from the payer, all or
//!   nothing, with one `transfer_checked` per leg.
//! - A distribution is a PDA (`["distribution", funder, id]`) with a vault
//!   (`["vault", distribution]`); its claimed bitmap lives in chunk PDAs
//!   (`["claims", distribution, chunk]`, 65,536 claims each) the funder creates with
//!   `init_claim_chunk`. Leaves are SHA-256, bound to the program and the distribution account.
//!
//! Assets are SPL Token or Token-2022 mints through the token interface (the native coin as
//! wrapped SOL). Spec error code `n` surfaces as custom program error `6000 + n`.

#![allow(unexpected_cfgs)]
// Anchor's macros expand to items without docs and to large error enums.
#![allow(missing_docs, clippy::result_large_err)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod state;

pub use constants::*;
pub use error::PayoutError;
pub use events::*;
pub use instructions::*;
pub use state::*;

declare_id!("AnCMC25J76G5eYDauryYBLUAkU7WLGUKVSppnTGhk2vW");

#[program]
pub mod tokenrail_payout {
    use super::*;

    /// Pays `amounts[i]` to remaining account `i` (a token account of `mint`) from the payer.
    pub fn multisend<'info>(
        ctx: Context<'info, MultiSend<'info>>,
        amounts: Vec<u64>,
        declared_total: u64,
    ) -> Result<()> {
        instructions::multisend::handler(ctx, amounts, declared_total)
    }

    /// Creates distribution `id` of the signer and moves its total into the vault.
    pub fn create_distribution(
        ctx: Context<CreateDistribution>,
        id: u64,
        params: DistributionParams,
    ) -> Result<()> {
        instructions::create_distribution::handler(ctx, id, params)
    }

    /// Creates chunk `chunk` of a distribution's claimed bitmap.
    pub fn init_claim_chunk(ctx: Context<InitClaimChunk>, chunk: u32) -> Result<()> {
        instructions::init_claim_chunk::handler(ctx, chunk)
    }

    /// Claims leaf `index` for the owner of the recipient token account.
    pub fn claim(ctx: Context<Claim>, index: u32, amount: u64, proof: Vec<[u8; 32]>) -> Result<()> {
        instructions::claim::handler(ctx, index, amount, proof)
    }

    /// After the expiry, sends the unclaimed remainder to the clawback receiver.
    pub fn clawback(ctx: Context<ClawbackRemainder>) -> Result<()> {
        instructions::clawback::handler(ctx)
    }
}
