//! The ink! payout contract on a pallet-contracts sandbox, and the driver that replays the
//! shared payout vectors on it.

#![allow(dead_code, unused_imports)]

use std::rc::Rc;

use scale::{Decode, Encode};
use tokenrail_core::merkle::{Blake2b256, MerkleTree};
use tokenrail_core::payout::{leaf, PayoutError};
use tokenrail_core::vectors::payout::{
    Actor, ClaimRequest, DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_core::vectors::payout_events::Event;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{CallOutcome, Funded};
use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
use tokenrail_ledger::vector_events::{payout_events, PaymentNames};
use tokenrail_ledger::Position;

pub use tokenrail_devnet::ink::sandbox::{AssetKind, ADMIN};

/// Unix seconds at which every scenario starts (the pallet clock counts milliseconds).
pub const T0: u64 = 1_700_000_000;

/// Mirror of the contract's `Distribution` for decoding.
#[derive(Decode, Debug)]
pub struct DistributionView {
    pub funder: AccountId32,
    pub asset: AssetMirror,
    pub root: [u8; 32],
    pub total: u128,
    pub claimed: u128,
    pub start: u64,
    pub expiry: u64,
    pub clawback_receiver: AccountId32,
    pub status: u8,
}

/// Mirror of the contract's `Asset`.
#[derive(Decode, Debug, PartialEq, Eq)]
pub enum AssetMirror {
    Native,
    Psp22(AccountId32),
}

/// A distribution on the chain: its id and the tree built for it (none for a missing one).
#[derive(Clone, Debug)]
pub struct Dist {
    pub id: u64,
    pub tree: Option<Rc<MerkleTree<Blake2b256>>>,
}

/// Replays payout vectors on the built `ink_payout` contract.
pub struct Driver {
    /// The contract, its asset and funded actors.
    pub f: Funded,
    created: u64,
    /// The scenario's label of each distribution id created.
    labels: std::collections::HashMap<String, String>,
    /// How many of the sandbox's contract events [`PayoutDriver::events`] has read.
    events_read: usize,
}

/// The SS58 format the rows spell accounts in.
const SS58: u16 = 42;

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

/// Decodes a message returning `Result<T, Error>` into the spec's outcome.
pub fn outcome<T: Decode>(out: &CallOutcome) -> Result<T, Failure> {
    let r: Result<T, u8> = out.value();
    r.map_err(|code| match PayoutError::from_code(code.into()) {
        Some(e) => Failure::Spec(e),
        None => Failure::Other(format!("unknown ink! payout error {code}")),
    })
}

fn bytes(a: &AccountId32) -> [u8; 32] {
    *a.as_ref()
}

impl Driver {
    pub fn new(kind: AssetKind, balances: &[(Actor, u128)]) -> Self {
        let mut f = Funded::new(kind, "ink_payout", Actor::ALL.len() as u8, balances, T0);
        let events_read = f.chain.contract_events().len();
        Driver {
            f,
            created: 0,
            labels: Default::default(),
            events_read,
        }
    }

    pub fn who(&self, a: Actor) -> AccountId32 {
        self.f.who(a)
    }

    pub fn exec(
        &mut self,
        by: Actor,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> CallOutcome {
        self.f.exec(by, message, args, value)
    }

    /// The tree of distribution `id` of `contract` over `claims`.
    pub fn tree_for(
        &self,
        contract: &AccountId32,
        id: u64,
        claims: &[(Actor, u128)],
    ) -> MerkleTree<Blake2b256> {
        let leaves: Vec<_> = claims
            .iter()
            .enumerate()
            .map(|(i, (a, m))| leaf::ink(&bytes(contract), id, i as u32, &bytes(&self.who(*a)), *m))
            .collect();
        MerkleTree::new(&leaves).expect("a distribution has claims")
    }

    pub fn view(&mut self, id: u64) -> DistributionView {
        let d: Option<DistributionView> = self.f.query("distribution", id);
        d.expect("distribution exists")
    }
}

impl PayoutDriver for Driver {
    type Distribution = Dist;

    fn set_time(&mut self, offset: u64) {
        self.f.chain.set_timestamp_ms((T0 + offset) * 1000);
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure> {
        let recipients: Vec<AccountId32> = legs.iter().map(|(a, _)| self.who(*a)).collect();
        let amounts: Vec<u128> = legs.iter().map(|(_, m)| *m).collect();
        let value = match self.f.kind {
            AssetKind::Native => declared_total,
            AssetKind::Psp22 => 0,
        };
        let args = (self.f.token.clone(), recipients, amounts, declared_total);
        let out = self.exec(by, "multisend", args, value);
        outcome(&out)
    }

    fn create_distribution(
        &mut self,
        by: Actor,
        req: &DistributionRequest,
    ) -> Result<Dist, Failure> {
        // Ids are sequential, and the leaves bind the id, so the tree is built for the next one.
        let id = self.created + 1;
        let tree = self.tree_for(&self.f.contract.clone(), id, &req.claims);
        let value = match self.f.kind {
            AssetKind::Native => req.funded,
            AssetKind::Psp22 => 0,
        };
        let args = (
            self.f.token.clone(),
            tree.root(),
            req.funded,
            T0 + req.start,
            T0 + req.expiry,
            self.who(req.clawback_to),
        );
        let out = self.exec(by, "create_distribution", args, value);
        let got: u64 = outcome(&out)?;
        assert_eq!(got, id, "distribution ids are sequential");
        self.created = id;
        self.labels.insert(id.to_string(), req.label.clone());
        Ok(Dist {
            id,
            tree: Some(Rc::new(tree)),
        })
    }

    fn claim(&mut self, by: Actor, req: &ClaimRequest<Dist>) -> Result<(), Failure> {
        let tree = req.source.tree.as_ref().expect("the proof's tree exists");
        let args = (
            req.target.id,
            req.index,
            self.who(req.account),
            req.amount,
            tree.proof(req.proof_of as usize),
        );
        let out = self.exec(by, "claim", args, 0);
        outcome(&out)
    }

    fn clawback(&mut self, by: Actor, d: &Dist) -> Result<(), Failure> {
        let out = self.exec(by, "clawback", d.id, 0);
        outcome(&out)
    }

    fn missing_distribution(&mut self, _claims: &[(Actor, u128)]) -> Dist {
        Dist {
            id: u64::MAX,
            tree: None,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.f.balance(actor)
    }

    fn custody(&mut self) -> u128 {
        self.f.custody()
    }

    fn claimed(&mut self, d: &Dist) -> u128 {
        self.view(d.id).claimed
    }

    fn is_claimed(&mut self, d: &Dist, index: u32) -> bool {
        self.f.query("is_claimed", (d.id, index))
    }

    /// The call's `ContractEmitted` events through the ledger's ink! decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let emitted = self.f.chain.contract_events();
        let fresh = emitted
            .get(self.events_read..)
            .ok_or("the sandbox's event list shrank")?;
        self.events_read = emitted.len();
        let contracts = [InkContract::Payout(*self.f.contract.as_ref())];
        let rows = sandbox_records(
            "sandbox",
            SS58,
            &contracts,
            &Position::default(),
            fresh
                .iter()
                .map(|e| (e.contract, &e.topics[..], &e.data[..])),
        );
        payout_events(rows.iter().map(|r| &r.data), self)
    }
}
