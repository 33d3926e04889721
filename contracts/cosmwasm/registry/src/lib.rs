//! Tokenrail investor registry for CosmWasm (`docs/spec/whitelist.md`).
//!
//! One entry per investor address (status, ISO 3166-1 numeric jurisdiction, KYC expiry), written
//! by registry agents. Asset tokens (`cw-asset-token`) query it on every balance-moving path; one
//! registry may serve several tokens of different issuers.
//!
//! The crate also holds what the token shares with it: [`roles`] (one admin with a two-step
//! transfer, role sets, no implicit role) and [`ContractError`] (the token spec's numbered codes,
//! tagged `[token:<code> <Name>]` in every message).

pub mod contract;
pub mod error;
pub mod msg;
pub mod roles;
pub mod state;

pub use crate::error::ContractError;
