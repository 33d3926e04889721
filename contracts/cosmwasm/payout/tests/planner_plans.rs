//! A plan written by the issuer's planner (`tokenrail payout plan --chain cosmwasm`) is claimed
//! unchanged on the contract: root and proofs are read back from the plan file's JSON.

mod common;

use common::{AssetKind, Chain, T0};
use cosmwasm_std::{HexBinary, Uint128};
use cw_payout::msg::{CreateDistributionMsg, ExecuteMsg};
use tokenrail_core::vectors::payout::Actor;
use tokenrail_planner::chain_plan::{ChainContext, ChainPlan};
use tokenrail_planner::input::read_holders;

fn hash(v: &serde_json::Value) -> HexBinary {
    HexBinary::from_hex(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
}

#[test]
fn a_planner_plan_is_claimed_unchanged() {
    let mut c = Chain::new(AssetKind::Cw20, &[(Actor::Funder, 10_000)]);
    let chain = tokenrail_planner::Chain::Cosmwasm {
        prefix: "cosmwasm".into(),
    };
    let people = [Actor::Alice, Actor::Bob, Actor::Carol];
    let csv: String = people
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{},{}.5\n", c.addr(*a), i + 1))
        .collect();
    let rows = read_holders(csv.as_bytes(), &chain, Some(1)).unwrap();
    let ctx = ChainContext::Cosmwasm {
        chain_id: c.chain_id(),
        contract: chain.parse_address(c.payout.as_str()).unwrap(),
        distribution_id: 1,
    };
    let mut file = Vec::new();
    ChainPlan::build(ctx, rows)
        .unwrap()
        .write_json(&mut file)
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&file).unwrap();

    let total: u128 = plan["total"].as_str().unwrap().parse().unwrap();
    assert_eq!(total, 15 + 25 + 35);
    let funder = c.addr(Actor::Funder);
    let create = CreateDistributionMsg {
        root: hash(&plan["root"]),
        total: Uint128::new(total),
        start: T0,
        expiry: T0 + 100,
        clawback_receiver: c.addr(Actor::Treasury).to_string(),
    };
    assert_eq!(c.create(&funder, total, create).unwrap(), 1);
    let relayer = c.addr(Actor::Relayer);
    for claim in plan["claims"].as_array().unwrap() {
        let msg = ExecuteMsg::Claim {
            id: 1,
            index: claim["index"].as_u64().unwrap() as u32,
            account: claim["account"].as_str().unwrap().to_owned(),
            amount: Uint128::new(claim["amount"].as_str().unwrap().parse().unwrap()),
            proof: claim["proof"]
                .as_array()
                .unwrap()
                .iter()
                .map(hash)
                .collect(),
        };
        c.exec(&relayer, &msg).unwrap();
    }
    assert_eq!(c.balance_of(&c.addr(Actor::Carol)), 35);
    assert_eq!(c.distribution(1).claimed.u128(), total);
}
