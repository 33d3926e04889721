//! Runs every shared token vector (`tests/vectors/token`) on cw-multi-test: the registry and the
//! asset token as two contracts, the token querying the registry on every movement.

mod common;

use tokenrail_core::vectors::token::run_all;

#[test]
fn token_vectors() {
    let ran = run_all("cosmwasm", |v| common::Chain::new(v.cap.0));
    assert!(ran >= 6, "every token vector ran");
}
