//! A devnet saved and restored is the same chain: every family's snapshot carries the
//! contracts' state, balances, the clock and the deployment across a JSON round trip, and the
//! restored devnet keeps working (escrows made before the snapshot are released after it, the
//! token keeps its holders, new escrows get fresh numbers).

mod common;

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};
use tokenrail_sdk::{
    Clock, EscrowClient, EscrowStatus, Investor, NewEscrow, Suite, TokenClient, TokenError,
    TokenTerms,
};

type Issue<T, E, P, C, S, Q> =
    fn(&mut Suite<T, E, P, C, S, Q>, &TokenTerms, &str) -> tokenrail_sdk::Result<(), TokenError>;

fn terms() -> TokenTerms {
    TokenTerms {
        name: "Bond".into(),
        symbol: "BND".into(),
        decimals: 6,
        cap: 1_000_000,
        uri: "https://example.invalid/bond".into(),
        legal_document_hash: [7; 32],
    }
}

fn round_trip<D: Serialize + DeserializeOwned>(saved: D) -> D {
    let text = serde_json::to_string(&saved).expect("a snapshot serializes");
    serde_json::from_str(&text).expect("a snapshot deserializes")
}

/// Drives `dn`, saves it with `save`, restores it with `restore` and checks the restored
/// devnet against what the original held.
fn survives_a_snapshot<T, E, P, C, S, Q, D>(
    mut dn: Suite<T, E, P, C, S, Q>,
    issue: Issue<T, E, P, C, S, Q>,
    save: impl Fn(&mut Suite<T, E, P, C, S, Q>) -> Result<D, String>,
    restore: impl Fn(&D) -> Result<Suite<T, E, P, C, S, Q>, String>,
) where
    T: TokenClient<Signer = S> + Clock,
    E: EscrowClient<Signer = S> + Clock,
    T::Address: Debug,
    E::Address: Debug + PartialEq,
    D: Serialize + DeserializeOwned,
{
    issue(&mut dn, &terms(), "issuer").expect("issues");
    let now = dn.now().unwrap();
    let [issuer, alice, bob] = ["issuer", "alice", "bob"].map(|n| dn.signers.get(n).unwrap());
    let token = dn.token.as_mut().unwrap();
    let (ta, tb) = (token.address_of(alice), token.address_of(bob));
    let entry = Investor {
        jurisdiction: 250,
        kyc_expiry: now + 365 * 86_400,
    };
    token.register(issuer, &ta, entry).unwrap();
    token.register(issuer, &tb, entry).unwrap();
    token.mint(issuer, &ta, 1_000).unwrap();
    let (ea, eb) = (dn.escrow.address_of(alice), dn.escrow.address_of(bob));
    let new = NewEscrow {
        beneficiary: eb.clone(),
        arbiter: None,
        milestones: vec![300, 200],
        deadline: now + 86_400,
    };
    let first = dn.escrow.create(alice, new.clone()).unwrap();
    dn.advance(100).unwrap();
    let before = (
        dn.now().unwrap(),
        dn.escrow.escrow(&first).unwrap(),
        dn.escrow.balance(&ea).unwrap(),
        dn.escrow.balance(&eb).unwrap(),
    );

    let saved = round_trip(save(&mut dn).expect("saves"));
    drop(dn);
    let mut dn = restore(&saved).expect("restores");

    let after = (
        dn.now().unwrap(),
        dn.escrow.escrow(&first).unwrap(),
        dn.escrow.balance(&ea).unwrap(),
        dn.escrow.balance(&eb).unwrap(),
    );
    assert_eq!(
        after, before,
        "the clock, the escrow and the balances came back"
    );
    let [alice, bob] = ["alice", "bob"].map(|n| dn.signers.get(n).unwrap());
    let token = dn.token.as_mut().expect("the issued token came back");
    assert_eq!(token.balance(&ta).unwrap(), 1_000);
    assert_eq!(token.supply().unwrap(), 1_000);
    token.transfer(alice, &tb, 400).unwrap();
    assert_eq!(
        (token.balance(&ta).unwrap(), token.balance(&tb).unwrap()),
        (600, 400)
    );

    dn.escrow.release(alice, &first, 0).unwrap();
    let state = dn.escrow.escrow(&first).unwrap();
    assert_eq!((state.released, state.next_milestone), (300, 1));
    assert_eq!(dn.escrow.balance(&eb).unwrap(), before.3 + 300);
    let second = dn.escrow.create(alice, new).unwrap();
    assert_eq!(
        dn.escrow.escrow(&second).unwrap().status,
        EscrowStatus::Active
    );
    assert_eq!(
        dn.escrow.escrow(&first).unwrap().released,
        300,
        "the new escrow did not take the first one's place"
    );
    let _ = bob;
    let moved = dn.now().unwrap();
    dn.advance(10).unwrap();
    // On EVM every transaction mines a block a second after the last.
    let now = dn.now().unwrap();
    assert!(
        now >= moved + 10 && now <= moved + 11,
        "{moved} + 10 s, at {now}"
    );

    // A restored devnet saves and restores again.
    let again = round_trip(save(&mut dn).expect("saves again"));
    let mut dn = restore(&again).expect("restores again");
    assert_eq!(
        dn.escrow.escrow(&second).unwrap().status,
        EscrowStatus::Active
    );
    assert_eq!(dn.now().unwrap(), now);
}

#[test]
fn a_solana_devnet_survives_a_snapshot() {
    use tokenrail_devnet::solana;
    survives_a_snapshot(
        solana::start(),
        tokenrail_sdk::solana::SolanaSuite::issue,
        solana::snapshot,
        solana::restore,
    );
}

#[test]
fn a_cosmwasm_devnet_survives_a_snapshot() {
    use tokenrail_devnet::cosmwasm;
    survives_a_snapshot(
        cosmwasm::start().unwrap(),
        tokenrail_sdk::cosmwasm::CwSuite::issue,
        cosmwasm::snapshot,
        cosmwasm::restore,
    );
}

#[test]
fn an_ink_devnet_survives_a_snapshot() {
    use tokenrail_devnet::ink;
    survives_a_snapshot(
        ink::start().unwrap(),
        tokenrail_sdk::ink::InkSuite::issue,
        ink::snapshot,
        ink::restore,
    );
}

#[test]
fn an_evm_devnet_survives_a_snapshot() {
    use tokenrail_devnet::evm;
    let anvil = evm::find_anvil(None).expect("anvil for the EVM tests");
    survives_a_snapshot(
        evm::start(&anvil).unwrap(),
        tokenrail_sdk::evm::EvmSuite::issue,
        evm::snapshot,
        |saved| evm::restore(&anvil, saved),
    );
}

/// A snapshot of `dn` does not grow with the number of operations that led to it beyond
/// `state_per_transfer` bytes (state the chain itself keeps per transaction), and the restored
/// state is the whole state (balances read back).
fn snapshot_does_not_grow_with_history<T, E, P, C, S, Q, D>(
    state_per_transfer: f64,
    mut dn: Suite<T, E, P, C, S, Q>,
    issue: Issue<T, E, P, C, S, Q>,
    save: impl Fn(&mut Suite<T, E, P, C, S, Q>) -> Result<D, String>,
    restore: impl Fn(&D) -> Result<Suite<T, E, P, C, S, Q>, String>,
) where
    T: TokenClient<Signer = S> + Clock,
    E: EscrowClient<Signer = S> + Clock,
    S: Clone,
    D: Serialize + DeserializeOwned,
{
    issue(&mut dn, &terms(), "issuer").unwrap();
    let now = dn.now().unwrap();
    let [issuer, alice, bob] =
        ["issuer", "alice", "bob"].map(|n| dn.signers.get(n).unwrap().clone());
    let token = dn.token.as_mut().unwrap();
    let (ta, tb) = (token.address_of(&alice), token.address_of(&bob));
    let entry = Investor {
        jurisdiction: 250,
        kyc_expiry: now + 365 * 86_400,
    };
    token.register(&issuer, &ta, entry).unwrap();
    token.register(&issuer, &tb, entry).unwrap();
    token.mint(&issuer, &ta, 1_000).unwrap();
    let mut sizes = vec![];
    for round in 0..3 {
        for _ in 0..20 {
            dn.token.as_mut().unwrap().transfer(&alice, &tb, 1).unwrap();
            dn.token.as_mut().unwrap().transfer(&bob, &ta, 1).unwrap();
        }
        let saved = save(&mut dn).unwrap();
        sizes.push(serde_json::to_string(&saved).unwrap().len());
        if round == 2 {
            let mut again = restore(&round_trip(saved)).unwrap();
            let token = again.token.as_mut().unwrap();
            assert_eq!(token.balance(&ta).unwrap(), 1_000);
            assert_eq!(token.balance(&tb).unwrap(), 0);
        }
    }
    eprintln!("snapshot sizes after 40, 80, 120 transfers: {sizes:?}");
    let (first, last) = (sizes[0] as f64, sizes[2] as f64);
    assert!(
        last <= first * 1.02 + 80.0 * state_per_transfer,
        "the snapshot grew with history: {sizes:?}"
    );
}

/// The ink! devnet never seals a block, so without care `System::Events` would keep every
/// event since genesis.
#[test]
fn an_ink_snapshot_does_not_grow_with_history() {
    use tokenrail_devnet::ink;
    snapshot_does_not_grow_with_history(
        0.0,
        ink::start().unwrap(),
        tokenrail_sdk::ink::InkSuite::issue,
        ink::snapshot,
        ink::restore,
    );
}

/// anvil's state dump carries every block and transaction since genesis (about 5 KB a
/// transaction in the snapshot); the snapshot keeps the newest block only. What still grows is
/// chain state: EIP-2935's history contract stores each block's hash in a ring of 8,191 slots
/// (about 90 bytes a block in the snapshot, until the ring is full).
#[test]
fn an_evm_snapshot_does_not_grow_with_history() {
    use tokenrail_devnet::evm;
    let anvil = evm::find_anvil(None).expect("anvil for the EVM tests");
    snapshot_does_not_grow_with_history(
        150.0,
        evm::start(&anvil).unwrap(),
        tokenrail_sdk::evm::EvmSuite::issue,
        evm::snapshot,
        |saved| evm::restore(&anvil, saved),
    );
}
