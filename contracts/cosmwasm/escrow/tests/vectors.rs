//! Runs every shared escrow vector (`tests/vectors/escrow`) on cw-multi-test, once with a cw20
//! token and once with a native bank denom.

mod common;

use std::collections::HashMap;

use common::{AssetKind, Chain, T0};
use cosmwasm_std::Uint128;
use cw_escrow::msg::{CreateMsg, EscrowStatus as CwStatus, ExecuteMsg};
use tokenrail_core::escrow::EscrowStatus;
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::escrow_events::Event;
use tokenrail_core::vectors::Actor;
use tokenrail_ledger::cosmwasm::{records, CwContract};
use tokenrail_ledger::vector_events::{escrow_events, PaymentNames};
use tokenrail_ledger::Position;

/// The chain, and the scenario's label of each escrow id it created.
struct Driver(Chain, HashMap<String, String>);

impl PaymentNames<Actor> for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.0.addr(*a).as_str() == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.1.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0
    }
}

impl EscrowDriver for Driver {
    type Handle = u64;

    fn set_time(&mut self, offset: u64) {
        self.0.set_time(offset);
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<u64, Failure> {
        let msg = CreateMsg {
            beneficiary: self.0.addr(req.beneficiary).to_string(),
            arbiter: req.arbiter.map(|a| self.0.addr(a).to_string()),
            milestones: req.milestones.iter().map(|m| Uint128::new(*m)).collect(),
            deadline: T0 + req.deadline_offset,
        };
        let id = self.0.create(by, msg)?;
        self.1.insert(id.to_string(), req.label.clone());
        Ok(id)
    }

    fn release(&mut self, by: Actor, id: &u64, k: u32) -> Result<(), Failure> {
        let msg = ExecuteMsg::Release {
            id: *id,
            milestone: k,
        };
        self.0.exec(by, &msg).map(drop)
    }

    fn refund(&mut self, by: Actor, id: &u64) -> Result<(), Failure> {
        self.0.exec(by, &ExecuteMsg::Refund { id: *id }).map(drop)
    }

    fn cancel(&mut self, by: Actor, id: &u64) -> Result<(), Failure> {
        self.0.exec(by, &ExecuteMsg::Cancel { id: *id }).map(drop)
    }

    fn missing_escrow(&mut self) -> u64 {
        u64::MAX
    }

    fn view(&mut self, id: &u64) -> EscrowView {
        let e = self.0.escrow(*id);
        EscrowView {
            status: match e.status {
                CwStatus::Active => EscrowStatus::Active,
                CwStatus::Completed => EscrowStatus::Completed,
                CwStatus::Refunded => EscrowStatus::Refunded,
                CwStatus::Cancelled => EscrowStatus::Cancelled,
            },
            released: e.released.u128(),
            next_milestone: e.next_milestone,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        let addr = self.0.addr(actor);
        self.0.balance_of(&addr)
    }

    fn custody(&mut self) -> u128 {
        let escrow = self.0.escrow.clone();
        self.0.balance_of(&escrow)
    }

    /// The call's events through the ledger's CometBFT decoder, as a node's `tx_search` gives
    /// them (multi-test adds `_contract_address` as wasmd does).
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let events =
            tokenrail_devnet::cosmwasm::abci_events(std::mem::take(&mut self.0.last_events));
        let contracts = [CwContract::Escrow(self.0.escrow.to_string())];
        let rows = records(
            "multi-test",
            &contracts,
            &Position::default(),
            "tx",
            &events,
        );
        escrow_events(rows.iter().map(|r| &r.data), self)
    }
}

fn run(kind: AssetKind) {
    let ran = run_all(&format!("cosmwasm/{kind:?}"), |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver(Chain::new(kind, &balances), HashMap::new())
    });
    assert!(ran > 0);
}

#[test]
fn escrow_vectors_cw20() {
    run(AssetKind::Cw20);
}

#[test]
fn escrow_vectors_native() {
    run(AssetKind::Native);
}
