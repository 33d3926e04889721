//! A holder's restrictions and its place in the holder count.

use anchor_lang::prelude::*;

use crate::error::TokenError;

/// A wallet's state on one mint: `["holder", mint, wallet]`, created when the wallet is onboarded
/// (its associated token account thawed) or first restricted. A missing account means no
/// restriction and no holding.
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
    /// The compliance agent froze the wallet. Token-2022's frozen state also covers wallets not
    /// onboarded (accounts start frozen) and wallets the registry stopped verifying; this is the
    /// agent's own decision, which only the agent lifts.
    pub account_frozen: bool,
    /// The wallet is in the policy's holder count. Kept per wallet, so the count stays exact
    /// when a balance reaches zero outside the hook (Token-2022's own `burn`): the wallet stays
    /// counted until it receives again (counted once) or anyone calls `sync_holder`.
    pub counted: bool,
}

impl HolderState {
    /// Records that the wallet now holds `balance`, moving `holders` when the wallet enters or
    /// leaves the holder set.
    pub fn note_balance(&mut self, balance: u64, holders: &mut u32) -> Result<()> {
        let holds = balance > 0;
        if holds != self.counted {
            *holders = if holds {
                holders.checked_add(1)
            } else {
                holders.checked_sub(1)
            }
            .ok_or(TokenError::InvalidAccount)?;
            self.counted = holds;
        }
        Ok(())
    }
}
