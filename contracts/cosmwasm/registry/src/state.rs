//! Storage layout (roles live in [`crate::roles`]).

use cosmwasm_std::Addr;
use cw_storage_plus::Map;

use crate::msg::Entry;

/// Investor entries by address. Bound tokens read this map raw (`docs/spec/whitelist.md`,
/// CosmWasm), so its namespace, key and value encoding are part of the registry's interface:
/// a migration must keep them.
pub const ENTRIES: Map<&Addr, Entry> = Map::new("entries");

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockStorage;
    use cosmwasm_std::Storage;

    use super::*;
    use crate::msg::InvestorStatus;

    /// Tokens already deployed read entries at these bytes; the test fails on any change of
    /// the namespace, the key encoding or the value's JSON.
    #[test]
    fn the_entry_layout_tokens_read_is_pinned() {
        let mut store = MockStorage::new();
        let investor = Addr::unchecked("cosmwasm1investor");
        let entry = Entry {
            status: InvestorStatus::Verified,
            jurisdiction: 276,
            kyc_expiry: 1_700_000_000,
        };
        ENTRIES.save(&mut store, &investor, &entry).unwrap();
        let key = [b"\x00\x07entries".as_slice(), b"cosmwasm1investor"].concat();
        let value = br#"{"status":"verified","jurisdiction":276,"kyc_expiry":1700000000}"#;
        assert_eq!(store.get(&key).as_deref(), Some(value.as_slice()));
    }
}
