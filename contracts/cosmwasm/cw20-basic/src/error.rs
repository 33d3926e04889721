//! Errors of the cw20 token.

use cosmwasm_std::StdError;
use thiserror::Error;

/// Why a cw20 message failed.
#[derive(Error, Debug)]
pub enum ContractError {
    /// A lower-level error (address validation, serialisation, …).
    #[error("{0}")]
    Std(#[from] StdError),
    /// Zero-amount transfers are refused, as in cw20-base.
    #[error("invalid zero amount")]
    InvalidZeroAmount,
    /// The sender's balance is too small.
    #[error("insufficient funds: balance {balance}, required {required}")]
    InsufficientFunds {
        /// Current balance.
        balance: u128,
        /// Amount asked for.
        required: u128,
    },
}
