//! Tokenrail's ledger: every chain's events of a deployment in a real database, and what an
//! issuer reads from them (`docs/spec/events.md`).
//!
//! - [`event`]: the normalized record, one shape for every chain.
//! - [`store`]: SQLite (embedded default) or PostgreSQL, one schema with versioned migrations;
//!   each sync step is one transaction holding the events and the cursor that covers them.
//! - [`sync`] and one module per chain ([`evm`], [`solana`], [`cosmwasm`], [`ink`]): read a
//!   node through its ecosystem's own interface, exactly once, rolling back reorganisations.
//! - [`holdings`]: the one fold of a contract's events, kept by the store as checkpoints.
//! - [`views`]: cap table at any point, account history, reconciliation against the chain.
//! - [`vector_events`]: the rows in the shared vectors' terms, for every chain's vector runner.

#[cfg(feature = "cosmwasm")]
pub mod cosmwasm;
pub mod error;
pub mod event;
#[cfg(feature = "evm")]
pub mod evm;
pub mod holdings;
#[cfg(feature = "ink")]
pub mod ink;
#[cfg(feature = "solana")]
pub mod solana;
pub mod store;
pub mod sync;
pub mod vector_events;
pub mod views;

pub use error::{StoreError, ViewError};
pub use event::{EventData, EventRecord, Family, Position};
pub use store::{Access, At, Backend, Store};
pub use sync::{run_to_head, sync_to_head, Source, Step, SyncError, SyncOptions, SyncReport};
