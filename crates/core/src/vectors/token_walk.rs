//! Random operation walks for the asset token (feature `walk`): a proptest strategy of
//! operations (mostly by the signer whose role fits, sometimes by anyone, at random times, under
//! random rules) and the checker every chain's property test runs after each step. It asserts
//! the spec's invariants (`docs/spec/token.md#state`) and that `can_transfer` predicts every
//! transfer's outcome.

use proptest::prelude::*;

use super::token::{Actor, Failure, Investor, InvestorStatus, Op, Role, Rules, TokenDriver};
use crate::token::TokenError;

/// The cap of every walk's token.
pub const WALK_CAP: u128 = 10_000;
/// The accounts that hold, receive and send during a walk.
pub const HOLDERS: [Actor; 4] = [Actor::Alice, Actor::Bob, Actor::Carol, Actor::Mallory];
/// KYC validity of Alice and Bob (Carol's expires 300 s into the walk).
const YEAR: u64 = 365 * 24 * 3600;

/// A driver that can also say whether an account is an eligible investor now (invariant 4).
pub trait InvariantProbe: TokenDriver {
    /// Whether `a` has a verified entry whose KYC has not expired.
    fn is_eligible(&mut self, a: Actor) -> bool;
}

/// One step of a walk: a call, or the clock moving on.
#[derive(Clone, Debug)]
pub enum WalkStep {
    /// `op` signed by the actor.
    Call(Actor, Op),
    /// The clock moves on by this many seconds.
    Wait(u64),
}

/// Mostly the two funded investors, so that movements usually have something to move.
fn holder() -> impl Strategy<Value = Actor> {
    prop_oneof![
        3 => Just(Actor::Alice),
        3 => Just(Actor::Bob),
        1 => Just(Actor::Carol),
        1 => Just(Actor::Mallory),
    ]
}

fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![1 => 0..=5u128, 5 => 1..=800u128, 1 => 1..=3_000u128, 1 => Just(WALK_CAP)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (holder(), amount()).prop_map(|(to, a)| Op::Mint {
            to,
            amount: a.into()
        }),
        (holder(), amount()).prop_map(|(to, a)| Op::Transfer {
            to,
            amount: a.into()
        }),
        (holder(), amount()).prop_map(|(spender, a)| Op::Approve {
            spender,
            amount: a.into()
        }),
        (holder(), holder(), amount()).prop_map(|(from, to, a)| Op::TransferFrom {
            from,
            to,
            amount: a.into()
        }),
        prop::collection::vec((holder(), amount()), 1..4).prop_map(|legs| Op::BatchTransfer {
            legs: legs.into_iter().map(|(a, n)| (a, n.into())).collect()
        }),
        amount().prop_map(|a| Op::Burn { amount: a.into() }),
        (holder(), amount()).prop_map(|(from, a)| Op::Redeem {
            from,
            amount: a.into()
        }),
        (holder(), holder(), amount()).prop_map(|(from, to, a)| Op::ForcedTransfer {
            from,
            to,
            amount: a.into()
        }),
        (holder(), holder()).prop_map(|(lost, new)| Op::Recover { lost, new }),
        (holder(), any::<bool>())
            .prop_map(|(account, frozen)| Op::SetAccountFrozen { account, frozen }),
        (holder(), amount()).prop_map(|(account, a)| Op::SetFrozenAmount {
            account,
            amount: a.into()
        }),
        (holder(), 0..200u64).prop_map(|(account, until)| Op::SetLockup { account, until }),
        Just(Op::Pause),
        Just(Op::Unpause),
        Just(Op::Deactivate),
        (0..4u32, any::<bool>(), 0..2_000u128).prop_map(|(max_holders, block_us, max_balance)| {
            Op::SetRules {
                rules: Rules {
                    blocked_jurisdictions: if block_us { vec![840] } else { vec![] },
                    max_holders,
                    max_balance: max_balance.into(),
                    ..Default::default()
                },
            }
        }),
        holder().prop_map(|a| Op::RemoveInvestors { investors: vec![a] }),
    ]
}

/// The signer whose role fits `op` (holder operations get `holder`).
fn natural_signer(op: &Op, holder: Actor) -> Actor {
    match op {
        Op::Mint { .. } | Op::Redeem { .. } => Actor::Issuer,
        Op::Pause | Op::Unpause => Actor::Pauser,
        Op::Deactivate => Actor::Admin,
        Op::ForcedTransfer { .. }
        | Op::Recover { .. }
        | Op::SetAccountFrozen { .. }
        | Op::SetFrozenAmount { .. }
        | Op::SetLockup { .. }
        | Op::SetRules { .. }
        | Op::RemoveInvestors { .. } => Actor::Agent,
        _ => holder,
    }
}

fn step() -> impl Strategy<Value = WalkStep> {
    prop_oneof![
        6 => (holder(), op()).prop_map(|(h, op)| WalkStep::Call(natural_signer(&op, h), op)),
        2 => (prop::sample::select(Actor::ALL.to_vec()), op())
            .prop_map(|(by, op)| WalkStep::Call(by, op)),
        1 => (1..150u64).prop_map(WalkStep::Wait),
    ]
}

/// Walks of 1 to `max_len` steps.
pub fn walks(max_len: usize) -> impl Strategy<Value = Vec<WalkStep>> {
    prop::collection::vec(step(), 1..max_len)
}

/// Brings a fresh driver (token with [`WALK_CAP`], deployed by the admin) to a walk's start:
/// roles granted, Alice and Bob verified in 276 for a year, Carol in 840 until 300 s, Alice and
/// Bob holding 2,000 each.
pub fn set_up<D: TokenDriver>(d: &mut D) -> Result<(), String> {
    let mut ops = vec![];
    for (role, account) in [
        (Role::Issuer, Actor::Issuer),
        (Role::Agent, Actor::Agent),
        (Role::Pauser, Actor::Pauser),
        (Role::RegistryAgent, Actor::Agent),
    ] {
        ops.push((Actor::Admin, Op::GrantRole { role, account }));
    }
    let entry = |investor, jurisdiction, kyc_expiry| Investor {
        investor,
        status: InvestorStatus::Verified,
        jurisdiction,
        kyc_expiry,
    };
    let entries = vec![
        entry(Actor::Alice, 276, YEAR),
        entry(Actor::Bob, 276, YEAR),
        entry(Actor::Carol, 840, 300),
    ];
    ops.push((Actor::Agent, Op::Register { entries }));
    for to in [Actor::Alice, Actor::Bob] {
        let amount = 2_000.into();
        ops.push((Actor::Issuer, Op::Mint { to, amount }));
    }
    d.set_time(0);
    for (by, op) in ops {
        d.call(by, &op)
            .map_err(|e| format!("set-up {op:?} failed: {e:?}"))?;
    }
    Ok(())
}

/// Runs `steps` on `d` (after [`set_up`]) and checks after every step: Σ balances = supply ≤
/// cap, frozen ≤ balance, the holder count, that a balance grew only for an eligible account
/// unless the step was a forced transfer, that `can_transfer` predicted each transfer, and that
/// no balance moves once the token was deactivated.
pub fn check<D: InvariantProbe>(d: &mut D, steps: &[WalkStep]) -> Result<(), String> {
    let mut now = 0;
    let mut deactivated = false;
    for step in steps {
        let (by, op) = match step {
            WalkStep::Wait(dt) => {
                now += dt;
                d.set_time(now);
                continue;
            }
            WalkStep::Call(by, op) => (*by, op),
        };
        let before: Vec<u128> = HOLDERS.iter().map(|a| d.balance(*a)).collect();
        let predicted = match op {
            Op::Transfer { to, amount } => Some(d.can_transfer(by, *to, amount.0)),
            _ => None,
        };
        let outcome = d.call(by, op);
        let got = match &outcome {
            Ok(()) => 0,
            Err(Failure::Spec(e)) => e.code(),
            Err(Failure::Other(e)) => {
                return Err(format!("{op:?} by {by:?} failed outside the spec: {e}"))
            }
        };
        if let Some(predicted) = predicted {
            if predicted != got {
                return Err(format!(
                    "can_transfer said {:?}, {op:?} by {by:?} gave {:?}",
                    TokenError::from_code(predicted),
                    TokenError::from_code(got)
                ));
            }
        }
        let after: Vec<u128> = HOLDERS.iter().map(|a| d.balance(*a)).collect();
        if deactivated && after != before {
            return Err(format!(
                "{op:?} by {by:?} moved a balance after deactivation"
            ));
        }
        deactivated |= matches!(op, Op::Deactivate) && outcome.is_ok();
        let supply = d.supply();
        if after.iter().sum::<u128>() != supply || supply > WALK_CAP {
            return Err(format!("after {op:?}: balances {after:?}, supply {supply}"));
        }
        let holders = after.iter().filter(|b| **b > 0).count() as u32;
        if d.holders() != holders {
            return Err(format!(
                "after {op:?}: holder count {} ≠ {holders}",
                d.holders()
            ));
        }
        for (i, a) in HOLDERS.iter().enumerate() {
            let frozen = d.frozen_amount(*a);
            if frozen > after[i] {
                return Err(format!(
                    "after {op:?}: {a:?} has {frozen} frozen of {}",
                    after[i]
                ));
            }
            let forced = matches!(op, Op::ForcedTransfer { .. });
            if after[i] > before[i] && !forced && !d.is_eligible(*a) {
                return Err(format!("{a:?} received through {op:?} while not eligible"));
            }
        }
    }
    Ok(())
}
