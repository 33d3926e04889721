//! The events a channel step produces, in the vectors' terms (`docs/spec/events.md`): parties
//! instead of addresses, the scenario's labels instead of channel ids or accounts, times as
//! scenario offsets. The asset, the scenario's only one, is not repeated here.

use serde::{Deserialize, Serialize};

use super::channel::Party;
use crate::Amount;

/// One normalized channel event, as a vector writes it. The serde tag is the spec's `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A channel was opened.
    ChannelOpened {
        /// The channel's label.
        channel: String,
        /// Its epoch (a reopened channel counts up).
        epoch: u64,
        /// Party A, who opened it.
        a: Party,
        /// Party B.
        b: Party,
        /// Units A deposited.
        amount: Amount,
        /// The challenge period, seconds.
        period: u64,
    },
    /// A party added to its deposit.
    ChannelDeposited {
        /// The channel's label.
        channel: String,
        /// The party.
        party: Party,
        /// Units added.
        amount: Amount,
        /// The channel's total deposit now.
        total: Amount,
    },
    /// The channel started closing on a state.
    ChannelClosing {
        /// The channel's label.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// The state's nonce.
        nonce: u64,
        /// End of the challenge period, seconds since the scenario started.
        deadline: u64,
        /// Who started closing.
        by: Party,
    },
    /// A newer state replaced the closing one.
    ChannelChallenged {
        /// The channel's label.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// The newer state's nonce.
        nonce: u64,
    },
    /// The channel paid both parties and closed.
    ChannelSettled {
        /// The channel's label.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// Units paid to A.
        balance_a: Amount,
        /// Units paid to B.
        balance_b: Amount,
    },
}
