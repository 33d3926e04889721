//! ink! channel attacks beyond the shared vectors, on the built wasm: a payout the receiver's
//! token refuses must not block the other party's settlement, and value attached where none is
//! taken is refused.

use scale::{Decode, Encode};
use tokenrail_channel::{Domain, Message, Party as Key, Secp256k1Key, State};
use tokenrail_core::Amount;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{
    deploy_asset_token, read_artifact, roles, CallOutcome, Chain,
};
use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
use tokenrail_ledger::{EventData, Position};

const T0: u64 = 1_700_000_000;
const PERIOD: u64 = 3600;
/// `Error::FundsMismatch`.
const FUNDS_MISMATCH: u8 = 17;
/// `Error::ZeroAmount`.
const ZERO_AMOUNT: u8 = 4;

#[derive(Encode, Decode, Debug, Clone, PartialEq, Eq)]
enum Asset {
    Native,
    Psp22(AccountId32),
}

#[derive(Encode, Clone, Copy)]
struct EntryMirror {
    status: u8,
    jurisdiction: u16,
    kyc_expiry: u64,
}

fn key(n: u8) -> Secp256k1Key {
    Secp256k1Key::from_bytes(&[n; 32]).unwrap()
}

fn account(n: u8) -> AccountId32 {
    match key(n).party(&Domain::Ink {
        contract: [0; 32],
        network: [0; 32],
    }) {
        Some(Key::SubstrateEcdsa(id)) => AccountId32::new(id),
        other => panic!("{other:?}"),
    }
}

fn ok(out: &CallOutcome, what: &str) {
    let r: Result<(), u8> = out.value();
    assert_eq!(r, Ok(()), "{what}");
}

fn err(out: &CallOutcome) -> u8 {
    let r: Result<(), u8> = out.value();
    r.expect_err("the call must fail")
}

/// Alice and Bob hold a regulated asset token; the compliance agent revokes Bob while the
/// channel is closing. Settlement pays Alice at once and credits Bob, who withdraws to a
/// verified account of his once he may receive again elsewhere.
#[test]
fn refused_token_payout_is_credited_not_blocking() {
    let mut chain = Chain::new();
    chain.set_timestamp_ms(T0 * 1000);
    let admin = chain.account(0);
    let (alice, bob, carol) = (
        chain.fund(account(1)),
        chain.fund(account(2)),
        chain.fund(account(3)),
    );
    let (registry, token) = deploy_asset_token(&mut chain, &admin, 1_000_000);
    let network = chain.genesis_hash();
    let (channels, _) = chain.deploy(read_artifact("ink_channel"), "new", network, &admin);
    for (target, role) in [(&registry, roles::REGISTRY_AGENT), (&token, roles::ISSUER)] {
        let out = chain.call(target, "set_role", (role, admin.clone(), true), &admin, 0);
        ok(&out, "grant");
    }
    let verified = EntryMirror {
        status: 0,
        jurisdiction: 276,
        kyc_expiry: T0 + 10 * 365 * 86400,
    };
    let investors: Vec<(AccountId32, EntryMirror)> = [&alice, &bob, &carol, &channels]
        .into_iter()
        .map(|a| (a.clone(), verified))
        .collect();
    ok(
        &chain.call(&registry, "upsert", investors, &admin, 0),
        "register",
    );
    ok(
        &chain.call(&token, "mint", (alice.clone(), 1000u128), &admin, 0),
        "mint",
    );
    let approve = chain.call(
        &token,
        "PSP22::approve",
        (channels.clone(), 1000u128),
        &alice,
        0,
    );
    let approved: Result<(), tokenrail_devnet::ink::sandbox::Psp22Error> = approve.value();
    approved.unwrap();

    let asset = Asset::Psp22(token.clone());
    let open = chain.call(
        &channels,
        "open",
        (bob.clone(), asset.clone(), 1000u128, PERIOD),
        &alice,
        0,
    );
    let id: Result<[u8; 32], u8> = open.value();
    let id = id.unwrap();

    // Alice paid Bob 300 off chain; both signed.
    let contract: [u8; 32] = *channels.as_ref();
    let msg = Message::State(State {
        channel_id: id,
        epoch: 1,
        nonce: 1,
        sent_a: 300,
        sent_b: 0,
    });
    let domain = Domain::Ink { contract, network };
    let sig = |n: u8| -> [u8; 65] { key(n).sign(&domain, &msg).unwrap().try_into().unwrap() };
    let state = (id, 1u64, 1u64, 300u128, 0u128);
    let close = chain.call(
        &channels,
        "close_unilateral",
        (id, state, sig(1), sig(2)),
        &bob,
        0,
    );
    ok(&close, "bob closes");

    // Bob's KYC is revoked during the challenge period.
    let revoked = EntryMirror {
        status: 1,
        ..verified
    };
    ok(
        &chain.call(&registry, "upsert", vec![(bob.clone(), revoked)], &admin, 0),
        "revoke",
    );

    chain.set_timestamp_ms((T0 + PERIOD) * 1000);
    let settle = chain.call(&channels, "settle", id, &carol, 0);
    ok(&settle, "settlement is not blocked by the refused leg");
    let balance = |chain: &mut Chain, who: &AccountId32| -> u128 {
        chain
            .call(&token, "PSP22::balance_of", who.clone(), &admin, 0)
            .value()
    };
    assert_eq!(balance(&mut chain, &alice), 700, "alice paid at once");
    assert_eq!(
        balance(&mut chain, &bob),
        0,
        "bob's leg refused by the token"
    );
    let owed: u128 = chain
        .call(&channels, "owed", (asset.clone(), bob.clone()), &admin, 0)
        .value();
    assert_eq!(owed, 300, "bob credited");
    assert_eq!(
        balance(&mut chain, &channels),
        300,
        "custody holds the credit"
    );

    // Bob withdraws to Carol (verified); a second withdrawal has nothing left.
    ok(
        &chain.call(
            &channels,
            "withdraw",
            (asset.clone(), carol.clone()),
            &bob,
            0,
        ),
        "withdraw",
    );
    assert_eq!(balance(&mut chain, &carol), 300, "credit delivered");
    let again = chain.call(
        &channels,
        "withdraw",
        (asset.clone(), carol.clone()),
        &bob,
        0,
    );
    assert_eq!(err(&again), ZERO_AMOUNT);

    // A ledger syncing the channel reads the credit and its withdrawal as pull payments.
    let spell = |who: &AccountId32| ss58(who.as_ref(), 42);
    assert_eq!(
        pull_payments(&mut chain, &channels),
        [
            EventData::PayoutDeferred {
                asset: spell(&token),
                to: spell(&bob),
                amount: Amount(300),
            },
            EventData::Withdrawn {
                asset: spell(&token),
                owner: spell(&bob),
                to: spell(&carol),
                amount: Amount(300),
            },
        ]
    );
}

/// The `payout_deferred` and `withdrawn` rows the ledger's ink! decoder reads from every event
/// the channel contract `channels` emitted so far.
fn pull_payments(chain: &mut Chain, channels: &AccountId32) -> Vec<EventData> {
    let emitted = chain.contract_events();
    sandbox_records(
        "sandbox",
        42,
        &[InkContract::Channel(*channels.as_ref())],
        &Position::default(),
        emitted
            .iter()
            .map(|e| (e.contract, &e.topics[..], &e.data[..])),
    )
    .into_iter()
    .map(|r| r.data)
    .filter(|d| {
        matches!(
            d,
            EventData::PayoutDeferred { .. } | EventData::Withdrawn { .. }
        )
    })
    .collect()
}

/// Value attached to a PSP22 open or to a close, or a native deposit that differs from its amount
/// is refused (nothing is kept that the books do not record).
#[test]
fn stray_value_is_refused() {
    let mut chain = Chain::new();
    chain.set_timestamp_ms(T0 * 1000);
    let admin = chain.account(0);
    let (alice, bob) = (chain.fund(account(1)), chain.fund(account(2)));
    let network = chain.genesis_hash();
    let (channels, _) = chain.deploy(read_artifact("ink_channel"), "new", network, &admin);
    let (token, _) = chain.deploy(read_artifact("ink_psp22_token"), "new", 1000u128, &admin);

    let psp22 = (bob.clone(), Asset::Psp22(token), 10u128, PERIOD);
    let out = chain.call(&channels, "open", psp22, &alice, 5);
    let r: Result<[u8; 32], u8> = out.value();
    assert_eq!(r, Err(FUNDS_MISMATCH), "value on a PSP22 open");

    let native = (bob.clone(), Asset::Native, 10u128, PERIOD);
    let out = chain.call(&channels, "open", native.clone(), &alice, 9);
    let r: Result<[u8; 32], u8> = out.value();
    assert_eq!(
        r,
        Err(FUNDS_MISMATCH),
        "attached value differs from the amount"
    );
    let out = chain.call(&channels, "open", native, &alice, 10);
    let r: Result<[u8; 32], u8> = out.value();
    let id = r.unwrap();

    // Only open and deposit are payable: ink! traps value sent to a close.
    let close = chain.try_call(&channels, "close_without_state", id, &alice, 1);
    assert!(close.is_err(), "value on a close traps");
    let close = chain.call(&channels, "close_without_state", id, &alice, 0);
    ok(&close, "the same close without value");
}
