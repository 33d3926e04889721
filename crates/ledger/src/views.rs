//! What an issuer reads from the ledger, derived from the stored events alone: the cap table at
//! any point and an account's history. Reconciliation compares the cap table with the chain.

use std::collections::BTreeMap;

use serde::Serialize;
use tokenrail_core::Amount;

use crate::event::{EventData, EventRecord};

/// An investor's registry entry as of the cap table's point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Investor {
    /// Status code (`docs/spec/whitelist.md`).
    pub status: u8,
    /// ISO 3166-1 numeric jurisdiction.
    pub jurisdiction: u16,
    /// End of the KYC's validity (Unix seconds).
    pub kyc_expiry: u64,
}

/// One holder's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holder {
    /// The holder's address (the chain's canonical spelling).
    pub account: String,
    /// Units held.
    pub balance: Amount,
    /// Whether the whole account is frozen.
    pub frozen: bool,
    /// Units that cannot move.
    pub frozen_amount: Amount,
    /// No sending before this time (Unix seconds; 0 = none).
    pub locked_until: u64,
    /// The registry entry, if the holder has one.
    pub investor: Option<Investor>,
}

/// Who held the token at a point, from the events up to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CapTable {
    /// The token.
    pub token: String,
    /// The last block whose events are included (`None`: no events yet).
    pub block: Option<u64>,
    /// That block's time.
    pub block_time: Option<u64>,
    /// Units in existence.
    pub supply: Amount,
    /// Whether the token was paused.
    pub paused: bool,
    /// Holders with a non-zero balance, by address.
    pub holders: Vec<Holder>,
}

/// The events contradict each other: a balance would go negative or overflow. The ledger is
/// missing events (or holds foreign ones); it must not print a cap table.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the ledger's events of {token} are inconsistent at transaction {tx}: {what}")]
pub struct Inconsistent {
    /// The token.
    pub token: String,
    /// The transaction where the fold failed.
    pub tx: String,
    /// What failed.
    pub what: String,
}

#[derive(Default)]
struct Line {
    balance: u128,
    frozen: bool,
    frozen_amount: u128,
    locked_until: u64,
}

/// Folds `events` (chain order, as [`crate::Store::events`] returns them) into the cap table of
/// `token`, with investor entries from `registry`'s events.
pub fn cap_table(
    events: &[EventRecord],
    token: &str,
    registry: Option<&str>,
) -> Result<CapTable, Inconsistent> {
    let mut lines: BTreeMap<String, Line> = BTreeMap::new();
    let mut investors: BTreeMap<String, Investor> = BTreeMap::new();
    let mut supply: u128 = 0;
    let mut paused = false;
    let mut last = None;
    for e in events {
        let from_token = e.contract == token;
        let from_registry = registry == Some(e.contract.as_str());
        if !from_token && !from_registry {
            continue;
        }
        last = Some((e.position.block, e.position.block_time));
        let bad = |what: String| Inconsistent {
            token: token.to_owned(),
            tx: e.tx.clone(),
            what,
        };
        let debit = |lines: &mut BTreeMap<String, Line>, who: &str, amount: &Amount| {
            let line = lines.entry(who.to_owned()).or_default();
            line.balance = line
                .balance
                .checked_sub(amount.0)
                .ok_or_else(|| bad(format!("{who} sends {} holding {}", amount.0, line.balance)))?;
            Ok::<_, Inconsistent>(())
        };
        let credit = |lines: &mut BTreeMap<String, Line>, who: &str, amount: &Amount| {
            let line = lines.entry(who.to_owned()).or_default();
            line.balance = line
                .balance
                .checked_add(amount.0)
                .ok_or_else(|| bad(format!("{who}'s balance overflows")))?;
            Ok::<_, Inconsistent>(())
        };
        match (&e.data, from_token) {
            (EventData::Minted { to, amount }, true) => {
                credit(&mut lines, to, amount)?;
                supply = supply
                    .checked_add(amount.0)
                    .ok_or_else(|| bad("supply overflows".into()))?;
            }
            (EventData::Burned { from, amount }, true) => {
                debit(&mut lines, from, amount)?;
                supply = supply
                    .checked_sub(amount.0)
                    .ok_or_else(|| bad("supply goes negative".into()))?;
            }
            (EventData::Transferred { from, to, amount }, true) => {
                debit(&mut lines, from, amount)?;
                credit(&mut lines, to, amount)?;
            }
            (EventData::AccountFrozen { account, frozen }, true) => {
                lines.entry(account.clone()).or_default().frozen = *frozen;
            }
            (EventData::FrozenAmountSet { account, amount }, true) => {
                lines.entry(account.clone()).or_default().frozen_amount = amount.0;
            }
            (EventData::LockupSet { account, until }, true) => {
                lines.entry(account.clone()).or_default().locked_until = *until;
            }
            (EventData::Paused, true) => paused = true,
            (EventData::Unpaused, true) => paused = false,
            (
                EventData::InvestorUpdated {
                    investor,
                    status,
                    jurisdiction,
                    kyc_expiry,
                },
                false,
            ) => {
                investors.insert(
                    investor.clone(),
                    Investor {
                        status: *status,
                        jurisdiction: *jurisdiction,
                        kyc_expiry: *kyc_expiry,
                    },
                );
            }
            (EventData::InvestorRemoved { investor }, false) => {
                investors.remove(investor);
            }
            _ => {}
        }
    }
    let holders = lines
        .into_iter()
        .filter(|(_, l)| l.balance > 0)
        .map(|(account, l)| Holder {
            investor: investors.get(&account).cloned(),
            account,
            balance: Amount(l.balance),
            frozen: l.frozen,
            frozen_amount: Amount(l.frozen_amount),
            locked_until: l.locked_until,
        })
        .collect();
    Ok(CapTable {
        token: token.to_owned(),
        block: last.map(|(b, _)| b),
        block_time: last.map(|(_, t)| t),
        supply: Amount(supply),
        paused,
        holders,
    })
}

impl CapTable {
    /// Writes the table as CSV: a header, then one row per holder (amounts in base units,
    /// times in Unix seconds, empty investor columns for a holder without a registry entry).
    pub fn write_csv(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut out = csv::Writer::from_writer(w);
        out.write_record([
            "account",
            "balance",
            "frozen",
            "frozen_amount",
            "locked_until",
            "investor_status",
            "jurisdiction",
            "kyc_expiry",
        ])?;
        for h in &self.holders {
            let (status, jurisdiction, expiry) = match &h.investor {
                Some(i) => (
                    i.status.to_string(),
                    i.jurisdiction.to_string(),
                    i.kyc_expiry.to_string(),
                ),
                None => Default::default(),
            };
            out.write_record([
                h.account.clone(),
                h.balance.to_string(),
                h.frozen.to_string(),
                h.frozen_amount.to_string(),
                h.locked_until.to_string(),
                status,
                jurisdiction,
                expiry,
            ])?;
        }
        out.flush()
    }
}

/// The events that name `account` in any of their fields, in chain order.
pub fn history<'a>(events: &'a [EventRecord], account: &str) -> Vec<&'a EventRecord> {
    events
        .iter()
        .filter(|e| {
            let fields = serde_json::to_value(&e.data).expect("event fields serialize");
            fields
                .as_object()
                .is_some_and(|m| m.values().any(|v| v.as_str() == Some(account)))
        })
        .collect()
}

/// One difference between the ledger and the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// The holder (`None`: the total supply).
    pub account: Option<String>,
    /// What the ledger's events add up to.
    pub ledger: Amount,
    /// What the chain reports.
    pub chain: Amount,
}

/// Compares `table` with the chain's `supply` and each holder's balance read by `chain_balance`
/// (every holder of the table and every `extra` account, so a holder the ledger missed entirely
/// is caught too).
pub fn reconcile(
    table: &CapTable,
    supply: Amount,
    extra: &[String],
    mut chain_balance: impl FnMut(&str) -> Result<Amount, String>,
) -> Result<Vec<Drift>, String> {
    let mut drift = Vec::new();
    if table.supply != supply {
        drift.push(Drift {
            account: None,
            ledger: table.supply,
            chain: supply,
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    let accounts = table
        .holders
        .iter()
        .map(|h| (h.account.clone(), h.balance))
        .chain(extra.iter().map(|a| (a.clone(), Amount(0))));
    for (account, _) in accounts {
        if !seen.insert(account.clone()) {
            continue;
        }
        let ledger = table
            .holders
            .iter()
            .find(|h| h.account == account)
            .map_or(Amount(0), |h| h.balance);
        let chain = chain_balance(&account)?;
        if ledger != chain {
            drift.push(Drift {
                account: Some(account),
                ledger,
                chain,
            });
        }
    }
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Family, Position};

    fn event(block: u64, contract: &str, data: EventData) -> EventRecord {
        EventRecord {
            family: Family::Evm,
            network: "1".into(),
            contract: contract.into(),
            position: Position {
                block,
                block_hash: format!("h{block}"),
                block_time: block * 12,
                tx_position: 0,
            },
            tx: format!("t{block}"),
            index: 0,
            part: 0,
            token: None,
            data,
            raw: String::new(),
        }
    }

    fn mint(block: u64, to: &str, amount: u128) -> EventRecord {
        event(
            block,
            "T",
            EventData::Minted {
                to: to.into(),
                amount: Amount(amount),
            },
        )
    }

    fn transfer(block: u64, from: &str, to: &str, amount: u128) -> EventRecord {
        event(
            block,
            "T",
            EventData::Transferred {
                from: from.into(),
                to: to.into(),
                amount: Amount(amount),
            },
        )
    }

    #[test]
    fn balances_move_only_by_mints_burns_and_transfers() {
        let events = [
            mint(1, "a", 100),
            transfer(2, "a", "b", 30),
            // The reason rows beside a balance move change no balance.
            event(
                2,
                "T",
                EventData::ForcedTransfer {
                    from: "a".into(),
                    to: "b".into(),
                    amount: Amount(30),
                },
            ),
            event(
                3,
                "T",
                EventData::Burned {
                    from: "b".into(),
                    amount: Amount(10),
                },
            ),
            event(
                3,
                "T",
                EventData::Redeemed {
                    from: "b".into(),
                    amount: Amount(10),
                    by: "i".into(),
                },
            ),
            // Another token's rows are not this token's.
            mint(4, "c", 5).clone_with_contract("U"),
            event(
                4,
                "R",
                EventData::InvestorUpdated {
                    investor: "b".into(),
                    status: 1,
                    jurisdiction: 250,
                    kyc_expiry: 9,
                },
            ),
        ];
        let t = cap_table(&events, "T", Some("R")).unwrap();
        assert_eq!(t.supply, Amount(90));
        let lines: Vec<_> = t
            .holders
            .iter()
            .map(|h| (h.account.as_str(), h.balance.0))
            .collect();
        assert_eq!(lines, [("a", 70), ("b", 20)]);
        assert_eq!(t.holders[1].investor.as_ref().unwrap().jurisdiction, 250);
        assert_eq!(t.block, Some(4));
    }

    #[test]
    fn a_gap_in_the_events_is_refused_not_printed() {
        // The mint to `a` is missing: `a` cannot send.
        let err = cap_table(&[transfer(2, "a", "b", 30)], "T", None).unwrap_err();
        assert_eq!(err.tx, "t2");
        assert!(err.what.contains("a sends 30 holding 0"), "{err}");
    }

    #[test]
    fn reconcile_reports_supply_and_every_differing_holder_including_unknown_ones() {
        let t = cap_table(&[mint(1, "a", 100)], "T", None).unwrap();
        let chain = |who: &str| {
            Ok(Amount(match who {
                "a" => 60,
                "z" => 40,
                _ => 0,
            }))
        };
        let drift = reconcile(&t, Amount(100), &["z".into()], chain).unwrap();
        assert_eq!(
            drift,
            [
                Drift {
                    account: Some("a".into()),
                    ledger: Amount(100),
                    chain: Amount(60)
                },
                Drift {
                    account: Some("z".into()),
                    ledger: Amount(0),
                    chain: Amount(40)
                },
            ]
        );
        assert!(reconcile(&t, Amount(100), &[], |_| Ok(Amount(100)))
            .unwrap()
            .is_empty());
    }

    trait WithContract {
        fn clone_with_contract(&self, c: &str) -> EventRecord;
    }
    impl WithContract for EventRecord {
        fn clone_with_contract(&self, c: &str) -> EventRecord {
            EventRecord {
                contract: c.into(),
                ..self.clone()
            }
        }
    }
}
