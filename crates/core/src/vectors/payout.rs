//! Payout vectors (`tests/vectors/payout/*.json`): schema, loader and the chain-neutral runner.
//!
//! Distributions list their claims in the vector; each chain's driver builds the Merkle tree with
//! its own leaf encoding (see `docs/spec/payout.md`), so the same scenario exercises every
//! chain's binding of leaves to chain, contract and distribution.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use serde::{Deserialize, Serialize};

use super::payout_events::Event;
use super::{StepEvents, VectorError};
use crate::payout::PayoutError;
use crate::Amount;

/// A participant of a payout scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Pays batches and funds distributions.
    Funder,
    /// A recipient.
    Alice,
    /// A recipient.
    Bob,
    /// A recipient.
    Carol,
    /// Submits claims for others; never receives anything.
    Relayer,
    /// The clawback receiver.
    Treasury,
}

impl Actor {
    /// Every actor, in a fixed order.
    pub const ALL: [Actor; 6] = [
        Actor::Funder,
        Actor::Alice,
        Actor::Bob,
        Actor::Carol,
        Actor::Relayer,
        Actor::Treasury,
    ];
}

impl From<Actor> for usize {
    /// The actor's position in [`Actor::ALL`] (test harnesses keep one key per actor).
    fn from(a: Actor) -> usize {
        a as usize
    }
}

/// How a payout step failed on a chain.
pub type Failure = super::Failure<PayoutError>;

/// One payout scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayoutVector {
    /// Unique name; also the file stem.
    pub name: String,
    /// What the scenario shows, for humans.
    pub description: String,
    /// Starting balances in the paid asset; absent actors start at zero.
    #[serde(default)]
    pub balances: BTreeMap<Actor, Amount>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One step of a payout scenario.
pub type Step = super::Step<Action>;

/// Expected outcome of a state-changing payout step.
pub type Expect = super::Expect<PayoutError>;

/// A payout action, or a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Direct multi-send from `by`.
    Multisend {
        /// The payer.
        by: Actor,
        /// `[recipient, amount]` pairs, in order.
        legs: Vec<(Actor, Amount)>,
        /// The total the payer declares.
        declared_total: Amount,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Creates and funds a Merkle distribution over `claims` (leaf `i` is `claims[i]`).
    CreateDistribution {
        /// The funder.
        by: Actor,
        /// Label the scenario uses for this distribution.
        distribution: String,
        /// `[account, amount]` per leaf.
        claims: Vec<(Actor, Amount)>,
        /// Amount funded (may differ from the sum of claims).
        funded: Amount,
        /// Start, in seconds since the scenario started.
        start: u64,
        /// Expiry, in seconds since the scenario started.
        expiry: u64,
        /// Clawback receiver.
        clawback_to: Actor,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Claims leaf `index`, submitted by `by`. The optional fields tamper with the claim.
    Claim {
        /// Who submits the claim.
        by: Actor,
        /// Distribution label (an unknown label means a never-created distribution).
        distribution: String,
        /// Leaf index claimed.
        index: u32,
        /// Claim for this account instead of the leaf's.
        #[serde(default)]
        account: Option<Actor>,
        /// Claim this amount instead of the leaf's.
        #[serde(default)]
        amount: Option<Amount>,
        /// Submit the proof of this leaf instead.
        #[serde(default)]
        proof_of: Option<u32>,
        /// Take leaf values and proof from this distribution's tree instead.
        #[serde(default)]
        proof_from: Option<String>,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Sends the unclaimed remainder to the clawback receiver.
    Clawback {
        /// Who calls it.
        by: Actor,
        /// Distribution label.
        distribution: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Asserts state; every present field is checked.
    Check {
        /// Expected balances.
        #[serde(default)]
        balances: BTreeMap<Actor, Amount>,
        /// Expected custody held by the payout contracts for all distributions.
        #[serde(default)]
        custody: Option<Amount>,
        /// Distribution whose state the next fields check.
        #[serde(default)]
        distribution: Option<String>,
        /// Expected total claimed from `distribution`.
        #[serde(default)]
        claimed: Option<Amount>,
        /// Leaf indices that must be marked claimed in `distribution`.
        #[serde(default)]
        claimed_indices: Vec<u32>,
        /// Leaf indices that must not be marked claimed in `distribution`.
        #[serde(default)]
        unclaimed_indices: Vec<u32>,
    },
}

impl Action {
    /// The action's name as written in the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Multisend { .. } => "multisend",
            Action::CreateDistribution { .. } => "create_distribution",
            Action::Claim { .. } => "claim",
            Action::Clawback { .. } => "clawback",
            Action::Check { .. } => "check",
        }
    }
}

/// A distribution as the runner asks a driver to create it.
#[derive(Clone, Debug)]
pub struct DistributionRequest {
    /// The scenario's label for the distribution (what the vectors' events call it).
    pub label: String,
    /// `(account, amount)` per leaf.
    pub claims: Vec<(Actor, u128)>,
    /// Amount funded.
    pub funded: u128,
    /// Start offset in seconds.
    pub start: u64,
    /// Expiry offset in seconds.
    pub expiry: u64,
    /// Clawback receiver.
    pub clawback_to: Actor,
}

/// A claim as the runner asks a driver to submit it. The leaf values and proof come from
/// `source`'s tree; the claim is submitted to `target`.
#[derive(Clone, Debug)]
pub struct ClaimRequest<D> {
    /// Distribution the claim is submitted to.
    pub target: D,
    /// Distribution whose tree supplies the proof (normally `target`).
    pub source: D,
    /// Leaf index claimed.
    pub index: u32,
    /// Account in the submitted claim.
    pub account: Actor,
    /// Amount in the submitted claim.
    pub amount: u128,
    /// Index of the leaf whose proof is submitted (normally `index`).
    pub proof_of: u32,
}

/// Drives one chain's payout implementation. A fresh driver is built for each vector with the
/// vector's starting balances credited; the scenario clock starts at zero.
pub trait PayoutDriver {
    /// The chain's handle for one distribution, including whatever it needs to prove claims.
    type Distribution: Clone + Debug;

    /// Moves the chain clock to `offset` seconds after the scenario start.
    fn set_time(&mut self, offset: u64);
    /// Direct multi-send.
    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure>;
    /// Creates and funds a distribution.
    fn create_distribution(
        &mut self,
        by: Actor,
        req: &DistributionRequest,
    ) -> Result<Self::Distribution, Failure>;
    /// Submits a claim.
    fn claim(&mut self, by: Actor, req: &ClaimRequest<Self::Distribution>) -> Result<(), Failure>;
    /// Claws back.
    fn clawback(&mut self, by: Actor, d: &Self::Distribution) -> Result<(), Failure>;
    /// A handle naming no distribution on this chain (with the claims it should pretend to have).
    fn missing_distribution(&mut self, claims: &[(Actor, u128)]) -> Self::Distribution;
    /// An actor's balance of the paid asset.
    fn balance(&mut self, actor: Actor) -> u128;
    /// Total held by the payout contracts.
    fn custody(&mut self) -> u128;
    /// Total claimed from a distribution.
    fn claimed(&mut self, d: &Self::Distribution) -> u128;
    /// Whether leaf `index` is marked claimed.
    fn is_claimed(&mut self, d: &Self::Distribution, index: u32) -> bool;
    /// Width of the chain's token amounts in bits.
    fn amount_bits(&self) -> u32 {
        128
    }
    /// The events the last successful call produced on chain, read back through the ledger's
    /// decoders and put in the vectors' terms.
    fn events(&mut self) -> Result<Vec<Event>, String>;
}

/// Loads and validates every payout vector.
pub fn load() -> Result<Vec<PayoutVector>, VectorError> {
    super::load("payout")
}

impl super::Scenario for PayoutVector {
    fn name(&self) -> &str {
        &self.name
    }

    fn times(&self) -> Vec<Option<u64>> {
        self.steps.iter().map(|s| s.at).collect()
    }
}

/// A created distribution and the `(account, amount)` claims its tree was built over.
type Created<D> = (D, Vec<(Actor, u128)>);

/// Replays one vector through `driver`.
pub fn run<D: PayoutDriver>(
    chain: &str,
    vector: &PayoutVector,
    driver: &mut D,
) -> Result<(), VectorError> {
    walk(chain, vector, driver, StepEvents::Check)
}

/// The events `driver` reports for each step of `vector` (`None` for a check, or a call that
/// failed as expected), the outcomes checked but the vector's own events not: what a reference
/// model writes into the vector files.
pub fn record_events<D: PayoutDriver>(
    vector: &PayoutVector,
    driver: &mut D,
) -> Result<Vec<Option<Vec<Event>>>, VectorError> {
    let mut recorded = Vec::new();
    walk("record", vector, driver, StepEvents::Record(&mut recorded))?;
    Ok(recorded)
}

/// Replays `vector`, comparing each successful call's events with the vector's, or, with
/// `record`ing, collecting them instead.
fn walk<D: PayoutDriver>(
    chain: &str,
    vector: &PayoutVector,
    driver: &mut D,
    mut record: StepEvents<Event>,
) -> Result<(), VectorError> {
    // Each created distribution with the claims it was built over.
    let mut dists: HashMap<String, Created<D::Distribution>> = HashMap::new();
    let mut walk = super::Walker::new(chain, &vector.name);
    driver.set_time(0);
    for (i, step) in vector.steps.iter().enumerate() {
        let bits = driver.amount_bits();
        record.begin();
        if !walk.enter(i, step, bits, |t| driver.set_time(t)) {
            continue;
        }
        let mismatch = |message: String| walk.mismatch(i, step.action.name(), message);
        let (outcome, expect, events) = match &step.action {
            Action::Multisend {
                by,
                legs,
                declared_total,
                expect,
                events,
            } => {
                let legs: Vec<(Actor, u128)> = legs.iter().map(|(a, m)| (*a, m.0)).collect();
                (
                    driver.multisend(*by, &legs, declared_total.0),
                    expect,
                    events,
                )
            }
            Action::CreateDistribution {
                by,
                distribution,
                claims,
                funded,
                start,
                expiry,
                clawback_to,
                expect,
                events,
            } => {
                let claims: Vec<(Actor, u128)> = claims.iter().map(|(a, m)| (*a, m.0)).collect();
                let req = DistributionRequest {
                    label: distribution.clone(),
                    claims: claims.clone(),
                    funded: funded.0,
                    start: *start,
                    expiry: *expiry,
                    clawback_to: *clawback_to,
                };
                let outcome = driver.create_distribution(*by, &req).map(|d| {
                    dists.insert(distribution.clone(), (d, claims));
                });
                (outcome, expect, events)
            }
            Action::Claim {
                by,
                distribution,
                index,
                account,
                amount,
                proof_of,
                proof_from,
                expect,
                events,
            } => {
                let source_label = proof_from.as_ref().unwrap_or(distribution);
                let (source, claims) = dists.get(source_label).cloned().ok_or_else(|| {
                    mismatch(format!("distribution `{source_label}` was never created"))
                })?;
                let target = match dists.get(distribution) {
                    Some((d, _)) => d.clone(),
                    None => driver.missing_distribution(&claims),
                };
                let (leaf_account, leaf_amount) = *claims
                    .get(*index as usize)
                    .ok_or_else(|| mismatch(format!("no leaf {index}")))?;
                let req = ClaimRequest {
                    target,
                    source,
                    index: *index,
                    account: account.unwrap_or(leaf_account),
                    amount: amount.map_or(leaf_amount, |a| a.0),
                    proof_of: proof_of.unwrap_or(*index),
                };
                (driver.claim(*by, &req), expect, events)
            }
            Action::Clawback {
                by,
                distribution,
                expect,
                events,
            } => {
                let d = match dists.get(distribution) {
                    Some((d, _)) => d.clone(),
                    None => driver.missing_distribution(&[]),
                };
                (driver.clawback(*by, &d), expect, events)
            }
            Action::Check {
                balances,
                custody,
                distribution,
                claimed,
                claimed_indices,
                unclaimed_indices,
            } => {
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
                if let Some(label) = distribution {
                    let (d, _) = dists.get(label).cloned().ok_or_else(|| {
                        mismatch(format!("distribution `{label}` was never created"))
                    })?;
                    if let Some(want) = claimed {
                        let got = driver.claimed(&d);
                        if got != want.0 {
                            return Err(mismatch(format!("claimed {got}, expected {want}")));
                        }
                    }
                    for ix in claimed_indices {
                        if !driver.is_claimed(&d, *ix) {
                            return Err(mismatch(format!("leaf {ix} not marked claimed")));
                        }
                    }
                    for ix in unclaimed_indices {
                        if driver.is_claimed(&d, *ix) {
                            return Err(mismatch(format!("leaf {ix} marked claimed")));
                        }
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

/// Runs every payout vector on one chain, building a fresh driver for each, and panics listing
/// every mismatch if any fails. Returns the number of vectors run.
pub fn run_all<D: PayoutDriver>(chain: &str, mut make: impl FnMut(&PayoutVector) -> D) -> usize {
    super::run_suite(chain, "payout", load(), |v| run(chain, v, &mut make(v)))
}
