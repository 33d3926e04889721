//! Token and whitelisting vectors (`tests/vectors/token/*.json`): schema, loader and the
//! chain-neutral runner. Each chain's driver deploys one token (with its registry) per vector;
//! the deployer is the [`Actor::Admin`] and holds no other role until a step grants it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::token_events::{self, Event, Observed};
use super::VectorError;
use crate::token::{TokenError, LEGAL_DOCUMENT};
use crate::Amount;

/// A participant of a token scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Deploys the token and its registry; the only admin at the start.
    Admin,
    /// Usually granted the issuer role.
    Issuer,
    /// Usually granted the compliance-agent and registry-agent roles.
    Agent,
    /// Usually granted the pauser role.
    Pauser,
    /// An investor.
    Alice,
    /// An investor.
    Bob,
    /// An investor.
    Carol,
    /// Someone who is never registered.
    Mallory,
}

impl Actor {
    /// Every actor, in a fixed order.
    pub const ALL: [Actor; 8] = [
        Actor::Admin,
        Actor::Issuer,
        Actor::Agent,
        Actor::Pauser,
        Actor::Alice,
        Actor::Bob,
        Actor::Carol,
        Actor::Mallory,
    ];
}

impl From<Actor> for usize {
    /// The actor's position in [`Actor::ALL`] (test harnesses keep one key per actor).
    fn from(a: Actor) -> usize {
        a as usize
    }
}

/// A role a step grants or revokes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Mints and redeems (token).
    Issuer,
    /// Freezes, sets rules and lock-ups, forces transfers, recovers (token).
    Agent,
    /// Pauses and unpauses (token).
    Pauser,
    /// Writes investor entries (registry).
    RegistryAgent,
}

/// An investor entry's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvestorStatus {
    /// May hold the token while the KYC is valid.
    Verified,
    /// Kept for audit; may not receive or send.
    Revoked,
}

/// One registry entry as a step writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Investor {
    /// The investor.
    pub investor: Actor,
    /// Its status.
    pub status: InvestorStatus,
    /// ISO 3166-1 numeric jurisdiction.
    pub jurisdiction: u16,
    /// KYC expiry, in seconds since the scenario started.
    pub kyc_expiry: u64,
}

/// The token's compliance rules (`docs/spec/whitelist.md`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// If non-empty, the only jurisdictions that may receive.
    #[serde(default)]
    pub allowed_jurisdictions: Vec<u16>,
    /// Jurisdictions that may not receive.
    #[serde(default)]
    pub blocked_jurisdictions: Vec<u16>,
    /// Largest number of holders; 0 = unlimited.
    #[serde(default)]
    pub max_holders: u32,
    /// Largest balance one address may reach by receiving; 0 = unlimited.
    #[serde(default)]
    pub max_balance: Amount,
    /// An expired KYC also blocks sending.
    #[serde(default)]
    pub expired_kyc_blocks_sending: bool,
}

/// 32 bytes (a document's hash), written in the JSON as 64 lower-case hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hash32(pub [u8; 32]);

impl std::fmt::Display for Hash32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::str::FromStr for Hash32 {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let digits = s.as_bytes();
        if digits.len() != 64 || !s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(format!("`{s}` is not 64 lower-case hex digits"));
        }
        let nibble = |c: u8| if c <= b'9' { c - b'0' } else { c - b'a' + 10 };
        let mut out = [0u8; 32];
        for (i, pair) in digits.chunks(2).enumerate() {
            out[i] = nibble(pair[0]) << 4 | nibble(pair[1]);
        }
        Ok(Hash32(out))
    }
}

impl Serialize for Hash32 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hash32 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A document as `document(name)` answers it (`docs/spec/token.md`, Documents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Its URI.
    pub uri: String,
    /// Its hash.
    pub hash: Hash32,
    /// Its last change, in seconds since the scenario started.
    pub last_modified: u64,
}

/// A state-changing call, as signed by a step's `by`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Op {
    /// Admin grants `role` to `account`.
    GrantRole {
        /// The role.
        role: Role,
        /// Who receives it.
        account: Actor,
    },
    /// Admin revokes `role` from `account`.
    RevokeRole {
        /// The role.
        role: Role,
        /// Who loses it.
        account: Actor,
    },
    /// Admin proposes a new admin (`None` cancels a proposal).
    ProposeAdmin {
        /// The proposed admin.
        new: Option<Actor>,
    },
    /// The proposed admin accepts.
    AcceptAdmin,
    /// Registry agent adds or updates entries.
    Register {
        /// The entries.
        entries: Vec<Investor>,
    },
    /// Registry agent removes entries.
    RemoveInvestors {
        /// The investors.
        investors: Vec<Actor>,
    },
    /// Compliance agent sets the token's rules.
    SetRules {
        /// The rules.
        rules: Rules,
    },
    /// Issuer mints.
    Mint {
        /// Recipient.
        to: Actor,
        /// Amount.
        amount: Amount,
    },
    /// Holder transfers.
    Transfer {
        /// Recipient.
        to: Actor,
        /// Amount.
        amount: Amount,
    },
    /// Holder approves a spender.
    Approve {
        /// Spender.
        spender: Actor,
        /// Allowance.
        amount: Amount,
    },
    /// Spender moves `from`'s tokens.
    TransferFrom {
        /// Owner.
        from: Actor,
        /// Recipient.
        to: Actor,
        /// Amount.
        amount: Amount,
    },
    /// Holder pays several recipients, all or nothing.
    BatchTransfer {
        /// `[recipient, amount]` legs.
        legs: Vec<(Actor, Amount)>,
    },
    /// Holder burns its own tokens.
    Burn {
        /// Amount.
        amount: Amount,
    },
    /// Issuer burns from a holder.
    Redeem {
        /// Holder.
        from: Actor,
        /// Amount.
        amount: Amount,
    },
    /// Compliance agent moves tokens, bypassing pause, freezes, lock-ups and compliance.
    ForcedTransfer {
        /// Source.
        from: Actor,
        /// Recipient.
        to: Actor,
        /// Amount.
        amount: Amount,
    },
    /// Compliance agent moves everything of `lost` to `new`.
    Recover {
        /// The lost wallet.
        lost: Actor,
        /// The investor's new wallet.
        new: Actor,
    },
    /// Compliance agent freezes or unfreezes a whole account.
    SetAccountFrozen {
        /// The account.
        account: Actor,
        /// Frozen or not.
        frozen: bool,
    },
    /// Compliance agent sets the frozen part of a balance.
    SetFrozenAmount {
        /// The account.
        account: Actor,
        /// The frozen amount.
        amount: Amount,
    },
    /// Compliance agent locks an account's sending until `until` (0 lifts it).
    SetLockup {
        /// The account.
        account: Actor,
        /// Seconds since the scenario started (0: no lock-up).
        until: u64,
    },
    /// Pauser pauses.
    Pause,
    /// Pauser unpauses.
    Unpause,
    /// Admin deactivates the token, irreversibly (it must be paused).
    Deactivate,
    /// Admin creates or replaces a document (`legal`: the metadata).
    SetDocument {
        /// The document's name.
        name: String,
        /// Its URI.
        uri: String,
        /// Its hash.
        hash: Hash32,
    },
    /// Admin removes a document.
    RemoveDocument {
        /// The document's name.
        name: String,
    },
}

impl Op {
    /// The action's name as written in the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Op::GrantRole { .. } => "grant_role",
            Op::RevokeRole { .. } => "revoke_role",
            Op::ProposeAdmin { .. } => "propose_admin",
            Op::AcceptAdmin => "accept_admin",
            Op::Register { .. } => "register",
            Op::RemoveInvestors { .. } => "remove_investors",
            Op::SetRules { .. } => "set_rules",
            Op::Mint { .. } => "mint",
            Op::Transfer { .. } => "transfer",
            Op::Approve { .. } => "approve",
            Op::TransferFrom { .. } => "transfer_from",
            Op::BatchTransfer { .. } => "batch_transfer",
            Op::Burn { .. } => "burn",
            Op::Redeem { .. } => "redeem",
            Op::ForcedTransfer { .. } => "forced_transfer",
            Op::Recover { .. } => "recover",
            Op::SetAccountFrozen { .. } => "set_account_frozen",
            Op::SetFrozenAmount { .. } => "set_frozen_amount",
            Op::SetLockup { .. } => "set_lockup",
            Op::Pause => "pause",
            Op::Unpause => "unpause",
            Op::Deactivate => "deactivate",
            Op::SetDocument { .. } => "set_document",
            Op::RemoveDocument { .. } => "remove_document",
        }
    }
}

/// How a token step failed on a chain.
pub type Failure = super::Failure<TokenError>;

/// Expected outcome of a state-changing token step (or of a `can_transfer` dry run).
pub type Expect = super::Expect<TokenError>;

/// One token scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenVector {
    /// Unique name; also the file stem.
    pub name: String,
    /// What the scenario shows, for humans.
    pub description: String,
    /// The token's supply cap.
    pub cap: Amount,
    /// The steps, run in order.
    pub steps: Vec<Step>,
}

/// One step of a token scenario.
pub type Step = super::Step<Action>;

/// A step: a call signed by `by` with its expected outcome, a dry run, or a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// `can_transfer(from, to, amount)` must give `expect`.
    CanTransfer {
        /// Sender.
        from: Actor,
        /// Recipient.
        to: Actor,
        /// Amount.
        amount: Amount,
        /// `"ok"` (code 0) or the code's name.
        expect: Expect,
        /// On chains whose token standard accepts zero-amount transfers, the expectation
        /// instead of `expect` (see [`ZeroAmountTransfers`]).
        #[serde(default)]
        expect_zero_accepted: Option<Expect>,
    },
    /// Asserts state; every present field is checked.
    Check {
        /// Expected balances.
        #[serde(default)]
        balances: BTreeMap<Actor, Amount>,
        /// Expected frozen amounts.
        #[serde(default)]
        frozen: BTreeMap<Actor, Amount>,
        /// Expected total supply.
        #[serde(default)]
        supply: Option<Amount>,
        /// Expected number of holders.
        #[serde(default)]
        holders: Option<u32>,
        /// Expected documents by name (`null`: the token has no such document).
        #[serde(default)]
        documents: BTreeMap<String, Option<Document>>,
        /// Expected document names, in any order (`legal` included).
        #[serde(default)]
        document_names: Option<Vec<String>>,
    },
    /// Any state-changing call (see [`Op`]).
    #[serde(untagged)]
    Call(Call),
}

/// A state-changing call with its signer and expected outcome.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Call {
    /// Who signs.
    pub by: Actor,
    /// Expected outcome.
    pub expect: Expect,
    /// On chains whose token standard accepts zero-amount transfers, the expected outcome
    /// instead of `expect` (see [`ZeroAmountTransfers`]).
    #[serde(default)]
    pub expect_zero_accepted: Option<Expect>,
    /// The events the call produces when it succeeds (`docs/spec/events.md`), each change
    /// once; required on every call some chain accepts.
    #[serde(default)]
    pub events: Option<Vec<Event>>,
    /// The call.
    #[serde(flatten)]
    pub op: Op,
}

/// What a chain's token standard says of a transfer of zero (`transfer`, `transfer_from`, a
/// batch leg and `can_transfer`; mint, burn, redemption, forced transfer and recovery refuse
/// zero everywhere). The spec follows each standard (`docs/spec/token.md`, Chain differences).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZeroAmountTransfers {
    /// A normal transfer that moves nothing: every other check applies (EIP-20, SPL Token,
    /// PSP22).
    Accepted,
    /// Refused with `ZeroAmount` (cw20-base).
    Refused,
}

impl ZeroAmountTransfers {
    /// The expectation that applies on a chain with this rule.
    pub fn pick<'a>(self, expect: &'a Expect, if_accepted: Option<&'a Expect>) -> &'a Expect {
        match (self, if_accepted) {
            (ZeroAmountTransfers::Accepted, Some(e)) => e,
            _ => expect,
        }
    }
}

impl Action {
    /// The action's name as written in the JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Action::CanTransfer { .. } => "can_transfer",
            Action::Check { .. } => "check",
            Action::Call(c) => c.op.name(),
        }
    }
}

/// Drives one chain's token implementation. A fresh driver is built for each vector: a token
/// with the vector's cap and default rules, deployed by [`Actor::Admin`], with its registry
/// (also administered by [`Actor::Admin`]); the scenario clock starts at zero.
pub trait TokenDriver {
    /// Moves the chain clock to `offset` seconds after the scenario start.
    fn set_time(&mut self, offset: u64);
    /// Sends `op` signed by `by`. Times in `op` are offsets from the scenario start.
    fn call(&mut self, by: Actor, op: &Op) -> Result<(), Failure>;
    /// The events the last successful [`call`](TokenDriver::call) produced on chain, read the
    /// way the ledger reads them and put in the vectors' terms (times as scenario offsets);
    /// `Err` for a row that has no such terms (one that did not decode, or names a stranger).
    fn events(&mut self) -> Result<Vec<Event>, String>;
    /// `can_transfer(from, to, amount)`: 0 or a spec code.
    fn can_transfer(&mut self, from: Actor, to: Actor, amount: u128) -> u16;
    /// A balance.
    fn balance(&mut self, a: Actor) -> u128;
    /// A frozen amount.
    fn frozen_amount(&mut self, a: Actor) -> u128;
    /// Total supply.
    fn supply(&mut self) -> u128;
    /// Number of holders.
    fn holders(&mut self) -> u32;
    /// `document(name)`: `None` when the chain answers `DocumentNotFound`; the time as an
    /// offset from the scenario start.
    fn document(&mut self, name: &str) -> Option<Document>;
    /// `document_names()`, in the chain's order.
    fn document_names(&mut self) -> Vec<String>;
    /// Width of the chain's token amounts in bits.
    fn amount_bits(&self) -> u32 {
        128
    }
    /// What the chain's token standard says of a transfer of zero.
    fn zero_amount_transfers(&self) -> ZeroAmountTransfers;
}

/// Loads and validates every token vector.
pub fn load() -> Result<Vec<TokenVector>, VectorError> {
    super::load("token")
}

impl super::Scenario for TokenVector {
    fn name(&self) -> &str {
        &self.name
    }

    fn times(&self) -> Vec<Option<u64>> {
        self.steps.iter().map(|s| s.at).collect()
    }
}

/// Replays one vector through `driver`.
pub fn run<D: TokenDriver>(
    chain: &str,
    vector: &TokenVector,
    driver: &mut D,
) -> Result<(), VectorError> {
    let mut walk = super::Walker::new(chain, &vector.name);
    let mut observed = Observed::default();
    let zero_rule = driver.zero_amount_transfers();
    driver.set_time(0);
    for (i, step) in vector.steps.iter().enumerate() {
        let bits = driver.amount_bits();
        if !walk.enter(i, step, bits, |t| driver.set_time(t)) {
            continue;
        }
        let mismatch = |message: String| walk.mismatch(i, step.action.name(), message);
        match &step.action {
            Action::Call(call) => {
                let expect = zero_rule.pick(&call.expect, call.expect_zero_accepted.as_ref());
                let outcome = driver.call(call.by, &call.op);
                let succeeded = outcome.is_ok();
                super::check_outcome(outcome, expect).map_err(mismatch)?;
                if succeeded {
                    let want = call.events.as_deref().ok_or_else(|| {
                        mismatch("the vector lists no events for this call".into())
                    })?;
                    let got = observed.changes(driver.events().map_err(mismatch)?);
                    token_events::compare(want, &got).map_err(mismatch)?;
                }
            }
            Action::CanTransfer {
                from,
                to,
                amount,
                expect,
                expect_zero_accepted,
            } => {
                let expect = zero_rule.pick(expect, expect_zero_accepted.as_ref());
                let got = driver.can_transfer(*from, *to, amount.0);
                let want = match expect {
                    Expect::Ok => 0,
                    Expect::Error(e) => e.code(),
                };
                if got != want {
                    return Err(mismatch(format!(
                        "can_transfer gave {got} ({:?}), expected {want} ({expect:?})",
                        TokenError::from_code(got)
                    )));
                }
            }
            Action::Check {
                balances,
                frozen,
                supply,
                holders,
                documents,
                document_names,
            } => {
                for (actor, want) in balances {
                    let got = driver.balance(*actor);
                    if got != want.0 {
                        return Err(mismatch(format!(
                            "balance of {actor:?} is {got}, expected {want}"
                        )));
                    }
                }
                for (actor, want) in frozen {
                    let got = driver.frozen_amount(*actor);
                    if got != want.0 {
                        return Err(mismatch(format!(
                            "frozen amount of {actor:?} is {got}, expected {want}"
                        )));
                    }
                }
                if let Some(want) = supply {
                    let got = driver.supply();
                    if got != want.0 {
                        return Err(mismatch(format!("supply is {got}, expected {want}")));
                    }
                }
                if let Some(want) = holders {
                    let got = driver.holders();
                    if got != *want {
                        return Err(mismatch(format!("holders are {got}, expected {want}")));
                    }
                }
                for (name, want) in documents {
                    let got = driver.document(name);
                    if got != *want {
                        return Err(mismatch(format!(
                            "document `{name}` is {got:?}, expected {want:?}"
                        )));
                    }
                }
                if let Some(want) = document_names {
                    let mut got = driver.document_names();
                    if got.first().map(String::as_str) != Some(LEGAL_DOCUMENT) {
                        return Err(mismatch(format!(
                            "document names {got:?} do not start with `legal`"
                        )));
                    }
                    got.sort();
                    let mut want = want.clone();
                    want.sort();
                    if got != want {
                        return Err(mismatch(format!(
                            "document names are {got:?}, expected {want:?}"
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Runs every token vector on one chain, building a fresh driver for each, and panics listing
/// every mismatch if any fails. Returns the number of vectors run.
pub fn run_all<D: TokenDriver>(chain: &str, mut make: impl FnMut(&TokenVector) -> D) -> usize {
    super::run_suite(chain, "token", load(), |v| run(chain, v, &mut make(v)))
}
