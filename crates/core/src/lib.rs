//! Chain-neutral building blocks shared by every Tokenrail chain implementation.
//!
//! The on-chain code of each chain family is written in that chain's own
//! idiom, but the *semantics* are defined once: the numbered error codes of
//! each capability live here, and so do the shared JSON test vectors and the
//! runner that replays them against any chain through a small driver trait.
//!
//! Without the default `std` feature only the error codes build (`no_std` with `alloc`), so
//! ink! contracts return these very enums (feature `scale`) instead of copies of them.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "std")]
pub mod amount;
pub mod channel;
pub mod escrow;
#[cfg(feature = "std")]
pub mod merkle;
pub mod payout;
pub mod restriction;
mod spec_errors;
pub mod token;
#[cfg(feature = "std")]
pub mod vectors;

#[cfg(feature = "std")]
pub use amount::Amount;
