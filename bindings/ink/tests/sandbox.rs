//! The generated bindings drive the built contracts in pallet-contracts (`ink_sandbox`): call
//! data comes only from `tokenrail_ink` (no selector or encoding written by hand), and every
//! return value decodes into the generated types, errors included with their spec codes. A
//! stale metadata file (a renamed message, a changed argument or type) fails here.

use tokenrail_core::{escrow::EscrowError, token::TokenError};
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{read_artifact, CallOutcome, Chain};
use tokenrail_ink::{ink_escrow as escrow, ink_registry as registry, AccountId};

fn id(a: &AccountId32) -> AccountId {
    AccountId(*a.as_ref())
}

/// Sends `message` and decodes its return value with the message's own type.
fn send<R: tokenrail_ink::scale::Decode>(
    chain: &mut Chain,
    contract: &AccountId32,
    message: tokenrail_ink::Message<R>,
    origin: &AccountId32,
    value: u128,
) -> R {
    let out: CallOutcome = chain
        .call_raw(contract, message.data.clone(), origin, value)
        .expect("the call does not trap");
    message
        .decode_return(&out.data)
        .expect("the return data decodes into the generated type")
}

#[test]
fn registry_through_generated_bindings() {
    let mut chain = Chain::new();
    let admin = chain.account(1);
    let alice = chain.account(2);
    let (contract, _) = chain
        .deploy_raw(
            read_artifact("ink_registry"),
            registry::constructors::new().data,
            &admin,
        )
        .expect("deploys through the generated constructor");
    chain.set_timestamp_ms(1_000_000);
    let entry = registry::types::Entry {
        status: registry::types::InvestorStatus::Verified,
        jurisdiction: 276,
        kyc_expiry: 10_000,
    };

    // No implicit role: the admin is not an agent, and the error carries spec code 1.
    let refused = send(
        &mut chain,
        &contract,
        registry::messages::upsert(vec![(id(&alice), entry.clone())]),
        &admin,
        0,
    );
    // The contract's error decodes straight into core's enum.
    assert_eq!(refused, Ok(Err(TokenError::Unauthorized)));

    let granted = send(
        &mut chain,
        &contract,
        registry::messages::set_role(1, id(&admin), true),
        &admin,
        0,
    );
    assert_eq!(granted, Ok(Ok(())));
    let upserted = send(
        &mut chain,
        &contract,
        registry::messages::upsert(vec![(id(&alice), entry.clone())]),
        &admin,
        0,
    );
    assert_eq!(upserted, Ok(Ok(())));

    let query = registry::messages::investor_registry_entry(id(&alice));
    assert!(!query.mutates, "a query");
    let read = send(&mut chain, &contract, query, &admin, 0);
    assert_eq!(read, Ok(Some(entry)));
    let eligible = send(
        &mut chain,
        &contract,
        registry::messages::is_eligible(id(&alice)),
        &admin,
        0,
    );
    assert_eq!(eligible, Ok(true));
}

#[test]
fn native_escrow_through_generated_bindings() {
    let mut chain = Chain::new();
    let depositor = chain.account(1);
    let beneficiary = chain.account(2);
    let (contract, _) = chain
        .deploy_raw(
            read_artifact("ink_escrow"),
            escrow::constructors::new().data,
            &depositor,
        )
        .expect("deploys");
    chain.set_timestamp_ms(1_000_000);
    let create = escrow::messages::create(None, id(&beneficiary), None, vec![300, 200], 5_000);
    assert!(create.payable, "create takes the native deposit");
    let created = send(&mut chain, &contract, create, &depositor, 500);
    assert_eq!(created, Ok(Ok(1)), "the first escrow id");

    let before = chain.free_balance(&beneficiary);
    for k in 0..2 {
        let released = send(
            &mut chain,
            &contract,
            escrow::messages::release(1, k),
            &depositor,
            0,
        );
        assert_eq!(released, Ok(Ok(())));
    }
    assert_eq!(chain.free_balance(&beneficiary) - before, 500);
    let again = send(
        &mut chain,
        &contract,
        escrow::messages::release(1, 2),
        &depositor,
        0,
    );
    assert_eq!(again, Ok(Err(EscrowError::NotActive)), "completed");
    let state = send(
        &mut chain,
        &contract,
        escrow::messages::get(1),
        &depositor,
        0,
    )
    .expect("no language error")
    .expect("escrow 1 exists");
    assert_eq!(state.milestones, vec![300, 200]);
    assert_eq!(state.next_milestone, 2);
    assert_eq!(state.beneficiary, id(&beneficiary));
}

#[test]
fn undecodable_input_is_a_language_error() {
    let mut chain = Chain::new();
    let admin = chain.account(1);
    let (contract, _) = chain
        .deploy_raw(
            read_artifact("ink_registry"),
            registry::constructors::new().data,
            &admin,
        )
        .expect("deploys");
    // The right selector with a truncated argument.
    let mut message = registry::messages::is_eligible(id(&admin));
    message.data.truncate(10);
    let out = send(&mut chain, &contract, message, &admin, 0);
    assert_eq!(out, Err(tokenrail_ink::LangError::CouldNotReadInput));
}
