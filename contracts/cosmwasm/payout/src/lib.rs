//! Tokenrail batch payout for CosmWasm.
//!
//! Semantics are specified once in `docs/spec/payout.md`. One contract does both mechanisms, in
//! a native bank denom (funds attached) or a cw20 token (sent with `Send` whose payload is a
//! [`msg::ReceiveMsg`]):
//!
//! - **multi-send**: pays N recipients in one message, all or nothing;
//! - **Merkle distributions**: any number of funded distributions, each with a root over
//!   [`merkle::leaf`] leaves, claimed with proofs until the expiry, then clawed back.

pub mod contract;
pub mod error;
pub mod merkle;
pub mod msg;
pub mod state;

pub use crate::error::ContractError;
