//! Errors of the registry and of the asset token, mapped onto the token spec's numbered codes.
//!
//! A CosmWasm client only ever sees an error as text, so every spec error's message starts with
//! the tag `[token:<code> <Name>]` (`TokenError::tag`), which the Rust bindings parse back into
//! the numbered code. The codes themselves come from `tokenrail-core`, so the contract cannot
//! drift from the spec's table.

use cosmwasm_std::StdError;
use thiserror::Error;
pub use tokenrail_core::token::TokenError;

/// Why a registry or token message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error (serialisation, storage, a failed query); carries no spec code.
    #[error("{0}")]
    Std(#[from] StdError),
    /// Funds came with a message that takes none; carries no spec code.
    #[error("{0}")]
    Payment(#[from] cw_utils::PaymentError),
    /// A spec error: its code and a human-readable detail.
    #[error("{} {detail}", .code.tag())]
    Spec {
        /// The spec's code.
        code: TokenError,
        /// What exactly was wrong.
        detail: String,
    },
}

impl ContractError {
    /// A spec error with a detail message.
    pub fn spec(code: TokenError, detail: impl Into<String>) -> Self {
        Self::Spec {
            code,
            detail: detail.into(),
        }
    }

    /// The spec's numeric code, or `None` for errors outside the spec.
    pub fn code(&self) -> Option<u16> {
        match self {
            Self::Std(_) | Self::Payment(_) => None,
            Self::Spec { code, .. } => Some(code.code()),
        }
    }
}

impl From<TokenError> for ContractError {
    fn from(code: TokenError) -> Self {
        Self::spec(code, "")
    }
}
