//! Rust client bindings for Tokenrail's ink! contracts.
//!
//! One module per contract, generated at compile time by `build.rs` from the contract's ink!
//! metadata in `metadata/` (which `scripts/gen-bindings` writes from the contracts; a staleness
//! check in the test suite regenerates and diffs it). Each module has
//! - `types`: the contract's argument, return and error types, SCALE-compatible with it;
//! - `constructors` and `messages`: one function per constructor and message, taking the
//!   arguments by reference and returning [`Constructor`] or [`Message`] call data (the 4-byte
//!   selector and the SCALE-encoded arguments), which decodes that call's return value.
//!
//! The call data is what any pallet-contracts client submits (`Contracts::call`,
//! `instantiate`); the return value is ink!'s `Result<T, LangError>`. Error enums keep the
//! contracts' SCALE indices, which are the spec's numbered codes.

#![allow(missing_docs)]

use std::marker::PhantomData;

pub use scale;
use scale::{Decode, Encode};

/// A 32-byte account id (`ink_primitives::AccountId`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct AccountId(pub [u8; 32]);

/// A 32-byte hash (`ink_primitives::Hash`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub struct Hash(pub [u8; 32]);

/// ink!'s language error: the call data could not be decoded by the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum LangError {
    /// The contract did not understand the input.
    #[codec(index = 1)]
    CouldNotReadInput,
}

macro_rules! call_data {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name<R> {
            /// Selector followed by the SCALE-encoded arguments.
            pub data: Vec<u8>,
            /// Whether the call may change state (false: a query).
            pub mutates: bool,
            /// Whether the call accepts an attached native value.
            pub payable: bool,
            returns: PhantomData<fn() -> R>,
        }

        impl<R: Decode> $name<R> {
            /// Call data (used by the generated functions).
            pub fn new(data: Vec<u8>, mutates: bool, payable: bool) -> Self {
                Self { data, mutates, payable, returns: PhantomData }
            }

            /// The 4-byte selector.
            pub fn selector(&self) -> [u8; 4] {
                [self.data[0], self.data[1], self.data[2], self.data[3]]
            }

            /// Decodes the contract's return data for this call; every byte must be used.
            pub fn decode_return(&self, mut bytes: &[u8]) -> Result<R, scale::Error> {
                let value = R::decode(&mut bytes)?;
                if !bytes.is_empty() {
                    return Err("trailing bytes after the return value".into());
                }
                Ok(value)
            }
        }
    };
}

call_data!(
    /// Call data for a message, decoding `R` (ink!'s `Result<T, LangError>`).
    Message
);
call_data!(
    /// Call data for a constructor, decoding `R` (ink!'s `Result<(), LangError>`).
    Constructor
);

macro_rules! contracts {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            #[allow(clippy::all)]
            pub mod $name {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
            }
        )*
    };
}

contracts!(
    /// `ink-escrow`: milestone escrow.
    ink_escrow,
    /// `ink-payout`: multi-send and Merkle distributions.
    ink_payout,
    /// `ink-registry`: the investor registry.
    ink_registry,
    /// `ink-asset-token`: the PSP22 asset token.
    ink_asset_token,
    /// `ink-channel`: payment channels.
    ink_channel,
    /// `ink-psp22-token`: the reference PSP22 token the tests use as an asset.
    ink_psp22_token,
);
