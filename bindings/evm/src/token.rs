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
