//! Tokenrail's capabilities as Rust traits, one per capability, each implemented for every
//! chain on top of that chain's generated bindings (`tokenrail-evm`, `tokenrail-solana`,
//! `tokenrail-cosmwasm`, `tokenrail-ink`). A dapp writes its flow once against a trait and runs
//! it on any chain; failures carry the spec's numbered codes.
//!
//! The traits are synchronous: the EVM implementation drives its alloy provider on a runtime of
//! its own, the others block on their transports.
//!
//! Each chain family is a cargo feature (`evm`, `solana`, `cosmwasm`, `ink`; all on by
//! default), and each family's clients talk to one small seam: the EVM clients to any alloy
//! provider, the Solana clients to a [`solana::SolanaLedger`] over a
//! [`solana::SolanaBackend`], the CosmWasm clients to a [`cosmwasm::CwLedger`] over a
//! [`cosmwasm::CwBackend`], the ink! clients to an [`ink::InkLedger`] over an
//! [`ink::InkBackend`]. This crate implements each seam for the real network's JSON-RPC (a
//! Solana cluster, a Cosmos chain's CometBFT RPC, a Substrate node through subxt);
//! `tokenrail-devnet` implements them for the embedded development chains.
//!
//! Capabilities: [`EscrowClient`] (`docs/spec/escrow.md`), [`TokenClient`] (`docs/spec/token.md`,
//! `docs/spec/whitelist.md`), [`PayoutClient`] (`docs/spec/payout.md`) and [`ChannelClient`]
//! (`docs/spec/channel.md`); [`Clock`] moves a chain's time where the client can. [`Suite`]
//! puts one chain's four clients together with named signers, and each family's `deploy`
//! module deploys the contracts and records where they are.

pub mod channel;
pub mod escrow;
pub mod payout;
pub mod suite;
pub mod token;

#[cfg(feature = "cosmwasm")]
pub mod cosmwasm;
#[cfg(feature = "evm")]
pub mod evm;
#[cfg(feature = "ink")]
pub mod ink;
#[cfg(feature = "solana")]
pub mod solana;

pub mod error;
pub use error::{ClientError, LedgerError};

/// The result of a capability call.
pub type Result<T, E> = std::result::Result<T, ClientError<E>>;

pub use channel::{ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
pub use escrow::{EscrowClient, EscrowError, EscrowState, EscrowStatus, NewEscrow};
pub use payout::{NewDistribution, PayoutClient, PayoutError};
pub use suite::{Named, Suite};
pub use token::{Investor, TokenClient, TokenError, TokenTerms};

/// The clock of a chain whose time the client can move: the embedded chains, and an EVM
/// development node (`anvil`'s `evm_increaseTime`). Deadlines, expiries and challenge periods
/// are tested by moving it.
pub trait Clock {
    /// The chain's current time in Unix seconds (what the next transaction sees).
    fn now(&mut self) -> std::result::Result<u64, LedgerError>;
    /// Moves the chain's time forward by `seconds`.
    fn advance(&mut self, seconds: u64) -> std::result::Result<(), LedgerError>;
}
