//! The devnet commands against a real EVM JSON-RPC endpoint (an `anvil` this test starts):
//! `deploy` writes the deployment file, later commands read it and sign with the key file;
//! the chain holds the state. Bad input: no key, no deployment, another chain's deployment,
//! an unreachable endpoint, a non-EVM chain.

use std::path::{Path, PathBuf};

use alloy::node_bindings::Anvil;
use assert_cmd::Command;
use serde_json::Value;

fn anvil_path() -> PathBuf {
    tokenrail_client::devnet::evm::find_anvil(None).expect("anvil for the EVM tests")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("tokenrail")
        .unwrap()
        .current_dir(dir)
        .env_remove("TOKENRAIL_RPC_URL")
        .env_remove("TOKENRAIL_KEY_FILE")
        .env_remove("TOKENRAIL_DEPLOYMENT")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[track_caller]
fn ok(r: Run) -> Value {
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[track_caller]
fn fails(r: Run, code: i32, message: &str) {
    assert_eq!(r.code, code, "{}", r.stderr);
    assert!(
        r.stderr.contains(message),
        "expected `{message}` in {}",
        r.stderr
    );
}

#[test]
fn the_commands_drive_a_real_endpoint() {
    let node = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("3")
        .spawn();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret = hex::encode(node.keys()[0].to_bytes());
    std::fs::write(d.join("key"), format!("0x{secret}\n")).unwrap();
    let url = node.endpoint();
    let me = format!("{:?}", node.addresses()[0]);
    let (bob, carol) = (
        format!("{:?}", node.addresses()[1]),
        format!("{:?}", node.addresses()[2]),
    );
    let e = ["--chain", "evm", "--rpc-url", &url, "--key", "key"];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter().chain(e.iter()).map(|s| s.to_string()).collect()
    };
    let go = |args: &[&str]| {
        let all = with(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        run(d, &refs)
    };

    let deployed = ok(go(&["deploy"]));
    assert_eq!(deployed["chain_id"], 31337);
    assert!(d.join("tokenrail-deployment.json").exists());
    fails(go(&["deploy"]), 3, "a deployment is recorded there already");

    let hash = format!("0x{}", "42".repeat(32));
    ok(go(&[
        "token",
        "issue",
        "--name",
        "Bond",
        "--symbol",
        "BND",
        "--cap",
        "1000",
        "--uri",
        "ipfs://t",
        "--legal-hash",
        &hash,
    ]));
    for who in [&me, &bob] {
        ok(go(&[
            "token",
            "register",
            "--investor",
            who,
            "--jurisdiction",
            "276",
        ]));
    }
    ok(go(&["token", "mint", "--to", &me, "--amount", "100"]));
    fails(
        go(&["token", "transfer", "--to", &carol, "--amount", "1"]),
        1,
        "RecipientNotVerified (token error 12)",
    );
    ok(go(&["token", "transfer", "--to", &bob, "--amount", "40"]));
    let b = ok(go(&["token", "balance", "--account", &bob]));
    assert_eq!(b["balance"], "40");
    let why = ok(go(&[
        "token",
        "can-transfer",
        "--source",
        &bob,
        "--to",
        &carol,
        "--amount",
        "1",
    ]));
    assert_eq!(why["reason"], "RecipientNotVerified");

    let created = ok(go(&[
        "escrow",
        "create",
        "--beneficiary",
        &bob,
        "--milestones",
        "5,5",
        "--deadline",
        "+1d",
    ]));
    assert_eq!(created["escrow"], 1);
    ok(go(&[
        "escrow",
        "release",
        "--escrow",
        "1",
        "--milestone",
        "0",
    ]));
    let shown = ok(go(&["escrow", "show", "--escrow", "1"]));
    assert_eq!(
        (shown["released"].clone(), shown["status"].clone()),
        ("5".into(), "active".into())
    );

    std::fs::write(
        d.join("h.csv"),
        format!("address,amount\n{bob},7\n{carol},9\n"),
    )
    .unwrap();
    ok(go(&["payout", "send", "--input", "h.csv"]));
    let dist = ok(go(&[
        "payout",
        "distribute",
        "--input",
        "h.csv",
        "--expiry",
        "+1d",
    ]));
    assert_eq!(dist["distribution"], 1);
    // The claims are recorded with the deployment, so a later process proves them.
    ok(go(&[
        "payout",
        "claim",
        "--distribution",
        "1",
        "--index",
        "1",
    ]));
    fails(
        go(&["payout", "claim", "--distribution", "1", "--index", "1"]),
        1,
        "AlreadyClaimed (payout error 11)",
    );
    fails(
        go(&["payout", "clawback", "--distribution", "1"]),
        1,
        "NotExpired",
    );
    ok(go(&["devnet", "advance", "--by", "2d"]));
    ok(go(&["payout", "clawback", "--distribution", "1"]));
    let pay = ok(go(&[
        "token",
        "balance",
        "--account",
        &carol,
        "--asset",
        "payout",
    ]));
    assert_eq!(
        pay["balance"], "18",
        "the multi-send's 9 and carol's claim of 9"
    );

    // Bad input.
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "evm",
                "--rpc-url",
                &url,
                "--account",
                &bob,
            ],
        ),
        3,
        "an endpoint needs the signer's --key file",
    );
    fails(go(&["token", "balance", "--account", "bob"]), 3, "`bob`");
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "solana",
                "--rpc-url",
                &url,
                "--key",
                "key",
                "--account",
                &bob,
            ],
        ),
        3,
        "--rpc-url names an EVM endpoint",
    );
    fails(
        go(&[
            "token",
            "balance",
            "--account",
            &bob,
            "--deployment",
            "nowhere.json",
        ]),
        3,
        "cannot read the deployment file nowhere.json",
    );
    let other = Anvil::new()
        .path(anvil_path())
        .arg("--chain-id")
        .arg("7")
        .spawn();
    let other_url = other.endpoint();
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "evm",
                "--rpc-url",
                &other_url,
                "--key",
                "key",
                "--account",
                &bob,
            ],
        ),
        3,
        "is a deployment on chain 31337, but",
    );
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "evm",
                "--rpc-url",
                "http://127.0.0.1:9",
                "--key",
                "key",
                "--account",
                &bob,
            ],
        ),
        1,
        "cannot reach http://127.0.0.1:9",
    );
    std::fs::write(d.join("bad-key"), "not a key").unwrap();
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "evm",
                "--rpc-url",
                &url,
                "--key",
                "bad-key",
                "--account",
                &bob,
            ],
        ),
        3,
        "key file bad-key",
    );
}
