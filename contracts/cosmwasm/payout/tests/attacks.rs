//! Attack tests for the CosmWasm payout contract, beyond the shared vectors: forged proofs
//! (internal nodes, other chains and deployments, overlong), address spellings, stray funds,
//! forged cw20 hooks, and a property test of the funded-total invariant.

mod common;

use common::{attr, hex_proof, AssetKind, Chain, DENOM, T0};
use cosmwasm_std::{coin, coins, to_json_binary, Addr, HexBinary, Uint128};
use cw20_basic::Cw20ReceiveMsg;
use cw_multi_test::Executor;
use cw_payout::msg::{CreateDistributionMsg, ExecuteMsg, MultiSendMsg, ReceiveMsg};
use proptest::prelude::*;
use tokenrail_core::merkle::{MerkleTree, Sha256};
use tokenrail_core::payout::{leaf, PayoutError};
use tokenrail_core::vectors::payout::{Actor, Failure};

const E: fn(PayoutError) -> Failure = Failure::Spec;

/// A chain with one open distribution paying alice 100, bob 200, carol 300 and alice 50.
fn open(kind: AssetKind) -> (Chain, MerkleTree<Sha256>, Vec<(Addr, u128)>) {
    let mut c = Chain::new(kind, &[(Actor::Funder, 10_000)]);
    let claims: Vec<(Addr, u128)> = [
        (Actor::Alice, 100),
        (Actor::Bob, 200),
        (Actor::Carol, 300),
        (Actor::Alice, 50),
    ]
    .iter()
    .map(|(a, m)| (c.addr(*a), *m))
    .collect();
    let tree = c.tree(1, &claims);
    let funder = c.addr(Actor::Funder);
    let id = c.create(&funder, 650, create_msg(&c, &tree, 650)).unwrap();
    assert_eq!(id, 1);
    (c, tree, claims)
}

fn create_msg(c: &Chain, tree: &MerkleTree<Sha256>, total: u128) -> CreateDistributionMsg {
    CreateDistributionMsg {
        root: HexBinary::from(&tree.root()[..]),
        total: Uint128::new(total),
        start: T0,
        expiry: T0 + 100,
        clawback_receiver: c.addr(Actor::Treasury).to_string(),
    }
}

fn claim(account: &Addr, amount: u128, index: u32, proof: &[[u8; 32]]) -> ExecuteMsg {
    ExecuteMsg::Claim {
        id: 1,
        index,
        account: account.to_string(),
        amount: Uint128::new(amount),
        proof: hex_proof(proof),
    }
}

#[test]
fn an_internal_node_is_never_accepted_as_a_leaf() {
    let (mut c, tree, claims) = open(AssetKind::Cw20);
    let relayer = c.addr(Actor::Relayer);
    let (alice, amount) = claims[0].clone();
    let proof = tree.proof(0);
    // Dropping the first sibling makes the parent node the "leaf": the contract hashes the
    // claim's values into a leaf, which is never a 64-byte node preimage.
    let short = claim(&alice, amount, 0, &proof[1..]);
    assert_eq!(
        c.exec(&relayer, &short).unwrap_err(),
        E(PayoutError::InvalidProof)
    );
    let mut long = proof.clone();
    long.push(tree.root());
    let long = claim(&alice, amount, 0, &long);
    assert_eq!(
        c.exec(&relayer, &long).unwrap_err(),
        E(PayoutError::InvalidProof)
    );
    // An overlong proof is refused before any hashing.
    let overlong = claim(&alice, amount, 0, &vec![[7u8; 32]; 65]);
    assert_eq!(
        c.exec(&relayer, &overlong).unwrap_err(),
        E(PayoutError::InvalidProof)
    );
    // A proof element of the wrong length is refused too.
    let bad = ExecuteMsg::Claim {
        id: 1,
        index: 0,
        account: alice.to_string(),
        amount: Uint128::new(amount),
        proof: vec![HexBinary::from(vec![1u8; 31])],
    };
    assert_eq!(
        c.exec(&relayer, &bad).unwrap_err(),
        E(PayoutError::InvalidProof)
    );
    // The honest claim still works.
    c.exec(&relayer, &claim(&alice, amount, 0, &proof)).unwrap();
    assert_eq!(c.balance_of(&alice), 100);
}

#[test]
fn a_proof_for_another_chain_or_deployment_fails() {
    let (mut c, _tree, claims) = open(AssetKind::Native);
    let relayer = c.addr(Actor::Relayer);
    let (alice, amount) = claims[0].clone();
    // The same claims bound to another chain id.
    let other_chain: Vec<_> = claims
        .iter()
        .enumerate()
        .map(|(i, (a, m))| {
            leaf::cosmwasm(
                "other-chain",
                c.payout.as_str(),
                1,
                i as u32,
                a.as_str(),
                *m,
            )
        })
        .collect();
    let forged = MerkleTree::<Sha256>::new(&other_chain).unwrap();
    let msg = claim(&alice, amount, 0, &forged.proof(0));
    assert_eq!(
        c.exec(&relayer, &msg).unwrap_err(),
        E(PayoutError::InvalidProof)
    );

    // A second deployment on the same chain with the same root: proofs built for the first
    // deployment do not verify in the second.
    let code = c.app.store_code(common::payout_contract());
    let second = c
        .app
        .instantiate_contract(
            code,
            relayer.clone(),
            &cw_payout::msg::InstantiateMsg {},
            &[],
            "p2",
            None,
        )
        .unwrap();
    let first_tree = c.tree(1, &claims);
    let funder = c.addr(Actor::Funder);
    let create = ExecuteMsg::CreateDistribution(create_msg(&c, &first_tree, 650));
    c.app
        .execute_contract(funder, second.clone(), &create, &coins(650, DENOM))
        .unwrap();
    let replay = claim(&alice, amount, 0, &first_tree.proof(0));
    let err = c
        .app
        .execute_contract(relayer, second, &replay, &[])
        .unwrap_err();
    assert_eq!(common::to_failure(err), E(PayoutError::InvalidProof));
}

#[test]
fn a_claim_pays_only_the_leaf_account_once() {
    let (mut c, tree, claims) = open(AssetKind::Cw20);
    let relayer = c.addr(Actor::Relayer);
    let (alice, amount) = claims[0].clone();
    c.exec(&relayer, &claim(&alice, amount, 0, &tree.proof(0)))
        .unwrap();
    assert_eq!(c.balance_of(&relayer), 0);
    assert_eq!(c.balance_of(&alice), 100);
    let again = claim(&alice, amount, 0, &tree.proof(0));
    assert_eq!(
        c.exec(&relayer, &again).unwrap_err(),
        E(PayoutError::AlreadyClaimed)
    );
    // Alice's second leaf (index 3) is its own claim.
    c.exec(&alice, &claim(&alice, 50, 3, &tree.proof(3)))
        .unwrap();
    assert_eq!(c.balance_of(&alice), 150);
    assert!(c.is_claimed(1, 0) && c.is_claimed(1, 3) && !c.is_claimed(1, 1));
}

#[test]
fn stray_funds_are_refused() {
    let (mut c, tree, claims) = open(AssetKind::Native);
    let funder = c.addr(Actor::Funder);
    let (alice, amount) = claims[0].clone();
    let msg = claim(&alice, amount, 0, &tree.proof(0));
    let err = c.exec_with(&funder, &msg, &coins(1, DENOM)).unwrap_err();
    assert_eq!(err, E(PayoutError::FundsMismatch));
    let err = c
        .exec_with(&funder, &ExecuteMsg::Clawback { id: 1 }, &coins(1, DENOM))
        .unwrap_err();
    assert_eq!(err, E(PayoutError::FundsMismatch));
    assert_eq!(c.balance_of(&c.payout.clone()), 650);
}

#[test]
fn native_batches_take_exactly_one_coin_of_the_declared_total() {
    let mut c = Chain::new(AssetKind::Native, &[(Actor::Funder, 10_000)]);
    let funder = c.addr(Actor::Funder);
    c.app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: funder.to_string(),
                amount: coins(1_000, "uother"),
            },
        ))
        .unwrap();
    let batch = ExecuteMsg::MultiSend(MultiSendMsg {
        recipients: vec![
            c.addr(Actor::Alice).to_string(),
            c.addr(Actor::Bob).to_string(),
        ],
        amounts: vec![Uint128::new(10), Uint128::new(20)],
        declared_total: Uint128::new(30),
    });
    for funds in [
        vec![],
        coins(29, DENOM),
        coins(31, DENOM),
        vec![coin(30, DENOM), coin(1, "uother")],
    ] {
        let err = c.exec_with(&funder, &batch, &funds).unwrap_err();
        assert_eq!(err, E(PayoutError::TotalMismatch), "funds {funds:?}");
    }
    let res = c.exec_with(&funder, &batch, &coins(30, DENOM)).unwrap();
    assert_eq!(attr(&res, "count"), "2");
    assert_eq!(c.balance_of(&c.addr(Actor::Bob)), 20);
    assert_eq!(c.balance_of(&c.payout.clone()), 0);
}

/// Finding 8 (docs/security.md): several coins attached to a native distribution are refused.
/// They were read as a `u128::MAX` sentinel, so a distribution declaring that total was created
/// with an empty denom and the coins stranded in the contract.
#[test]
fn several_coins_never_fund_a_native_distribution() {
    let mut c = Chain::new(AssetKind::Native, &[(Actor::Funder, 10_000)]);
    let funder = c.addr(Actor::Funder);
    c.app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: funder.to_string(),
                amount: coins(1_000, "uother"),
            },
        ))
        .unwrap();
    let tree = c.tree(1, &[(c.addr(Actor::Alice), 100)]);
    let mut create = create_msg(&c, &tree, 100);
    for (total, funds) in [
        (u128::MAX, vec![coin(100, DENOM), coin(1, "uother")]),
        (100, vec![coin(100, DENOM), coin(1, "uother")]),
    ] {
        create.total = Uint128::new(total);
        let err = c
            .exec_with(
                &funder,
                &ExecuteMsg::CreateDistribution(create.clone()),
                &funds,
            )
            .unwrap_err();
        assert_eq!(
            err,
            E(PayoutError::FundsMismatch),
            "total {total}, funds {funds:?}"
        );
    }
    assert_eq!(c.balance_of(&c.payout.clone()), 0, "nothing stranded");
}

#[test]
fn one_account_cannot_appear_under_two_spellings() {
    let mut c = Chain::new(AssetKind::Cw20, &[(Actor::Funder, 10_000)]);
    let funder = c.addr(Actor::Funder);
    let alice = c.addr(Actor::Alice).to_string();
    let batch = MultiSendMsg {
        recipients: vec![alice.clone(), alice.to_uppercase()],
        amounts: vec![Uint128::new(10), Uint128::new(20)],
        declared_total: Uint128::new(30),
    };
    assert_eq!(
        c.multisend(&funder, batch).unwrap_err(),
        E(PayoutError::InvalidAddress)
    );
    let batch = MultiSendMsg {
        recipients: vec![alice, "not-an-address".into()],
        amounts: vec![Uint128::new(10), Uint128::new(20)],
        declared_total: Uint128::new(30),
    };
    assert_eq!(
        c.multisend(&funder, batch).unwrap_err(),
        E(PayoutError::InvalidAddress)
    );
    assert_eq!(c.balance_of(&funder), 10_000);
}

#[test]
fn a_forged_cw20_hook_cannot_reach_real_tokens() {
    // Someone calls `Receive` directly, posing as a token. The contract records the caller as
    // the asset, so the "distribution" can only ever pay out in the forger's own "token".
    let (mut c, _tree, _claims) = open(AssetKind::Cw20);
    let forger = c.addr(Actor::Relayer);
    let victim_claims = vec![(forger.clone(), 650u128)];
    let forged_tree = c.tree(2, &victim_claims);
    let hook = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: forger.to_string(),
        amount: Uint128::new(650),
        msg: to_json_binary(&ReceiveMsg::CreateDistribution(create_msg(
            &c,
            &forged_tree,
            650,
        )))
        .unwrap(),
    });
    let res = c.exec(&forger, &hook).unwrap();
    assert_eq!(attr(&res, "asset"), format!("cw20:{forger}"));
    let steal = ExecuteMsg::Claim {
        id: 2,
        index: 0,
        account: forger.to_string(),
        amount: Uint128::new(650),
        proof: hex_proof(&forged_tree.proof(0)),
    };
    // The payout is a transfer call on the forger's address, which is no contract: it fails,
    // and the real token's custody is untouched.
    assert!(matches!(c.exec(&forger, &steal), Err(Failure::Other(_))));
    assert_eq!(c.balance_of(&c.payout.clone()), 650);
    assert_eq!(c.balance_of(&forger), 0);
}

#[test]
fn clawback_of_a_fully_claimed_distribution_closes_it() {
    let (mut c, tree, claims) = open(AssetKind::Native);
    let relayer = c.addr(Actor::Relayer);
    for (i, (who, amount)) in claims.iter().enumerate() {
        c.exec(&relayer, &claim(who, *amount, i as u32, &tree.proof(i)))
            .unwrap();
    }
    c.set_time(100);
    let res = c.exec(&relayer, &ExecuteMsg::Clawback { id: 1 }).unwrap();
    assert_eq!(attr(&res, "amount"), "0");
    let err = c
        .exec(&relayer, &ExecuteMsg::Clawback { id: 1 })
        .unwrap_err();
    assert_eq!(err, E(PayoutError::ClawedBack));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever order claims arrive in, and however much less than the claims a distribution
    /// was funded with, `claimed` never exceeds `total` and custody is always `total − claimed`.
    #[test]
    fn claimed_never_exceeds_the_funded_total(
        amounts in proptest::collection::vec(1u128..1_000, 1..8),
        order in proptest::collection::vec(0usize..8, 1..16),
        shortfall in 0u128..2_000,
    ) {
        let mut c = Chain::new(AssetKind::Native, &[(Actor::Funder, 1_000_000)]);
        let people = [Actor::Alice, Actor::Bob, Actor::Carol, Actor::Treasury];
        let claims: Vec<(Addr, u128)> = amounts
            .iter()
            .enumerate()
            .map(|(i, m)| (c.addr(people[i % people.len()]), *m))
            .collect();
        let sum: u128 = amounts.iter().sum();
        let total = sum.saturating_sub(shortfall).max(1);
        let tree = c.tree(1, &claims);
        let funder = c.addr(Actor::Funder);
        c.create(&funder, total, create_msg(&c, &tree, total)).unwrap();
        let relayer = c.addr(Actor::Relayer);
        let mut paid = 0u128;
        for pick in order {
            let i = pick % claims.len();
            let (who, amount) = &claims[i];
            match c.exec(&relayer, &claim(who, *amount, i as u32, &tree.proof(i))) {
                Ok(_) => paid += amount,
                Err(Failure::Spec(PayoutError::AlreadyClaimed | PayoutError::ExceedsTotal)) => {}
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
            let d = c.distribution(1);
            prop_assert_eq!(d.claimed.u128(), paid);
            prop_assert!(paid <= total);
            prop_assert_eq!(c.balance_of(&c.payout.clone()), total - paid);
        }
    }
}
