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

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::sol_types::SolInterface;

    /// Every error the contract can revert with carries its spec name and maps to its number.
    #[test]
    fn error_codes_are_pinned() {
        let mut mapped = 0;
        for selector in TokenrailChannelErrors::SELECTORS {
            // Zero-filled arguments decode for every error of this contract.
            let mut data = selector.to_vec();
            data.extend_from_slice(&[0u8; 32 * 2]);
            let decoded = TokenrailChannelErrors::abi_decode(&data).expect("decodes");
            let name = format!("{decoded:?}");
            match channel_error_code(&decoded) {
                Some(ChannelError::Reentrancy) => {
                    assert!(name.starts_with("ReentrancyGuardReentrantCall"))
                }
                Some(code) => {
                    assert!(name.starts_with(code.name()), "{name} vs {}", code.name());
                    mapped += 1;
                }
                None => assert!(
                    name.starts_with("InvalidShortString") || name.starts_with("StringTooLong")
                ),
            }
        }
        // Every spec code has an EVM error of its name except the Solana-only ones and
        // Reentrancy, which is OpenZeppelin's (checked above).
        let solana_only = [
            ChannelError::InvalidSignatureInstruction,
            ChannelError::InvalidAccount,
            ChannelError::UnsupportedMint,
            ChannelError::Reentrancy,
        ];
        assert_eq!(mapped, ChannelError::ALL.len() - solana_only.len());
    }
}
