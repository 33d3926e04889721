//! The escrow's events (`docs/spec/escrow.md`, `docs/spec/events.md`): the release that pays the
//! last milestone also logs `escrow_completed` (the escrow's id), as every other chain does; an
//! earlier release does not.

mod common;

use common::{AssetKind, Chain, T0};
use cosmwasm_std::Uint128;
use cw_escrow::msg::{CreateMsg, ExecuteMsg};
use tokenrail_core::vectors::Actor::{Beneficiary, Depositor};

#[test]
fn the_last_release_logs_escrow_completed() {
    let mut chain = Chain::new(AssetKind::Native, &[(Depositor, 1000)]);
    let msg = CreateMsg {
        beneficiary: chain.addr(Beneficiary).to_string(),
        arbiter: None,
        milestones: vec![Uint128::new(100), Uint128::new(200)],
        deadline: T0 + 1000,
    };
    let id = chain.create(Depositor, msg).unwrap();
    let completed = |res: &cw_multi_test::AppResponse| {
        res.events
            .iter()
            .filter(|e| e.ty == "wasm-escrow_completed")
            .map(|e| {
                e.attributes
                    .iter()
                    .find(|a| a.key == "id")
                    .map(|a| a.value.clone())
            })
            .collect::<Vec<_>>()
    };
    let first = chain
        .exec(Depositor, &ExecuteMsg::Release { id, milestone: 0 })
        .unwrap();
    assert_eq!(completed(&first), vec![], "{:?}", first.events);
    let last = chain
        .exec(Depositor, &ExecuteMsg::Release { id, milestone: 1 })
        .unwrap();
    assert_eq!(
        completed(&last),
        vec![Some(id.to_string())],
        "{:?}",
        last.events
    );
}
