//! Times what `scripts/lib/oz_bench.js` times for `@openzeppelin/merkle-tree`: building an EVM
//! distribution tree and every proof, in memory, after the input is parsed. Prints JSON.
//! Usage: cargo run --release -p tokenrail-planner --example tree_bench -- holders.csv

use std::time::Instant;

use tokenrail_planner::input::read_holders;
use tokenrail_planner::plan::{EvmContext, EvmPlan};
use tokenrail_planner::Chain;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: tree_bench holders.csv");
    let rows = read_holders(
        std::fs::File::open(&path).expect("input"),
        &Chain::Evm,
        None,
    )
    .expect("valid input");
    let n = rows.len();
    let ctx = EvmContext {
        chain_id: 1,
        distributor: [0x42; 20],
        distribution_id: 1,
    };
    let start = Instant::now();
    let plan = EvmPlan::build(ctx, rows).expect("plan");
    let mut proof_nodes = 0usize;
    for i in 0..n {
        proof_nodes += std::hint::black_box(plan.proof(i)).len();
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{{\"ms\": {ms:.3}, \"root\": \"0x{}\", \"leaves\": {n}, \"proofNodes\": {proof_nodes}}}",
        hex::encode(plan.root())
    );
}
