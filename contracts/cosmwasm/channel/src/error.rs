//! Errors, tagged `[channel:<code> <Name>]` with the spec's numbered codes (`tokenrail-core`).

use cosmwasm_std::StdError;
use thiserror::Error;
pub use tokenrail_core::channel::ChannelError;

/// Why a channel message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error; carries no spec code.
    #[error("{0}")]
    Std(#[from] StdError),
    /// A spec error and what exactly was wrong.
    #[error("{} {detail}", .code.tag())]
    Spec {
        /// The spec's code.
        code: ChannelError,
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
pub fn fail(code: ChannelError, detail: impl Into<String>) -> ContractError {
    ContractError::Spec {
        code,
        detail: detail.into(),
    }
}
