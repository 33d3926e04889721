//! CosmWasm's error table, code by code: every code of every capability, raised as the contract
//! raises it, reaches a client as the same numbered code.
//!
//! The contracts take their codes from `tokenrail-core`; what could still go wrong is the way
//! between them: the message a contract error prints, the text a chain wraps around it, and the
//! tag parser that reads it back (`spec_error`).

use tokenrail_core::{channel::ChannelError, escrow::EscrowError};
use tokenrail_core::{payout::PayoutError, token::TokenError};
use tokenrail_cosmwasm::{spec_error, SpecError};

/// Checks one contract error: its own code, and what a client reads from it after a node (or
/// cw-multi-test) has wrapped it in its own text.
fn reaches_the_client(err: impl std::fmt::Display, code: Option<u16>, want: SpecError, n: u16) {
    assert_eq!(code, Some(n), "{err}");
    let wrapped =
        format!("failed to execute message; message index: 0: {err}: execute wasm contract failed");
    assert_eq!(spec_error(&wrapped), Some(want), "{wrapped}");
}

#[test]
fn every_escrow_code_reaches_the_client() {
    for &c in EscrowError::ALL {
        let err = cw_escrow::error::fail(c, "detail");
        reaches_the_client(&err, err.code(), SpecError::Escrow(c), c.code());
    }
}

#[test]
fn every_payout_code_reaches_the_client() {
    for &c in PayoutError::ALL {
        let err = cw_payout::error::fail(c, "detail");
        reaches_the_client(&err, err.code(), SpecError::Payout(c), c.code());
    }
}

#[test]
fn every_token_code_reaches_the_client() {
    // The registry and the token share one error type.
    for &c in TokenError::ALL {
        let err = cw_registry::ContractError::spec(c, "detail");
        reaches_the_client(&err, err.code(), SpecError::Token(c), c.code());
    }
}

#[test]
fn every_channel_code_reaches_the_client() {
    for &c in ChannelError::ALL {
        let err = cw_channel::error::fail(c, "detail");
        reaches_the_client(&err, err.code(), SpecError::Channel(c), c.code());
    }
}

/// Errors outside the spec carry no code, and a client finds none in them, even when their
/// text looks like a tag whose name does not match its number.
#[test]
fn errors_outside_the_spec_carry_no_code() {
    let std = || cosmwasm_std::StdError::msg("[escrow:9 Wrong] [payout:8 Expired] no tags of ours");
    let escrow = cw_escrow::ContractError::from(std());
    let payout = cw_payout::ContractError::from(std());
    assert_eq!((escrow.code(), payout.code()), (None, None));
    assert_eq!(spec_error(&escrow.to_string()), None, "{escrow}");
    assert_eq!(spec_error(&payout.to_string()), None, "{payout}");
}
