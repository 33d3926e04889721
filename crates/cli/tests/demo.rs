//! `tokenrail demo` end to end: every chain's devnet runs the lifecycle and agrees with the
//! spec at every step, and the run synced into a ledger reconciles with the chain; the report is JSON on stdout with nothing else there; failures to start
//! are reported with a clear message and exit code.

// The devnets are the default `devnet` feature; a lean binary has none.
#![cfg(feature = "devnet")]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn anvil() -> PathBuf {
    tokenrail_devnet::evm::find_anvil(None).expect("anvil for the EVM tests")
}

fn demo() -> Command {
    let mut cmd = Command::cargo_bin("tokenrail").unwrap();
    cmd.arg("demo").arg("--anvil").arg(anvil());
    cmd
}

#[test]
fn every_chain_does_what_the_spec_says() {
    let out = demo().arg("--json").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "nothing but the report: {stderr}");
    // Only the report on stdout: the embedded programs' own printing is kept off it.
    let report: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON report");
    assert_eq!(report["as_expected"], true);
    let chains = report["chains"].as_array().unwrap();
    let names: Vec<&str> = chains
        .iter()
        .map(|c| c["chain"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["evm", "solana", "cosmwasm", "ink"]);
    let steps_of = |c: &Value| -> Vec<(String, String)> {
        c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                assert_eq!(s["as_expected"], true, "{s}");
                (
                    s["step"].as_str().unwrap().to_owned(),
                    s["expected"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let reference = steps_of(&chains[0]);
    // The lifecycle's 22 steps, then the ledger's, on every chain.
    assert_eq!(reference.len(), 23, "the whole lifecycle ran");
    for c in chains {
        assert!(c["error"].is_null());
        assert_eq!(steps_of(c), reference, "the same steps on {}", c["chain"]);
        // The cap table of the run's events equals the chain: 10,000 minted to alice, 2,500 to
        // bob, 500 forced back; holders alice and bob.
        let ledger = &c["steps"][22];
        assert_eq!(ledger["step"], "sync; the cap table equals the chain");
        let outcome = ledger["outcome"].as_str().unwrap();
        assert!(
            outcome.ends_with("2 holders, supply 10000: no drift"),
            "{}: {outcome}",
            c["chain"]
        );
        // The escrow, payout and channel steps' own rows are synced too, the same on every
        // chain.
        let payments: u64 = outcome
            .split_once(" (")
            .and_then(|(_, rest)| rest.split_once(" of escrow, payout and channel)"))
            .map(|(n, _)| n.parse().unwrap())
            .unwrap_or_else(|| panic!("{}: {outcome}", c["chain"]));
        assert_eq!(payments, 12, "the same rows on every chain: {}", c["chain"]);
    }
    for refusal in [
        "refused RecipientNotVerified (token 12)",
        "refused SenderFrozen (token 5)",
        "refused Unauthorized (escrow 1)",
        "refused AlreadyClaimed (payout 11)",
        "refused Expired (payout 10)",
    ] {
        assert!(
            reference.iter().any(|(_, want)| want == refusal),
            "the demo shows {refusal}"
        );
    }
    let settled = chains[1]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "settle after the period")
        .unwrap();
    assert_eq!(
        settled["outcome"], "ok: alice -300, bob +300",
        "the challenge won"
    );
}

#[test]
fn the_table_names_every_chain() {
    let out = demo().args(["--chain", "cosmwasm,ink"]).output().unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let header = table.lines().find(|l| l.starts_with("step")).unwrap();
    assert!(header.contains("CosmWasm") && header.contains("ink!"));
    assert!(!header.contains("Solana"), "only the chains asked for");
    assert_eq!(table.matches('✗').count(), 0);
    assert!(table.contains("refused RecipientNotVerified (token 12)"));
}

#[test]
fn a_missing_anvil_is_a_clear_failure() {
    let out = Command::cargo_bin("tokenrail")
        .unwrap()
        .args(["demo", "--chain", "evm", "--anvil", "/nonexistent/anvil"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("EVM could not start: --anvil /nonexistent/anvil: no such file"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_chain_is_a_usage_error() {
    let out = Command::cargo_bin("tokenrail")
        .unwrap()
        .args(["demo", "--chain", "bitcoin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'bitcoin'"));
}
