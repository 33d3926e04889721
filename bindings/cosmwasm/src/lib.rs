//! Rust client bindings for Tokenrail's CosmWasm contracts.
//!
//! The message types are the contracts' own `msg` modules (built with the `library` feature, so
//! no entry points are linked): they are what each contract's `schema` bin turns into the JSON
//! schema committed under `contracts/cosmwasm/<capability>/schema/`, which a staleness check
//! regenerates and diffs, so these types and the schema a non-Rust client reads never differ.
//! On top, [`Contract`] builds the `CosmosMsg`s and queries of one deployed contract with its
//! message types checked at compile time, and [`spec_error`] reads the spec's numbered code out
//! of a failed call's error text.

use std::marker::PhantomData;

use cosmwasm_std::{
    to_json_binary, Addr, Coin, CosmosMsg, CustomQuery, QuerierWrapper, StdResult, WasmMsg,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use cw20_basic::msg as cw20;
pub use cw_asset_token::msg as token;
pub use cw_channel::msg as channel;
/// The channel contract's stored channel, which its `Channel` query answers with.
pub use cw_channel::state::{Channel as ChannelRecord, Status as ChannelRecordStatus};
pub use cw_escrow::msg as escrow;
pub use cw_payout::msg as payout;
pub use cw_registry::msg as registry;

/// The message types of one Tokenrail contract.
pub trait ContractKind {
    /// The contract's name in artifacts and schemas (`cw_escrow`).
    const NAME: &'static str;
    /// `InstantiateMsg`.
    type Instantiate: Serialize;
    /// `ExecuteMsg`.
    type Execute: Serialize;
    /// `QueryMsg`.
    type Query: Serialize;
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal, $module:ident, $execute:ident, $query:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $kind;

        impl ContractKind for $kind {
            const NAME: &'static str = $name;
            type Instantiate = $module::InstantiateMsg;
            type Execute = $module::$execute;
            type Query = $module::$query;
        }
    )*};
}

kinds! {
    /// `cw-escrow`: milestone escrow.
    Escrow = "cw_escrow", escrow, ExecuteMsg, QueryMsg;
    /// `cw-payout`: multi-send and Merkle distributions.
    Payout = "cw_payout", payout, ExecuteMsg, QueryMsg;
    /// `cw-registry`: the investor registry.
    Registry = "cw_registry", registry, ExecuteMsg, QueryMsg;
    /// `cw-asset-token`: the cw20-compatible asset token.
    AssetToken = "cw_asset_token", token, ExecuteMsg, QueryMsg;
    /// `cw-channel`: payment channels.
    Channel = "cw_channel", channel, ExecuteMsg, QueryMsg;
    /// `cw20-basic`: the minimal cw20 token the tests use as an asset.
    Cw20 = "cw20_basic", cw20, Cw20ExecuteMsg, Cw20QueryMsg;
}

/// A deployed contract of kind `K` at `addr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract<K: ContractKind> {
    /// The contract's address.
    pub addr: Addr,
    kind: PhantomData<K>,
}

impl<K: ContractKind> Contract<K> {
    /// The contract at `addr`.
    pub fn new(addr: Addr) -> Self {
        Contract {
            addr,
            kind: PhantomData,
        }
    }

    /// The message that executes `msg` on the contract with `funds` attached.
    pub fn execute(&self, msg: &K::Execute, funds: Vec<Coin>) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.addr.to_string(),
            msg: to_json_binary(msg)?,
            funds,
        }
        .into())
    }

    /// Runs query `msg` and decodes the response as `T` (the type the query's `#[returns]`
    /// names, also listed under `responses` in the contract's schema).
    pub fn query<T: DeserializeOwned, C: CustomQuery>(
        &self,
        querier: &QuerierWrapper<C>,
        msg: &K::Query,
    ) -> StdResult<T> {
        querier.query_wasm_smart(self.addr.as_str(), msg)
    }

    /// The message that instantiates code `code_id` as a contract of this kind.
    pub fn instantiate_msg(
        code_id: u64,
        msg: &K::Instantiate,
        funds: Vec<Coin>,
        label: impl Into<String>,
        admin: Option<String>,
    ) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Instantiate {
            admin,
            code_id,
            msg: to_json_binary(msg)?,
            funds,
            label: label.into(),
        }
        .into())
    }
}

/// The spec's numbered error of a failed Tokenrail call, read from its tag
/// (`[escrow:9 EscrowNotFound]`) anywhere in the chain's error text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecError {
    /// `docs/spec/escrow.md`.
    Escrow(tokenrail_core::escrow::EscrowError),
    /// `docs/spec/payout.md`.
    Payout(tokenrail_core::payout::PayoutError),
    /// `docs/spec/token.md` (token, registry, rules).
    Token(tokenrail_core::token::TokenError),
    /// `docs/spec/channel.md`.
    Channel(tokenrail_core::channel::ChannelError),
}

/// Finds the spec code in a failed call's error text, whichever capability raised it.
pub fn spec_error(message: &str) -> Option<SpecError> {
    use tokenrail_core::{channel, escrow, payout, token};
    escrow::EscrowError::find_tag(message)
        .map(SpecError::Escrow)
        .or_else(|| payout::PayoutError::find_tag(message).map(SpecError::Payout))
        .or_else(|| token::TokenError::find_tag(message).map(SpecError::Token))
        .or_else(|| channel::ChannelError::find_tag(message).map(SpecError::Channel))
}
