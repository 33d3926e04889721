//! Batch payout capability: the numbered error codes from `docs/spec/payout.md`, shared by
//! every chain.

use crate::spec_errors::spec_errors;

spec_errors! {
    /// Payout error codes (direct multi-send and Merkle distributions).
    pub enum PayoutError("payout") {
        /// Recipients and amounts differ in length.
        LengthMismatch = 1,
        /// No recipients.
        EmptyBatch = 2,
        /// An amount is zero.
        ZeroAmount = 3,
        /// A recipient appears twice in one batch.
        DuplicateRecipient = 4,
        /// The amounts do not sum to the declared total or the attached value.
        TotalMismatch = 5,
        /// Start ≥ expiry, expiry ≤ now, or a zero total.
        InvalidSchedule = 6,
        /// Custody received a different amount than the total.
        FundsMismatch = 7,
        /// No distribution with this id.
        DistributionNotFound = 8,
        /// Claim before the start time.
        NotStarted = 9,
        /// Claim at or after the expiry.
        Expired = 10,
        /// The index was claimed before.
        AlreadyClaimed = 11,
        /// The proof does not verify against the root.
        InvalidProof = 12,
        /// The claim would pay out more than was funded.
        ExceedsTotal = 13,
        /// Clawback before the expiry.
        NotExpired = 14,
        /// The distribution was clawed back.
        ClawedBack = 15,
        /// A zero address where an account is required.
        InvalidAddress = 16,
        /// A native-coin leg could not be paid.
        TransferFailed = 17,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_dense_and_tagged() {
        for (i, e) in PayoutError::ALL.iter().enumerate() {
            assert_eq!(e.code() as usize, i + 1, "{e:?} is out of order");
            assert_eq!(PayoutError::find_tag(&e.tag()), Some(*e));
            assert_eq!(format!("{e:?}"), e.name());
        }
        // Another capability's tag is not a payout tag.
        assert_eq!(PayoutError::find_tag("[escrow:1 LengthMismatch]"), None);
    }
}
