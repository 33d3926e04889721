//! Events, one per state change.

use anchor_lang::prelude::*;

/// Epoch `epoch` of a channel opened.
#[event]
pub struct ChannelOpened {
    pub channel: Pubkey,
    pub epoch: u64,
    pub a: Pubkey,
    pub b: Pubkey,
    pub mint: Pubkey,
    pub amount: u64,
    pub period: u64,
    pub network: [u8; 32],
}

/// A party deposited; the channel now holds `total` this epoch.
#[event]
pub struct Deposited {
    pub channel: Pubkey,
    pub party: Pubkey,
    pub amount: u64,
    pub total: u64,
}

/// A unilateral close started the challenge period.
#[event]
pub struct ChannelClosing {
    pub channel: Pubkey,
    pub epoch: u64,
    pub nonce: u64,
    pub deadline: i64,
    pub by: Pubkey,
}

/// A newer state replaced the recorded one.
#[event]
pub struct ChannelChallenged {
    pub channel: Pubkey,
    pub epoch: u64,
    pub nonce: u64,
}

/// An epoch paid out.
#[event]
pub struct ChannelSettled {
    pub channel: Pubkey,
    pub epoch: u64,
    pub balance_a: u64,
    pub balance_b: u64,
}
