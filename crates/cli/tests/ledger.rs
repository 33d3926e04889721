//! `tokenrail ledger` against a real `anvil`: an EVM deployment's token lifecycle synced into an
//! SQLite file and into a throwaway PostgreSQL cluster gives the chain's cap table (now and as of
//! an earlier block), as a table, JSON and CSV; an account's history; reconciliation finds no
//! drift after a sync and exit code 6 when the chain moved on. Bad input: views of a database
//! that does not exist (nothing created), another network's deployment, a chain the ledger does
//! not read yet.

#[path = "../../ledger/tests/common/mod.rs"]
mod databases;

use std::path::Path;

use alloy::node_bindings::Anvil;
use assert_cmd::Command;
use databases::{Engine, TestDb};
use serde_json::Value;

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
        .env_remove("TOKENRAIL_LEDGER_DATABASE")
        .args(args)
        .args(["--json", "--profile", "none"])
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
    serde_json::from_str(r.stdout.lines().last().unwrap_or("null")).unwrap()
}

#[track_caller]
fn fails(r: Run, code: i32, message: &str) -> Run {
    assert_eq!(r.code, code, "stdout {} stderr {}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(message),
        "expected `{message}` in {}",
        r.stderr
    );
    r
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
        .path(tokenrail_devnet::evm::find_anvil(None).expect("anvil"))
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
    let chain = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--chain", "evm", "--rpc-url", &url, "--key", "key"]);
        run(d, &all)
    };
    ok(chain(&["deploy"]));
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
    for who in [&me, &bob] {
        ok(chain(&[
            "token",
            "register",
            "--investor",
            who,
            "--jurisdiction",
            "276",
        ]));
    }
    ok(chain(&["token", "mint", "--to", &me, "--amount", "100"]));
    let minted_at: u64 = node_block(&url);
    ok(chain(&[
        "token", "transfer", "--to", &bob, "--amount", "40",
    ]));

    let pg = TestDb::new(Engine::Postgres);
    let sqlite = d.join("ledger.db").display().to_string();
    for database in [sqlite.as_str(), pg.url.as_str()] {
        let ledger = |args: &[&str]| {
            let mut all: Vec<&str> = args.to_vec();
            all.extend(["--chain", "evm", "--database", database]);
            run(d, &all)
        };
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
        let kinds: Vec<&str> = history["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["investor_updated", "transferred"], "{database}");

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
    let ledger = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--chain", "evm", "--database", &sqlite]);
        run(d, &all)
    };
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
    fails(
        run(
            d,
            &[
                "ledger",
                "captable",
                "--chain",
                "solana",
                "--database",
                &sqlite,
            ],
        ),
        1,
        "the ledger reads EVM deployments so far",
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
