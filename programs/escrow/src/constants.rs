//! Seeds and limits.

/// Seed prefix of escrow PDAs: `["escrow", depositor, id_le_bytes]`.
pub const ESCROW_SEED: &[u8] = b"escrow";
/// Seed prefix of vault PDAs: `["vault", escrow]`.
pub const VAULT_SEED: &[u8] = b"vault";
/// Largest number of milestones per escrow (fixed so the account size is fixed).
pub const MAX_MILESTONES: usize = 16;
