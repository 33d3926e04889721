//! The extra accounts a `transfer_checked` of a Tokenrail asset token carries (what a wallet
//! resolves from the mint's validation account, `["extra-account-metas", mint]`), in its order.

use anchor_lang::prelude::{AccountMeta, Pubkey};

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
