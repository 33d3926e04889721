//! Chain-neutral building blocks shared by every Tokenrail chain implementation.
//!
//! The on-chain code of each chain family is written in that chain's own
//! idiom, but the *semantics* are defined once: the numbered error codes of
//! each capability live here, and so do the shared JSON test vectors and the
//! runner that replays them against any chain through a small driver trait.

pub mod amount;
pub mod channel;
pub mod escrow;
pub mod merkle;
pub mod payout;
mod spec_errors;
pub mod token;
pub mod vectors;

pub use amount::Amount;
