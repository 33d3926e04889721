//! Tokenrail's capabilities as Rust traits, one per capability, each implemented for every
//! chain on top of that chain's generated bindings (`tokenrail-evm`, `tokenrail-solana`,
//! `tokenrail-cosmwasm`, `tokenrail-ink`). A dapp writes its flow once against a trait and runs
//! it on any chain; failures carry the spec's numbered codes.
//!
//! The traits are synchronous: the embedded chains are, and the EVM implementation drives its
//! alloy provider on a runtime of its own.
//!
//! Backends: the EVM implementation talks to any JSON-RPC endpoint (tested against `anvil`);
//! the Solana implementation to a [`solana::SolanaLedger`], the embedded chain
//! (solana-program-test with the real SPL programs) or a cluster's JSON-RPC (tested against a
//! JSON-RPC front over program-test); the CosmWasm implementation to a
//! [`cosmwasm::CwLedger`], the embedded chain (cw-multi-test) or a Cosmos chain's CometBFT
//! JSON-RPC (tested against a front over cw-multi-test); the ink! implementation to an
//! [`ink::InkLedger`], the embedded chain (pallet-contracts in `ink_sandbox`) or a Substrate
//! node's WebSocket JSON-RPC through subxt (tested against a front over the same runtime).
//!
//! Capabilities: [`EscrowClient`] (`docs/spec/escrow.md`), [`TokenClient`] (`docs/spec/token.md`,
//! `docs/spec/whitelist.md`), [`PayoutClient`] (`docs/spec/payout.md`) and [`ChannelClient`]
//! (`docs/spec/channel.md`); [`Clock`] moves a chain's time where the client can. [`devnet`]
//! puts each chain family's four clients together with named development accounts: what the
//! CLI's embedded targets and `tokenrail demo` run on.

pub mod channel;
pub mod devnet;
pub mod escrow;
pub mod payout;
pub mod token;

pub mod cosmwasm;
pub mod evm;
pub mod ink;
pub mod solana;

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientError<E: std::fmt::Debug + std::fmt::Display> {
    /// The contract refused with the spec's numbered error.
    #[error("refused: {0}")]
    Spec(E),
    /// Anything else: transport, decoding, an error outside the spec.
    #[error("{0}")]
    Chain(String),
}

/// The result of a capability call.
pub type Result<T, E> = std::result::Result<T, ClientError<E>>;

pub use channel::{ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
pub use escrow::{EscrowClient, EscrowError, EscrowState, EscrowStatus, NewEscrow};
pub use payout::{NewDistribution, PayoutClient, PayoutError};
pub use token::{Investor, TokenClient, TokenError, TokenTerms};

/// The clock of a chain whose time the client can move: the embedded chains, and an EVM
/// development node (`anvil`'s `evm_increaseTime`). Deadlines, expiries and challenge periods
/// are tested by moving it.
pub trait Clock {
    /// The chain's current time in Unix seconds (what the next transaction sees).
    fn now(&mut self) -> std::result::Result<u64, String>;
    /// Moves the chain's time forward by `seconds`.
    fn advance(&mut self, seconds: u64) -> std::result::Result<(), String>;
}
