//! Messages of the asset token: cw20's (same JSON shape) and Tokenrail's.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, HexBinary, Uint128};
use cw20_basic::msg::Cw20Coin;
use cw_utils::Expiration;

/// Instantiation: the sender becomes the admin and holds no other role.
#[cw_serde]
pub struct InstantiateMsg {
    /// 1–64 bytes.
    pub name: String,
    /// 1–16 bytes.
    pub symbol: String,
    /// 0–18.
    pub decimals: u8,
    /// Largest total supply; > 0, fixed.
    pub cap: Uint128,
    /// The investor registry (`cw-registry`) consulted on every movement; fixed.
    pub registry: String,
    /// Up to 256 bytes (e.g. `ipfs://…`).
    pub metadata_uri: String,
    /// SHA-256 of the legal document (32 bytes).
    pub legal_document_hash: HexBinary,
}

/// A role the token's admin grants.
#[cw_serde]
#[derive(Copy)]
pub enum TokenRole {
    /// Mints within the cap; redeems.
    Issuer,
    /// Compliance agent: rules, freezes, lock-ups, forced transfer, recovery.
    Agent,
    /// Pauses and unpauses.
    Pauser,
}

impl TokenRole {
    /// The storage key of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRole::Issuer => "issuer",
            TokenRole::Agent => "agent",
            TokenRole::Pauser => "pauser",
        }
    }
}

/// The token's compliance rules (`docs/spec/whitelist.md#compliance-rules-per-token`).
#[cw_serde]
#[derive(Default)]
pub struct Rules {
    /// If non-empty, the only jurisdictions that may receive (at most 32).
    pub allowed_jurisdictions: Vec<u16>,
    /// Jurisdictions that may not receive (at most 32).
    pub blocked_jurisdictions: Vec<u16>,
    /// Largest number of holders; 0 = unlimited.
    pub max_holders: u32,
    /// Largest balance one address may reach by receiving; 0 = unlimited.
    pub max_balance: Uint128,
    /// An expired KYC also blocks sending.
    pub expired_kyc_blocks_sending: bool,
}

/// Execute messages. The first nine are cw20's.
#[cw_serde]
pub enum ExecuteMsg {
    /// cw20: moves `amount` from the sender to `recipient`.
    Transfer {
        /// Receiver.
        recipient: String,
        /// Base units.
        amount: Uint128,
    },
    /// cw20: burns the sender's tokens (the holder burn of the spec).
    Burn {
        /// Base units.
        amount: Uint128,
    },
    /// cw20: a transfer to `contract` that then calls its `Receive` hook with `msg`.
    Send {
        /// Receiving contract (it must be an eligible investor like any recipient).
        contract: String,
        /// Base units.
        amount: Uint128,
        /// Payload for the receiver.
        msg: Binary,
    },
    /// cw20: raises `spender`'s allowance.
    IncreaseAllowance {
        /// Spender.
        spender: String,
        /// Added to the allowance.
        amount: Uint128,
        /// Replaces the expiry if given.
        expires: Option<Expiration>,
    },
    /// cw20: lowers `spender`'s allowance (to zero at most).
    DecreaseAllowance {
        /// Spender.
        spender: String,
        /// Taken off the allowance.
        amount: Uint128,
        /// Replaces the expiry if given.
        expires: Option<Expiration>,
    },
    /// cw20: the spender moves `owner`'s tokens (allowance, then the checks of a transfer).
    TransferFrom {
        /// Owner.
        owner: String,
        /// Receiver.
        recipient: String,
        /// Base units.
        amount: Uint128,
    },
    /// cw20: `TransferFrom` to a contract, then its `Receive` hook.
    SendFrom {
        /// Owner.
        owner: String,
        /// Receiving contract.
        contract: String,
        /// Base units.
        amount: Uint128,
        /// Payload for the receiver.
        msg: Binary,
    },
    /// cw20: the spender burns `owner`'s tokens (allowance, then the checks of a burn).
    BurnFrom {
        /// Owner.
        owner: String,
        /// Base units.
        amount: Uint128,
    },
    /// cw20: an issuer mints within the cap to an eligible investor.
    Mint {
        /// Receiver.
        recipient: String,
        /// Base units.
        amount: Uint128,
    },
    /// The sender pays several recipients, all or nothing (at most 100 legs).
    BatchTransfer {
        /// `(address, amount)` legs, paid in order.
        transfers: Vec<Cw20Coin>,
    },
    /// An issuer burns from a holder (redemption); bypasses pause, lock-up and the registry.
    Redeem {
        /// Holder.
        owner: String,
        /// Base units.
        amount: Uint128,
    },
    /// A compliance agent moves tokens bypassing pause, freezes, lock-ups and compliance.
    ForcedTransfer {
        /// Source.
        from: String,
        /// Receiver.
        to: String,
        /// Base units.
        amount: Uint128,
    },
    /// A compliance agent moves everything of `lost` (balance, freezes, lock-up) to `new`.
    Recover {
        /// The lost wallet.
        lost: String,
        /// The investor's new wallet (eligible, holding nothing).
        new: String,
    },
    /// A compliance agent freezes or unfreezes a whole account.
    SetAccountFrozen {
        /// Account.
        account: String,
        /// Frozen or not.
        frozen: bool,
    },
    /// A compliance agent sets the frozen part of a balance (absolute; ≤ the balance).
    SetFrozenAmount {
        /// Account.
        account: String,
        /// Frozen amount.
        amount: Uint128,
    },
    /// A compliance agent locks an account's sending until `until` (Unix seconds; 0 lifts).
    SetLockup {
        /// Account.
        account: String,
        /// Unix seconds.
        until: u64,
    },
    /// A compliance agent replaces the rules.
    SetRules {
        /// The rules.
        rules: Rules,
    },
    /// A pauser pauses holder-initiated movements.
    Pause {},
    /// A pauser lifts the pause.
    Unpause {},
    /// The admin ends the token's life, irreversibly: the token must be paused, and afterwards
    /// nothing moves a balance and nothing unpauses it.
    Deactivate {},
    /// The admin replaces the metadata URI and the legal document's hash.
    SetMetadata {
        /// Up to 256 bytes.
        uri: String,
        /// 32 bytes.
        legal_document_hash: HexBinary,
    },
    /// The admin creates or replaces a document (ERC-1643); under `legal` this is
    /// `SetMetadata`.
    SetDocument {
        /// 1–32 bytes without a zero byte.
        name: String,
        /// Up to 256 bytes.
        uri: String,
        /// 32 bytes.
        hash: HexBinary,
    },
    /// The admin removes a document (never `legal`).
    RemoveDocument {
        /// The document's name.
        name: String,
    },
    /// The admin grants a role.
    GrantRole {
        /// The role.
        role: TokenRole,
        /// Who receives it.
        account: String,
    },
    /// The admin revokes a role.
    RevokeRole {
        /// The role.
        role: TokenRole,
        /// Who loses it.
        account: String,
    },
    /// The admin proposes the next admin (`None` cancels).
    ProposeAdmin {
        /// The proposed admin.
        new: Option<String>,
    },
    /// The proposed admin accepts.
    AcceptAdmin {},
}

/// Queries. The first four are cw20's.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// cw20: balance of `address`.
    #[returns(cw20_basic::msg::BalanceResponse)]
    Balance {
        /// Holder.
        address: String,
    },
    /// cw20: name, symbol, decimals and supply.
    #[returns(cw20_basic::msg::TokenInfoResponse)]
    TokenInfo {},
    /// cw20: an allowance and its expiry.
    #[returns(AllowanceResponse)]
    Allowance {
        /// Owner.
        owner: String,
        /// Spender.
        spender: String,
    },
    /// cw20: every allowance `owner` granted, paginated.
    #[returns(AllAllowancesResponse)]
    AllAllowances {
        /// Owner.
        owner: String,
        /// Continue after this spender.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// cw20: every address that has held the token, paginated.
    #[returns(AllAccountsResponse)]
    AllAccounts {
        /// Continue after this address.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The code `Transfer { recipient: to, amount }` signed by `from` would fail with now
    /// (0 when it would succeed).
    #[returns(CanTransferResponse)]
    CanTransfer {
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Base units.
        amount: Uint128,
    },
    /// The message of restriction `code` (ERC-1404's `messageForTransferRestriction`): "allowed"
    /// for 0, "unknown restriction" for a number outside the spec's table.
    #[returns(RestrictionMessageResponse)]
    RestrictionMessage {
        /// A code `CanTransfer` answers.
        code: u16,
    },
    /// An account's balance and restrictions.
    #[returns(AccountResponse)]
    Account {
        /// The account.
        address: String,
    },
    /// Cap, registry, metadata, pause and holder count.
    #[returns(TokenStatusResponse)]
    Status {},
    /// The compliance rules.
    #[returns(Rules)]
    Rules {},
    /// The admin and any pending proposal.
    #[returns(cw_registry::roles::AdminResponse)]
    Admin {},
    /// Whether `account` holds `role`.
    #[returns(bool)]
    HasRole {
        /// The role.
        role: TokenRole,
        /// The account.
        account: String,
    },
    /// A document (`legal`: the metadata); an error tagged `DocumentNotFound` when absent.
    #[returns(DocumentResponse)]
    Document {
        /// The document's name.
        name: String,
    },
    /// Every document's name, `legal` first.
    #[returns(DocumentNamesResponse)]
    DocumentNames {},
}

/// A document, as ERC-1643's `getDocument` answers it.
#[cw_serde]
pub struct DocumentResponse {
    /// Its URI.
    pub uri: String,
    /// Its hash.
    pub hash: HexBinary,
    /// When it last changed, in Unix seconds.
    pub last_modified: u64,
}

/// Every document's name.
#[cw_serde]
pub struct DocumentNamesResponse {
    /// `legal` first, then the others in byte order.
    pub names: Vec<String>,
}

/// cw20's allowance answer.
#[cw_serde]
#[derive(Default)]
pub struct AllowanceResponse {
    /// Remaining allowance (`u128::MAX` is unlimited and never decreases).
    pub allowance: Uint128,
    /// When it lapses.
    pub expires: Expiration,
}

/// One allowance of [`AllAllowancesResponse`].
#[cw_serde]
pub struct AllowanceInfo {
    /// Spender.
    pub spender: String,
    /// Remaining allowance.
    pub allowance: Uint128,
    /// When it lapses.
    pub expires: Expiration,
}

/// cw20's answer to `AllAllowances`.
#[cw_serde]
pub struct AllAllowancesResponse {
    /// Allowances in spender order.
    pub allowances: Vec<AllowanceInfo>,
}

/// cw20's answer to `AllAccounts`.
#[cw_serde]
pub struct AllAccountsResponse {
    /// Addresses in order.
    pub accounts: Vec<String>,
}

/// Answer to [`QueryMsg::CanTransfer`].
#[cw_serde]
pub struct CanTransferResponse {
    /// 0, or the spec's reason code.
    pub code: u16,
    /// The code's name (`None` for 0).
    pub reason: Option<String>,
}

/// Answer to [`QueryMsg::RestrictionMessage`].
#[cw_serde]
pub struct RestrictionMessageResponse {
    /// The code's message (`docs/spec/token.md`).
    pub message: String,
}

/// Answer to [`QueryMsg::Account`].
#[cw_serde]
pub struct AccountResponse {
    /// Balance.
    pub balance: Uint128,
    /// The whole account can neither send nor receive.
    pub account_frozen: bool,
    /// Part of the balance that cannot be sent.
    pub frozen_amount: Uint128,
    /// Unix seconds before which the account cannot send (0: none).
    pub locked_until: u64,
}

/// Answer to [`QueryMsg::Status`].
#[cw_serde]
pub struct TokenStatusResponse {
    /// Largest total supply.
    pub cap: Uint128,
    /// Tokens in existence.
    pub total_supply: Uint128,
    /// Addresses with a non-zero balance.
    pub holders: u32,
    /// Holder-initiated movements are blocked.
    pub paused: bool,
    /// The token's life ended: every movement is refused, for good.
    pub deactivated: bool,
    /// The investor registry.
    pub registry: Addr,
    /// Metadata URI.
    pub metadata_uri: String,
    /// SHA-256 of the legal document.
    pub legal_document_hash: HexBinary,
}
