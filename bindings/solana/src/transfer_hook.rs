//! The extra accounts a `transfer_checked` of a Tokenrail asset token carries (what a wallet
//! resolves from the mint's validation account, `["extra-account-metas", mint]`), in its order,
//! and what Token-2022's own refusals of such a transfer mean in the spec's terms.

use anchor_lang::prelude::{AccountMeta, Pubkey};
use spl_token_2022_interface::error::TokenError as Token2022Error;
use tokenrail_core::token::TokenError;

use crate::addresses::{
    extra_account_metas_address, holder_address, investor_address, policy_address,
};

/// The accounts to append to a `transfer_checked` of `mint` from a token account owned by
/// `source_owner` to one owned by `destination_owner`: the policy (writable: the holder count),
/// both investor entries, both wallets' records (writable), then the hook program and the
/// validation account.
pub fn transfer_extra_accounts(
    mint: &Pubkey,
    registry: &Pubkey,
    source_owner: &Pubkey,
    destination_owner: &Pubkey,
) -> Vec<AccountMeta> {
    vec![
        AccountMeta::new(policy_address(mint), false),
        AccountMeta::new_readonly(investor_address(registry, source_owner), false),
        AccountMeta::new_readonly(investor_address(registry, destination_owner), false),
        AccountMeta::new(holder_address(mint, source_owner), false),
        AccountMeta::new(holder_address(mint, destination_owner), false),
        AccountMeta::new_readonly(crate::tokenrail_transfer_hook::ID, false),
        AccountMeta::new_readonly(extra_account_metas_address(mint), false),
    ]
}

/// Who signed a refused `transfer_checked`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferSigner {
    /// The source account's owner.
    Owner,
    /// Anyone else, with the amount the source account delegates to it (`None` when the
    /// account's delegate is someone else, or nobody).
    Spender {
        /// The delegated amount, when the signer is the account's delegate.
        delegated: Option<u64>,
    },
}

/// The spec's code for Token-2022's refusal `code` of a `transfer_checked` of `amount`, or
/// `None` when the code is not one Token-2022 answers for a spec rule (the caller reports it
/// as it is). Token-2022 checks the pause, the account freeze and the balance before the hook
/// runs, and answers without the hook's reason; `dry_run` (the hook's `check_transfer`, asked
/// only when needed) tells a deactivated token from a paused one, and names which of the
/// agent's freeze, a registry that stopped verifying the wallet, or no onboarding froze an
/// account. The one mapper every client (the SDK, the vector runner) uses.
pub fn token_2022_refusal<E>(
    code: u32,
    signer: TransferSigner,
    amount: u64,
    dry_run: impl FnOnce() -> Result<u16, E>,
) -> Result<Option<TokenError>, E> {
    let is = |e: Token2022Error| code == e as u32;
    Ok(if is(Token2022Error::MintPaused) {
        // A deactivated token is paused for good.
        Some(match dry_run()? {
            c if c == TokenError::Deactivated.code() => TokenError::Deactivated,
            _ => TokenError::Paused,
        })
    } else if is(Token2022Error::AccountFrozen) {
        TokenError::from_code(dry_run()?)
    } else if is(Token2022Error::OwnerMismatch) {
        // A signer that is neither the owner nor the delegate has no allowance.
        matches!(signer, TransferSigner::Spender { delegated: None })
            .then_some(TokenError::InsufficientAllowance)
    } else if is(Token2022Error::InsufficientFunds) {
        Some(match signer {
            TransferSigner::Spender {
                delegated: Some(approved),
            } if amount > approved => TokenError::InsufficientAllowance,
            _ => TokenError::InsufficientBalance,
        })
    } else {
        None
    })
}
