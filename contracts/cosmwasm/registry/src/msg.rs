//! Messages of the investor registry.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::Addr;

/// Instantiation: the sender becomes the registry admin (and holds no other role).
#[cw_serde]
pub struct InstantiateMsg {}

/// An investor's status.
#[cw_serde]
#[derive(Copy)]
pub enum InvestorStatus {
    /// May hold tokens while the KYC is valid.
    Verified,
    /// Kept for audit; may neither receive nor send.
    Revoked,
}

/// One investor entry.
#[cw_serde]
#[derive(Copy)]
pub struct Entry {
    /// Status.
    pub status: InvestorStatus,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    pub jurisdiction: u16,
    /// Unix seconds; the KYC is expired when `now ≥ kyc_expiry`.
    pub kyc_expiry: u64,
}

impl Entry {
    /// Whether the investor may hold tokens at `now`.
    pub fn is_eligible(&self, now: u64) -> bool {
        self.status == InvestorStatus::Verified && now < self.kyc_expiry
    }
}

/// An entry to write, with its investor.
#[cw_serde]
pub struct EntryInput {
    /// Investor address (normalised bech32).
    pub address: String,
    /// Status.
    pub status: InvestorStatus,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    pub jurisdiction: u16,
    /// Unix seconds.
    pub kyc_expiry: u64,
}

/// The role the registry grants.
#[cw_serde]
#[derive(Copy)]
pub enum RegistryRole {
    /// Adds, updates and removes entries.
    RegistryAgent,
}

impl RegistryRole {
    /// The storage key of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistryRole::RegistryAgent => "registry_agent",
        }
    }
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Admin grants a role.
    GrantRole {
        /// The role.
        role: RegistryRole,
        /// Who receives it.
        account: String,
    },
    /// Admin revokes a role.
    RevokeRole {
        /// The role.
        role: RegistryRole,
        /// Who loses it.
        account: String,
    },
    /// Admin proposes the next admin (`None` cancels a proposal).
    ProposeAdmin {
        /// The proposed admin.
        new: Option<String>,
    },
    /// The proposed admin accepts.
    AcceptAdmin {},
    /// Agent adds or updates entries, all or nothing (at most [`crate::contract::MAX_BATCH`]).
    Upsert {
        /// The entries.
        entries: Vec<EntryInput>,
    },
    /// Agent removes entries, all or nothing.
    Remove {
        /// The investors.
        addresses: Vec<String>,
    },
}

/// Queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One investor's entry.
    #[returns(EntryResponse)]
    Entry {
        /// Investor.
        address: String,
    },
    /// Several investors' entries in one query (a token reads both parties of a transfer).
    #[returns(EntriesResponse)]
    Entries {
        /// Investors, at most [`crate::contract::MAX_BATCH`].
        addresses: Vec<String>,
    },
    /// Whether an investor may hold tokens now.
    #[returns(bool)]
    IsEligible {
        /// Investor.
        address: String,
    },
    /// Entries in address order, paginated.
    #[returns(ListEntriesResponse)]
    ListEntries {
        /// Continue after this address.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The admin and any pending proposal.
    #[returns(crate::roles::AdminResponse)]
    Admin {},
    /// Whether `account` holds `role`.
    #[returns(bool)]
    HasRole {
        /// The role.
        role: RegistryRole,
        /// The account.
        account: String,
    },
}

/// Answer to [`QueryMsg::Entry`].
#[cw_serde]
pub struct EntryResponse {
    /// The entry; `None` when the investor is unregistered.
    pub entry: Option<Entry>,
}

/// Answer to [`QueryMsg::Entries`], in the order asked.
#[cw_serde]
pub struct EntriesResponse {
    /// One entry (or `None`) per address asked.
    pub entries: Vec<Option<Entry>>,
}

/// Answer to [`QueryMsg::ListEntries`].
#[cw_serde]
pub struct ListEntriesResponse {
    /// `(address, entry)` pairs in address order.
    pub entries: Vec<(Addr, Entry)>,
}
