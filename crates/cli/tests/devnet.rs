//! The `tokenrail` binary on the embedded devnets: every capability's commands, each a separate
//! process, so the state must persist between invocations; and bad input (no devnet, unknown
//! accounts, wrong-chain addresses, fractional amounts, malformed files, unknown numbers), each
//! with its message and exit code and without touching the recorded state.

// The devnets are the default `devnet` feature; a lean binary has none.
#![cfg(feature = "devnet")]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{anvil_path, Run};

/// One devnet in a directory of its own.
struct Dev {
    dir: tempfile::TempDir,
    chain: &'static str,
}

impl Dev {
    fn new(chain: &'static str) -> Self {
        Dev {
            dir: tempfile::tempdir().unwrap(),
            chain,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn state(&self) -> PathBuf {
        self.path(".tokenrail").join(format!("{}.json", self.chain))
    }

    /// `tokenrail <args> --chain <chain> --json`, run in the devnet's directory.
    fn run(&self, args: &[&str]) -> Run {
        Run::of(
            Command::cargo_bin("tokenrail")
                .unwrap()
                .current_dir(self.dir.path())
                .env("TOKENRAIL_ANVIL", anvil_path())
                .env_remove("TOKENRAIL_STATE_DIR")
                .args(args)
                .args(["--chain", self.chain, "--json"]),
        )
    }

    fn address(&self, name: &str) -> String {
        let accounts = self.run(&["devnet", "accounts"]).ok().json();
        accounts["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .map(|a| a["address"].as_str().unwrap().to_owned())
            .unwrap()
    }

    /// `token can-transfer`'s answer.
    fn can_transfer(&self, from: &str, to: &str, amount: &str) -> serde_json::Value {
        let args = ["--source", from, "--to", to, "--amount", amount];
        self.run(&[&["token", "can-transfer"][..], &args].concat())
            .ok()
            .json()
    }

    /// `token document set` by the admin (the issuer account).
    fn set_document(&self, name: &str, uri: &str, hash: &str) -> Run {
        let args = ["--name", name, "--uri", uri, "--hash", hash];
        self.run(&[&["token", "document", "set"][..], &args].concat())
    }

    fn balance(&self, account: &str, asset: &str) -> u128 {
        let r = self
            .run(&["token", "balance", "--account", account, "--asset", asset])
            .ok();
        r.json()["balance"].as_str().unwrap().parse().unwrap()
    }
}

const HASH: &str = "0x4242424242424242424242424242424242424242424242424242424242424242";

/// Every capability through the CLI, one process per command.
fn lifecycle(chain: &'static str) {
    let d = Dev::new(chain);
    d.run(&["deploy"]).ok();
    d.run(&["deploy"]).fails(3, "is deployed already");

    // Token and whitelist.
    d.run(&[
        "token",
        "issue",
        "--name",
        "Tokenrail Bond 2030",
        "--symbol",
        "TRB30",
        "--cap",
        "1000000",
        "--uri",
        "ipfs://terms",
        "--legal-hash",
        HASH,
    ])
    .ok();
    for (who, j) in [("alice", "276"), ("bob", "250")] {
        d.run(&["token", "register", "--investor", who, "--jurisdiction", j])
            .ok();
    }
    let minted = d
        .run(&[
            "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "10000",
        ])
        .ok()
        .json();
    assert_eq!(minted["balance"], "10000");
    let why = d.can_transfer("alice", "carol", "1");
    assert_eq!(
        (why["allowed"].clone(), why["code"].clone()),
        (false.into(), 12.into())
    );
    assert_eq!(why["message"], "recipient unregistered or revoked");
    d.run(&[
        "token", "transfer", "--from", "alice", "--to", "carol", "--amount", "1",
    ])
    .fails(
        1,
        "the contract refused: RecipientNotVerified (token error 12)",
    );
    // Bob by address: the chain's own spelling works wherever a name does.
    let bob = d.address("bob");
    d.run(&[
        "token", "transfer", "--from", "alice", "--to", &bob, "--amount", "2500",
    ])
    .ok();
    d.run(&["token", "freeze", "--account", "bob"]).ok();
    d.run(&[
        "token", "transfer", "--from", "bob", "--to", "alice", "--amount", "1",
    ])
    .fails(1, "SenderFrozen (token error 5)");
    d.run(&[
        "token",
        "force-transfer",
        "--source",
        "bob",
        "--to",
        "alice",
        "--amount",
        "500",
    ])
    .ok();
    assert_eq!(d.balance("alice", "token"), 8_000);
    assert_eq!(d.balance("bob", "token"), 2_000);

    // Escrow.
    let e0 = d.balance("alice", "escrow");
    let created = d
        .run(&[
            "escrow",
            "create",
            "--from",
            "alice",
            "--beneficiary",
            "bob",
            "--arbiter",
            "carol",
            "--milestones",
            "300,200",
            "--deadline",
            "+7d",
        ])
        .ok()
        .json();
    assert_eq!(created["escrow"], 1);
    d.run(&[
        "escrow",
        "release",
        "--from",
        "bob",
        "--escrow",
        "1",
        "--milestone",
        "0",
    ])
    .fails(1, "Unauthorized (escrow error 1)");
    d.run(&[
        "escrow",
        "release",
        "--from",
        "carol",
        "--escrow",
        "1",
        "--milestone",
        "0",
    ])
    .ok();
    d.run(&["escrow", "refund", "--from", "dave", "--escrow", "1"])
        .fails(1, "DeadlineNotReached");
    d.run(&["devnet", "advance", "--by", "8d"]).ok();
    d.run(&["escrow", "refund", "--from", "dave", "--escrow", "1"])
        .ok();
    let shown = d.run(&["escrow", "show", "--escrow", "1"]).ok().json();
    assert_eq!(
        (shown["status"].clone(), shown["released"].clone()),
        ("refunded".into(), "300".into())
    );
    assert_eq!(d.balance("alice", "escrow"), e0 - 300);

    // Payout, from a holders file in the chain's address format.
    let holders = d.path("holders.csv");
    let (alice, carol) = (d.address("alice"), d.address("carol"));
    std::fs::write(
        &holders,
        format!("address,amount\n{alice},100\n{bob},200\n{carol},300\n"),
    )
    .unwrap();
    let p0 = d.balance("carol", "payout");
    let input = holders.to_str().unwrap();
    d.run(&["payout", "send", "--input", input]).ok();
    assert_eq!(d.balance("carol", "payout"), p0 + 300);
    let dist = d
        .run(&["payout", "distribute", "--input", input, "--expiry", "+30d"])
        .ok()
        .json();
    assert_eq!(dist["distribution"], 1);
    d.run(&[
        "payout",
        "claim",
        "--from",
        "dave",
        "--distribution",
        "1",
        "--index",
        "1",
    ])
    .ok();
    d.run(&[
        "payout",
        "claim",
        "--from",
        "bob",
        "--distribution",
        "1",
        "--index",
        "1",
    ])
    .fails(1, "AlreadyClaimed (payout error 11)");
    d.run(&["devnet", "advance", "--by", "31d"]).ok();
    d.run(&[
        "payout",
        "claim",
        "--from",
        "carol",
        "--distribution",
        "1",
        "--index",
        "2",
    ])
    .fails(1, "Expired (payout error 10)");
    let i0 = d.balance("issuer", "payout");
    d.run(&[
        "payout",
        "clawback",
        "--from",
        "dave",
        "--distribution",
        "1",
    ])
    .ok();
    assert_eq!(
        d.balance("issuer", "payout"),
        i0 + 400,
        "alice's and carol's claims came back"
    );

    // A channel with a dispute: signed states as files, passed from party to party.
    let c0 = d.balance("bob", "channel");
    let opened = d
        .run(&[
            "channel",
            "open",
            "--from",
            "alice",
            "--counterparty",
            "bob",
            "--amount",
            "1000",
            "--period",
            "3600",
        ])
        .ok()
        .json();
    assert_eq!(
        (opened["channel"].clone(), opened["epoch"].clone()),
        (1.into(), 1.into())
    );
    for (n, sent) in [("1", "100"), ("3", "300")] {
        let file = d.path(&format!("state{n}.json"));
        let file = file.to_str().unwrap();
        let first = d
            .run(&[
                "channel",
                "sign",
                "--from",
                "alice",
                "--channel",
                "1",
                "--nonce",
                n,
                "--sent-a",
                sent,
                "--sent-b",
                "0",
                "--output",
                file,
            ])
            .ok()
            .json();
        assert_eq!(first["party"], "a");
        let second = d
            .run(&[
                "channel",
                "sign",
                "--from",
                "bob",
                "--channel",
                "1",
                "--message",
                file,
            ])
            .ok()
            .json();
        assert_eq!(second["party"], "b");
    }
    // The devnet's message files verify offline, like any other.
    let verified = Command::cargo_bin("tokenrail")
        .unwrap()
        .current_dir(d.dir.path())
        .args([
            "channel",
            "verify",
            "--message",
            "state3.json",
            "--a",
            &alice,
            "--b",
            &bob,
        ])
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    let s1 = d.path("state1.json");
    let s3 = d.path("state3.json");
    d.run(&[
        "channel",
        "close",
        "--from",
        "alice",
        "--channel",
        "1",
        "--message",
        s1.to_str().unwrap(),
    ])
    .ok();
    d.run(&[
        "channel",
        "challenge",
        "--from",
        "alice",
        "--channel",
        "1",
        "--message",
        s1.to_str().unwrap(),
    ])
    .fails(1, "StaleNonce (channel error 13)");
    d.run(&[
        "channel",
        "challenge",
        "--from",
        "bob",
        "--channel",
        "1",
        "--message",
        s3.to_str().unwrap(),
    ])
    .ok();
    d.run(&["channel", "settle", "--from", "dave", "--channel", "1"])
        .fails(1, "ChallengePeriodActive (channel error 15)");
    d.run(&["devnet", "advance", "--by", "1h"]).ok();
    let settled = d
        .run(&["channel", "settle", "--from", "dave", "--channel", "1"])
        .ok()
        .json();
    assert_eq!(
        (settled["status"].clone(), settled["nonce"].clone()),
        ("settled".into(), 3.into())
    );
    assert_eq!(d.balance("bob", "channel"), c0 + 300, "the challenge won");

    // Reopened (epoch 2), topped up by bob, closed without any state (the timeout refund):
    // each side gets its deposit back.
    let again = d
        .run(&[
            "channel",
            "open",
            "--from",
            "alice",
            "--counterparty",
            "bob",
            "--amount",
            "50",
            "--period",
            "3600",
        ])
        .ok()
        .json();
    assert_eq!(
        (again["channel"].clone(), again["epoch"].clone()),
        (1.into(), 2.into())
    );
    d.run(&[
        "channel",
        "deposit",
        "--from",
        "bob",
        "--channel",
        "1",
        "--amount",
        "20",
    ])
    .ok();
    let b1 = d.balance("bob", "channel");
    d.run(&[
        "channel",
        "close",
        "--from",
        "alice",
        "--channel",
        "1",
        "--without-state",
    ])
    .ok();
    d.run(&["devnet", "advance", "--by", "1h"]).ok();
    d.run(&["channel", "settle", "--from", "dave", "--channel", "1"])
        .ok();
    assert_eq!(
        d.balance("bob", "channel"),
        b1 + 20,
        "bob's deposit came back"
    );

    // Documents (ERC-1643): `legal` is the metadata issued above; the others come and go, and
    // only the admin changes them. They stay manageable after the token's life ends (below).
    let prospectus = "ab".repeat(32);
    d.run(&[
        "token",
        "document",
        "set",
        "--from",
        "alice",
        "--name",
        "prospectus",
        "--uri",
        "ipfs://prospectus",
        "--hash",
        &prospectus,
    ])
    .fails(1, "Unauthorized (token error 1)");
    d.set_document("prospectus", "ipfs://prospectus", &prospectus)
        .ok();
    let shown = d
        .run(&["token", "document", "show", "--name", "prospectus"])
        .ok()
        .json();
    assert_eq!(
        (shown["uri"].clone(), shown["hash"].clone()),
        ("ipfs://prospectus".into(), format!("0x{prospectus}").into())
    );
    let listed = d.run(&["token", "document", "list"]).ok().json();
    let names: Vec<&str> = listed["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| doc["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["legal", "prospectus"]);
    assert_eq!(
        listed["documents"][0]["uri"], "ipfs://terms",
        "legal is the metadata"
    );
    assert_eq!(listed["documents"][0]["hash"], HASH);
    d.run(&["token", "document", "remove", "--name", "legal"])
        .fails(1, "InvalidMetadata (token error 22)");
    d.run(&["token", "document", "remove", "--name", "prospectus"])
        .ok();
    d.run(&["token", "document", "show", "--name", "prospectus"])
        .fails(1, "DocumentNotFound (token error 41)");

    // The end of the token's life: only a paused token deactivates, and afterwards nothing
    // moves a balance or unpauses it, while balances stay readable.
    let alice_holds = d.balance("alice", "token");
    d.run(&["token", "deactivate"])
        .fails(1, "NotPaused (token error 21)");
    d.run(&["token", "pause"]).ok();
    d.run(&["token", "deactivate"]).ok();
    d.run(&["token", "pause", "--unpause"])
        .fails(1, "Deactivated (token error 43)");
    d.run(&[
        "token", "transfer", "--from", "alice", "--to", "bob", "--amount", "1",
    ])
    .fails(1, "Deactivated (token error 43)");
    d.run(&[
        "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1",
    ])
    .fails(1, "Deactivated (token error 43)");
    let why = d.can_transfer("alice", "bob", "1");
    assert_eq!(why["code"], 43);
    assert_eq!(why["message"], "the token was deactivated");
    assert_eq!(d.balance("alice", "token"), alice_holds);
    d.set_document("legal", "ipfs://redeemed", &prospectus).ok();
    let legal = d
        .run(&["token", "document", "show", "--name", "legal"])
        .ok()
        .json();
    assert_eq!(
        legal["uri"], "ipfs://redeemed",
        "a deactivated token keeps its documents"
    );

    // Everything above replays from the state file alone.
    let info = d.run(&["devnet", "info"]).ok().json();
    assert_eq!(
        (
            info["escrows"].clone(),
            info["distributions"].clone(),
            info["channels"].clone()
        ),
        (1.into(), 1.into(), 1.into())
    );
}

#[test]
fn lifecycle_on_the_solana_devnet() {
    lifecycle("solana");
}

#[test]
fn lifecycle_on_the_cosmwasm_devnet() {
    lifecycle("cosmwasm");
}

#[test]
fn lifecycle_on_the_ink_devnet() {
    lifecycle("ink");
}

#[test]
fn lifecycle_on_the_evm_devnet() {
    lifecycle("evm");
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn bad_input_gets_a_clear_message_and_leaves_the_state_alone() {
    let d = Dev::new("solana");
    d.run(&["token", "balance", "--account", "alice"])
        .fails(1, "no Solana devnet here")
        .fails(1, "run `tokenrail deploy --chain solana` first");
    d.run(&["deploy"]).ok();
    d.run(&[
        "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1",
    ])
    .fails(3, "no token is issued on this devnet yet");
    d.run(&[
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
        "0x1234",
    ])
    .fails(3, "`0x1234` is not a 32-byte hex hash");
    d.run(&[
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
        HASH,
    ])
    .ok();
    let recorded = bytes(&d.state());

    d.run(&[
        "token",
        "register",
        "--from",
        "zed",
        "--investor",
        "alice",
        "--jurisdiction",
        "276",
    ])
    .fails(
        3,
        "`zed` is not a development account (they are: issuer, alice, bob",
    );
    d.run(&[
        "token",
        "mint",
        "--from",
        "issuer",
        "--to",
        "0x149BcBEf6759e71B6908f69Cadb047945d9EB2Cb",
        "--amount",
        "1",
    ])
    .fails(3, "is neither a development account")
    .fails(3, "nor a Solana address");
    d.run(&[
        "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1.5",
    ])
    .fails(3, "--amount `1.5`");
    d.run(&[
        "token",
        "mint",
        "--from",
        "issuer",
        "--to",
        "alice",
        "--amount=-3",
    ])
    .fails(3, "--amount `-3`");
    d.run(&[
        "token",
        "register",
        "--investor",
        "alice",
        "--jurisdiction",
        "276",
        "--kyc-expiry",
        "soon",
    ])
    .fails(3, "`soon` is not a time");
    d.run(&["escrow", "refund", "--from", "alice", "--escrow", "5"])
        .fails(3, "there is no escrow 5 on this devnet (0 so far)");
    d.run(&[
        "channel",
        "close",
        "--from",
        "alice",
        "--channel",
        "1",
        "--message",
        "missing.json",
    ])
    .fails(3, "cannot read missing.json");
    let csv = d.path("bad.csv");
    std::fs::write(
        &csv,
        "address,amount\nnot-an-address,5\nCYVS2qeyuf8bZkepkgs7F9sR6xNTmjKQsWQpC1scUTzh,1.5\n",
    )
    .unwrap();
    d.run(&["payout", "send", "--input", csv.to_str().unwrap()])
        .fails(3, "line 2")
        .fails(3, "line 3");
    // A refusal records nothing, and neither does --dry-run.
    d.run(&[
        "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1",
    ])
    .fails(1, "RecipientNotVerified");
    assert_eq!(
        bytes(&d.state()),
        recorded,
        "failed commands leave the state alone"
    );
    d.run(&[
        "token",
        "register",
        "--investor",
        "alice",
        "--jurisdiction",
        "276",
        "--dry-run",
    ])
    .ok();
    assert_eq!(bytes(&d.state()), recorded, "--dry-run records nothing");
    d.run(&[
        "token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1",
    ])
    .fails(1, "RecipientNotVerified");

    // A state file that is not one, or is another chain's.
    std::fs::write(d.state(), "{ not json").unwrap();
    d.run(&["devnet", "info"])
        .fails(3, "not a Tokenrail devnet state file");
    std::fs::write(
        d.state(),
        r#"{"format":"tokenrail-devnet-v2","chain":"ink","created":{},"state":{}}"#,
    )
    .unwrap();
    d.run(&["devnet", "info"]).fails(
        3,
        "a tokenrail-devnet-v2 state file for ink, expected tokenrail-devnet-v2 for solana",
    );
    d.run(&["devnet", "reset"]).ok();
    assert!(!d.state().exists());
}

#[test]
fn an_old_or_damaged_state_is_reported_with_the_way_out() {
    let d = Dev::new("cosmwasm");
    d.run(&["deploy"]).ok();
    // The journal of earlier versions is not replayed: the message names the reset.
    std::fs::write(
        d.state(),
        r#"{"format":"tokenrail-devnet-v1","chain":"cosmwasm","ops":[{"op":"deploy"}]}"#,
    )
    .unwrap();
    d.run(&["devnet", "info"])
        .fails(3, "a tokenrail-devnet-v1 state file")
        .fails(3, "tokenrail devnet reset --chain cosmwasm");
    // A snapshot whose record names an escrow the wrong way is refused, naming the file.
    d.run(&["devnet", "reset"]).ok();
    d.run(&["deploy"]).ok();
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.state()).unwrap()).unwrap();
    state["created"]["escrows"] = serde_json::json!(["not an id"]);
    std::fs::write(d.state(), state.to_string()).unwrap();
    d.run(&["devnet", "info"])
        .fails(3, "cosmwasm.json")
        .fails(3, "escrow id");
}

/// Two commands at once on one devnet: the second waits for the first (a lock on the state),
/// so neither's escrow is lost (each restores what the other saved).
#[test]
fn commands_at_once_lose_nothing() {
    let d = Dev::new("cosmwasm");
    d.run(&["deploy"]).ok();
    let create = |from: &'static str| {
        let dir = d.dir.path().to_path_buf();
        std::thread::spawn(move || {
            Command::cargo_bin("tokenrail")
                .unwrap()
                .current_dir(dir)
                .env_remove("TOKENRAIL_STATE_DIR")
                .args([
                    "escrow",
                    "create",
                    "--from",
                    from,
                    "--beneficiary",
                    "bob",
                    "--milestones",
                    "10",
                    "--deadline",
                    "+1d",
                    "--chain",
                    "cosmwasm",
                    "--json",
                ])
                .output()
                .unwrap()
        })
    };
    let runs: Vec<_> = ["alice", "carol", "dave"].map(create).into_iter().collect();
    for r in runs {
        let out = r.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let info = d.run(&["devnet", "info"]).ok().json();
    assert_eq!(info["escrows"], 3, "every escrow is recorded");
    for n in ["1", "2", "3"] {
        d.run(&["escrow", "show", "--escrow", n]).ok();
    }
}
