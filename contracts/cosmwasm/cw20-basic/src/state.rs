//! Storage layout of the cw20 token.

use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};

use crate::msg::TokenInfoResponse;

/// Name, symbol, decimals and supply.
pub const TOKEN_INFO: Item<TokenInfoResponse> = Item::new("token_info");
/// Balances by holder.
pub const BALANCES: Map<&Addr, Uint128> = Map::new("balance");
