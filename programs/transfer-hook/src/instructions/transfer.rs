//! The hook itself (`execute`, called by Token-2022 inside every transfer of the mint) and its
//! dry run (`check_transfer`, the spec's `can_transfer`). Both take the accounts Token-2022
//! resolves from the validation account, and run the same compliance function.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount};
use spl_token_2022_interface::extension::pausable::PausableConfig;
use spl_token_2022_interface::extension::transfer_hook::TransferHookAccount;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};

use crate::constants::{EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED};
use crate::error::TokenError;
use crate::events::ForcedTransferObserved;
use crate::state::{HolderState, Investor, InvestorStatus, Rules, TokenPolicy};

/// The accounts of the interface's `Execute`, then the extra accounts of
/// [`crate::instructions::policy_admin::extra_account_metas`].
#[derive(Accounts)]
pub struct Execute<'info> {
    /// Source token account.
    #[account(token::mint = mint, token::token_program = anchor_spl::token_2022::ID)]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hooked mint.
    #[account(mint::token_program = anchor_spl::token_2022::ID)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// Destination token account.
    #[account(token::mint = mint, token::token_program = anchor_spl::token_2022::ID)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: the source's owner or delegate, as Token-2022 passes it; compared with the
    /// policy's forced authority.
    pub authority: UncheckedAccount<'info>,
    /// CHECK: the validation account (only its address is checked: Token-2022 read it).
    #[account(seeds = [EXTRA_ACCOUNT_METAS_SEED, mint.key().as_ref()], bump)]
    pub extra_account_meta_list: UncheckedAccount<'info>,
    /// The mint's policy.
    #[account(mut, seeds = [POLICY_SEED, mint.key().as_ref()], bump = policy.bump)]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the sender's investor entry, or an empty address if unregistered.
    #[account(seeds = [INVESTOR_SEED, policy.registry.as_ref(), source.owner.as_ref()], bump)]
    pub source_investor: UncheckedAccount<'info>,
    /// CHECK: the recipient's investor entry, or an empty address if unregistered.
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), destination.owner.as_ref()],
        bump,
    )]
    pub destination_investor: UncheckedAccount<'info>,
    /// CHECK: the sender's restrictions, or an empty address if it has none.
    #[account(mut, seeds = [HOLDER_SEED, mint.key().as_ref(), source.owner.as_ref()], bump)]
    pub source_holder: UncheckedAccount<'info>,
    /// CHECK: the recipient's restrictions, or an empty address if it has none.
    #[account(mut, seeds = [HOLDER_SEED, mint.key().as_ref(), destination.owner.as_ref()], bump)]
    pub destination_holder: UncheckedAccount<'info>,
}

/// Deserialises an account of this program that may not exist yet (its address is checked by
/// the caller). Public for the issuer program, which reads the same accounts.
pub fn load<T: AccountDeserialize>(info: &AccountInfo) -> Result<Option<T>> {
    if info.owner != &crate::ID || info.data_is_empty() {
        return Ok(None);
    }
    Ok(Some(T::try_deserialize(&mut &info.try_borrow_data()?[..])?))
}

/// Whether Token-2022 flagged `account` as in the middle of a transfer.
fn transferring(account: &AccountInfo) -> Result<bool> {
    let data = account.try_borrow_data()?;
    let state = StateWithExtensions::<spl_token_2022_interface::state::Account>::unpack(&data)?;
    Ok(state
        .get_extension::<TransferHookAccount>()
        .is_ok_and(|e| bool::from(e.transferring)))
}

/// Balances before the movement.
struct Before {
    source: u64,
    destination: u64,
}

/// The sender's checks, in the spec's order: lock-up, balance, unfrozen balance, registry.
/// Shared with the issuer program's `burn`.
pub fn check_sender(
    rules: &Rules,
    now: i64,
    holder: &HolderState,
    investor: Option<&Investor>,
    balance_before: u64,
    amount: u64,
) -> Result<()> {
    require!(now >= holder.locked_until, TokenError::LockedUp);
    require!(amount <= balance_before, TokenError::InsufficientBalance);
    require!(
        amount <= balance_before.saturating_sub(holder.frozen_amount),
        TokenError::InsufficientUnfrozenBalance
    );
    match investor {
        Some(e) if e.status == InvestorStatus::Verified => require!(
            now < e.kyc_expiry || !rules.expired_kyc_blocks_sending,
            TokenError::SenderKycExpired
        ),
        _ => return err!(TokenError::SenderNotVerified),
    }
    Ok(())
}

/// The recipient's registry checks. Shared with the issuer program's `mint` and `recover`.
pub fn check_recipient(rules: &Rules, now: i64, investor: Option<&Investor>) -> Result<()> {
    match investor {
        Some(e) if e.status == InvestorStatus::Verified => {
            require!(now < e.kyc_expiry, TokenError::RecipientKycExpired);
            require!(
                rules.admits(e.jurisdiction),
                TokenError::JurisdictionNotAllowed
            );
            Ok(())
        }
        _ => err!(TokenError::RecipientNotVerified),
    }
}

/// How a movement changes the holder set: whether the recipient joins it (it is not counted yet
/// and receives something) and whether the sender leaves it (it is counted and sends everything).
#[derive(Clone, Copy, Debug, Default)]
pub struct HolderChange {
    /// The recipient becomes a holder.
    pub joins: bool,
    /// The sender stops being one.
    pub leaves: bool,
}

impl HolderChange {
    /// The change of moving `amount` from a wallet holding `source_before` (`None` for a mint)
    /// to one whose record is `destination`.
    pub fn of(source: Option<(&HolderState, u64)>, destination: &HolderState, amount: u64) -> Self {
        HolderChange {
            joins: amount > 0 && !destination.counted,
            leaves: amount > 0 && source.is_some_and(|(h, before)| h.counted && before == amount),
        }
    }
}

/// The limits for `amount` reaching a recipient that held `destination_before`, with the holder
/// set changing by `change`. Shared with the issuer's `mint`.
pub fn check_limits(
    policy: &TokenPolicy,
    destination_before: u64,
    amount: u64,
    change: HolderChange,
) -> Result<()> {
    let rules = &policy.rules;
    require!(
        rules.max_balance == 0 || destination_before.saturating_add(amount) <= rules.max_balance,
        TokenError::MaxBalanceExceeded
    );
    if rules.max_holders > 0 && change.joins {
        require!(
            policy.holders + 1 - u32::from(change.leaves) <= rules.max_holders,
            TokenError::MaxHoldersReached
        );
    }
    Ok(())
}

/// The checks that Token-2022's own transfer does not make, from the lock-up on (the order of
/// `docs/spec/token.md`): lock-up, balance, unfrozen balance, sender, recipient, limits.
fn compliance(a: &Execute, before: &Before, amount: u64, now: i64) -> Result<()> {
    let rules = &a.policy.rules;
    let source = load::<HolderState>(&a.source_holder)?.unwrap_or_default();
    let sender = load::<Investor>(&a.source_investor)?;
    check_sender(rules, now, &source, sender.as_ref(), before.source, amount)?;
    check_recipient(
        rules,
        now,
        load::<Investor>(&a.destination_investor)?.as_ref(),
    )?;
    if a.source.key() == a.destination.key() {
        return Ok(());
    }
    let destination = load::<HolderState>(&a.destination_holder)?.unwrap_or_default();
    let change = HolderChange::of(Some((&source, before.source)), &destination, amount);
    check_limits(&a.policy, before.destination, amount, change)
}

/// Records a wallet's balance after the movement in its holder state, which must exist: every
/// account that can take part in a transfer was thawed through the issuer program, which creates
/// it (a missing one is refused rather than counted by guess).
fn note(info: &AccountInfo, balance: u64, holders: &mut u32) -> Result<()> {
    let mut holder = load::<HolderState>(info)?.ok_or(TokenError::InvalidAccount)?;
    holder.note_balance(balance, holders)?;
    let mut data = info.try_borrow_mut_data()?;
    holder.try_serialize(&mut &mut data[..])
}

/// The hook: Token-2022 calls it after moving `amount` from source to destination, inside
/// `transfer_checked`. It rejects being called any other way, lets the forced authority (the
/// permanent delegate) through, checks everything else, and keeps the holder count.
pub fn handle_execute(ctx: Context<Execute>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require!(
        transferring(&a.source.to_account_info())?
            && transferring(&a.destination.to_account_info())?,
        TokenError::NotInTransfer
    );
    // The issuer keeps a deactivated mint paused; this holds even for another controller.
    a.policy.require_active()?;
    // A zero amount is a normal transfer, as SPL Token has it: every other check applies.
    let same = a.source.key() == a.destination.key();
    let (source_after, destination_after) = (a.source.amount, a.destination.amount);
    let before = if same {
        Before {
            source: source_after,
            destination: destination_after,
        }
    } else {
        Before {
            source: source_after + amount,
            destination: destination_after - amount,
        }
    };
    if a.authority.key() == a.policy.forced_authority {
        if let Some(mut holder) = load::<HolderState>(&a.source_holder)? {
            if holder.frozen_amount > source_after {
                holder.frozen_amount = source_after;
                let info = a.source_holder.to_account_info();
                let mut data = info.try_borrow_mut_data()?;
                holder.try_serialize(&mut &mut data[..])?;
            }
        }
        emit!(ForcedTransferObserved {
            mint: a.mint.key(),
            source: a.source.key(),
            destination: a.destination.key(),
            amount,
        });
    } else {
        compliance(a, &before, amount, Clock::get()?.unix_timestamp)?;
    }
    if !same {
        let a = &mut *ctx.accounts;
        let holders = &mut a.policy.holders;
        note(&a.source_holder.to_account_info(), source_after, holders)?;
        note(
            &a.destination_holder.to_account_info(),
            destination_after,
            holders,
        )?;
    }
    Ok(())
}

/// Every check of a transfer of `amount` from source to destination signed by the source's
/// owner, as of now, in the order a real transfer meets them: Token-2022's own checks first, in
/// Token-2022's order (sender frozen, balance, pause, recipient frozen), then the hook's
/// (lock-up, unfrozen balance, sender, recipient, limits), which Token-2022 skips for a transfer
/// to the same account. Both differences from the spec are in its Solana notes. A zero amount is
/// a normal transfer (SPL Token's rule).
///
/// Token-2022's frozen state has three causes under the Token ACL model, and the dry run names
/// the spec's reason for each: the agent's freeze (`SenderFrozen`, `RecipientFrozen`); a wallet
/// the registry no longer verifies, re-frozen by `freeze_permissionless` (the registry's own code,
/// at the registry's place in the order); and a wallet never onboarded (`NotOnboarded`, when
/// nothing else fails).
fn all_checks(a: &Execute, amount: u64, now: i64) -> Result<()> {
    // First of all: a client reads Token-2022's refusal of a deactivated (and so paused) mint
    // as this code (`docs/spec/token.md`, Solana).
    a.policy.require_active()?;
    let source = load::<HolderState>(&a.source_holder)?.unwrap_or_default();
    let destination = load::<HolderState>(&a.destination_holder)?.unwrap_or_default();
    require!(
        !(a.source.is_frozen() && source.account_frozen),
        TokenError::SenderFrozen
    );
    require!(amount <= a.source.amount, TokenError::InsufficientBalance);
    let mint_info = a.mint.to_account_info();
    let data = mint_info.try_borrow_data()?;
    let mint = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data)?;
    let paused = mint
        .get_extension::<PausableConfig>()
        .is_ok_and(|p| bool::from(p.paused));
    require!(!paused, TokenError::Paused);
    require!(
        !(a.destination.is_frozen() && destination.account_frozen),
        TokenError::RecipientFrozen
    );
    let not_onboarded = a.source.is_frozen() || a.destination.is_frozen();
    if a.source.key() == a.destination.key() {
        // Token-2022 completes a transfer to the same account here, without calling the hook.
        require!(!not_onboarded, TokenError::NotOnboarded);
        return Ok(());
    }
    let before = Before {
        source: a.source.amount,
        destination: a.destination.amount,
    };
    compliance(a, &before, amount, now)?;
    require!(!not_onboarded, TokenError::NotOnboarded);
    Ok(())
}

/// The dry run: writes the code a transfer of `amount` would fail with now (0: allowed) as
/// return data (a little-endian `u16`; read it from a simulated transaction).
pub fn handle_check_transfer(ctx: Context<Execute>, amount: u64) -> Result<()> {
    let code: u16 = match all_checks(ctx.accounts, amount, Clock::get()?.unix_timestamp) {
        Ok(()) => 0,
        Err(Error::AnchorError(e)) if e.error_code_number > 6000 => {
            (e.error_code_number - 6000) as u16
        }
        Err(e) => return Err(e),
    };
    super::set_return_data(&code.to_le_bytes());
    Ok(())
}
