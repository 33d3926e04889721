//! `refund` and `cancel`: both return funds to the depositor and share their accounts.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::EscrowError;
use crate::events::{EscrowCancelled, EscrowRefunded};
use crate::state::{Escrow, EscrowStatus};

#[event_cpi]
#[derive(Accounts)]
pub struct Settle<'info> {
    /// Refund: anyone after the deadline, the arbiter at any time. Cancel: the beneficiary.
    pub caller: Signer<'info>,

    #[account(mut)]
    pub escrow: Box<Account<'info, Escrow>>,

    #[account(mut, address = escrow.vault @ EscrowError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = escrow.mint @ EscrowError::WrongAsset)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Any token account of the depositor for this mint.
    #[account(
        mut,
        constraint = depositor_token.mint == escrow.mint @ EscrowError::InvalidAccount,
        constraint = depositor_token.owner == escrow.depositor @ EscrowError::InvalidAccount,
    )]
    pub depositor_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = escrow.token_program @ EscrowError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn refund_handler(ctx: Context<Settle>) -> Result<()> {
    let escrow = &ctx.accounts.escrow;
    escrow.require_active()?;
    let caller = ctx.accounts.caller.key();
    require!(
        escrow.is_arbiter(&caller) || Clock::get()?.unix_timestamp >= escrow.deadline,
        EscrowError::DeadlineNotReached
    );
    let amount = escrow.total - escrow.released;
    ctx.accounts.escrow.status = EscrowStatus::Refunded;
    pay_depositor(&ctx, amount)?;
    emit_cpi!(EscrowRefunded {
        escrow: ctx.accounts.escrow.key(),
        amount,
        by: caller,
    });
    Ok(())
}

pub fn cancel_handler(ctx: Context<Settle>) -> Result<()> {
    let escrow = &ctx.accounts.escrow;
    escrow.require_active()?;
    require!(
        ctx.accounts.caller.key() == escrow.beneficiary,
        EscrowError::Unauthorized
    );
    require!(escrow.released == 0, EscrowError::CancelAfterRelease);
    let amount = escrow.total;
    ctx.accounts.escrow.status = EscrowStatus::Cancelled;
    pay_depositor(&ctx, amount)?;
    emit_cpi!(EscrowCancelled {
        escrow: ctx.accounts.escrow.key(),
        amount,
    });
    Ok(())
}

fn pay_depositor(ctx: &Context<Settle>, amount: u64) -> Result<()> {
    super::pay_from_vault(
        &ctx.accounts.escrow,
        &ctx.accounts.vault,
        &ctx.accounts.mint,
        &ctx.accounts.depositor_token,
        &ctx.accounts.token_program,
        amount,
    )
}
