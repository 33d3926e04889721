//! Rust bindings for Tokenrail's EVM contracts.
//!
//! The contract types are generated at compile time by alloy's `sol!` from
//! `abi/*.json`, which `scripts/gen-bindings` trims from forge's build output
//! (a staleness check in the test suite regenerates and diffs them). Nothing
//! here is hand-written but the mapping of revert data onto the spec's
//! numbered error codes.

// `sol!` generates items whose docs come from the NatSpec, not rustdoc, and constructors with
// one argument per event field.
#![allow(missing_docs, clippy::too_many_arguments)]

use alloy::sol;
use tokenrail_core::escrow::EscrowError;

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailEscrow,
    "abi/TokenrailEscrow.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    MockERC20,
    "abi/MockERC20.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug)]
    FeeOnTransferERC20,
    "abi/FeeOnTransferERC20.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailMultiSend,
    "abi/TokenrailMultiSend.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailMerkleDistributor,
    "abi/TokenrailMerkleDistributor.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailAssetToken,
    "abi/TokenrailAssetToken.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailIdentityRegistry,
    "abi/TokenrailIdentityRegistry.json"
);

sol!(
    #[sol(rpc)]
    #[derive(Debug, PartialEq, Eq)]
    TokenrailChannel,
    "abi/TokenrailChannel.json"
);

pub use TokenrailAssetToken::TokenrailAssetTokenErrors;
pub use TokenrailChannel::TokenrailChannelErrors;
pub use TokenrailEscrow::TokenrailEscrowErrors;
pub use TokenrailIdentityRegistry::TokenrailIdentityRegistryErrors;
pub use TokenrailMerkleDistributor::TokenrailMerkleDistributorErrors;
pub use TokenrailMultiSend::TokenrailMultiSendErrors;

pub mod channel;
pub mod payout;
pub mod token;

/// Maps a decoded escrow revert onto the spec's numbered code.
pub fn escrow_error_code(e: &TokenrailEscrowErrors) -> EscrowError {
    use TokenrailEscrowErrors as E;
    match e {
        E::Unauthorized(_) => EscrowError::Unauthorized,
        E::InvalidParties(_) => EscrowError::InvalidParties,
        E::InvalidMilestones(_) => EscrowError::InvalidMilestones,
        E::ZeroAmount(_) => EscrowError::ZeroAmount,
        E::AmountOverflow(_) => EscrowError::AmountOverflow,
        E::DeadlineNotInFuture(_) => EscrowError::DeadlineNotInFuture,
        E::FundsMismatch(_) => EscrowError::FundsMismatch,
        E::EscrowNotFound(_) => EscrowError::EscrowNotFound,
        E::NotActive(_) => EscrowError::NotActive,
        E::MilestoneOutOfOrder(_) => EscrowError::MilestoneOutOfOrder,
        E::MilestoneAlreadyReleased(_) => EscrowError::MilestoneAlreadyReleased,
        E::DeadlinePassed(_) => EscrowError::DeadlinePassed,
        E::DeadlineNotReached(_) => EscrowError::DeadlineNotReached,
        E::CancelAfterRelease(_) => EscrowError::CancelAfterRelease,
        E::InvalidAddress(_) => EscrowError::InvalidAddress,
        E::SafeERC20FailedOperation(_) => EscrowError::TransferFailed,
        E::ReentrancyGuardReentrantCall(_) => EscrowError::Reentrancy,
    }
}

/// The spec code of a failed escrow call, if its revert data is an escrow error.
pub fn escrow_error(err: &alloy::contract::Error) -> Option<EscrowError> {
    err.as_decoded_interface_error::<TokenrailEscrowErrors>()
        .map(|e| escrow_error_code(&e))
}
