//! A holder's restriction and the two changes no chain logs as restriction events: the cut a
//! forced transfer makes and the move a recovery makes (`docs/spec/token.md` § "Forced transfer
//! and recovery"). Every off-chain reader that folds a token's events (the ledger's cap table,
//! the vectors' event check) applies them through this one type, so they cannot disagree.

/// What stops a holder's units from moving.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Restriction {
    /// The whole account is frozen.
    pub frozen: bool,
    /// Units that cannot move.
    pub frozen_amount: u128,
    /// No sending before this time (0 = none).
    pub locked_until: u64,
}

impl Restriction {
    /// After a forced transfer: a seizure may take frozen units, and the frozen amount never
    /// exceeds what the holder has left (invariant 2).
    pub fn cut_to(&mut self, balance_left: u128) {
        self.frozen_amount = self.frozen_amount.min(balance_left);
    }

    /// The new wallet's restriction after a recovery from `lost`: the frozen amount is `lost`'s
    /// (the new wallet held nothing), and freeze and lock-up are the stricter of both wallets',
    /// so a recovery never lifts one. The lost wallet keeps no restriction.
    #[must_use]
    pub fn recovered(lost: Self, new: Self) -> Self {
        Self {
            frozen: lost.frozen || new.frozen,
            frozen_amount: lost.frozen_amount,
            locked_until: lost.locked_until.max(new.locked_until),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Restriction;

    #[test]
    fn a_forced_transfer_cuts_the_frozen_amount_to_what_is_left_only() {
        let mut r = Restriction {
            frozen_amount: 10,
            ..Restriction::default()
        };
        r.cut_to(12);
        assert_eq!(r.frozen_amount, 10);
        r.cut_to(4);
        assert_eq!(r.frozen_amount, 4);
    }

    #[test]
    fn a_recovery_keeps_the_stricter_of_both_wallets() {
        let lost = Restriction {
            frozen: false,
            frozen_amount: 7,
            locked_until: 50,
        };
        let new = Restriction {
            frozen: true,
            frozen_amount: 0,
            locked_until: 90,
        };
        let kept = Restriction::recovered(lost, new);
        assert_eq!(
            kept,
            Restriction {
                frozen: true,
                frozen_amount: 7,
                locked_until: 90
            }
        );
        let kept = Restriction::recovered(new, lost);
        assert_eq!((kept.frozen, kept.locked_until), (true, 90));
    }
}
