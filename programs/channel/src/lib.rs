//! Tokenrail payment channels for Solana.
//!
//! Semantics are specified once in `docs/spec/channel.md`. Each channel is a PDA
//! (`["channel", a, b, mint]`) whose address is the channel id the parties sign; its vault
//! (`["vault", channel]`) is owned by the channel PDA. Assets are SPL Token or Token-2022
//! mints through the token interface (wrapped SOL for the native coin).
//!
//! States and closes are Ed25519-signed message bytes (`tokenrail-channel`'s Solana encoding);
//! a transaction carries one Ed25519-program instruction verifying both parties' signatures
//! immediately before the channel instruction, which checks it through the instructions
//! sysvar ([`signatures`]). Spec error code `n` surfaces as custom program error `6000 + n`.

#![allow(unexpected_cfgs)]
// Anchor's macros expand to items without docs and to large error enums.
#![allow(missing_docs, clippy::result_large_err)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod signatures;
pub mod state;

pub use constants::*;
pub use error::ChannelError;
pub use events::*;
pub use instructions::*;
pub use state::*;

declare_id!("CYVS2qeyuf8bZkepkgs7F9sR6xNTmjKQsWQpC1scUTzh");

#[program]
pub mod tokenrail_channel_program {
    use super::*;

    /// Opens (or re-opens, next epoch) the signer's channel with `counterparty` in `mint`,
    /// depositing `amount`; `period` is the challenge period in seconds; `network` is the
    /// cluster's genesis hash, which every signed state of this epoch binds.
    pub fn open(
        ctx: Context<Open>,
        counterparty: Pubkey,
        amount: u64,
        period: u64,
        network: [u8; 32],
    ) -> Result<()> {
        instructions::open::handler(ctx, counterparty, amount, period, network)
    }

    /// A party tops up an open channel.
    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        instructions::deposit::handler(ctx, amount)
    }

    /// Pays both balances of a Close signed by both parties (verified by the Ed25519
    /// instruction before this one), at once. Anyone may submit.
    pub fn close_cooperative(ctx: Context<Payout>, close: SignedClose) -> Result<()> {
        instructions::close::cooperative_handler(ctx, close)
    }

    /// A party starts the challenge period on a State signed by both.
    pub fn close_unilateral(ctx: Context<Dispute>, state: SignedState) -> Result<()> {
        instructions::close::unilateral_handler(ctx, Some(state))
    }

    /// The timeout refund: a party starts the challenge period on the unsigned nonce-0 state.
    pub fn close_without_state(ctx: Context<Dispute>) -> Result<()> {
        instructions::close::unilateral_handler(ctx, None)
    }

    /// Replaces the recorded state with a newer State signed by both, before the deadline.
    pub fn challenge(ctx: Context<Dispute>, state: SignedState) -> Result<()> {
        instructions::challenge::handler(ctx, state)
    }

    /// Pays both balances of the recorded state, from the deadline on. Anyone may call.
    pub fn settle(ctx: Context<Payout>) -> Result<()> {
        instructions::settle::handler(ctx)
    }
}
