//! Seeds and limits.

/// Seed prefix of distribution PDAs: `["distribution", funder, id_le_bytes]`.
pub const DISTRIBUTION_SEED: &[u8] = b"distribution";
/// Seed prefix of vault PDAs: `["vault", distribution]`.
pub const VAULT_SEED: &[u8] = b"vault";
/// Seed prefix of claim-bitmap chunk PDAs: `["claims", distribution, chunk_le_bytes]`.
pub const CLAIM_CHUNK_SEED: &[u8] = b"claims";
/// Bytes of bitmap per chunk account: 8,192 bytes, so one chunk covers 65,536 claims and fits
/// the 10 KiB an instruction may allocate.
pub const CHUNK_BYTES: usize = 8192;
/// Claims covered by one chunk.
pub const CLAIMS_PER_CHUNK: u32 = (CHUNK_BYTES * 8) as u32;
/// Longest accepted proof.
pub const MAX_PROOF_LEN: usize = 64;
/// Domain tag that starts every leaf preimage.
pub const LEAF_DOMAIN: &[u8] = b"tokenrail:payout:solana:v1";
/// Largest multi-send in one transaction without a lookup table, signed by the payer alone, with a
/// compute-budget instruction (measured by `tests/batch_limits.rs`: the 1,232-byte packet).
pub const MAX_RECIPIENTS_WITHOUT_LOOKUP_TABLE: usize = 21;
/// Largest multi-send in one v0 transaction whose recipients come from an address lookup
/// table (measured by `tests/batch_limits.rs`: the 64-account lock limit).
pub const MAX_RECIPIENTS_WITH_LOOKUP_TABLE: usize = 57;
/// Deepest Merkle proof a claim carries in one transaction without a lookup table, signed by
/// the claimant alone (fee payer too), with a compute-budget instruction (measured by
/// `tests/batch_limits.rs`: the 1,232-byte packet): trees of up to 2^23 leaves. Not a bound
/// the program enforces ([`MAX_PROOF_LEN`] is); it tells a client whether a tree's claims fit
/// one transaction.
pub const MAX_PROOF_LEN_IN_ONE_TRANSACTION: usize = 23;
