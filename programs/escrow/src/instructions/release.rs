//! `release`: pay the next milestone to the beneficiary.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::EscrowError;
use crate::events::{EscrowCompleted, MilestoneReleased};
use crate::state::{Escrow, EscrowStatus};

#[event_cpi]
#[derive(Accounts)]
pub struct Release<'info> {
    /// Depositor or arbiter.
    pub caller: Signer<'info>,

    #[account(mut)]
    pub escrow: Box<Account<'info, Escrow>>,

    #[account(mut, address = escrow.vault @ EscrowError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = escrow.mint @ EscrowError::WrongAsset)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Any token account of the beneficiary for this mint.
    #[account(
        mut,
        constraint = beneficiary_token.mint == escrow.mint @ EscrowError::InvalidAccount,
        constraint = beneficiary_token.owner == escrow.beneficiary @ EscrowError::InvalidAccount,
    )]
    pub beneficiary_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = escrow.token_program @ EscrowError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Release>, milestone: u32) -> Result<()> {
    let escrow = &ctx.accounts.escrow;
    escrow.require_active()?;
    let caller = ctx.accounts.caller.key();
    require!(
        caller == escrow.depositor || escrow.is_arbiter(&caller),
        EscrowError::Unauthorized
    );
    let next = u32::from(escrow.next_milestone);
    require!(milestone >= next, EscrowError::MilestoneAlreadyReleased);
    require!(milestone == next, EscrowError::MilestoneOutOfOrder);
    require!(
        Clock::get()?.unix_timestamp < escrow.deadline,
        EscrowError::DeadlinePassed
    );

    let amount = escrow.milestones[next as usize];
    let escrow = &mut ctx.accounts.escrow;
    escrow.next_milestone += 1;
    escrow.released = escrow
        .released
        .checked_add(amount)
        .ok_or(EscrowError::AmountOverflow)?;
    let completed = escrow.next_milestone == escrow.milestone_count;
    if completed {
        escrow.status = EscrowStatus::Completed;
    }

    super::pay_from_vault(
        &ctx.accounts.escrow,
        &ctx.accounts.vault,
        &ctx.accounts.mint,
        &ctx.accounts.beneficiary_token,
        &ctx.accounts.token_program,
        amount,
    )?;
    let key = ctx.accounts.escrow.key();
    emit_cpi!(MilestoneReleased {
        escrow: key,
        milestone,
        amount,
        by: caller,
    });
    if completed {
        emit_cpi!(EscrowCompleted { escrow: key });
    }
    Ok(())
}
