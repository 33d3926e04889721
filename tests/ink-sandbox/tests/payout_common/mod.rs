//! The ink! payout contract on a pallet-contracts sandbox, and the driver that replays the
//! shared payout vectors on it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::rc::Rc;

use scale::{Decode, Encode};
use tokenrail_core::merkle::{Blake2b256, MerkleTree};
use tokenrail_core::payout::{leaf, PayoutError};
use tokenrail_core::vectors::payout::{
    Actor, ClaimRequest, DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_ink_sandbox_tests::ink_sandbox::AccountId32;
use tokenrail_ink_sandbox_tests::{read_artifact, CallOutcome, Chain};

/// Unix seconds at which every scenario starts (the pallet clock counts milliseconds).
pub const T0: u64 = 1_700_000_000;
/// Test account number of the deployer.
pub const ADMIN: u8 = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetKind {
    Psp22,
    Native,
}

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

pub struct Driver {
    pub chain: Chain,
    pub kind: AssetKind,
    pub payout: AccountId32,
    pub token: Option<AccountId32>,
    pub actors: Vec<AccountId32>,
    /// Native balance of each actor right after setup, minus its asset balance.
    native_base: HashMap<AccountId32, u128>,
    /// Storage deposits each actor paid (so native balances can be compared exactly).
    deposits: HashMap<AccountId32, i128>,
    payout_base: u128,
    created: u64,
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
        let mut chain = Chain::new();
        let actors: Vec<AccountId32> = (0..Actor::ALL.len() as u8)
            .map(|n| chain.account(n))
            .collect();
        let admin = chain.account(ADMIN);
        let (payout, _) = chain.deploy(read_artifact("ink_payout"), "new", (), &admin);
        let mut token = None;
        if kind == AssetKind::Psp22 {
            let supply: u128 = balances.iter().map(|(_, b)| *b).sum::<u128>() + 1;
            let (t, _) = chain.deploy(read_artifact("ink_psp22_token"), "new", supply, &admin);
            for (actor, amount) in balances {
                let to = actors[*actor as usize].clone();
                let r = chain.call(
                    &t,
                    "PSP22::transfer",
                    (to, *amount, Vec::<u8>::new()),
                    &admin,
                    0,
                );
                assert!(!r.reverted, "funding transfer");
            }
            for who in &actors {
                let r = chain.call(&t, "PSP22::approve", (payout.clone(), u128::MAX), who, 0);
                assert!(!r.reverted, "approve");
            }
            token = Some(t);
        } else {
            for (actor, amount) in balances {
                if *amount > 0 {
                    chain.mint_native(&actors[*actor as usize], *amount);
                }
            }
        }
        let mut native_base = HashMap::new();
        for (i, who) in actors.iter().enumerate() {
            let asset = balances
                .iter()
                .find(|(a, _)| *a as usize == i)
                .map_or(0, |(_, b)| *b);
            let free = chain.free_balance(who);
            native_base.insert(
                who.clone(),
                free - if kind == AssetKind::Native { asset } else { 0 },
            );
        }
        let payout_base = chain.free_balance(&payout);
        chain.set_timestamp_ms(T0 * 1000);
        Driver {
            chain,
            kind,
            payout,
            token,
            actors,
            native_base,
            deposits: HashMap::new(),
            payout_base,
            created: 0,
        }
    }

    pub fn who(&self, a: Actor) -> AccountId32 {
        self.actors[a as usize].clone()
    }

    /// Calls the payout contract as `by`, booking the storage deposit it paid.
    pub fn exec(
        &mut self,
        by: Actor,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> CallOutcome {
        let who = self.who(by);
        let payout = self.payout.clone();
        let out = self.chain.call(&payout, message, args, &who, value);
        *self.deposits.entry(who).or_default() += out.deposit;
        out
    }

    pub fn psp22_balance(&mut self, who: AccountId32) -> u128 {
        let token = self.token.clone().expect("psp22 asset");
        let admin = self.chain.account(ADMIN);
        self.chain
            .call(&token, "PSP22::balance_of", who, &admin, 0)
            .value()
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
        let admin = self.chain.account(ADMIN);
        let payout = self.payout.clone();
        let d: Option<DistributionView> = self
            .chain
            .call(&payout, "distribution", id, &admin, 0)
            .value();
        d.expect("distribution exists")
    }
}

impl PayoutDriver for Driver {
    type Distribution = Dist;

    fn set_time(&mut self, offset: u64) {
        self.chain.set_timestamp_ms((T0 + offset) * 1000);
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure> {
        let recipients: Vec<AccountId32> = legs.iter().map(|(a, _)| self.who(*a)).collect();
        let amounts: Vec<u128> = legs.iter().map(|(_, m)| *m).collect();
        let value = match self.kind {
            AssetKind::Native => declared_total,
            AssetKind::Psp22 => 0,
        };
        let args = (self.token.clone(), recipients, amounts, declared_total);
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
        let tree = self.tree_for(&self.payout.clone(), id, &req.claims);
        let value = match self.kind {
            AssetKind::Native => req.funded,
            AssetKind::Psp22 => 0,
        };
        let args = (
            self.token.clone(),
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
        let who = self.who(actor);
        match self.kind {
            AssetKind::Psp22 => self.psp22_balance(who),
            AssetKind::Native => {
                let free = self.chain.free_balance(&who) as i128;
                let paid = self.deposits.get(&who).copied().unwrap_or(0);
                (free + paid - self.native_base[&who] as i128) as u128
            }
        }
    }

    fn custody(&mut self) -> u128 {
        let payout = self.payout.clone();
        match self.kind {
            AssetKind::Psp22 => self.psp22_balance(payout),
            AssetKind::Native => self.chain.free_balance(&payout) - self.payout_base,
        }
    }

    fn claimed(&mut self, d: &Dist) -> u128 {
        self.view(d.id).claimed
    }

    fn is_claimed(&mut self, d: &Dist, index: u32) -> bool {
        let admin = self.chain.account(ADMIN);
        let payout = self.payout.clone();
        self.chain
            .call(&payout, "is_claimed", (d.id, index), &admin, 0)
            .value()
    }
}
