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
    /// The token was deactivated, for good: nothing moves a balance any more.
    Deactivated,
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
    /// A document other than `legal` (the metadata) was created or replaced (ERC-1643).
    DocumentUpdated {
        /// Its name.
        name: String,
        /// Its URI now.
        uri: String,
        /// Its hash now (`0x` hex).
        hash: String,
    },
    /// A document was removed.
    DocumentRemoved {
        /// Its name.
        name: String,
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
    /// An escrow was funded (`docs/spec/escrow.md`).
    EscrowCreated {
        /// The escrow: its sequential id (EVM, CosmWasm, ink!) or its account (Solana).
        escrow: String,
        /// Who funded it and is refunded.
        depositor: String,
        /// Who is paid on release.
        beneficiary: String,
        /// Who may release besides the depositor (`None`: nobody).
        arbiter: Option<String>,
        /// The asset held: a token contract, a mint or a native denomination.
        asset: String,
        /// Units held.
        total: Amount,
        /// After this time (Unix seconds) the depositor may take back what is unreleased.
        deadline: u64,
        /// The milestones' amounts, in release order (their sum is `total`).
        milestones: Vec<Amount>,
    },
    /// A milestone of an escrow was paid to its beneficiary.
    MilestoneReleased {
        /// The escrow.
        escrow: String,
        /// The milestone's index, from 0.
        milestone: u32,
        /// Units paid.
        amount: Amount,
        /// Who released it.
        by: String,
    },
    /// The last milestone of an escrow was released.
    EscrowCompleted {
        /// The escrow.
        escrow: String,
    },
    /// What an escrow had not released went back to its depositor after the deadline.
    EscrowRefunded {
        /// The escrow.
        escrow: String,
        /// Units refunded.
        amount: Amount,
        /// Who asked for it.
        by: String,
    },
    /// An escrow was cancelled before any release, its total returned to the depositor.
    EscrowCancelled {
        /// The escrow.
        escrow: String,
        /// Units returned.
        amount: Amount,
    },
    /// Solana: a settled escrow's accounts were closed, whatever its vault still held paid to
    /// the depositor.
    EscrowClosed {
        /// The escrow.
        escrow: String,
        /// Units paid out of the vault on closing.
        remainder: Amount,
    },
    /// A batch of payments was sent in one transaction (`docs/spec/payout.md`); each leg is
    /// the asset's own transfer.
    MultiSent {
        /// Who paid.
        payer: String,
        /// The asset.
        asset: String,
        /// The number of payments.
        count: u32,
        /// Units sent in all.
        total: Amount,
    },
    /// A Merkle distribution was funded.
    DistributionCreated {
        /// The distribution: its sequential id, or its account (Solana).
        distribution: String,
        /// The asset.
        asset: String,
        /// The Merkle root (`0x` hex).
        root: String,
        /// Units funded.
        total: Amount,
        /// Claims open at this time (Unix seconds).
        start: u64,
        /// Claims close at this time; what is left may then be clawed back.
        expiry: u64,
        /// Who receives the clawback.
        clawback_receiver: String,
    },
    /// A leaf of a distribution was claimed.
    Claimed {
        /// The distribution.
        distribution: String,
        /// The leaf's index.
        index: u64,
        /// Who was paid.
        account: String,
        /// Units paid.
        amount: Amount,
    },
    /// What a distribution had left after its expiry went to its clawback receiver.
    ClawedBack {
        /// The distribution.
        distribution: String,
        /// Who received it.
        receiver: String,
        /// Units clawed back.
        amount: Amount,
    },
    /// A payment the recipient could not take was kept for it to withdraw (pull payment).
    PayoutDeferred {
        /// The asset.
        asset: String,
        /// Who may withdraw it.
        to: String,
        /// Units kept.
        amount: Amount,
    },
    /// Kept payments were withdrawn.
    Withdrawn {
        /// The asset.
        asset: String,
        /// Whose payments they were.
        owner: String,
        /// Where they went.
        to: String,
        /// Units withdrawn.
        amount: Amount,
    },
    /// A payment channel was opened (`docs/spec/channel.md`).
    ChannelOpened {
        /// The channel's id (`0x` hex) or account (Solana).
        channel: String,
        /// The channel's epoch (a reopened channel counts up).
        epoch: u64,
        /// Party A, who opened it.
        a: String,
        /// Party B.
        b: String,
        /// The asset.
        asset: String,
        /// Units A deposited on opening.
        amount: Amount,
        /// The challenge period, seconds.
        period: u64,
    },
    /// A party added to its deposit in a channel.
    ChannelDeposited {
        /// The channel.
        channel: String,
        /// The party.
        party: String,
        /// Units added.
        amount: Amount,
        /// The channel's total deposit now.
        total: Amount,
    },
    /// A channel started closing on a state; the other party may challenge until `deadline`.
    ChannelClosing {
        /// The channel.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// The state's nonce.
        nonce: u64,
        /// End of the challenge period (Unix seconds).
        deadline: u64,
        /// Who started closing.
        by: String,
    },
    /// A newer state replaced a closing channel's.
    ChannelChallenged {
        /// The channel.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// The newer state's nonce.
        nonce: u64,
    },
    /// A channel paid both parties and closed.
    ChannelSettled {
        /// The channel.
        channel: String,
        /// The epoch.
        epoch: u64,
        /// Units paid to A.
        balance_a: Amount,
        /// Units paid to B.
        balance_b: Amount,
    },
    /// An event this ledger cannot decode: kept raw, never dropped, and reported by the sync.
    Unknown {
        /// Why it did not decode.
        reason: String,
    },
}

impl EventData {
    /// Whether this is an escrow, payout or channel event (`docs/spec/events.md` § "Escrow,
    /// payout, channel"): a payment's own record, which moves no cap-table balance.
    pub fn is_payment(&self) -> bool {
        matches!(
            self,
            EventData::EscrowCreated { .. }
                | EventData::MilestoneReleased { .. }
                | EventData::EscrowCompleted { .. }
                | EventData::EscrowRefunded { .. }
                | EventData::EscrowCancelled { .. }
                | EventData::EscrowClosed { .. }
                | EventData::MultiSent { .. }
                | EventData::DistributionCreated { .. }
                | EventData::Claimed { .. }
                | EventData::ClawedBack { .. }
                | EventData::PayoutDeferred { .. }
                | EventData::Withdrawn { .. }
                | EventData::ChannelOpened { .. }
                | EventData::ChannelDeposited { .. }
                | EventData::ChannelClosing { .. }
                | EventData::ChannelChallenged { .. }
                | EventData::ChannelSettled { .. }
        )
    }

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
            EventData::Deactivated => "deactivated",
            EventData::RoleGranted { .. } => "role_granted",
            EventData::RoleRevoked { .. } => "role_revoked",
            EventData::AdminProposed { .. } => "admin_proposed",
            EventData::AdminTransferred { .. } => "admin_transferred",
            EventData::MetadataUpdated { .. } => "metadata_updated",
            EventData::DocumentUpdated { .. } => "document_updated",
            EventData::DocumentRemoved { .. } => "document_removed",
            EventData::RulesUpdated { .. } => "rules_updated",
            EventData::InvestorUpdated { .. } => "investor_updated",
            EventData::InvestorRemoved { .. } => "investor_removed",
            EventData::TokenBound { .. } => "token_bound",
            EventData::TokenUnbound { .. } => "token_unbound",
            EventData::RegistryMirrorReset { .. } => "registry_mirror_reset",
            EventData::PermitDomainChanged => "permit_domain_changed",
            EventData::EscrowCreated { .. } => "escrow_created",
            EventData::MilestoneReleased { .. } => "milestone_released",
            EventData::EscrowCompleted { .. } => "escrow_completed",
            EventData::EscrowRefunded { .. } => "escrow_refunded",
            EventData::EscrowCancelled { .. } => "escrow_cancelled",
            EventData::EscrowClosed { .. } => "escrow_closed",
            EventData::MultiSent { .. } => "multi_sent",
            EventData::DistributionCreated { .. } => "distribution_created",
            EventData::Claimed { .. } => "claimed",
            EventData::ClawedBack { .. } => "clawed_back",
            EventData::PayoutDeferred { .. } => "payout_deferred",
            EventData::Withdrawn { .. } => "withdrawn",
            EventData::ChannelOpened { .. } => "channel_opened",
            EventData::ChannelDeposited { .. } => "channel_deposited",
            EventData::ChannelClosing { .. } => "channel_closing",
            EventData::ChannelChallenged { .. } => "channel_challenged",
            EventData::ChannelSettled { .. } => "channel_settled",
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
