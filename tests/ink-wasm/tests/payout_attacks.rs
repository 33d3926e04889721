//! Attack tests for the built ink! payout contract in pallet-contracts, beyond the shared
//! vectors: all-or-nothing batches when one leg fails, proofs replayed on another deployment,
//! truncated proofs (internal node as leaf), value sent to non-payable messages.

mod payout_common;

use payout_common::{outcome, AssetKind, Driver, T0};
use tokenrail_core::payout::PayoutError;
use tokenrail_core::vectors::payout::{Actor, DistributionRequest, Failure, PayoutDriver};
use tokenrail_devnet::ink::sandbox::read_artifact;

fn request() -> DistributionRequest {
    DistributionRequest {
        label: "d".into(),
        claims: vec![(Actor::Alice, 100), (Actor::Bob, 200), (Actor::Carol, 300)],
        funded: 600,
        start: 0,
        expiry: 100,
        clawback_to: Actor::Treasury,
    }
}

#[test]
fn a_failing_leg_reverts_the_whole_batch() {
    let mut d = Driver::new(AssetKind::Psp22, &[(Actor::Funder, 1_000)]);
    // Limit the allowance so the third leg cannot be paid.
    let token = d.f.token.clone().unwrap();
    let payout = d.f.contract.clone();
    let funder = d.who(Actor::Funder);
    let r =
        d.f.chain
            .call(&token, "PSP22::approve", (payout, 250u128), &funder, 0);
    assert!(!r.reverted);
    let legs = [(Actor::Alice, 100), (Actor::Bob, 100), (Actor::Carol, 100)];
    assert_eq!(
        d.multisend(Actor::Funder, &legs, 300),
        Err(Failure::Spec(PayoutError::TransferFailed))
    );
    for a in [Actor::Alice, Actor::Bob, Actor::Carol] {
        assert_eq!(d.balance(a), 0, "{a:?} was paid by a failed batch");
    }
    assert_eq!(d.balance(Actor::Funder), 1_000);
    // Within the allowance the same batch shape goes through.
    d.multisend(Actor::Funder, &legs[..2], 200).unwrap();
    assert_eq!(d.balance(Actor::Bob), 100);
}

#[test]
fn a_proof_for_another_deployment_fails() {
    let mut d = Driver::new(AssetKind::Native, &[(Actor::Funder, 10_000)]);
    let first = d.create_distribution(Actor::Funder, &request()).unwrap();
    // A second payout contract funded with a distribution over the same root.
    let admin = d.f.chain.account(payout_common::ADMIN);
    let (second, _) =
        d.f.chain
            .deploy(read_artifact("ink_payout"), "new", (), &admin);
    let tree = first.tree.clone().unwrap();
    let funder = d.who(Actor::Funder);
    let args = (
        None::<[u8; 32]>,
        tree.root(),
        600u128,
        T0,
        T0 + 100,
        d.who(Actor::Treasury),
    );
    let out =
        d.f.chain
            .call(&second, "create_distribution", args, &funder, 600);
    assert_eq!(outcome::<u64>(&out), Ok(1));
    let claim = (1u64, 0u32, d.who(Actor::Alice), 100u128, tree.proof(0));
    let relayer = d.who(Actor::Relayer);
    let out = d.f.chain.call(&second, "claim", claim.clone(), &relayer, 0);
    assert_eq!(
        outcome::<()>(&out),
        Err(Failure::Spec(PayoutError::InvalidProof))
    );
    // On the deployment it was built for, the same claim pays Alice.
    let payout = d.f.contract.clone();
    let out = d.f.chain.call(&payout, "claim", claim, &relayer, 0);
    assert_eq!(outcome::<()>(&out), Ok(()));
    assert_eq!(d.balance(Actor::Alice), 100);
}

#[test]
fn an_internal_node_is_never_accepted_as_a_leaf() {
    let mut d = Driver::new(AssetKind::Psp22, &[(Actor::Funder, 10_000)]);
    let dist = d.create_distribution(Actor::Funder, &request()).unwrap();
    let tree = dist.tree.unwrap();
    let alice = d.who(Actor::Alice);
    for proof in [tree.proof(0)[1..].to_vec(), vec![[9u8; 32]; 65]] {
        let out = d.exec(
            Actor::Relayer,
            "claim",
            (1u64, 0u32, alice.clone(), 100u128, proof),
            0,
        );
        assert_eq!(
            outcome::<()>(&out),
            Err(Failure::Spec(PayoutError::InvalidProof))
        );
    }
    assert_eq!(d.custody(), 600);
}

#[test]
fn value_sent_to_a_non_payable_message_is_refused() {
    let mut d = Driver::new(AssetKind::Native, &[(Actor::Funder, 10_000)]);
    let dist = d.create_distribution(Actor::Funder, &request()).unwrap();
    let tree = dist.tree.unwrap();
    let alice = d.who(Actor::Alice);
    let (payout, funder) = (d.f.contract.clone(), d.who(Actor::Funder));
    let args = (1u64, 0u32, alice, 100u128, tree.proof(0));
    let err =
        d.f.chain
            .try_call(&payout, "claim", args, &funder, 5)
            .unwrap_err();
    assert!(err.contains("ContractTrapped"), "{err}");
    assert_eq!(d.custody(), 600);
    // PSP22 batches take no native value either.
    let mut p = Driver::new(AssetKind::Psp22, &[(Actor::Funder, 1_000)]);
    let args = (
        p.f.token.clone(),
        vec![p.who(Actor::Alice)],
        vec![10u128],
        10u128,
    );
    let out = p.exec(Actor::Funder, "multisend", args, 10);
    assert_eq!(
        outcome::<()>(&out),
        Err(Failure::Spec(PayoutError::TotalMismatch))
    );
}
