//! Runs every shared escrow vector against the built ink! escrow `.wasm` in pallet-contracts,
//! once with a PSP22 token and once with the native balance.

use std::collections::HashMap;

use scale::{Decode, Encode};
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::escrow_events::Event;
use tokenrail_core::vectors::Actor;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{AssetKind, CallOutcome, Funded};
use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
use tokenrail_ledger::vector_events::{escrow_events, PaymentNames};
use tokenrail_ledger::Position;

/// Unix seconds at which every scenario starts (the pallet clock counts milliseconds).
const T0: u64 = 1_700_000_000;

/// The SS58 format the rows spell accounts in.
const SS58: u16 = 42;

/// Mirror of the contract's `EscrowData` for decoding.
#[derive(Decode, Debug)]
struct EscrowData {
    _depositor: AccountId32,
    _beneficiary: AccountId32,
    _arbiter: Option<AccountId32>,
    _asset: AssetMirror,
    _milestones: Vec<u128>,
    next_milestone: u32,
    released: u128,
    _total: u128,
    _deadline: u64,
    status: u8,
}

#[derive(Decode, Debug)]
enum AssetMirror {
    #[allow(dead_code)]
    Native,
    #[allow(dead_code)]
    Psp22(AccountId32),
}

struct Driver {
    funded: Funded,
    /// The scenario's label of each escrow id created.
    labels: HashMap<String, String>,
    /// How many of the sandbox's contract events [`EscrowDriver::events`] has read.
    events_read: usize,
}

impl PaymentNames<Actor> for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| ss58(self.who(*a).as_ref(), SS58) == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0
    }
}

impl Driver {
    fn new(kind: AssetKind, balances: &[(Actor, u128)]) -> Self {
        let mut funded = Funded::new(kind, "ink_escrow", 4, balances, T0);
        let events_read = funded.chain.contract_events().len();
        Driver {
            funded,
            labels: HashMap::new(),
            events_read,
        }
    }

    fn who(&self, a: Actor) -> AccountId32 {
        self.funded.who(a)
    }

    fn exec(&mut self, by: Actor, message: &str, args: impl Encode, value: u128) -> CallOutcome {
        self.funded.exec(by, message, args, value)
    }
}

/// Decodes a message returning `Result<T, Error>` into the spec's outcome.
fn outcome<T: Decode>(out: &CallOutcome) -> Result<T, Failure> {
    let r: Result<T, u8> = out.value();
    r.map_err(|code| match EscrowError::from_code(code.into()) {
        Some(e) => Failure::Spec(e),
        None => Failure::Other(format!("unknown ink! escrow error {code}")),
    })
}

impl EscrowDriver for Driver {
    type Handle = u64;

    fn set_time(&mut self, offset: u64) {
        self.funded.chain.set_timestamp_ms((T0 + offset) * 1000);
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<u64, Failure> {
        // Native value attached is the milestone sum; 1 when the sum is zero or overflows, so the
        // request reaches the contract's own validation.
        let value = match self.funded.kind {
            AssetKind::Native => req
                .milestones
                .iter()
                .try_fold(0u128, |a, m| a.checked_add(*m))
                .filter(|s| *s > 0)
                .unwrap_or(1),
            AssetKind::Psp22 => 0,
        };
        let args = (
            self.funded.token.clone(),
            self.who(req.beneficiary),
            req.arbiter.map(|a| self.who(a)),
            req.milestones.clone(),
            T0 + req.deadline_offset,
        );
        let out = self.exec(by, "create", args, value);
        let id: u64 = outcome(&out)?;
        self.labels.insert(id.to_string(), req.label.clone());
        Ok(id)
    }

    fn release(&mut self, by: Actor, id: &u64, k: u32) -> Result<(), Failure> {
        let out = self.exec(by, "release", (*id, k), 0);
        outcome(&out)
    }

    fn refund(&mut self, by: Actor, id: &u64) -> Result<(), Failure> {
        let out = self.exec(by, "refund", *id, 0);
        outcome(&out)
    }

    fn cancel(&mut self, by: Actor, id: &u64) -> Result<(), Failure> {
        let out = self.exec(by, "cancel", *id, 0);
        outcome(&out)
    }

    fn missing_escrow(&mut self) -> u64 {
        u64::MAX
    }

    fn view(&mut self, id: &u64) -> EscrowView {
        let data: Option<EscrowData> = self.funded.query("get", *id);
        let e = data.expect("escrow exists");
        EscrowView {
            status: match e.status {
                0 => EscrowStatus::Active,
                1 => EscrowStatus::Completed,
                2 => EscrowStatus::Refunded,
                3 => EscrowStatus::Cancelled,
                other => panic!("unknown status {other}"),
            },
            released: e.released,
            next_milestone: e.next_milestone,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.funded.balance(actor)
    }

    fn custody(&mut self) -> u128 {
        self.funded.custody()
    }

    /// The call's `ContractEmitted` events through the ledger's ink! decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let emitted = self.funded.chain.contract_events();
        let fresh = emitted
            .get(self.events_read..)
            .ok_or("the sandbox's event list shrank")?;
        self.events_read = emitted.len();
        let contracts = [InkContract::Escrow(*self.funded.contract.as_ref())];
        let rows = sandbox_records(
            "sandbox",
            SS58,
            &contracts,
            &Position::default(),
            fresh
                .iter()
                .map(|e| (e.contract, &e.topics[..], &e.data[..])),
        );
        escrow_events(rows.iter().map(|r| &r.data), self)
    }
}

fn run(kind: AssetKind) {
    run_all(&format!("ink/{kind:?}"), |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(kind, &balances)
    });
}

#[test]
fn escrow_vectors_psp22() {
    run(AssetKind::Psp22);
}

#[test]
fn escrow_vectors_native() {
    run(AssetKind::Native);
}
