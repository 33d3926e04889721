//! `clawback`: after the expiry, move the unclaimed remainder to the clawback receiver.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::PayoutError;
use crate::events::Clawback as ClawbackEvent;
use crate::state::{Distribution, DistributionStatus};

#[event_cpi]
#[derive(Accounts)]
pub struct ClawbackRemainder<'info> {
    /// Anyone, once the distribution expired.
    pub caller: Signer<'info>,

    #[account(mut)]
    pub distribution: Box<Account<'info, Distribution>>,

    #[account(mut, address = distribution.vault @ PayoutError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = distribution.mint @ PayoutError::InvalidAccount)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Any token account of the clawback receiver for this mint.
    #[account(
        mut,
        constraint = receiver_token.mint == distribution.mint @ PayoutError::InvalidAccount,
        constraint = receiver_token.owner == distribution.clawback_receiver @ PayoutError::InvalidAccount,
    )]
    pub receiver_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = distribution.token_program @ PayoutError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<ClawbackRemainder>) -> Result<()> {
    let d = &ctx.accounts.distribution;
    require!(
        d.status == DistributionStatus::Open,
        PayoutError::ClawedBack
    );
    require!(
        Clock::get()?.unix_timestamp >= d.expiry,
        PayoutError::NotExpired
    );
    let remainder = d.total - d.claimed;
    ctx.accounts.distribution.status = DistributionStatus::ClawedBack;
    if remainder > 0 {
        super::pay_from_vault(
            &ctx.accounts.distribution,
            &ctx.accounts.vault,
            &ctx.accounts.mint,
            &ctx.accounts.receiver_token,
            &ctx.accounts.token_program,
            remainder,
        )?;
    }
    emit_cpi!(ClawbackEvent {
        distribution: ctx.accounts.distribution.key(),
        receiver: ctx.accounts.distribution.clawback_receiver,
        amount: remainder,
    });
    Ok(())
}
