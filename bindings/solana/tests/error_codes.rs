//! Solana's error table, code by code, over every code of every capability.
//!
//! Anchor programs declare their errors with `#[error_code]`, so this is where Solana and the
//! spec can drift. The test reads each program's committed IDL (what clients and explorers
//! decode with) and checks that:
//! - every error is custom error `6000 + n` for the spec code `n` of the same name, and its
//!   message starts with that code's tag (`[escrow:9 EscrowNotFound]`), which the SDK parses;
//! - every code of the capability is declared, or is listed below as one Solana never raises,
//!   with the reason (`docs/spec/<capability>.md` writes the same);
//! - no code is listed as never raised while the program declares it.

use std::path::Path;

use serde_json::Value;
use tokenrail_core::{channel::ChannelError, escrow::EscrowError};
use tokenrail_core::{payout::PayoutError, token::TokenError};

/// A capability's table as `(code, name, tag)`.
fn table<E: Copy>(
    all: &[E],
    code: fn(E) -> u16,
    name: fn(E) -> &'static str,
    tag: fn(E) -> String,
) -> Vec<(u16, &'static str, String)> {
    all.iter().map(|&e| (code(e), name(e), tag(e))).collect()
}

/// `(code, name, msg)` of every error in a program's IDL.
fn idl_errors(program: &str) -> Vec<(u64, String, String)> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("idls/{program}.json"));
    let idl: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    idl["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (e["code"].as_u64().unwrap(), text("name"), text("msg"))
        })
        .collect()
}

fn check(program: &str, spec: Vec<(u16, &'static str, String)>, never_on_solana: &[&str]) {
    let declared = idl_errors(program);
    assert!(!declared.is_empty(), "{program}: no errors in the IDL");
    for (code, name, msg) in &declared {
        let n = code.checked_sub(6000).expect("Anchor's offset");
        let (_, spec_name, tag) = spec
            .iter()
            .find(|(c, ..)| u64::from(*c) == n)
            .unwrap_or_else(|| panic!("{program}: {code} {name} is no spec code"));
        assert_eq!(name, spec_name, "{program}: custom error {code}");
        assert!(
            msg.starts_with(tag.as_str()),
            "{program}: {name}'s message {msg:?} lacks {tag}"
        );
    }
    for (code, name, _) in &spec {
        let raised = declared.iter().any(|(c, ..)| *c == 6000 + u64::from(*code));
        let listed = never_on_solana.contains(name);
        assert!(
            raised != listed,
            "{program}: {name} ({code}) {}",
            if listed {
                "is listed as never raised on Solana, but the program declares it"
            } else {
                "is neither declared nor listed"
            }
        );
    }
    for listed in never_on_solana {
        assert!(
            spec.iter().any(|(_, n, _)| n == listed),
            "{listed} is no code of this capability"
        );
    }
}

/// The token's codes: the transfer hook declares them and the issuer program returns the same
/// enum, so its IDL has none of its own.
#[test]
fn every_token_code_is_declared_or_listed() {
    assert!(
        idl_errors("tokenrail_issuer").is_empty(),
        "the issuer returns the hook's enum"
    );
    check(
        "tokenrail_transfer_hook",
        table(
            TokenError::ALL,
            TokenError::code,
            TokenError::name,
            TokenError::tag,
        ),
        &[
            // Addresses are account keys the runtime has already checked (a wrong account is 35).
            "InvalidAddress",
            // Token-2022's own errors: delegated amounts are checked by the token program.
            "InsufficientAllowance",
            // EVM only: EIP-2612 permits, the registry binding, `uint8` statuses.
            "InvalidPermit",
            "NotBound",
            "BindingRefused",
            "InvalidStatus",
            // One account per instruction; there are no batch arrays to bound.
            "MaxBatch",
            // An initialised account cannot be created again: Anchor's `init` refuses it.
            "AlreadyInitialized",
        ],
    );
}

#[test]
fn every_escrow_code_is_declared_or_listed() {
    check(
        "tokenrail_escrow",
        table(
            EscrowError::ALL,
            EscrowError::code,
            EscrowError::name,
            EscrowError::tag,
        ),
        &[
            // An absent escrow is Anchor's AccountNotInitialized, which clients read as this code.
            "EscrowNotFound",
            // SPL transfers fail the whole transaction; programs cannot be re-entered.
            "TransferFailed",
            "Reentrancy",
        ],
    );
}

#[test]
fn every_payout_code_is_declared_or_listed() {
    check(
        "tokenrail_payout",
        table(
            PayoutError::ALL,
            PayoutError::code,
            PayoutError::name,
            PayoutError::tag,
        ),
        &[
            // An absent distribution is Anchor's AccountNotInitialized, read as this code.
            "DistributionNotFound",
            // SPL transfers fail the whole transaction.
            "TransferFailed",
            // EVM only: the multi-send's sorted-recipients rule.
            "RecipientsNotSorted",
        ],
    );
}

#[test]
fn every_channel_code_is_declared_or_listed() {
    check(
        "tokenrail_channel_program",
        table(
            ChannelError::ALL,
            ChannelError::code,
            ChannelError::name,
            ChannelError::tag,
        ),
        &[
            // SPL and lamport transfers fail the whole transaction; no re-entry.
            "TransferFailed",
            "Reentrancy",
        ],
    );
}
