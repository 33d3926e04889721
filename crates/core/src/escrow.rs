//! Escrow capability: the numbered error codes and states from
//! `docs/spec/escrow.md`, shared by every chain.

use serde::{Deserialize, Serialize};

use crate::spec_errors::spec_errors;

/// Largest number of milestones one escrow may have.
pub const MAX_MILESTONES: usize = 16;

spec_errors! {
    /// Escrow error codes. The numbers are part of the public interface: each
    /// chain's error type maps 1:1 onto them and a test on each chain pins them.
    pub enum EscrowError("escrow") {
        /// The caller's role does not allow this action.
        Unauthorized = 1,
        /// Beneficiary equals depositor, or the arbiter equals either party.
        InvalidParties = 2,
        /// Zero milestones, or more than [`MAX_MILESTONES`].
        InvalidMilestones = 3,
        /// A milestone amount is zero.
        ZeroAmount = 4,
        /// The milestone amounts do not sum within the chain's amount type.
        AmountOverflow = 5,
        /// The deadline is not strictly after the creation time.
        DeadlineNotInFuture = 6,
        /// The funds received into custody differ from the milestone total.
        FundsMismatch = 7,
        /// Funds arrived in an asset other than the one the escrow is for.
        WrongAsset = 8,
        /// No escrow with this id.
        EscrowNotFound = 9,
        /// The escrow is already completed, refunded or cancelled.
        NotActive = 10,
        /// Milestone `k` is not the next unreleased milestone.
        MilestoneOutOfOrder = 11,
        /// Milestone `k` was released before.
        MilestoneAlreadyReleased = 12,
        /// Release attempted at or after the deadline.
        DeadlinePassed = 13,
        /// Refund by someone other than the arbiter before the deadline.
        DeadlineNotReached = 14,
        /// Cancel attempted after a milestone was released.
        CancelAfterRelease = 15,
        /// An address argument is malformed or not in canonical form.
        InvalidAddress = 16,
        /// An account passed to the program is not the one the escrow expects
        /// (Solana account substitution).
        InvalidAccount = 17,
        /// The token contract reported a failed transfer.
        TransferFailed = 18,
        /// A reentrant call was blocked (EVM).
        Reentrancy = 19,
        /// A settled-only operation was attempted on an active escrow (Solana `close`).
        EscrowActive = 20,
        /// Solana: the mint has an extension that gives a third party power over custody
        /// (permanent delegate, transfer fee, transfer hook, non-transferable).
        UnsupportedMint = 21,
    }
}

/// Lifecycle state of one escrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EscrowStatus {
    /// Funded; milestones may be released.
    Active,
    /// Every milestone was released to the beneficiary.
    Completed,
    /// The unreleased remainder went back to the depositor.
    Refunded,
    /// The beneficiary cancelled before any release; everything went back.
    Cancelled,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dense_unique_and_round_trip() {
        for (i, e) in EscrowError::ALL.iter().enumerate() {
            assert_eq!(e.code() as usize, i + 1, "{e:?} is out of order");
            assert_eq!(EscrowError::from_code(e.code()), Some(*e));
            assert_eq!(EscrowError::from_name(e.name()), Some(*e));
            assert_eq!(format!("{e:?}"), e.name());
        }
        assert_eq!(EscrowError::from_code(0), None);
        assert_eq!(EscrowError::from_code(22), None);
    }
}

#[cfg(test)]
mod tag_tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_reject_mismatches() {
        for e in EscrowError::ALL {
            let msg = format!("Error executing WasmMsg: {} details", e.tag());
            assert_eq!(EscrowError::find_tag(&msg), Some(*e));
        }
        assert_eq!(EscrowError::find_tag("[escrow:1 NotActive] x"), None);
        assert_eq!(EscrowError::find_tag("[escrow:99 Unknown] x"), None);
        assert_eq!(EscrowError::find_tag("no tag here"), None);
    }
}
