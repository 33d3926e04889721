//! Tokenrail asset token for CosmWasm (`docs/spec/token.md`, `docs/spec/whitelist.md`).
//!
//! A cw20-compatible contract: every cw20 message and query this token supports keeps cw20's JSON
//! shape, so existing cw20 tooling works. On top of it: roles (admin, issuer, compliance agent,
//! pauser; none implicit), a supply cap, pause, whole-account and partial freezes, lock-ups,
//! forced transfer and recovery, metadata naming the legal document, and compliance rules checked
//! against an investor registry contract ([`cw_registry`]) on every path that moves a balance.
//!
//! Every check lives in [`checks`]; `CanTransfer` answers with the code the transfer would fail
//! with, computed by the same function.

pub mod checks;
pub mod contract;
pub mod documents;
pub mod msg;
pub mod state;

pub use cw_registry::ContractError;
