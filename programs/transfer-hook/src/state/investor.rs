//! Investor entries.

use anchor_lang::prelude::*;

/// An investor's status.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum InvestorStatus {
    /// May hold the token while the KYC is valid.
    Verified,
    /// Kept for audit; may neither receive nor send.
    Revoked,
}

/// One investor entry: `["investor", registry, wallet]`. Rent is paid by the agent that creates
/// it and refunded on removal.
#[account]
#[derive(InitSpace)]
pub struct Investor {
    /// The registry.
    pub registry: Pubkey,
    /// The investor's wallet (the owner of its token accounts).
    pub wallet: Pubkey,
    /// Status.
    pub status: InvestorStatus,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    pub jurisdiction: u16,
    /// Unix seconds; expired when `now ≥ kyc_expiry`.
    pub kyc_expiry: i64,
    /// PDA bump.
    pub bump: u8,
}

impl Investor {
    /// Whether the investor may hold the token at `now`.
    pub fn is_eligible(&self, now: i64) -> bool {
        self.status == InvestorStatus::Verified && now < self.kyc_expiry
    }
}
