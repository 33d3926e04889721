//! Calls into Token-2022 and the transfer hook signed by the issuer PDA, and the account reads
//! several instructions share.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::{invoke, invoke_signed};
use anchor_spl::token_2022::ID as TOKEN_2022;
use spl_token_2022_interface::extension::pausable::PausableConfig;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use tokenrail_transfer_hook::TokenError;

use crate::constants::{ISSUER_SEED, ROLE_SEED};
use crate::state::{Issuer, Role};

/// The issuer PDA's signer seeds.
pub fn issuer_seeds(issuer: &Issuer) -> [Vec<u8>; 3] {
    [
        ISSUER_SEED.to_vec(),
        issuer.mint.to_bytes().to_vec(),
        vec![issuer.bump],
    ]
}

/// Runs `ix` with the issuer PDA signing.
pub fn invoke_as_issuer<'info>(
    ix: &Instruction,
    infos: &[AccountInfo<'info>],
    issuer: &Issuer,
) -> Result<()> {
    let seeds = issuer_seeds(issuer);
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    invoke_signed(ix, infos, &[&seeds]).map_err(Into::into)
}

/// `Unauthorized` unless `role_account` is the live grant of `role` to `who` for `issuer`.
/// (A missing grant is an empty address, reported as the spec's code rather than Anchor's.)
pub fn require_role(
    role_account: &AccountInfo,
    issuer: &Pubkey,
    role: Role,
    who: &Pubkey,
) -> Result<()> {
    let (expected, _) = Pubkey::find_program_address(
        &[ROLE_SEED, issuer.as_ref(), &[role.seed()], who.as_ref()],
        &crate::ID,
    );
    require_keys_eq!(role_account.key(), expected, TokenError::Unauthorized);
    require!(
        role_account.owner == &crate::ID && !role_account.data_is_empty(),
        TokenError::Unauthorized
    );
    Ok(())
}

/// Whether the mint is paused (Pausable extension).
pub fn is_paused(mint: &AccountInfo) -> Result<bool> {
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data)?;
    Ok(state
        .get_extension::<PausableConfig>()
        .is_ok_and(|p| bool::from(p.paused)))
}

/// Pauses (`true`) or resumes the mint as its pause authority.
pub fn set_paused<'info>(
    mint: &AccountInfo<'info>,
    issuer_info: &AccountInfo<'info>,
    issuer: &Issuer,
    paused: bool,
) -> Result<()> {
    use spl_token_2022_interface::extension::pausable::instruction::{pause, resume};
    let build = if paused { pause } else { resume };
    let ix = build(&TOKEN_2022, &mint.key(), &issuer_info.key(), &[])?;
    invoke_as_issuer(&ix, &[mint.clone(), issuer_info.clone()], issuer)
}

/// Freezes (`true`) or thaws a token account as the mint's freeze authority.
pub fn set_frozen<'info>(
    account: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    issuer_info: &AccountInfo<'info>,
    issuer: &Issuer,
    frozen: bool,
) -> Result<()> {
    use spl_token_2022_interface::instruction::{freeze_account, thaw_account};
    let build = if frozen { freeze_account } else { thaw_account };
    let ix = build(
        &TOKEN_2022,
        &account.key(),
        &mint.key(),
        &issuer_info.key(),
        &[],
    )?;
    invoke_as_issuer(
        &ix,
        &[account.clone(), mint.clone(), issuer_info.clone()],
        issuer,
    )
}

/// Runs `act` with the pause lifted and the given accounts thawed, restoring both after: the
/// paths the spec lets bypass pause and freezes (mint, redemption, forced transfer, recovery)
/// still go through Token-2022, which enforces both itself.
pub fn bypassing<'info>(
    mint: &AccountInfo<'info>,
    issuer_info: &AccountInfo<'info>,
    issuer: &Issuer,
    frozen_accounts: &[(&AccountInfo<'info>, bool)],
    act: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let paused = is_paused(mint)?;
    if paused {
        set_paused(mint, issuer_info, issuer, false)?;
    }
    for (account, frozen) in frozen_accounts {
        if *frozen {
            set_frozen(account, mint, issuer_info, issuer, false)?;
        }
    }
    act()?;
    for (account, frozen) in frozen_accounts {
        if *frozen {
            set_frozen(account, mint, issuer_info, issuer, true)?;
        }
    }
    if paused {
        set_paused(mint, issuer_info, issuer, true)?;
    }
    Ok(())
}

/// The accounts of a hooked `transfer_checked`: the four Token-2022 takes, then the hook's extra
/// accounts with their writability, in the validation account's order.
pub struct HookedTransfer<'a, 'info> {
    /// Source token account.
    pub source: &'a AccountInfo<'info>,
    /// The mint.
    pub mint: &'a AccountInfo<'info>,
    /// Destination token account.
    pub destination: &'a AccountInfo<'info>,
    /// The owner, a delegate, or the permanent delegate (the issuer PDA).
    pub authority: &'a AccountInfo<'info>,
    /// Policy, both investor entries, both restrictions, hook program, validation account.
    pub extras: [(AccountInfo<'info>, bool); 7],
}

impl HookedTransfer<'_, '_> {
    /// Runs the transfer; `issuer` signs as the permanent delegate when given, otherwise the
    /// authority signed the outer instruction.
    pub fn invoke(self, amount: u64, decimals: u8, issuer: Option<&Issuer>) -> Result<()> {
        let mut ix = spl_token_2022_interface::instruction::transfer_checked(
            &TOKEN_2022,
            &self.source.key(),
            &self.mint.key(),
            &self.destination.key(),
            &self.authority.key(),
            &[],
            amount,
            decimals,
        )?;
        let mut infos = vec![
            self.source.clone(),
            self.mint.clone(),
            self.destination.clone(),
            self.authority.clone(),
        ];
        for (info, writable) in self.extras {
            ix.accounts.push(if writable {
                AccountMeta::new(info.key(), false)
            } else {
                AccountMeta::new_readonly(info.key(), false)
            });
            infos.push(info);
        }
        match issuer {
            Some(issuer) => invoke_as_issuer(&ix, &infos, issuer),
            None => invoke(&ix, &infos).map_err(Into::into),
        }
    }
}
