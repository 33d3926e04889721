//! The generated client drives the real escrow program: instructions built only from
//! `declare_program!`'s `client::{accounts, args}` (no program crate types) create an escrow and
//! release its milestones on solana-program-test, and the escrow account decodes through the
//! generated account type. A stale IDL (a renamed argument, a reordered account) fails here.

#![allow(deprecated)] // solana-program-test's API is flagged unstable

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use tokenrail_devnet::solana::bank::{custom_code, Chain, T0, TOKEN, TOKEN_2022};
use tokenrail_solana::addresses::event_authority_address;
use tokenrail_solana::tokenrail_escrow::{self as escrow, client, types::EscrowStatus};

const DEPOSITOR: usize = 0;
const BENEFICIARY: usize = 1;
const ARBITER: usize = 2;

fn pdas(depositor: &Pubkey, id: u64) -> (Pubkey, Pubkey) {
    // Seeds as the IDL's `pda` sections give them for `escrow` and `vault`.
    let (escrow_pda, _) = Pubkey::find_program_address(
        &[b"escrow", depositor.as_ref(), &id.to_le_bytes()],
        &escrow::ID,
    );
    let (vault, _) = Pubkey::find_program_address(&[b"vault", escrow_pda.as_ref()], &escrow::ID);
    (escrow_pda, vault)
}

fn run(token_program: Pubkey) {
    let pt = tokenrail_devnet::anchor_program_test!("tokenrail_escrow", tokenrail_escrow);
    let mut chain = Chain::start(pt, 3, token_program, &[(DEPOSITOR, 1_000)]);
    let depositor = chain.key(DEPOSITOR);
    let (escrow_pda, vault) = pdas(&depositor, 7);

    let create = Instruction {
        program_id: escrow::ID,
        accounts: client::accounts::Create {
            depositor,
            mint: chain.mint,
            depositor_token: chain.token_account(DEPOSITOR),
            escrow: escrow_pda,
            vault,
            token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority_address(&escrow::ID),
            program: escrow::ID,
        }
        .to_account_metas(None),
        data: client::args::Create {
            id: 7,
            beneficiary: chain.key(BENEFICIARY),
            arbiter: Some(chain.key(ARBITER)),
            milestones: vec![300, 200],
            deadline: T0 + 86_400,
        }
        .data(),
    };
    let signer = chain.signer(DEPOSITOR);
    chain
        .send(&[create], &[&signer])
        .expect("create through the generated client");
    assert_eq!(
        chain.token_balance(&vault),
        500,
        "the vault holds both milestones"
    );

    let release = |chain: &Chain, caller: usize, milestone: u32| Instruction {
        program_id: escrow::ID,
        accounts: client::accounts::Release {
            caller: chain.key(caller),
            escrow: escrow_pda,
            vault,
            mint: chain.mint,
            beneficiary_token: chain.token_account(BENEFICIARY),
            token_program,
            event_authority: event_authority_address(&escrow::ID),
            program: escrow::ID,
        }
        .to_account_metas(None),
        data: client::args::Release { milestone }.data(),
    };
    // The beneficiary may not release; the error decodes to the generated errors' code.
    let (beneficiary, arbiter) = (chain.signer(BENEFICIARY), chain.signer(ARBITER));
    let ix = release(&chain, BENEFICIARY, 0);
    let err = chain
        .send(&[ix], &[&beneficiary])
        .expect_err("the beneficiary cannot release");
    assert_eq!(
        custom_code(&err),
        Some(escrow::error::TokenrailEscrowError::Unauthorized as u32),
        "Unauthorized through the generated error enum",
    );
    for k in 0..2 {
        let ix = release(&chain, ARBITER, k);
        chain.send(&[ix], &[&arbiter]).expect("arbiter releases");
    }
    let state: escrow::accounts::Escrow = chain.anchor_account(&escrow_pda);
    assert!(matches!(state.status, EscrowStatus::Completed), "completed");
    assert_eq!(state.released, 500);
    assert_eq!(state.next_milestone, 2);
    assert_eq!(state.milestone_count, 2);
    assert_eq!(state.milestones[..2], [300, 200]);
    let beneficiary_token = chain.token_account(BENEFICIARY);
    assert_eq!(chain.token_balance(&beneficiary_token), 500);
}

#[test]
fn generated_client_drives_escrow_spl_token() {
    run(TOKEN);
}

#[test]
fn generated_client_drives_escrow_token_2022() {
    run(TOKEN_2022);
}
