//! cw20 for cosmwasm-std 3.
//!
//! cw-plus has not released `cw20`/`cw20-base` for cosmwasm-std 3, so this
//! crate carries the cw20 wire types Tokenrail contracts speak (JSON-identical
//! to cw-plus, so existing cw20 tooling and tokens interoperate) and a minimal
//! cw20 token: balances, `transfer`, `send` and `burn`. It is the asset of the
//! escrow tests; the full issuer token is a separate contract.

pub mod contract;
pub mod error;
pub mod msg;
pub mod state;

pub use crate::error::ContractError;
pub use crate::msg::{Cw20Coin, Cw20ExecuteMsg, Cw20ReceiveMsg};
