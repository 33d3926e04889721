//! The events an escrow step produces, in the vectors' terms (`docs/spec/events.md`): actors
//! instead of addresses, the scenario's labels instead of escrow ids or accounts, times as
//! scenario offsets. A vector lists them for each call that succeeds; every chain's runner reads
//! its chain's events back through the ledger's decoders and the runner compares the two. The
//! escrowed asset is the scenario's only one, so the rows' `asset` is not repeated here.

use serde::{Deserialize, Serialize};

use super::Actor;
use crate::Amount;

/// One normalized escrow event, as a vector writes it. The serde tag is the spec's `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// An escrow was created and funded.
    EscrowCreated {
        /// The escrow's label.
        escrow: String,
        /// Who funded it.
        depositor: Actor,
        /// Who is paid on release.
        beneficiary: Actor,
        /// Who may release besides the depositor.
        arbiter: Option<Actor>,
        /// Units held.
        total: Amount,
        /// The deadline, seconds since the scenario started.
        deadline: u64,
        /// The milestone amounts.
        milestones: Vec<Amount>,
    },
    /// A milestone went to the beneficiary.
    MilestoneReleased {
        /// The escrow's label.
        escrow: String,
        /// The milestone, from 0.
        milestone: u32,
        /// Units paid.
        amount: Amount,
        /// Who released it.
        by: Actor,
    },
    /// The last milestone was released.
    EscrowCompleted {
        /// The escrow's label.
        escrow: String,
    },
    /// The unreleased remainder went back to the depositor.
    EscrowRefunded {
        /// The escrow's label.
        escrow: String,
        /// Units refunded.
        amount: Amount,
        /// Who asked for it.
        by: Actor,
    },
    /// The escrow was cancelled before any release.
    EscrowCancelled {
        /// The escrow's label.
        escrow: String,
        /// Units returned.
        amount: Amount,
    },
}
