//! Tokenrail milestone escrow for CosmWasm.
//!
//! Semantics are specified once in `docs/spec/escrow.md`; this contract holds
//! any number of escrows, each in one asset: a native bank denom (funds
//! attached to `create`) or a cw20 token (sent with `Send` whose payload is
//! [`msg::ReceiveMsg::Create`]).

pub mod contract;
pub mod error;
pub mod msg;
pub mod state;

pub use crate::error::ContractError;
