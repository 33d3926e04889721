//! The three closes: `close_cooperative` (a co-signed Close: pays at once), `close_unilateral`
//! (a co-signed State: starts the challenge period) and `close_without_state` (the timeout
//! refund on the unsigned nonce-0 state).

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use super::{settle_now, verify_message, PayoutAccounts, SignedClose, SignedState};
use crate::error::ChannelError;
use crate::events::ChannelClosing;
use crate::state::{Channel, ChannelStatus};

/// The accounts of an instruction that pays both parties out of the vault.
#[event_cpi]
#[derive(Accounts)]
pub struct Payout<'info> {
    #[account(mut)]
    pub channel: Box<Account<'info, Channel>>,

    #[account(mut, address = channel.vault @ ChannelError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = channel.mint @ ChannelError::InvalidAccount)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// Any token account of party A for the channel's mint.
    #[account(
        mut,
        constraint = a_token.owner == channel.a @ ChannelError::InvalidAccount,
        constraint = a_token.mint == channel.mint @ ChannelError::InvalidAccount,
    )]
    pub a_token: Box<InterfaceAccount<'info, TokenAccount>>,

    /// Any token account of party B for the channel's mint.
    #[account(
        mut,
        constraint = b_token.owner == channel.b @ ChannelError::InvalidAccount,
        constraint = b_token.mint == channel.mint @ ChannelError::InvalidAccount,
    )]
    pub b_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = channel.token_program @ ChannelError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,

    /// CHECK: the instructions sysvar, read by `close_cooperative` (`settle` ignores it); its
    /// address is checked where it is read.
    pub instructions: UncheckedAccount<'info>,
}

impl<'info> Payout<'info> {
    pub(crate) fn payout_accounts(&mut self) -> PayoutAccounts<'_, 'info> {
        PayoutAccounts {
            channel: &mut self.channel,
            vault: &self.vault,
            mint: &self.mint,
            a_token: &self.a_token,
            b_token: &self.b_token,
            token_program: &self.token_program,
        }
    }
}

/// The accounts of a unilateral close or a challenge.
#[event_cpi]
#[derive(Accounts)]
pub struct Dispute<'info> {
    /// Who submits: a party for a unilateral close, anyone for a challenge.
    pub caller: Signer<'info>,

    #[account(mut)]
    pub channel: Box<Account<'info, Channel>>,

    /// CHECK: the instructions sysvar; its address is checked where it is read.
    pub instructions: UncheckedAccount<'info>,
}

pub fn cooperative_handler(ctx: Context<Payout>, close: SignedClose) -> Result<()> {
    let channel = &ctx.accounts.channel;
    require!(channel.status == ChannelStatus::Open, ChannelError::NotOpen);
    verify_message(
        channel,
        (close.channel_id, close.epoch),
        close.message(),
        &ctx.accounts.instructions,
    )?;
    let settled = settle_now(ctx.accounts.payout_accounts(), close.sent_a, close.sent_b)?;
    emit_cpi!(settled);
    Ok(())
}

pub fn unilateral_handler(ctx: Context<Dispute>, state: Option<SignedState>) -> Result<()> {
    let channel = &ctx.accounts.channel;
    let by = ctx.accounts.caller.key();
    require!(channel.is_party(&by), ChannelError::Unauthorized);
    require!(channel.status == ChannelStatus::Open, ChannelError::NotOpen);
    let (nonce, sent_a, sent_b) = match state {
        Some(state) => {
            verify_message(
                channel,
                (state.channel_id, state.epoch),
                state.message(),
                &ctx.accounts.instructions,
            )?;
            channel.payouts(state.sent_a, state.sent_b)?;
            (state.nonce, state.sent_a, state.sent_b)
        }
        None => (0, 0, 0),
    };
    let deadline = Clock::get()?
        .unix_timestamp
        .saturating_add(channel.period as i64);
    let channel = &mut ctx.accounts.channel;
    channel.status = ChannelStatus::Closing;
    channel.nonce = nonce;
    channel.sent_a = sent_a;
    channel.sent_b = sent_b;
    channel.deadline = deadline;
    emit_cpi!(ChannelClosing {
        channel: channel.key(),
        epoch: channel.epoch,
        nonce,
        deadline,
        by,
    });
    Ok(())
}
