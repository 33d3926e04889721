//! Payment channels on EVM: the mapping of reverts onto the spec's codes
//! (`docs/spec/channel.md`).

use alloy::primitives::{keccak256, Address, B256};
use alloy::sol_types::SolValue;
use tokenrail_core::channel::ChannelError;

use crate::TokenrailChannelErrors;

/// The id of the channel opened by `a` with `b` in `asset` (`Address::ZERO` for the native
/// coin): `keccak256(abi.encode(a, b, asset))`, as the contract derives it.
pub fn channel_id(a: Address, b: Address, asset: Address) -> B256 {
    keccak256((a, b, asset).abi_encode())
}

/// Maps a decoded channel revert onto the spec's code; `None` for the two EIP-712 name errors,
/// which only a constructor with an over-long name could raise.
pub fn channel_error_code(e: &TokenrailChannelErrors) -> Option<ChannelError> {
    use TokenrailChannelErrors as E;
    Some(match e {
        E::Unauthorized(_) => ChannelError::Unauthorized,
        E::InvalidAddress(_) => ChannelError::InvalidAddress,
        E::SameParties(_) => ChannelError::SameParties,
        E::ZeroAmount(_) => ChannelError::ZeroAmount,
        E::InvalidPeriod(_) => ChannelError::InvalidPeriod,
        E::ChannelOpen(_) => ChannelError::ChannelOpen,
        E::ChannelNotFound(_) => ChannelError::ChannelNotFound,
        E::NotOpen(_) => ChannelError::NotOpen,
        E::NotClosing(_) => ChannelError::NotClosing,
        E::WrongChannel(_) => ChannelError::WrongChannel,
        E::InvalidSignature(_) => ChannelError::InvalidSignature,
        E::WrongSigner(_) => ChannelError::WrongSigner,
        E::StaleNonce(_) => ChannelError::StaleNonce,
        E::ChallengePeriodOver(_) => ChannelError::ChallengePeriodOver,
        E::ChallengePeriodActive(_) => ChannelError::ChallengePeriodActive,
        E::Overdrawn(_) => ChannelError::Overdrawn,
        E::FundsMismatch(_) => ChannelError::FundsMismatch,
        E::TransferFailed(_) => ChannelError::TransferFailed,
        E::ReentrancyGuardReentrantCall(_) => ChannelError::Reentrancy,
        E::InvalidShortString(_) | E::StringTooLong(_) => return None,
    })
}

/// The spec code of a failed channel call, if its revert data is a channel error.
pub fn channel_error(err: &alloy::contract::Error) -> Option<ChannelError> {
    err.as_decoded_interface_error::<TokenrailChannelErrors>()
        .and_then(|e| channel_error_code(&e))
}
