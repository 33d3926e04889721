//! `batch_transfer`: a holder pays several recipients in one instruction, all or nothing, each
//! leg a Token-2022 `transfer_checked` (so the hook runs on every leg).

use anchor_lang::prelude::*;
use anchor_spl::token_2022::{Token2022, ID as TOKEN_2022};
use anchor_spl::token_interface::{Mint, TokenAccount};
use spl_token_2022_interface::extension::StateWithExtensions;
use tokenrail_transfer_hook::client::{holder_address, investor_address};
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{
    check_recipient, check_sender, load, HolderState, Investor, TokenError, TokenPolicy,
    EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED,
};

use crate::instructions::token_cpi::{is_paused, HookedTransfer};

/// Accounts per leg in the remaining accounts: the recipient's token account, its owner's
/// investor entry and its owner's record in the hook program (writable: the holder count).
pub const ACCOUNTS_PER_LEG: usize = 3;

/// Accounts of `batch_transfer`; the legs' accounts follow as remaining accounts.
#[derive(Accounts)]
pub struct BatchTransfer<'info> {
    /// The holder paying every leg.
    pub owner: Signer<'info>,
    /// The mint.
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The holder's token account.
    #[account(
        mut,
        token::mint = mint,
        token::authority = owner,
        token::token_program = token_program,
    )]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the holder's investor entry.
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), owner.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_investor: UncheckedAccount<'info>,
    /// CHECK: the holder's restrictions.
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), owner.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_holder: UncheckedAccount<'info>,
    /// CHECK: the hook's validation account.
    #[account(
        seeds = [EXTRA_ACCOUNT_METAS_SEED, mint.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub extra_account_meta_list: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
}

/// Pays `amounts[i]` to leg `i`'s token account, in order, on the balances earlier legs left.
/// Token-2022's own checks (pause, freezes, balance) are made first so that a leg fails with the
/// spec's code; the hook makes the rest inside each transfer.
pub fn handle_batch_transfer<'info>(
    ctx: Context<'info, BatchTransfer<'info>>,
    amounts: Vec<u64>,
) -> Result<()> {
    ctx.accounts.policy.require_active()?;
    require!(!amounts.is_empty(), TokenError::EmptyBatch);
    let legs = ctx.remaining_accounts;
    require!(
        legs.len() == amounts.len() * ACCOUNTS_PER_LEG,
        TokenError::LengthMismatch
    );
    let a = &ctx.accounts;
    let mint = a.mint.key();
    let registry = a.policy.registry;
    let paused = is_paused(&a.mint.to_account_info())?;
    let now = Clock::get()?.unix_timestamp;
    let sender = load::<HolderState>(&a.source_holder)?.unwrap_or_default();
    let sender_entry = load::<Investor>(&a.source_investor)?;
    let mut balance = a.source.amount;
    for (leg, amount) in legs.chunks(ACCOUNTS_PER_LEG).zip(amounts) {
        let (destination, investor, holder) = (&leg[0], &leg[1], &leg[2]);
        require!(destination.owner == &TOKEN_2022, TokenError::InvalidAccount);
        let (recipient, recipient_frozen) = {
            let data = destination.try_borrow_data()?;
            let account =
                StateWithExtensions::<spl_token_2022_interface::state::Account>::unpack(&data)?;
            require_keys_eq!(account.base.mint, mint, TokenError::InvalidAccount);
            (account.base.owner, account.base.is_frozen())
        };
        require_keys_eq!(
            investor.key(),
            investor_address(&registry, &recipient),
            TokenError::InvalidAccount
        );
        require_keys_eq!(
            holder.key(),
            holder_address(&mint, &recipient),
            TokenError::InvalidAccount
        );
        // A zero leg is a normal transfer, as SPL Token has it (every other check applies).
        let recipient_state = load::<HolderState>(holder)?.unwrap_or_default();
        require!(!paused, TokenError::Paused);
        require!(
            !(a.source.is_frozen() && sender.account_frozen),
            TokenError::SenderFrozen
        );
        require!(
            !(recipient_frozen && recipient_state.account_frozen),
            TokenError::RecipientFrozen
        );
        require!(amount <= balance, TokenError::InsufficientBalance);
        if a.source.is_frozen() || recipient_frozen {
            // Token-2022 would refuse the frozen account without a reason: name the spec's, as
            // the hook's dry run does (a registry that stopped verifying the wallet, or a wallet
            // never onboarded).
            let rules = &a.policy.rules;
            check_sender(rules, now, &sender, sender_entry.as_ref(), balance, amount)?;
            check_recipient(rules, now, load::<Investor>(investor)?.as_ref())?;
            return err!(TokenError::NotOnboarded);
        }
        let (source, mint_info) = (a.source.to_account_info(), a.mint.to_account_info());
        let owner = a.owner.to_account_info();
        HookedTransfer {
            source: &source,
            mint: &mint_info,
            destination,
            authority: &owner,
            extras: [
                (a.policy.to_account_info(), true),
                (a.source_investor.to_account_info(), false),
                (investor.clone(), false),
                (a.source_holder.to_account_info(), true),
                (holder.clone(), true),
                (a.hook_program.to_account_info(), false),
                (a.extra_account_meta_list.to_account_info(), false),
            ],
        }
        .invoke(amount, a.mint.decimals, None)?;
        if destination.key() != a.source.key() {
            balance -= amount;
        }
    }
    Ok(())
}
