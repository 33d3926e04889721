//! A plan written by the issuer's planner (`tokenrail payout plan --chain solana`) is claimed
//! unchanged on the program: root and proofs are read back from the plan file's JSON.

#![allow(deprecated)] // solana-program-test's API is flagged unstable

mod common;

use common::{claim_ix, distribution_pdas, Driver, T0, TOKEN_2022};
use tokenrail_core::vectors::payout::Actor::{self, Alice, Bob, Carol, Funder, Relayer, Treasury};
use tokenrail_core::vectors::payout::PayoutDriver;
use tokenrail_payout::DistributionParams;
use tokenrail_planner::chain_plan::{ChainContext, ChainPlan};
use tokenrail_planner::input::read_holders;

fn hash(v: &serde_json::Value) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(v.as_str().unwrap().trim_start_matches("0x"), &mut out).unwrap();
    out
}

#[test]
fn a_planner_plan_is_claimed_unchanged() {
    let mut d = Driver::new(TOKEN_2022, &[(Funder, 10_000_000)]);
    let funder = d.chain.key(Funder);
    let (distribution, vault) = distribution_pdas(&funder, 7);
    let chain = tokenrail_planner::Chain::Solana;
    let people: [Actor; 3] = [Alice, Bob, Carol];
    let csv: String = people
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{},{}.25\n", d.chain.key(*a), i + 1))
        .collect();
    let rows = read_holders(csv.as_bytes(), &chain, Some(6)).unwrap();
    let ctx = ChainContext::Solana {
        program: chain
            .parse_address(&tokenrail_payout::ID.to_string())
            .unwrap(),
        distribution: chain.parse_address(&distribution.to_string()).unwrap(),
    };
    let mut file = Vec::new();
    ChainPlan::build(ctx, rows)
        .unwrap()
        .write_json(&mut file)
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&file).unwrap();
    let total: u64 = plan["total"].as_str().unwrap().parse().unwrap();
    assert_eq!(total, 1_250_000 + 2_250_000 + 3_250_000);

    let params = DistributionParams {
        root: hash(&plan["root"]),
        claims: plan["count"].as_u64().unwrap() as u32,
        total,
        start: T0,
        expiry: T0 + 100,
        clawback_receiver: d.chain.key(Treasury),
    };
    let accounts = d.create_funded(7, params);
    for (claim, who) in plan["claims"].as_array().unwrap().iter().zip(people) {
        assert_eq!(
            claim["account"].as_str().unwrap(),
            d.chain.key(who).to_string()
        );
        let ix = claim_ix(
            d.chain.key(Relayer),
            &accounts,
            d.chain.token_account(who),
            claim["index"].as_u64().unwrap() as u32,
            claim["amount"].as_str().unwrap().parse().unwrap(),
            claim["proof"]
                .as_array()
                .unwrap()
                .iter()
                .map(hash)
                .collect(),
        );
        d.send_as(Relayer, &[ix]).unwrap();
    }
    assert_eq!(d.balance(Carol), 3_250_000);
    assert_eq!(d.chain.token_balance(&vault), 0);
}
