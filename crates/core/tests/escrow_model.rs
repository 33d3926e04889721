//! A reference model of `docs/spec/escrow.md` in plain Rust. It must pass every shared vector,
//! and each deliberately broken variant of it must fail at least one: the vectors pin the
//! specified behaviour rather than whatever the chains happen to do.

use std::collections::BTreeMap;

use tokenrail_core::escrow::{EscrowError, EscrowStatus, MAX_MILESTONES};
use tokenrail_core::vectors::escrow::{
    load, run, CreateRequest, EscrowDriver, EscrowView, Failure,
};
use tokenrail_core::vectors::Actor;

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
        self.escrows.push(Escrow {
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
        if e.next == e.milestones.len() {
            e.status = EscrowStatus::Completed;
        }
        let to = e.beneficiary;
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
        let to = if mutation == Mutation::RefundPaysCaller {
            by
        } else {
            e.depositor
        };
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
}

fn failures(mutation: Mutation) -> Vec<String> {
    load()
        .unwrap()
        .iter()
        .filter_map(|v| {
            let mut model = Model {
                mutation,
                now: 0,
                balances: v.balances.iter().map(|(a, b)| (*a, b.0)).collect(),
                escrows: vec![],
            };
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
