//! Runs every shared payout vector (`tests/vectors/payout`) on cw-multi-test, once with a cw20
//! token and once with a native bank denom.

mod common;

use common::{AssetKind, Driver};
use tokenrail_core::vectors::payout::{run_all, Actor};

fn run(kind: AssetKind) {
    let ran = run_all(&format!("cosmwasm/{kind:?}"), |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(kind, &balances)
    });
    assert!(ran > 0);
}

#[test]
fn payout_vectors_cw20() {
    run(AssetKind::Cw20);
}

#[test]
fn payout_vectors_native() {
    run(AssetKind::Native);
}
