//! Tokenrail payment channels for CosmWasm (`docs/spec/channel.md`).
//!
//! A channel is two parties and one asset — a native denom (attached as funds) or a cw20 token
//! (sent with cw20 `Send`, [`msg::ReceiveMsg`]) — identified by the SHA-256 of both canonical
//! addresses and the asset. Parties deposit, pay each other off chain with states
//! signed by both (`tokenrail-channel`'s CosmWasm encoding: SHA-256 over the chain id, this
//! contract's address and the fields), and close cooperatively with a co-signed Close, or
//! unilaterally with a challenge period. Signatures are secp256k1 `r ‖ s ‖ recovery id`, low
//! `s`; the signer is the account whose canonical address is `ripemd160(sha256(key))`.
//!
//! Payouts are sub-messages that reply on error: a leg the receiver's token refuses (a
//! regulated cw20 whose investor was revoked, a blocked bank address) is credited for
//! [`msg::ExecuteMsg::Withdraw`] instead of failing the settlement.

pub mod contract;
pub mod error;
pub mod msg;
pub mod state;

pub use crate::error::ContractError;
