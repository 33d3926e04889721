//! Messages of the payout contract.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw20_basic::Cw20ReceiveMsg;

/// Instantiation takes no parameters: every batch and distribution carries its own.
#[cw_serde]
pub struct InstantiateMsg {}

/// A direct multi-send: `amounts[i]` goes to `recipients[i]`.
#[cw_serde]
pub struct MultiSendMsg {
    /// Recipient addresses (normalised bech32), no duplicates.
    pub recipients: Vec<String>,
    /// Amounts, none zero.
    pub amounts: Vec<Uint128>,
    /// Must equal the sum of `amounts` and the funds that came with the batch.
    pub declared_total: Uint128,
}

/// Parameters of a new Merkle distribution.
#[cw_serde]
pub struct CreateDistributionMsg {
    /// SHA-256 root over the leaves of [`crate::merkle::leaf`] (32 bytes).
    pub root: HexBinary,
    /// Amount funded; must equal the funds that came with the message.
    pub total: Uint128,
    /// Unix seconds; claims from then on.
    pub start: u64,
    /// Unix seconds; claims before it, clawback from it on.
    pub expiry: u64,
    /// Receives the unclaimed remainder after the expiry; fixed here.
    pub clawback_receiver: String,
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Pays a batch from the single native coin attached (exactly `declared_total`).
    MultiSend(MultiSendMsg),
    /// Creates a distribution funded with the single native coin attached.
    CreateDistribution(CreateDistributionMsg),
    /// cw20 `Send` hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Claims leaf `index` of distribution `id`; anyone may submit it, funds go to `account`.
    Claim {
        /// Distribution id.
        id: u64,
        /// Leaf index.
        index: u32,
        /// The account in the leaf; receives the funds.
        account: String,
        /// The amount in the leaf.
        amount: Uint128,
        /// Sibling hashes from the leaf up to the root (32 bytes each).
        proof: Vec<HexBinary>,
    },
    /// Sends the unclaimed remainder to the clawback receiver (anyone, from the expiry on).
    Clawback {
        /// Distribution id.
        id: u64,
    },
}

/// Payload of a cw20 `Send` to this contract; the cw20 sender is the payer or funder.
#[cw_serde]
pub enum ReceiveMsg {
    /// Pays a batch from the tokens sent (exactly `declared_total`).
    MultiSend(MultiSendMsg),
    /// Creates a distribution funded with the tokens sent.
    CreateDistribution(CreateDistributionMsg),
}

/// Queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One distribution.
    #[returns(DistributionResponse)]
    Distribution {
        /// Distribution id.
        id: u64,
    },
    /// Distributions in id order, paginated.
    #[returns(ListDistributionsResponse)]
    ListDistributions {
        /// Return ids after this one.
        start_after: Option<u64>,
        /// At most this many (default 10, max 30).
        limit: Option<u32>,
    },
    /// Whether leaf `index` of distribution `id` was claimed.
    #[returns(bool)]
    IsClaimed {
        /// Distribution id.
        id: u64,
        /// Leaf index.
        index: u32,
    },
}

/// The asset a batch or distribution pays.
#[cw_serde]
pub enum Asset {
    /// A bank denom.
    Native {
        /// The denom.
        denom: String,
    },
    /// A cw20 token contract.
    Cw20 {
        /// The token contract.
        address: Addr,
    },
}

/// Lifecycle state, as in the spec.
#[cw_serde]
#[derive(Copy)]
pub enum DistributionStatus {
    /// Funded; claims are possible between start and expiry.
    Open,
    /// The remainder went to the clawback receiver.
    ClawedBack,
}

/// Answer to [`QueryMsg::Distribution`].
#[cw_serde]
pub struct DistributionResponse {
    /// Distribution id.
    pub id: u64,
    /// Who funded it.
    pub funder: Addr,
    /// Paid asset.
    pub asset: Asset,
    /// Merkle root.
    pub root: HexBinary,
    /// Amount funded.
    pub total: Uint128,
    /// Sum of claims paid.
    pub claimed: Uint128,
    /// Unix seconds.
    pub start: u64,
    /// Unix seconds.
    pub expiry: u64,
    /// Receives the remainder after the expiry.
    pub clawback_receiver: Addr,
    /// Lifecycle state.
    pub status: DistributionStatus,
}

/// Answer to [`QueryMsg::ListDistributions`].
#[cw_serde]
pub struct ListDistributionsResponse {
    /// The page.
    pub distributions: Vec<DistributionResponse>,
}
