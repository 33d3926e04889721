//! The fold of one contract's events into its state: a token's holders (balances, freezes,
//! lock-ups), supply and pause, or a registry's investor entries. The cap table is made from
//! it, and the store keeps it as checkpoints, so a cap table at any point folds only the events
//! after the nearest checkpoint. One fold, so both paths give the same table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tokenrail_core::restriction::Restriction;
use tokenrail_core::Amount;

use crate::event::{EventData, EventRecord};

/// An investor's registry entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Investor {
    /// Status code (`docs/spec/whitelist.md`).
    pub status: u8,
    /// ISO 3166-1 numeric jurisdiction.
    pub jurisdiction: u16,
    /// End of the KYC's validity (Unix seconds).
    pub kyc_expiry: u64,
}

/// One account's position in a token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Units held.
    pub balance: Amount,
    /// Whether the whole account is frozen.
    pub frozen: bool,
    /// Units that cannot move.
    pub frozen_amount: Amount,
    /// No sending before this time (Unix seconds; 0 = none).
    pub locked_until: u64,
}

impl Line {
    fn restriction(&self) -> Restriction {
        Restriction {
            frozen: self.frozen,
            frozen_amount: self.frozen_amount.0,
            locked_until: self.locked_until,
        }
    }

    fn set_restriction(&mut self, r: Restriction) {
        self.frozen = r.frozen;
        self.frozen_amount = Amount(r.frozen_amount);
        self.locked_until = r.locked_until;
    }
}

/// A contract's state after its events up to `block`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractState {
    /// A token's accounts (every account an event named, holding or not).
    pub lines: BTreeMap<String, Line>,
    /// A registry's entries.
    pub investors: BTreeMap<String, Investor>,
    /// A token's supply.
    pub supply: Amount,
    /// Whether a token is paused.
    pub paused: bool,
    /// Whether a token was deactivated (absent from checkpoints written before it existed).
    #[serde(default)]
    pub deactivated: bool,
    /// The block of the last event folded.
    pub block: Option<u64>,
    /// That block's time.
    pub block_time: Option<u64>,
}

/// The events contradict each other: a balance would go negative or overflow. The ledger is
/// missing events (or holds foreign ones); it must not print a cap table.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the ledger's events of {contract} are inconsistent at transaction {tx}: {what}")]
pub struct Inconsistent {
    /// The contract.
    pub contract: String,
    /// The transaction where the fold failed.
    pub tx: String,
    /// What failed.
    pub what: String,
}

impl ContractState {
    /// Folds one event of this contract (events of other kinds change nothing).
    pub fn apply(&mut self, e: &EventRecord) -> Result<(), Inconsistent> {
        let bad = |what: String| Inconsistent {
            contract: e.contract.clone(),
            tx: e.tx.clone(),
            what,
        };
        self.block = Some(e.position.block);
        self.block_time = Some(e.position.block_time);
        match &e.data {
            EventData::Minted { to, amount } => {
                self.credit(to, *amount).map_err(bad)?;
                self.supply = self
                    .supply
                    .0
                    .checked_add(amount.0)
                    .map(Amount)
                    .ok_or_else(|| bad("supply overflows".into()))?;
            }
            EventData::Burned { from, amount } => {
                self.debit(from, *amount).map_err(bad)?;
                self.supply = self
                    .supply
                    .0
                    .checked_sub(amount.0)
                    .map(Amount)
                    .ok_or_else(|| bad("supply goes negative".into()))?;
            }
            EventData::Transferred { from, to, amount } => {
                self.debit(from, *amount).map_err(bad)?;
                self.credit(to, *amount).map_err(bad)?;
            }
            EventData::ForcedTransfer { from, .. } => {
                // EVM also logs `Frozen` with the cut value; the other chains log nothing.
                let line = self.line(from);
                let mut restriction = line.restriction();
                restriction.cut_to(line.balance.0);
                line.set_restriction(restriction);
            }
            EventData::Recovered { lost, new, .. } => {
                // No chain logs the restriction a recovery moves.
                let moved = self.line(lost);
                let from_lost = moved.restriction();
                moved.set_restriction(Restriction::default());
                let kept = self.line(new);
                kept.set_restriction(Restriction::recovered(from_lost, kept.restriction()));
            }
            EventData::AccountFrozen { account, frozen } => {
                self.line(account).frozen = *frozen;
            }
            EventData::FrozenAmountSet { account, amount } => {
                self.line(account).frozen_amount = *amount;
            }
            EventData::LockupSet { account, until } => {
                self.line(account).locked_until = *until;
            }
            EventData::Paused => self.paused = true,
            EventData::Unpaused => self.paused = false,
            EventData::Deactivated => self.deactivated = true,
            EventData::InvestorUpdated {
                investor,
                status,
                jurisdiction,
                kyc_expiry,
            } => {
                self.investors.insert(
                    investor.clone(),
                    Investor {
                        status: *status,
                        jurisdiction: *jurisdiction,
                        kyc_expiry: *kyc_expiry,
                    },
                );
            }
            EventData::InvestorRemoved { investor } => {
                self.investors.remove(investor);
            }
            _ => {}
        }
        Ok(())
    }

    fn line(&mut self, account: &str) -> &mut Line {
        self.lines.entry(account.to_owned()).or_default()
    }

    fn debit(&mut self, who: &str, amount: Amount) -> Result<(), String> {
        let line = self.line(who);
        line.balance = line
            .balance
            .0
            .checked_sub(amount.0)
            .map(Amount)
            .ok_or_else(|| format!("{who} sends {} holding {}", amount.0, line.balance.0))?;
        Ok(())
    }

    fn credit(&mut self, who: &str, amount: Amount) -> Result<(), String> {
        let line = self.line(who);
        line.balance = line
            .balance
            .0
            .checked_add(amount.0)
            .map(Amount)
            .ok_or_else(|| format!("{who}'s balance overflows"))?;
        Ok(())
    }
}
