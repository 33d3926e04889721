//! `challenge`: replace the recorded state with a newer co-signed State before the deadline.

use anchor_lang::prelude::*;

use super::{verify_message, Dispute, SignedState};
use crate::error::ChannelError;
use crate::events::ChannelChallenged;
use crate::state::ChannelStatus;

pub fn handler(ctx: Context<Dispute>, state: SignedState) -> Result<()> {
    let channel = &ctx.accounts.channel;
    require!(
        channel.status == ChannelStatus::Closing,
        ChannelError::NotClosing
    );
    require!(
        Clock::get()?.unix_timestamp < channel.deadline,
        ChannelError::ChallengePeriodOver
    );
    verify_message(
        channel,
        (state.channel_id, state.epoch),
        state.message(),
        &ctx.accounts.instructions,
    )?;
    // Replay protection keys on the nonce, never on signature bytes.
    require!(state.nonce > channel.nonce, ChannelError::StaleNonce);
    channel.payouts(state.sent_a, state.sent_b)?;
    let channel = &mut ctx.accounts.channel;
    channel.nonce = state.nonce;
    channel.sent_a = state.sent_a;
    channel.sent_b = state.sent_b;
    emit_cpi!(ChannelChallenged {
        channel: channel.key(),
        epoch: channel.epoch,
        nonce: state.nonce,
    });
    Ok(())
}
