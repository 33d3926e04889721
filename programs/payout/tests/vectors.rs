//! Runs every shared payout vector on solana-program-test, once with an SPL Token mint and once
//! with a Token-2022 mint (both the real programs).

#![allow(deprecated)] // solana-program-test's API is flagged unstable

mod common;

use anchor_lang::prelude::Pubkey;
use common::{Driver, TOKEN, TOKEN_2022};
use tokenrail_core::vectors::payout::{run_all, Actor};

fn run(token_program: Pubkey, label: &str) {
    run_all(label, |v| {
        let balances: Vec<(Actor, u64)> = v
            .balances
            .iter()
            .map(|(a, b)| (*a, u64::try_from(b.0).expect("u64 balance")))
            .collect();
        Driver::new(token_program, &balances)
    });
}

#[test]
fn payout_vectors_spl_token() {
    run(TOKEN, "solana/spl-token");
}

#[test]
fn payout_vectors_token_2022() {
    run(TOKEN_2022, "solana/token-2022");
}
