//! A holder's restrictions.

use anchor_lang::prelude::*;

/// A wallet's restrictions on one mint: `["holder", mint, wallet]`. A missing account means no
/// restriction (account freezes are Token-2022's own frozen state).
#[account]
#[derive(InitSpace, Default)]
pub struct HolderState {
    /// The mint.
    pub mint: Pubkey,
    /// The wallet.
    pub wallet: Pubkey,
    /// Part of the wallet's balance that cannot be sent.
    pub frozen_amount: u64,
    /// Unix seconds before which the wallet cannot send.
    pub locked_until: i64,
    /// PDA bump.
    pub bump: u8,
}
