//! A reference model of `docs/spec/escrow.md` in plain Rust. It must pass every shared vector,
//! and each deliberately broken variant of it must fail at least one: the vectors pin the
//! specified behaviour rather than whatever the chains happen to do.

use std::collections::BTreeMap;

use tokenrail_core::escrow::{EscrowError, EscrowStatus, MAX_MILESTONES};
use tokenrail_core::vectors::escrow::{
    load, record_events, run, Action, CreateRequest, EscrowDriver, EscrowView, Failure,
};
use tokenrail_core::vectors::escrow_events::Event;
use tokenrail_core::vectors::Actor;
use tokenrail_core::Amount;

mod bless;

/// Which rule of the spec a model variant breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mutation {
    None,
    ReleaseIgnoresDeadline,
    RefundIgnoresDeadline,
    ArbiterCannotRelease,
    CancelAfterReleaseAllowed,
    ReleaseOutOfOrder,
    RefundPaysCaller,
    DeadlineInclusive,
}

struct Escrow {
    /// The scenario's label.
    label: String,
    depositor: Actor,
    beneficiary: Actor,
    arbiter: Option<Actor>,
    milestones: Vec<u128>,
    next: usize,
    released: u128,
    deadline: u64,
    status: EscrowStatus,
}

struct Model {
    mutation: Mutation,
    now: u64,
    balances: BTreeMap<Actor, u128>,
    escrows: Vec<Escrow>,
    /// The events of the last successful call.
    events: Vec<Event>,
}

impl Model {
    fn pay(&mut self, to: Actor, amount: u128) {
        *self.balances.entry(to).or_default() += amount;
    }

    fn active(&mut self, id: usize) -> Result<&mut Escrow, Failure> {
        let e = self
            .escrows
            .get_mut(id)
            .ok_or(EscrowError::EscrowNotFound)?;
        if e.status != EscrowStatus::Active {
            return Err(EscrowError::NotActive.into());
        }
        Ok(e)
    }
}

impl EscrowDriver for Model {
    type Handle = usize;

    fn set_time(&mut self, offset: u64) {
        self.now = offset;
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<usize, Failure> {
        if req.beneficiary == by || req.arbiter.is_some_and(|a| a == by || a == req.beneficiary) {
            return Err(EscrowError::InvalidParties.into());
        }
        if req.milestones.is_empty() || req.milestones.len() > MAX_MILESTONES {
            return Err(EscrowError::InvalidMilestones.into());
        }
        if req.milestones.contains(&0) {
            return Err(EscrowError::ZeroAmount.into());
        }
        let total = req
            .milestones
            .iter()
            .try_fold(0u128, |a, m| a.checked_add(*m))
            .ok_or(EscrowError::AmountOverflow)?;
        if req.deadline_offset <= self.now {
            return Err(EscrowError::DeadlineNotInFuture.into());
        }
        let balance = self.balances.entry(by).or_default();
        if *balance < total {
            return Err(Failure::Other("insufficient balance".into()));
        }
        *balance -= total;
        self.events = vec![Event::EscrowCreated {
            escrow: req.label.clone(),
            depositor: by,
            beneficiary: req.beneficiary,
            arbiter: req.arbiter,
            total: Amount(total),
            deadline: req.deadline_offset,
            milestones: req.milestones.iter().copied().map(Amount).collect(),
        }];
        self.escrows.push(Escrow {
            label: req.label.clone(),
            depositor: by,
            beneficiary: req.beneficiary,
            arbiter: req.arbiter,
            milestones: req.milestones.clone(),
            next: 0,
            released: 0,
            deadline: req.deadline_offset,
            status: EscrowStatus::Active,
        });
        Ok(self.escrows.len() - 1)
    }

    fn release(&mut self, by: Actor, id: &usize, k: u32) -> Result<(), Failure> {
        let (mutation, now) = (self.mutation, self.now);
        let e = self.active(*id)?;
        let arbiter_ok = e.arbiter == Some(by) && mutation != Mutation::ArbiterCannotRelease;
        if by != e.depositor && !arbiter_ok {
            return Err(EscrowError::Unauthorized.into());
        }
        let k = k as usize;
        if mutation == Mutation::ReleaseOutOfOrder {
            if k >= e.milestones.len() {
                return Err(EscrowError::MilestoneOutOfOrder.into());
            }
        } else if k < e.next {
            return Err(EscrowError::MilestoneAlreadyReleased.into());
        } else if k > e.next {
            return Err(EscrowError::MilestoneOutOfOrder.into());
        }
        let passed = match mutation {
            Mutation::ReleaseIgnoresDeadline => false,
            Mutation::DeadlineInclusive => now > e.deadline,
            _ => now >= e.deadline,
        };
        if passed {
            return Err(EscrowError::DeadlinePassed.into());
        }
        let amount = e.milestones[k];
        e.next += 1;
        e.released += amount;
        let mut events = vec![Event::MilestoneReleased {
            escrow: e.label.clone(),
            milestone: k as u32,
            amount: Amount(amount),
            by,
        }];
        if e.next == e.milestones.len() {
            e.status = EscrowStatus::Completed;
            events.push(Event::EscrowCompleted {
                escrow: e.label.clone(),
            });
        }
        let to = e.beneficiary;
        self.events = events;
        self.pay(to, amount);
        Ok(())
    }

    fn refund(&mut self, by: Actor, id: &usize) -> Result<(), Failure> {
        let (mutation, now) = (self.mutation, self.now);
        let e = self.active(*id)?;
        let early = now < e.deadline && mutation != Mutation::RefundIgnoresDeadline;
        if e.arbiter != Some(by) && early {
            return Err(EscrowError::DeadlineNotReached.into());
        }
        e.status = EscrowStatus::Refunded;
        let amount = e.milestones.iter().sum::<u128>() - e.released;
        let event = Event::EscrowRefunded {
            escrow: e.label.clone(),
            amount: Amount(amount),
            by,
        };
        let to = if mutation == Mutation::RefundPaysCaller {
            by
        } else {
            e.depositor
        };
        self.events = vec![event];
        self.pay(to, amount);
        Ok(())
    }

    fn cancel(&mut self, by: Actor, id: &usize) -> Result<(), Failure> {
        let mutation = self.mutation;
        let e = self.active(*id)?;
        if by != e.beneficiary {
            return Err(EscrowError::Unauthorized.into());
        }
        if e.released != 0 && mutation != Mutation::CancelAfterReleaseAllowed {
            return Err(EscrowError::CancelAfterRelease.into());
        }
        e.status = EscrowStatus::Cancelled;
        let amount = e.milestones.iter().sum::<u128>() - e.released;
        let to = e.depositor;
        self.events = vec![Event::EscrowCancelled {
            escrow: e.label.clone(),
            amount: Amount(amount),
        }];
        self.pay(to, amount);
        Ok(())
    }

    fn missing_escrow(&mut self) -> usize {
        usize::MAX
    }

    fn view(&mut self, id: &usize) -> EscrowView {
        let e = &self.escrows[*id];
        EscrowView {
            status: e.status,
            released: e.released,
            next_milestone: e.next as u32,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.balances.get(&actor).copied().unwrap_or(0)
    }

    fn custody(&mut self) -> u128 {
        self.escrows
            .iter()
            .filter(|e| e.status == EscrowStatus::Active)
            .map(|e| e.milestones.iter().sum::<u128>() - e.released)
            .sum()
    }

    fn events(&mut self) -> Result<Vec<Event>, String> {
        Ok(std::mem::take(&mut self.events))
    }
}

impl Model {
    fn new(mutation: Mutation, balances: BTreeMap<Actor, u128>) -> Self {
        Model {
            mutation,
            now: 0,
            balances,
            escrows: vec![],
            events: vec![],
        }
    }
}

fn failures(mutation: Mutation) -> Vec<String> {
    load()
        .unwrap()
        .iter()
        .filter_map(|v| {
            let balances = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
            let mut model = Model::new(mutation, balances);
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
        Mutation::ReleaseIgnoresDeadline,
        Mutation::RefundIgnoresDeadline,
        Mutation::ArbiterCannotRelease,
        Mutation::CancelAfterReleaseAllowed,
        Mutation::ReleaseOutOfOrder,
        Mutation::RefundPaysCaller,
        Mutation::DeadlineInclusive,
    ] {
        assert!(!failures(m).is_empty(), "no vector catches {m:?}");
    }
}

/// The events every vector lists are the reference model's. With `TOKENRAIL_BLESS_EVENTS=1` the
/// test writes the model's events into the vector files instead; review the diff against
/// `docs/spec/events.md` before committing it.
#[test]
fn vectors_list_the_reference_models_events() {
    let bless = std::env::var_os("TOKENRAIL_BLESS_EVENTS").is_some();
    for v in load().unwrap() {
        let balances = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        let produced = record_events(&v, &mut Model::new(Mutation::None, balances)).unwrap();
        if bless {
            bless::bless_events("escrow", &v.name, &produced);
            continue;
        }
        for (i, (step, got)) in v.steps.iter().zip(&produced).enumerate() {
            let listed = match &step.action {
                Action::Create { events, .. }
                | Action::Release { events, .. }
                | Action::Refund { events, .. }
                | Action::Cancel { events, .. } => events,
                Action::Check { .. } => &None,
            };
            assert_eq!(listed, got, "{} step {i}", v.name);
        }
    }
}
