//! The devnet commands against endpoints: a real EVM JSON-RPC node (an `anvil` this test
//! starts), a Solana cluster's JSON-RPC (the program-test front running the Tokenrail
//! programs; no validator can be built here), a Cosmos chain's CometBFT RPC (the front over
//! cw-multi-test) and a Substrate node's WebSocket RPC (the front over the pallet-contracts
//! development runtime). `deploy` writes the deployment file, later commands read it and sign
//! with the key file; the chain holds the state. Bad input: no key, a malformed key, no
//! deployment, another chain's deployment, an unreachable endpoint, a URL of the wrong kind, a
//! cluster without the programs.

mod common;

use std::path::Path;

use alloy::node_bindings::Anvil;
use common::{anvil_path, fails, keypair_file, ok, run_env, Run};
use serde_json::Value;

fn run(dir: &Path, args: &[&str]) -> Run {
    run_at(dir, None, args)
}

/// Runs the CLI in `dir`, with `HOME` at `home` where given.
fn run_at(dir: &Path, home: Option<&Path>, args: &[&str]) -> Run {
    run_env(dir, home, &[], args)
}

/// The lifecycle both endpoints run, through `go` (a command with the endpoint's flags): a
/// token issued, investors registered, a blocked and an allowed transfer; two escrows (numbered
/// across processes), one milestone released; a multi-send and a Merkle distribution whose
/// claims a later process proves, a double claim, a clawback after expiry.
fn lifecycle(d: &Path, go: &dyn Fn(&[&str]) -> Run, [me, bob, carol]: [&str; 3]) {
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
    for who in [me, bob] {
        ok(go(&[
            "token",
            "register",
            "--investor",
            who,
            "--jurisdiction",
            "276",
        ]));
    }
    ok(go(&["token", "mint", "--to", me, "--amount", "100"]));
    fails(
        go(&["token", "transfer", "--to", carol, "--amount", "1"]),
        1,
        "RecipientNotVerified (token error 12)",
    );
    ok(go(&["token", "transfer", "--to", bob, "--amount", "40"]));
    let b = ok(go(&["token", "balance", "--account", bob]));
    assert_eq!(b["balance"], "40");
    let why = ok(go(&[
        "token",
        "can-transfer",
        "--source",
        bob,
        "--to",
        carol,
        "--amount",
        "1",
    ]));
    assert_eq!(why["reason"], "RecipientNotVerified");
    assert_eq!(why["message"], "recipient unregistered or revoked");

    for n in [1, 2] {
        let created = ok(go(&[
            "escrow",
            "create",
            "--beneficiary",
            bob,
            "--milestones",
            "5,5",
            "--deadline",
            "+1d",
        ]));
        assert_eq!(created["escrow"], n, "escrows are numbered across runs");
    }
    ok(go(&[
        "escrow",
        "release",
        "--escrow",
        "2",
        "--milestone",
        "0",
    ]));
    let shown = ok(go(&["escrow", "show", "--escrow", "2"]));
    assert_eq!(
        (shown["released"].clone(), shown["status"].clone()),
        ("5".into(), "active".into())
    );
    let first = ok(go(&["escrow", "show", "--escrow", "1"]));
    assert_eq!(first["released"], "0");

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
    // The front moves its clock (a development node's method); a real cluster refuses.
    ok(go(&["devnet", "advance", "--by", "2d"]));
    ok(go(&["payout", "clawback", "--distribution", "1"]));
    let pay = ok(go(&[
        "token",
        "balance",
        "--account",
        carol,
        "--asset",
        "payout",
    ]));
    assert_eq!(
        pay["balance"], "18",
        "the multi-send's 9 and carol's claim of 9"
    );
}

/// A channel with a dispute, through `go` (the key's holder, party A) and `as_bob` (party B
/// under `bob_key`): A opens and signs two states, B countersigns them offline; A closes on the
/// older, B challenges with the newer, and the settlement pays B what it says.
fn dispute(
    d: &Path,
    go: &dyn Fn(&[&str]) -> Run,
    as_bob: &dyn Fn(&[&str]) -> Run,
    bob_key: &str,
    bob: &str,
) {
    let opened = ok(go(&[
        "channel",
        "open",
        "--counterparty",
        bob,
        "--amount",
        "1000",
        "--period",
        "3600",
    ]));
    assert_eq!(opened["channel"], 1);
    for (n, sent) in [("1", "100"), ("3", "300")] {
        let file = format!("state{n}.json");
        let mine = ok(go(&[
            "channel",
            "sign",
            "--from",
            "key",
            "--channel",
            "1",
            "--nonce",
            n,
            "--sent-a",
            sent,
            "--sent-b",
            "0",
            "--output",
            &file,
        ]));
        assert_eq!(mine["party"], "a");
        ok(run_at(
            d,
            Some(d),
            &[
                "channel",
                "sign",
                "--message",
                &file,
                "--key",
                bob_key,
                "--party",
                "b",
            ],
        ));
    }
    let c0 = ok(go(&[
        "token",
        "balance",
        "--account",
        bob,
        "--asset",
        "channel",
    ]))["balance"]
        .as_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    ok(go(&[
        "channel",
        "close",
        "--channel",
        "1",
        "--message",
        "state1.json",
    ]));
    ok(as_bob(&[
        "channel",
        "challenge",
        "--channel",
        "1",
        "--message",
        "state3.json",
    ]));
    fails(
        go(&["channel", "settle", "--channel", "1"]),
        1,
        "ChallengePeriodActive (channel error 15)",
    );
    ok(go(&["devnet", "advance", "--by", "1h"]));
    let settled = ok(go(&["channel", "settle", "--channel", "1"]));
    assert_eq!(
        (settled["status"].clone(), settled["nonce"].clone()),
        ("settled".into(), 3.into())
    );
    let c1 = ok(go(&[
        "token",
        "balance",
        "--account",
        bob,
        "--asset",
        "channel",
    ]))["balance"]
        .as_str()
        .unwrap()
        .parse::<u64>()
        .unwrap();
    assert_eq!(c1, c0 + 300, "the challenge won");
    fails(go(&["channel", "show", "--channel", "2"]), 3, "channel 2");
}

/// A chain whose nodes cannot dry-run an operation refuses `--dry-run`, saying why (`on` names
/// the chain as the message does).
fn refuses_dry_run(go: &dyn Fn(&[&str]) -> Run, me: &str, on: &str) {
    fails(
        go(&["token", "mint", "--to", me, "--amount", "1", "--dry-run"]),
        3,
        &format!("--dry-run is not available on {on}: an operation's later transactions"),
    );
}

/// An EVM address is not an account of this chain.
fn refuses_evm_address(go: &dyn Fn(&[&str]) -> Run) {
    fails(
        go(&[
            "token",
            "balance",
            "--account",
            "0xAbC0000000000000000000000000000000000001",
        ]),
        3,
        "`0xAbC0000000000000000000000000000000000001`",
    );
}

/// Another chain family's deployment file is refused, naming both families; a file of an
/// earlier format, naming both formats.
fn refuses_evm_deployment(d: &Path, go: &dyn Fn(&[&str]) -> Run, bob: &str, expected: &str) {
    let balance =
        |file: &'static str| go(&["token", "balance", "--account", bob, "--deployment", file]);
    std::fs::write(
        d.join("evm.json"),
        r#"{"format":"tokenrail-deployment-v2","chain":"evm","network":"1","contracts":{}}"#,
    )
    .unwrap();
    fails(
        balance("evm.json"),
        3,
        &format!("evm.json is a deployment on evm, not on {expected}"),
    );
    std::fs::write(
        d.join("old.json"),
        r#"{"format":"tokenrail-evm-deployment-v1","chain_id":1}"#,
    )
    .unwrap();
    fails(
        balance("old.json"),
        3,
        "format tokenrail-evm-deployment-v1, expected tokenrail-deployment-v2",
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

    let rehearsed = ok(go(&["deploy", "--dry-run"]));
    assert_eq!(
        (rehearsed["chain_id"].clone(), rehearsed["dry_run"].clone()),
        (31337.into(), true.into())
    );
    assert!(
        !d.join("tokenrail-deployment.json").exists(),
        "a dry run records nothing"
    );
    let deployed = ok(go(&["deploy"]));
    assert_eq!(deployed["chain_id"], 31337);
    assert!(d.join("tokenrail-deployment.json").exists());
    fails(go(&["deploy"]), 3, "a deployment is recorded there already");

    lifecycle(d, &go, [&me, &bob, &carol]);
    // A dry run goes to a fork of the node: it reports the transfer and changes nothing.
    let dry = ok(go(&[
        "token",
        "transfer",
        "--to",
        &bob,
        "--amount",
        "1",
        "--dry-run",
    ]));
    assert_eq!(dry["dry_run"], true);
    let b = ok(go(&["token", "balance", "--account", &bob]));
    assert_eq!(b["balance"], "40", "the dry run moved nothing");
    fails(
        go(&[
            "token",
            "transfer",
            "--to",
            &carol,
            "--amount",
            "1",
            "--dry-run",
        ]),
        1,
        "RecipientNotVerified (token error 12)",
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
                "ink",
                "--rpc-url",
                &url,
                "--key",
                "key",
                "--account",
                &bob,
            ],
        ),
        3,
        "is not a WebSocket URL (a Substrate node's RPC is ws://",
    );
    // An EVM key is no Solana keypair.
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
        "key file key: not a Solana keypair file",
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

#[test]
fn the_commands_drive_a_solana_cluster() {
    use tokenrail_sdk::solana::{Keypair, Signer, TOKEN};
    let keys: Vec<Keypair> = (0..3).map(|_| Keypair::new()).collect();
    let (node, _) = tokenrail_solana_front::local_cluster(&keys, TOKEN, &[0, 0, 0]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The Solana CLI's default keypair, so no --keypair is needed.
    keypair_file(&d.join(".config/solana/id.json"), &keys[0]);
    let url = node.url.clone();
    let me = keys[0].pubkey().to_string();
    let (bob, carol) = (keys[1].pubkey().to_string(), keys[2].pubkey().to_string());
    let e = ["--chain", "solana", "--url", &url];
    let go = |args: &[&str]| {
        let all: Vec<&str> = args.iter().chain(e.iter()).copied().collect();
        run_at(d, Some(d), &all)
    };

    let deployed = ok(go(&["deploy"]));
    assert_eq!(
        deployed["programs"]["tokenrail_escrow"],
        tokenrail_sdk::solana::deploy::PROGRAMS[2].1.to_string()
    );
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["format"], "tokenrail-deployment-v2");
    assert_eq!(file["chain"], "solana");
    assert_eq!(file["network"], deployed["genesis_hash"]);
    fails(go(&["deploy"]), 3, "a deployment is recorded there already");
    // The new payment mint credited the signer.
    let paid = ok(go(&[
        "token",
        "balance",
        "--account",
        &me,
        "--asset",
        "escrow",
    ]));
    assert_eq!(paid["balance"], "1000000000000");

    lifecycle(d, &go, [&me, &bob, &carol]);

    // A channel with a dispute: the key's holder opens and signs; bob countersigns offline with
    // his own keypair and challenges with a newer state under it.
    keypair_file(&d.join("bob.json"), &keys[1]);
    let as_bob = |args: &[&str]| {
        let all: Vec<&str> = args
            .iter()
            .chain(e.iter())
            .chain(["--keypair", "bob.json"].iter())
            .copied()
            .collect();
        run_at(d, Some(d), &all)
    };
    dispute(d, &go, &as_bob, "bob.json", &bob);

    // Bad input.
    let elsewhere = tempfile::tempdir().unwrap();
    let nobody = elsewhere.path();
    let at = |args: &[&str], home: &Path| {
        let all: Vec<&str> = args.iter().chain(e.iter()).copied().collect();
        run_at(d, Some(home), &all)
    };
    fails(
        at(&["token", "balance", "--account", &bob], nobody),
        3,
        ".config/solana/id.json",
    );
    std::fs::write(d.join("short.json"), "[1,2,3]").unwrap();
    fails(
        go(&[
            "token",
            "balance",
            "--account",
            &bob,
            "--keypair",
            "short.json",
        ]),
        3,
        "key file short.json: a Solana keypair has 64 bytes",
    );
    fails(go(&["token", "balance", "--account", "bob"]), 3, "`bob`");
    refuses_dry_run(&go, &me, "a Solana cluster");
    fails(
        run_at(
            d,
            Some(d),
            &[
                "token",
                "balance",
                "--chain",
                "solana",
                "--url",
                "http://127.0.0.1:9",
                "--account",
                &bob,
            ],
        ),
        1,
        "cannot reach http://127.0.0.1:9 as a Solana node",
    );
    fails(
        run_at(
            d,
            Some(d),
            &[
                "token",
                "balance",
                "--chain",
                "solana",
                "--url",
                "mainnet",
                "--account",
                &bob,
            ],
        ),
        3,
        "one of the Solana CLI's monikers",
    );
    refuses_evm_deployment(d, &go, &bob, "solana");
    // A cluster without the Tokenrail programs (program-test's API is deprecated-as-unstable).
    #[allow(deprecated)]
    let bare = tokenrail_solana_front::serve(|| {
        let pt = tokenrail_devnet::solana::bank::solana_program_test::ProgramTest::default();
        tokenrail_devnet::solana::bank::Chain::start_with_keys::<usize>(pt, vec![], TOKEN, &[])
    });
    fails(
        run_at(
            nobody,
            Some(d),
            &["deploy", "--chain", "solana", "--url", &bare.url],
        ),
        1,
        "program is not deployed at",
    );
}

#[test]
fn the_commands_drive_a_cosmos_chain() {
    use tokenrail_devnet::cosmwasm::DENOM;
    use tokenrail_sdk::cosmwasm::CwParty;
    let secrets: Vec<[u8; 32]> = (1..=3u8).map(|i| [i; 32]).collect();
    let parties: Vec<CwParty> = secrets
        .iter()
        .map(|s| {
            CwParty::new(
                tokenrail_channel::Secp256k1Key::from_bytes(s).unwrap(),
                "cosmwasm",
            )
            .unwrap()
        })
        .collect();
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/cosmwasm");
    let funded = [
        (parties[0].addr.clone(), 1_000_000_000_000),
        (parties[1].addr.clone(), 0),
        (parties[2].addr.clone(), 0),
    ];
    let node = tokenrail_cosmos_front::local_chain(&artifacts, &funded)
        .expect("the CosmWasm artifacts are built");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Keys as `<chaind> keys export --unarmored-hex --unsafe` prints them.
    std::fs::write(d.join("key"), hex::encode(secrets[0])).unwrap();
    std::fs::write(d.join("bob.key"), hex::encode(secrets[1])).unwrap();
    let url = node.url.clone();
    let [me, bob, carol] = [0, 1, 2].map(|i| parties[i].addr.to_string());
    let e = ["--chain", "cosmwasm", "--rpc-url", &url, "--key", "key"];
    let go = |args: &[&str]| {
        let all: Vec<&str> = args.iter().chain(e.iter()).copied().collect();
        run(d, &all)
    };

    let artifacts_flag = artifacts.to_str().unwrap();
    fails(
        go(&["deploy", "--bech32-prefix", "cosmwasm"]),
        3,
        "a Cosmos deploy needs --payment-token",
    );
    let deploy = [
        "deploy",
        "--bech32-prefix",
        "cosmwasm",
        "--payment-token",
        DENOM,
        "--artifacts",
        artifacts_flag,
    ];
    let deployed = ok(go(&deploy));
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["format"], "tokenrail-deployment-v2");
    assert_eq!(file["chain"], "cosmwasm");
    assert_eq!(file["network"], deployed["chain_id"]);
    assert_eq!(file["address_prefix"], "cosmwasm");
    assert_eq!(file["contracts"]["denom"], DENOM);
    fails(go(&deploy), 3, "a deployment is recorded there already");

    lifecycle(d, &go, [&me, &bob, &carol]);
    let as_bob = |args: &[&str]| {
        let all: Vec<&str> = args
            .iter()
            .chain(["--chain", "cosmwasm", "--rpc-url", &url, "--key", "bob.key"].iter())
            .copied()
            .collect();
        run(d, &all)
    };
    dispute(d, &go, &as_bob, "bob.key", &bob);

    // Bad input.
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "cosmwasm",
                "--rpc-url",
                &url,
                "--account",
                &bob,
            ],
        ),
        3,
        "a Cosmos endpoint needs the signer's --key file",
    );
    refuses_dry_run(&go, &me, "a Cosmos chain");
    refuses_evm_address(&go);
    fails(
        go(&[
            "token",
            "balance",
            "--account",
            &bob,
            "--gas-price",
            "cheap",
        ]),
        3,
        "--gas-price: `cheap` is not a gas price",
    );
    // A key whose account holds nothing has no account to sign with.
    std::fs::write(d.join("stranger.key"), hex::encode([9u8; 32])).unwrap();
    fails(
        run(
            d,
            &[
                "token",
                "mint",
                "--chain",
                "cosmwasm",
                "--rpc-url",
                &url,
                "--key",
                "stranger.key",
                "--to",
                &me,
                "--amount",
                "1",
            ],
        ),
        1,
        "has no account",
    );
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "cosmwasm",
                "--rpc-url",
                "http://127.0.0.1:9",
                "--key",
                "key",
                "--account",
                &bob,
            ],
        ),
        1,
        "cannot reach http://127.0.0.1:9 as a CometBFT node",
    );
    refuses_evm_deployment(d, &go, &bob, "cosmwasm");
}

#[test]
fn the_commands_drive_a_substrate_node() {
    use tokenrail_sdk::ink::{InkKey, InkParty, Scheme, SubstrateRpc};
    // A chain that spells accounts in SS58 format 5 (as Astar does): addresses are read and
    // written in it.
    let node = tokenrail_substrate_front::serve_as(tokenrail_devnet::GENESIS_TIME * 1000, 5);
    let url = node.url().to_string();
    let secrets: Vec<[u8; 32]> = (1..=3u8).map(|i| [i; 32]).collect();
    let parties: Vec<InkParty> = secrets
        .iter()
        .map(|s| InkParty::new(tokenrail_channel::Secp256k1Key::from_bytes(s).unwrap()))
        .collect();
    // The parties' accounts get a native balance from //Alice for their storage deposits, as
    // on a development chain.
    let alice = InkKey::from_suri("//Alice", Scheme::Sr25519).unwrap();
    let faucet = SubstrateRpc::connect(&url, vec![alice.clone()]).unwrap();
    for p in &parties {
        faucet
            .transfer_native(&alice.account(), &p.account, 10_000_000_000_000)
            .unwrap();
    }
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/ink");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // ECDSA keys as secret URIs: the `0x` seed `subkey generate --scheme ecdsa` prints.
    std::fs::write(d.join("key"), format!("0x{}", hex::encode(secrets[0]))).unwrap();
    std::fs::write(d.join("bob.key"), format!("0x{}", hex::encode(secrets[1]))).unwrap();
    let show = |p: &InkParty| tokenrail_planner::address::ss58_encode(p.account.as_ref(), 5);
    let [me, bob, carol] = [0, 1, 2].map(|i| show(&parties[i]));
    let ecdsa = [("TOKENRAIL_SCHEME", "ecdsa")];
    let e = ["--chain", "ink", "--url", &url, "--key", "key"];
    let go = |args: &[&str]| {
        let all: Vec<&str> = args.iter().chain(e.iter()).copied().collect();
        run_env(d, None, &ecdsa, &all)
    };

    let artifacts_flag = artifacts.to_str().unwrap();
    fails(
        go(&[
            "deploy",
            "--payment-token",
            "gold",
            "--artifacts",
            artifacts_flag,
        ]),
        3,
        "--payment-token `gold`",
    );
    fails(
        go(&["deploy", "--artifacts", "/nonexistent"]),
        1,
        "Build the ink! artifacts first",
    );
    let deploy = ["deploy", "--artifacts", artifacts_flag];
    let deployed = ok(go(&deploy));
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["format"], "tokenrail-deployment-v2");
    assert_eq!(file["chain"], "ink");
    assert_eq!(file["network"], deployed["genesis_hash"]);
    assert!(
        file["contracts"]["payment_token"].is_string(),
        "a new PSP22 token"
    );
    fails(go(&deploy), 3, "a deployment is recorded there already");

    lifecycle(d, &go, [&me, &bob, &carol]);
    let as_bob = |args: &[&str]| {
        let all: Vec<&str> = args
            .iter()
            .chain(["--chain", "ink", "--url", &url, "--key", "bob.key"].iter())
            .copied()
            .collect();
        run_env(d, None, &ecdsa, &all)
    };
    dispute(d, &go, &as_bob, "bob.key", &bob);

    // A secret URI on the command line, as cargo-contract's --suri (sr25519 by default).
    let read = ok(run(
        d,
        &[
            "token",
            "balance",
            "--chain",
            "ink",
            "--url",
            &url,
            "--suri",
            "//Alice",
            "--account",
            &bob,
        ],
    ));
    assert_eq!(read["balance"], "40");

    // Bad input.
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "ink",
                "--url",
                &url,
                "--account",
                &bob,
            ],
        ),
        3,
        "an ink! endpoint needs the signer: --suri",
    );
    refuses_dry_run(&go, &me, "a Substrate chain");
    refuses_evm_address(&go);
    // The same account spelled in the generic format 42 is another network's address here.
    let generic = tokenrail_planner::address::ss58_encode(parties[1].account.as_ref(), 42);
    fails(
        go(&["token", "balance", "--account", &generic]),
        3,
        "SS58 prefix differs from 5",
    );
    fails(
        go(&["token", "balance", "--account", &bob, "--scheme", "ed25519"]),
        3,
        "--scheme: unknown signature scheme `ed25519`",
    );
    std::fs::write(d.join("bad.key"), "not a secret at all").unwrap();
    let bad = run_env(
        d,
        None,
        &ecdsa,
        &[
            "token",
            "balance",
            "--chain",
            "ink",
            "--url",
            &url,
            "--key",
            "bad.key",
            "--account",
            &bob,
        ],
    );
    fails(bad, 3, "key file bad.key: not an ECDSA secret URI");
    let both = run(
        d,
        &[
            "token",
            "balance",
            "--chain",
            "ink",
            "--url",
            &url,
            "--key",
            "key",
            "--suri",
            "//Alice",
            "--account",
            &bob,
        ],
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    for (wrong, message) in [
        ("http://127.0.0.1:9", "is not a WebSocket URL"),
        (
            "ws://127.0.0.1:9",
            "cannot reach ws://127.0.0.1:9 as a Substrate node",
        ),
    ] {
        let code = if wrong.starts_with("http") { 3 } else { 1 };
        fails(
            run(
                d,
                &[
                    "token",
                    "balance",
                    "--chain",
                    "ink",
                    "--url",
                    wrong,
                    "--suri",
                    "//Alice",
                    "--account",
                    &bob,
                ],
            ),
            code,
            message,
        );
    }
    // Another chain (another genesis) with this chain's deployment file.
    let other = tokenrail_substrate_front::serve(1_800_000_000_000);
    fails(
        run(
            d,
            &[
                "token",
                "balance",
                "--chain",
                "ink",
                "--url",
                other.url(),
                "--suri",
                "//Alice",
                "--account",
                &bob,
            ],
        ),
        3,
        "is a deployment on chain",
    );
    refuses_evm_deployment(d, &go, &bob, "ink");
}

/// A node behind a provider that rate-limits: every third JSON-RPC call is refused with HTTP
/// 429's JSON-RPC code, as hosted endpoints do under load, and the rest are passed to a real
/// `anvil`. The CLI retries the refused calls with backoff and every command succeeds; nothing
/// is done twice (the balances are exact).
struct RateLimited {
    /// The anvil's URL.
    anvil: String,
    calls: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    refused: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl tokenrail_json_rpc_front::Node for RateLimited {
    fn call(
        &mut self,
        method: &str,
        params: &Value,
    ) -> Result<Value, tokenrail_json_rpc_front::RpcError> {
        use std::sync::atomic::Ordering;
        if self.calls.fetch_add(1, Ordering::SeqCst).is_multiple_of(3) {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return Err(tokenrail_json_rpc_front::RpcError::new(
                429,
                "Too Many Requests: rate limited",
            ));
        }
        tokenrail_json_rpc_front::forward(&self.anvil, method, params)
    }
}

#[test]
fn a_rate_limiting_endpoint_is_retried_with_backoff() {
    let node = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("2")
        .spawn();
    let anvil = node.endpoint();
    let refused = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = refused.clone();
    let front = tokenrail_json_rpc_front::serve(move || RateLimited {
        anvil,
        calls: Default::default(),
        refused: counted,
    });
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret = hex::encode(node.keys()[0].to_bytes());
    std::fs::write(d.join("key"), format!("0x{secret}\n")).unwrap();
    let bob = format!("{:?}", node.addresses()[1]);
    let go = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&["--chain", "evm", "--rpc-url", &front.url, "--key", "key"]);
        run(d, &all)
    };
    ok(go(&["deploy"]));
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
        "ipfs://terms",
        "--legal-hash",
        &format!("0x{}", "42".repeat(32)),
    ]));
    ok(go(&[
        "token",
        "register",
        "--investor",
        &bob,
        "--jurisdiction",
        "276",
    ]));
    ok(go(&["token", "mint", "--to", &bob, "--amount", "7"]));
    let balance = ok(go(&["token", "balance", "--account", &bob]));
    assert_eq!(balance["balance"], "7", "minted once: {balance}");
    let refused = refused.load(std::sync::atomic::Ordering::SeqCst);
    assert!(refused >= 10, "the endpoint refused {refused} calls");
}
