//! Tokenrail milestone escrow for Solana.
//!
//! Semantics are specified once in `docs/spec/escrow.md`. Each escrow is a PDA
//! (`["escrow", depositor, id]`) whose token vault (`["vault", escrow]`) is
//! owned by the escrow PDA; assets are SPL Token or Token-2022 mints through
//! the token interface. Spec error code `n` surfaces as custom program error
//! `6000 + n`.

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
pub use error::EscrowError;
pub use events::*;
pub use instructions::*;
pub use state::*;

declare_id!("BaPrchTJroEPojUUk2GU59TAgxqdVsmPc9cHYWoM9v4Q");

#[program]
pub mod tokenrail_escrow {
    use super::*;

    /// Creates escrow `id` of the signer and moves the milestone total into its vault.
    pub fn create(
        ctx: Context<Create>,
        id: u64,
        beneficiary: Pubkey,
        arbiter: Option<Pubkey>,
        milestones: Vec<u64>,
        deadline: i64,
    ) -> Result<()> {
        instructions::create::handler(ctx, id, beneficiary, arbiter, milestones, deadline)
    }

    /// Releases milestone `milestone` to the beneficiary (depositor or arbiter, in order,
    /// before the deadline).
    pub fn release(ctx: Context<Release>, milestone: u32) -> Result<()> {
        instructions::release::handler(ctx, milestone)
    }

    /// Returns the unreleased remainder to the depositor (anyone from the deadline on; the
    /// arbiter at any time).
    pub fn refund(ctx: Context<Settle>) -> Result<()> {
        instructions::settle::refund_handler(ctx)
    }

    /// The beneficiary gives the escrow up while nothing is released.
    pub fn cancel(ctx: Context<Settle>) -> Result<()> {
        instructions::settle::cancel_handler(ctx)
    }

    /// Solana only: after settlement the depositor closes the escrow and its vault and gets
    /// their rent back.
    pub fn close(ctx: Context<Close>) -> Result<()> {
        instructions::close::handler(ctx)
    }
}
