//! One payout flow, written once against [`PayoutClient`] and [`Clock`], run on all four chains:
//! EVM (a real `anvil`, an ERC-20), Solana (program-test with SPL Token and Token-2022),
//! CosmWasm (cw-multi-test, bank denom and cw20) and ink! (pallet-contracts, PSP22).
//! Every refusal carries the same spec code, and balances move the same way.

mod common;

use std::fmt::Debug;

use alloy::primitives::U256;
use tokenrail_devnet::cosmwasm::AssetKind;
use tokenrail_sdk::cosmwasm::CwPayout;
use tokenrail_sdk::evm::EvmPayout;
use tokenrail_sdk::ink::InkPayout;
use tokenrail_sdk::solana::{SolanaPayout, TOKEN, TOKEN_2022};
use tokenrail_sdk::{ClientError, Clock, NewDistribution, PayoutClient, PayoutError};

const DAY: u64 = 86_400;

#[track_caller]
fn refused<T: Debug>(r: Result<T, ClientError<PayoutError>>) -> PayoutError {
    match r {
        Err(ClientError::Spec(code)) => code,
        other => panic!("expected a spec refusal, got {other:?}"),
    }
}

/// The flow: a multi-send (and one refused for a zero leg), a three-claim distribution, a claim
/// submitted by someone else, a double claim, an early clawback, then after the expiry a late
/// claim and the clawback of the remainder, once.
fn payout_flow<C: PayoutClient + Clock>(
    client: &mut C,
    [funder, alice, bob, carol]: [&C::Signer; 4],
) where
    C::Address: PartialEq + Debug,
{
    let (f, a, b, c) = (
        client.address_of(funder),
        client.address_of(alice),
        client.address_of(bob),
        client.address_of(carol),
    );
    let f0 = client.balance(&f).unwrap();
    client
        .multisend(funder, &[(a.clone(), 100), (b.clone(), 50)])
        .unwrap();
    assert_eq!(
        refused(client.multisend(funder, &[(a.clone(), 1), (b.clone(), 0)])),
        PayoutError::ZeroAmount
    );
    assert_eq!(client.balance(&a).unwrap(), 100);
    assert_eq!(client.balance(&b).unwrap(), 50);
    assert_eq!(client.balance(&f).unwrap(), f0 - 150);

    let now = client.now().unwrap();
    let d = client
        .create_distribution(
            funder,
            NewDistribution {
                claims: vec![(a.clone(), 200), (b.clone(), 300), (c.clone(), 100)],
                start: now,
                expiry: now + DAY,
                clawback_to: f.clone(),
            },
        )
        .unwrap();
    assert_eq!(
        client.balance(&f).unwrap(),
        f0 - 750,
        "funded with the total"
    );
    client.claim(carol, &d, 0).unwrap();
    assert_eq!(
        client.balance(&a).unwrap(),
        300,
        "the leaf's account is paid"
    );
    assert!(client.is_claimed(&d, 0).unwrap());
    assert!(!client.is_claimed(&d, 1).unwrap());
    assert_eq!(
        refused(client.claim(alice, &d, 0)),
        PayoutError::AlreadyClaimed
    );
    client.claim(carol, &d, 2).unwrap();
    assert_eq!(
        refused(client.clawback(funder, &d)),
        PayoutError::NotExpired
    );

    client.advance(DAY + 1).unwrap();
    assert_eq!(refused(client.claim(bob, &d, 1)), PayoutError::Expired);
    client.clawback(carol, &d).unwrap();
    assert_eq!(
        client.balance(&f).unwrap(),
        f0 - 450,
        "bob's unclaimed 300 went back"
    );
    assert_eq!(
        refused(client.clawback(funder, &d)),
        PayoutError::ClawedBack
    );
    assert_eq!(client.balance(&b).unwrap(), 50);
    assert_eq!(client.balance(&c).unwrap(), 100);
}

#[test]
fn payout_flow_on_evm() {
    let node = common::Node::start(5);
    let s = &node.signers;
    let deployer = s[4].provider.clone();
    let token = node.rt.block_on(async {
        let token = tokenrail_evm::MockERC20::deploy(deployer.clone())
            .await
            .unwrap();
        let minted = token
            .mint(s[0].address, U256::from(1_000))
            .send()
            .await
            .unwrap();
        minted.get_receipt().await.unwrap();
        *token.address()
    });
    let mut client = EvmPayout::deploy(node.rt.handle().clone(), &s[4], token).unwrap();
    payout_flow(&mut client, [&s[0], &s[1], &s[2], &s[3]]);
}

#[test]
fn payout_flow_on_solana() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (mut client, k) = tokenrail_devnet::solana::payout(token_program, &[1_000, 0, 0, 0]);
        payout_flow(&mut client, [&k[0], &k[1], &k[2], &k[3]]);
    }
}

/// The same flow through the cluster transport: JSON-RPC to a node running the programs.
#[test]
fn payout_flow_on_a_solana_cluster() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (_node, k, ledger) = common::solana_cluster(token_program, &[1_000, 0, 0, 0]);
        let mut client = SolanaPayout::on(ledger);
        payout_flow(&mut client, [&k[0], &k[1], &k[2], &k[3]]);
    }
}

/// The same flow through the Cosmos transport: CometBFT JSON-RPC to a node running the
/// contracts, deployed through it.
#[test]
fn payout_flow_on_a_cosmos_chain() {
    let (_node, p, at, ledger) = common::cosmos_chain(&[1_000, 0, 0, 0]);
    let asset = tokenrail_sdk::cosmwasm::CwAsset::Native(tokenrail_devnet::cosmwasm::DENOM.into());
    let mut client = CwPayout::on(ledger, at.payout, asset);
    payout_flow(
        &mut client,
        [&p[0].addr, &p[1].addr, &p[2].addr, &p[3].addr],
    );
}

#[test]
fn payout_flow_on_cosmwasm() {
    let names: Vec<String> = ["funder", "alice", "bob", "carol"].map(String::from).into();
    for kind in [AssetKind::Native, AssetKind::Cw20] {
        let (mut client, a) = tokenrail_devnet::cosmwasm::payout(kind, &names, &[1_000, 0, 0, 0]);
        payout_flow(&mut client, [&a[0], &a[1], &a[2], &a[3]]);
    }
}

#[test]
fn payout_flow_on_a_substrate_node() {
    let (_node, p, at, ledger) = common::substrate_node(&[1_000, 0, 0, 0]);
    let asset = tokenrail_sdk::ink::InkAsset::Psp22(at.payment_token.clone().unwrap());
    let mut client = InkPayout::on(ledger, at.payout, asset);
    payout_flow(
        &mut client,
        [&p[0].account, &p[1].account, &p[2].account, &p[3].account],
    );
}

#[test]
fn payout_flow_on_ink_psp22() {
    let (mut client, a) = tokenrail_devnet::ink::payout(true, &[1_000, 0, 0, 0]).unwrap();
    payout_flow(&mut client, [&a[0], &a[1], &a[2], &a[3]]);
}
