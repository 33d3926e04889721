//! Spec error codes. Anchor adds its offset of 6000, so spec code `n` is custom program error
//! `6000 + n`; `tests/error_codes.rs` pins every number.

use anchor_lang::prelude::*;

#[error_code]
pub enum EscrowError {
    /// 1: the caller's role does not allow this action.
    #[msg("[escrow:1 Unauthorized] caller may not perform this action")]
    Unauthorized = 1,
    /// 2: beneficiary equals depositor, or the arbiter equals a party.
    #[msg("[escrow:2 InvalidParties] beneficiary equals depositor, or arbiter equals a party")]
    InvalidParties = 2,
    /// 3: zero or more than 16 milestones.
    #[msg("[escrow:3 InvalidMilestones] an escrow needs 1 to 16 milestones")]
    InvalidMilestones = 3,
    /// 4: a milestone amount is zero.
    #[msg("[escrow:4 ZeroAmount] milestone amounts must be positive")]
    ZeroAmount = 4,
    /// 5: the milestone total overflows u64 (SPL amounts are u64).
    #[msg("[escrow:5 AmountOverflow] milestone total overflows u64")]
    AmountOverflow = 5,
    /// 6: the deadline is not after the current clock.
    #[msg("[escrow:6 DeadlineNotInFuture] deadline must be in the future")]
    DeadlineNotInFuture = 6,
    /// 7: the vault received a different amount than the total (e.g. a transfer-fee mint).
    #[msg("[escrow:7 FundsMismatch] vault received a different amount than the milestone total")]
    FundsMismatch = 7,
    /// 8: the mint passed is not the escrow's mint.
    #[msg("[escrow:8 WrongAsset] mint does not match the escrow")]
    WrongAsset = 8,
    /// 10: the escrow is completed, refunded or cancelled.
    #[msg("[escrow:10 NotActive] escrow is not active")]
    NotActive = 10,
    /// 11: the milestone is not the next one.
    #[msg("[escrow:11 MilestoneOutOfOrder] milestone is not the next one")]
    MilestoneOutOfOrder = 11,
    /// 12: the milestone was already released.
    #[msg("[escrow:12 MilestoneAlreadyReleased] milestone already released")]
    MilestoneAlreadyReleased = 12,
    /// 13: release at or after the deadline.
    #[msg("[escrow:13 DeadlinePassed] escrow is past its deadline")]
    DeadlinePassed = 13,
    /// 14: refund before the deadline by someone other than the arbiter.
    #[msg("[escrow:14 DeadlineNotReached] escrow has not reached its deadline")]
    DeadlineNotReached = 14,
    /// 15: cancel after a milestone was released.
    #[msg("[escrow:15 CancelAfterRelease] escrow has released milestones")]
    CancelAfterRelease = 15,
    /// 16: the beneficiary is the default (all-zero) public key.
    #[msg("[escrow:16 InvalidAddress] address is the default public key")]
    InvalidAddress = 16,
    /// 17: an account is not the one the escrow expects (substitution).
    #[msg("[escrow:17 InvalidAccount] account does not belong to this escrow")]
    InvalidAccount = 17,
    /// 20: close attempted while the escrow is still active (Solana only).
    #[msg("[escrow:20 EscrowActive] an active escrow cannot be closed")]
    EscrowActive = 20,
    /// 21: the mint lets a third party take, skim or block custody (see
    /// `tokenrail_solana_mint_guard`).
    #[msg(
        "[escrow:21 UnsupportedMint] the mint's extensions give a third party power over custody"
    )]
    UnsupportedMint = 21,
}
