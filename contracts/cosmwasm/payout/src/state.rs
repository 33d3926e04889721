//! Storage layout.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw_storage_plus::{Item, Map};

use crate::msg::{Asset, DistributionStatus};

/// One Merkle distribution.
#[cw_serde]
pub struct Distribution {
    /// Who funded it.
    pub funder: Addr,
    /// Paid asset.
    pub asset: Asset,
    /// Merkle root (32 bytes).
    pub root: HexBinary,
    /// Amount funded.
    pub total: Uint128,
    /// Sum of claims paid; never exceeds `total`.
    pub claimed: Uint128,
    /// Unix seconds.
    pub start: u64,
    /// Unix seconds.
    pub expiry: u64,
    /// Receives the remainder after the expiry.
    pub clawback_receiver: Addr,
    /// Lifecycle state.
    pub status: DistributionStatus,
}

/// Last id handed out (ids start at 1).
pub const DISTRIBUTION_COUNT: Item<u64> = Item::new("distribution_count");
/// Distributions by id.
pub const DISTRIBUTIONS: Map<u64, Distribution> = Map::new("distributions");
/// Claimed bitmap: word `index / 64` of distribution `id`, bit `index % 64`.
pub const CLAIMED_WORDS: Map<(u64, u32), u64> = Map::new("claimed");

/// Bits per bitmap word.
pub const WORD_BITS: u32 = 64;
