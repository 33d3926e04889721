//! Payment-channel vectors (`tests/vectors/channel/*.json`): schema, loader and the
//! chain-neutral runner. Off-chain signing is a step too: the runner asks the driver to sign a
//! message with the chain's scheme and domain, and later steps submit it by label.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::channel_events::Event;
use super::{StepEvents, VectorError};
use crate::channel::ChannelError;
use crate::Amount;

/// A participant of a channel scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// Usually opens channels (party A).
    Alice,
    /// Usually the counterparty (party B).
    Bob,
    /// A third party: another channel's counterparty, or anyone.
    Carol,
}

impl Party {
    /// Every party, in a fixed order.
    pub const ALL: [Party; 3] = [Party::Alice, Party::Bob, Party::Carol];
}

impl From<Party> for usize {
    /// The party's position in [`Party::ALL`].
    fn from(p: Party) -> usize {
        p as usize
    }
}

/// Which message a sign step produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An ordinary state.
    State,
    /// The agreement to close now.
    Close,
}

/// A deliberate defect in a signed message, for the attack steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tamper {
    /// A correct signature.
    #[default]
    None,
    /// The same signature malleated to high `s` (secp256k1 chains only).
    HighS,
    /// Signed for another deployment of the channel contract or program.
    OtherDeployment,
    /// Signed for the same deployment on another network: another chain id (EVM, CosmWasm) or
    /// another genesis hash (Solana, ink!), as a state signed on a test network and replayed
    /// on the main one.
    OtherNetwork,
}

/// Lifecycle of a channel epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelStatus {
    /// Deposits and closes accepted.
    Open,
    /// A unilateral close is waiting out its challenge period.
    Closing,
    /// Paid out; may be opened again (next epoch).
    Settled,
}

/// One channel scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelVector {
    /// Unique name; also the file stem.
    pub name: String,
    /// What the scenario shows, for humans.
    pub description: String,
    /// Starting balances in the channel asset.
    #[serde(default)]
    pub balances: BTreeMap<Party, Amount>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One step of a channel scenario.
pub type Step = super::Step<Action>;

/// Expected outcome of a state-changing channel step.
pub type Expect = super::Expect<ChannelError>;

/// How a channel step failed on a chain.
pub type Failure = super::Failure<ChannelError>;

/// What a sign step asks the driver to sign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    /// The channel (label) the message names.
    pub channel: String,
    /// State or Close.
    pub kind: Kind,
    /// The epoch the message names; omitted: the channel's current epoch.
    #[serde(default)]
    pub epoch: Option<u64>,
    /// The nonce (ignored for Close).
    #[serde(default)]
    pub nonce: u64,
    /// Cumulative amount party A has paid B.
    pub sent_a: Amount,
    /// Cumulative amount party B has paid A.
    pub sent_b: Amount,
    /// Who signs as A and as B; omitted: the channel's parties.
    #[serde(default)]
    pub signers: Option<[Party; 2]>,
    /// A deliberate defect.
    #[serde(default)]
    pub tamper: Tamper,
}

/// A channel action, or a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `by` opens the channel labelled `channel` with `counterparty`, depositing `amount`.
    Open {
        /// The opener (party A).
        by: Party,
        /// Label of the channel (the pair and the asset).
        channel: String,
        /// Party B.
        counterparty: Party,
        /// First deposit.
        amount: Amount,
        /// Challenge period in seconds.
        period: u64,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// `by` tops up.
    Deposit {
        /// Who deposits.
        by: Party,
        /// The channel.
        channel: String,
        /// Amount.
        amount: Amount,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Off chain: sign a message and keep it under the label `message`.
    Sign {
        /// Label for later steps.
        message: String,
        /// What to sign.
        #[serde(flatten)]
        request: SignRequest,
    },
    /// Close now with a co-signed Close message.
    CloseCooperative {
        /// Who submits.
        by: Party,
        /// The channel.
        channel: String,
        /// The signed message's label.
        message: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Start a challenge period on a co-signed State.
    CloseUnilateral {
        /// Who submits (a party).
        by: Party,
        /// The channel.
        channel: String,
        /// The signed message's label.
        message: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Start a challenge period on the unsigned nonce-0 state (the timeout refund).
    CloseWithoutState {
        /// Who submits (a party).
        by: Party,
        /// The channel.
        channel: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Replace the recorded state with a newer co-signed State.
    Challenge {
        /// Who submits.
        by: Party,
        /// The channel.
        channel: String,
        /// The signed message's label.
        message: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Pay out the recorded state after the challenge period.
    Settle {
        /// Who submits.
        by: Party,
        /// The channel.
        channel: String,
        /// Expected outcome.
        expect: Expect,
        /// The events the call produces when it succeeds (`docs/spec/events.md`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        events: Option<Vec<Event>>,
    },
    /// Assert state; every present field is checked.
    Check {
        /// Channel whose state to check.
        #[serde(default)]
        channel: Option<String>,
        /// Expected status.
        #[serde(default)]
        status: Option<ChannelStatus>,
        /// Expected epoch.
        #[serde(default)]
        epoch: Option<u64>,
        /// Expected recorded nonce (while Closing).
        #[serde(default)]
        nonce: Option<u64>,
        /// Expected balances.
        #[serde(default)]
        balances: BTreeMap<Party, Amount>,
        /// Expected total in custody across the scenario's channels.
        #[serde(default)]
        custody: Option<Amount>,
    },
}

impl Action {
    /// The action's name as written in the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Open { .. } => "open",
            Action::Deposit { .. } => "deposit",
            Action::Sign { .. } => "sign",
            Action::CloseCooperative { .. } => "close_cooperative",
            Action::CloseUnilateral { .. } => "close_unilateral",
            Action::CloseWithoutState { .. } => "close_without_state",
            Action::Challenge { .. } => "challenge",
            Action::Settle { .. } => "settle",
            Action::Check { .. } => "check",
        }
    }
}

/// A channel as a chain reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelView {
    /// Lifecycle state.
    pub status: ChannelStatus,
    /// Current epoch.
    pub epoch: u64,
    /// Recorded nonce (0 unless Closing or Settled by a unilateral close).
    pub nonce: u64,
}

/// Drives one chain's channel implementation. A fresh driver is built for each vector with its
/// starting balances credited; the scenario clock starts at zero.
pub trait ChannelDriver {
    /// Moves the chain clock to `offset` seconds after the scenario start.
    fn set_time(&mut self, offset: u64);
    /// `open`.
    fn open(
        &mut self,
        by: Party,
        channel: &str,
        counterparty: Party,
        amount: u128,
        period: u64,
    ) -> Result<(), Failure>;
    /// `deposit`.
    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure>;
    /// Signs `request` with the chain's scheme and domain and keeps it as `message`.
    fn sign(&mut self, message: &str, request: &SignRequest);
    /// `close_cooperative` with the signed message `message`.
    fn close_cooperative(&mut self, by: Party, channel: &str, message: &str)
        -> Result<(), Failure>;
    /// `close_unilateral` with the signed message `message`.
    fn close_unilateral(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure>;
    /// `close_without_state`.
    fn close_without_state(&mut self, by: Party, channel: &str) -> Result<(), Failure>;
    /// `challenge` with the signed message `message`.
    fn challenge(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure>;
    /// `settle`.
    fn settle(&mut self, by: Party, channel: &str) -> Result<(), Failure>;
    /// The channel's state (`None` if never opened).
    fn view(&mut self, channel: &str) -> Option<ChannelView>;
    /// A party's balance of the asset.
    fn balance(&mut self, who: Party) -> u128;
    /// What the channel contract or program holds for the scenario's channels.
    fn custody(&mut self) -> u128;
    /// Whether the chain's scheme can express `tamper` (high `s` exists only for secp256k1).
    /// Steps using another are skipped, visibly.
    fn supports(&self, tamper: Tamper) -> bool {
        let _ = tamper;
        true
    }
    /// Width of the chain's amounts in bits.
    fn amount_bits(&self) -> u32 {
        128
    }
    /// The events the last successful call produced on chain, read back through the ledger's
    /// decoders and put in the vectors' terms.
    fn events(&mut self) -> Result<Vec<Event>, String>;
}

/// Loads and validates every channel vector.
pub fn load() -> Result<Vec<ChannelVector>, VectorError> {
    super::load("channel")
}

impl super::Scenario for ChannelVector {
    fn name(&self) -> &str {
        &self.name
    }

    fn times(&self) -> Vec<Option<u64>> {
        self.steps.iter().map(|s| s.at).collect()
    }
}

/// Replays one vector through `driver`.
pub fn run<D: ChannelDriver>(
    chain: &str,
    vector: &ChannelVector,
    driver: &mut D,
) -> Result<(), VectorError> {
    walk(chain, vector, driver, StepEvents::Check)
}

/// The events `driver` reports for each step of `vector` (`None` for a check, a signature, a
/// skipped step or a call that failed as expected), the outcomes checked but the vector's own
/// events not: what a reference model writes into the vector files.
pub fn record_events<D: ChannelDriver>(
    vector: &ChannelVector,
    driver: &mut D,
) -> Result<Vec<Option<Vec<Event>>>, VectorError> {
    let mut recorded = Vec::new();
    walk("record", vector, driver, StepEvents::Record(&mut recorded))?;
    Ok(recorded)
}

/// Replays `vector`, comparing each successful call's events with the vector's, or, with
/// `record`ing, collecting them instead.
fn walk<D: ChannelDriver>(
    chain: &str,
    vector: &ChannelVector,
    driver: &mut D,
    mut record: StepEvents<Event>,
) -> Result<(), VectorError> {
    let mut walk = super::Walker::new(chain, &vector.name);
    driver.set_time(0);
    // Messages whose tamper the chain cannot express; steps submitting them are skipped too.
    let mut unsupported = std::collections::BTreeSet::new();
    for (i, step) in vector.steps.iter().enumerate() {
        let bits = driver.amount_bits();
        record.begin();
        if !walk.enter(i, step, bits, |t| driver.set_time(t)) {
            continue;
        }
        let mismatch = |message: String| walk.mismatch(i, step.action.name(), message);
        let skipped = |message: &str| {
            let skip = unsupported.contains(message);
            if skip {
                eprintln!(
                    "[{chain}] {} step {i}: skipped, message `{message}` not expressible",
                    vector.name
                );
            }
            skip
        };
        let (outcome, expect, events) = match &step.action {
            Action::Open {
                by,
                channel,
                counterparty,
                amount,
                period,
                expect,
                events,
            } => (
                driver.open(*by, channel, *counterparty, amount.0, *period),
                expect,
                events,
            ),
            Action::Deposit {
                by,
                channel,
                amount,
                expect,
                events,
            } => (driver.deposit(*by, channel, amount.0), expect, events),
            Action::Sign { message, request } => {
                if driver.supports(request.tamper) {
                    driver.sign(message, request);
                } else {
                    eprintln!(
                        "[{chain}] {} step {i}: skipped, {:?} not expressible",
                        vector.name, request.tamper
                    );
                    unsupported.insert(message.clone());
                }
                continue;
            }
            Action::CloseCooperative {
                by,
                channel,
                message,
                expect,
                events,
            } => {
                if skipped(message) {
                    continue;
                }
                (
                    driver.close_cooperative(*by, channel, message),
                    expect,
                    events,
                )
            }
            Action::CloseUnilateral {
                by,
                channel,
                message,
                expect,
                events,
            } => {
                if skipped(message) {
                    continue;
                }
                (
                    driver.close_unilateral(*by, channel, message),
                    expect,
                    events,
                )
            }
            Action::CloseWithoutState {
                by,
                channel,
                expect,
                events,
            } => (driver.close_without_state(*by, channel), expect, events),
            Action::Challenge {
                by,
                channel,
                message,
                expect,
                events,
            } => {
                if skipped(message) {
                    continue;
                }
                (driver.challenge(*by, channel, message), expect, events)
            }
            Action::Settle {
                by,
                channel,
                expect,
                events,
            } => (driver.settle(*by, channel), expect, events),
            Action::Check {
                channel,
                status,
                epoch,
                nonce,
                balances,
                custody,
            } => {
                if let Some(label) = channel {
                    let view = driver.view(label);
                    let view =
                        view.ok_or_else(|| mismatch(format!("channel `{label}` not found")))?;
                    for (what, want, got) in
                        [("epoch", *epoch, view.epoch), ("nonce", *nonce, view.nonce)]
                    {
                        if let Some(want) = want {
                            if want != got {
                                return Err(mismatch(format!("{what} is {got}, expected {want}")));
                            }
                        }
                    }
                    if let Some(want) = status {
                        if *want != view.status {
                            return Err(mismatch(format!(
                                "status is {:?}, expected {want:?}",
                                view.status
                            )));
                        }
                    }
                }
                for (who, want) in balances {
                    let got = driver.balance(*who);
                    if got != want.0 {
                        return Err(mismatch(format!(
                            "balance of {who:?} is {got}, expected {want}"
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

/// Runs every channel vector on one chain, building a fresh driver for each; panics listing
/// every mismatch. Returns the number of vectors run.
pub fn run_all<D: ChannelDriver>(chain: &str, mut make: impl FnMut(&ChannelVector) -> D) -> usize {
    super::run_suite(chain, "channel", load(), |v| run(chain, v, &mut make(v)))
}
