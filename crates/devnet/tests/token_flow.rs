//! One token flow, written once against [`TokenClient`], run on all four chains: EVM (a real
//! `anvil`), Solana (program-test with Token-2022 and the transfer hook), CosmWasm
//! (cw-multi-test) and ink! (pallet-contracts). Every refusal carries the same spec code,
//! balances move the same way, and every code has the same message.

mod common;

use std::fmt::Debug;

use tokenrail_sdk::cosmwasm::CwToken;
use tokenrail_sdk::evm::EvmToken;
use tokenrail_sdk::ink::InkToken;
use tokenrail_sdk::solana::SolanaToken;
use tokenrail_sdk::{ClientError, Investor, TokenClient, TokenError, TokenTerms};

const YEAR: u64 = 365 * 86_400;

fn terms() -> TokenTerms {
    TokenTerms {
        name: "Tokenrail Bond 2030".into(),
        symbol: "TRB30".into(),
        decimals: 6,
        cap: 10_000,
        uri: "ipfs://bafy-legal-terms".into(),
        legal_document_hash: [0x42; 32],
    }
}

#[track_caller]
fn refused<T: Debug>(r: Result<T, ClientError<TokenError>>) -> TokenError {
    match r {
        Err(ClientError::Spec(code)) => code,
        other => panic!("expected a spec refusal, got {other:?}"),
    }
}

/// The flow: onboard two investors, mint, a transfer blocked by the registry and an allowed one,
/// a freeze that blocks the frozen side, forced transfers through the freeze and the registry
/// (the spec's one bypass), role and cap refusals.
fn token_flow<C: TokenClient>(
    client: &mut C,
    issuer: &C::Signer,
    [alice, bob, carol]: [&C::Signer; 3],
    now: u64,
) where
    C::Address: PartialEq + Debug,
{
    let (a, b, c) = (
        client.address_of(alice),
        client.address_of(bob),
        client.address_of(carol),
    );
    let entry = Investor {
        jurisdiction: 276,
        kyc_expiry: now + YEAR,
    };
    assert_eq!(
        refused(client.mint(issuer, &a, 1)),
        TokenError::RecipientNotVerified,
        "no minting to an unregistered address"
    );
    assert_eq!(
        refused(client.register(alice, &a, entry)),
        TokenError::Unauthorized,
        "only the registry agent registers"
    );
    client.register(issuer, &a, entry).unwrap();
    client.register(issuer, &b, entry).unwrap();
    client.mint(issuer, &a, 1_000).unwrap();
    assert_eq!(refused(client.mint(alice, &a, 1)), TokenError::Unauthorized);
    assert_eq!(
        refused(client.mint(issuer, &a, 9_001)),
        TokenError::CapExceeded
    );

    assert_eq!(
        client.can_transfer(&a, &c, 100).unwrap(),
        Some(TokenError::RecipientNotVerified)
    );
    assert_eq!(
        refused(client.transfer(alice, &c, 100)),
        TokenError::RecipientNotVerified,
        "the blocked transfer"
    );
    assert_eq!(client.can_transfer(&a, &b, 300).unwrap(), None);
    client.transfer(alice, &b, 300).unwrap();

    client.set_frozen(issuer, &b, true).unwrap();
    assert_eq!(
        client.can_transfer(&b, &a, 1).unwrap(),
        Some(TokenError::SenderFrozen)
    );
    assert_eq!(
        refused(client.transfer(bob, &a, 1)),
        TokenError::SenderFrozen
    );
    assert_eq!(
        refused(client.transfer(alice, &b, 1)),
        TokenError::RecipientFrozen
    );
    assert_eq!(
        refused(client.forced_transfer(alice, &b, &a, 100)),
        TokenError::Unauthorized
    );
    client.forced_transfer(issuer, &b, &a, 100).unwrap();
    // The documented bypass: a forced transfer ignores the registry too.
    client.forced_transfer(issuer, &a, &c, 1).unwrap();
    client.set_frozen(issuer, &b, false).unwrap();
    client.transfer(bob, &a, 50).unwrap();

    assert_eq!(client.balance(&a).unwrap(), 849);
    assert_eq!(client.balance(&b).unwrap(), 150);
    assert_eq!(client.balance(&c).unwrap(), 1);
    assert_eq!(client.supply().unwrap(), 1_000);

    // The chain's message of every code (ERC-1404 on EVM) is the spec's, as core keeps it,
    // and a number past the table is "unknown restriction" there too.
    for code in (0..=TokenError::ALL.len() as u16 + 2).chain([255, 256, u16::MAX]) {
        assert_eq!(
            client.restriction_message(code).unwrap(),
            tokenrail_core::token::restriction_message(code),
            "the message of restriction {code}"
        );
    }
}

#[test]
fn token_flow_on_evm() {
    let node = common::Node::start(4);
    let s = &node.signers;
    let mut client = EvmToken::issue(node.rt.handle().clone(), &s[0], &terms()).unwrap();
    token_flow(&mut client, &s[0], [&s[1], &s[2], &s[3]], node.now());
}

#[test]
fn token_flow_on_solana() {
    let (mut client, issuer, k) = tokenrail_devnet::solana::issue_token(&terms(), 3).unwrap();
    let now = tokenrail_devnet::solana::bank::T0 as u64;
    token_flow(&mut client, &issuer, [&k[0], &k[1], &k[2]], now);
}

/// The same flow through the cluster transport: JSON-RPC to a node running the programs.
#[test]
fn token_flow_on_a_solana_cluster() {
    let (_node, k, ledger) = common::solana_cluster(tokenrail_sdk::solana::TOKEN, &[0; 4]);
    let mut client = SolanaToken::issue_on(ledger, &terms(), &k[0], 1).unwrap();
    let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
    token_flow(&mut client, &k[0], [&k[1], &k[2], &k[3]], now);
}

/// The same flow through the Cosmos transport: CometBFT JSON-RPC to a node running the
/// contracts, deployed through it.
#[test]
fn token_flow_on_a_cosmos_chain() {
    let (_node, p, at, ledger) = common::cosmos_chain(&[0; 4]);
    let mut client = CwToken::issue_on(ledger, &terms(), &p[0].addr, at.token_codes).unwrap();
    let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
    token_flow(
        &mut client,
        &p[0].addr,
        [&p[1].addr, &p[2].addr, &p[3].addr],
        now,
    );
}

#[test]
fn token_flow_on_cosmwasm() {
    let (mut client, issuer, a) =
        tokenrail_devnet::cosmwasm::issue_token(&terms(), "issuer", &["alice", "bob", "carol"])
            .unwrap();
    token_flow(
        &mut client,
        &issuer,
        [&a[0], &a[1], &a[2]],
        tokenrail_devnet::cosmwasm::app::T0,
    );
}

#[test]
fn token_flow_on_a_substrate_node() {
    let (_node, p, at, ledger) = common::substrate_node(&[0; 4]);
    let codes = at.codes().unwrap();
    let mut client = InkToken::issue_on(ledger, &terms(), &p[0].account, codes).unwrap();
    let now = tokenrail_sdk::Clock::now(&mut client).unwrap();
    token_flow(
        &mut client,
        &p[0].account,
        [&p[1].account, &p[2].account, &p[3].account],
        now,
    );
}

#[test]
fn token_flow_on_ink() {
    let (mut client, issuer, a) = tokenrail_devnet::ink::issue_token(&terms(), 3).unwrap();
    let now = tokenrail_devnet::GENESIS_TIME;
    token_flow(&mut client, &issuer, [&a[0], &a[1], &a[2]], now);
}
