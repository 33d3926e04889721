//! The Token ACL (sRFC-37) model the token follows: one live account per wallet. The mint is
//! created with `DefaultAccountState` frozen, so every token account starts frozen, and the issuer
//! PDA (the freeze authority) thaws only a wallet's associated token account, which Token-2022
//! creates with `ImmutableOwner`, and only while the registry verifies the wallet. A second
//! account of a wallet never thaws, and the live one can never change owner, so each wallet's
//! restrictions, registry entry, holder-count place and maximum balance apply to exactly one
//! account. This module holds what every instruction shares: the wallet's state in the hook
//! program (created and kept through the hook's controller instructions) and the freeze rule.

use anchor_lang::prelude::*;
use tokenrail_transfer_hook::client::associated_account;
use tokenrail_transfer_hook::{HolderState, Investor, InvestorStatus, TokenError};

use crate::instructions::token_cpi::{issuer_seeds, set_frozen};
use crate::state::Issuer;

/// `InvalidAccount` unless `account` is `wallet`'s associated token account of `mint`: the one
/// account of a wallet the issuer ever thaws or moves tokens into.
pub fn require_live_account(account: &Pubkey, wallet: &Pubkey, mint: &Pubkey) -> Result<()> {
    require_keys_eq!(
        *account,
        associated_account(wallet, mint),
        TokenError::InvalidAccount
    );
    Ok(())
}

/// Whether the registry verifies the wallet (its status; an expired KYC is the transfer checks'
/// business, not a reason to freeze an account that may still send).
pub fn verified(entry: Option<&Investor>) -> bool {
    entry.is_some_and(|e| e.status == InvestorStatus::Verified)
}

/// The accounts every call into the hook's wallet records takes.
pub struct HookRecord<'a, 'info> {
    /// The issuer (the policy's controller).
    pub issuer: &'a Account<'info, Issuer>,
    /// Pays rent for a new record.
    pub payer: AccountInfo<'info>,
    /// The hook's policy.
    pub policy: AccountInfo<'info>,
    /// The hook program.
    pub hook_program: AccountInfo<'info>,
    /// The system program.
    pub system_program: AccountInfo<'info>,
}

impl<'info> HookRecord<'_, 'info> {
    fn accounts(
        &self,
        holder: &AccountInfo<'info>,
    ) -> tokenrail_transfer_hook::cpi::accounts::SetHolderState<'info> {
        tokenrail_transfer_hook::cpi::accounts::SetHolderState {
            controller: self.issuer.to_account_info(),
            payer: self.payer.clone(),
            policy: self.policy.clone(),
            holder: holder.clone(),
            system_program: self.system_program.clone(),
        }
    }

    /// Records `wallet`'s balance in its holder state (created if missing), moving the holder
    /// count with it.
    pub fn note_balance(
        &self,
        holder: &AccountInfo<'info>,
        wallet: Pubkey,
        balance: u64,
    ) -> Result<()> {
        let seeds = issuer_seeds(self.issuer);
        let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
        let signer = [seeds.as_slice()];
        tokenrail_transfer_hook::cpi::note_balance(
            CpiContext::new_with_signer(self.hook_program.key(), self.accounts(holder), &signer),
            wallet,
            balance,
        )
    }

    /// Writes `wallet`'s frozen amount, lock-up and account freeze.
    pub fn set_restrictions(
        &self,
        holder: &AccountInfo<'info>,
        wallet: Pubkey,
        state: &HolderState,
    ) -> Result<()> {
        let seeds = issuer_seeds(self.issuer);
        let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
        let signer = [seeds.as_slice()];
        tokenrail_transfer_hook::cpi::set_holder_state(
            CpiContext::new_with_signer(self.hook_program.key(), self.accounts(holder), &signer),
            wallet,
            state.frozen_amount,
            state.locked_until,
            state.account_frozen,
        )
    }
}

/// Sets a live account's Token-2022 frozen state to what the model says: frozen while the agent
/// froze the wallet or the registry does not verify it, thawed otherwise.
pub fn apply_freeze_rule<'info>(
    account: &AccountInfo<'info>,
    currently_frozen: bool,
    mint: &AccountInfo<'info>,
    issuer: &Account<'info, Issuer>,
    holder: &HolderState,
    entry: Option<&Investor>,
) -> Result<()> {
    let frozen = holder.account_frozen || !verified(entry);
    if frozen != currently_frozen {
        set_frozen(account, mint, &issuer.to_account_info(), issuer, frozen)?;
    }
    Ok(())
}
