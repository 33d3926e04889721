//! Asset token and investor registry on EVM: the mapping of reverts onto the spec's codes
//! (`docs/spec/token.md`).

use tokenrail_core::token::TokenError;

use crate::{TokenrailAssetTokenErrors, TokenrailIdentityRegistryErrors};

/// Maps a decoded token revert onto the spec's code (OpenZeppelin's ERC-20 and EIP-2612 errors
/// included: they are the token's own checks of addresses, allowances and permits).
pub fn token_error_code(e: &TokenrailAssetTokenErrors) -> TokenError {
    use TokenrailAssetTokenErrors as E;
    match e {
        E::Unauthorized(_) => TokenError::Unauthorized,
        E::InvalidAddress(_) | E::ERC20InvalidReceiver(_) | E::ERC20InvalidSender(_) => {
            TokenError::InvalidAddress
        }
        E::ERC20InvalidSpender(_) | E::ERC20InvalidApprover(_) => TokenError::InvalidAddress,
        E::ZeroAmount(_) => TokenError::ZeroAmount,
        E::Paused(_) => TokenError::Paused,
        E::SenderFrozen(_) => TokenError::SenderFrozen,
        E::RecipientFrozen(_) => TokenError::RecipientFrozen,
        E::LockedUp(_) => TokenError::LockedUp,
        E::ERC20InsufficientBalance(_) => TokenError::InsufficientBalance,
        E::InsufficientUnfrozenBalance(_) | E::ERC7943InsufficientUnfrozenBalance(_) => {
            TokenError::InsufficientUnfrozenBalance
        }
        E::SenderNotVerified(_) => TokenError::SenderNotVerified,
        E::SenderKycExpired(_) => TokenError::SenderKycExpired,
        E::RecipientNotVerified(_) => TokenError::RecipientNotVerified,
        E::RecipientKycExpired(_) => TokenError::RecipientKycExpired,
        E::JurisdictionNotAllowed(_) => TokenError::JurisdictionNotAllowed,
        E::MaxBalanceExceeded(_) => TokenError::MaxBalanceExceeded,
        E::MaxHoldersReached(_) => TokenError::MaxHoldersReached,
        E::CapExceeded(_) => TokenError::CapExceeded,
        E::ERC20InsufficientAllowance(_) => TokenError::InsufficientAllowance,
        E::FreezeExceedsBalance(_) => TokenError::FreezeExceedsBalance,
        E::NoPendingAdmin(_) => TokenError::NoPendingAdmin,
        E::NotPaused(_) => TokenError::NotPaused,
        E::InvalidMetadata(_) => TokenError::InvalidMetadata,
        E::ERC2612ExpiredSignature(_) | E::ERC2612InvalidSigner(_) => TokenError::InvalidPermit,
        E::LengthMismatch(_) => TokenError::LengthMismatch,
        E::EmptyBatch(_) => TokenError::EmptyBatch,
        E::MaxBatch(_) => TokenError::MaxBatch,
        E::RecoveryTargetHolds(_) => TokenError::RecoveryTargetHolds,
        E::InvalidRules(_) => TokenError::InvalidRules,
        E::Deactivated(_) => TokenError::Deactivated,
        E::DocumentNotFound(_) => TokenError::DocumentNotFound,
        E::TooManyDocuments(_) => TokenError::TooManyDocuments,
        // The ERC-7943 errors this token never raises map to the closest spec reason.
        E::ERC7943CannotSend(_) => TokenError::SenderNotVerified,
        E::ERC7943CannotReceive(_) => TokenError::RecipientNotVerified,
        E::ERC7943CannotTransfer(_) => TokenError::SenderNotVerified,
        E::InvalidAccountNonce(_) | E::InvalidShortString(_) | E::StringTooLong(_) => {
            TokenError::InvalidMetadata
        }
        E::ECDSAInvalidSignature(_)
        | E::ECDSAInvalidSignatureLength(_)
        | E::ECDSAInvalidSignatureS(_) => TokenError::InvalidPermit,
    }
}

/// A document name as ERC-1643's `bytes32`: its bytes, zero-padded on the right.
/// `InvalidMetadata` for a name no `bytes32` holds (longer than 32 bytes), which the token
/// would refuse too; the token checks the rest (empty, a zero byte).
pub fn document_name(name: &str) -> Result<alloy::primitives::B256, TokenError> {
    let bytes = name.as_bytes();
    if bytes.len() > 32 {
        return Err(TokenError::InvalidMetadata);
    }
    let mut word = [0u8; 32];
    word[..bytes.len()].copy_from_slice(bytes);
    Ok(word.into())
}

/// The name a `bytes32` document name spells: its bytes up to the zero padding, as UTF-8, or
/// `0x` hex when they are not UTF-8 (the token checks no encoding).
pub fn document_name_text(word: &alloy::primitives::B256) -> String {
    let end = word.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    match std::str::from_utf8(&word[..end]) {
        Ok(text) => text.to_owned(),
        Err(_) => format!("{word}"),
    }
}

/// Maps a decoded registry revert onto the spec's code.
pub fn registry_error_code(e: &TokenrailIdentityRegistryErrors) -> TokenError {
    use TokenrailIdentityRegistryErrors as E;
    match e {
        E::Unauthorized(_) => TokenError::Unauthorized,
        E::NoPendingAdmin(_) => TokenError::NoPendingAdmin,
        E::InvalidAddress(_) => TokenError::InvalidAddress,
        E::InvalidStatus(_) => TokenError::InvalidStatus,
        E::InvalidJurisdiction(_) => TokenError::InvalidJurisdiction,
        E::InvalidExpiry(_) => TokenError::InvalidExpiry,
        E::NotRegistered(_) => TokenError::NotRegistered,
        E::MaxBatch(_) => TokenError::MaxBatch,
        E::LengthMismatch(_) => TokenError::LengthMismatch,
        E::NotBound(_) => TokenError::NotBound,
        E::BindingRefused(_) => TokenError::BindingRefused,
    }
}

/// The spec code of a failed token or registry call, if its revert data is one of theirs.
pub fn token_error(err: &alloy::contract::Error) -> Option<TokenError> {
    err.as_decoded_interface_error::<TokenrailAssetTokenErrors>()
        .map(|e| token_error_code(&e))
        .or_else(|| {
            err.as_decoded_interface_error::<TokenrailIdentityRegistryErrors>()
                .map(|e| registry_error_code(&e))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_round_trip_through_bytes32() {
        for name in ["legal", "prospectus", &"x".repeat(32)] {
            assert_eq!(document_name_text(&document_name(name).unwrap()), name);
        }
        assert_eq!(
            document_name(&"x".repeat(33)),
            Err(TokenError::InvalidMetadata)
        );
        let not_utf8 = alloy::primitives::B256::left_padding_from(&[0xff]);
        assert!(document_name_text(&not_utf8).starts_with("0x"));
    }
}
