//! Program accounts.

pub mod claim_chunk;
pub mod distribution;

pub use claim_chunk::*;
pub use distribution::*;
