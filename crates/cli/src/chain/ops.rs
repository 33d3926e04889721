//! The operations a command asks of a target: changes ([`Op`]) and reads ([`Query`]), as
//! parsed from the command line, with times relative to the chain's clock resolved when they
//! run.

use serde::{Deserialize, Serialize};
use tokenrail_core::Amount;
use tokenrail_sdk::channel::Kind;

use crate::error::BadInput;

/// A time in an operation: Unix seconds, or (only before it runs) seconds from the chain's
/// clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum When {
    /// Unix seconds.
    At(u64),
    /// Seconds after the chain's clock when the operation runs.
    After {
        /// Seconds.
        after: u64,
    },
}

impl When {
    /// The time in Unix seconds, against the chain's clock `now`.
    pub fn at(self, now: u64) -> u64 {
        match self {
            When::At(t) => t,
            When::After { after } => now.saturating_add(after),
        }
    }
}

/// An operation that changes a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Op {
    /// Deploys the contracts.
    Deploy,
    /// Issues the asset token and its registry.
    Issue {
        /// Development account that receives every role.
        issuer: String,
        /// Token name.
        name: String,
        /// Token symbol.
        symbol: String,
        /// Decimals.
        decimals: u8,
        /// Supply cap in base units.
        cap: Amount,
        /// Legal documents' URI.
        uri: String,
        /// SHA-256 of the legal document, hex.
        legal_document_hash: String,
    },
    /// Registers or updates a verified investor.
    Register {
        /// Registry agent.
        by: String,
        /// Investor (name or address).
        investor: String,
        /// ISO 3166-1 numeric jurisdiction.
        jurisdiction: u16,
        /// When the KYC expires.
        kyc_expiry: When,
    },
    /// Mints to an investor.
    Mint {
        by: String,
        to: String,
        amount: Amount,
    },
    /// A holder's transfer.
    Transfer {
        by: String,
        to: String,
        amount: Amount,
    },
    /// Freezes or unfreezes an account.
    Freeze {
        by: String,
        account: String,
        frozen: bool,
    },
    /// Pauses or unpauses the token.
    Pause { by: String, paused: bool },
    /// Deactivates the token, for good.
    Deactivate { by: String },
    /// Creates or replaces a document (`legal`: the metadata).
    SetDocument {
        by: String,
        name: String,
        uri: String,
        /// The document's SHA-256, as typed (64 hex digits).
        hash: String,
    },
    /// Removes a document.
    RemoveDocument { by: String, name: String },
    /// A compliance agent's forced transfer.
    ForcedTransfer {
        by: String,
        from: String,
        to: String,
        amount: Amount,
    },
    /// Creates and funds an escrow.
    EscrowCreate {
        by: String,
        beneficiary: String,
        arbiter: Option<String>,
        milestones: Vec<Amount>,
        deadline: When,
    },
    /// Releases a milestone.
    EscrowRelease {
        by: String,
        escrow: usize,
        milestone: u32,
    },
    /// Refunds an escrow.
    EscrowRefund { by: String, escrow: usize },
    /// Cancels an escrow.
    EscrowCancel { by: String, escrow: usize },
    /// A multi-send.
    PayoutSend {
        by: String,
        legs: Vec<(String, Amount)>,
    },
    /// Creates and funds a Merkle distribution.
    PayoutDistribute {
        by: String,
        claims: Vec<(String, Amount)>,
        start: When,
        expiry: When,
        clawback_to: String,
    },
    /// Submits a claim.
    PayoutClaim {
        by: String,
        distribution: usize,
        index: u32,
    },
    /// Claws a distribution back.
    PayoutClawback { by: String, distribution: usize },
    /// Opens a channel.
    ChannelOpen {
        by: String,
        counterparty: String,
        amount: Amount,
        period: u64,
    },
    /// Tops a channel up.
    ChannelDeposit {
        by: String,
        channel: usize,
        amount: Amount,
    },
    /// Closes with a message both signed: a Close at once, a State with a challenge period.
    ChannelClose {
        by: String,
        channel: usize,
        message: Box<crate::message::MessageFile>,
    },
    /// Closes on no state (the timeout refund).
    ChannelCloseWithoutState { by: String, channel: usize },
    /// Challenges with a newer State.
    ChannelChallenge {
        by: String,
        channel: usize,
        message: Box<crate::message::MessageFile>,
    },
    /// Settles after the challenge period.
    ChannelSettle { by: String, channel: usize },
    /// Moves every clock forward.
    Advance { seconds: u64 },
}

impl Op {
    /// Has `name` sign the operation (an endpoint's one key signs everything).
    pub fn sign_as(&mut self, name: &str) {
        match self {
            Op::Deploy | Op::Advance { .. } => {}
            Op::Issue { issuer, .. } => *issuer = name.into(),
            Op::Register { by, .. }
            | Op::Mint { by, .. }
            | Op::Transfer { by, .. }
            | Op::Freeze { by, .. }
            | Op::Pause { by, .. }
            | Op::Deactivate { by }
            | Op::SetDocument { by, .. }
            | Op::RemoveDocument { by, .. }
            | Op::ForcedTransfer { by, .. }
            | Op::EscrowCreate { by, .. }
            | Op::EscrowRelease { by, .. }
            | Op::EscrowRefund { by, .. }
            | Op::EscrowCancel { by, .. }
            | Op::PayoutSend { by, .. }
            | Op::PayoutDistribute { by, .. }
            | Op::PayoutClaim { by, .. }
            | Op::PayoutClawback { by, .. }
            | Op::ChannelOpen { by, .. }
            | Op::ChannelDeposit { by, .. }
            | Op::ChannelClose { by, .. }
            | Op::ChannelCloseWithoutState { by, .. }
            | Op::ChannelChallenge { by, .. }
            | Op::ChannelSettle { by, .. } => *by = name.into(),
        }
    }

    /// Makes every relative time absolute against `now`.
    pub fn resolve(&mut self, now: u64) {
        let fix = |w: &mut When| *w = When::At(w.at(now));
        match self {
            Op::Register { kyc_expiry, .. } => fix(kyc_expiry),
            Op::EscrowCreate { deadline, .. } => fix(deadline),
            Op::PayoutDistribute { start, expiry, .. } => {
                fix(start);
                fix(expiry);
            }
            _ => {}
        }
    }
}

/// A read-only request.
#[derive(Clone, Debug)]
pub enum Query {
    /// The development accounts and their addresses.
    Accounts,
    /// The contracts and the clock.
    Info,
    /// A balance in the token or the payment token of a capability.
    Balance { account: String, of: Asset },
    /// `can_transfer`.
    CanTransfer {
        from: String,
        to: String,
        amount: u128,
    },
    /// One document.
    Document { name: String },
    /// Every document.
    Documents,
    /// One escrow.
    Escrow { escrow: usize },
    /// One channel.
    Channel { channel: usize },
    /// Signs a channel message off chain as `by`: a new one from the fields, or `existing`.
    ChannelSign {
        by: String,
        channel: usize,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
        existing: Option<Box<crate::message::MessageFile>>,
    },
}

/// Which asset a balance is asked in: the asset token, or the payment token the escrow, payout
/// or channel contract moves (one token for all three on a devnet; an endpoint's deployment
/// names its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Asset {
    /// The issued asset token.
    Token,
    /// The payment token where the escrow contract runs.
    Escrow,
    /// The payment token where the payout contracts run.
    Payout,
    /// The payment token where the channel contract runs.
    Channel,
}

/// A time flag: Unix seconds, or `+<n>` with a unit `s`, `m`, `h` or `d` from the chain's
/// clock when the operation runs.
pub fn parse_time(text: &str) -> Result<When, BadInput> {
    let bad = || {
        BadInput(format!(
            "`{text}` is not a time: Unix seconds, or +<n>s / m / h / d from the chain's clock"
        ))
    };
    match text.strip_prefix('+') {
        Some(rel) => {
            let (digits, unit) = rel.split_at(rel.len().saturating_sub(1));
            let scale: u64 = match unit {
                "s" => 1,
                "m" => 60,
                "h" => 3_600,
                "d" => 86_400,
                _ => return Err(bad()),
            };
            let n: u64 = digits.parse().map_err(|_| bad())?;
            n.checked_mul(scale)
                .map(|after| When::After { after })
                .ok_or_else(bad)
        }
        None => text.parse().map(When::At).map_err(|_| bad()),
    }
}
