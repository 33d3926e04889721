//! The events a payout step produces, in the vectors' terms (`docs/spec/events.md`): actors
//! instead of addresses, the scenario's labels instead of distribution ids or accounts, times as
//! scenario offsets. The asset (the scenario's only one) and a distribution's Merkle root (each
//! chain encodes its leaves differently, `docs/spec/payout.md`) are not repeated here.

use serde::{Deserialize, Serialize};

use super::payout::Actor;
use crate::Amount;

/// One normalized payout event, as a vector writes it. The serde tag is the spec's `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A batch of payments was sent.
    MultiSent {
        /// Who paid.
        payer: Actor,
        /// The number of payments.
        count: u32,
        /// Units sent in all.
        total: Amount,
    },
    /// A Merkle distribution was funded.
    DistributionCreated {
        /// The distribution's label.
        distribution: String,
        /// Units funded.
        total: Amount,
        /// Claims open, seconds since the scenario started.
        start: u64,
        /// Claims close, seconds since the scenario started.
        expiry: u64,
        /// Who receives the clawback.
        clawback_receiver: Actor,
    },
    /// A leaf was claimed.
    Claimed {
        /// The distribution's label.
        distribution: String,
        /// The leaf's index.
        index: u64,
        /// Who was paid.
        account: Actor,
        /// Units paid.
        amount: Amount,
    },
    /// The unclaimed remainder went to the clawback receiver.
    ClawedBack {
        /// The distribution's label.
        distribution: String,
        /// Who received it.
        receiver: Actor,
        /// Units clawed back.
        amount: Amount,
    },
}
