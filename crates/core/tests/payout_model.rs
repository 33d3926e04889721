//! A reference model of `docs/spec/payout.md` in plain Rust: it must pass every shared payout
//! vector, and each deliberately broken variant must fail at least one.

use std::collections::{BTreeMap, HashSet};

use tokenrail_core::payout::PayoutError;
use tokenrail_core::vectors::payout::{
    load, record_events, run, Action, Actor, ClaimRequest, DistributionRequest, Failure,
    PayoutDriver,
};
use tokenrail_core::vectors::payout_events::Event;
use tokenrail_core::Amount;

mod bless;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutation {
    None,
    AllowsDuplicates,
    IgnoresDeclaredTotal,
    NoDoubleClaimCheck,
    PaysSubmitter,
    NoCap,
    ClaimAfterExpiry,
    ClawbackEarly,
    AcceptsForeignProofs,
}

/// A distribution: its id and the leaves `(id, index, account, amount)` its "tree" commits to.
#[derive(Clone, Debug)]
struct Dist {
    id: usize,
    leaves: Vec<(usize, usize, Actor, u128)>,
}

struct State {
    /// The scenario's label.
    label: String,
    funded: u128,
    claimed: u128,
    start: u64,
    expiry: u64,
    to: Actor,
    clawed: bool,
    bits: HashSet<u32>,
}

struct Model {
    m: Mutation,
    now: u64,
    bal: BTreeMap<Actor, u128>,
    dists: Vec<State>,
    custody: u128,
    /// The events of the last successful call.
    events: Vec<Event>,
}

impl Model {
    fn take(&mut self, who: Actor, amount: u128) -> Result<(), Failure> {
        let b = self.bal.entry(who).or_default();
        if *b < amount {
            return Err(Failure::Other("insufficient balance".into()));
        }
        *b -= amount;
        Ok(())
    }

    fn give(&mut self, who: Actor, amount: u128) {
        *self.bal.entry(who).or_default() += amount;
    }
}

impl PayoutDriver for Model {
    type Distribution = Dist;

    fn set_time(&mut self, offset: u64) {
        self.now = offset;
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared: u128,
    ) -> Result<(), Failure> {
        if legs.is_empty() {
            return Err(PayoutError::EmptyBatch.into());
        }
        let mut seen = HashSet::new();
        let mut sum = 0u128;
        for (to, amount) in legs {
            if *amount == 0 {
                return Err(PayoutError::ZeroAmount.into());
            }
            if !seen.insert(*to) && self.m != Mutation::AllowsDuplicates {
                return Err(PayoutError::DuplicateRecipient.into());
            }
            sum += amount;
        }
        if sum != declared && self.m != Mutation::IgnoresDeclaredTotal {
            return Err(PayoutError::TotalMismatch.into());
        }
        self.take(by, sum)?;
        for (to, amount) in legs {
            self.give(*to, *amount);
        }
        self.events = vec![Event::MultiSent {
            payer: by,
            count: legs.len() as u32,
            total: Amount(sum),
        }];
        Ok(())
    }

    fn create_distribution(&mut self, by: Actor, r: &DistributionRequest) -> Result<Dist, Failure> {
        if r.funded == 0 || r.start >= r.expiry || r.expiry <= self.now {
            return Err(PayoutError::InvalidSchedule.into());
        }
        self.take(by, r.funded)?;
        self.custody += r.funded;
        let id = self.dists.len();
        self.events = vec![Event::DistributionCreated {
            distribution: r.label.clone(),
            total: Amount(r.funded),
            start: r.start,
            expiry: r.expiry,
            clawback_receiver: r.clawback_to,
        }];
        self.dists.push(State {
            label: r.label.clone(),
            funded: r.funded,
            claimed: 0,
            start: r.start,
            expiry: r.expiry,
            to: r.clawback_to,
            clawed: false,
            bits: HashSet::new(),
        });
        let leaves = r
            .claims
            .iter()
            .enumerate()
            .map(|(i, (a, m))| (id, i, *a, *m))
            .collect();
        Ok(Dist { id, leaves })
    }

    fn claim(&mut self, by: Actor, r: &ClaimRequest<Dist>) -> Result<(), Failure> {
        let (m, now) = (self.m, self.now);
        let id = r.target.id;
        let d = self
            .dists
            .get_mut(id)
            .ok_or(PayoutError::DistributionNotFound)?;
        if d.clawed {
            return Err(PayoutError::ClawedBack.into());
        }
        if now < d.start {
            return Err(PayoutError::NotStarted.into());
        }
        if now >= d.expiry && m != Mutation::ClaimAfterExpiry {
            return Err(PayoutError::Expired.into());
        }
        if d.bits.contains(&r.index) && m != Mutation::NoDoubleClaimCheck {
            return Err(PayoutError::AlreadyClaimed.into());
        }
        // The "proof" holds when the source tree proves exactly this leaf of this distribution.
        let proven = r.source.leaves.get(r.proof_of as usize).copied();
        let leaf = (id, r.index as usize, r.account, r.amount);
        let ok = match proven {
            Some(p) if m == Mutation::AcceptsForeignProofs => {
                (p.1, p.2, p.3) == (leaf.1, leaf.2, leaf.3)
            }
            Some(p) => p == leaf,
            None => false,
        };
        if !ok {
            return Err(PayoutError::InvalidProof.into());
        }
        if d.claimed + r.amount > d.funded && m != Mutation::NoCap {
            return Err(PayoutError::ExceedsTotal.into());
        }
        d.bits.insert(r.index);
        d.claimed += r.amount;
        let label = d.label.clone();
        self.custody = self.custody.saturating_sub(r.amount);
        let to = if m == Mutation::PaysSubmitter {
            by
        } else {
            r.account
        };
        self.events = vec![Event::Claimed {
            distribution: label,
            index: u64::from(r.index),
            account: to,
            amount: Amount(r.amount),
        }];
        self.give(to, r.amount);
        Ok(())
    }

    fn clawback(&mut self, _by: Actor, dist: &Dist) -> Result<(), Failure> {
        let (m, now) = (self.m, self.now);
        let d = self
            .dists
            .get_mut(dist.id)
            .ok_or(PayoutError::DistributionNotFound)?;
        if d.clawed {
            return Err(PayoutError::ClawedBack.into());
        }
        if now < d.expiry && m != Mutation::ClawbackEarly {
            return Err(PayoutError::NotExpired.into());
        }
        d.clawed = true;
        let rest = d.funded.saturating_sub(d.claimed);
        let to = d.to;
        self.events = vec![Event::ClawedBack {
            distribution: d.label.clone(),
            receiver: to,
            amount: Amount(rest),
        }];
        self.custody -= rest;
        self.give(to, rest);
        Ok(())
    }

    fn missing_distribution(&mut self, claims: &[(Actor, u128)]) -> Dist {
        let id = usize::MAX;
        Dist {
            id,
            leaves: claims
                .iter()
                .enumerate()
                .map(|(i, (a, m))| (id, i, *a, *m))
                .collect(),
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.bal.get(&actor).copied().unwrap_or(0)
    }

    fn custody(&mut self) -> u128 {
        self.custody
    }

    fn claimed(&mut self, d: &Dist) -> u128 {
        self.dists[d.id].claimed
    }

    fn is_claimed(&mut self, d: &Dist, index: u32) -> bool {
        self.dists[d.id].bits.contains(&index)
    }

    fn events(&mut self) -> Result<Vec<Event>, String> {
        Ok(std::mem::take(&mut self.events))
    }
}

fn failures(m: Mutation) -> Vec<String> {
    load()
        .unwrap()
        .iter()
        .filter_map(|v| {
            let mut model = Model::new(m, v);
            run("model", v, &mut model).err().map(|e| e.to_string())
        })
        .collect()
}

#[test]
fn reference_model_passes_every_vector() {
    let f = failures(Mutation::None);
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn every_broken_model_fails_some_vector() {
    for m in [
        Mutation::AllowsDuplicates,
        Mutation::IgnoresDeclaredTotal,
        Mutation::NoDoubleClaimCheck,
        Mutation::PaysSubmitter,
        Mutation::NoCap,
        Mutation::ClaimAfterExpiry,
        Mutation::ClawbackEarly,
        Mutation::AcceptsForeignProofs,
    ] {
        assert!(!failures(m).is_empty(), "no vector catches {m:?}");
    }
}

impl Model {
    fn new(m: Mutation, v: &tokenrail_core::vectors::payout::PayoutVector) -> Self {
        Model {
            m,
            now: 0,
            bal: v.balances.iter().map(|(a, b)| (*a, b.0)).collect(),
            dists: vec![],
            custody: 0,
            events: vec![],
        }
    }
}

/// The events every vector lists are the reference model's. With `TOKENRAIL_BLESS_EVENTS=1` the
/// test writes the model's events into the vector files instead; review the diff against
/// `docs/spec/events.md` before committing it.
#[test]
fn vectors_list_the_reference_models_events() {
    let bless = std::env::var_os("TOKENRAIL_BLESS_EVENTS").is_some();
    for v in load().unwrap() {
        let produced = record_events(&v, &mut Model::new(Mutation::None, &v)).unwrap();
        if bless {
            bless::bless_events("payout", &v.name, &produced);
            continue;
        }
        for (i, (step, got)) in v.steps.iter().zip(&produced).enumerate() {
            let listed = match &step.action {
                Action::Multisend { events, .. }
                | Action::CreateDistribution { events, .. }
                | Action::Claim { events, .. }
                | Action::Clawback { events, .. } => events,
                Action::Check { .. } => &None,
            };
            assert_eq!(listed, got, "{} step {i}", v.name);
        }
    }
}
