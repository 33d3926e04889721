//! The capability traits on CosmWasm, with every message built by the typed client of
//! `tokenrail-cosmwasm`. Each client talks to a [`CwLedger`]: the embedded chain (cw-multi-test
//! running the Tokenrail contracts) or a Cosmos chain's CometBFT JSON-RPC.

use cosmwasm_std::{coins, to_json_binary, CosmosMsg, StdResult, Uint128};
use tokenrail_cosmwasm::cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use tokenrail_cosmwasm::{spec_error, Contract, ContractKind, Cw20, SpecError};

use crate::ClientError;

pub use cosmwasm_std::Addr;
pub use tokenrail_cw_test_chain::{AssetKind, DENOM};

mod channel;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{Code, CosmosRpc, CwLedger, GasPrice, Outcome, SigningKey, ADVANCE_CLOCK};

pub use channel::{CwChannel, CwParty};
pub use escrow::CwEscrow;
pub use payout::{CwDistribution, CwPayout};
pub use token::CwToken;

/// A contract compiled in, for the embedded chain (and the development node).
type Compiled = Box<dyn cw_multi_test::Contract<cosmwasm_std::Empty>>;

/// Makes a compiled-in contract (a code can be stored more than once, each time anew).
pub type MakeContract = fn() -> Compiled;

macro_rules! compiled {
    ($(#[$doc:meta])* $name:ident, $krate:ident) => {
        $(#[$doc])*
        pub fn $name() -> Compiled {
            Box::new(cw_multi_test::ContractWrapper::new(
                $krate::contract::execute,
                $krate::contract::instantiate,
                $krate::contract::query,
            ))
        }
    };
}

compiled!(
    /// `cw-escrow`, compiled in.
    escrow_contract,
    cw_escrow
);
compiled!(
    /// `cw-payout`, compiled in.
    payout_contract,
    cw_payout
);
compiled!(
    /// `cw-channel`, compiled in.
    channel_contract,
    cw_channel
);
compiled!(
    /// `cw-registry`, compiled in.
    registry_contract,
    cw_registry
);
compiled!(
    /// `cw-asset-token`, compiled in.
    token_contract,
    cw_asset_token
);

/// Anything outside the spec, as text.
pub(crate) fn chain<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// The `[<capability>:N Name]` tag in a refusal's text is the spec code; `pick` keeps the
/// capability's own.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
    pick: fn(SpecError) -> Option<E>,
) -> ClientError<E> {
    let text = err.to_string();
    match spec_error(&text).and_then(pick) {
        Some(code) => ClientError::Spec(code),
        None => ClientError::Chain(text),
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

impl CwAsset {
    /// The asset of a booted test chain.
    fn of(kind: AssetKind, token: &Addr) -> Self {
        match kind {
            AssetKind::Native => CwAsset::Native(DENOM.into()),
            AssetKind::Cw20 => CwAsset::Cw20(Contract::new(token.clone())),
        }
    }
}

/// The balance of `who` in `asset`.
pub(crate) fn asset_balance(
    chain: &CwLedger,
    asset: &CwAsset,
    who: &Addr,
) -> std::result::Result<u128, String> {
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
    ) -> std::result::Result<T, String>;
}

impl<K: ContractKind> QueryOn<K> for Contract<K> {
    fn query_on<T: serde::de::DeserializeOwned>(
        &self,
        chain: &CwLedger,
        msg: &K::Query,
    ) -> std::result::Result<T, String> {
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
            fn now(&mut self) -> std::result::Result<u64, String> {
                self.chain.now()
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
                self.chain.advance(seconds)
            }
        }
    };
}

cw_clock!(CwChannel);
cw_clock!(CwEscrow);
cw_clock!(CwPayout);
cw_clock!(CwToken);
