//! The escrow program on the shared solana-program-test chain, and instruction builders.

// solana-program-test 3.x marks its whole API deprecated-as-unstable; it is still the harness
// that runs the real SPL programs.
#![allow(dead_code, missing_docs, deprecated, unused_imports)]

use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_program_test::BanksClientError;
use tokenrail_core::escrow::EscrowError;
use tokenrail_core::vectors::escrow::Failure;
use tokenrail_core::vectors::Actor;
use tokenrail_escrow::{ESCROW_SEED, VAULT_SEED};

use anchor_lang::solana_program::instruction::Instruction;

pub use tokenrail_devnet::solana::bank::{
    custom_code, Chain, MintExtension, ANCHOR_ACCOUNT_NOT_INITIALIZED, T0, TOKEN, TOKEN_2022,
};

/// A chain running the escrow program, with one funded keypair and token account per actor.
pub fn new_chain(token_program: Pubkey, balances: &[(Actor, u64)]) -> Chain {
    let pt = tokenrail_devnet::anchor_program_test!("tokenrail_escrow", tokenrail_escrow);
    Chain::start(pt, Actor::ALL.len(), token_program, balances)
}

/// The PDAs of escrow `id` of `depositor`.
pub fn escrow_pdas(depositor: &Pubkey, id: u64) -> (Pubkey, Pubkey) {
    let (escrow, _) = Pubkey::find_program_address(
        &[ESCROW_SEED, depositor.as_ref(), &id.to_le_bytes()],
        &tokenrail_escrow::ID,
    );
    let (vault, _) =
        Pubkey::find_program_address(&[VAULT_SEED, escrow.as_ref()], &tokenrail_escrow::ID);
    (escrow, vault)
}

pub struct CreateArgs {
    pub id: u64,
    pub beneficiary: Pubkey,
    pub arbiter: Option<Pubkey>,
    pub milestones: Vec<u64>,
    pub deadline: i64,
}

pub fn create_ix(
    depositor: Pubkey,
    depositor_token: Pubkey,
    mint: Pubkey,
    token_program: Pubkey,
    args: CreateArgs,
) -> Instruction {
    let (escrow, vault) = escrow_pdas(&depositor, args.id);
    Instruction {
        program_id: tokenrail_escrow::ID,
        accounts: tokenrail_escrow::accounts::Create {
            depositor,
            mint,
            depositor_token,
            escrow,
            vault,
            token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: tokenrail_escrow::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_escrow::ID,
        }
        .to_account_metas(None),
        data: tokenrail_escrow::instruction::Create {
            id: args.id,
            beneficiary: args.beneficiary,
            arbiter: args.arbiter,
            milestones: args.milestones,
            deadline: args.deadline,
        }
        .data(),
    }
}

pub struct SettleAccounts {
    pub caller: Pubkey,
    pub escrow: Pubkey,
    pub vault: Pubkey,
    pub mint: Pubkey,
    /// Beneficiary's token account for release, depositor's for refund/cancel.
    pub destination: Pubkey,
    pub token_program: Pubkey,
}

pub fn release_ix(a: &SettleAccounts, milestone: u32) -> Instruction {
    Instruction {
        program_id: tokenrail_escrow::ID,
        accounts: tokenrail_escrow::accounts::Release {
            caller: a.caller,
            escrow: a.escrow,
            vault: a.vault,
            mint: a.mint,
            beneficiary_token: a.destination,
            token_program: a.token_program,
            event_authority: tokenrail_escrow::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_escrow::ID,
        }
        .to_account_metas(None),
        data: tokenrail_escrow::instruction::Release { milestone }.data(),
    }
}

pub fn settle_ix(a: &SettleAccounts, cancel: bool) -> Instruction {
    let accounts = tokenrail_escrow::accounts::Settle {
        caller: a.caller,
        escrow: a.escrow,
        vault: a.vault,
        mint: a.mint,
        depositor_token: a.destination,
        token_program: a.token_program,
        event_authority: tokenrail_escrow::EVENT_AUTHORITY_AND_BUMP.0,
        program: tokenrail_escrow::ID,
    }
    .to_account_metas(None);
    let data = if cancel {
        tokenrail_escrow::instruction::Cancel {}.data()
    } else {
        tokenrail_escrow::instruction::Refund {}.data()
    };
    Instruction {
        program_id: tokenrail_escrow::ID,
        accounts,
        data,
    }
}

/// Maps a failed transaction onto the spec: custom error `6000 + n` is spec code `n`; Anchor's
/// "account not initialized" on the escrow account is EscrowNotFound (see the spec).
pub fn to_failure(err: BanksClientError) -> Failure {
    match custom_code(&err) {
        Some(ANCHOR_ACCOUNT_NOT_INITIALIZED) => Failure::Spec(EscrowError::EscrowNotFound),
        Some(code) if code > 6000 => match EscrowError::from_code((code - 6000) as u16) {
            Some(e) => Failure::Spec(e),
            None => Failure::Other(format!("custom error {code}")),
        },
        _ => Failure::Other(format!("{err:?}")),
    }
}

/// `close`: the depositor reclaims the rent of a settled escrow and its vault.
pub fn close_ix(chain: &Chain, by: Actor, escrow: Pubkey, vault: Pubkey) -> Instruction {
    Instruction {
        program_id: tokenrail_escrow::ID,
        accounts: tokenrail_escrow::accounts::Close {
            depositor: chain.key(by),
            escrow,
            vault,
            mint: chain.mint,
            depositor_token: chain.token_account(by),
            token_program: chain.token_program,
            event_authority: tokenrail_escrow::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_escrow::ID,
        }
        .to_account_metas(None),
        data: tokenrail_escrow::instruction::Close {}.data(),
    }
}
