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
        /// No document with that name.
        DocumentNotFound = 41,
        /// A 33rd document.
        TooManyDocuments = 42,
        /// The token was deactivated (the end of its life; irreversible).
        Deactivated = 43,
    }
}

/// What `restriction_message` answers for 0, the code `can_transfer` returns for "allowed".
pub const ALLOWED_MESSAGE: &str = "allowed";
/// What `restriction_message` answers for a number outside the table.
pub const UNKNOWN_RESTRICTION_MESSAGE: &str = "unknown restriction";

impl TokenError {
    /// The code's message: the "meaning" column of the spec's table, as ERC-1404's
    /// `messageForTransferRestriction` and every chain's `restriction_message` return it.
    pub const fn message(self) -> &'static str {
        match self {
            TokenError::Unauthorized => "the caller lacks the role",
            TokenError::InvalidAddress => "zero / malformed / non-canonical address",
            TokenError::ZeroAmount => "amount is zero",
            TokenError::Paused => "the token is paused (or pause while paused)",
            TokenError::SenderFrozen => "the sending account is frozen",
            TokenError::RecipientFrozen => "the receiving account is frozen",
            TokenError::LockedUp => "the sender is locked up until a later time",
            TokenError::InsufficientBalance => "amount exceeds the balance",
            TokenError::InsufficientUnfrozenBalance => {
                "amount exceeds the balance less the frozen amount"
            }
            TokenError::SenderNotVerified => "sender unregistered or revoked",
            TokenError::SenderKycExpired => "sender's KYC expired and the rules block sending",
            TokenError::RecipientNotVerified => "recipient unregistered or revoked",
            TokenError::RecipientKycExpired => "recipient's KYC expired",
            TokenError::JurisdictionNotAllowed => "recipient's jurisdiction blocked or not allowed",
            TokenError::MaxBalanceExceeded => "recipient would exceed the per-investor maximum",
            TokenError::MaxHoldersReached => "a new holder would exceed the holder limit",
            TokenError::CapExceeded => "mint beyond the cap",
            TokenError::InsufficientAllowance => "transfer_from beyond the allowance",
            TokenError::FreezeExceedsBalance => "frozen amount larger than the balance",
            TokenError::NoPendingAdmin => "accept_admin without a matching proposal",
            TokenError::NotPaused => "unpause while not paused",
            TokenError::InvalidMetadata => "name, symbol, decimals, URI or cap out of range",
            TokenError::InvalidPermit => "EVM: expired or wrongly signed EIP-2612 permit",
            TokenError::LengthMismatch => "batch arrays differ in length",
            TokenError::EmptyBatch => "empty batch",
            TokenError::MaxBatch => "more entries than one batch may hold",
            TokenError::RecoveryTargetHolds => "recovery to an address that holds tokens",
            TokenError::AlreadyInitialized => "initialisation of an initialised token or registry",
            TokenError::InvalidStatus => {
                "registry: a status neither verified nor revoked (EVM's uint8 encoding)"
            }
            TokenError::InvalidJurisdiction => "registry: jurisdiction 0 or above 999",
            TokenError::InvalidExpiry => "registry: a verified entry whose KYC already expired",
            TokenError::NotRegistered => "registry: removing an address without an entry",
            TokenError::InvalidRules => "rules: a jurisdiction list longer than 32",
            TokenError::NotInTransfer => "Solana: the transfer hook was invoked outside a transfer",
            TokenError::InvalidAccount => "Solana: an account is not the one the token expects",
            TokenError::NotBound => "registry (EVM): the token is not bound to this registry",
            TokenError::BindingRefused => {
                "registry (EVM): the token names another registry, is bound already, or the \
                 registry serves its maximum of tokens"
            }
            TokenError::NotOnboarded => {
                "Solana: the wallet's associated token account was never thawed for the token \
                 (Token ACL onboarding)"
            }
            TokenError::DocumentNotFound => "no document with that name",
            TokenError::TooManyDocuments => "a 33rd document",
            TokenError::Deactivated => "the token was deactivated",
        }
    }
}

/// The message of restriction `code` as `can_transfer` returns it: [`ALLOWED_MESSAGE`] for 0,
/// the code's [`TokenError::message`], or [`UNKNOWN_RESTRICTION_MESSAGE`].
pub fn restriction_message(code: u16) -> &'static str {
    match code {
        0 => ALLOWED_MESSAGE,
        _ => TokenError::from_code(code).map_or(UNKNOWN_RESTRICTION_MESSAGE, TokenError::message),
    }
}

/// The document that is the token's metadata (`metadata_uri`, `legal_document_hash`): always
/// present, set through `set_metadata` or `set_document` under this name, never removed.
pub const LEGAL_DOCUMENT: &str = "legal";
/// Most documents a token holds, [`LEGAL_DOCUMENT`] included.
pub const MAX_DOCUMENTS: usize = 32;
/// Longest document name in bytes.
pub const MAX_DOCUMENT_NAME_LEN: usize = 32;
/// Longest URI (of the metadata and of every document) in bytes.
pub const MAX_URI_LEN: usize = 256;

/// Whether `name` may name a document: 1 to [`MAX_DOCUMENT_NAME_LEN`] bytes without a zero
/// byte (so EVM's `bytes32` names, zero-padded on the right, mean the same on every chain).
pub fn valid_document_name(name: &[u8]) -> bool {
    (1..=MAX_DOCUMENT_NAME_LEN).contains(&name.len()) && !name.contains(&0)
}

/// The checks of `set_document(name, uri, _)` after the role, but for the count:
/// `InvalidMetadata` for a bad name or an over-long URI.
pub fn check_document(name: &[u8], uri: &[u8]) -> Result<(), TokenError> {
    if valid_document_name(name) && uri.len() <= MAX_URI_LEN {
        Ok(())
    } else {
        Err(TokenError::InvalidMetadata)
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

    #[test]
    fn document_names_are_1_to_32_bytes_without_a_zero_byte() {
        assert!(valid_document_name(b"legal"));
        assert!(valid_document_name(&[b'x'; 32]));
        assert!(!valid_document_name(b""));
        assert!(!valid_document_name(&[b'x'; 33]));
        assert!(!valid_document_name(b"a\0b"));
        assert_eq!(check_document(b"x", &[b'u'; 256]), Ok(()));
        assert_eq!(
            check_document(b"x", &[b'u'; 257]),
            Err(TokenError::InvalidMetadata)
        );
    }
}
