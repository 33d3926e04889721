//! Off-chain helpers: the PDAs of a hooked mint and the extra accounts a `transfer_checked` of
//! it must carry (what a wallet resolves from the validation account).

use anchor_lang::prelude::{AccountMeta, Pubkey};

use crate::constants::{EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED};

/// A PDA of this program.
pub fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &crate::ID).0
}

/// The mint's policy.
pub fn policy_address(mint: &Pubkey) -> Pubkey {
    pda(&[POLICY_SEED, mint.as_ref()])
}

/// The mint's validation account.
pub fn extra_account_metas_address(mint: &Pubkey) -> Pubkey {
    pda(&[EXTRA_ACCOUNT_METAS_SEED, mint.as_ref()])
}

/// A wallet's investor entry in a registry.
pub fn investor_address(registry: &Pubkey, wallet: &Pubkey) -> Pubkey {
    pda(&[INVESTOR_SEED, registry.as_ref(), wallet.as_ref()])
}

/// A wallet's state on a mint (restrictions and its place in the holder count).
pub fn holder_address(mint: &Pubkey, wallet: &Pubkey) -> Pubkey {
    pda(&[HOLDER_SEED, mint.as_ref(), wallet.as_ref()])
}

/// The accounts to append to a `transfer_checked` of `mint` from a token account owned by
/// `source_owner` to one owned by `destination_owner`, in the validation account's order, then
/// the hook program and the validation account.
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
        AccountMeta::new_readonly(crate::ID, false),
        AccountMeta::new_readonly(extra_account_metas_address(mint), false),
    ]
}

/// A wallet's associated token account of a Token-2022 `mint`: under the Token ACL model the
/// only account of the wallet the issuer thaws.
pub fn associated_account(wallet: &Pubkey, mint: &Pubkey) -> Pubkey {
    crate::instructions::policy_admin::associated_account(wallet, mint)
}
