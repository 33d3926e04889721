//! The normalized event record (`docs/spec/events.md`): one shape for every chain's events, so a
//! cap table, a history or a reconciliation reads the same rows whatever the chain.

use serde::{Deserialize, Serialize};
use tokenrail_core::Amount;

/// The chain family an event comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// An EVM chain (`network` is the chain id).
    Evm,
    /// A Solana cluster (`network` is the genesis hash).
    Solana,
    /// A Cosmos chain running CosmWasm (`network` is the chain id).
    Cosmwasm,
    /// A Substrate chain running ink! contracts (`network` is the genesis hash).
    Ink,
}

impl Family {
    /// The name stored in the `family` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Evm => "evm",
            Family::Solana => "solana",
            Family::Cosmwasm => "cosmwasm",
            Family::Ink => "ink",
        }
    }

    /// The family stored as `name`, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "evm" => Family::Evm,
            "solana" => Family::Solana,
            "cosmwasm" => Family::Cosmwasm,
            "ink" => Family::Ink,
            _ => return None,
        })
    }
}

/// What happened, with its typed fields. Addresses are the chain's canonical spelling; amounts
/// are base units (decimal strings in JSON). The serde tag is the spec's `kind`.
///
/// Balances move only by [`Minted`](EventData::Minted), [`Burned`](EventData::Burned) and
/// [`Transferred`](EventData::Transferred): every chain records exactly one of them per balance
/// change. `Redeemed`, `ForcedTransfer` and `Recovered` say *why* a balance moved and sit beside
/// that row in the same transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventData {
    /// New units were created for `to`.
    Minted {
        /// The receiver.
        to: String,
        /// Units created.
        amount: Amount,
    },
    /// Units of `from` were destroyed.
    Burned {
        /// The holder whose units were destroyed.
        from: String,
        /// Units destroyed.
        amount: Amount,
    },
    /// Units moved from one holder to another.
    Transferred {
        /// The sender.
        from: String,
        /// The receiver.
        to: String,
        /// Units moved.
        amount: Amount,
    },
    /// The issuer redeemed (burned) a holder's units; the `burned` row moves the balance.
    Redeemed {
        /// The holder redeemed.
        from: String,
        /// Units redeemed.
        amount: Amount,
        /// The issuer who redeemed.
        by: String,
    },
    /// An enforcer moved units regardless of the rules; the `transferred` row moves the balance.
    ForcedTransfer {
        /// The holder the units left.
        from: String,
        /// The receiver.
        to: String,
        /// Units moved.
        amount: Amount,
    },
    /// A lost wallet's position moved to a new wallet; the `transferred` row moves the balance.
    Recovered {
        /// The lost wallet.
        lost: String,
        /// The new wallet.
        new: String,
        /// Units moved.
        amount: Amount,
    },
    /// `owner` allowed `spender` to move up to `amount` of its units.
    Approved {
        /// The holder.
        owner: String,
        /// Who may spend.
        spender: String,
        /// The allowance now.
        amount: Amount,
    },
    /// A holder's account was frozen or unfrozen as a whole.
    AccountFrozen {
        /// The holder.
        account: String,
        /// Whether it is frozen now.
        frozen: bool,
    },
    /// The part of a holder's balance that cannot move.
    FrozenAmountSet {
        /// The holder.
        account: String,
        /// The frozen amount now.
        amount: Amount,
    },
    /// A holder's lock-up: no sending before `until` (Unix seconds; 0 = none).
    LockupSet {
        /// The holder.
        account: String,
        /// End of the lock-up.
        until: u64,
    },
    /// The token was paused.
    Paused,
    /// The token was unpaused.
    Unpaused,
    /// `account` was given `role`.
    RoleGranted {
        /// The role (the chain's identifier: a hash on EVM, a name elsewhere).
        role: String,
        /// The account.
        account: String,
    },
    /// `account` lost `role`.
    RoleRevoked {
        /// The role.
        role: String,
        /// The account.
        account: String,
    },
    /// A new admin was proposed (two-step handover).
    AdminProposed {
        /// The proposed admin.
        account: String,
    },
    /// The proposed admin accepted.
    AdminTransferred {
        /// The new admin.
        account: String,
    },
    /// The token's metadata URI and legal-document hash.
    MetadataUpdated {
        /// The metadata URI.
        uri: String,
        /// The legal document's SHA-256 (`0x` hex).
        legal_document_hash: String,
    },
    /// The token's compliance rules changed.
    RulesUpdated {
        /// Jurisdictions allowed (empty: all not blocked).
        allowed_jurisdictions: Vec<u16>,
        /// Jurisdictions blocked.
        blocked_jurisdictions: Vec<u16>,
        /// The holder cap (0 = none).
        max_holders: u32,
        /// The per-holder balance cap (0 = none).
        max_balance: Amount,
        /// Whether an expired KYC blocks sending.
        expired_kyc_blocks_sending: bool,
    },
    /// An investor's registry entry was added or changed.
    InvestorUpdated {
        /// The investor's wallet.
        investor: String,
        /// The status code (`docs/spec/whitelist.md`).
        status: u8,
        /// ISO 3166-1 numeric jurisdiction.
        jurisdiction: u16,
        /// End of the KYC's validity (Unix seconds).
        kyc_expiry: u64,
    },
    /// An investor's registry entry was removed.
    InvestorRemoved {
        /// The investor's wallet.
        investor: String,
    },
    /// A token was bound to the registry (it receives entry changes).
    TokenBound {
        /// The token.
        token: String,
    },
    /// A token was unbound from the registry.
    TokenUnbound {
        /// The token.
        token: String,
    },
    /// EVM: the token dropped its copy of the registry's entries (bind, unbind, reset); the
    /// entries are re-pushed by the registry, so this changes no cap-table line.
    RegistryMirrorReset {
        /// The token's new registry generation.
        generation: u16,
    },
    /// EVM: the token's EIP-712 domain (permits) changed.
    PermitDomainChanged,
    /// An event this ledger cannot decode: kept raw, never dropped, and reported by the sync.
    Unknown {
        /// Why it did not decode.
        reason: String,
    },
}

impl EventData {
    /// The spec's kind name (the `kind` column).
    pub fn kind(&self) -> &'static str {
        match self {
            EventData::Minted { .. } => "minted",
            EventData::Burned { .. } => "burned",
            EventData::Transferred { .. } => "transferred",
            EventData::Redeemed { .. } => "redeemed",
            EventData::ForcedTransfer { .. } => "forced_transfer",
            EventData::Recovered { .. } => "recovered",
            EventData::Approved { .. } => "approved",
            EventData::AccountFrozen { .. } => "account_frozen",
            EventData::FrozenAmountSet { .. } => "frozen_amount_set",
            EventData::LockupSet { .. } => "lockup_set",
            EventData::Paused => "paused",
            EventData::Unpaused => "unpaused",
            EventData::RoleGranted { .. } => "role_granted",
            EventData::RoleRevoked { .. } => "role_revoked",
            EventData::AdminProposed { .. } => "admin_proposed",
            EventData::AdminTransferred { .. } => "admin_transferred",
            EventData::MetadataUpdated { .. } => "metadata_updated",
            EventData::RulesUpdated { .. } => "rules_updated",
            EventData::InvestorUpdated { .. } => "investor_updated",
            EventData::InvestorRemoved { .. } => "investor_removed",
            EventData::TokenBound { .. } => "token_bound",
            EventData::TokenUnbound { .. } => "token_unbound",
            EventData::RegistryMirrorReset { .. } => "registry_mirror_reset",
            EventData::PermitDomainChanged => "permit_domain_changed",
            EventData::Unknown { .. } => "unknown",
        }
    }
}

/// Where an event sits on its chain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Block number (EVM, ink!), slot (Solana) or height (CometBFT).
    pub block: u64,
    /// The block's hash (`0x` hex on EVM and ink!, base58 on Solana, hex on CometBFT).
    pub block_hash: String,
    /// The block's time, Unix seconds.
    pub block_time: u64,
    /// The transaction's position within its block.
    pub tx_position: u64,
}

/// One normalized event: the row the ledger stores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The chain family.
    pub family: Family,
    /// The network within the family (chain id or genesis hash).
    pub network: String,
    /// The emitting contract or program.
    pub contract: String,
    /// Where the event sits.
    pub position: Position,
    /// The transaction id (EVM: hash; Solana: first signature; CometBFT: hash; ink!: extrinsic hash).
    pub tx: String,
    /// The chain's own index of the event (EVM: the log's index in its block).
    pub index: u64,
    /// Which row of that chain event this is, when one chain event yields several (else 0).
    pub part: u32,
    /// The asset token the event belongs to, where it belongs to one.
    pub token: Option<String>,
    /// What happened.
    pub data: EventData,
    /// The chain's own event, as read (EVM: `{"topics": [...], "data": "0x…"}`).
    pub raw: String,
}

impl EventRecord {
    /// The record's unique key: re-reading a range can never store it twice.
    pub fn key(&self) -> (Family, &str, &str, u64, u32) {
        (self.family, &self.network, &self.tx, self.index, self.part)
    }
}

/// A 32-byte hash as rows spell it: `0x` and 64 lowercase hex digits (what EVM's logs give).
#[cfg(any(feature = "solana", feature = "ink"))]
pub(crate) fn hash_hex(bytes: &[u8; 32]) -> String {
    bytes
        .iter()
        .fold(String::from("0x"), |hex, b| hex + &format!("{b:02x}"))
}
