//! The payout program's claimed bitmap, as a client reads it: one chunk account per
//! [`CLAIMS_PER_CHUNK`] claims (`["claims", distribution, chunk_le_bytes]`), one bit a claim.

/// Bytes of bitmap per chunk account.
pub const CHUNK_BYTES: usize = 8192;
/// Claims covered by one chunk.
pub const CLAIMS_PER_CHUNK: u32 = (CHUNK_BYTES * 8) as u32;
/// A chunk account's size: Anchor's discriminator, the distribution, the chunk number, the bump,
/// padding, then the bitmap.
pub const CHUNK_SPACE: usize = 8 + 32 + 4 + 1 + 3 + CHUNK_BYTES;

/// The chunk number holding claim `index`.
pub fn chunk_of(index: u32) -> u32 {
    index / CLAIMS_PER_CHUNK
}

/// Whether claim `index` is marked in `chunk` (the data of the chunk account holding it);
/// `None` when the data is not a chunk account.
pub fn is_claimed(chunk: &[u8], index: u32) -> Option<bool> {
    if chunk.len() != CHUNK_SPACE {
        return None;
    }
    let bits = &chunk[CHUNK_SPACE - CHUNK_BYTES..];
    let bit = index % CLAIMS_PER_CHUNK;
    Some(bits[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
}
