//! `deposit`: a party tops up an open channel.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::ChannelError;
use crate::events::Deposited;
use crate::state::{Channel, ChannelStatus};

#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,

    #[account(mut)]
    pub channel: Box<Account<'info, Channel>>,

    #[account(mut, address = channel.vault @ ChannelError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = channel.mint @ ChannelError::InvalidAccount)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The depositor's token account of the channel's mint.
    #[account(
        mut,
        token::mint = mint,
        token::authority = depositor,
        token::token_program = token_program,
    )]
    pub depositor_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = channel.token_program @ ChannelError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Deposit>, amount: u64) -> Result<()> {
    let channel = &ctx.accounts.channel;
    require!(channel.status == ChannelStatus::Open, ChannelError::NotOpen);
    let party = ctx.accounts.depositor.key();
    require!(channel.is_party(&party), ChannelError::Unauthorized);
    require!(amount > 0, ChannelError::ZeroAmount);
    // A mint's supply is a u64, so the vault can never hold more; checked all the same.
    let total = channel
        .deposit_a
        .checked_add(channel.deposit_b)
        .and_then(|t| t.checked_add(amount))
        .ok_or(ChannelError::FundsMismatch)?;

    let a = &mut *ctx.accounts;
    super::pull_into_vault(
        &mut a.vault,
        &a.mint,
        &a.depositor_token,
        &a.depositor,
        &a.token_program,
        amount,
    )?;

    let channel = &mut ctx.accounts.channel;
    if party == channel.a {
        channel.deposit_a += amount;
    } else {
        channel.deposit_b += amount;
    }
    emit_cpi!(Deposited {
        channel: channel.key(),
        party,
        amount,
        total,
    });
    Ok(())
}
