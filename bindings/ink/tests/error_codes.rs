//! ink!'s error table, code by code: the contracts return `tokenrail-core`'s enums themselves,
//! so what is checked here is what a client depends on. Each contract's committed metadata
//! names core's enum with every code at its spec number, and every code of every capability is
//! one SCALE byte, its number, in both directions.

use std::path::Path;

use serde_json::Value;
use tokenrail_core::{channel::ChannelError, escrow::EscrowError};
use tokenrail_core::{payout::PayoutError, token::TokenError};
use tokenrail_ink::scale::{Decode, Encode};

/// Each contract and the core enum its messages return.
const CONTRACTS: &[(&str, &str)] = &[
    ("ink_escrow", "tokenrail_core::escrow::EscrowError"),
    ("ink_payout", "tokenrail_core::payout::PayoutError"),
    ("ink_registry", "tokenrail_core::token::TokenError"),
    ("ink_asset_token", "tokenrail_core::token::TokenError"),
    ("ink_channel", "tokenrail_core::channel::ChannelError"),
];

/// `(name, code)` of every code of the capability whose enum has this path.
fn spec_table(path: &str) -> Vec<(String, u64)> {
    fn table<E: Copy>(
        all: &[E],
        name: fn(E) -> &'static str,
        code: fn(E) -> u16,
    ) -> Vec<(String, u64)> {
        all.iter()
            .map(|&e| (name(e).to_owned(), code(e).into()))
            .collect()
    }
    match path {
        "tokenrail_core::escrow::EscrowError" => {
            table(EscrowError::ALL, EscrowError::name, EscrowError::code)
        }
        "tokenrail_core::payout::PayoutError" => {
            table(PayoutError::ALL, PayoutError::name, PayoutError::code)
        }
        "tokenrail_core::token::TokenError" => {
            table(TokenError::ALL, TokenError::name, TokenError::code)
        }
        "tokenrail_core::channel::ChannelError" => {
            table(ChannelError::ALL, ChannelError::name, ChannelError::code)
        }
        other => panic!("no spec table for {other}"),
    }
}

/// The path of every named type in `metadata`.
fn type_paths(metadata: &Value) -> Vec<String> {
    let types = metadata["types"].as_array().expect("a type registry");
    types
        .iter()
        .map(|t| {
            let segments: Vec<&str> = t["type"]["path"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            segments.join("::")
        })
        .collect()
}

/// The `(name, index)` variants of every type in `metadata` whose path is `path`.
fn variants_in_metadata(metadata: &Value, path: &str) -> Vec<Vec<(String, u64)>> {
    let types = metadata["types"].as_array().expect("a type registry");
    types
        .iter()
        .zip(type_paths(metadata))
        .filter(|(_, p)| p == path)
        .map(|(t, _)| {
            t["type"]["def"]["variant"]["variants"]
                .as_array()
                .expect("an enum")
                .iter()
                .map(|v| {
                    (
                        v["name"].as_str().unwrap().to_owned(),
                        v["index"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_contract_returns_cores_enum_with_every_code_at_its_number() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("metadata");
    for (contract, path) in CONTRACTS {
        let file = dir.join(format!("{contract}.json"));
        let metadata: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let found = variants_in_metadata(&metadata, path);
        assert_eq!(
            found.len(),
            1,
            "{}: {path} once in the type registry",
            file.display()
        );
        assert_eq!(found[0], spec_table(path), "{}: {path}", file.display());
        // No contract keeps an error enum of its own beside core's (PSP22's is the standard's).
        let own: Vec<String> = type_paths(&metadata)
            .into_iter()
            .filter(|p| p.ends_with("Error") && !p.starts_with("tokenrail_core::"))
            .filter(|p| p != "ink_primitives::LangError" && !p.ends_with("::PSP22Error"))
            .collect();
        assert!(
            own.is_empty(),
            "{}: error enums of its own: {own:?}",
            file.display()
        );
    }
}

/// Encodes and decodes every code as a message's `Result<(), E>` the way a client receives it.
fn one_byte_each_way<E>(all: &[E], code: fn(E) -> u16)
where
    E: Copy + Encode + Decode + PartialEq + std::fmt::Debug,
{
    for &e in all {
        let n = u8::try_from(code(e)).expect("codes fit one byte");
        assert_eq!(e.encode(), [n], "{e:?}");
        let returned: Result<(), E> = Err(e);
        assert_eq!(returned.encode(), [1, n], "{e:?}");
        assert_eq!(Result::<(), E>::decode(&mut &[1, n][..]), Ok(Err(e)));
    }
    assert!(E::decode(&mut &[0u8][..]).is_err(), "0 is no error");
}

#[test]
fn every_code_of_every_capability_is_its_number_on_the_wire() {
    one_byte_each_way(EscrowError::ALL, EscrowError::code);
    one_byte_each_way(PayoutError::ALL, PayoutError::code);
    one_byte_each_way(TokenError::ALL, TokenError::code);
    one_byte_each_way(ChannelError::ALL, ChannelError::code);
}
