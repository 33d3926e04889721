//! `tokenrail channel` end to end: signing and verifying for every chain's encoding, and the
//! whole EVM lifecycle against a real `anvil` (open with approval, co-signed messages passed
//! between the parties as a file, a unilateral close, a stale challenge refused with the
//! spec's code, a newer one accepted, settlement after the period), plus bad input: missing
//! and malformed keys, bad addresses, float amounts, tampered signatures, an unreachable
//! endpoint.

mod common;

use std::path::Path;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, U256};
use alloy::providers::ext::AnvilApi;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use assert_cmd::Command;
use common::{anvil_path, Run};
use tokenrail_evm::{MockERC20, TokenrailChannel};

fn tokenrail(args: &[&str]) -> Run {
    Run::of(Command::cargo_bin("tokenrail").unwrap().args(args))
}

fn json(r: &Run) -> serde_json::Value {
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// A key file with `secret` as 64 hex digits.
fn key_file(dir: &Path, name: &str, secret: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("0x{}\n", hex::encode(secret))).unwrap();
    path.display().to_string()
}

struct Evm {
    anvil: AnvilInstance,
    rt: tokio::runtime::Runtime,
    deployer: DynProvider,
    channel: Address,
    token: Address,
}

fn evm() -> Evm {
    let anvil = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("4")
        .spawn();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let signer = PrivateKeySigner::from(anvil.keys()[0].clone());
    let deployer = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(anvil.endpoint_url())
        .erased();
    let (channel, token) = rt.block_on(async {
        let channel = *TokenrailChannel::deploy(deployer.clone())
            .await
            .unwrap()
            .address();
        let token = MockERC20::deploy(deployer.clone()).await.unwrap();
        for who in &anvil.addresses()[1..3] {
            token
                .mint(*who, U256::from(1000))
                .send()
                .await
                .unwrap()
                .watch()
                .await
                .unwrap();
        }
        (channel, *token.address())
    });
    Evm {
        anvil,
        rt,
        deployer,
        channel,
        token,
    }
}

impl Evm {
    fn balance(&self, who: Address) -> U256 {
        let t = MockERC20::new(self.token, self.deployer.clone());
        self.rt
            .block_on(async { t.balanceOf(who).call().await })
            .unwrap()
    }
}

/// Runs `tokenrail --json channel <cmd> <args…>`.
fn channel(cmd: &str, args: &[&str]) -> Run {
    let mut all = vec!["--json", "channel", cmd];
    all.extend_from_slice(args);
    tokenrail(&all)
}

#[test]
fn evm_lifecycle_against_anvil() {
    let e = evm();
    let dir = tempfile::tempdir().unwrap();
    let keys = e.anvil.keys();
    let alice_key = key_file(dir.path(), "alice.key", &keys[1].to_bytes());
    let bob_key = key_file(dir.path(), "bob.key", &keys[2].to_bytes());
    let (alice, bob) = (e.anvil.addresses()[1], e.anvil.addresses()[2]);
    let url = e.anvil.endpoint();
    let contract = e.channel.to_string();
    let token = e.token.to_string();
    let (a, b) = (alice.to_string(), bob.to_string());
    let chain_id = e.anvil.chain_id().to_string();
    let ep = |key: &'static str| -> [&str; 6] {
        let key = if key == "alice" { &alice_key } else { &bob_key };
        // Leaked for the test's lifetime: argument slices of many calls.
        let key: &'static str = Box::leak(key.clone().into_boxed_str());
        let url: &'static str = Box::leak(url.clone().into_boxed_str());
        let contract: &'static str = Box::leak(contract.clone().into_boxed_str());
        ["--rpc-url", url, "--contract", contract, "--key", key]
    };
    let with = |base: [&'static str; 6], extra: &[&str]| -> Run {
        let mut v: Vec<&str> = base.to_vec();
        v.extend_from_slice(&extra[1..]);
        channel(extra[0], &v)
    };
    let ids = [
        "--a",
        a.as_str(),
        "--b",
        b.as_str(),
        "--asset",
        token.as_str(),
    ];

    // A dry run runs on a private fork of the endpoint: it reports the channel the open would
    // make, with both transactions, and the endpoint itself is untouched.
    let dry = json(&with(
        ep("alice"),
        &[
            "open",
            "--counterparty",
            &b,
            "--asset",
            &token,
            "--amount",
            "500",
            "--period",
            "3600",
            "--dry-run",
        ],
    ));
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["status"], "open", "what the open would do: {dry}");
    assert_eq!(dry["deposit_a"], "500");
    let calls: Vec<&str> = dry["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["call"].as_str().unwrap())
        .collect();
    assert_eq!(calls, ["approve", "open"]);
    assert_eq!(e.balance(alice), U256::from(1000));
    let untouched = json(&channel(
        "show",
        &[
            "--rpc-url",
            &url,
            "--contract",
            &contract,
            "--a",
            &a,
            "--b",
            &b,
            "--asset",
            &token,
        ],
    ));
    assert_eq!(untouched["status"], "none", "the dry run opened nothing");

    // Open: approve, then open.
    let opened = json(&with(
        ep("alice"),
        &[
            "open",
            "--counterparty",
            &b,
            "--asset",
            &token,
            "--amount",
            "500",
            "--period",
            "3600",
        ],
    ));
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["epoch"], 1);
    assert_eq!(
        opened["transactions"].as_array().unwrap().len(),
        2,
        "approve + open"
    );
    let mut dep = vec!["deposit"];
    dep.extend_from_slice(&ids);
    dep.extend_from_slice(&["--amount", "500"]);
    let deposited = json(&with(ep("bob"), &dep));
    assert_eq!(deposited["deposit_b"], "500");

    // Alice pays Bob 50, then 100 in all: both co-sign states 1 and 2 through message files.
    let msg = |n: &str| {
        dir.path()
            .join(format!("state{n}.json"))
            .display()
            .to_string()
    };
    for (n, sent_a) in [("1", "50"), ("2", "100")] {
        let path = msg(n);
        let mut args = vec![
            "--chain",
            "evm",
            "--chain-id",
            &chain_id,
            "--contract",
            &contract,
        ];
        args.extend_from_slice(&ids);
        args.extend_from_slice(&[
            "--epoch", "1", "--nonce", n, "--sent-a", sent_a, "--sent-b", "0",
        ]);
        args.extend_from_slice(&["--key", &alice_key, "--party", "a", "--output", &path]);
        let signed = json(&channel("sign", &args));
        assert_eq!(signed["signer"], a.as_str());
        let signed = json(&channel(
            "sign",
            &["--message", &path, "--key", &bob_key, "--party", "b"],
        ));
        assert_eq!(signed["signer"], b.as_str());
        let verified = json(&channel("verify", &["--message", &path]));
        assert_eq!(verified["valid"], true);
    }

    // Alice closes on the old state 1; the same state again is stale; settling is early.
    let closed = json(&with(ep("alice"), &["close", "--message", &msg("1")]));
    assert_eq!(closed["status"], "closing");
    assert_eq!(closed["nonce"], 1);
    let stale = with(ep("bob"), &["challenge", "--message", &msg("1")]);
    assert_eq!(stale.code, 1);
    assert!(
        stale.stderr.contains("StaleNonce (channel error 13)"),
        "{}",
        stale.stderr
    );
    let early = with(
        ep("bob"),
        &["settle", "--a", &a, "--b", &b, "--asset", &token],
    );
    assert_eq!(early.code, 1);
    assert!(
        early
            .stderr
            .contains("ChallengePeriodActive (channel error 15)"),
        "{}",
        early.stderr
    );

    // Bob challenges with the newer state 2.
    let challenged = json(&with(ep("bob"), &["challenge", "--message", &msg("2")]));
    assert_eq!(challenged["nonce"], 2);

    // After the period anyone settles; the newest state pays.
    e.rt.block_on(async {
        e.deployer.anvil_increase_time(3600).await.unwrap();
        e.deployer.evm_mine(None).await.unwrap();
    });
    let settled = json(&with(
        ep("bob"),
        &["settle", "--a", &a, "--b", &b, "--asset", &token],
    ));
    assert_eq!(settled["status"], "settled");
    assert_eq!(e.balance(alice), U256::from(1000 - 100));
    assert_eq!(e.balance(bob), U256::from(1000 + 100));
    let shown = json(&channel(
        "show",
        &[
            "--rpc-url",
            &url,
            "--contract",
            &contract,
            "--a",
            &a,
            "--b",
            &b,
            "--asset",
            &token,
        ],
    ));
    assert_eq!(shown["status"], "settled");

    // A channel in the native coin: the deposit travels as the call's value, no approval.
    let native = json(&with(
        ep("alice"),
        &[
            "open",
            "--counterparty",
            &b,
            "--asset",
            "native",
            "--amount",
            "1000000",
            "--period",
            "3600",
        ],
    ));
    assert_eq!(native["status"], "open");
    assert_eq!(native["deposit_a"], "1000000");
    assert_eq!(
        native["transactions"].as_array().unwrap().len(),
        1,
        "{native}"
    );
    assert_eq!(native["transactions"][0]["call"], "open");
}

#[test]
fn sign_and_verify_on_every_chain() {
    let dir = tempfile::tempdir().unwrap();
    let secret = [7u8; 32];
    let secp = key_file(dir.path(), "secp.key", &secret);
    // A Solana keypair file: the secret seed, then the public key.
    let sol_path = dir.path().join("id.json");
    let public = ed25519_public(&secret);
    let mut keypair = secret.to_vec();
    keypair.extend_from_slice(&public);
    std::fs::write(&sol_path, serde_json::to_string(&keypair).unwrap()).unwrap();
    let sol = sol_path.display().to_string();
    let id = format!("0x{}", "ab".repeat(32));
    let cases: [(&str, &[&str], &str); 3] = [
        (
            "cosmwasm",
            &[
                "--chain-id",
                "osmosis-1",
                "--contract",
                "osmo14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9sq2r9g9",
            ],
            &secp,
        ),
        (
            "ink",
            &[
                "--contract",
                "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                "--network",
                "0x91b171bb158e2d3848fa23a9f1c25182fb8e20313b2c1eb49219da7a70ce90c3",
            ],
            &secp,
        ),
        (
            "solana",
            &[
                "--contract",
                "CYVS2qeyuf8bZkepkgs7F9sR6xNTmjKQsWQpC1scUTzh",
                "--network",
                "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
            ],
            &sol,
        ),
    ];
    for (chain, domain, key) in cases {
        let path = dir
            .path()
            .join(format!("{chain}.json"))
            .display()
            .to_string();
        let mut args = vec![
            "--chain",
            chain,
            "--channel-id",
            &id,
            "--epoch",
            "2",
            "--nonce",
            "9",
            "--sent-a",
            "5",
            "--sent-b",
            "1",
        ];
        args.extend_from_slice(domain);
        let mut first = args.clone();
        first.extend_from_slice(&["--key", key, "--party", "a", "--output", &path]);
        let signer = json(&channel("sign", &first))["signer"]
            .as_str()
            .unwrap()
            .to_string();
        json(&channel(
            "sign",
            &["--message", &path, "--key", key, "--party", "b"],
        ));
        let ok = json(&channel(
            "verify",
            &["--message", &path, "--a", &signer, "--b", &signer],
        ));
        assert_eq!(ok["valid"], true, "{chain}");

        // Raise sent_a after signing: neither signature verifies; exit code 4.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("\"sent_a\": \"5\"", "\"sent_a\": \"6\""),
        )
        .unwrap();
        let bad = channel(
            "verify",
            &["--message", &path, "--a", &signer, "--b", &signer],
        );
        assert_eq!(bad.code, 4, "{chain}: {}", bad.stderr);
        assert!(
            bad.stderr.contains("signatures do not verify"),
            "{}",
            bad.stderr
        );
    }
}

fn ed25519_public(seed: &[u8; 32]) -> [u8; 32] {
    tokenrail_channel::Ed25519Key::from_bytes(seed).public()
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json").display().to_string();
    let base = |key: &str| -> Vec<String> {
        [
            "--chain",
            "evm",
            "--chain-id",
            "1",
            "--contract",
            "0x4242424242424242424242424242424242424242",
            "--a",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "--b",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "--asset",
            "native",
            "--epoch",
            "1",
            "--nonce",
            "1",
            "--sent-a",
            "1",
            "--sent-b",
            "0",
            "--party",
            "a",
            "--output",
            &out,
            "--key",
            key,
        ]
        .map(String::from)
        .to_vec()
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        channel("sign", &refs)
    };
    let missing = run(base("/nonexistent/key"));
    assert_eq!(missing.code, 3);
    assert!(
        missing
            .stderr
            .contains("cannot read key file /nonexistent/key"),
        "{}",
        missing.stderr
    );

    let malformed = key_file(dir.path(), "bad.key", b"short");
    let r = run(base(&malformed));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("a secp256k1 secret has 32 bytes"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("73686f7274"),
        "key material is never printed"
    );
    assert!(!Path::new(&out).exists(), "no output on failure");

    let good = key_file(dir.path(), "good.key", &[9u8; 32]);
    let mut bad_addr = base(&good);
    bad_addr[7] = "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into(); // broken checksum
    let r = run(bad_addr);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .contains("--a `0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed`"),
        "{}",
        r.stderr
    );

    let mut float = base(&good);
    float[17] = "1.5".into();
    let r = run(float);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("whole numbers of base units"),
        "{}",
        r.stderr
    );

    let r = run(base(&good));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let again = run(base(&good));
    assert_eq!(again.code, 3, "never overwrites a message");
    assert!(again.stderr.contains("exists"), "{}", again.stderr);

    let unreachable = channel(
        "settle",
        &[
            "--rpc-url",
            "http://127.0.0.1:9",
            "--contract",
            "0x4242424242424242424242424242424242424242",
            "--key",
            &good,
            "--a",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "--b",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "--asset",
            "native",
        ],
    );
    assert_eq!(unreachable.code, 1);
    assert!(
        unreachable
            .stderr
            .contains("cannot reach http://127.0.0.1:9"),
        "{}",
        unreachable.stderr
    );
}
