//! Storage layout (roles live in [`crate::roles`]).

use cosmwasm_std::Addr;
use cw_storage_plus::Map;

use crate::msg::Entry;

/// Investor entries by address.
pub const ENTRIES: Map<&Addr, Entry> = Map::new("entries");
