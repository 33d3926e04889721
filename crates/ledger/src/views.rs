//! What an issuer reads from the ledger, derived from the stored events alone: the cap table at
//! any point and an account's history. Reconciliation compares the cap table with the chain.

use serde::Serialize;
use tokenrail_core::Amount;

use crate::event::EventRecord;
pub use crate::holdings::{ContractState, Inconsistent, Investor};

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
    /// Whether the token was deactivated (its life ended; nothing moves any more).
    pub deactivated: bool,
    /// Holders with a non-zero balance, by address.
    pub holders: Vec<Holder>,
}

/// Folds `events` (chain order, as [`crate::Store::events`] returns them) into the cap table of
/// `token`, with investor entries from `registry`'s events. [`crate::Store::cap_table`] does
/// the same from the nearest checkpoint.
pub fn cap_table(
    events: &[EventRecord],
    token: &str,
    registry: Option<&str>,
) -> Result<CapTable, Inconsistent> {
    let mut token_state = ContractState::default();
    let mut registry_state = ContractState::default();
    for e in events {
        if e.contract == token {
            token_state.apply(e)?;
        } else if registry == Some(e.contract.as_str()) {
            registry_state.apply(e)?;
        }
    }
    Ok(CapTable::from_states(token, &token_state, &registry_state))
}

impl CapTable {
    /// The cap table of `token` from its folded state and its registry's.
    pub fn from_states(token: &str, state: &ContractState, registry: &ContractState) -> Self {
        let holders = state
            .lines
            .iter()
            .filter(|(_, l)| l.balance.0 > 0)
            .map(|(account, l)| Holder {
                investor: registry.investors.get(account).cloned(),
                account: account.clone(),
                balance: l.balance,
                frozen: l.frozen,
                frozen_amount: l.frozen_amount,
                locked_until: l.locked_until,
            })
            .collect();
        let (block, block_time) = match (state.block, registry.block) {
            (Some(a), Some(b)) if b > a => (Some(b), registry.block_time),
            (None, Some(_)) => (registry.block, registry.block_time),
            _ => (state.block, state.block_time),
        };
        CapTable {
            token: token.to_owned(),
            block,
            block_time,
            supply: state.supply,
            paused: state.paused,
            deactivated: state.deactivated,
            holders,
        }
    }

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
    use crate::event::{EventData, Family, Position};

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
    fn a_recovery_moves_the_restrictions_and_a_seizure_cuts_the_frozen_amount() {
        let restrict = |block, account: &str, frozen, until| {
            [
                event(
                    block,
                    "T",
                    EventData::FrozenAmountSet {
                        account: account.into(),
                        amount: Amount(frozen),
                    },
                ),
                event(
                    block,
                    "T",
                    EventData::LockupSet {
                        account: account.into(),
                        until,
                    },
                ),
            ]
        };
        let mut events = vec![mint(1, "a", 100), mint(1, "n", 0)];
        events.extend(restrict(2, "a", 60, 500));
        events.extend(restrict(2, "n", 0, 900));
        events.push(event(
            2,
            "T",
            EventData::AccountFrozen {
                account: "a".into(),
                frozen: true,
            },
        ));
        // A recovery: the balance moves by its `transferred` row, the restrictions by the
        // `recovered` row (no chain logs them separately).
        events.push(transfer(3, "a", "n", 100));
        events.push(event(
            3,
            "T",
            EventData::Recovered {
                lost: "a".into(),
                new: "n".into(),
                amount: Amount(100),
            },
        ));
        let t = cap_table(&events, "T", None).unwrap();
        let n = &t.holders[0];
        assert_eq!(n.account, "n");
        assert_eq!(
            (n.frozen_amount, n.frozen, n.locked_until),
            (Amount(60), true, 900)
        );
        let mut state = ContractState::default();
        for e in &events {
            state.apply(e).unwrap();
        }
        assert_eq!(state.lines["a"], crate::holdings::Line::default());

        // A seizure of 70 of `n`'s 100 leaves 30: the frozen 60 is cut to 30.
        events.push(transfer(4, "n", "a", 70));
        events.push(event(
            4,
            "T",
            EventData::ForcedTransfer {
                from: "n".into(),
                to: "a".into(),
                amount: Amount(70),
            },
        ));
        let t = cap_table(&events, "T", None).unwrap();
        let n = t.holders.iter().find(|h| h.account == "n").unwrap();
        assert_eq!((n.balance, n.frozen_amount), (Amount(30), Amount(30)));
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
