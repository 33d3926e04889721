//! Spec error codes (`docs/spec/payout.md`). Anchor adds its offset of 6000, so spec code `n` is
//! custom program error `6000 + n`; `tests/attacks.rs` pins every number.

use anchor_lang::prelude::*;

#[error_code]
pub enum PayoutError {
    /// 1: recipients (remaining accounts) and amounts differ in length.
    #[msg("[payout:1 LengthMismatch] recipients and amounts differ in length")]
    LengthMismatch = 1,
    /// 2: no recipients.
    #[msg("[payout:2 EmptyBatch] a batch needs at least one recipient")]
    EmptyBatch = 2,
    /// 3: an amount is zero.
    #[msg("[payout:3 ZeroAmount] amounts must be positive")]
    ZeroAmount = 3,
    /// 4: a recipient token account appears twice in one batch.
    #[msg("[payout:4 DuplicateRecipient] a recipient appears twice in the batch")]
    DuplicateRecipient = 4,
    /// 5: the amounts do not sum to the declared total.
    #[msg("[payout:5 TotalMismatch] amounts do not sum to the declared total")]
    TotalMismatch = 5,
    /// 6: start ≥ expiry, expiry ≤ now, a zero total or no claims.
    #[msg("[payout:6 InvalidSchedule] start must be before expiry, expiry in the future, total and claims positive")]
    InvalidSchedule = 6,
    /// 7: the vault received a different amount than the total (e.g. a transfer-fee mint).
    #[msg("[payout:7 FundsMismatch] the vault received a different amount than the total")]
    FundsMismatch = 7,
    /// 9: claim before the start.
    #[msg("[payout:9 NotStarted] the distribution has not started")]
    NotStarted = 9,
    /// 10: claim at or after the expiry.
    #[msg("[payout:10 Expired] the distribution has expired")]
    Expired = 10,
    /// 11: the index was claimed before.
    #[msg("[payout:11 AlreadyClaimed] this index was already claimed")]
    AlreadyClaimed = 11,
    /// 12: the proof does not verify against the root.
    #[msg("[payout:12 InvalidProof] the proof does not verify against the root")]
    InvalidProof = 12,
    /// 13: the claim would pay out more than was funded.
    #[msg("[payout:13 ExceedsTotal] the claim exceeds the funded total")]
    ExceedsTotal = 13,
    /// 14: clawback before the expiry.
    #[msg("[payout:14 NotExpired] the distribution has not expired")]
    NotExpired = 14,
    /// 15: the distribution was clawed back.
    #[msg("[payout:15 ClawedBack] the distribution was clawed back")]
    ClawedBack = 15,
    /// 16: a recipient is not a token account of the batch's mint and token program, or the
    /// clawback receiver is the default public key.
    #[msg(
        "[payout:16 InvalidAddress] not a token account of this mint, or the default public key"
    )]
    InvalidAddress = 16,
    /// 18: an account is not the one the distribution expects (substitution).
    #[msg("[payout:18 InvalidAccount] account does not belong to this distribution")]
    InvalidAccount = 18,
    /// 20: the mint lets a third party take, skim or block custody (see
    /// `tokenrail_solana_mint_guard`).
    #[msg(
        "[payout:20 UnsupportedMint] the mint's extensions give a third party power over custody"
    )]
    UnsupportedMint = 20,
}
