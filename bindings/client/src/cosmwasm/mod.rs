//! The capability traits on the embedded CosmWasm chain (cw-multi-test running the Tokenrail
//! contracts), with every message built by the typed client of `tokenrail-cosmwasm`.

use tokenrail_cosmwasm::{spec_error, SpecError};

use crate::ClientError;

pub use tokenrail_cw_test_chain::{AssetKind, DENOM};

mod escrow;
mod token;

pub use escrow::{CwAsset, CwEscrow};
pub use token::CwToken;

/// Anything outside the spec, as text.
pub(crate) fn chain<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// The `[<capability>:N Name]` tag in a refusal's text is the spec code; `pick` keeps the
/// capability's own.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Debug,
    pick: fn(SpecError) -> Option<E>,
) -> ClientError<E> {
    let text = format!("{err:?}");
    match spec_error(&text).and_then(pick) {
        Some(code) => ClientError::Spec(code),
        None => ClientError::Chain(text),
    }
}
