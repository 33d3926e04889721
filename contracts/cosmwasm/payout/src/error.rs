//! Errors, tagged `[payout:<code> <Name>]` with the spec's numbered codes, which come from
//! `tokenrail-core` (one table for every chain).
//!
//! A CosmWasm client only ever sees an error as text, so every spec error's message starts with
//! core's tag, which the Rust bindings parse back into the numbered code.

use cosmwasm_std::StdError;
use thiserror::Error;
pub use tokenrail_core::payout::PayoutError;

/// Why a payout message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error (serialisation, storage); carries no spec code.
    #[error("{0}")]
    Std(#[from] StdError),
    /// A spec error and what exactly was wrong.
    #[error("{} {detail}", .code.tag())]
    Spec {
        /// The spec's code.
        code: PayoutError,
        /// Detail.
        detail: String,
    },
}

impl ContractError {
    /// The spec's numeric code, or `None` for errors outside the spec.
    pub fn code(&self) -> Option<u16> {
        match self {
            Self::Std(_) => None,
            Self::Spec { code, .. } => Some(code.code()),
        }
    }
}

/// A spec error with a detail message.
pub fn fail(code: PayoutError, detail: impl Into<String>) -> ContractError {
    ContractError::Spec {
        code,
        detail: detail.into(),
    }
}
