//! Errors, mapped 1:1 onto the spec's numbered codes by [`ContractError::code`].
//!
//! A CosmWasm client only ever sees an error as text, so every spec error's
//! message starts with the tag `[escrow:<code> <Name>]`, which the Rust
//! bindings parse back into the numbered code.

use cosmwasm_std::StdError;
use thiserror::Error;

/// Why an escrow message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error (serialisation, storage); carries no spec code.
    #[error("{0}")]
    Std(#[from] StdError),
    /// Spec code 1.
    #[error("[escrow:1 Unauthorized] unauthorized")]
    Unauthorized,
    /// Spec code 2.
    #[error("[escrow:2 InvalidParties] beneficiary equals depositor, or arbiter equals a party")]
    InvalidParties,
    /// Spec code 3.
    #[error("[escrow:3 InvalidMilestones] an escrow needs 1 to 16 milestones")]
    InvalidMilestones,
    /// Spec code 4.
    #[error("[escrow:4 ZeroAmount] milestone amounts must be positive")]
    ZeroAmount,
    /// Spec code 5.
    #[error("[escrow:5 AmountOverflow] milestone total overflows")]
    AmountOverflow,
    /// Spec code 6.
    #[error("[escrow:6 DeadlineNotInFuture] deadline must be after the current block time")]
    DeadlineNotInFuture,
    /// Spec code 7.
    #[error("[escrow:7 FundsMismatch] funds received ({received}) differ from the milestone total ({expected})")]
    FundsMismatch {
        /// Milestone total.
        expected: u128,
        /// Funds received.
        received: u128,
    },
    /// Spec code 8.
    #[error("[escrow:8 WrongAsset] wrong asset: {0}")]
    WrongAsset(String),
    /// Spec code 9.
    #[error("[escrow:9 EscrowNotFound] escrow {0} not found")]
    EscrowNotFound(u64),
    /// Spec code 10.
    #[error("[escrow:10 NotActive] escrow {0} is not active")]
    NotActive(u64),
    /// Spec code 11.
    #[error("[escrow:11 MilestoneOutOfOrder] milestone {1} of escrow {0} is not the next one")]
    MilestoneOutOfOrder(u64, u32),
    /// Spec code 12.
    #[error(
        "[escrow:12 MilestoneAlreadyReleased] milestone {1} of escrow {0} was already released"
    )]
    MilestoneAlreadyReleased(u64, u32),
    /// Spec code 13.
    #[error("[escrow:13 DeadlinePassed] escrow {0} is past its deadline")]
    DeadlinePassed(u64),
    /// Spec code 14.
    #[error("[escrow:14 DeadlineNotReached] escrow {0} has not reached its deadline")]
    DeadlineNotReached(u64),
    /// Spec code 15.
    #[error(
        "[escrow:15 CancelAfterRelease] escrow {0} has released milestones and cannot be cancelled"
    )]
    CancelAfterRelease(u64),
    /// Spec code 16.
    #[error("[escrow:16 InvalidAddress] invalid address `{0}`: {1}")]
    InvalidAddress(String, String),
}

impl ContractError {
    /// The spec's numeric code, or `None` for errors outside the spec.
    pub fn code(&self) -> Option<u16> {
        Some(match self {
            Self::Std(_) => return None,
            Self::Unauthorized => 1,
            Self::InvalidParties => 2,
            Self::InvalidMilestones => 3,
            Self::ZeroAmount => 4,
            Self::AmountOverflow => 5,
            Self::DeadlineNotInFuture => 6,
            Self::FundsMismatch { .. } => 7,
            Self::WrongAsset(_) => 8,
            Self::EscrowNotFound(_) => 9,
            Self::NotActive(_) => 10,
            Self::MilestoneOutOfOrder(..) => 11,
            Self::MilestoneAlreadyReleased(..) => 12,
            Self::DeadlinePassed(_) => 13,
            Self::DeadlineNotReached(_) => 14,
            Self::CancelAfterRelease(_) => 15,
            Self::InvalidAddress(..) => 16,
        })
    }
}
