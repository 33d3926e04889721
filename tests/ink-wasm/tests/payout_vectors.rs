//! Runs every shared payout vector against the built ink! payout `.wasm` in pallet-contracts,
//! once with a PSP22 token and once with the native balance.

mod payout_common;

use payout_common::{AssetKind, Driver};
use tokenrail_core::vectors::payout::{run_all, Actor};

fn run(kind: AssetKind) {
    run_all(&format!("ink/{kind:?}"), |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(kind, &balances)
    });
}

#[test]
fn payout_vectors_psp22() {
    run(AssetKind::Psp22);
}

#[test]
fn payout_vectors_native() {
    run(AssetKind::Native);
}
