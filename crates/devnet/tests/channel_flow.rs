//! One payment-channel flow, written once against [`ChannelClient`] and [`Clock`], run on all
//! four chains: EVM (a real `anvil`, an ERC-20), Solana (program-test, SPL Token and
//! Token-2022, Ed25519 states), CosmWasm (cw-multi-test, bank denom and cw20, secp256k1
//! parties) and ink! (pallet-contracts, PSP22, secp256k1 parties). Every refusal
//! carries the same spec code, and balances move the same way.

mod common;

use std::fmt::Debug;

use alloy::primitives::U256;
use tokenrail_channel::{Kind, Secp256k1Key};
use tokenrail_devnet::cosmwasm::AssetKind;
use tokenrail_sdk::cosmwasm::CwChannel;
use tokenrail_sdk::evm::{EvmChannel, EvmParty};
use tokenrail_sdk::ink::InkChannel;
use tokenrail_sdk::solana::{SolanaChannel, TOKEN, TOKEN_2022};
use tokenrail_sdk::{ChannelClient, ChannelError, ChannelStatus, ClientError, Clock};

const PERIOD: u64 = 3_600;

#[track_caller]
fn refused<T: Debug>(r: Result<T, ClientError<ChannelError>>) -> ChannelError {
    match r {
        Err(ClientError::Spec(code)) => code,
        other => panic!("expected a spec refusal, got {other:?}"),
    }
}

/// The flow: open and top up; three off-chain states; A closes on a stale state, a staler
/// challenge and an early settle are refused, B challenges with the latest, the period runs
/// out, a late challenge is refused, anyone settles; then the channel is opened again (epoch
/// 2), where an epoch-1 state is refused, and closed cooperatively.
fn channel_flow<C: ChannelClient + Clock>(client: &mut C, [a, b]: [&C::Signer; 2])
where
    C::Address: PartialEq + Debug,
{
    let (pa, pb) = (client.address_of(a), client.address_of(b));
    let (a0, b0) = (client.balance(&pa).unwrap(), client.balance(&pb).unwrap());
    let ch = client.open(a, &pb, 500, PERIOD).unwrap();
    client.deposit(b, &ch, 200).unwrap();
    let open = client.channel(&ch).unwrap();
    assert_eq!(open.status, ChannelStatus::Open);
    assert_eq!((open.epoch, open.deposit_a, open.deposit_b), (1, 500, 200));
    assert_eq!(
        refused(client.open(a, &pb, 1, PERIOD)),
        ChannelError::ChannelOpen
    );

    let s1 = client
        .sign_both([a, b], &ch, Kind::State, 1, 100, 0)
        .unwrap();
    let s2 = client
        .sign_both([a, b], &ch, Kind::State, 2, 150, 20)
        .unwrap();
    let s3 = client
        .sign_both([a, b], &ch, Kind::State, 3, 300, 20)
        .unwrap();

    client.close_unilateral(a, &ch, &s2).unwrap();
    let closing = client.channel(&ch).unwrap();
    assert_eq!((closing.status, closing.nonce), (ChannelStatus::Closing, 2));
    assert_eq!(
        refused(client.challenge(a, &ch, &s1)),
        ChannelError::StaleNonce
    );
    assert_eq!(
        refused(client.settle(b, &ch)),
        ChannelError::ChallengePeriodActive
    );
    client.challenge(b, &ch, &s3).unwrap();
    assert_eq!(client.channel(&ch).unwrap().nonce, 3);

    client.advance(PERIOD).unwrap();
    let s4 = client.sign_both([a, b], &ch, Kind::State, 4, 0, 0).unwrap();
    assert_eq!(
        refused(client.challenge(a, &ch, &s4)),
        ChannelError::ChallengePeriodOver,
        "from the deadline on, settle and never challenge"
    );
    client.settle(a, &ch).unwrap();
    assert_eq!(client.channel(&ch).unwrap().status, ChannelStatus::Settled);
    assert_eq!(
        refused(client.challenge(b, &ch, &s4)),
        ChannelError::NotClosing,
        "no state after settlement"
    );
    // A: 500 − 300 + 20 of the channel; B: 200 + 300 − 20.
    assert_eq!(client.balance(&pa).unwrap(), a0 - 500 + 220);
    assert_eq!(client.balance(&pb).unwrap(), b0 - 200 + 480);

    let again = client.open(a, &pb, 100, PERIOD).unwrap();
    assert_eq!(client.channel(&again).unwrap().epoch, 2);
    assert_eq!(
        refused(client.close_unilateral(a, &again, &s3)),
        ChannelError::WrongChannel,
        "an epoch-1 state is not valid in epoch 2"
    );
    let close = client
        .sign_both([a, b], &again, Kind::Close, 0, 40, 0)
        .unwrap();
    client.close_cooperative(b, &again, &close).unwrap();
    assert_eq!(client.balance(&pa).unwrap(), a0 - 500 + 220 - 40);
    assert_eq!(client.balance(&pb).unwrap(), b0 - 200 + 480 + 40);
}

fn keys() -> Vec<Secp256k1Key> {
    (1u8..=2)
        .map(|i| Secp256k1Key::from_bytes(&[i; 32]).unwrap())
        .collect()
}

#[test]
fn channel_flow_on_evm() {
    let node = common::Node::start(3);
    let s = &node.signers;
    let token = node.rt.block_on(async {
        let token = tokenrail_evm::MockERC20::deploy(s[2].provider.clone())
            .await
            .unwrap();
        for who in [s[0].address, s[1].address] {
            let minted = token.mint(who, U256::from(1_000)).send().await.unwrap();
            minted.get_receipt().await.unwrap();
        }
        *token.address()
    });
    let mut client = EvmChannel::deploy(node.rt.handle().clone(), &s[2], token).unwrap();
    let parties: Vec<EvmParty> = (0..2)
        .map(|i| EvmParty {
            signer: s[i].clone(),
            key: Secp256k1Key::from_bytes(&node.anvil.keys()[i].to_bytes().into()).unwrap(),
        })
        .collect();
    channel_flow(&mut client, [&parties[0], &parties[1]]);
}

#[test]
fn channel_flow_on_solana() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (mut client, k) = tokenrail_devnet::solana::channel(token_program, &[1_000, 1_000]);
        channel_flow(&mut client, [&k[0], &k[1]]);
    }
}

/// The same flow through the cluster transport: JSON-RPC to a node running the programs.
#[test]
fn channel_flow_on_a_solana_cluster() {
    for token_program in [TOKEN, TOKEN_2022] {
        let (_node, k, ledger) = common::solana_cluster(token_program, &[1_000, 1_000]);
        let mut client = SolanaChannel::on(ledger).unwrap();
        channel_flow(&mut client, [&k[0], &k[1]]);
    }
}

/// The same flow through the Cosmos transport: CometBFT JSON-RPC to a node running the
/// contracts, deployed through it.
#[test]
fn channel_flow_on_a_cosmos_chain() {
    let (_node, p, at, ledger) = common::cosmos_chain(&[1_000, 1_000]);
    let asset = tokenrail_sdk::cosmwasm::CwAsset::Native(tokenrail_devnet::cosmwasm::DENOM.into());
    let mut client = CwChannel::on(ledger, at.channel, asset);
    channel_flow(&mut client, [&p[0], &p[1]]);
}

#[test]
fn channel_flow_on_cosmwasm() {
    for kind in [AssetKind::Native, AssetKind::Cw20] {
        let (mut client, p) =
            tokenrail_devnet::cosmwasm::channel(kind, keys(), &[1_000, 1_000]).unwrap();
        channel_flow(&mut client, [&p[0], &p[1]]);
    }
}

#[test]
fn channel_flow_on_a_substrate_node() {
    let (_node, p, at, ledger) = common::substrate_node(&[1_000, 1_000]);
    let asset = tokenrail_sdk::ink::InkAsset::Psp22(at.payment_token.clone().unwrap());
    let mut client = InkChannel::on(ledger, at.channel, asset).unwrap();
    channel_flow(&mut client, [&p[0], &p[1]]);
}

/// PSP22 only: a native balance on ink! also pays the channel's storage deposit, so exact
/// balance checks belong to the vector runner, which accounts for deposits.
#[test]
fn channel_flow_on_ink_psp22() {
    let (mut client, p) = tokenrail_devnet::ink::channel(true, keys(), &[1_000, 1_000]).unwrap();
    channel_flow(&mut client, [&p[0], &p[1]]);
}

/// Finding 4 (docs/security.md): a Solana channel recorded for another network (its states would
/// verify there, where the same program, parties and mint exist) is refused before the client
/// deposits into it or signs for it.
#[test]
fn a_solana_channel_of_another_network_is_refused() {
    use anchor_lang::{InstructionData, ToAccountMetas};
    use tokenrail_sdk::solana::{Signer, SolanaChannelRef};
    use tokenrail_solana::addresses::{
        channel_address, channel_vault_address, event_authority_address,
    };
    use tokenrail_solana::tokenrail_channel_program::{client as program, ID};
    let (mut client, k) = tokenrail_devnet::solana::channel(TOKEN, &[1_000, 1_000]);
    let (a, b, mint) = (k[0].pubkey(), k[1].pubkey(), client.chain.mint);
    let channel = channel_address(&a, &b, &mint);
    // Opened as a wallet would on a network whose genesis hash is 0xee…, not this one.
    let ix = anchor_lang::solana_program::instruction::Instruction {
        program_id: ID,
        accounts: program::accounts::Open {
            opener: a,
            mint,
            opener_token: client.token_account(&a),
            channel,
            vault: channel_vault_address(&channel),
            token_program: client.chain.token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority_address(&ID),
            program: ID,
        }
        .to_account_metas(None),
        data: program::args::Open {
            counterparty: b,
            amount: 100,
            period: PERIOD,
            network: [0xee; 32],
        }
        .data(),
    };
    client.chain.send(&[ix], &[&k[0]]).unwrap();
    let ch = SolanaChannelRef { channel, a, b };
    let deposit = client.deposit(&k[1], &ch, 10).unwrap_err();
    let message = client.message(&ch, Kind::State, 1, 1, 0).unwrap_err();
    for err in [deposit, message] {
        assert!(
            matches!(&err, ClientError::Chain(m) if m.contains("another network")),
            "{err:?}"
        );
    }
}

/// Finding 4 (docs/security.md): an ink! channel contract that records another network than the
/// chain's (its states would verify there) is refused before any deposit or signature.
#[test]
fn ink_contract_recorded_for_another_network_is_refused() {
    let err = tokenrail_devnet::ink::channel_recording(true, keys(), &[1], Some([0xee; 32]))
        .err()
        .expect("refused");
    assert!(err.contains("network"), "{err}");
}
