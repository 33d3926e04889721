//! One escrow flow, written once against [`EscrowClient`], run on all four chains: EVM (a real
//! `anvil` through alloy), Solana (program-test with the real SPL Token and Token-2022), CosmWasm
//! (cw-multi-test, bank denom and cw20) and ink! (pallet-contracts, PSP22). Each
//! refusal must carry the same spec code on every chain, and balances must move the same way.

mod common;

use std::fmt::Debug;

use alloy::primitives::U256;
use alloy::providers::Provider;
use tokenrail_devnet::cosmwasm::AssetKind;
use tokenrail_sdk::cosmwasm::CwEscrow;
use tokenrail_sdk::evm::EvmEscrow;
use tokenrail_sdk::ink::InkEscrow;
use tokenrail_sdk::solana::{SolanaEscrow, TOKEN, TOKEN_2022};
use tokenrail_sdk::{ClientError, EscrowClient, EscrowError, EscrowStatus, NewEscrow};

const DAY: u64 = 86_400;

fn refused<T: Debug>(r: Result<T, ClientError<EscrowError>>) -> EscrowError {
    match r {
        Err(ClientError::Spec(code)) => code,
        other => panic!("expected a spec refusal, got {other:?}"),
    }
}

/// The flow: a two-milestone escrow with an arbiter, refusals on the way, one release, an
/// arbiter refund of the rest; then a second escrow the beneficiary cancels.
fn escrow_flow<C: EscrowClient>(
    client: &mut C,
    [depositor, beneficiary, arbiter]: [&C::Signer; 3],
    now: u64,
) where
    C::Address: PartialEq + Debug,
{
    let d = client.address_of(depositor);
    let b = client.address_of(beneficiary);
    let a = client.address_of(arbiter);
    let (d0, b0) = (client.balance(&d).unwrap(), client.balance(&b).unwrap());
    let new = |milestones: Vec<u128>| NewEscrow {
        beneficiary: b.clone(),
        arbiter: Some(a.clone()),
        milestones,
        deadline: now + DAY,
    };

    let first = client.create(depositor, new(vec![300, 200])).unwrap();
    assert_eq!(
        client.balance(&d).unwrap(),
        d0 - 500,
        "the depositor funded it"
    );
    assert_eq!(
        refused(client.release(beneficiary, &first, 0)),
        EscrowError::Unauthorized
    );
    assert_eq!(
        refused(client.release(depositor, &first, 1)),
        EscrowError::MilestoneOutOfOrder
    );
    client.release(arbiter, &first, 0).unwrap();
    assert_eq!(
        refused(client.release(arbiter, &first, 0)),
        EscrowError::MilestoneAlreadyReleased
    );
    assert_eq!(
        refused(client.cancel(beneficiary, &first)),
        EscrowError::CancelAfterRelease
    );
    client.refund(arbiter, &first).unwrap();
    let state = client.escrow(&first).unwrap();
    assert_eq!(state.status, EscrowStatus::Refunded);
    assert_eq!((state.released, state.next_milestone), (300, 1));
    assert_eq!(state.milestones, vec![300, 200]);
    assert_eq!(
        refused(client.release(depositor, &first, 1)),
        EscrowError::NotActive
    );
    assert_eq!(client.balance(&b).unwrap(), b0 + 300, "one milestone paid");
    assert_eq!(client.balance(&d).unwrap(), d0 - 300, "the rest refunded");

    let second = client.create(depositor, new(vec![100])).unwrap();
    client.cancel(beneficiary, &second).unwrap();
    assert_eq!(
        client.escrow(&second).unwrap().status,
        EscrowStatus::Cancelled
    );
    assert_eq!(
        client.balance(&d).unwrap(),
        d0 - 300,
        "a cancel returns everything"
    );
}

#[test]
fn escrow_flow_on_evm() {
    let node = common::Node::start(4);
    let (rt, signers) = (&node.rt, &node.signers);
    let deployer = signers[3].provider.clone();
    let (escrow, token, now) = rt.block_on(async {
        let token = tokenrail_evm::MockERC20::deploy(deployer.clone())
            .await
            .unwrap();
        token
            .mint(signers[0].address, U256::from(1_000))
            .send()
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        let escrow = tokenrail_evm::TokenrailEscrow::deploy(deployer.clone())
            .await
            .unwrap();
        let latest = deployer.get_block_number().await.unwrap();
        let block = deployer
            .get_block_by_number(latest.into())
            .await
            .unwrap()
            .unwrap();
        (*escrow.address(), *token.address(), block.header.timestamp)
    });
    let mut client = EvmEscrow::new(rt.handle().clone(), deployer, escrow, token);
    escrow_flow(&mut client, [&signers[0], &signers[1], &signers[2]], now);
}

#[test]
fn escrow_flow_on_solana() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (mut client, keys) = tokenrail_devnet::solana::escrow(token_program, &[1_000, 0, 0]);
        let now = tokenrail_devnet::solana::bank::T0 as u64;
        escrow_flow(&mut client, [&keys[0], &keys[1], &keys[2]], now);
    }
}

/// The same flow through the cluster transport: JSON-RPC to a node running the programs.
#[test]
fn escrow_flow_on_a_solana_cluster() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (_node, keys, ledger) = common::solana_cluster(token_program, &[1_000, 0, 0]);
        let mut client = SolanaEscrow::on(ledger);
        let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
        escrow_flow(&mut client, [&keys[0], &keys[1], &keys[2]], now);
    }
}

/// The same flow through the Cosmos transport: CometBFT JSON-RPC to a node running the
/// contracts, deployed through it.
#[test]
fn escrow_flow_on_a_cosmos_chain() {
    let (_node, p, at, ledger) = common::cosmos_chain(&[1_000, 0, 0]);
    let asset = tokenrail_sdk::cosmwasm::CwAsset::Native(tokenrail_devnet::cosmwasm::DENOM.into());
    let mut client = CwEscrow::on(ledger, at.escrow, asset);
    let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
    escrow_flow(&mut client, [&p[0].addr, &p[1].addr, &p[2].addr], now);
}

#[test]
fn escrow_flow_on_cosmwasm() {
    let names: Vec<String> = ["depositor", "beneficiary", "arbiter"]
        .map(String::from)
        .into();
    for kind in [AssetKind::Native, AssetKind::Cw20] {
        let (mut client, actors) = tokenrail_devnet::cosmwasm::escrow(kind, &names, &[1_000, 0, 0]);
        let now = tokenrail_devnet::cosmwasm::app::T0;
        escrow_flow(&mut client, [&actors[0], &actors[1], &actors[2]], now);
    }
}

#[test]
fn escrow_flow_on_a_substrate_node() {
    let (_node, p, at, ledger) = common::substrate_node(&[1_000, 0, 0]);
    let asset = tokenrail_sdk::ink::InkAsset::Psp22(at.payment_token.clone().unwrap());
    let mut client = InkEscrow::on(ledger, at.escrow, asset);
    let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
    escrow_flow(
        &mut client,
        [&p[0].account, &p[1].account, &p[2].account],
        now,
    );
}

#[test]
fn escrow_flow_on_ink_psp22() {
    let (mut client, accounts) = tokenrail_devnet::ink::escrow(true, &[1_000, 0, 0]).unwrap();
    let now = tokenrail_devnet::GENESIS_TIME;
    escrow_flow(&mut client, [&accounts[0], &accounts[1], &accounts[2]], now);
}
