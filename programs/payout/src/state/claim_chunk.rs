//! Claimed-bitmap chunks.
//!
//! The cheapest safe claimed state on Solana is a bitmap the funder pays for once: one bit a
//! claim, in chunk accounts of [`CHUNK_BYTES`] (65,536 claims each, about 0.058 SOL of rent per
//! chunk; see `docs/spec/payout.md`). A per-claim receipt account would cost every claimant
//! about 0.00089 SOL instead. Zero-copy, so the 8 KiB never lands on the 4 KiB SBF stack.

use anchor_lang::prelude::*;

use crate::constants::{CHUNK_BYTES, CLAIMS_PER_CHUNK};

/// One chunk of a distribution's claimed bitmap; a PDA at
/// `["claims", distribution, chunk_le_bytes]`.
#[account(zero_copy)]
#[repr(C)]
pub struct ClaimChunk {
    /// The distribution this chunk belongs to.
    pub distribution: Pubkey,
    /// Chunk number: claims `chunk * CLAIMS_PER_CHUNK ..` are in it.
    pub chunk: u32,
    /// Bump of the chunk PDA.
    pub bump: u8,
    /// Alignment padding.
    pub padding: [u8; 3],
    /// One bit a claim, little-endian within each byte.
    pub bits: [u8; CHUNK_BYTES],
}

impl ClaimChunk {
    /// Account size including Anchor's discriminator.
    pub const SPACE: usize = 8 + 32 + 4 + 1 + 3 + CHUNK_BYTES;

    /// The chunk number holding claim `index`.
    pub fn chunk_of(index: u32) -> u32 {
        index / CLAIMS_PER_CHUNK
    }

    fn position(index: u32) -> (usize, u8) {
        let bit = index % CLAIMS_PER_CHUNK;
        ((bit / 8) as usize, 1u8 << (bit % 8))
    }

    /// Whether claim `index` (which must be in this chunk) is marked.
    pub fn is_claimed(&self, index: u32) -> bool {
        let (byte, mask) = Self::position(index);
        self.bits[byte] & mask != 0
    }

    /// Marks claim `index` (which must be in this chunk).
    pub fn mark(&mut self, index: u32) {
        let (byte, mask) = Self::position(index);
        self.bits[byte] |= mask;
    }
}
