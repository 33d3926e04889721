//! Spec error codes (`docs/spec/token.md`). Anchor adds its offset of 6000, so spec code `n` is
//! custom program error `6000 + n`; `tests/hook.rs` pins the numbers against `tokenrail-core`.
//! The issuer program (`programs/issuer`) returns the same enum, so both programs of a token
//! report one table.

use anchor_lang::prelude::*;

#[error_code]
pub enum TokenError {
    /// 1: the signer lacks the role.
    #[msg("[token:1 Unauthorized] the signer lacks the role")]
    Unauthorized = 1,
    /// 3: the amount is zero.
    #[msg("[token:3 ZeroAmount] amount is zero")]
    ZeroAmount = 3,
    /// 4: the mint is paused.
    #[msg("[token:4 Paused] the token is paused")]
    Paused = 4,
    /// 5: the sending account is frozen.
    #[msg("[token:5 SenderFrozen] the sending account is frozen")]
    SenderFrozen = 5,
    /// 6: the receiving account is frozen.
    #[msg("[token:6 RecipientFrozen] the receiving account is frozen")]
    RecipientFrozen = 6,
    /// 7: the sender is locked up.
    #[msg("[token:7 LockedUp] the sender is locked up")]
    LockedUp = 7,
    /// 8: the amount exceeds the balance.
    #[msg("[token:8 InsufficientBalance] amount exceeds the balance")]
    InsufficientBalance = 8,
    /// 9: the amount exceeds the unfrozen balance.
    #[msg(
        "[token:9 InsufficientUnfrozenBalance] amount exceeds the balance less the frozen amount"
    )]
    InsufficientUnfrozenBalance = 9,
    /// 10: the sender is unregistered or revoked.
    #[msg("[token:10 SenderNotVerified] the sender is not a verified investor")]
    SenderNotVerified = 10,
    /// 11: the sender's KYC expired and the rules block sending.
    #[msg("[token:11 SenderKycExpired] the sender's KYC expired")]
    SenderKycExpired = 11,
    /// 12: the recipient is unregistered or revoked.
    #[msg("[token:12 RecipientNotVerified] the recipient is not a verified investor")]
    RecipientNotVerified = 12,
    /// 13: the recipient's KYC expired.
    #[msg("[token:13 RecipientKycExpired] the recipient's KYC expired")]
    RecipientKycExpired = 13,
    /// 14: the recipient's jurisdiction is blocked or not allowed.
    #[msg(
        "[token:14 JurisdictionNotAllowed] the recipient's jurisdiction may not hold this token"
    )]
    JurisdictionNotAllowed = 14,
    /// 15: the recipient would exceed the per-investor maximum.
    #[msg("[token:15 MaxBalanceExceeded] the recipient would exceed the maximum balance")]
    MaxBalanceExceeded = 15,
    /// 16: a new holder would exceed the holder limit.
    #[msg("[token:16 MaxHoldersReached] the token has reached its holder limit")]
    MaxHoldersReached = 16,
    /// 17: mint beyond the cap.
    #[msg("[token:17 CapExceeded] the mint would exceed the cap")]
    CapExceeded = 17,
    /// 19: frozen amount larger than the balance.
    #[msg("[token:19 FreezeExceedsBalance] the frozen amount exceeds the balance")]
    FreezeExceedsBalance = 19,
    /// 20: accept without a matching proposal.
    #[msg("[token:20 NoPendingAdmin] no admin proposal for the signer")]
    NoPendingAdmin = 20,
    /// 21: unpause while not paused.
    #[msg("[token:21 NotPaused] the token is not paused")]
    NotPaused = 21,
    /// 22: name, symbol, decimals, URI or cap out of range.
    #[msg("[token:22 InvalidMetadata] name, symbol, decimals, URI or cap out of range")]
    InvalidMetadata = 22,
    /// 24: batch legs and amounts differ in length.
    #[msg("[token:24 LengthMismatch] the batch's accounts and amounts differ in length")]
    LengthMismatch = 24,
    /// 25: empty batch.
    #[msg("[token:25 EmptyBatch] a batch needs a leg")]
    EmptyBatch = 25,
    /// 27: recovery to a wallet that holds tokens.
    #[msg("[token:27 RecoveryTargetHolds] the new wallet already holds tokens")]
    RecoveryTargetHolds = 27,
    /// 30: jurisdiction 0 or above 999.
    #[msg("[token:30 InvalidJurisdiction] jurisdiction must be 1-999")]
    InvalidJurisdiction = 30,
    /// 31: a verified entry whose KYC already expired.
    #[msg("[token:31 InvalidExpiry] a verified entry's KYC expiry must be in the future")]
    InvalidExpiry = 31,
    /// 32: removing an address without an entry.
    #[msg("[token:32 NotRegistered] the address has no entry")]
    NotRegistered = 32,
    /// 33: a jurisdiction list longer than 32.
    #[msg("[token:33 InvalidRules] each jurisdiction list holds at most 32 codes")]
    InvalidRules = 33,
    /// 34: the hook was invoked outside a transfer.
    #[msg("[token:34 NotInTransfer] the transfer hook was invoked outside a transfer")]
    NotInTransfer = 34,
    /// 35: an account is not the one the token expects.
    #[msg("[token:35 InvalidAccount] an account is not the one the token expects")]
    InvalidAccount = 35,
    /// 38: the wallet's token account was never thawed for this token (Token ACL onboarding).
    #[msg("[token:38 NotOnboarded] the wallet's token account is not onboarded; call thaw_permissionless")]
    NotOnboarded = 38,
    /// 41: no document with that name.
    #[msg("[token:41 DocumentNotFound] no document with that name")]
    DocumentNotFound = 41,
    /// 42: a 33rd document.
    #[msg("[token:42 TooManyDocuments] a 33rd document")]
    TooManyDocuments = 42,
    /// 43: the token was deactivated.
    #[msg("[token:43 Deactivated] the token was deactivated")]
    Deactivated = 43,
}
