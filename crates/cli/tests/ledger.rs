//! `tokenrail ledger` against a real `anvil`, a CosmWasm deployment behind the CometBFT front
//! and an ink! deployment behind the Substrate front. An EVM token's lifecycle synced into an
//! SQLite file and into a throwaway PostgreSQL cluster gives the chain's cap table (now and as
//! of an earlier block), as a table, JSON and CSV; an account's history; reconciliation finds no
//! drift after a sync and exit code 6 when the chain moved on. CosmWasm and ink! give the same
//! cap table in their own spelling of accounts (bech32, SS58), and so does Solana behind its
//! JSON-RPC front (base58). A sync killed at random points
//! ends with the rows of an uninterrupted one; `--follow` picks up new blocks. Bad input: views
//! of a database that does not exist (nothing created), another network's deployment, a chain
//! the ledger does not read yet.

mod common;
#[path = "../../ledger/tests/common/mod.rs"]
mod databases;

use std::path::Path;

use alloy::node_bindings::Anvil;
use common::{anvil_path, fails, keypair_file, ok, run_env, Run};
use databases::{Engine, TestDb};
use serde_json::Value;

/// Runs `tokenrail <args> --json` in `dir`, ignoring any profile file.
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--profile", "none"]);
    run_env(dir, None, &[], &all)
}

/// `tokenrail <args> --chain <chain> --rpc-url <url> --key key` in `dir`: a command against
/// the chain's endpoint, signed with the key file there.
fn on_chain<'a>(dir: &'a Path, chain: &'a str, url: &'a str) -> impl Fn(&[&str]) -> Run + 'a {
    move |args| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--chain", chain, "--rpc-url", url, "--key", "key"]);
        run(dir, &all)
    }
}

/// `tokenrail <args> --chain <chain> --database <database>` in `dir`: a ledger command.
fn ledger_of<'a>(dir: &'a Path, chain: &'a str, database: &'a str) -> impl Fn(&[&str]) -> Run + 'a {
    move |args| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--chain", chain, "--database", database]);
        run(dir, &all)
    }
}

/// Issues the tests' bond (cap 1,000) on the deployment and registers `investors` from
/// `jurisdiction`.
fn issue_bond(chain: &impl Fn(&[&str]) -> Run, investors: &[&str], jurisdiction: &str) {
    let hash = format!("0x{}", "42".repeat(32));
    ok(chain(&[
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
    for who in investors {
        ok(chain(&[
            "token",
            "register",
            "--investor",
            who,
            "--jurisdiction",
            jurisdiction,
        ]));
    }
}

/// Issues the bond to `me` and `bob` (both from `jurisdiction`), mints 100 to `me`, sends 40 to
/// `bob` and freezes `bob`: the history [`check_ledger`] expects.
fn bond_with_frozen_bob(chain: &impl Fn(&[&str]) -> Run, me: &str, bob: &str, jurisdiction: &str) {
    issue_bond(chain, &[me, bob], jurisdiction);
    ok(chain(&["token", "mint", "--to", me, "--amount", "100"]));
    ok(chain(&["token", "transfer", "--to", bob, "--amount", "40"]));
    ok(chain(&["token", "freeze", "--account", bob]));
}

/// Escrows 5 + 5 of the deployment's payment asset for `bob`: the `escrow_created` row the
/// ledger adds to his history (it reads the escrow contract beside the token).
fn escrow_for(chain: &impl Fn(&[&str]) -> Run, bob: &str) {
    ok(chain(&[
        "escrow",
        "create",
        "--beneficiary",
        bob,
        "--milestones",
        "5,5",
        "--deadline",
        "+1d",
    ]));
}

/// Syncs the `chain` deployment in `d` from `url` into an SQLite ledger there, after
/// [`bond_with_frozen_bob`], and checks what every chain's ledger shows: the cap table (60 and
/// 40, Bob frozen, from `jurisdiction`), Bob's history (`bob_kinds`), no drift; then drift
/// (exit code 6) once the chain mints again, until one more sync reads that one row.
fn check_ledger(
    d: &Path,
    chain: &str,
    url: &str,
    (me, bob): (&str, &str),
    jurisdiction: u64,
    bob_kinds: &[&str],
) {
    let sqlite = d.join("ledger.db").display().to_string();
    let ledger = ledger_of(d, chain, &sqlite);
    let synced = ok(ledger(&["ledger", "sync", "--rpc-url", url]));
    assert!(synced["inserted"].as_u64().unwrap() > 5, "{synced}");
    assert_eq!(synced["unknown"], 0, "{synced}");
    assert!(
        synced["source"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{chain}:")),
        "{synced}"
    );
    let table = ok(ledger(&["ledger", "captable"]));
    let mut want = vec![
        (bob.to_lowercase(), "40".to_string()),
        (me.to_lowercase(), "60".into()),
    ];
    want.sort();
    assert_eq!(balances(&table), want, "{table}");
    let bob_line = table["holders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["account"] == bob)
        .unwrap();
    assert_eq!(bob_line["frozen"], true, "{table}");
    assert_eq!(
        bob_line["investor"]["jurisdiction"], jurisdiction,
        "{table}"
    );
    let history = ok(ledger(&["ledger", "history", "--account", bob]));
    assert_eq!(kinds(&history), bob_kinds, "{history}");
    let rec = ok(ledger(&["ledger", "reconcile", "--rpc-url", url]));
    assert_eq!(rec["drift"], Value::Array(vec![]), "{rec}");

    // The chain moves on: drift (exit code 6) until the next sync.
    ok(on_chain(d, chain, url)(&[
        "token", "mint", "--to", me, "--amount", "5",
    ]));
    fails(
        ledger(&["ledger", "reconcile", "--rpc-url", url]),
        6,
        "differs from the chain",
    );
    let again = ok(ledger(&["ledger", "sync", "--rpc-url", url]));
    assert_eq!(again["inserted"], 1, "{again}");
    ok(ledger(&["ledger", "reconcile", "--rpc-url", url]));
}

/// Bob's history where a freeze is a whole restriction (ink!'s `RestrictionSet`, the Solana
/// hook's `set_holder_state`): freeze, frozen amount and lock-up rows.
const WHOLE_RESTRICTION: [&str; 5] = [
    "investor_updated",
    "transferred",
    "account_frozen",
    "frozen_amount_set",
    "lockup_set",
];

/// The kinds of a `ledger history --json` answer's events, in order.
fn kinds(history: &Value) -> Vec<&str> {
    history["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

fn balances(table: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = table["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["account"].as_str().unwrap().to_lowercase(),
                h["balance"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_ledger_follows_an_evm_deployment_into_sqlite_and_postgres() {
    let node = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("3")
        .spawn();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("key"),
        format!("0x{}\n", hex::encode(node.keys()[0].to_bytes())),
    )
    .unwrap();
    let url = node.endpoint();
    let me = format!("{:?}", node.addresses()[0]).to_lowercase();
    let bob = format!("{:?}", node.addresses()[1]).to_lowercase();
    let chain = on_chain(d, "evm", &url);
    ok(chain(&["deploy"]));
    issue_bond(&chain, &[&me[..], &bob[..]], "276");
    ok(chain(&["token", "mint", "--to", &me, "--amount", "100"]));
    let minted_at: u64 = node_block(&url);
    ok(chain(&[
        "token", "transfer", "--to", &bob, "--amount", "40",
    ]));
    // An escrow for bob in the payment token: its rows join his history, not the cap table.
    escrow_for(&chain, &bob);
    ok(chain(&[
        "escrow",
        "release",
        "--escrow",
        "1",
        "--milestone",
        "0",
    ]));

    let pg = TestDb::new(Engine::Postgres);
    let sqlite = d.join("ledger.db").display().to_string();
    for database in [sqlite.as_str(), pg.url.as_str()] {
        let ledger = ledger_of(d, "evm", database);
        if database == sqlite {
            // A view never creates the database it was pointed at.
            fails(ledger(&["ledger", "captable"]), 3, "no ledger database at");
            assert!(!d.join("ledger.db").exists());
        }
        let synced = ok(ledger(&[
            "ledger",
            "sync",
            "--rpc-url",
            &url,
            "--confirmations",
            "0",
        ]));
        assert!(synced["inserted"].as_u64().unwrap() > 5, "{synced}");
        assert_eq!(synced["unknown"], 0);

        let table = ok(ledger(&["ledger", "captable"]));
        assert_eq!(
            balances(&table),
            [(bob.clone(), "40".into()), (me.clone(), "60".into())],
            "{database}"
        );
        assert_eq!(table["supply"], "100");
        assert_eq!(table["holders"][0]["investor"]["jurisdiction"], 276);
        let then = ok(ledger(&[
            "ledger",
            "captable",
            "--at-block",
            &minted_at.to_string(),
        ]));
        assert_eq!(balances(&then), [(me.clone(), "100".into())], "{database}");

        let history = ok(ledger(&["ledger", "history", "--account", &bob]));
        assert_eq!(
            kinds(&history),
            ["investor_updated", "transferred", "escrow_created"],
            "{database}"
        );
        let mine = ok(ledger(&["ledger", "history", "--account", &me]));
        let mine = kinds(&mine);
        assert_eq!(
            mine[mine.len() - 2..],
            ["escrow_created", "milestone_released"],
            "{database}"
        );

        let rec = ok(ledger(&["ledger", "reconcile", "--rpc-url", &url]));
        assert_eq!(rec["drift"], Value::Array(vec![]), "{database}");
    }

    // CSV, atomically to a file.
    let r = run(
        d,
        &[
            "ledger",
            "captable",
            "--chain",
            "evm",
            "--database",
            &sqlite,
            "--csv",
            "cap.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(d.join("cap.csv"))
        .unwrap()
        .to_lowercase();
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.remove(0),
        "account,balance,frozen,frozen_amount,locked_until,investor_status,jurisdiction,kyc_expiry"
    );
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{bob},40,false,0,0,1,276,"))),
        "{csv}"
    );

    // The chain moves on without the ledger: reconcile says so with exit code 6, and a sync
    // catches up.
    ok(chain(&["token", "mint", "--to", &bob, "--amount", "5"]));
    let ledger = ledger_of(d, "evm", &sqlite);
    let drift = fails(
        ledger(&["ledger", "reconcile", "--rpc-url", &url]),
        6,
        "differs from the chain",
    );
    let report: Value = serde_json::from_str(drift.stdout.trim()).unwrap();
    assert_eq!(report["drift"].as_array().unwrap().len(), 2, "{report}");
    let again = ok(ledger(&[
        "ledger",
        "sync",
        "--rpc-url",
        &url,
        "--confirmations",
        "0",
    ]));
    assert_eq!(again["inserted"], 1, "{again}");
    ok(ledger(&["ledger", "reconcile", "--rpc-url", &url]));

    // Bad input.
    let mut file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    file["network"] = "1".into();
    std::fs::write(d.join("other.json"), file.to_string()).unwrap();
    fails(
        ledger(&[
            "ledger",
            "sync",
            "--rpc-url",
            &url,
            "--deployment",
            "other.json",
        ]),
        3,
        "is a deployment on chain 1",
    );
}

#[test]
fn the_ledger_follows_a_cosmwasm_deployment() {
    use tokenrail_sdk::cosmwasm::CwParty;
    let secrets: Vec<[u8; 32]> = (1..=2u8).map(|i| [i; 32]).collect();
    let [me, bob] = [0, 1].map(|i| {
        let key = tokenrail_channel::Secp256k1Key::from_bytes(&secrets[i]).unwrap();
        CwParty::new(key, "cosmwasm").unwrap().addr.to_string()
    });
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/cosmwasm");
    let funded = [(me.as_str(), 1_000_000u128), (bob.as_str(), 0)]
        .map(|(a, amount)| (tokenrail_sdk::cosmwasm::Addr::unchecked(a), amount));
    let node = tokenrail_cosmos_front::local_chain(&artifacts, &funded)
        .expect("the CosmWasm artifacts are built");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("key"), hex::encode(secrets[0])).unwrap();
    let url = node.url.clone();
    let chain = on_chain(d, "cosmwasm", &url);
    ok(chain(&[
        "deploy",
        "--bech32-prefix",
        "cosmwasm",
        "--payment-token",
        tokenrail_devnet::cosmwasm::DENOM,
        "--artifacts",
        artifacts.to_str().unwrap(),
    ]));
    bond_with_frozen_bob(&chain, &me, &bob, "250");
    escrow_for(&chain, &bob);
    let bob_kinds = [
        "investor_updated",
        "transferred",
        "account_frozen",
        "escrow_created",
    ];
    check_ledger(d, "cosmwasm", &url, (&me, &bob), 250, &bob_kinds);
    let sqlite = d.join("ledger.db").display().to_string();
    let ledger = ledger_of(d, "cosmwasm", &sqlite);
    fails(
        ledger(&["ledger", "history", "--account", "0xdead"]),
        3,
        "not a CosmWasm address",
    );

    // Another network's deployment is refused before anything is read.
    let mut file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    file["network"] = "osmosis-1".into();
    std::fs::write(d.join("other.json"), file.to_string()).unwrap();
    fails(
        ledger(&[
            "ledger",
            "sync",
            "--rpc-url",
            &url,
            "--deployment",
            "other.json",
        ]),
        3,
        "is a deployment on chain osmosis-1",
    );
}

fn node_block(url: &str) -> u64 {
    use alloy::providers::{Provider, ProviderBuilder};
    let p = ProviderBuilder::new().connect_http(url.parse().unwrap());
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(p.get_block_number())
        .unwrap()
}

/// A few thousand events on `node`: an issued token, 100 registered investors and 100 batch
/// transfers of 30 legs, spread over some 1,100 blocks (empty ones mined between).
fn busy_chain(d: &Path, url: &str) {
    use alloy::network::EthereumWallet;
    use alloy::primitives::{Address, U256};
    use alloy::providers::{Provider, ProviderBuilder};
    use tokenrail_evm::ITokenrailIdentityRegistry::Entry;
    use tokenrail_evm::{TokenrailAssetToken, TokenrailIdentityRegistry};

    let chain = on_chain(d, "evm", url);
    ok(chain(&["deploy"]));
    let hash = format!("0x{}", "42".repeat(32));
    ok(chain(&[
        "token",
        "issue",
        "--name",
        "Busy",
        "--symbol",
        "BSY",
        "--cap",
        "1000000000",
        "--uri",
        "ipfs://t",
        "--legal-hash",
        &hash,
    ]));
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(d.join("tokenrail-deployment.json")).unwrap(),
    )
    .unwrap();
    let token: Address = file["contracts"]["token"][0]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let registry: Address = file["contracts"]["token"][1]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let key = std::fs::read_to_string(d.join("key")).unwrap();
    let signer: alloy::signers::local::PrivateKeySigner = key.trim().parse().unwrap();
    let me = signer.address();
    let p = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url.parse().unwrap());
    let investors: Vec<Address> = (0..100u64)
        .map(|i| Address::from_word(U256::from(0x1000 + i).into()))
        .collect();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let registry = TokenrailIdentityRegistry::new(registry, &p);
        let token = TokenrailAssetToken::new(token, &p);
        let entry = Entry {
            status: 1,
            jurisdiction: 276,
            kycExpiry: 4_000_000_000,
        };
        let mut all = investors.clone();
        all.push(me);
        for chunk in all.chunks(100) {
            let call = registry.upsert(chunk.to_vec(), vec![entry.clone(); chunk.len()]);
            call.send().await.unwrap().get_receipt().await.unwrap();
        }
        let mint = token.mint(me, U256::from(1_000_000u64));
        mint.send().await.unwrap().get_receipt().await.unwrap();
        for round in 0..100usize {
            let legs: Vec<Address> = (0..30).map(|k| investors[(round * 30 + k) % 100]).collect();
            let call = token.batchTransfer(legs, vec![U256::from(1u64); 30]);
            call.send().await.unwrap().get_receipt().await.unwrap();
            // Empty blocks between: a sync reads ranges of blocks, most of them without logs.
            p.raw_request::<_, Value>("anvil_mine".into(), (U256::from(10u64),))
                .await
                .unwrap();
        }
    });
}

/// A small xorshift generator: random kill times without a dependency; the seed is printed on
/// failure so a run can be repeated.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_sync_killed_at_random_points_ends_with_exactly_the_rows_of_an_uninterrupted_one() {
    use tokenrail_ledger::{Access, At, Family, Store};

    let node = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("1")
        .spawn();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("key"),
        format!("0x{}\n", hex::encode(node.keys()[0].to_bytes())),
    )
    .unwrap();
    let url = node.endpoint();
    busy_chain(d, &url);

    let sync_args = |db: &str| -> Vec<String> {
        [
            "ledger",
            "sync",
            "--chain",
            "evm",
            "--rpc-url",
            &url,
            "--confirmations",
            "0",
            "--max-range",
            "2",
            "--database",
            db,
            "--json",
            "--profile",
            "none",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let bin = assert_cmd::cargo::cargo_bin("tokenrail");
    let reference = d.join("reference.db").display().to_string();
    let out = std::process::Command::new(&bin)
        .current_dir(d)
        .args(sync_args(&reference))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    let read = |db: &str| {
        rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap()
        })
    };
    let want = read(&reference);
    assert!(want.len() > 3_000, "{} events", want.len());

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut random = Random(seed);
    let killed = d.join("killed.db").display().to_string();
    let (mut kills, mut runs) = (0, 0);
    // A reader beside the killed syncs must only ever see whole steps: every block it sees
    // complete, none half-written.
    let (mut reads, mut partial) = (0, Vec::new());
    loop {
        runs += 1;
        let mut child = std::process::Command::new(&bin)
            .current_dir(d)
            .args(sync_args(&killed))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 + random.below(120)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
        }
        if std::path::Path::new(&killed).exists() {
            if let Ok(seen) = rt.block_on(async {
                let store = Store::open(&killed, Access::Existing).await?;
                store.events(Family::Evm, "31337", &[], At::Latest).await
            }) {
                reads += 1;
                let last = seen.last().map_or(0, |e| e.position.block);
                let whole: Vec<_> = want.iter().filter(|e| e.position.block <= last).collect();
                if seen.iter().collect::<Vec<_>>() != whole {
                    partial.push(last);
                }
            }
        }
        if kills >= 30 || runs >= 200 {
            break;
        }
    }
    // One last run to the head.
    let out = std::process::Command::new(&bin)
        .current_dir(d)
        .args(sync_args(&killed))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        kills >= 20,
        "only {kills} kills landed in {runs} runs (seed {seed})"
    );
    assert!(
        partial.is_empty(),
        "half-written blocks seen at {partial:?} (seed {seed})"
    );
    assert!(reads > 0);
    let got = read(&killed);
    assert_eq!(got.len(), want.len(), "seed {seed}");
    assert!(got == want, "the killed sync's rows differ (seed {seed})");
}

#[test]
fn a_following_sync_picks_up_new_blocks_without_a_restart() {
    let node = Anvil::new()
        .path(anvil_path())
        .arg("--accounts")
        .arg("2")
        .spawn();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("key"),
        format!("0x{}\n", hex::encode(node.keys()[0].to_bytes())),
    )
    .unwrap();
    let url = node.endpoint();
    let me = format!("{:?}", node.addresses()[0]).to_lowercase();
    let chain = on_chain(d, "evm", &url);
    ok(chain(&["deploy"]));
    issue_bond(&chain, &[&me[..]], "276");
    let mut follower = std::process::Command::new(assert_cmd::cargo::cargo_bin("tokenrail"))
        .current_dir(d)
        .args([
            "ledger",
            "sync",
            "--chain",
            "evm",
            "--rpc-url",
            &url,
            "--confirmations",
            "0",
            "--follow",
            "--poll-ms",
            "100",
            "--database",
            "ledger.db",
            "--profile",
            "none",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let supply = |want: &str| {
        // The follower's database, read as it writes (a view waits for nothing).
        for _ in 0..200 {
            let r = run(
                d,
                &[
                    "ledger",
                    "captable",
                    "--chain",
                    "evm",
                    "--database",
                    "ledger.db",
                ],
            );
            if r.code == 0 && serde_json::from_str::<Value>(&r.stdout).unwrap()["supply"] == want {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    };
    for (amount, total) in [("10", "10"), ("5", "15")] {
        ok(chain(&["token", "mint", "--to", &me, "--amount", amount]));
        assert!(
            supply(total),
            "the follower did not pick up the mint of {amount}"
        );
    }
    assert!(
        follower.try_wait().unwrap().is_none(),
        "the follower stopped"
    );
    follower.kill().unwrap();
    follower.wait().unwrap();
}

#[test]
fn the_ledger_follows_an_ink_deployment() {
    use tokenrail_sdk::ink::{InkKey, Scheme};
    // A chain that spells accounts in SS58 format 5: the ledger reads and writes them so.
    let node = tokenrail_substrate_front::serve_as(tokenrail_devnet::GENESIS_TIME * 1000, 5);
    let url = node.url().to_string();
    let show = |suri: &str| {
        let key = InkKey::from_suri(suri, Scheme::Sr25519).unwrap();
        tokenrail_planner::address::ss58_encode(key.account().as_ref(), 5)
    };
    let (me, bob) = (show("//Alice"), show("//Bob"));
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/ink");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("key"), "//Alice\n").unwrap();
    let chain = on_chain(d, "ink", &url);
    ok(chain(&[
        "deploy",
        "--artifacts",
        artifacts.to_str().unwrap(),
    ]));
    bond_with_frozen_bob(&chain, &me, &bob, "380");
    escrow_for(&chain, &bob);
    // The genesis hash is recorded as `0x` hex; a file from before recorded bare hex, and it is
    // read the same.
    let path = d.join("tokenrail-deployment.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let genesis = file["network"].as_str().unwrap().to_owned();
    assert!(
        genesis.starts_with("0x") && genesis.len() == 66,
        "{genesis}"
    );
    file["network"] = genesis[2..].into();
    std::fs::write(&path, file.to_string()).unwrap();

    let mut bob_kinds = WHOLE_RESTRICTION.to_vec();
    bob_kinds.push("escrow_created");
    check_ledger(d, "ink", &url, (&me, &bob), 380, &bob_kinds);
}

#[test]
fn the_ledger_follows_a_solana_deployment() {
    use tokenrail_sdk::solana::{Keypair, Signer, TOKEN};
    let keys: Vec<Keypair> = (0..2).map(|_| Keypair::new()).collect();
    let (node, _) = tokenrail_solana_front::local_cluster(&keys, TOKEN, &[0, 0]);
    let url = node.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    keypair_file(&d.join("key"), &keys[0]);
    let (me, bob) = (keys[0].pubkey().to_string(), keys[1].pubkey().to_string());
    let chain = on_chain(d, "solana", &url);
    ok(chain(&["deploy"]));
    bond_with_frozen_bob(&chain, &me, &bob, "250");
    // The escrow is in the deployment's payment mint: the sync follows the escrow program.
    escrow_for(&chain, &bob);
    let mut bob_kinds = WHOLE_RESTRICTION.to_vec();
    bob_kinds.push("escrow_created");
    check_ledger(d, "solana", &url, (&me, &bob), 250, &bob_kinds);

    // A second deployment on the same cluster (its own payment mint and token) escrows for bob
    // too and syncs into the same database: the programs are shared, the rows are not.
    let sqlite = d.join("ledger.db").display().to_string();
    let second = tempfile::tempdir().unwrap();
    let d2 = second.path();
    keypair_file(&d2.join("key"), &keys[0]);
    let chain2 = on_chain(d2, "solana", &url);
    ok(chain2(&["deploy"]));
    bond_with_frozen_bob(&chain2, &me, &bob, "250");
    escrow_for(&chain2, &bob);
    ok(ledger_of(d2, "solana", &sqlite)(&[
        "ledger",
        "sync",
        "--rpc-url",
        &url,
    ]));
    let ledger = ledger_of(d, "solana", &sqlite);
    let history = ok(ledger(&["ledger", "history", "--account", &bob]));
    assert_eq!(kinds(&history), bob_kinds, "{history}");
    // A deployment file written before the registry was recorded says what to add.
    let path = d.join("tokenrail-deployment.json");
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(file["contracts"]["registry"].is_string(), "{file}");
    file["contracts"]
        .as_object_mut()
        .unwrap()
        .remove("registry");
    std::fs::write(d.join("old.json"), file.to_string()).unwrap();
    fails(
        ledger(&["ledger", "captable", "--deployment", "old.json"]),
        3,
        "the token's registry is not recorded",
    );
}
