//! Events, one per state change.

use anchor_lang::prelude::*;

/// A batch was paid.
#[event]
pub struct MultiSent {
    pub payer: Pubkey,
    pub mint: Pubkey,
    pub count: u32,
    pub total: u64,
}

/// A distribution was created and its vault funded.
#[event]
pub struct DistributionCreated {
    pub distribution: Pubkey,
    pub funder: Pubkey,
    pub mint: Pubkey,
    pub root: [u8; 32],
    pub total: u64,
    pub claims: u32,
    pub start: i64,
    pub expiry: i64,
    pub clawback_receiver: Pubkey,
}

/// A leaf was claimed.
#[event]
pub struct Claimed {
    pub distribution: Pubkey,
    pub index: u32,
    pub account: Pubkey,
    pub amount: u64,
}

/// The remainder went to the clawback receiver.
#[event]
pub struct Clawback {
    pub distribution: Pubkey,
    pub receiver: Pubkey,
    pub amount: u64,
}
