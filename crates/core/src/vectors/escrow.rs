//! Escrow vectors: schema, loader and the chain-neutral runner.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use serde::{Deserialize, Serialize};

use super::escrow_events::Event;
use super::{Actor, StepEvents, VectorError};
use crate::escrow::{EscrowError, EscrowStatus};
use crate::Amount;

/// One escrow scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscrowVector {
    /// Unique name; also the file stem.
    pub name: String,
    /// What the scenario shows, for humans.
    pub description: String,
    /// Starting balances in the escrowed asset; absent actors start at zero.
    #[serde(default)]
    pub balances: BTreeMap<Actor, Amount>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One step of a escrow scenario.
pub type Step = super::Step<Action>;

/// An escrow action, or a check of the state.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Create and fund an escrow.
    Create {
        /// Who signs (and pays).
        by: Actor,
        /// Label the scenario uses for this escrow.
        escrow: String,
        /// Receiver of released milestones.
        beneficiary: Actor,
        /// Optional arbiter.
        arbiter: Option<Actor>,
        /// Milestone amounts, released in order.
        milestones: Vec<Amount>,
        /// Deadline in seconds since the scenario started.
        deadline: u64,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Release milestone `milestone` to the beneficiary.
    Release {
        /// Who signs.
        by: Actor,
        /// Escrow label (an unknown label means a never-created escrow).
        escrow: String,
        /// Zero-based milestone index.
        milestone: u32,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Refund the unreleased remainder to the depositor.
    Refund {
        /// Who signs.
        by: Actor,
        /// Escrow label.
        escrow: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Cancel before any release, returning everything to the depositor.
    Cancel {
        /// Who signs.
        by: Actor,
        /// Escrow label.
        escrow: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Assert state; every present field is checked.
    Check {
        /// Escrow whose state to check.
        #[serde(default)]
        escrow: Option<String>,
        /// Expected status of `escrow`.
        #[serde(default)]
        status: Option<EscrowStatus>,
        /// Expected total released of `escrow`.
        #[serde(default)]
        released: Option<Amount>,
        /// Expected index of the next milestone of `escrow`.
        #[serde(default)]
        next_milestone: Option<u32>,
        /// Expected balances of actors.
        #[serde(default)]
        balances: BTreeMap<Actor, Amount>,
        /// Expected total held in custody for all escrows of the scenario.
        #[serde(default)]
        custody: Option<Amount>,
    },
}

impl Action {
    /// The action's name as written in the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Create { .. } => "create",
            Action::Release { .. } => "release",
            Action::Refund { .. } => "refund",
            Action::Cancel { .. } => "cancel",
            Action::Check { .. } => "check",
        }
    }
}

/// Expected outcome of a state-changing escrow step.
pub type Expect = super::Expect<EscrowError>;

/// The parameters of a create step, as handed to a driver.
#[derive(Clone, Debug)]
pub struct CreateRequest {
    /// The scenario's label for the escrow (what the vectors' events call it).
    pub label: String,
    /// Receiver of released milestones.
    pub beneficiary: Actor,
    /// Optional arbiter.
    pub arbiter: Option<Actor>,
    /// Milestone amounts.
    pub milestones: Vec<u128>,
    /// Deadline in seconds since the scenario started.
    pub deadline_offset: u64,
}

/// The state of one escrow as a chain reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscrowView {
    /// Lifecycle state.
    pub status: EscrowStatus,
    /// Sum of released milestones.
    pub released: u128,
    /// Index of the next milestone to release.
    pub next_milestone: u32,
}

/// How an escrow step failed on a chain.
pub type Failure = super::Failure<EscrowError>;

/// Drives one chain's escrow implementation. A fresh driver is built for
/// each vector with the vector's starting balances already credited; the
/// scenario clock starts at zero when the driver is built.
pub trait EscrowDriver {
    /// The chain's handle for one escrow (an id, an account address, …).
    type Handle: Clone + Debug;

    /// Moves the chain clock to `offset` seconds after the scenario start.
    fn set_time(&mut self, offset: u64);
    /// Creates and funds an escrow signed by `by`.
    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<Self::Handle, Failure>;
    /// Releases milestone `k`.
    fn release(&mut self, by: Actor, escrow: &Self::Handle, k: u32) -> Result<(), Failure>;
    /// Refunds the unreleased remainder.
    fn refund(&mut self, by: Actor, escrow: &Self::Handle) -> Result<(), Failure>;
    /// Cancels before any release.
    fn cancel(&mut self, by: Actor, escrow: &Self::Handle) -> Result<(), Failure>;
    /// A handle that names no escrow on this chain.
    fn missing_escrow(&mut self) -> Self::Handle;
    /// Reads an escrow's state.
    fn view(&mut self, escrow: &Self::Handle) -> EscrowView;
    /// An actor's balance of the escrowed asset.
    fn balance(&mut self, actor: Actor) -> u128;
    /// Total held in custody for all escrows created by this driver.
    fn custody(&mut self) -> u128;
    /// Width of the chain's token amounts in bits.
    fn amount_bits(&self) -> u32 {
        128
    }
    /// The events the last successful call produced on chain, read back through the ledger's
    /// decoders and put in the vectors' terms.
    fn events(&mut self) -> Result<Vec<Event>, String>;
}

/// Loads and validates every escrow vector.
pub fn load() -> Result<Vec<EscrowVector>, VectorError> {
    super::load("escrow")
}

impl super::Scenario for EscrowVector {
    fn name(&self) -> &str {
        &self.name
    }

    fn times(&self) -> Vec<Option<u64>> {
        self.steps.iter().map(|s| s.at).collect()
    }
}

/// Replays one vector through `driver`.
pub fn run<D: EscrowDriver>(
    chain: &str,
    vector: &EscrowVector,
    driver: &mut D,
) -> Result<(), VectorError> {
    walk(chain, vector, driver, StepEvents::Check)
}

/// The events `driver` reports for each step of `vector` (`None` for a check, or a call that
/// failed as expected), the outcomes checked but the vector's own events not: what a reference
/// model writes into the vector files.
pub fn record_events<D: EscrowDriver>(
    vector: &EscrowVector,
    driver: &mut D,
) -> Result<Vec<Option<Vec<Event>>>, VectorError> {
    let mut recorded = Vec::new();
    walk("record", vector, driver, StepEvents::Record(&mut recorded))?;
    Ok(recorded)
}

/// Replays `vector`, comparing each successful call's events with the vector's, or, with
/// `record`ing, collecting them instead.
fn walk<D: EscrowDriver>(
    chain: &str,
    vector: &EscrowVector,
    driver: &mut D,
    mut record: StepEvents<Event>,
) -> Result<(), VectorError> {
    let mut escrows: HashMap<String, D::Handle> = HashMap::new();
    let mut walk = super::Walker::new(chain, &vector.name);
    driver.set_time(0);
    for (i, step) in vector.steps.iter().enumerate() {
        let bits = driver.amount_bits();
        record.begin();
        if !walk.enter(i, step, bits, |t| driver.set_time(t)) {
            continue;
        }
        let mismatch = |message: String| walk.mismatch(i, step.action.name(), message);
        let handle = |label: &str, d: &mut D| match escrows.get(label) {
            Some(h) => h.clone(),
            None => d.missing_escrow(),
        };
        let (outcome, expect, events) = match &step.action {
            Action::Create {
                by,
                escrow,
                beneficiary,
                arbiter,
                milestones,
                deadline,
                expect,
                events,
            } => {
                let req = CreateRequest {
                    label: escrow.clone(),
                    beneficiary: *beneficiary,
                    arbiter: *arbiter,
                    milestones: milestones.iter().map(|a| a.0).collect(),
                    deadline_offset: *deadline,
                };
                let outcome = driver.create(*by, &req).map(|h| {
                    escrows.insert(escrow.clone(), h);
                });
                (outcome, expect, events)
            }
            Action::Release {
                by,
                escrow,
                milestone,
                expect,
                events,
            } => {
                let h = handle(escrow, driver);
                (driver.release(*by, &h, *milestone), expect, events)
            }
            Action::Refund {
                by,
                escrow,
                expect,
                events,
            } => {
                let h = handle(escrow, driver);
                (driver.refund(*by, &h), expect, events)
            }
            Action::Cancel {
                by,
                escrow,
                expect,
                events,
            } => {
                let h = handle(escrow, driver);
                (driver.cancel(*by, &h), expect, events)
            }
            Action::Check {
                escrow,
                status,
                released,
                next_milestone,
                balances,
                custody,
            } => {
                if let Some(label) = escrow {
                    let h = escrows
                        .get(label)
                        .cloned()
                        .ok_or_else(|| mismatch(format!("escrow `{label}` was never created")))?;
                    let view = driver.view(&h);
                    if let Some(s) = status {
                        if view.status != *s {
                            return Err(mismatch(format!(
                                "status {:?}, expected {s:?}",
                                view.status
                            )));
                        }
                    }
                    if let Some(r) = released {
                        if view.released != r.0 {
                            return Err(mismatch(format!(
                                "released {}, expected {r}",
                                view.released
                            )));
                        }
                    }
                    if let Some(n) = next_milestone {
                        if view.next_milestone != *n {
                            return Err(mismatch(format!(
                                "next milestone {}, expected {n}",
                                view.next_milestone
                            )));
                        }
                    }
                }
                for (actor, want) in balances {
                    let got = driver.balance(*actor);
                    if got != want.0 {
                        return Err(mismatch(format!(
                            "balance of {actor:?} is {got}, expected {want}"
                        )));
                    }
                }
                if let Some(want) = custody {
                    let got = driver.custody();
                    if got != want.0 {
                        return Err(mismatch(format!("custody is {got}, expected {want}")));
                    }
                }
                continue;
            }
        };
        let succeeded = outcome.is_ok();
        super::check_outcome(outcome, expect).map_err(mismatch)?;
        if !succeeded {
            continue;
        }
        record
            .succeeded(events.as_deref(), driver.events())
            .map_err(mismatch)?;
    }
    Ok(())
}

/// Runs every escrow vector on one chain, building a fresh driver for each,
/// and panics with every mismatch listed if any vector fails. Returns the
/// number of vectors run.
pub fn run_all<D: EscrowDriver>(chain: &str, mut make: impl FnMut(&EscrowVector) -> D) -> usize {
    super::run_suite(chain, "escrow", load(), |v| run(chain, v, &mut make(v)))
}
