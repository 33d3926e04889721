//! Solana-specific attacks on the payout program: missing signer, account substitution
//! (vault, mint, claim chunk, recipient), double claims in one transaction, truncated and
//! out-of-range proofs, bad multi-send recipients, re-initialisation, transfer-fee custody,
//! and the pinned error numbers.

#![allow(deprecated)] // solana-program-test's API is flagged unstable

mod common;

use anchor_lang::error::ErrorCode as Anchor;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use common::{
    chunk_pda, claim_ix, clawback_ix, custom_code, init_chunk_ix, multisend_ix, Dist, Driver,
    MintExtension, TOKEN, TOKEN_2022,
};
use tokenrail_core::payout::PayoutError as Spec;
use tokenrail_core::vectors::payout::{
    Actor::{self, Alice, Bob, Carol, Funder, Relayer, Treasury},
    DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_payout::PayoutError;

const ACCOUNT_NOT_SIGNER: u32 = Anchor::AccountNotSigner as u32;
const CONSTRAINT_SEEDS: u32 = Anchor::ConstraintSeeds as u32;

fn spec(e: Spec) -> Option<u32> {
    Some(6000 + u32::from(e.code()))
}

fn request() -> DistributionRequest {
    DistributionRequest {
        label: "d".into(),
        claims: vec![(Alice, 100), (Bob, 200), (Carol, 300)],
        funded: 600,
        start: 0,
        expiry: 100,
        clawback_to: Treasury,
    }
}

/// A driver with 10,000 for the funder and one open distribution.
fn setup(token_program: Pubkey) -> (Driver, Dist) {
    let mut d = Driver::new(token_program, &[(Funder, 10_000)]);
    let dist = d.create_distribution(Funder, &request()).unwrap();
    (d, dist)
}

fn fail_code(d: &mut Driver, by: Actor, ixs: &[Instruction]) -> Option<u32> {
    let signer = d.chain.signer(by);
    let err = d.chain.send(ixs, &[&signer]).expect_err("must fail");
    custom_code(&err)
}

fn claim_of(d: &Driver, dist: &Dist, by: Actor, index: u32, to: Actor, amount: u64) -> Instruction {
    let proof = dist.tree.as_ref().unwrap().proof(index as usize);
    claim_ix(
        d.chain.key(by),
        &dist.accounts,
        d.chain.token_account(to),
        index,
        amount,
        proof,
    )
}

#[test]
fn missing_signer_is_rejected() {
    let (mut d, _) = setup(TOKEN);
    let mut ix = multisend_ix(
        d.chain.key(Funder),
        d.chain.token_account(Funder),
        d.chain.mint,
        d.chain.token_program,
        &[d.chain.token_account(Alice)],
        vec![5],
        5,
    );
    ix.accounts[0].is_signer = false;
    let err = d.chain.send(&[ix], &[]).expect_err("must fail");
    assert_eq!(custom_code(&err), Some(ACCOUNT_NOT_SIGNER));
    assert_eq!(d.balance(Alice), 0);
}

#[test]
fn substituted_accounts_are_rejected() {
    let (mut d, dist) = setup(TOKEN);
    let mut other_req = request();
    other_req.funded = 600;
    let other = d.create_distribution(Funder, &other_req).unwrap();

    // Another distribution's vault.
    let mut ix = claim_of(&d, &dist, Relayer, 0, Alice, 100);
    ix.accounts[2].pubkey = other.accounts.vault;
    assert_eq!(
        fail_code(&mut d, Relayer, &[ix]),
        spec(Spec::InvalidAccount)
    );

    // Another distribution's claim chunk (its own bitmap would let a claim repeat).
    let mut ix = claim_of(&d, &dist, Relayer, 0, Alice, 100);
    ix.accounts[4].pubkey = chunk_pda(&other.accounts.distribution, 0);
    assert_eq!(fail_code(&mut d, Relayer, &[ix]), Some(CONSTRAINT_SEEDS));

    // A token account of another mint, owned by the leaf's account.
    let other_mint = d.chain.create_mint(TOKEN);
    let alice = d.chain.key(Alice);
    let foreign = d.chain.create_token_account(other_mint, &alice);
    let mut ix = claim_of(&d, &dist, Relayer, 0, Alice, 100);
    ix.accounts[5].pubkey = foreign;
    assert_eq!(
        fail_code(&mut d, Relayer, &[ix]),
        spec(Spec::InvalidAccount)
    );

    // The wrong clawback receiver.
    d.set_time(100);
    let ix = clawback_ix(
        d.chain.key(Relayer),
        &dist.accounts,
        d.chain.token_account(Relayer),
    );
    assert_eq!(
        fail_code(&mut d, Relayer, &[ix]),
        spec(Spec::InvalidAccount)
    );
    assert_eq!(d.custody(), 1200);
}

#[test]
fn funds_go_only_to_the_leaf_account() {
    let (mut d, dist) = setup(TOKEN_2022);
    // The relayer's own token account with Alice's proof: the leaf names the token account's
    // owner, so this is a different leaf.
    let ix = claim_of(&d, &dist, Relayer, 0, Relayer, 100);
    assert_eq!(fail_code(&mut d, Relayer, &[ix]), spec(Spec::InvalidProof));
    // A second token account that Alice owns is a valid destination.
    let (mint, alice) = (d.chain.mint, d.chain.key(Alice));
    let second = d.chain.create_token_account(mint, &alice);
    let mut ix = claim_of(&d, &dist, Relayer, 0, Alice, 100);
    ix.accounts[5].pubkey = second;
    d.send_as(Relayer, &[ix]).unwrap();
    assert_eq!(d.chain.token_balance(&second), 100);
}

#[test]
fn double_claim_in_one_transaction_fails_whole() {
    let (mut d, dist) = setup(TOKEN);
    let once = claim_of(&d, &dist, Relayer, 1, Bob, 200);
    let again = claim_of(&d, &dist, Relayer, 1, Bob, 200);
    assert_eq!(
        d.send_as(Relayer, &[once, again]),
        Err(Failure::Spec(Spec::AlreadyClaimed))
    );
    assert_eq!(
        d.balance(Bob),
        0,
        "the first claim was rolled back with the second"
    );
    assert!(!d.is_claimed(&dist, 1));
}

#[test]
fn truncated_and_out_of_range_proofs_fail() {
    let (mut d, dist) = setup(TOKEN);
    let tree = dist.tree.clone().unwrap();
    // The parent node as the "leaf": the program hashes the claim's values into the leaf.
    let short = claim_ix(
        d.chain.key(Relayer),
        &dist.accounts,
        d.chain.token_account(Alice),
        0,
        100,
        tree.proof(0)[1..].to_vec(),
    );
    assert_eq!(
        fail_code(&mut d, Relayer, &[short]),
        spec(Spec::InvalidProof)
    );
    let overlong = claim_ix(
        d.chain.key(Relayer),
        &dist.accounts,
        d.chain.token_account(Alice),
        0,
        100,
        vec![[1; 32]; 65],
    );
    assert_eq!(
        fail_code(&mut d, Relayer, &[overlong]),
        spec(Spec::InvalidProof)
    );
    // Only as many chunks as the leaves need.
    let funder = d.chain.key(Funder);
    let ix = init_chunk_ix(funder, dist.accounts.distribution, 1);
    assert_eq!(fail_code(&mut d, Funder, &[ix]), spec(Spec::InvalidAccount));
}

#[test]
fn bad_multisend_recipients_are_refused() {
    let mut d = Driver::new(TOKEN, &[(Funder, 10_000)]);
    let (mint, token_program) = (d.chain.mint, d.chain.token_program);
    let other_mint = d.chain.create_mint(TOKEN);
    let alice = d.chain.key(Alice);
    let foreign = d.chain.create_token_account(other_mint, &alice);
    let send = |d: &mut Driver, recipients: &[Pubkey], writable: bool| {
        let mut ix = multisend_ix(
            d.chain.key(Funder),
            d.chain.token_account(Funder),
            mint,
            token_program,
            recipients,
            vec![5; recipients.len()],
            5 * recipients.len() as u64,
        );
        if !writable {
            ix.accounts.last_mut().unwrap().is_writable = false;
        }
        d.send_as(Funder, &[ix])
    };
    let bob = d.chain.token_account(Bob);
    let invalid = Err(Failure::Spec(Spec::InvalidAddress));
    assert_eq!(send(&mut d, &[bob, Pubkey::default()], true), invalid);
    assert_eq!(
        send(&mut d, &[bob, alice], true),
        invalid,
        "a wallet, not a token account"
    );
    assert_eq!(send(&mut d, &[bob, foreign], true), invalid, "another mint");
    assert_eq!(send(&mut d, &[bob], false), invalid, "read-only");
    assert_eq!(
        send(&mut d, &[bob, bob], true),
        Err(Failure::Spec(Spec::DuplicateRecipient))
    );
    assert_eq!(d.balance(Funder), 10_000);
    send(&mut d, &[bob], true).unwrap();
    assert_eq!(d.balance(Bob), 5);
}

#[test]
fn reinitialisation_is_rejected() {
    let (mut d, _) = setup(TOKEN);
    let funder = d.chain.key(Funder);
    let mut params_req = request();
    params_req.funded = 1;
    // Same funder, same id 1: the PDA exists, so `init` refuses and nothing moves.
    let params = tokenrail_payout::DistributionParams {
        root: [0; 32],
        claims: 1,
        total: 1,
        start: common::T0,
        expiry: common::T0 + 10,
        clawback_receiver: funder,
    };
    let ix = common::create_ix(
        funder,
        d.chain.token_account(Funder),
        d.chain.mint,
        d.chain.token_program,
        1,
        params,
    );
    assert!(d.send_as(Funder, &[ix]).is_err());
    assert_eq!(d.custody(), 600);
    assert_eq!(d.balance(Funder), 9_400);
}

/// Finding 8 (docs/security.md): a mint whose extensions give a third party power over the
/// distribution's vault is refused before custody starts (`UnsupportedMint`; a transfer fee
/// delivered short custody, `FundsMismatch`, before).
#[test]
fn mints_that_give_a_third_party_power_over_custody_are_refused() {
    for extension in [
        MintExtension::PermanentDelegate(Pubkey::new_unique()),
        MintExtension::TransferFee(100),
        MintExtension::TransferHook(Pubkey::new_unique()),
        MintExtension::NonTransferable,
    ] {
        let mut d = Driver::new(TOKEN_2022, &[]);
        d.chain.use_mint_with(extension);
        let funder = d.chain.token_account(Funder);
        d.chain.mint_to(funder, 10_000);
        assert_eq!(
            d.create_distribution(Funder, &request()).unwrap_err(),
            Failure::Spec(Spec::UnsupportedMint),
            "{extension:?}"
        );
        assert_eq!(d.chain.token_balance(&funder), 10_000, "{extension:?}");
    }
}

#[test]
fn error_codes_are_pinned() {
    let pairs = [
        (PayoutError::LengthMismatch, Spec::LengthMismatch),
        (PayoutError::EmptyBatch, Spec::EmptyBatch),
        (PayoutError::ZeroAmount, Spec::ZeroAmount),
        (PayoutError::DuplicateRecipient, Spec::DuplicateRecipient),
        (PayoutError::TotalMismatch, Spec::TotalMismatch),
        (PayoutError::InvalidSchedule, Spec::InvalidSchedule),
        (PayoutError::FundsMismatch, Spec::FundsMismatch),
        (PayoutError::NotStarted, Spec::NotStarted),
        (PayoutError::Expired, Spec::Expired),
        (PayoutError::AlreadyClaimed, Spec::AlreadyClaimed),
        (PayoutError::InvalidProof, Spec::InvalidProof),
        (PayoutError::ExceedsTotal, Spec::ExceedsTotal),
        (PayoutError::NotExpired, Spec::NotExpired),
        (PayoutError::ClawedBack, Spec::ClawedBack),
        (PayoutError::InvalidAddress, Spec::InvalidAddress),
        (PayoutError::InvalidAccount, Spec::InvalidAccount),
        (PayoutError::UnsupportedMint, Spec::UnsupportedMint),
    ];
    for (program, spec_code) in pairs {
        let n: u32 = program.into();
        assert_eq!(n, 6000 + u32::from(spec_code.code()), "{program:?}");
        assert!(program.to_string().contains(&spec_code.tag()), "{program}");
    }
}
