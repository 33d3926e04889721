//! `settle`: pay the recorded state once the challenge period is over.

use anchor_lang::prelude::*;

use super::{settle_now, Payout};
use crate::error::ChannelError;
use crate::state::ChannelStatus;

pub fn handler(ctx: Context<Payout>) -> Result<()> {
    let channel = &ctx.accounts.channel;
    require!(
        channel.status == ChannelStatus::Closing,
        ChannelError::NotClosing
    );
    require!(
        Clock::get()?.unix_timestamp >= channel.deadline,
        ChannelError::ChallengePeriodActive
    );
    let (sent_a, sent_b) = (channel.sent_a, channel.sent_b);
    let settled = settle_now(ctx.accounts.payout_accounts(), sent_a, sent_b)?;
    emit_cpi!(settled);
    Ok(())
}
