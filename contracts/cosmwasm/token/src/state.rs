//! Storage layout (roles live in [`cw_registry::roles`]).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw_storage_plus::{Item, Map};

use crate::msg::{AllowanceResponse, Rules};

/// What is fixed at instantiation, and the metadata.
#[cw_serde]
pub struct Config {
    /// Token name.
    pub name: String,
    /// Ticker symbol.
    pub symbol: String,
    /// Decimal places.
    pub decimals: u8,
    /// Largest total supply.
    pub cap: Uint128,
    /// The investor registry.
    pub registry: Addr,
    /// Metadata URI.
    pub metadata_uri: String,
    /// SHA-256 of the legal document.
    pub legal_document_hash: HexBinary,
    /// When the metadata (the document `legal`) last changed, in Unix seconds (0 for an
    /// instance stored before documents existed).
    #[serde(default)]
    pub metadata_modified: u64,
}

/// A document other than `legal` (`docs/spec/token.md`, Documents).
#[cw_serde]
pub struct Document {
    /// Its URI.
    pub uri: String,
    /// Its hash (32 bytes).
    pub hash: HexBinary,
    /// When it last changed, in Unix seconds.
    pub last_modified: u64,
}

/// Supply-wide counters, kept in one item because every mint and burn touches them together.
#[cw_serde]
#[derive(Default)]
pub struct Totals {
    /// Sum of all balances.
    pub supply: Uint128,
    /// Addresses with a non-zero balance.
    pub holders: u32,
}

/// An account's restrictions, in one record so that a transfer reads each party once.
#[cw_serde]
#[derive(Default)]
pub struct Restriction {
    /// Can neither send nor receive.
    pub account_frozen: bool,
    /// Part of the balance that cannot be sent.
    pub frozen_amount: Uint128,
    /// Unix seconds before which the account cannot send.
    pub locked_until: u64,
}

impl Restriction {
    /// Whether the record carries nothing (and can be deleted).
    pub fn is_empty(&self) -> bool {
        *self == Restriction::default()
    }
}

/// Fixed configuration and metadata.
pub const CONFIG: Item<Config> = Item::new("config");
/// The investor registry (also in [`CONFIG`]), apart so a movement reads it without the
/// metadata.
pub const REGISTRY: Item<Addr> = Item::new("registry");
/// Compliance rules.
pub const RULES: Item<Rules> = Item::new("rules");
/// Supply and holder count.
pub const TOTALS: Item<Totals> = Item::new("totals");
/// Whether holder-initiated movements are blocked.
pub const PAUSED: Item<bool> = Item::new("paused");
/// Whether the token's life ended (`docs/spec/token.md`, deactivate): only ever set on a paused
/// token, so an active token's movement reads `PAUSED` alone. Absent until set.
pub const DEACTIVATED: Item<bool> = Item::new("deactivated");
/// Balances (cw20-base's namespace).
pub const BALANCES: Map<&Addr, Uint128> = Map::new("balance");
/// Allowances by `(owner, spender)` (cw20-base's namespace).
pub const ALLOWANCES: Map<(&Addr, &Addr), AllowanceResponse> = Map::new("allowance");
/// Documents by name, `legal` excepted (it is the metadata in [`CONFIG`]); at most 31, so a
/// count reads at most 31 keys and only `SetDocument` of a new name counts.
pub const DOCUMENTS: Map<&str, Document> = Map::new("document");
/// Restrictions of accounts that have any.
pub const RESTRICTIONS: Map<&Addr, Restriction> = Map::new("restriction");
