//! Cross-check against the reference implementation: `@openzeppelin/merkle-tree` (npm, installed
//! by `scripts/setup`) must produce the same root and the same proof for every leaf.

use std::path::Path;
use std::process::Command;

use tokenrail_core::merkle::{abi, leaf_hash, StandardTree};

#[test]
fn matches_openzeppelin_merkle_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let lib = root.join("node_modules/@openzeppelin/merkle-tree");
    assert!(lib.exists(), "{} missing: run scripts/setup", lib.display());

    // Claims (index, account, amount) with pseudo-random accounts and amounts, including a
    // duplicate leaf pair and amounts near the top of the range.
    let mut rows: Vec<(u128, [u8; 20], u128)> = (0..301u128)
        .map(|i| {
            let seed = tokenrail_core::merkle::keccak256(&i.to_be_bytes());
            let mut account = [0u8; 20];
            account.copy_from_slice(&seed[..20]);
            let amount = u128::from_be_bytes(seed[16..].try_into().unwrap()) >> (i % 128);
            (i, account, amount)
        })
        .collect();
    rows.push(rows[5]);

    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|(i, a, amt)| {
            serde_json::json!([
                i.to_string(),
                format!("0x{}", hex::encode(a)),
                amt.to_string()
            ])
        })
        .collect();
    let input =
        serde_json::json!({"encoding": ["uint256", "address", "uint256"], "values": values});
    let file =
        std::env::temp_dir().join(format!("tokenrail-oz-merkle-{}.json", std::process::id()));
    std::fs::write(&file, input.to_string()).unwrap();
    let out = Command::new("node")
        .arg(root.join("scripts/lib/oz_merkle.js"))
        .arg(&file)
        .output()
        .expect("node runs");
    std::fs::remove_file(&file).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let leaves: Vec<_> = rows
        .iter()
        .map(|(i, a, amt)| {
            leaf_hash(&abi::encode(&[
                abi::uint(*i),
                abi::address(a),
                abi::uint(*amt),
            ]))
        })
        .collect();
    let tree = StandardTree::new(&leaves).unwrap();
    let hex32 = |h: &[u8; 32]| format!("0x{}", hex::encode(h));
    assert_eq!(reference["root"], hex32(&tree.root()));
    for (i, proof) in reference["proofs"].as_array().unwrap().iter().enumerate() {
        let ours: Vec<String> = tree.proof(i).iter().map(hex32).collect();
        assert_eq!(proof, &serde_json::json!(ours), "proof of leaf {i}");
    }
}
