//! The distribution account and its Merkle leaves.

use anchor_lang::prelude::*;
use solana_sha256_hasher::hashv;

use crate::constants::{DISTRIBUTION_SEED, LEAF_DOMAIN};

/// Lifecycle state.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DistributionStatus {
    /// Funded; claims between start and expiry.
    Open,
    /// The remainder went to the clawback receiver.
    ClawedBack,
}

/// One Merkle distribution; a PDA at `["distribution", funder, id_le_bytes]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct Distribution {
    /// Funder-chosen id, part of the PDA seeds.
    pub id: u64,
    /// Who funded it.
    pub funder: Pubkey,
    /// The paid mint.
    pub mint: Pubkey,
    /// The token program owning `mint` (SPL Token or Token-2022).
    pub token_program: Pubkey,
    /// The vault token account (PDA `["vault", distribution]`).
    pub vault: Pubkey,
    /// SHA-256 Merkle root over [`Distribution::leaf`] leaves.
    pub root: [u8; 32],
    /// Number of leaves; claim indices are below it.
    pub claims: u32,
    /// Amount funded.
    pub total: u64,
    /// Sum of claims paid; never exceeds `total`.
    pub claimed: u64,
    /// Unix seconds.
    pub start: i64,
    /// Unix seconds.
    pub expiry: i64,
    /// Receives the remainder after the expiry (any token account it owns).
    pub clawback_receiver: Pubkey,
    /// Lifecycle state.
    pub status: DistributionStatus,
    /// Bump of the distribution PDA.
    pub bump: u8,
}

impl Distribution {
    /// Signer seeds of this distribution PDA.
    pub fn signer_seeds(&self) -> [Vec<u8>; 4] {
        [
            DISTRIBUTION_SEED.to_vec(),
            self.funder.to_bytes().to_vec(),
            self.id.to_le_bytes().to_vec(),
            vec![self.bump],
        ]
    }

    /// The leaf of claim `index` paying `amount` to (a token account owned by) `account` from
    /// the distribution at `distribution` of program `program_id`:
    /// `sha256(sha256(domain ‖ program ‖ distribution ‖ index_be ‖ account ‖ amount_be))`.
    pub fn leaf(
        program_id: &Pubkey,
        distribution: &Pubkey,
        index: u32,
        account: &Pubkey,
        amount: u64,
    ) -> [u8; 32] {
        let inner = hashv(&[
            LEAF_DOMAIN,
            program_id.as_ref(),
            distribution.as_ref(),
            &index.to_be_bytes(),
            account.as_ref(),
            &amount.to_be_bytes(),
        ]);
        hashv(&[inner.as_ref()]).to_bytes()
    }

    /// Whether `proof` leads from `leaf` to `root` (sorted-pair internal nodes over 64 bytes).
    pub fn verify(root: &[u8; 32], leaf: [u8; 32], proof: &[[u8; 32]]) -> bool {
        let computed = proof.iter().fold(leaf, |acc, sibling| {
            let (lo, hi) = if acc <= *sibling {
                (acc, *sibling)
            } else {
                (*sibling, acc)
            };
            hashv(&[&lo, &hi]).to_bytes()
        });
        computed == *root
    }
}
