//! Payout planning for issuers: turns a holders file into a validated list of
//! recipients and a Merkle distribution plan, and verifies plans.
//!
//! - [`address`]: per-chain address formats (EIP-55, base58 public keys,
//!   bech32 with a given prefix, SS58).
//! - [`amount`]: base units or decimals with a fixed number of decimals; never
//!   floating point.
//! - [`input`]: the `address,amount` CSV, with every bad row reported by line.
//! - [`plan`]: Merkle distribution plans (OpenZeppelin `standard-v1` on EVM),
//!   written atomically, and their verification.
//! - [`chain_plan`]: `tokenrail-v1` plans for CosmWasm and ink! distributors.
//! - [`split`]: a direct payout cut into transaction-sized multi-send batches.
//! - [`files`]: the atomic, synced file write every output goes through.

pub mod address;
pub mod amount;
pub mod chain_plan;
pub mod files;
pub mod input;
pub mod plan;
pub mod split;

pub use address::{Address, AddressError, Chain};
