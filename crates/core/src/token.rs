//! Asset token and whitelisting: the numbered reason and error codes of `docs/spec/token.md`
//! (shared by the token, its investor registry and its compliance rules on every chain).
//! `can_transfer` returns these numbers, with 0 for "allowed".

use crate::spec_errors::spec_errors;

spec_errors! {
    /// Token, registry and compliance codes.
    pub enum TokenError("token") {
        /// The caller lacks the role.
        Unauthorized = 1,
        /// Zero, malformed or non-canonical address.
        InvalidAddress = 2,
        /// The amount is zero.
        ZeroAmount = 3,
        /// The token is paused (or `pause` while paused).
        Paused = 4,
        /// The sending account is frozen.
        SenderFrozen = 5,
        /// The receiving account is frozen.
        RecipientFrozen = 6,
        /// The sender is locked up until a later time.
        LockedUp = 7,
        /// The amount exceeds the balance.
        InsufficientBalance = 8,
        /// The amount exceeds the balance less the frozen amount.
        InsufficientUnfrozenBalance = 9,
        /// Sender unregistered or revoked.
        SenderNotVerified = 10,
        /// Sender's KYC expired and the rules block sending.
        SenderKycExpired = 11,
        /// Recipient unregistered or revoked.
        RecipientNotVerified = 12,
        /// Recipient's KYC expired.
        RecipientKycExpired = 13,
        /// Recipient's jurisdiction blocked or not allowed.
        JurisdictionNotAllowed = 14,
        /// Recipient would exceed the per-investor maximum.
        MaxBalanceExceeded = 15,
        /// A new holder would exceed the holder limit.
        MaxHoldersReached = 16,
        /// Mint beyond the cap.
        CapExceeded = 17,
        /// `transfer_from` beyond the allowance.
        InsufficientAllowance = 18,
        /// Frozen amount larger than the balance.
        FreezeExceedsBalance = 19,
        /// `accept_admin` without a matching proposal.
        NoPendingAdmin = 20,
        /// `unpause` while not paused.
        NotPaused = 21,
        /// Name, symbol, decimals, URI or cap out of range.
        InvalidMetadata = 22,
        /// EVM: expired or wrongly signed EIP-2612 permit.
        InvalidPermit = 23,
        /// Batch arrays differ in length.
        LengthMismatch = 24,
        /// Empty batch.
        EmptyBatch = 25,
        /// More entries than one batch may hold.
        MaxBatch = 26,
        /// Recovery to an address that holds tokens.
        RecoveryTargetHolds = 27,
        /// Initialisation of an initialised token or registry.
        AlreadyInitialized = 28,
        /// Registry: a status that is neither verified nor revoked (EVM's `uint8` encoding).
        InvalidStatus = 29,
        /// Registry: jurisdiction 0 or above 999.
        InvalidJurisdiction = 30,
        /// Registry: a verified entry whose KYC already expired.
        InvalidExpiry = 31,
        /// Registry: removing an address without an entry.
        NotRegistered = 32,
        /// Rules: a jurisdiction list longer than 32.
        InvalidRules = 33,
        /// Solana: the transfer hook was invoked outside a transfer.
        NotInTransfer = 34,
        /// Solana: an account is not the one the token expects.
        InvalidAccount = 35,
        /// Registry (EVM): the token is not bound to the registry.
        NotBound = 36,
        /// Registry (EVM): the token names another registry, is bound already, or the
        /// registry serves as many tokens as it may.
        BindingRefused = 37,
        /// Solana: the wallet's associated token account was never thawed for the token (Token
        /// ACL onboarding: `thaw_permissionless` while the registry verifies the wallet).
        NotOnboarded = 38,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_tagged_and_never_zero() {
        let mut seen = std::collections::HashSet::new();
        for e in TokenError::ALL {
            assert_ne!(e.code(), 0, "0 means allowed");
            assert!(seen.insert(e.code()), "{e:?} reuses a code");
            assert_eq!(TokenError::find_tag(&e.tag()), Some(*e));
            assert_eq!(TokenError::from_code(e.code()), Some(*e));
        }
        assert_eq!(TokenError::from_code(39), None, "39 is unassigned");
    }
}
