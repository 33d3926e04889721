//! Runs every shared escrow vector on solana-program-test, once with an SPL Token mint and once
//! with a Token-2022 mint (both the real programs).

#![allow(deprecated)] // solana-program-test's API is flagged unstable, see common/mod.rs

mod common;

use std::collections::HashMap;

use common::{escrow_pdas, Chain, CreateArgs, SettleAccounts, T0, TOKEN, TOKEN_2022};
use tokenrail_core::escrow::EscrowStatus;
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::escrow_events::Event;
use tokenrail_core::vectors::Actor;
use tokenrail_ledger::solana::{records, SolanaAsset};
use tokenrail_ledger::vector_events::{escrow_events, PaymentNames};
use tokenrail_ledger::Position;

use anchor_lang::prelude::Pubkey;

struct Driver {
    chain: Chain,
    next_id: u64,
    vaults: Vec<Pubkey>,
    /// The scenario's label of each escrow account created.
    labels: HashMap<String, String>,
    /// How many of the bank's landed transactions [`EscrowDriver::events`] has read.
    landed_read: usize,
}

impl PaymentNames<Actor> for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.chain.key(*a).to_string() == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0 as u64
    }
}

#[derive(Clone, Debug)]
struct Handle {
    escrow: Pubkey,
    vault: Pubkey,
}

impl Driver {
    fn accounts(&self, by: Actor, h: &Handle, to: Actor) -> SettleAccounts {
        SettleAccounts {
            caller: self.chain.key(by),
            escrow: h.escrow,
            vault: h.vault,
            mint: self.chain.mint,
            destination: self.chain.token_account(to),
            token_program: self.chain.token_program,
        }
    }

    fn settle(&mut self, by: Actor, h: &Handle, cancel: bool) -> Result<(), Failure> {
        let ix = common::settle_ix(&self.accounts(by, h, Actor::Depositor), cancel);
        let signer = self.chain.actors[by as usize].insecure_clone();
        self.chain
            .send(&[ix], &[&signer])
            .map_err(common::to_failure)
    }
}

impl EscrowDriver for Driver {
    type Handle = Handle;

    fn set_time(&mut self, offset: u64) {
        self.chain.set_time(offset);
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<Handle, Failure> {
        let id = self.next_id;
        self.next_id += 1;
        let depositor = self.chain.key(by);
        let milestones = req
            .milestones
            .iter()
            .map(|m| u64::try_from(*m).expect("64-bit vectors only hold u64 amounts"))
            .collect();
        let ix = common::create_ix(
            depositor,
            self.chain.token_account(by),
            self.chain.mint,
            self.chain.token_program,
            CreateArgs {
                id,
                beneficiary: self.chain.key(req.beneficiary),
                arbiter: req.arbiter.map(|a| self.chain.key(a)),
                milestones,
                deadline: T0 + req.deadline_offset as i64,
            },
        );
        let signer = self.chain.actors[by as usize].insecure_clone();
        self.chain
            .send(&[ix], &[&signer])
            .map_err(common::to_failure)?;
        let (escrow, vault) = escrow_pdas(&depositor, id);
        self.vaults.push(vault);
        self.labels.insert(escrow.to_string(), req.label.clone());
        Ok(Handle { escrow, vault })
    }

    fn release(&mut self, by: Actor, h: &Handle, k: u32) -> Result<(), Failure> {
        let ix = common::release_ix(&self.accounts(by, h, Actor::Beneficiary), k);
        let signer = self.chain.actors[by as usize].insecure_clone();
        self.chain
            .send(&[ix], &[&signer])
            .map_err(common::to_failure)
    }

    fn refund(&mut self, by: Actor, h: &Handle) -> Result<(), Failure> {
        self.settle(by, h, false)
    }

    fn cancel(&mut self, by: Actor, h: &Handle) -> Result<(), Failure> {
        self.settle(by, h, true)
    }

    fn missing_escrow(&mut self) -> Handle {
        let (escrow, vault) = escrow_pdas(&self.chain.key(Actor::Depositor), u64::MAX);
        Handle { escrow, vault }
    }

    fn view(&mut self, h: &Handle) -> EscrowView {
        let e = self
            .chain
            .anchor_account::<tokenrail_escrow::Escrow>(&h.escrow);
        EscrowView {
            status: match e.status {
                tokenrail_escrow::EscrowStatus::Active => EscrowStatus::Active,
                tokenrail_escrow::EscrowStatus::Completed => EscrowStatus::Completed,
                tokenrail_escrow::EscrowStatus::Refunded => EscrowStatus::Refunded,
                tokenrail_escrow::EscrowStatus::Cancelled => EscrowStatus::Cancelled,
            },
            released: e.released.into(),
            next_milestone: e.next_milestone.into(),
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        let acct = self.chain.token_account(actor);
        self.chain.token_balance(&acct).into()
    }

    fn custody(&mut self) -> u128 {
        let vaults = self.vaults.clone();
        vaults
            .iter()
            .map(|v| u128::from(self.chain.token_balance(v)))
            .sum()
    }

    fn amount_bits(&self) -> u32 {
        64
    }

    /// The call's transaction as `getTransaction` serves it, through the ledger's Solana decoder:
    /// the escrow program's `emit_cpi!` events.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        // No token asset here: only the escrow program's rows are asked for.
        let asset = SolanaAsset::new(&Pubkey::new_unique(), &Pubkey::new_unique());
        let program = tokenrail_escrow::ID.to_string();
        let history = self.chain.history();
        let mut rows = Vec::new();
        for (slot, landed) in history.iter().enumerate().skip(self.landed_read) {
            let tx = landed.encoded(slot as u64 + 1);
            let read = records("bank", &asset, &Position::default(), &landed.signature, &tx);
            rows.extend(read.into_iter().filter(|r| r.contract == program));
        }
        self.landed_read = history.len();
        escrow_events(rows.iter().map(|r| &r.data), self)
    }
}

fn run(token_program: Pubkey, label: &str) {
    run_all(&format!("solana/{label}"), |v| {
        let balances: Vec<(Actor, u64)> = v
            .balances
            .iter()
            .map(|(a, b)| (*a, u64::try_from(b.0).unwrap()))
            .collect();
        let mut chain = common::new_chain(token_program, &balances);
        chain.keep_history();
        Driver {
            chain,
            next_id: 1,
            vaults: vec![],
            labels: HashMap::new(),
            landed_read: 0,
        }
    });
}

#[test]
fn escrow_vectors_spl_token() {
    run(TOKEN, "spl-token");
}

#[test]
fn escrow_vectors_token_2022() {
    run(TOKEN_2022, "token-2022");
}
