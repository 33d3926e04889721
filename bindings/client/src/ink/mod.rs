//! The capability traits on the embedded ink! chain (pallet-contracts in `ink_sandbox`, running
//! the built contract wasm), with every call's data built and every return value decoded by the
//! generated bindings (`tokenrail-ink`).

use tokenrail_ink::scale::Decode;
use tokenrail_ink::{AccountId, Message};
use tokenrail_ink_sandbox_tests::Chain;

use crate::ClientError;

pub use tokenrail_ink_sandbox_tests::ink_sandbox::AccountId32;

mod escrow;
mod token;

pub use escrow::{InkAsset, InkEscrow};
pub use token::InkToken;

/// Unix seconds of the embedded chain's clock when it starts.
pub const T0: u64 = 1_700_000_000;

pub(crate) fn id(a: &AccountId32) -> AccountId {
    AccountId(*a.as_ref())
}

/// Anything outside the spec, as text.
pub(crate) fn chain_error<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// Calls `contract` and decodes the message's own return type; a trap or a language error is a
/// chain error.
pub(crate) fn call<R: Decode, E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut Chain,
    contract: &AccountId32,
    msg: Message<std::result::Result<R, tokenrail_ink::LangError>>,
    caller: &AccountId32,
    value: u128,
) -> crate::Result<R, E> {
    let out = chain
        .call_raw(contract, msg.data.clone(), caller, value)
        .map_err(chain_error)?;
    msg.decode_return(&out.data)
        .map_err(chain_error)?
        .map_err(|lang| chain_error(format!("ink! language error {lang:?}")))
}

/// An error enum whose SCALE index is the spec code (`from_code`).
pub(crate) fn coded<E: std::fmt::Debug + std::fmt::Display>(
    index: u8,
    from_code: fn(u16) -> Option<E>,
) -> ClientError<E> {
    match from_code(index.into()) {
        Some(e) => ClientError::Spec(e),
        None => ClientError::Chain(format!("unknown error code {index}")),
    }
}
