//! Merkle leaves and proofs of CosmWasm distributions (SHA-256).
//!
//! The leaf binds the claim to this chain and contract (see "Leaves" in `docs/spec/payout.md`):
//! `sha256(sha256(preimage))`, where the preimage is the domain tag, then the chain id, the
//! contract address, the distribution id, the index, the account and the amount (integers
//! big-endian, strings with a 2-byte length). Hashing the leaf twice makes its outer preimage
//! 32 bytes, so a 64-byte internal node `sha256(min ‖ max)` is never accepted as a leaf.
//! `tokenrail_core::payout::leaf::cosmwasm` computes the same bytes off chain.

use sha2::{Digest, Sha256};

/// Domain tag that starts every leaf preimage.
pub const LEAF_DOMAIN: &[u8] = b"tokenrail:payout:cosmwasm:v1";

/// A 32-byte hash.
pub type Hash = [u8; 32];

fn sha256(data: &[u8]) -> Hash {
    Sha256::digest(data).into()
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    // Chain ids and addresses are validated strings far shorter than 64 KiB.
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// The leaf of claim `index` paying `amount` to `account` from distribution `id` of `contract`
/// on `chain_id`.
pub fn leaf(
    chain_id: &str,
    contract: &str,
    id: u64,
    index: u32,
    account: &str,
    amount: u128,
) -> Hash {
    let mut pre = Vec::with_capacity(LEAF_DOMAIN.len() + 32 + chain_id.len() + 2 * 64);
    pre.extend_from_slice(LEAF_DOMAIN);
    push_str(&mut pre, chain_id);
    push_str(&mut pre, contract);
    pre.extend_from_slice(&id.to_be_bytes());
    pre.extend_from_slice(&index.to_be_bytes());
    push_str(&mut pre, account);
    pre.extend_from_slice(&amount.to_be_bytes());
    sha256(&sha256(&pre))
}

/// Whether `proof` leads from `leaf` to `root` (sorted-pair internal nodes).
pub fn verify(root: &Hash, leaf: Hash, proof: &[Hash]) -> bool {
    let computed = proof.iter().fold(leaf, |acc, sibling| {
        let (lo, hi) = if acc <= *sibling {
            (acc, *sibling)
        } else {
            (*sibling, acc)
        };
        let mut buf = [0u8; 64];
        buf[..32].copy_from_slice(&lo);
        buf[32..].copy_from_slice(&hi);
        sha256(&buf)
    });
    computed == *root
}
