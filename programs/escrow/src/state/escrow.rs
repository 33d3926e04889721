//! The escrow account.

use anchor_lang::prelude::*;

use crate::constants::MAX_MILESTONES;

/// Lifecycle state.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum EscrowStatus {
    /// Funded; milestones may be released.
    Active,
    /// Every milestone was released.
    Completed,
    /// The remainder went back to the depositor.
    Refunded,
    /// The beneficiary cancelled before any release.
    Cancelled,
}

/// One escrow; a PDA at `["escrow", depositor, id_le_bytes]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Escrow {
    /// Depositor-chosen id, part of the PDA seeds.
    pub id: u64,
    /// Funder; receives refunds.
    pub depositor: Pubkey,
    /// Receives released milestones.
    pub beneficiary: Pubkey,
    /// Optional arbiter.
    pub arbiter: Option<Pubkey>,
    /// The escrowed mint.
    pub mint: Pubkey,
    /// The token program owning `mint` (SPL Token or Token-2022).
    pub token_program: Pubkey,
    /// The vault token account (PDA `["vault", escrow]`).
    pub vault: Pubkey,
    /// Milestone amounts; entries past `milestone_count` are zero.
    pub milestones: [u64; MAX_MILESTONES],
    /// Number of milestones.
    pub milestone_count: u8,
    /// Index of the next milestone to release.
    pub next_milestone: u8,
    /// Sum of released milestones.
    pub released: u64,
    /// Sum of all milestones.
    pub total: u64,
    /// Unix seconds.
    pub deadline: i64,
    /// Lifecycle state.
    pub status: EscrowStatus,
    /// Bump of the escrow PDA.
    pub bump: u8,
}

impl Escrow {
    /// Signer seeds of this escrow PDA.
    pub fn signer_seeds(&self) -> [Vec<u8>; 4] {
        [
            crate::constants::ESCROW_SEED.to_vec(),
            self.depositor.to_bytes().to_vec(),
            self.id.to_le_bytes().to_vec(),
            vec![self.bump],
        ]
    }

    /// Fails unless the escrow is active.
    pub fn require_active(&self) -> Result<()> {
        require!(
            self.status == EscrowStatus::Active,
            crate::EscrowError::NotActive
        );
        Ok(())
    }

    /// Whether `key` is this escrow's arbiter.
    pub fn is_arbiter(&self, key: &Pubkey) -> bool {
        self.arbiter.as_ref() == Some(key)
    }
}
