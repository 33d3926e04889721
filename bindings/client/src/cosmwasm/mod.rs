//! The capability traits on the embedded CosmWasm chain (cw-multi-test running the Tokenrail
//! contracts), with every message built by the typed client of `tokenrail-cosmwasm`.

use cosmwasm_std::{coins, to_json_binary, CosmosMsg, StdResult, Uint128};
use cw_multi_test::App;
use tokenrail_cosmwasm::cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use tokenrail_cosmwasm::{spec_error, Contract, ContractKind, Cw20, SpecError};

use crate::ClientError;

pub use cosmwasm_std::Addr;
pub use tokenrail_cw_test_chain::{AssetKind, DENOM};

mod channel;
mod escrow;
mod payout;
mod token;

pub use channel::{CwChannel, CwParty};
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
/// capability's own.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Debug,
    pick: fn(SpecError) -> Option<E>,
) -> ClientError<E> {
    let text = format!("{err:?}");
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
    app: &App,
    asset: &CwAsset,
    who: &Addr,
) -> cosmwasm_std::StdResult<u128> {
    match asset {
        CwAsset::Native(denom) => {
            let coin = app.wrap().query_balance(who, denom)?;
            Ok(Uint128::try_from(coin.amount)?.u128())
        }
        CwAsset::Cw20(token) => {
            let query = Cw20QueryMsg::Balance {
                address: who.to_string(),
            };
            let r: BalanceResponse = token.query(&app.wrap(), &query)?;
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

/// The value of the `wasm` event attribute `key` in a response.
pub(crate) fn wasm_attr(res: &cw_multi_test::AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .filter(|ev| ev.ty == "wasm")
        .flat_map(|ev| ev.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// The chain's clock, in Unix seconds.
fn clock_now(app: &App) -> u64 {
    app.block_info().time.seconds()
}

/// Implements [`crate::Clock`] for a client with an `app` field (each move also advances the
/// height by one).
macro_rules! cw_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, String> {
                Ok(clock_now(&self.app))
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
                self.app.update_block(|b| {
                    b.time = b.time.plus_seconds(seconds);
                    b.height += 1;
                });
                Ok(())
            }
        }
    };
}

cw_clock!(CwChannel);
cw_clock!(CwEscrow);
cw_clock!(CwPayout);
cw_clock!(CwToken);
