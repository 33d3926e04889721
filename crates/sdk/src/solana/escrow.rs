//! [`EscrowClient`] on the escrow program, in a mint of SPL Token or Token-2022.

use std::collections::HashMap;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_solana::addresses::event_authority_address;
use tokenrail_solana::tokenrail_escrow::{self as program, client, types};

use super::{refusal_by, Keypair, Signer};

use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

/// One escrow: its account and its vault (both PDAs of the program).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SolanaEscrowRef {
    /// `["escrow", depositor, id]`.
    pub escrow: Pubkey,
    /// `["vault", escrow]`.
    pub vault: Pubkey,
}

impl SolanaEscrowRef {
    /// The escrow at `escrow` and its vault.
    pub fn at(escrow: Pubkey) -> Self {
        let vault = tokenrail_solana::addresses::escrow_vault_address(&escrow);
        SolanaEscrowRef { escrow, vault }
    }
}

/// The escrow program on a Solana ledger (the embedded chain or a cluster), for escrows in the
/// ledger's mint.
pub struct SolanaEscrow {
    /// The ledger (and its payment mint and token program).
    pub chain: super::SolanaLedger,
    next_id: HashMap<Pubkey, u64>,
}

impl SolanaEscrow {
    /// The escrow program on `ledger` (a cluster where it is deployed), for escrows in the
    /// ledger's mint.
    pub fn on(ledger: super::SolanaLedger) -> Self {
        SolanaEscrow {
            chain: ledger,
            next_id: HashMap::new(),
        }
    }

    /// The token account of `owner` in the chain's mint, created on first use.
    pub fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        let mint = self.chain.mint;
        self.chain.token_account_of(mint, owner)
    }

    fn send(&mut self, ix: Instruction, signer: &Keypair) -> Result<(), EscrowError> {
        self.chain.send(&[ix], &[signer]).map_err(refusal)
    }

    fn settle_ix(
        &mut self,
        caller: &Keypair,
        e: &SolanaEscrowRef,
        cancel: bool,
    ) -> Result<Instruction, EscrowError> {
        let state = self.fetch(e)?;
        let depositor_token = self.token_account(&state.depositor);
        let (caller, mint, token_program) =
            (caller.pubkey(), self.chain.mint, self.chain.token_program);
        let (accounts, data) = if cancel {
            let accounts = client::accounts::Cancel {
                caller,
                escrow: e.escrow,
                vault: e.vault,
                mint,
                depositor_token,
                token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            };
            (
                accounts.to_account_metas(None),
                client::args::Cancel {}.data(),
            )
        } else {
            let accounts = client::accounts::Refund {
                caller,
                escrow: e.escrow,
                vault: e.vault,
                mint,
                depositor_token,
                token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            };
            (
                accounts.to_account_metas(None),
                client::args::Refund {}.data(),
            )
        };
        Ok(Instruction {
            program_id: program::ID,
            accounts,
            data,
        })
    }

    fn fetch(&mut self, e: &SolanaEscrowRef) -> Result<program::accounts::Escrow, EscrowError> {
        let account = self
            .chain
            .account(&e.escrow)
            .map_err(ClientError::from)?
            .ok_or(ClientError::Spec(EscrowError::EscrowNotFound))?;
        program::accounts::Escrow::try_deserialize(&mut account.data.as_slice())
            .map_err(|err| ClientError::Chain(err.to_string()))
    }
}

/// Anchor's "account not initialized" on the escrow account is `EscrowNotFound`
/// (`docs/spec/escrow.md`, Solana).
fn refusal(err: super::SendError) -> ClientError<EscrowError> {
    refusal_by(
        err,
        EscrowError::from_code,
        Some(EscrowError::EscrowNotFound),
    )
}

fn pdas(depositor: &Pubkey, id: u64) -> SolanaEscrowRef {
    SolanaEscrowRef::at(tokenrail_solana::addresses::escrow_address(depositor, id))
}

impl EscrowClient for SolanaEscrow {
    type Signer = Keypair;
    type Address = Pubkey;
    type EscrowRef = SolanaEscrowRef;

    fn address_of(&self, signer: &Keypair) -> Pubkey {
        signer.pubkey()
    }

    fn create(
        &mut self,
        depositor: &Keypair,
        e: NewEscrow<Pubkey>,
    ) -> Result<SolanaEscrowRef, EscrowError> {
        let owner = depositor.pubkey();
        let mut id = *self.next_id.entry(owner).or_insert(0);
        // Other clients and earlier runs (a restored devnet among them) create escrows too:
        // take the first number whose account is free.
        while self
            .chain
            .account(&pdas(&owner, id).escrow)
            .map_err(ClientError::from)?
            .is_some()
        {
            id += 1;
        }
        let milestones = e
            .milestones
            .iter()
            .map(|m| u64::try_from(*m).map_err(|_| ClientError::Spec(EscrowError::AmountOverflow)))
            .collect::<Result<Vec<u64>, EscrowError>>()?;
        let deadline = i64::try_from(e.deadline)
            .map_err(|_| ClientError::Chain("deadline beyond i64".into()))?;
        let at = pdas(&owner, id);
        let depositor_token = self.token_account(&owner);
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Create {
                depositor: owner,
                mint: self.chain.mint,
                depositor_token,
                escrow: at.escrow,
                vault: at.vault,
                token_program: self.chain.token_program,
                system_program: anchor_lang::system_program::ID,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Create {
                id,
                beneficiary: e.beneficiary,
                arbiter: e.arbiter,
                milestones,
                deadline,
            }
            .data(),
        };
        self.send(ix, depositor)?;
        self.next_id.insert(owner, id + 1);
        Ok(at)
    }

    fn release(
        &mut self,
        caller: &Keypair,
        e: &SolanaEscrowRef,
        milestone: u32,
    ) -> Result<(), EscrowError> {
        let state = self.fetch(e)?;
        let beneficiary_token = self.token_account(&state.beneficiary);
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Release {
                caller: caller.pubkey(),
                escrow: e.escrow,
                vault: e.vault,
                mint: self.chain.mint,
                beneficiary_token,
                token_program: self.chain.token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Release { milestone }.data(),
        };
        self.send(ix, caller)
    }

    fn refund(&mut self, caller: &Keypair, e: &SolanaEscrowRef) -> Result<(), EscrowError> {
        let ix = self.settle_ix(caller, e, false)?;
        self.send(ix, caller)
    }

    fn cancel(&mut self, caller: &Keypair, e: &SolanaEscrowRef) -> Result<(), EscrowError> {
        let ix = self.settle_ix(caller, e, true)?;
        self.send(ix, caller)
    }

    fn escrow(&mut self, e: &SolanaEscrowRef) -> Result<EscrowState, EscrowError> {
        let state = self.fetch(e)?;
        let count = usize::from(state.milestone_count);
        Ok(EscrowState {
            status: match state.status {
                types::EscrowStatus::Active => EscrowStatus::Active,
                types::EscrowStatus::Completed => EscrowStatus::Completed,
                types::EscrowStatus::Refunded => EscrowStatus::Refunded,
                types::EscrowStatus::Cancelled => EscrowStatus::Cancelled,
            },
            milestones: state.milestones[..count]
                .iter()
                .map(|m| u128::from(*m))
                .collect(),
            released: state.released.into(),
            next_milestone: state.next_milestone.into(),
        })
    }

    fn balance(&mut self, who: &Pubkey) -> Result<u128, EscrowError> {
        let acct = self.token_account(who);
        Ok(self
            .chain
            .token_balance(&acct)
            .map_err(ClientError::from)?
            .into())
    }
}
