//! A plan is an OpenZeppelin `standard-v1` dump: `@openzeppelin/merkle-tree` (npm, installed by
//! `scripts/setup`) loads it unchanged, validates it, and derives the same root and proofs.

use std::path::Path;
use std::process::Command;

use tokenrail_planner::address::eip55;
use tokenrail_planner::input::read_holders;
use tokenrail_planner::plan::{verify_evm_plan, EvmContext, EvmPlan};
use tokenrail_planner::Chain;

fn holders(n: usize) -> String {
    let mut csv = String::from("address,amount\n");
    for i in 0..n {
        let seed = tokenrail_core::merkle::keccak256(&(i as u64).to_be_bytes());
        let mut a = [0u8; 20];
        a.copy_from_slice(&seed[..20]);
        csv.push_str(&format!("{},{}.{:02}\n", eip55(&a), i + 1, i % 100));
    }
    csv
}

#[test]
fn openzeppelin_loads_plans_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    assert!(
        root.join("node_modules/@openzeppelin/merkle-tree").exists(),
        "run scripts/setup first"
    );
    let rows = read_holders(holders(333).as_bytes(), &Chain::Evm, Some(2)).unwrap();
    let ctx = EvmContext {
        chain_id: 8453,
        distributor: [0x42; 20],
        distribution_id: 7,
    };
    let plan = EvmPlan::build(ctx, rows).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    plan.write_file(&file).unwrap();

    let summary = verify_evm_plan(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(summary, plan.summary());
    assert_eq!(summary.claims, 333);

    let out = Command::new("node")
        .arg(root.join("scripts/lib/oz_verify_plan.js"))
        .arg(&file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok 333");
}

#[test]
fn tampering_is_detected() {
    let rows = read_holders(holders(20).as_bytes(), &Chain::Evm, Some(2)).unwrap();
    let ctx = EvmContext {
        chain_id: 1,
        distributor: [0x11; 20],
        distribution_id: 1,
    };
    let mut bytes = Vec::new();
    EvmPlan::build(ctx, rows)
        .unwrap()
        .write_json(&mut bytes)
        .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    verify_evm_plan(text.as_bytes()).unwrap();

    // Raise claim 0's amount (1.00 = 100 base units) in both places it appears: the leaf no
    // longer matches the tree.
    assert_eq!(text.matches("\"100\"").count(), 2);
    let tampered = text.replace("\"100\"", "\"999\"");
    assert!(verify_evm_plan(tampered.as_bytes()).is_err());
    // Change the root.
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let root = v["tokenrail"]["root"].as_str().unwrap();
    let other = format!("0x{}", "ab".repeat(32));
    assert!(verify_evm_plan(text.replace(root, &other).as_bytes()).is_err());
    // Drop a proof element.
    let proof0 = v["tokenrail"]["claims"][0]["proof"][0].as_str().unwrap();
    let cut = text.replacen(&format!("\"{proof0}\", "), "", 1);
    assert!(verify_evm_plan(cut.as_bytes()).is_err());
}
