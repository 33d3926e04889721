//! Supply: `mint_tokens` (issuer role), the holder's `burn`, and `redeem` (issuer role). Token-2022
//! runs no hook on mints and burns, so these instructions make the checks and record each
//! wallet's new balance in its holder state (the holder count follows).

use anchor_lang::prelude::*;
use anchor_spl::token_2022::{Token2022, ID as TOKEN_2022};
use anchor_spl::token_interface::{Mint, TokenAccount};
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{
    check_limits, check_recipient, check_sender, load, HolderChange, HolderState, Investor,
    TokenError, TokenPolicy, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED,
};

use crate::instructions::token_cpi::{
    bypassing, invoke_as_issuer, is_paused, require_role, set_frozen,
};
use crate::instructions::wallets::{require_live_account, HookRecord};
use crate::state::{Issuer, Role};

/// Accounts of `mint_tokens`.
#[derive(Accounts)]
pub struct MintTokens<'info> {
    /// Holds the issuer role; pays rent for the recipient's record the first time.
    #[account(mut)]
    pub signer: Signer<'info>,
    /// CHECK: the signer's issuer-role grant (checked in the handler: `Unauthorized` if absent).
    pub role: UncheckedAccount<'info>,
    /// The issuer.
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The recipient's token account.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy of the mint.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the recipient's investor entry (an empty address if unregistered).
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), destination.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub destination_investor: UncheckedAccount<'info>,
    /// CHECK: the recipient's record in the hook program (created on first use).
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), destination.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub destination_holder: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates the recipient's record.
    pub system_program: Program<'info, System>,
}

/// An issuer mints to an eligible investor within the cap (not blocked by the pause). The
/// recipient's associated token account is onboarded on the way (thawed, as
/// `thaw_permissionless` would: the recipient checks passed), unless the agent froze it.
pub fn handle_mint_tokens(ctx: Context<MintTokens>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Issuer, &a.signer.key())?;
    a.policy.require_active()?;
    require!(amount > 0, TokenError::ZeroAmount);
    let supply = a.mint.supply;
    require!(
        supply
            .checked_add(amount)
            .is_some_and(|s| s <= a.issuer.cap),
        TokenError::CapExceeded
    );
    let wallet = a.destination.owner;
    require_live_account(&a.destination.key(), &wallet, &a.mint.key())?;
    let holder = load::<HolderState>(&a.destination_holder)?.unwrap_or_default();
    require!(!holder.account_frozen, TokenError::RecipientFrozen);
    let now = Clock::get()?.unix_timestamp;
    let entry = load::<Investor>(&a.destination_investor)?;
    check_recipient(&a.policy.rules, now, entry.as_ref())?;
    let before = a.destination.amount;
    check_limits(
        &a.policy,
        before,
        amount,
        HolderChange::of(None, &holder, amount),
    )?;
    let (mint, issuer_info) = (a.mint.to_account_info(), a.issuer.to_account_info());
    let destination = a.destination.to_account_info();
    let issuer = &a.issuer;
    if a.destination.is_frozen() {
        set_frozen(&destination, &mint, &issuer_info, issuer, false)?;
    }
    bypassing(&mint, &issuer_info, issuer, &[], || {
        let ix = spl_token_2022_interface::instruction::mint_to_checked(
            &TOKEN_2022,
            &mint.key(),
            &destination.key(),
            &issuer_info.key(),
            &[],
            amount,
            a.mint.decimals,
        )?;
        invoke_as_issuer(
            &ix,
            &[mint.clone(), destination.clone(), issuer_info.clone()],
            issuer,
        )
    })?;
    HookRecord {
        issuer,
        payer: a.signer.to_account_info(),
        policy: a.policy.to_account_info(),
        hook_program: a.hook_program.to_account_info(),
        system_program: a.system_program.to_account_info(),
    }
    .note_balance(
        &a.destination_holder.to_account_info(),
        wallet,
        before + amount,
    )
}

/// Accounts of `burn` and `redeem`.
#[derive(Accounts)]
pub struct Burn<'info> {
    /// The holder (`burn`) or a holder of the issuer role (`redeem`).
    #[account(mut)]
    pub signer: Signer<'info>,
    /// CHECK: for `redeem`, the signer's issuer-role grant; ignored by `burn`.
    pub role: UncheckedAccount<'info>,
    /// The issuer.
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The token account burned from.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy of the mint.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the holder's investor entry (an empty address if unregistered).
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), source.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_investor: UncheckedAccount<'info>,
    /// CHECK: the holder's record in the hook program.
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), source.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_holder: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates a missing record.
    pub system_program: Program<'info, System>,
}

/// Burns through the permanent delegate (the issuer PDA) and records the holder's new balance.
fn burn_as_delegate(a: &Burn, amount: u64) -> Result<()> {
    let (mint, issuer_info) = (a.mint.to_account_info(), a.issuer.to_account_info());
    let source = a.source.to_account_info();
    let issuer = &a.issuer;
    let frozen = a.source.is_frozen();
    bypassing(&mint, &issuer_info, issuer, &[(&source, frozen)], || {
        let ix = spl_token_2022_interface::instruction::burn_checked(
            &TOKEN_2022,
            &source.key(),
            &mint.key(),
            &issuer_info.key(),
            &[],
            amount,
            a.mint.decimals,
        )?;
        invoke_as_issuer(
            &ix,
            &[source.clone(), mint.clone(), issuer_info.clone()],
            issuer,
        )
    })?;
    HookRecord {
        issuer,
        payer: a.signer.to_account_info(),
        policy: a.policy.to_account_info(),
        hook_program: a.hook_program.to_account_info(),
        system_program: a.system_program.to_account_info(),
    }
    .note_balance(
        &a.source_holder.to_account_info(),
        a.source.owner,
        a.source.amount - amount,
    )
}

/// The holder burns its own tokens: pause, freeze, lock-up, balance, frozen amount and its
/// registry entry are checked. (Token-2022's own `burn` runs no hook and checks none of this;
/// see the spec's Solana notes.)
pub fn handle_burn(ctx: Context<Burn>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_keys_eq!(a.source.owner, a.signer.key(), TokenError::Unauthorized);
    a.policy.require_active()?;
    require!(amount > 0, TokenError::ZeroAmount);
    require!(!is_paused(&a.mint.to_account_info())?, TokenError::Paused);
    let holder = load::<HolderState>(&a.source_holder)?.unwrap_or_default();
    require!(!holder.account_frozen, TokenError::SenderFrozen);
    let now = Clock::get()?.unix_timestamp;
    let entry = load::<Investor>(&a.source_investor)?;
    check_sender(
        &a.policy.rules,
        now,
        &holder,
        entry.as_ref(),
        a.source.amount,
        amount,
    )?;
    // Frozen otherwise: a wallet never onboarded (the registry verifies one that was revoked
    // and re-frozen: `check_sender` refused it above).
    require!(!a.source.is_frozen(), TokenError::NotOnboarded);
    burn_as_delegate(a, amount)
}

/// An issuer burns from a holder (e.g. at maturity): only the balance and the frozen amount are
/// checked; pause, freezes, lock-up and the registry are bypassed.
pub fn handle_redeem(ctx: Context<Burn>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Issuer, &a.signer.key())?;
    a.policy.require_active()?;
    require!(amount > 0, TokenError::ZeroAmount);
    let balance = a.source.amount;
    require!(amount <= balance, TokenError::InsufficientBalance);
    let frozen = load::<HolderState>(&a.source_holder)?.map_or(0, |h| h.frozen_amount);
    require!(
        amount <= balance.saturating_sub(frozen),
        TokenError::InsufficientUnfrozenBalance
    );
    burn_as_delegate(a, amount)
}
