//! Errors, mapped 1:1 onto the spec's numbered codes by [`ContractError::code`].
//!
//! A CosmWasm client only ever sees an error as text, so every spec error's message starts with
//! the tag `[payout:<code> <Name>]`, which the Rust bindings parse back into the numbered code.

use cosmwasm_std::StdError;
use thiserror::Error;

/// Why a payout message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error (serialisation, storage); carries no spec code.
    #[error("{0}")]
    Std(#[from] StdError),
    /// Spec code 1.
    #[error("[payout:1 LengthMismatch] {recipients} recipients but {amounts} amounts")]
    LengthMismatch {
        /// Number of recipients.
        recipients: usize,
        /// Number of amounts.
        amounts: usize,
    },
    /// Spec code 2.
    #[error("[payout:2 EmptyBatch] a batch needs at least one recipient")]
    EmptyBatch,
    /// Spec code 3.
    #[error("[payout:3 ZeroAmount] amount at index {0} is zero")]
    ZeroAmount(usize),
    /// Spec code 4.
    #[error("[payout:4 DuplicateRecipient] recipient at index {0} appears earlier in the batch")]
    DuplicateRecipient(usize),
    /// Spec code 5.
    #[error("[payout:5 TotalMismatch] expected {sum}, but {declared} was declared or attached")]
    TotalMismatch {
        /// Sum of the amounts (`u128::MAX` if it overflows), or the declared total when the
        /// attached funds are what differs.
        sum: u128,
        /// The declared total or the funds that came with the batch.
        declared: u128,
    },
    /// Spec code 6.
    #[error("[payout:6 InvalidSchedule] start must be before expiry, expiry in the future, total positive")]
    InvalidSchedule,
    /// Spec code 7.
    #[error("[payout:7 FundsMismatch] received {received}, expected {expected}")]
    FundsMismatch {
        /// The distribution's total.
        expected: u128,
        /// What came with the message.
        received: u128,
    },
    /// Spec code 8.
    #[error("[payout:8 DistributionNotFound] distribution {0} not found")]
    DistributionNotFound(u64),
    /// Spec code 9.
    #[error("[payout:9 NotStarted] distribution {0} has not started")]
    NotStarted(u64),
    /// Spec code 10.
    #[error("[payout:10 Expired] distribution {0} has expired")]
    Expired(u64),
    /// Spec code 11.
    #[error("[payout:11 AlreadyClaimed] index {1} of distribution {0} was already claimed")]
    AlreadyClaimed(u64, u32),
    /// Spec code 12.
    #[error(
        "[payout:12 InvalidProof] the proof does not verify against the root of distribution {0}"
    )]
    InvalidProof(u64),
    /// Spec code 13.
    #[error("[payout:13 ExceedsTotal] the claim exceeds what distribution {0} was funded with")]
    ExceedsTotal(u64),
    /// Spec code 14.
    #[error("[payout:14 NotExpired] distribution {0} has not expired")]
    NotExpired(u64),
    /// Spec code 15.
    #[error("[payout:15 ClawedBack] distribution {0} was clawed back")]
    ClawedBack(u64),
    /// Spec code 16.
    #[error("[payout:16 InvalidAddress] invalid address `{0}`: {1}")]
    InvalidAddress(String, String),
    /// Spec code 5 or 7 (`code`): coins no total can match (several, or beyond 128 bits).
    #[error("[payout:{} {}] {detail}", *code as u16, code.name())]
    UnusableFunds {
        /// Which code the operation answers for wrong funds.
        code: FundsCode,
        /// What was attached.
        detail: String,
    },
}

/// The code an operation answers for attached funds it cannot use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundsCode {
    /// A multi-send: the funds must equal the declared total.
    TotalMismatch = 5,
    /// Everything else: the funds must equal the distribution's total, or be none.
    FundsMismatch = 7,
}

impl FundsCode {
    /// The code's name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            FundsCode::TotalMismatch => "TotalMismatch",
            FundsCode::FundsMismatch => "FundsMismatch",
        }
    }
}

impl ContractError {
    /// The spec's numeric code, or `None` for errors outside the spec.
    pub fn code(&self) -> Option<u16> {
        Some(match self {
            Self::Std(_) => return None,
            Self::LengthMismatch { .. } => 1,
            Self::EmptyBatch => 2,
            Self::ZeroAmount(_) => 3,
            Self::DuplicateRecipient(_) => 4,
            Self::TotalMismatch { .. } => 5,
            Self::InvalidSchedule => 6,
            Self::FundsMismatch { .. } => 7,
            Self::DistributionNotFound(_) => 8,
            Self::NotStarted(_) => 9,
            Self::Expired(_) => 10,
            Self::AlreadyClaimed(..) => 11,
            Self::InvalidProof(_) => 12,
            Self::ExceedsTotal(_) => 13,
            Self::NotExpired(_) => 14,
            Self::ClawedBack(_) => 15,
            Self::InvalidAddress(..) => 16,
            Self::UnusableFunds { code, .. } => *code as u16,
        })
    }
}
