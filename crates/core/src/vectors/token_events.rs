//! The events a token step produces, in the vectors' terms (`docs/spec/events.md`): actors
//! instead of addresses, roles by name, times as scenario offsets. A vector lists them for each
//! call that succeeds; every chain's runner reads its chain's events back (through the ledger's
//! decoders, the rows an issuer's ledger stores) and the runner compares the two.
//!
//! Chains differ in rows that change nothing, and the spec allows it: Solana's and ink!'s
//! restriction events carry a holder's whole restriction (three rows, of which one changed);
//! EVM logs the frozen amount a forced transfer cuts, which the other chains leave implied;
//! Solana's grant of a held role is still an instruction; ERC-20 and SPL Token log a transfer of
//! zero, PSP22 does not. [`Observed`] drops exactly those rows (a restriction or role row equal
//! to what the step's other rows already imply, a transfer of zero) before the comparison, so a
//! vector lists each change once and every chain must show it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::token::{Actor, Hash32, InvestorStatus, Role, Rules};
use crate::restriction::Restriction;
use crate::Amount;

/// One normalized event of a token or its registry, as a vector writes it. The serde tag is the
/// spec's `kind`; the fields are the spec's, with actors for addresses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// New units for `to`.
    Minted {
        /// The receiver.
        to: Actor,
        /// Units created.
        amount: Amount,
    },
    /// Units of `from` destroyed.
    Burned {
        /// The holder.
        from: Actor,
        /// Units destroyed.
        amount: Amount,
    },
    /// Units moved between holders.
    Transferred {
        /// The sender.
        from: Actor,
        /// The receiver.
        to: Actor,
        /// Units moved.
        amount: Amount,
    },
    /// The issuer redeemed `from`'s units (beside its `burned`).
    Redeemed {
        /// The holder.
        from: Actor,
        /// Units redeemed.
        amount: Amount,
        /// The issuer.
        by: Actor,
    },
    /// An enforcer moved units regardless of the rules (beside its `transferred`).
    ForcedTransfer {
        /// The holder the units left.
        from: Actor,
        /// The receiver.
        to: Actor,
        /// Units moved.
        amount: Amount,
    },
    /// A lost wallet's position moved to a new wallet (beside its `transferred`).
    Recovered {
        /// The lost wallet.
        lost: Actor,
        /// The new wallet.
        new: Actor,
        /// Units moved.
        amount: Amount,
    },
    /// `owner` allowed `spender` up to `amount`.
    Approved {
        /// The holder.
        owner: Actor,
        /// Who may spend.
        spender: Actor,
        /// The allowance now.
        amount: Amount,
    },
    /// A whole account frozen or unfrozen.
    AccountFrozen {
        /// The holder.
        account: Actor,
        /// Frozen now.
        frozen: bool,
    },
    /// The frozen part of a balance.
    FrozenAmountSet {
        /// The holder.
        account: Actor,
        /// The frozen amount now.
        amount: Amount,
    },
    /// A lock-up (seconds since the scenario started; 0 = none).
    LockupSet {
        /// The holder.
        account: Actor,
        /// End of the lock-up.
        until: u64,
    },
    /// The token was paused.
    Paused,
    /// The token was unpaused.
    Unpaused,
    /// The token was deactivated, for good.
    Deactivated,
    /// `account` was given `role`.
    RoleGranted {
        /// The role.
        role: Role,
        /// The account.
        account: Actor,
    },
    /// `account` lost `role`.
    RoleRevoked {
        /// The role.
        role: Role,
        /// The account.
        account: Actor,
    },
    /// A new admin was proposed (`null`: a proposal cancelled).
    AdminProposed {
        /// The proposed admin.
        account: Option<Actor>,
    },
    /// The proposed admin accepted.
    AdminTransferred {
        /// The new admin.
        account: Actor,
    },
    /// The token's rules changed (every rule).
    RulesUpdated(Rules),
    /// The metadata, which is the document `legal`, changed.
    MetadataUpdated {
        /// The metadata URI now.
        uri: String,
        /// The legal document's hash now.
        legal_document_hash: Hash32,
    },
    /// A document other than `legal` was created or replaced.
    DocumentUpdated {
        /// Its name.
        name: String,
        /// Its URI now.
        uri: String,
        /// Its hash now.
        hash: Hash32,
    },
    /// A document was removed.
    DocumentRemoved {
        /// Its name.
        name: String,
    },
    /// An investor's entry was written.
    InvestorUpdated {
        /// The investor.
        investor: Actor,
        /// Its status.
        status: InvestorStatus,
        /// ISO 3166-1 numeric jurisdiction.
        jurisdiction: u16,
        /// KYC expiry, seconds since the scenario started.
        kyc_expiry: u64,
    },
    /// An investor's entry was removed.
    InvestorRemoved {
        /// The investor.
        investor: Actor,
    },
}

/// What a runner has seen of one token's events so far: enough to tell a row that changes
/// something from one that restates what is already known (see the module docs).
#[derive(Debug, Default)]
pub struct Observed {
    balances: BTreeMap<Actor, u128>,
    restrictions: BTreeMap<Actor, Restriction>,
    roles: BTreeSet<(Role, Actor)>,
}

impl Observed {
    /// The rows of one step that change something, in the chain's order. Balance rows are
    /// applied first and the reasons' implied restriction changes next (a forced transfer cuts
    /// the sender's frozen amount to what it still holds; a recovery moves the lost wallet's
    /// restriction to the new wallet, which keeps the stricter of both), whatever the order the
    /// chain logged them in; then each restriction or role row is kept only if it changes the
    /// state.
    pub fn changes(&mut self, rows: Vec<Event>) -> Vec<Event> {
        for row in &rows {
            match row {
                Event::Minted { to, amount } => *self.balances.entry(*to).or_default() += amount.0,
                Event::Burned { from, amount } => self.debit(*from, amount.0),
                Event::Transferred { from, to, amount } => {
                    self.debit(*from, amount.0);
                    *self.balances.entry(*to).or_default() += amount.0;
                }
                _ => {}
            }
        }
        for row in &rows {
            match row {
                Event::ForcedTransfer { from, .. } => {
                    let left = self.balances.get(from).copied().unwrap_or(0);
                    self.restrictions.entry(*from).or_default().cut_to(left);
                }
                Event::Recovered { lost, new, .. } => {
                    let moved = self.restrictions.remove(lost).unwrap_or_default();
                    let kept = self.restrictions.entry(*new).or_default();
                    *kept = Restriction::recovered(moved, *kept);
                }
                _ => {}
            }
        }
        rows.into_iter()
            .filter(|row| self.changes_state(row))
            .collect()
    }

    fn debit(&mut self, who: Actor, amount: u128) {
        let balance = self.balances.entry(who).or_default();
        *balance = balance.saturating_sub(amount);
    }

    /// Applies a restriction or role row and says whether it changed anything; every other row
    /// is a change by itself.
    fn changes_state(&mut self, row: &Event) -> bool {
        fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
            let changed = *slot != value;
            *slot = value;
            changed
        }
        match row {
            Event::AccountFrozen { account, frozen } => set(
                &mut self.restrictions.entry(*account).or_default().frozen,
                *frozen,
            ),
            Event::FrozenAmountSet { account, amount } => set(
                &mut self.restrictions.entry(*account).or_default().frozen_amount,
                amount.0,
            ),
            Event::LockupSet { account, until } => set(
                &mut self.restrictions.entry(*account).or_default().locked_until,
                *until,
            ),
            // A transfer of zero moves nothing: ERC-20 and SPL Token log it, PSP22 does not.
            Event::Transferred { amount, .. } => amount.0 != 0,
            Event::RoleGranted { role, account } => self.roles.insert((*role, *account)),
            Event::RoleRevoked { role, account } => self.roles.remove(&(*role, *account)),
            _ => true,
        }
    }
}

/// Compares a step's changes with the vector's events as multisets (the order of events within
/// one transaction is each chain's own); `Err` says what is missing and what is extra.
pub fn compare(want: &[Event], got: &[Event]) -> Result<(), String> {
    super::compare_events(want, got)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor::{Alice, Bob};

    fn frozen_amount(account: Actor, amount: u128) -> Event {
        Event::FrozenAmountSet {
            account,
            amount: Amount(amount),
        }
    }

    fn moved(from: Actor, to: Actor, amount: u128) -> Event {
        Event::Transferred {
            from,
            to,
            amount: Amount(amount),
        }
    }

    fn whole_restriction(account: Actor, frozen: bool, amount: u128, until: u64) -> Vec<Event> {
        vec![
            Event::AccountFrozen { account, frozen },
            frozen_amount(account, amount),
            Event::LockupSet { account, until },
        ]
    }

    #[test]
    fn a_whole_restriction_keeps_only_the_part_that_changed() {
        let mut seen = Observed::default();
        let got = seen.changes(whole_restriction(Alice, false, 5, 0));
        assert_eq!(got, vec![frozen_amount(Alice, 5)]);
        let got = seen.changes(whole_restriction(Alice, true, 5, 0));
        assert_eq!(
            got,
            vec![Event::AccountFrozen {
                account: Alice,
                frozen: true
            }]
        );
        assert_eq!(seen.changes(whole_restriction(Alice, true, 5, 0)), vec![]);
    }

    #[test]
    fn the_frozen_amount_a_forced_transfer_cuts_is_implied_whatever_the_order() {
        let forced = Event::ForcedTransfer {
            from: Alice,
            to: Bob,
            amount: Amount(7),
        };
        for cut_first in [true, false] {
            let mut seen = Observed::default();
            seen.changes(vec![Event::Minted {
                to: Alice,
                amount: Amount(10),
            }]);
            seen.changes(vec![frozen_amount(Alice, 8)]);
            let mut rows = vec![moved(Alice, Bob, 7), forced.clone()];
            // EVM logs the cut; the other chains leave it to the reason row.
            rows.insert(if cut_first { 0 } else { 2 }, frozen_amount(Alice, 3));
            assert_eq!(
                seen.changes(rows),
                vec![moved(Alice, Bob, 7), forced.clone()]
            );
            // A cut to another value than the balance left is a change of its own.
            assert_eq!(
                seen.changes(vec![frozen_amount(Alice, 2)]),
                vec![frozen_amount(Alice, 2)]
            );
        }
    }

    #[test]
    fn a_recovery_moves_the_restriction_without_rows() {
        let mut seen = Observed::default();
        seen.changes(whole_restriction(Alice, true, 4, 90));
        let recovered = Event::Recovered {
            lost: Alice,
            new: Bob,
            amount: Amount(4),
        };
        let mut rows = vec![moved(Alice, Bob, 4), recovered.clone()];
        rows.extend(whole_restriction(Alice, false, 0, 0));
        rows.extend(whole_restriction(Bob, true, 4, 90));
        assert_eq!(seen.changes(rows), vec![moved(Alice, Bob, 4), recovered]);
    }

    #[test]
    fn a_grant_of_a_held_role_and_a_transfer_of_zero_change_nothing() {
        let mut seen = Observed::default();
        let grant = Event::RoleGranted {
            role: Role::Agent,
            account: Bob,
        };
        assert_eq!(seen.changes(vec![grant.clone()]), vec![grant.clone()]);
        assert_eq!(seen.changes(vec![grant.clone()]), vec![]);
        assert_eq!(seen.changes(vec![moved(Alice, Bob, 0)]), vec![]);
    }

    #[test]
    fn a_missing_or_extra_event_fails_the_comparison() {
        let paused = Event::Paused;
        let minted = Event::Minted {
            to: Alice,
            amount: Amount(1),
        };
        assert!(compare(
            &[paused.clone(), minted.clone()],
            &[minted.clone(), paused.clone()]
        )
        .is_ok());
        let missing = compare(
            &[paused.clone(), minted.clone()],
            std::slice::from_ref(&minted),
        )
        .unwrap_err();
        assert!(
            missing.contains("missing [{\"kind\":\"paused\"}]"),
            "{missing}"
        );
        let extra = compare(
            std::slice::from_ref(&minted),
            &[minted.clone(), minted.clone()],
        )
        .unwrap_err();
        assert!(extra.contains("extra [{\"kind\":\"minted\""), "{extra}");
    }
}
