//! Off-chain payment-channel states (`docs/spec/channel.md`): the messages parties sign, each
//! chain's domain-separated encoding of them, and signing and verification with each chain's
//! scheme. The bytes built here are the bytes the contracts verify.
//!
//! | chain | what is signed | scheme |
//! |---|---|---|
//! | EVM | the EIP-712 digest | secp256k1 ECDSA, `r ‖ s ‖ v` (v = 27/28), low-s |
//! | Solana | the message bytes themselves | Ed25519 (verified by the Ed25519 program) |
//! | CosmWasm | SHA-256 of the message bytes | secp256k1, `r ‖ s ‖ recovery id`, low-s |
//! | ink! | BLAKE2b-256 of the message bytes | secp256k1, `r ‖ s ‖ recovery id`, low-s |

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod encoding;
#[cfg(feature = "sign")]
mod keys;

pub use encoding::{Domain, Kind, Message, COSMWASM_TAG, INK_TAG, SOLANA_TAG};
#[cfg(feature = "sign")]
pub use keys::{
    malleate_secp256k1, verify, Ed25519Key, Party, Secp256k1Key, Signature, VerifyError,
};

/// An off-chain state: cumulative amounts each party has paid the other in this epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct State {
    /// The channel.
    pub channel_id: [u8; 32],
    /// Which opening of the channel.
    pub epoch: u64,
    /// Strictly increasing per channel and epoch.
    pub nonce: u64,
    /// Cumulative amount A has paid B.
    pub sent_a: u128,
    /// Cumulative amount B has paid A.
    pub sent_b: u128,
}

/// The agreement to close now, signed by both parties (never an ordinary [`State`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Close {
    /// The channel.
    pub channel_id: [u8; 32],
    /// Which opening of the channel.
    pub epoch: u64,
    /// Cumulative amount A has paid B.
    pub sent_a: u128,
    /// Cumulative amount B has paid A.
    pub sent_b: u128,
}

/// The balances a state gives for the deposits on chain, or `None` if it overdraws a party
/// (spec code `Overdrawn`).
pub fn balances(
    deposit_a: u128,
    deposit_b: u128,
    sent_a: u128,
    sent_b: u128,
) -> Option<(u128, u128)> {
    // Add before subtracting: a party that paid more than it deposited may still be solvent
    // through what it received.
    let a = deposit_a.checked_add(sent_b)?.checked_sub(sent_a)?;
    let b = deposit_b.checked_add(sent_a)?.checked_sub(sent_b)?;
    (a.checked_add(b)? == deposit_a.checked_add(deposit_b)?).then_some((a, b))
}
