//! Events, one per state change.

use anchor_lang::prelude::*;

/// An escrow was created and its vault funded.
#[event]
pub struct EscrowCreated {
    pub escrow: Pubkey,
    pub depositor: Pubkey,
    pub beneficiary: Pubkey,
    pub arbiter: Option<Pubkey>,
    pub mint: Pubkey,
    pub total: u64,
    pub deadline: i64,
    /// The milestone amounts in release order (as every chain's creation event carries them).
    pub milestones: Vec<u64>,
}

/// A milestone went to the beneficiary.
#[event]
pub struct MilestoneReleased {
    pub escrow: Pubkey,
    pub milestone: u32,
    pub amount: u64,
    pub by: Pubkey,
}

/// The last milestone was released.
#[event]
pub struct EscrowCompleted {
    pub escrow: Pubkey,
}

/// The remainder went back to the depositor.
#[event]
pub struct EscrowRefunded {
    pub escrow: Pubkey,
    pub amount: u64,
    pub by: Pubkey,
}

/// The beneficiary cancelled; everything went back.
#[event]
pub struct EscrowCancelled {
    pub escrow: Pubkey,
    pub amount: u64,
}

/// The depositor closed a settled escrow and its vault, reclaiming their rent.
#[event]
pub struct EscrowClosed {
    pub escrow: Pubkey,
    /// What the vault still held (sent after settlement), paid to the depositor.
    pub remainder: u64,
}
