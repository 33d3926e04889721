//! The SDK's CosmWasm seam ([`CwBackend`]) on the devnet's cw-multi-test app. Every client of a
//! devnet holds a handle on the same app, so they share contracts, balances and one clock. The
//! app runs the contracts compiled in: storing a [`Code`] stores the contract of that name.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use cosmwasm_std::{Addr, CosmosMsg, Empty};
use cw_multi_test::{App, Contract, ContractWrapper, Executor};
use tokenrail_sdk::cosmwasm::{Code, CwBackend, Outcome};
use tokenrail_sdk::LedgerError;

/// A contract compiled in.
pub type Compiled = Box<dyn Contract<Empty>>;

/// Makes a compiled-in contract (a code can be stored more than once, each time anew).
pub type MakeContract = fn() -> Compiled;

macro_rules! compiled {
    ($(#[$doc:meta])* $name:ident, $krate:ident) => {
        $(#[$doc])*
        pub fn $name() -> Compiled {
            Box::new(ContractWrapper::new(
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

/// Every contract the app can store, by artifact name.
pub const CONTRACTS: [(&str, MakeContract); 6] = [
    ("cw_escrow", escrow_contract),
    ("cw_payout", payout_contract),
    ("cw_channel", channel_contract),
    ("cw_registry", registry_contract),
    ("cw_asset_token", token_contract),
    ("cw20_basic", super::app::cw20_contract),
];

/// The compiled-in contract called `name`.
pub fn compiled(name: &str) -> Option<Compiled> {
    CONTRACTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, make)| make())
}

/// The app and the names of the codes stored on it, in order (what a snapshot stores anew:
/// compiled-in contracts are functions, not data), and the transactions run since it was
/// started or restored.
struct Inner {
    app: App,
    codes: Vec<&'static str>,
    log: Vec<Executed>,
}

/// One transaction the embedded app ran successfully: where it sits and the events it emitted,
/// as a node's `tx_search` would return them, so a ledger reads the embedded chain as it reads
/// a node. Kept in memory only (a snapshot does not save it).
#[derive(Clone, Debug, PartialEq)]
pub struct Executed {
    /// The block height.
    pub height: u64,
    /// The block time, Unix seconds.
    pub time: u64,
    /// Its position among the transactions run at this height.
    pub position: u32,
    /// Its events (`execute`, `wasm`, `wasm-*`, …), in order.
    pub events: Vec<cosmwasm_std::Event>,
}

impl Executed {
    /// Its events as a node's `tx_search` reports them.
    pub fn abci_events(&self) -> Vec<cosmrs::tendermint::abci::Event> {
        abci_events(self.events.iter().cloned())
    }
}

/// Contract events as a CometBFT node reports them: the type and the attributes, in order
/// (cw-multi-test adds `_contract_address` as wasmd does).
pub fn abci_events(
    events: impl IntoIterator<Item = cosmwasm_std::Event>,
) -> Vec<cosmrs::tendermint::abci::Event> {
    events
        .into_iter()
        .map(|e| {
            cosmrs::tendermint::abci::Event::new(
                e.ty,
                e.attributes.into_iter().map(|a| (a.key, a.value)),
            )
        })
        .collect()
}

/// The embedded app as a ledger backend; clones share the app.
#[derive(Clone)]
pub struct EmbeddedApp(Rc<RefCell<Inner>>);

impl EmbeddedApp {
    /// The backend on `app`, which stores no code yet.
    pub fn new(app: App) -> Self {
        EmbeddedApp(Rc::new(RefCell::new(Inner {
            app,
            codes: vec![],
            log: vec![],
        })))
    }

    /// The transactions run since the app was started or restored, in order.
    pub fn executed(&self) -> Vec<Executed> {
        self.0.borrow().log.clone()
    }

    /// Runs `f` on the app (for what the seam does not cover).
    pub fn with<R>(&self, f: impl FnOnce(&mut App) -> R) -> R {
        f(&mut self.0.borrow_mut().app)
    }

    /// The app's state (see [`AppSnapshot`]).
    pub fn snapshot(&self) -> AppSnapshot {
        use base64::Engine as _;
        use cosmwasm_std::{Order, Storage};
        let inner = self.0.borrow();
        let block = inner.app.block_info();
        let storage = inner
            .app
            .storage()
            .range(None, None, Order::Ascending)
            .map(|(k, v)| {
                (
                    hex::encode(k),
                    base64::engine::general_purpose::STANDARD.encode(v),
                )
            })
            .collect();
        AppSnapshot {
            codes: inner.codes.iter().map(|n| n.to_string()).collect(),
            storage,
            height: block.height,
            time_nanos: block.time.nanos(),
            chain_id: block.chain_id,
        }
    }

    /// An app with the state `saved` holds: its codes stored anew in their order (so they keep
    /// their ids), its storage written back, its block restored.
    pub fn restore(saved: &AppSnapshot) -> Result<Self, String> {
        use base64::Engine as _;
        use cosmwasm_std::Storage;
        let mut app = App::default();
        let mut codes = vec![];
        for name in &saved.codes {
            let (static_name, make) =
                CONTRACTS.iter().find(|(n, _)| n == name).ok_or_else(|| {
                    format!("the saved app stores `{name}`, which is not compiled in")
                })?;
            app.store_code(make());
            codes.push(*static_name);
        }
        for (key, value) in &saved.storage {
            let key = hex::decode(key).map_err(|e| format!("a saved storage key: {e}"))?;
            let value = base64::engine::general_purpose::STANDARD
                .decode(value)
                .map_err(|e| format!("a saved storage value: {e}"))?;
            app.storage_mut().set(&key, &value);
        }
        app.set_block(cosmwasm_std::BlockInfo {
            height: saved.height,
            time: cosmwasm_std::Timestamp::from_nanos(saved.time_nanos),
            chain_id: saved.chain_id.clone(),
        });
        Ok(EmbeddedApp(Rc::new(RefCell::new(Inner {
            app,
            codes,
            log: vec![],
        }))))
    }
}

/// An app's state, saved: its storage (contracts' state, balances, contract records), its block,
/// and the codes it stores by name.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AppSnapshot {
    /// The stored codes' names, by code id.
    pub codes: Vec<String>,
    /// Every storage entry: key (hex) and value (base64).
    pub storage: Vec<(String, String)>,
    /// The block height.
    pub height: u64,
    /// The block time, in nanoseconds since the Unix epoch.
    pub time_nanos: u64,
    /// The chain id.
    pub chain_id: String,
}

impl CwBackend for EmbeddedApp {
    fn execute(&mut self, sender: &Addr, msg: CosmosMsg) -> Result<Outcome, LedgerError> {
        let mut inner = self.0.borrow_mut();
        let response = inner
            .app
            .execute(sender.clone(), msg)
            .map_err(|e| LedgerError::Rejected(format!("{e:?}")))?;
        let block = inner.app.block_info();
        let position = inner
            .log
            .iter()
            .rev()
            .take_while(|e| e.height == block.height)
            .count() as u32;
        inner.log.push(Executed {
            height: block.height,
            time: block.time.seconds(),
            position,
            events: response.events.clone(),
        });
        Ok(Outcome {
            events: response.events,
        })
    }

    fn query_raw(&self, contract: &Addr, msg: Vec<u8>) -> Result<Vec<u8>, LedgerError> {
        use cosmwasm_std::{ContractResult, QueryRequest, SystemResult, WasmQuery};
        let request = QueryRequest::<Empty>::Wasm(WasmQuery::Smart {
            contract_addr: contract.to_string(),
            msg: msg.into(),
        });
        let bytes = cosmwasm_std::to_json_vec(&request).map_err(|e| e.to_string())?;
        match self.0.borrow().app.wrap().raw_query(&bytes) {
            SystemResult::Ok(ContractResult::Ok(data)) => Ok(data.to_vec()),
            SystemResult::Ok(ContractResult::Err(e)) => Err(e.into()),
            SystemResult::Err(e) => Err(e.to_string().into()),
        }
    }

    fn balance(&self, who: &Addr, denom: &str) -> Result<u128, LedgerError> {
        let coin = self
            .0
            .borrow()
            .app
            .wrap()
            .query_balance(who, denom)
            .map_err(|e| e.to_string())?;
        Ok(cosmwasm_std::Uint128::try_from(coin.amount)
            .map_err(|e| e.to_string())?
            .u128())
    }

    fn chain_id(&self) -> String {
        self.0.borrow().app.block_info().chain_id
    }

    fn now(&self) -> Result<u64, LedgerError> {
        Ok(self.0.borrow().app.block_info().time.seconds())
    }

    /// Moves the clock and the height by one block.
    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.with(|app| {
            app.update_block(|b| {
                b.time = b.time.plus_seconds(seconds);
                b.height += 1;
            })
        });
        Ok(())
    }

    fn store(&mut self, _sender: &Addr, code: Code) -> Result<u64, LedgerError> {
        let contract = compiled(code.name)
            .ok_or_else(|| format!("the devnet has no contract `{}` compiled in", code.name))?;
        let mut inner = self.0.borrow_mut();
        inner.codes.push(code.name);
        Ok(inner.app.store_code(contract))
    }

    fn instantiate(
        &mut self,
        sender: &Addr,
        code_id: u64,
        msg: Vec<u8>,
        label: &str,
    ) -> Result<Addr, LedgerError> {
        let msg: serde_json::Value = serde_json::from_slice(&msg).map_err(|e| e.to_string())?;
        self.with(|app| {
            app.instantiate_contract(
                code_id,
                sender.clone(),
                &msg,
                &[],
                label,
                Some(sender.to_string()),
            )
            .map_err(|e| LedgerError::Rejected(format!("{e:?}")))
        })
    }

    fn sibling(&self) -> Result<Box<dyn CwBackend>, LedgerError> {
        Ok(Box::new(self.clone()))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
