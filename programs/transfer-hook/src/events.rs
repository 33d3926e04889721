//! Events.

use anchor_lang::prelude::*;

use crate::state::InvestorStatus;

/// An investor entry was added or updated.
#[event]
pub struct InvestorUpdated {
    /// The registry.
    pub registry: Pubkey,
    /// The investor's wallet.
    pub wallet: Pubkey,
    /// Status.
    pub status: InvestorStatus,
    /// Jurisdiction.
    pub jurisdiction: u16,
    /// KYC expiry (Unix seconds).
    pub kyc_expiry: i64,
}

/// An investor entry was removed.
#[event]
pub struct InvestorRemoved {
    /// The registry.
    pub registry: Pubkey,
    /// The investor's wallet.
    pub wallet: Pubkey,
}

/// A mint's rules changed.
#[event]
pub struct RulesUpdated {
    /// The mint.
    pub mint: Pubkey,
}

/// A mint's policy was deactivated, for good.
#[event]
pub struct PolicyDeactivated {
    /// The mint.
    pub mint: Pubkey,
}

/// A holder's restrictions changed.
#[event]
pub struct HolderStateSet {
    /// The mint.
    pub mint: Pubkey,
    /// The wallet.
    pub wallet: Pubkey,
    /// Its frozen amount.
    pub frozen_amount: u64,
    /// Its lock-up.
    pub locked_until: i64,
    /// Frozen by the compliance agent.
    pub account_frozen: bool,
}

/// A transfer signed by the forced authority bypassed the compliance checks.
#[event]
pub struct ForcedTransferObserved {
    /// The mint.
    pub mint: Pubkey,
    /// Source token account.
    pub source: Pubkey,
    /// Destination token account.
    pub destination: Pubkey,
    /// Amount.
    pub amount: u64,
}
