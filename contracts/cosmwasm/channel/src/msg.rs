//! Messages of the channel contract.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw20_basic::Cw20ReceiveMsg;

/// What a channel holds.
#[cw_serde]
#[derive(Eq, Hash, PartialOrd, Ord)]
pub enum Asset {
    /// A bank denom, attached as funds.
    Native {
        /// The denom.
        denom: String,
    },
    /// A cw20 token contract, sent with cw20 `Send`.
    Cw20 {
        /// The token contract.
        address: Addr,
    },
}

/// No parameters: channels carry their own.
#[cw_serde]
pub struct InstantiateMsg {}

/// A co-signed state as submitted.
#[cw_serde]
pub struct StateMsg {
    /// The channel the state names (32 bytes).
    pub channel_id: HexBinary,
    /// The epoch it names.
    pub epoch: u64,
    /// Its nonce.
    pub nonce: u64,
    /// Cumulative amount A paid B.
    pub sent_a: Uint128,
    /// Cumulative amount B paid A.
    pub sent_b: Uint128,
}

/// A co-signed agreement to close as submitted.
#[cw_serde]
pub struct CloseMsg {
    /// The channel it names (32 bytes).
    pub channel_id: HexBinary,
    /// The epoch it names.
    pub epoch: u64,
    /// Cumulative amount A paid B.
    pub sent_a: Uint128,
    /// Cumulative amount B paid A.
    pub sent_b: Uint128,
}

/// Execute messages.
#[cw_serde]
pub enum ExecuteMsg {
    /// cw20 `Send` hook: opens or tops up a channel in the sending token ([`ReceiveMsg`]).
    Receive(Cw20ReceiveMsg),
    /// Opens (or re-opens) the channel with `counterparty` in the one coin attached.
    Open {
        /// Party B.
        counterparty: String,
        /// Challenge period in seconds (1 hour – 30 days).
        period: u64,
    },
    /// A party tops up with the channel's coin attached.
    Deposit {
        /// The channel.
        channel_id: HexBinary,
    },
    /// Pays out at once on a co-signed Close.
    CloseCooperative {
        /// The channel.
        channel_id: HexBinary,
        /// The agreement.
        close: CloseMsg,
        /// A's signature (65 bytes).
        sig_a: HexBinary,
        /// B's signature (65 bytes).
        sig_b: HexBinary,
    },
    /// A party starts the challenge period on a co-signed State.
    CloseUnilateral {
        /// The channel.
        channel_id: HexBinary,
        /// The state.
        state: StateMsg,
        /// A's signature.
        sig_a: HexBinary,
        /// B's signature.
        sig_b: HexBinary,
    },
    /// A party starts the challenge period on the unsigned nonce-0 state (timeout refund).
    CloseWithoutState {
        /// The channel.
        channel_id: HexBinary,
    },
    /// Anyone replaces the recorded state with a newer co-signed State before the deadline.
    Challenge {
        /// The channel.
        channel_id: HexBinary,
        /// The newer state.
        state: StateMsg,
        /// A's signature.
        sig_a: HexBinary,
        /// B's signature.
        sig_b: HexBinary,
    },
    /// Anyone pays out the recorded state from the deadline on.
    Settle {
        /// The channel.
        channel_id: HexBinary,
    },
    /// Sends the caller's deferred payouts of `asset` to `to`.
    Withdraw {
        /// The asset.
        asset: Asset,
        /// The receiver (normalised bech32).
        to: String,
    },
}

/// Payload of a cw20 `Send` to this contract; the cw20 sender is the depositor and the sending
/// token the asset.
#[cw_serde]
pub enum ReceiveMsg {
    /// Opens (or re-opens) the sender's channel with `counterparty` in this token.
    Open {
        /// Party B.
        counterparty: String,
        /// Challenge period in seconds (1 hour – 30 days).
        period: u64,
    },
    /// A party tops up a channel held in this token.
    Deposit {
        /// The channel.
        channel_id: HexBinary,
    },
}

/// Queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// A channel's state (`None` if never opened).
    #[returns(Option<crate::state::Channel>)]
    Channel {
        /// The channel.
        channel_id: HexBinary,
    },
    /// The id of the channel of `a` (opener) and `b` in `asset`.
    #[returns(HexBinary)]
    ChannelId {
        /// Party A.
        a: String,
        /// Party B.
        b: String,
        /// The asset.
        asset: Asset,
    },
    /// Deferred payouts of `asset` owed to `owner`.
    #[returns(Uint128)]
    Owed {
        /// The asset.
        asset: Asset,
        /// The owner.
        owner: String,
    },
}
