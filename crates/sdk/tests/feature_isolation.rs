//! A dapp that enables one chain family compiles that family only: `cargo tree -e normal` of
//! each single-feature configuration names none of the other families' runtimes, VMs or
//! clients, and none of the crates under `tests/`.

use std::collections::BTreeSet;
use std::process::Command;

/// Crates that mark a chain family's runtime, VM or client stack.
const SOLANA: &[&str] = &[
    "solana-program-test",
    "solana-rpc-client",
    "anchor-lang",
    "solana-program-runtime",
];
const COSMWASM: &[&str] = &["cosmwasm-std", "cw-multi-test", "cosmrs", "tendermint-rpc"];
const SUBSTRATE: &[&str] = &[
    "subxt",
    "sp-core",
    "sp-runtime",
    "pallet-contracts",
    "ink_sandbox",
    "frame-support",
];
const EVM: &[&str] = &["alloy", "alloy-provider", "revm"];
/// Test fixtures and the devnet: never a dependency of the SDK.
const FIXTURES: &[&str] = &[
    "tokenrail-devnet",
    "tokenrail-json-rpc-front",
    "tokenrail-solana-front",
    "tokenrail-cosmos-front",
    "tokenrail-substrate-front",
];
/// On-chain program crates: a dapp reaches the programs through the generated bindings.
const PROGRAMS: &[&str] = &[
    "tokenrail-escrow",
    "tokenrail-payout",
    "tokenrail-issuer",
    "tokenrail-transfer-hook",
    "tokenrail-channel-program",
];

/// The package names in the normal-dependency tree of the SDK with only `feature`.
fn tree(feature: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "tokenrail-sdk",
            "--no-default-features",
            "--features",
            feature,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn assert_absent(feature: &str, packages: &BTreeSet<String>, forbidden: &[&[&str]]) {
    let found: Vec<&str> = forbidden
        .iter()
        .flat_map(|set| set.iter())
        .filter(|name| packages.contains(**name))
        .copied()
        .collect();
    assert!(
        found.is_empty(),
        "`--features {feature}` compiles {found:?}, which belong to another chain family or to \
         the test fixtures"
    );
}

#[test]
fn evm_alone_compiles_no_other_family() {
    let packages = tree("evm");
    assert!(packages.contains("alloy"), "the EVM client is there");
    assert_absent(
        "evm",
        &packages,
        &[SOLANA, COSMWASM, SUBSTRATE, FIXTURES, PROGRAMS],
    );
}

#[test]
fn solana_alone_compiles_no_other_family() {
    let packages = tree("solana");
    assert!(
        packages.contains("solana-rpc-client"),
        "the Solana client is there"
    );
    assert_absent(
        "solana",
        &packages,
        &[COSMWASM, SUBSTRATE, EVM, FIXTURES, PROGRAMS],
    );
    assert!(
        !packages.contains("solana-program-test"),
        "the Solana client needs no program-test bank"
    );
}

#[test]
fn cosmwasm_alone_compiles_no_other_family() {
    let packages = tree("cosmwasm");
    assert!(packages.contains("cosmrs"), "the Cosmos client is there");
    assert_absent(
        "cosmwasm",
        &packages,
        &[SOLANA, SUBSTRATE, EVM, FIXTURES, PROGRAMS],
    );
    assert!(!packages.contains("cw-multi-test"), "no embedded app");
}

#[test]
fn ink_alone_compiles_no_other_family() {
    let packages = tree("ink");
    assert!(packages.contains("subxt"), "the Substrate client is there");
    assert_absent(
        "ink",
        &packages,
        &[SOLANA, COSMWASM, EVM, FIXTURES, PROGRAMS],
    );
    for runtime in ["pallet-contracts", "ink_sandbox", "frame-support"] {
        assert!(
            !packages.contains(runtime),
            "the ink! client compiles no {runtime}"
        );
    }
}
