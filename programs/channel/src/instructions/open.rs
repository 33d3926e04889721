//! `open`: validate, (re)initialise the channel and its vault, take the first deposit.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::constants::{CHANNEL_SEED, MAX_PERIOD, MIN_PERIOD, VAULT_SEED};
use crate::error::ChannelError;
use crate::events::ChannelOpened;
use crate::state::{Channel, ChannelStatus};

#[event_cpi]
#[derive(Accounts)]
#[instruction(counterparty: Pubkey)]
pub struct Open<'info> {
    /// Party A: deposits and pays rent.
    #[account(mut)]
    pub opener: Signer<'info>,

    /// The channel's mint (SPL Token or Token-2022).
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The opener's token account the deposit is taken from.
    #[account(
        mut,
        token::mint = mint,
        token::authority = opener,
        token::token_program = token_program,
    )]
    pub opener_token: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The channel; created on the first open and reused by every later epoch.
    #[account(
        init_if_needed,
        payer = opener,
        space = 8 + Channel::INIT_SPACE,
        seeds = [CHANNEL_SEED, opener.key().as_ref(), counterparty.as_ref(), mint.key().as_ref()],
        bump,
    )]
    pub channel: Box<Account<'info, Channel>>,

    /// The vault, owned by the channel PDA.
    #[account(
        init_if_needed,
        payer = opener,
        seeds = [VAULT_SEED, channel.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = channel,
        token::token_program = token_program,
    )]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<Open>,
    counterparty: Pubkey,
    amount: u64,
    period: u64,
    network: [u8; 32],
) -> Result<()> {
    crate::instructions::refuse_custody_risks(&ctx.accounts.mint.to_account_info())?;
    let opener = ctx.accounts.opener.key();
    require!(
        counterparty != Pubkey::default(),
        ChannelError::InvalidAddress
    );
    require!(counterparty != opener, ChannelError::SameParties);
    require!(amount > 0, ChannelError::ZeroAmount);
    require!(
        (MIN_PERIOD..=MAX_PERIOD).contains(&period),
        ChannelError::InvalidPeriod
    );
    let previous = &ctx.accounts.channel;
    // A fresh account reads as epoch 0; any later epoch must have settled.
    require!(
        previous.epoch == 0 || previous.status == ChannelStatus::Settled,
        ChannelError::ChannelOpen
    );
    let epoch = previous.epoch + 1;

    let a = &mut *ctx.accounts;
    super::pull_into_vault(
        &mut a.vault,
        &a.mint,
        &a.opener_token,
        &a.opener,
        &a.token_program,
        amount,
    )?;

    let channel_key = ctx.accounts.channel.key();
    ctx.accounts.channel.set_inner(Channel {
        a: opener,
        b: counterparty,
        mint: ctx.accounts.mint.key(),
        token_program: ctx.accounts.token_program.key(),
        vault: ctx.accounts.vault.key(),
        network,
        epoch,
        status: ChannelStatus::Open,
        period,
        deadline: 0,
        nonce: 0,
        deposit_a: amount,
        deposit_b: 0,
        sent_a: 0,
        sent_b: 0,
        bump: ctx.bumps.channel,
    });
    emit_cpi!(ChannelOpened {
        channel: channel_key,
        epoch,
        a: opener,
        b: counterparty,
        mint: ctx.accounts.mint.key(),
        amount,
        period,
        network,
    });
    Ok(())
}
