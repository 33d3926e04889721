//! Storage layout.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};

use crate::msg::{Asset, EscrowStatus};

/// One escrow.
#[cw_serde]
pub struct Escrow {
    /// Funder; receives refunds.
    pub depositor: Addr,
    /// Receives released milestones.
    pub beneficiary: Addr,
    /// Optional arbiter.
    pub arbiter: Option<Addr>,
    /// Held asset.
    pub asset: Asset,
    /// Milestone amounts.
    pub milestones: Vec<Uint128>,
    /// Index of the next milestone to release.
    pub next_milestone: u32,
    /// Sum of released milestones.
    pub released: Uint128,
    /// Sum of all milestones.
    pub total: Uint128,
    /// Unix seconds.
    pub deadline: u64,
    /// Lifecycle state.
    pub status: EscrowStatus,
}

/// Last id handed out (ids start at 1).
pub const ESCROW_COUNT: Item<u64> = Item::new("escrow_count");
/// Escrows by id.
pub const ESCROWS: Map<u64, Escrow> = Map::new("escrows");
