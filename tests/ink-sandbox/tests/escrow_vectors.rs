//! Runs every shared escrow vector against the built ink! escrow `.wasm` in pallet-contracts,
//! once with a PSP22 token and once with the native balance.

use std::collections::HashMap;

use scale::{Decode, Encode};
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::Actor;
use tokenrail_ink_sandbox_tests::ink_sandbox::AccountId32;
use tokenrail_ink_sandbox_tests::{read_artifact, CallOutcome, Chain};

/// Unix seconds at which every scenario starts (the pallet clock counts milliseconds).
const T0: u64 = 1_700_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AssetKind {
    Psp22,
    Native,
}

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
    chain: Chain,
    kind: AssetKind,
    escrow: AccountId32,
    token: Option<AccountId32>,
    actors: Vec<AccountId32>,
    /// Native balance of each actor right after setup, minus its asset balance.
    native_base: HashMap<AccountId32, u128>,
    /// Storage deposits each actor paid (so native balances can be compared exactly).
    deposits: HashMap<AccountId32, i128>,
    escrow_base: u128,
}

impl Driver {
    fn new(kind: AssetKind, balances: &[(Actor, u128)]) -> Self {
        let mut chain = Chain::new();
        let actors: Vec<AccountId32> = (0..4).map(|n| chain.account(n)).collect();
        let admin = chain.account(9);
        let (escrow, _) = chain.deploy(read_artifact("ink_escrow"), "new", (), &admin);
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
                let r = chain.call(&t, "PSP22::approve", (escrow.clone(), u128::MAX), who, 0);
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
        let escrow_base = chain.free_balance(&escrow);
        chain.set_timestamp_ms(T0 * 1000);
        Driver {
            chain,
            kind,
            escrow,
            token,
            actors,
            native_base,
            deposits: HashMap::new(),
            escrow_base,
        }
    }

    fn who(&self, a: Actor) -> AccountId32 {
        self.actors[a as usize].clone()
    }

    fn exec(&mut self, by: Actor, message: &str, args: impl Encode, value: u128) -> CallOutcome {
        let who = self.who(by);
        let escrow = self.escrow.clone();
        let out = self.chain.call(&escrow, message, args, &who, value);
        *self.deposits.entry(who).or_default() += out.deposit;
        out
    }

    fn psp22_balance(&mut self, who: AccountId32) -> u128 {
        let token = self.token.clone().expect("psp22 asset");
        let admin = self.chain.account(9);
        self.chain
            .call(&token, "PSP22::balance_of", who, &admin, 0)
            .value()
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
        self.chain.set_timestamp_ms((T0 + offset) * 1000);
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<u64, Failure> {
        // Native value attached is the milestone sum; 1 when the sum is zero or overflows, so the
        // request reaches the contract's own validation.
        let value = match self.kind {
            AssetKind::Native => req
                .milestones
                .iter()
                .try_fold(0u128, |a, m| a.checked_add(*m))
                .filter(|s| *s > 0)
                .unwrap_or(1),
            AssetKind::Psp22 => 0,
        };
        let args = (
            self.token.clone(),
            self.who(req.beneficiary),
            req.arbiter.map(|a| self.who(a)),
            req.milestones.clone(),
            T0 + req.deadline_offset,
        );
        let out = self.exec(by, "create", args, value);
        outcome(&out)
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
        let admin = self.chain.account(9);
        let escrow = self.escrow.clone();
        let data: Option<EscrowData> = self.chain.call(&escrow, "get", *id, &admin, 0).value();
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
        let escrow = self.escrow.clone();
        match self.kind {
            AssetKind::Psp22 => self.psp22_balance(escrow),
            AssetKind::Native => self.chain.free_balance(&escrow) - self.escrow_base,
        }
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
