//! Storage layout.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::Map;

use crate::msg::Asset;

/// Lifecycle of a channel epoch.
#[cw_serde]
#[derive(Copy)]
pub enum Status {
    /// Deposits and closes accepted.
    Open,
    /// Waiting out the challenge period of a unilateral close.
    Closing,
    /// Paid out; may be opened again.
    Settled,
}

/// One channel.
#[cw_serde]
pub struct Channel {
    /// The opener (party A).
    pub a: Addr,
    /// The counterparty (party B).
    pub b: Addr,
    /// The asset held.
    pub asset: Asset,
    /// Which opening.
    pub epoch: u64,
    /// Lifecycle.
    pub status: Status,
    /// Challenge period in seconds.
    pub period: u64,
    /// End of the challenge period (while Closing).
    pub deadline: u64,
    /// Recorded nonce (while Closing).
    pub nonce: u64,
    /// A's deposits this epoch.
    pub deposit_a: Uint128,
    /// B's deposits this epoch.
    pub deposit_b: Uint128,
    /// Recorded cumulative amount A paid B.
    pub sent_a: Uint128,
    /// Recorded cumulative amount B paid A.
    pub sent_b: Uint128,
}

/// Channels by id (32 bytes).
pub const CHANNELS: Map<&[u8], Channel> = Map::new("channels");
/// Deferred payouts by (asset key, owner); see [`crate::contract::asset_key`].
pub const OWED: Map<(&[u8], &Addr), Uint128> = Map::new("owed");
