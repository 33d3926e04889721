//! ink!-specific attacks against the built escrow wasm in pallet-contracts: re-initialisation
//! through the constructor selector, value attached to a token escrow, and a token pull that
//! fails part-way.

use tokenrail_core::escrow::EscrowError;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{read_artifact, Chain};

const T0: u64 = 1_700_000_000;

struct Setup {
    chain: Chain,
    escrow: AccountId32,
    token: AccountId32,
    depositor: AccountId32,
    beneficiary: AccountId32,
}

fn setup() -> Setup {
    let mut chain = Chain::new();
    let admin = chain.account(9);
    let depositor = chain.account(0);
    let beneficiary = chain.account(1);
    chain.set_timestamp_ms(T0 * 1000);
    let (escrow, _) = chain.deploy(read_artifact("ink_escrow"), "new", (), &admin);
    let (token, _) = chain.deploy(read_artifact("ink_psp22_token"), "new", 1_000u128, &admin);
    let r = chain.call(
        &token,
        "PSP22::transfer",
        (depositor.clone(), 1_000u128, Vec::<u8>::new()),
        &admin,
        0,
    );
    assert!(!r.reverted);
    Setup {
        chain,
        escrow,
        token,
        depositor,
        beneficiary,
    }
}

fn create_args(s: &Setup, token: Option<AccountId32>) -> impl scale::Encode {
    (
        token,
        s.beneficiary.clone(),
        None::<AccountId32>,
        vec![100u128, 200],
        T0 + 1000,
    )
}

fn psp22_balance(s: &mut Setup, who: &AccountId32) -> u128 {
    let admin = s.chain.account(9);
    let token = s.token.clone();
    s.chain
        .call(&token, "PSP22::balance_of", who.clone(), &admin, 0)
        .value()
}

#[test]
fn constructor_cannot_be_called_again() {
    let mut s = setup();
    let stranger = s.chain.account(3);
    let escrow = s.escrow.clone();
    let out = s.chain.call(&escrow, "new", (), &stranger, 0);
    // ink! answers an unknown message selector with LangError::CouldNotReadInput and reverts.
    assert!(out.reverted);
    let r: Result<(), u8> = scale::Decode::decode(&mut out.data.as_slice()).unwrap();
    assert_eq!(r, Err(1), "LangError::CouldNotReadInput");
    let count: u64 = s.chain.call(&escrow, "count", (), &stranger, 0).value();
    assert_eq!(count, 0);
}

#[test]
fn value_attached_to_token_escrow_is_refused() {
    let mut s = setup();
    let (escrow, depositor, token) = (s.escrow.clone(), s.depositor.clone(), s.token.clone());
    let r = s.chain.call(
        &token,
        "PSP22::approve",
        (escrow.clone(), u128::MAX),
        &depositor,
        0,
    );
    assert!(!r.reverted);
    let args = create_args(&s, Some(token));
    let out = s.chain.call(&escrow, "create", args, &depositor, 300);
    let r: Result<u64, u8> = out.value();
    assert_eq!(r, Err(EscrowError::WrongAsset.code() as u8));
    assert!(out.reverted);
    assert_eq!(psp22_balance(&mut s, &depositor), 1_000);
}

#[test]
fn failed_token_pull_creates_nothing() {
    let mut s = setup();
    let (escrow, depositor, token) = (s.escrow.clone(), s.depositor.clone(), s.token.clone());
    // No allowance: PSP22 transfer_from fails inside the escrow's create.
    let args = create_args(&s, Some(token));
    let out = s.chain.call(&escrow, "create", args, &depositor, 0);
    let r: Result<u64, u8> = out.value();
    assert_eq!(r, Err(EscrowError::TransferFailed.code() as u8));
    let count: u64 = s.chain.call(&escrow, "count", (), &depositor, 0).value();
    assert_eq!(count, 0);
    assert_eq!(psp22_balance(&mut s, &depositor), 1_000);
    assert_eq!(psp22_balance(&mut s, &escrow), 0);
}
