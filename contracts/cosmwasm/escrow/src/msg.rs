//! Messages of the escrow contract.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Uint128};
use cw20_basic::Cw20ReceiveMsg;

/// Instantiation takes no parameters: every escrow carries its own.
#[cw_serde]
pub struct InstantiateMsg {}

/// Parameters of a new escrow.
#[cw_serde]
pub struct CreateMsg {
    /// Receives released milestones.
    pub beneficiary: String,
    /// May release and refund early; `None` for no arbiter.
    pub arbiter: Option<String>,
    /// Milestone amounts, released in order (1 to 16, none zero).
    pub milestones: Vec<Uint128>,
    /// Unix seconds; release before it, refund by anyone from it on.
    pub deadline: u64,
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// Creates an escrow funded with the single native coin attached.
    Create(CreateMsg),
    /// cw20 `Send` hook; the payload is a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Releases milestone `milestone` (depositor or arbiter, in order, before the deadline).
    Release {
        /// Escrow id.
        id: u64,
        /// Zero-based milestone index.
        milestone: u32,
    },
    /// Refunds the unreleased remainder to the depositor (anyone from the deadline; the arbiter
    /// at any time).
    Refund {
        /// Escrow id.
        id: u64,
    },
    /// Beneficiary gives the escrow up while nothing is released.
    Cancel {
        /// Escrow id.
        id: u64,
    },
}

/// Payload of a cw20 `Send` to this contract.
#[cw_serde]
pub enum ReceiveMsg {
    /// Creates an escrow funded with the tokens sent; the cw20 sender is the depositor.
    Create(CreateMsg),
}

/// Queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// One escrow.
    #[returns(EscrowResponse)]
    Escrow {
        /// Escrow id.
        id: u64,
    },
    /// Escrows in id order, paginated.
    #[returns(ListEscrowsResponse)]
    ListEscrows {
        /// Return ids after this one.
        start_after: Option<u64>,
        /// At most this many (default 10, max 30).
        limit: Option<u32>,
    },
}

/// The asset an escrow holds.
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
pub enum EscrowStatus {
    /// Funded; milestones may be released.
    Active,
    /// Every milestone was released.
    Completed,
    /// The remainder went back to the depositor.
    Refunded,
    /// The beneficiary cancelled before any release.
    Cancelled,
}

/// Answer to [`QueryMsg::Escrow`].
#[cw_serde]
pub struct EscrowResponse {
    /// Escrow id.
    pub id: u64,
    /// Funder.
    pub depositor: Addr,
    /// Receiver of milestones.
    pub beneficiary: Addr,
    /// Optional arbiter.
    pub arbiter: Option<Addr>,
    /// Held asset.
    pub asset: Asset,
    /// Milestone amounts.
    pub milestones: Vec<Uint128>,
    /// Index of the next milestone to release.
    pub next_milestone: u32,
    /// Sum of released milestones.
    pub released: Uint128,
    /// Sum of all milestones.
    pub total: Uint128,
    /// Unix seconds.
    pub deadline: u64,
    /// Lifecycle state.
    pub status: EscrowStatus,
}

/// Answer to [`QueryMsg::ListEscrows`].
#[cw_serde]
pub struct ListEscrowsResponse {
    /// The page.
    pub escrows: Vec<EscrowResponse>,
}
