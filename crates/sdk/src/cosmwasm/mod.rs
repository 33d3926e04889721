//! The capability traits on CosmWasm, with every message built by the typed client of
//! `tokenrail-cosmwasm`. Each client talks to a [`CwLedger`] over one seam, [`CwBackend`]: a
//! Cosmos chain's CometBFT JSON-RPC ([`CosmosRpc`]), or the embedded app `tokenrail-devnet`
//! provides.

use cosmwasm_std::{coins, to_json_binary, CosmosMsg, StdResult, Uint128};
use tokenrail_cosmwasm::cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use tokenrail_cosmwasm::{spec_error, Contract, ContractKind, Cw20, SpecError};

use crate::{ClientError, LedgerError};

pub use cosmwasm_std::{Addr, HexBinary};

mod channel;
pub mod deploy;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{
    BadGasPrice, Code, CosmosRpc, CwBackend, CwLedger, GasPrice, Outcome, SigningKey, ADVANCE_CLOCK,
};

pub use channel::{BadPrefix, CwChannel, CwParty};
pub use deploy::{CosmosEndpoint, CwDeployment, CwSuite};
pub use escrow::CwEscrow;
pub use payout::{CwDistribution, CwPayout};
pub use token::CwToken;

/// Anything outside the spec, as text.
pub(crate) fn chain<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// The `[<capability>:N Name]` tag in a refusal's text is the spec code; `pick` keeps the
/// capability's own. Transport failures and unknown outcomes keep their kind.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: impl Into<LedgerError>,
    pick: fn(SpecError) -> Option<E>,
) -> ClientError<E> {
    match err.into() {
        LedgerError::Rejected(text) => match spec_error(&text).and_then(pick) {
            Some(code) => ClientError::Spec(code),
            None => ClientError::Chain(text),
        },
        other => other.into(),
    }
}

/// The asset a client moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CwAsset {
    /// A bank denom, attached to the message.
    Native(String),
    /// A cw20 token, sent to the contract with `Send` and the message as its hook.
    Cw20(Contract<Cw20>),
}

/// The balance of `who` in `asset`.
pub(crate) fn asset_balance(
    chain: &CwLedger,
    asset: &CwAsset,
    who: &Addr,
) -> std::result::Result<u128, LedgerError> {
    match asset {
        CwAsset::Native(denom) => chain.balance(who, denom),
        CwAsset::Cw20(token) => {
            let query = Cw20QueryMsg::Balance {
                address: who.to_string(),
            };
            let r: BalanceResponse = chain.query(&token.addr, &query)?;
            Ok(r.balance.u128())
        }
    }
}

/// `native` on `contract` with `amount` of the bank denom attached, or, for a cw20 asset, a
/// `Send` of `amount` to `contract` carrying `hook` (the contract's `ReceiveMsg`).
pub(crate) fn funded_msg<K: ContractKind>(
    asset: &CwAsset,
    contract: &Contract<K>,
    amount: u128,
    native: &K::Execute,
    hook: &impl serde::Serialize,
) -> StdResult<CosmosMsg> {
    match asset {
        CwAsset::Native(denom) => contract.execute(native, coins(amount, denom.as_str())),
        CwAsset::Cw20(token) => token.execute(
            &Cw20ExecuteMsg::Send {
                contract: contract.addr.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(hook)?,
            },
            vec![],
        ),
    }
}

/// A typed contract's query on a ledger (the generated client's `query` takes a querier,
/// which only the embedded chain has).
pub(crate) trait QueryOn<K: ContractKind> {
    /// Runs query `msg` and decodes the response as `T`.
    fn query_on<T: serde::de::DeserializeOwned>(
        &self,
        chain: &CwLedger,
        msg: &K::Query,
    ) -> std::result::Result<T, LedgerError>;
}

impl<K: ContractKind> QueryOn<K> for Contract<K> {
    fn query_on<T: serde::de::DeserializeOwned>(
        &self,
        chain: &CwLedger,
        msg: &K::Query,
    ) -> std::result::Result<T, LedgerError> {
        chain.query(&self.addr, msg)
    }
}

/// The value of the `wasm` event attribute `key` in a transaction's outcome.
pub(crate) fn wasm_attr(res: &Outcome, key: &str) -> Option<String> {
    res.attr("wasm", key)
}

/// Implements [`crate::Clock`] for a client with a `chain` ledger.
macro_rules! cw_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, $crate::LedgerError> {
                self.chain.now()
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), $crate::LedgerError> {
                self.chain.advance(seconds)
            }
        }
    };
}

cw_clock!(CwChannel);
cw_clock!(CwEscrow);
cw_clock!(CwPayout);
cw_clock!(CwToken);
