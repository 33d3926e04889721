//! Batch payout capability: the numbered error codes from `docs/spec/payout.md`, shared by
//! every chain.

use crate::spec_errors::spec_errors;

spec_errors! {
    /// Payout error codes (direct multi-send and Merkle distributions).
    pub enum PayoutError("payout") {
        /// Recipients and amounts differ in length.
        LengthMismatch = 1,
        /// No recipients.
        EmptyBatch = 2,
        /// An amount is zero.
        ZeroAmount = 3,
        /// A recipient appears twice in one batch.
        DuplicateRecipient = 4,
        /// The amounts do not sum to the declared total or the attached value.
        TotalMismatch = 5,
        /// Start ≥ expiry, expiry ≤ now, or a zero total.
        InvalidSchedule = 6,
        /// Custody received a different amount than the total.
        FundsMismatch = 7,
        /// No distribution with this id.
        DistributionNotFound = 8,
        /// Claim before the start time.
        NotStarted = 9,
        /// Claim at or after the expiry.
        Expired = 10,
        /// The index was claimed before.
        AlreadyClaimed = 11,
        /// The proof does not verify against the root.
        InvalidProof = 12,
        /// The claim would pay out more than was funded.
        ExceedsTotal = 13,
        /// Clawback before the expiry.
        NotExpired = 14,
        /// The distribution was clawed back.
        ClawedBack = 15,
        /// A zero address where an account is required.
        InvalidAddress = 16,
        /// A native-coin leg could not be paid.
        TransferFailed = 17,
        /// Solana only: an account is not the one the distribution expects (vault, mint, token
        /// program, claim chunk, or a token account of the wrong owner).
        InvalidAccount = 18,
        /// EVM packed batches only: a recipient is below the one before it (packed batches must
        /// be strictly ascending).
        RecipientsNotSorted = 19,
        /// Solana: the mint has an extension that gives a third party power over custody
        /// (permanent delegate, transfer fee, transfer hook, non-transferable).
        UnsupportedMint = 20,
    }
}

/// Merkle leaf encodings of the chains whose distributors are not EVM (see "Leaves" in
/// `docs/spec/payout.md`). Each preimage starts with a domain tag naming the chain family and
/// version, then binds the deployment and distribution, then `(index, account, amount)`;
/// every integer is big-endian and every variable-length field carries a 2-byte length, so no
/// two different claims share a preimage. A leaf is `H(H(preimage))` with the chain's
/// [`MerkleHasher`](crate::merkle::MerkleHasher).
#[cfg(feature = "std")]
pub mod leaf {
    use crate::merkle::{Blake2b256, Hash, MerkleHasher, Sha256};

    /// Domain tag of CosmWasm leaves.
    pub const COSMWASM_DOMAIN: &[u8] = b"tokenrail:payout:cosmwasm:v1";
    /// Domain tag of ink! leaves.
    pub const INK_DOMAIN: &[u8] = b"tokenrail:payout:ink:v1";
    /// Domain tag of Solana leaves.
    pub const SOLANA_DOMAIN: &[u8] = b"tokenrail:payout:solana:v1";

    /// The Solana leaf preimage: domain, program id, distribution account, index, account (the
    /// owner of the receiving token account), amount (u64, as SPL amounts are).
    pub fn solana_preimage(
        program: &[u8; 32],
        distribution: &[u8; 32],
        index: u32,
        account: &[u8; 32],
        amount: u64,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(SOLANA_DOMAIN.len() + 108);
        out.extend_from_slice(SOLANA_DOMAIN);
        out.extend_from_slice(program);
        out.extend_from_slice(distribution);
        out.extend_from_slice(&index.to_be_bytes());
        out.extend_from_slice(account);
        out.extend_from_slice(&amount.to_be_bytes());
        out
    }

    /// The Solana leaf (SHA-256 twice).
    pub fn solana(
        program: &[u8; 32],
        distribution: &[u8; 32],
        index: u32,
        account: &[u8; 32],
        amount: u64,
    ) -> Hash {
        Sha256::leaf(&solana_preimage(
            program,
            distribution,
            index,
            account,
            amount,
        ))
    }

    fn push_str(out: &mut Vec<u8>, s: &str) {
        // Chain ids and bech32 addresses are far below 64 KiB; a longer one is a caller bug.
        let len = u16::try_from(s.len()).expect("leaf field longer than 65535 bytes");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    }

    /// The CosmWasm leaf preimage: domain, chain id, distributor contract address, distribution
    /// id, index, account address (normalised bech32), amount.
    pub fn cosmwasm_preimage(
        chain_id: &str,
        contract: &str,
        distribution_id: u64,
        index: u32,
        account: &str,
        amount: u128,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(128);
        out.extend_from_slice(COSMWASM_DOMAIN);
        push_str(&mut out, chain_id);
        push_str(&mut out, contract);
        out.extend_from_slice(&distribution_id.to_be_bytes());
        out.extend_from_slice(&index.to_be_bytes());
        push_str(&mut out, account);
        out.extend_from_slice(&amount.to_be_bytes());
        out
    }

    /// The CosmWasm leaf (SHA-256 twice).
    pub fn cosmwasm(
        chain_id: &str,
        contract: &str,
        distribution_id: u64,
        index: u32,
        account: &str,
        amount: u128,
    ) -> Hash {
        Sha256::leaf(&cosmwasm_preimage(
            chain_id,
            contract,
            distribution_id,
            index,
            account,
            amount,
        ))
    }

    /// The ink! leaf preimage: domain, distributor contract account, distribution id, index,
    /// account, amount (accounts are 32 bytes, so no lengths are needed).
    pub fn ink_preimage(
        contract: &[u8; 32],
        distribution_id: u64,
        index: u32,
        account: &[u8; 32],
        amount: u128,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(INK_DOMAIN.len() + 92);
        out.extend_from_slice(INK_DOMAIN);
        out.extend_from_slice(contract);
        out.extend_from_slice(&distribution_id.to_be_bytes());
        out.extend_from_slice(&index.to_be_bytes());
        out.extend_from_slice(account);
        out.extend_from_slice(&amount.to_be_bytes());
        out
    }

    /// The ink! leaf (BLAKE2b-256 twice).
    pub fn ink(
        contract: &[u8; 32],
        distribution_id: u64,
        index: u32,
        account: &[u8; 32],
        amount: u128,
    ) -> Hash {
        Blake2b256::leaf(&ink_preimage(
            contract,
            distribution_id,
            index,
            account,
            amount,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_fields_are_unambiguous() {
        // Moving a byte between adjacent variable-length fields changes the leaf.
        let a = leaf::cosmwasm("chain-1", "wasm1abc", 1, 0, "wasm1x", 5);
        let b = leaf::cosmwasm("chain-1w", "asm1abc", 1, 0, "wasm1x", 5);
        assert_ne!(a, b);
        // Every bound field matters.
        assert_ne!(a, leaf::cosmwasm("chain-2", "wasm1abc", 1, 0, "wasm1x", 5));
        assert_ne!(a, leaf::cosmwasm("chain-1", "wasm1abd", 1, 0, "wasm1x", 5));
        assert_ne!(a, leaf::cosmwasm("chain-1", "wasm1abc", 2, 0, "wasm1x", 5));
        assert_ne!(a, leaf::cosmwasm("chain-1", "wasm1abc", 1, 1, "wasm1x", 5));
        assert_ne!(a, leaf::cosmwasm("chain-1", "wasm1abc", 1, 0, "wasm1y", 5));
        assert_ne!(a, leaf::cosmwasm("chain-1", "wasm1abc", 1, 0, "wasm1x", 6));
        let i = leaf::ink(&[1; 32], 1, 0, &[2; 32], 5);
        assert_ne!(i, leaf::ink(&[3; 32], 1, 0, &[2; 32], 5));
        assert_ne!(i, leaf::ink(&[1; 32], 1, 0, &[2; 32], 6));
        assert_eq!(
            leaf::ink_preimage(&[1; 32], 1, 0, &[2; 32], 5).len(),
            23 + 92
        );
    }

    #[test]
    fn codes_are_dense_and_tagged() {
        for (i, e) in PayoutError::ALL.iter().enumerate() {
            assert_eq!(e.code() as usize, i + 1, "{e:?} is out of order");
            assert_eq!(PayoutError::find_tag(&e.tag()), Some(*e));
            assert_eq!(format!("{e:?}"), e.name());
        }
        // Another capability's tag is not a payout tag.
        assert_eq!(PayoutError::find_tag("[escrow:1 LengthMismatch]"), None);
    }
}
