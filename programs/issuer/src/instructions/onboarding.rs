//! Onboarding and offboarding a wallet, as the Token ACL (sRFC-37) model has it: anyone may thaw
//! a wallet's associated token account while the registry verifies the wallet
//! (`thaw_permissionless`, so wallets and dapps onboard themselves), and anyone may freeze it
//! again once the registry stops verifying it (`freeze_permissionless`, so a revocation takes
//! effect without the issuer's keys). Neither needs a role: each only applies what the registry
//! already says. The agent's own freeze is a separate decision neither can undo.

use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};
use tokenrail_transfer_hook::client::associated_account;
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{
    load, HolderState, Investor, InvestorStatus, TokenError, TokenPolicy, HOLDER_SEED,
    INVESTOR_SEED, POLICY_SEED,
};

use crate::instructions::token_cpi::set_frozen;
use crate::instructions::wallets::{verified, HookRecord};
use crate::state::Issuer;

/// Accounts of `thaw_permissionless` and `freeze_permissionless`.
#[derive(Accounts)]
pub struct Onboard<'info> {
    /// Anyone; pays rent for the wallet's record the first time it is onboarded.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The issuer (the mint's freeze authority).
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: the wallet; any address (its entry and account are derived from it).
    pub wallet: UncheckedAccount<'info>,
    /// The wallet's associated token account: its only account that ever thaws.
    #[account(
        mut,
        token::mint = mint,
        token::authority = wallet,
        token::token_program = token_program,
        address = associated_account(&wallet.key(), &mint.key()) @ TokenError::InvalidAccount,
    )]
    pub account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy (the holder count).
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the wallet's investor entry (an empty address if unregistered).
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), wallet.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub investor: UncheckedAccount<'info>,
    /// CHECK: the wallet's record in the hook program (created on onboarding).
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), wallet.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub holder: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates the wallet's record.
    pub system_program: Program<'info, System>,
}

/// Thaws the wallet's associated token account: the registry must verify the wallet with a valid
/// KYC (`RecipientNotVerified`, `RecipientKycExpired`, as receiving would answer) and the agent
/// must not have frozen it (`RecipientFrozen`). Creates the wallet's record in the hook program.
/// Idempotent for an onboarded wallet.
pub fn handle_thaw_permissionless(ctx: Context<Onboard>) -> Result<()> {
    let a = &ctx.accounts;
    match load::<Investor>(&a.investor)? {
        Some(e) if e.status == InvestorStatus::Verified => require!(
            Clock::get()?.unix_timestamp < e.kyc_expiry,
            TokenError::RecipientKycExpired
        ),
        _ => return err!(TokenError::RecipientNotVerified),
    }
    let holder = load::<HolderState>(&a.holder)?.unwrap_or_default();
    require!(!holder.account_frozen, TokenError::RecipientFrozen);
    let record = HookRecord {
        issuer: &a.issuer,
        payer: a.payer.to_account_info(),
        policy: a.policy.to_account_info(),
        hook_program: a.hook_program.to_account_info(),
        system_program: a.system_program.to_account_info(),
    };
    record.note_balance(
        &a.holder.to_account_info(),
        a.wallet.key(),
        a.account.amount,
    )?;
    if a.account.is_frozen() {
        set_frozen(
            &a.account.to_account_info(),
            &a.mint.to_account_info(),
            &a.issuer.to_account_info(),
            &a.issuer,
            false,
        )?;
    }
    Ok(())
}

/// Freezes the wallet's associated token account once the registry no longer verifies the wallet
/// (revoked or removed); `Unauthorized` while it does (only the agent freezes a verified wallet).
/// Idempotent for a frozen account.
pub fn handle_freeze_permissionless(ctx: Context<Onboard>) -> Result<()> {
    let a = &ctx.accounts;
    let entry = load::<Investor>(&a.investor)?;
    require!(!verified(entry.as_ref()), TokenError::Unauthorized);
    if !a.account.is_frozen() {
        set_frozen(
            &a.account.to_account_info(),
            &a.mint.to_account_info(),
            &a.issuer.to_account_info(),
            &a.issuer,
            true,
        )?;
    }
    Ok(())
}
