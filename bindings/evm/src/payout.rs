//! Payout on EVM: the Merkle leaf encoding and the mapping of reverts onto the spec's codes.

use alloy::primitives::{Address, B256, U256};
use tokenrail_core::merkle::{abi, leaf_hash};
use tokenrail_core::payout::PayoutError;

use crate::{TokenrailMerkleDistributorErrors, TokenrailMultiSendErrors};

/// The standard-v1 leaf of a claim, as `TokenrailMerkleDistributor.leafHash` computes it:
/// `keccak256(keccak256(abi.encode(chainId, distributor, id, index, account, amount)))`.
pub fn leaf(
    chain_id: u64,
    distributor: Address,
    id: U256,
    index: u64,
    account: Address,
    amount: u128,
) -> B256 {
    let words = [
        abi::uint(chain_id.into()),
        abi::address(&distributor.into_array()),
        id.to_be_bytes::<32>(),
        abi::uint(index.into()),
        abi::address(&account.into_array()),
        abi::uint(amount),
    ];
    B256::from(leaf_hash(&abi::encode(&words)))
}

/// Maps a decoded multi-send revert onto the spec's code.
pub fn multisend_error_code(e: &TokenrailMultiSendErrors) -> PayoutError {
    use TokenrailMultiSendErrors as E;
    match e {
        E::LengthMismatch(_) => PayoutError::LengthMismatch,
        E::EmptyBatch(_) => PayoutError::EmptyBatch,
        E::ZeroAmount(_) => PayoutError::ZeroAmount,
        E::DuplicateRecipient(_) => PayoutError::DuplicateRecipient,
        E::TotalMismatch(_) => PayoutError::TotalMismatch,
        E::FundsMismatch(_) => PayoutError::FundsMismatch,
        E::InvalidAddress(_) => PayoutError::InvalidAddress,
        E::TransferFailed(_) => PayoutError::TransferFailed,
        E::RecipientsNotSorted(_) => PayoutError::RecipientsNotSorted,
        E::ReentrancyGuardReentrantCall(_) => PayoutError::TransferFailed,
    }
}

/// Maps a decoded distributor revert onto the spec's code.
pub fn distributor_error_code(e: &TokenrailMerkleDistributorErrors) -> PayoutError {
    use TokenrailMerkleDistributorErrors as E;
    match e {
        E::InvalidSchedule(_) => PayoutError::InvalidSchedule,
        E::FundsMismatch(_) => PayoutError::FundsMismatch,
        E::DistributionNotFound(_) => PayoutError::DistributionNotFound,
        E::NotStarted(_) => PayoutError::NotStarted,
        E::Expired(_) => PayoutError::Expired,
        E::AlreadyClaimed(_) => PayoutError::AlreadyClaimed,
        E::InvalidProof(_) => PayoutError::InvalidProof,
        E::ExceedsTotal(_) => PayoutError::ExceedsTotal,
        E::NotExpired(_) => PayoutError::NotExpired,
        E::ClawedBack(_) => PayoutError::ClawedBack,
        E::InvalidAddress(_) => PayoutError::InvalidAddress,
        E::SafeERC20FailedOperation(_) => PayoutError::TransferFailed,
        E::ReentrancyGuardReentrantCall(_) => PayoutError::TransferFailed,
    }
}

/// The spec code of a failed payout call, if its revert data is a payout error.
pub fn payout_error(err: &alloy::contract::Error) -> Option<PayoutError> {
    err.as_decoded_interface_error::<TokenrailMultiSendErrors>()
        .map(|e| multisend_error_code(&e))
        .or_else(|| {
            err.as_decoded_interface_error::<TokenrailMerkleDistributorErrors>()
                .map(|e| distributor_error_code(&e))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rust leaf equals what the contract's `leafHash` computes; checked on a live node in
    /// `tests/anvil_payout_vectors.rs`, pinned here against a fixed value of the formula.
    #[test]
    fn leaf_is_double_hashed_abi_encoding() {
        let distributor = Address::repeat_byte(0x11);
        let account = Address::repeat_byte(0x22);
        let got = leaf(31337, distributor, U256::from(1), 2, account, 3);
        let mut enc = Vec::new();
        enc.extend_from_slice(&U256::from(31337).to_be_bytes::<32>());
        enc.extend_from_slice(&[0u8; 12]);
        enc.extend_from_slice(distributor.as_slice());
        enc.extend_from_slice(&U256::from(1).to_be_bytes::<32>());
        enc.extend_from_slice(&U256::from(2).to_be_bytes::<32>());
        enc.extend_from_slice(&[0u8; 12]);
        enc.extend_from_slice(account.as_slice());
        enc.extend_from_slice(&U256::from(3).to_be_bytes::<32>());
        let want = alloy::primitives::keccak256(alloy::primitives::keccak256(&enc));
        assert_eq!(got, want);
    }
}
