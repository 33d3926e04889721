//! Runs every shared token vector (`tests/vectors/token`) against the built `ink_registry` and
//! `ink_asset_token` in pallet-contracts: PSP22 messages for holder movements, Tokenrail messages
//! for the rest, the token calling the registry on every movement.

mod token_common;

use tokenrail_core::vectors::token::run_all;

#[test]
fn token_vectors() {
    let ran = run_all("ink", |v| token_common::Driver::new(v.cap.0));
    assert!(ran >= 6, "every token vector ran");
}
