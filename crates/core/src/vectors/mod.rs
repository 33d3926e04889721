//! Shared JSON test vectors (`tests/vectors/<capability>/*.json`).
//!
//! A vector is a chain-neutral scenario: named actors, their starting
//! balances, and a list of steps with the outcome each step must have. Every
//! chain's test suite loads all vectors of a capability and replays them
//! through a driver for that chain, so adding a vector needs no chain code.

pub mod channel;
pub mod channel_events;
pub mod escrow;
pub mod escrow_events;
pub mod payout;
pub mod payout_events;
pub mod token;
pub mod token_events;
#[cfg(feature = "walk")]
pub mod token_walk;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The folder holding the shared vectors of this checkout.
pub fn vectors_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// A participant of a scenario. Each chain maps actors to its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Funds the escrow.
    Depositor,
    /// Receives released milestones.
    Beneficiary,
    /// Optional third party that may release or refund early.
    Arbiter,
    /// Anyone else.
    Stranger,
}

impl Actor {
    /// Every actor, in a fixed order.
    pub const ALL: [Actor; 4] = [
        Actor::Depositor,
        Actor::Beneficiary,
        Actor::Arbiter,
        Actor::Stranger,
    ];
}

impl From<Actor> for usize {
    /// The actor's position in [`Actor::ALL`] (test harnesses keep one key per actor).
    fn from(a: Actor) -> usize {
        a as usize
    }
}

/// Why loading or replaying a vector failed.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a valid vector.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A step did not have its expected outcome on a chain.
    #[error("[{chain}] vector `{vector}` step {step} ({action}): {message}")]
    Mismatch {
        /// The chain (and asset variant) the vector ran on.
        chain: String,
        /// The vector's name.
        vector: String,
        /// Zero-based step index.
        step: usize,
        /// The step's action.
        action: String,
        /// What differed.
        message: String,
    },
}

/// How a step failed on a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure<E> {
    /// The contract rejected the step with a spec error.
    Spec(E),
    /// The step failed in a way that is not a spec error (a framework or runtime error); the
    /// text says what happened.
    Other(String),
}

/// One step of a scenario: when it happens and what it does. (Unknown keys are rejected by the
/// action type, which receives every key not named here; serde cannot deny them at this
/// flattened level.)
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step<A> {
    /// Seconds since the scenario started; never decreases. Omitted means "same time as the
    /// previous step".
    #[serde(default)]
    pub at: Option<u64>,
    /// Runs only on chains whose amounts are this many bits wide (64 on Solana, 128
    /// elsewhere); used for overflow edges. Omitted: every chain.
    #[serde(default)]
    pub amount_bits: Option<u32>,
    /// The action.
    #[serde(flatten)]
    pub action: A,
}

/// Expected outcome of a state-changing step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect<E> {
    /// The step succeeds.
    Ok,
    /// The step fails with this spec error.
    Error(E),
}

/// Compares a step's events with the vector's as multisets (the order within one transaction
/// is each chain's own): `Err` names what is missing and what is extra.
pub fn compare_events<E: PartialEq + Serialize>(want: &[E], got: &[E]) -> Result<(), String> {
    let mut extra: Vec<&E> = got.iter().collect();
    let mut missing = Vec::new();
    for w in want {
        match extra.iter().position(|g| *g == w) {
            Some(i) => {
                extra.remove(i);
            }
            None => missing.push(w),
        }
    }
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let json = |events: &[&E]| serde_json::to_string(events).unwrap_or_default();
    Err(format!(
        "events differ: missing {}, extra {}",
        json(&missing),
        json(&extra)
    ))
}

/// What a capability's walk does with the events of each call that succeeds: compare them with
/// the vector's (a chain's runner), or collect them, one entry per step (a reference model
/// writing the vector files).
pub(crate) enum StepEvents<'a, E> {
    /// Compare with the events the vector lists.
    Check,
    /// Collect: `None` for a step that is not a successful call.
    Record(&'a mut Vec<Option<Vec<E>>>),
}

impl<E: PartialEq + Serialize> StepEvents<'_, E> {
    /// A step begins: it takes its entry in a recording.
    pub(crate) fn begin(&mut self) {
        if let StepEvents::Record(r) = self {
            r.push(None);
        }
    }

    /// The step's call succeeded and the chain reported `got`; `listed` are the vector's.
    pub(crate) fn succeeded(
        &mut self,
        listed: Option<&[E]>,
        got: Result<Vec<E>, String>,
    ) -> Result<(), String> {
        let got = got?;
        match self {
            StepEvents::Record(r) => {
                *r.last_mut().expect("begun for this step") = Some(got);
                Ok(())
            }
            StepEvents::Check => {
                let want = listed.ok_or("the vector lists no events for this call")?;
                compare_events(want, &got)
            }
        }
    }
}

/// Walks a scenario's steps for a runner: keeps the chain clock in step with each `at`, skips
/// (visibly) steps written for another amount width, and builds mismatch errors naming the
/// chain, vector and step.
pub(crate) struct Walker<'a> {
    chain: &'a str,
    vector: &'a str,
    now: u64,
}

impl<'a> Walker<'a> {
    /// Starts a walk; the caller has set the chain clock to the scenario start.
    pub(crate) fn new(chain: &'a str, vector: &'a str) -> Self {
        Walker {
            chain,
            vector,
            now: 0,
        }
    }

    /// Enters step `i`: moves the clock if the step has a new `at` and returns whether the step
    /// runs on a chain whose amounts are `amount_bits` wide.
    pub(crate) fn enter<A>(
        &mut self,
        i: usize,
        step: &Step<A>,
        amount_bits: u32,
        mut set_time: impl FnMut(u64),
    ) -> bool {
        if let Some(at) = step.at {
            if at != self.now {
                self.now = at;
                set_time(at);
            }
        }
        match step.amount_bits {
            Some(bits) if bits != amount_bits => {
                eprintln!(
                    "[{}] {} step {i}: skipped, needs {bits}-bit amounts",
                    self.chain, self.vector
                );
                false
            }
            _ => true,
        }
    }

    /// A mismatch at step `i` (action `action`).
    pub(crate) fn mismatch(&self, i: usize, action: &str, message: String) -> VectorError {
        VectorError::Mismatch {
            chain: self.chain.to_owned(),
            vector: self.vector.to_owned(),
            step: i,
            action: action.to_owned(),
            message,
        }
    }
}

/// Compares a state-changing step's outcome with its expectation.
pub(crate) fn check_outcome<E: PartialEq + std::fmt::Debug>(
    outcome: Result<(), Failure<E>>,
    expect: &Expect<E>,
) -> Result<(), String> {
    match (outcome, expect) {
        (Ok(()), Expect::Ok) => Ok(()),
        (Err(Failure::Spec(got)), Expect::Error(want)) if got == *want => Ok(()),
        (got, want) => Err(format!("got {got:?}, expected {want:?}")),
    }
}

/// What the loader needs to know of a capability's scenario type.
pub trait Scenario: serde::de::DeserializeOwned {
    /// The scenario's name (must equal its file stem).
    fn name(&self) -> &str;
    /// The `at` of every step, in order.
    fn times(&self) -> Vec<Option<u64>>;
}

/// Loads and validates every vector of `tests/vectors/<capability>/`: names match file stems
/// and are unique, time never goes back, and there is at least one vector.
pub fn load<V: Scenario>(capability: &str) -> Result<Vec<V>, VectorError> {
    let files: Vec<(PathBuf, V)> = read_dir_json(capability)?;
    let mut names = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for (path, v) in files {
        let invalid = |message: String| VectorError::Invalid {
            path: path.clone(),
            message,
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != v.name() {
            return Err(invalid(format!(
                "name `{}` differs from file name",
                v.name()
            )));
        }
        if let Some(other) = names.insert(v.name().to_owned(), path.clone()) {
            return Err(invalid(format!("name also used by {}", other.display())));
        }
        let times = v.times();
        if times.is_empty() {
            return Err(invalid("no steps".into()));
        }
        let mut now = 0;
        for (i, at) in times.into_iter().enumerate() {
            if let Some(at) = at {
                if at < now {
                    return Err(invalid(format!("step {i}: time goes back ({at} < {now})")));
                }
                now = at;
            }
        }
        out.push(v);
    }
    if out.is_empty() {
        return Err(VectorError::Invalid {
            path: vectors_root().join(capability),
            message: "no vectors found".into(),
        });
    }
    Ok(out)
}

impl<E> From<E> for Failure<E> {
    fn from(e: E) -> Self {
        Failure::Spec(e)
    }
}

/// Reads every `*.json` file of `tests/vectors/<capability>/`, sorted by name.
pub fn read_dir_json<T: serde::de::DeserializeOwned>(
    capability: &str,
) -> Result<Vec<(PathBuf, T)>, VectorError> {
    let dir = vectors_root().join(capability);
    let entries = std::fs::read_dir(&dir).map_err(|source| VectorError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| VectorError::Io {
                path: path.clone(),
                source,
            })?;
            let value = serde_json::from_str(&text).map_err(|e| VectorError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Ok((path, value))
        })
        .collect()
}

/// Runs `run_one` for every vector, then panics listing every failure if there were any;
/// returns the number of vectors run. `what` names the capability in messages.
pub(crate) fn run_suite<V>(
    chain: &str,
    what: &str,
    vectors: Result<Vec<V>, VectorError>,
    mut run_one: impl FnMut(&V) -> Result<(), VectorError>,
) -> usize {
    let vectors = vectors.unwrap_or_else(|e| panic!("loading {what} vectors: {e}"));
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|v| run_one(v).err().map(|e| e.to_string()))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} {what} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    eprintln!("[{chain}] {} {what} vectors passed", vectors.len());
    vectors.len()
}
