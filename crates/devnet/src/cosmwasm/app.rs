//! A cw-multi-test app for Tokenrail's CosmWasm contracts: actors with deterministic addresses,
//! balances in a native denom or in a cw20 token (the `cw20-basic` contract), the contract under
//! test instantiated, and a settable block clock.

use cosmwasm_std::{coins, Addr, Empty, Timestamp, Uint128};

use cw20_basic::msg::{BalanceResponse, Cw20Coin, Cw20QueryMsg, InstantiateMsg as TokenInit};
use cw_multi_test::{App, Contract, ContractWrapper, Executor};

/// Unix time at which every scenario starts.
pub const T0: u64 = 1_700_000_000;
/// Native denom of the native-asset variant.
pub const DENOM: &str = "uusd";

/// Which asset a scenario pays in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetKind {
    /// A cw20 token (`cw20-basic`).
    Cw20,
    /// The bank denom [`DENOM`].
    Native,
}

/// The minimal cw20 token the scenarios use.
pub fn cw20_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw20_basic::contract::execute,
        cw20_basic::contract::instantiate,
        cw20_basic::contract::query,
    ))
}

/// What [`boot`] set up.
pub struct Booted {
    /// The app, its clock at [`T0`].
    pub app: App,
    /// The contract under test.
    pub contract: Addr,
    /// The cw20 token (instantiated in both variants; funded only for [`AssetKind::Cw20`]).
    pub token: Addr,
    /// Actor addresses, by actor number.
    pub actors: Vec<Addr>,
}

/// Starts an app with one actor per name (address `addr_make(name)`), credits `balances` (by
/// actor number) in the chosen asset, and instantiates `contract` with `init` from an admin.
pub fn boot<A: Into<usize> + Copy>(
    kind: AssetKind,
    names: &[String],
    balances: &[(A, u128)],
    contract: Box<dyn Contract<Empty>>,
    init: &impl serde::Serialize,
) -> Booted {
    let probe = App::default();
    let actors: Vec<Addr> = names.iter().map(|n| probe.api().addr_make(n)).collect();
    boot_with_addresses(kind, actors, balances, contract, init)
}

/// [`boot`] with given actor addresses (valid bech32 with the app's `cosmwasm` prefix), for
/// contracts whose actors are derived from keys.
pub fn boot_with_addresses<A: Into<usize> + Copy>(
    kind: AssetKind,
    actors: Vec<Addr>,
    balances: &[(A, u128)],
    contract: Box<dyn Contract<Empty>>,
    init: &impl serde::Serialize,
) -> Booted {
    let funded: Vec<(Addr, u128)> = balances
        .iter()
        .filter(|(_, amount)| *amount > 0)
        .map(|(a, amount)| (actors[(*a).into()].clone(), *amount))
        .collect();
    let native = if kind == AssetKind::Native {
        funded.clone()
    } else {
        vec![]
    };
    let mut app = App::new(|router, _api, storage| {
        for (addr, amount) in &native {
            router
                .bank
                .init_balance(storage, addr, coins(*amount, DENOM))
                .unwrap();
        }
    });
    app.update_block(|b| b.time = Timestamp::from_seconds(T0));
    let admin = app.api().addr_make("admin");
    let code = app.store_code(contract);
    let token_code = app.store_code(cw20_contract());
    let contract = app
        .instantiate_contract(code, admin.clone(), init, &[], "under-test", None)
        .unwrap();
    let initial_balances = match kind {
        AssetKind::Cw20 => funded
            .iter()
            .map(|(addr, amount)| Cw20Coin {
                address: addr.to_string(),
                amount: Uint128::new(*amount),
            })
            .collect(),
        AssetKind::Native => vec![],
    };
    let token_init = TokenInit {
        name: "Asset".into(),
        symbol: "AST".into(),
        decimals: 6,
        initial_balances,
    };
    let token = app
        .instantiate_contract(token_code, admin, &token_init, &[], "token", None)
        .unwrap();
    Booted {
        app,
        contract,
        token,
        actors,
    }
}

/// Moves the clock to `offset` seconds after [`T0`] (and the height on by one).
pub fn set_time(app: &mut App, offset: u64) {
    app.update_block(|b| {
        b.time = Timestamp::from_seconds(T0 + offset);
        b.height += 1;
    });
}

/// `addr`'s balance of the scenario's asset.
pub fn balance_of(app: &App, kind: AssetKind, token: &Addr, addr: &Addr) -> u128 {
    match kind {
        AssetKind::Native => {
            let amount = app.wrap().query_balance(addr, DENOM).unwrap().amount;
            Uint128::try_from(amount).unwrap().u128()
        }
        AssetKind::Cw20 => {
            let query = Cw20QueryMsg::Balance {
                address: addr.to_string(),
            };
            let r: BalanceResponse = app.wrap().query_wasm_smart(token, &query).unwrap();
            r.balance.u128()
        }
    }
}
