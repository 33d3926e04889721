//! Where the CosmWasm clients' messages go: one seam, [`CwBackend`] (execute, query, balances,
//! the clock, store and instantiate), with a Cosmos chain's CometBFT JSON-RPC here
//! ([`CosmosRpc`], transactions signed in `SIGN_MODE_DIRECT` by a secp256k1 key through cosmrs)
//! and the embedded app in `tokenrail-devnet`. The clients build the same `CosmosMsg`s for both.

use std::any::Any;

use cosmrs::proto::prost::Message as _;
use cosmrs::rpc::Client as _;
use cosmrs::tx::{Body, Fee, Msg as _, SignDoc, SignerInfo};
use cosmrs::AccountId;
use cosmwasm_std::{Addr, BankMsg, CosmosMsg, Event, WasmMsg};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::Digest as _;

use crate::LedgerError;

pub use cosmrs::crypto::secp256k1::SigningKey;

/// What a transaction emitted.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Its events, as the chain reports them (`wasm`, `instantiate`, …).
    pub events: Vec<Event>,
}

impl Outcome {
    /// The value of the first attribute `key` of an event of type `ty`.
    pub fn attr(&self, ty: &str, key: &str) -> Option<String> {
        self.events
            .iter()
            .filter(|ev| ev.ty == ty)
            .flat_map(|ev| ev.attributes.iter())
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
    }
}

/// A gas price: an amount per unit of gas as an exact decimal (`0.025uatom` is 25/1000 of
/// `uatom`), never a float.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GasPrice {
    /// The digits, without the decimal point.
    pub digits: u128,
    /// Decimal places in `digits`.
    pub scale: u32,
    /// The fee denom.
    pub denom: String,
}

/// Text that is not a gas price (`<decimal><denom>`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a gas price such as 0.025uatom")]
pub struct BadGasPrice(pub String);

impl std::str::FromStr for GasPrice {
    type Err = BadGasPrice;

    /// `<decimal><denom>`, as Cosmos CLIs take `--gas-prices`.
    fn from_str(text: &str) -> Result<Self, BadGasPrice> {
        let bad = || BadGasPrice(text.to_owned());
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (number, denom) = text.split_at(split);
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && frac.is_empty() || frac.len() > 18 || denom.is_empty() {
            return Err(bad());
        }
        let digits = format!("{whole}{frac}").parse().map_err(|_| bad())?;
        Ok(GasPrice {
            digits,
            scale: frac.len() as u32,
            denom: denom.to_string(),
        })
    }
}

impl GasPrice {
    /// The fee for `gas`, rounded up (saturating: no chain charges 2^128).
    pub fn fee(&self, gas: u64) -> u128 {
        let unit = 10u128.pow(self.scale);
        u128::from(gas).saturating_mul(self.digits).div_ceil(unit)
    }
}

/// How much more gas than simulated a transaction may use (as Cosmos CLIs'
/// `--gas-adjustment 1.3`).
const GAS_ADJUSTMENT_PERCENT: u64 = 130;

/// The development node's own method that moves its clock forward (params `[seconds]`); no
/// Cosmos chain answers it.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// A Cosmos chain reached over CometBFT JSON-RPC, with the keys that sign (each pays for its
/// own transactions): a keyring, the first key the default signer.
pub struct CosmosRpc {
    rt: tokio::runtime::Runtime,
    client: cosmrs::rpc::HttpClient,
    url: String,
    chain_id: String,
    keys: Vec<(AccountId, SigningKey)>,
    gas_price: GasPrice,
    /// To connect again (a signing key does not clone).
    secrets: Vec<[u8; 32]>,
    prefix: String,
    inclusion_timeout: std::time::Duration,
}

/// How long a request to the development node's own clock method may take (what CometBFT's
/// client allows each of its own requests).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long an accepted transaction may take to appear in a block before the client stops
/// waiting for it.
pub const INCLUSION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);

impl CosmosRpc {
    /// Connects to `url` (checking that it answers) with `secrets` as the signers (at least
    /// one), whose accounts are spelled with `prefix`; fees are paid at `gas_price`.
    pub fn connect(
        url: &str,
        secrets: &[[u8; 32]],
        prefix: &str,
        gas_price: GasPrice,
    ) -> Result<Self, LedgerError> {
        if secrets.is_empty() {
            return Err("a Cosmos endpoint needs a signing key".into());
        }
        let rt = tokio::runtime::Runtime::new()
            .map_err(|e| LedgerError::Rejected(format!("cannot start a runtime: {e}")))?;
        let mut client = cosmrs::rpc::HttpClient::new(url)
            .map_err(|e| format!("`{url}` is not a CometBFT RPC URL: {e}"))?;
        let status = rt.block_on(client.status()).map_err(|e| {
            let e = crate::error::without_url(url, e);
            LedgerError::Transport(format!("cannot reach {url} as a CometBFT node: {e}"))
        })?;
        // Speak the node's dialect (0.34, 0.37 and 0.38 encode events differently).
        let compat = cosmrs::rpc::client::CompatMode::from_version(status.node_info.version)
            .map_err(|e| format!("{url}: {e}"))?;
        client.set_compat_mode(compat);
        let keys = secrets
            .iter()
            .map(|secret| {
                let key =
                    SigningKey::from_slice(secret).map_err(|e| format!("a signing key: {e}"))?;
                let account = key
                    .public_key()
                    .account_id(prefix)
                    .map_err(|e| format!("bech32 prefix `{prefix}`: {e}"))?;
                Ok((account, key))
            })
            .collect::<Result<Vec<_>, LedgerError>>()?;
        Ok(CosmosRpc {
            rt,
            client,
            url: url.to_string(),
            chain_id: status.node_info.network.to_string(),
            keys,
            gas_price,
            secrets: secrets.to_vec(),
            prefix: prefix.to_string(),
            inclusion_timeout: INCLUSION_TIMEOUT,
        })
    }

    /// Waits up to `timeout` (instead of [`INCLUSION_TIMEOUT`]) for an accepted transaction to
    /// appear in a block, for chains with slower or faster blocks.
    pub fn with_inclusion_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.inclusion_timeout = timeout;
        self
    }

    /// Another connection to the same endpoint with the same keys (for a second client).
    pub fn reconnect(&self) -> Result<Self, LedgerError> {
        CosmosRpc::connect(
            &self.url,
            &self.secrets,
            &self.prefix,
            self.gas_price.clone(),
        )
        .map(|c| c.with_inclusion_timeout(self.inclusion_timeout))
    }

    /// The default signer's address.
    pub fn address(&self) -> Addr {
        Addr::unchecked(self.keys[0].0.to_string())
    }

    /// The key of `sender`, if the keyring holds it.
    fn key_of(&self, sender: &Addr) -> Result<&(AccountId, SigningKey), LedgerError> {
        self.keys
            .iter()
            .find(|(a, _)| a.as_ref() == sender.as_str())
            .ok_or_else(|| format!("no key for {sender} signs on {}", self.url).into())
    }

    /// The chain id.
    pub fn chain_id(&self) -> &str {
        &self.chain_id
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn abci<Q: cosmrs::proto::prost::Message, R: cosmrs::proto::prost::Message + Default>(
        &self,
        path: &str,
        query: Q,
    ) -> Result<R, LedgerError> {
        let r = self
            .rt
            .block_on(self.client.abci_query(
                Some(path.to_string()),
                query.encode_to_vec(),
                None,
                false,
            ))
            .map_err(|e| LedgerError::Transport(format!("{}: {e}", self.url)))?;
        if r.code.is_err() {
            return Err(LedgerError::Rejected(r.log));
        }
        R::decode(r.value.as_slice())
            .map_err(|e| LedgerError::Rejected(format!("{}: {path}: {e}", self.url)))
    }

    /// The account number and sequence of `account`.
    fn account_state(&self, account: &AccountId) -> Result<(u64, u64), LedgerError> {
        use cosmrs::proto::cosmos::auth::v1beta1::{
            BaseAccount, QueryAccountRequest, QueryAccountResponse,
        };
        let r: QueryAccountResponse = self
            .abci(
                "/cosmos.auth.v1beta1.Query/Account",
                QueryAccountRequest {
                    address: account.to_string(),
                },
            )
            .map_err(|e| match e {
                LedgerError::Rejected(e) => LedgerError::Rejected(format!(
                    "the signer {account} has no account on {} (fund it first): {e}",
                    self.url
                )),
                other => other,
            })?;
        let any = r.account.ok_or("the chain returned no account")?;
        let base = BaseAccount::decode(any.value.as_slice()).map_err(|e| e.to_string())?;
        Ok((base.account_number, base.sequence))
    }

    fn signed(
        &self,
        key: &SigningKey,
        body: &Body,
        gas: u64,
        (number, sequence): (u64, u64),
    ) -> Result<Vec<u8>, LedgerError> {
        let fee = cosmrs::Coin {
            denom: self
                .gas_price
                .denom
                .parse()
                .map_err(|e| format!("the fee denom: {e}"))?,
            amount: self.gas_price.fee(gas),
        };
        let auth = SignerInfo::single_direct(Some(key.public_key()), sequence)
            .auth_info(Fee::from_amount_and_gas(fee, gas));
        let doc = SignDoc::new(
            body,
            &auth,
            &self
                .chain_id
                .parse()
                .map_err(|e| format!("the chain id: {e}"))?,
            number,
        )
        .map_err(|e| format!("the transaction: {e}"))?;
        doc.sign(key)
            .and_then(|raw| raw.to_bytes())
            .map_err(|e| format!("signing: {e}").into())
    }

    /// Signs `msgs` as `sender` and broadcasts them in one transaction; the chain's log where
    /// it refuses.
    fn broadcast(&self, sender: &Addr, msgs: Vec<cosmrs::Any>) -> Result<Outcome, LedgerError> {
        use cosmrs::proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
        let (account, key) = self.key_of(sender)?;
        let body = Body::new(msgs, "tokenrail", 0u32);
        let state = self.account_state(account)?;
        // The gas a simulation used, with room to spare; a refusal shows here first.
        let probe = self.signed(key, &body, 0, state)?;
        #[allow(deprecated)] // `tx` is the field older nodes read; `tx_bytes` the newer.
        let sim: SimulateResponse = self.abci(
            "/cosmos.tx.v1beta1.Service/Simulate",
            SimulateRequest {
                tx: None,
                tx_bytes: probe,
            },
        )?;
        let used = sim.gas_info.map_or(0, |g| g.gas_used);
        let gas = used * GAS_ADJUSTMENT_PERCENT / 100 + 10_000;
        let tx = self.signed(key, &body, gas, state)?;
        // CometBFT's id of the transaction, known before it is sent: what to look up when the
        // node does not answer the broadcast.
        let hash = cosmrs::tendermint::Hash::Sha256(sha2::Sha256::digest(&tx).into());
        // `broadcast_tx_sync`, then polling for the result: CometBFT documents
        // `broadcast_tx_commit` as for development only, and a timeout of it leaves the client
        // unable to tell whether to retry (a retry could send the transaction twice).
        let r = self
            .rt
            .block_on(self.client.broadcast_tx_sync(tx))
            .map_err(|e| LedgerError::unknown(hash, format!("{}: {e}", self.url)))?;
        if r.code.is_err() {
            return Err(LedgerError::Rejected(r.log));
        }
        let included = self.included(r.hash)?;
        if included.tx_result.code.is_err() {
            return Err(LedgerError::Rejected(included.tx_result.log));
        }
        let events = included
            .tx_result
            .events
            .iter()
            .map(|e| {
                let mut event = Event::new(e.kind.clone());
                // Built field by field: the chain's own attributes (`_contract_address`) use
                // the underscore prefix contracts may not.
                event.attributes = e
                    .attributes
                    .iter()
                    .map(|a| cosmwasm_std::Attribute {
                        key: a.key_str().unwrap_or_default().to_string(),
                        value: a.value_str().unwrap_or_default().to_string(),
                    })
                    .collect();
                event
            })
            .collect();
        Ok(Outcome { events })
    }

    /// The result of the accepted transaction `hash`, polled for at a growing interval until
    /// [`INCLUSION_TIMEOUT`]; after that the transaction may still be included, so the error
    /// says so and names it (check before sending again).
    fn included(
        &self,
        hash: cosmrs::tendermint::Hash,
    ) -> Result<cosmrs::rpc::endpoint::tx::Response, LedgerError> {
        let started = std::time::Instant::now();
        let mut wait = std::time::Duration::from_millis(25);
        loop {
            match self.rt.block_on(self.client.tx(hash, false)) {
                Ok(found) => return Ok(found),
                // CometBFT answers "tx (<hash>) not found" until the block is committed.
                Err(e) if e.to_string().contains("not found") => {}
                Err(e) => {
                    return Err(LedgerError::unknown(
                        hash,
                        format!("{} could not say whether it is in a block: {e}", self.url),
                    ))
                }
            }
            if started.elapsed() > self.inclusion_timeout {
                return Err(LedgerError::unknown(
                    hash,
                    format!(
                        "{} accepted it, but it is not in a block after {} s",
                        self.url,
                        self.inclusion_timeout.as_secs_f32()
                    ),
                ));
            }
            std::thread::sleep(wait);
            wait = (wait * 3 / 2).min(std::time::Duration::from_secs(2));
        }
    }

    fn account_id(&self, addr: &str) -> Result<AccountId, LedgerError> {
        addr.parse()
            .map_err(|e| format!("`{addr}` is not a bech32 address: {e}").into())
    }

    fn coins(&self, funds: &[cosmwasm_std::Coin]) -> Result<Vec<cosmrs::Coin>, LedgerError> {
        funds
            .iter()
            .map(|c| {
                Ok(cosmrs::Coin {
                    denom: c.denom.parse().map_err(|e| format!("a denom: {e}"))?,
                    amount: cosmwasm_std::Uint128::try_from(c.amount)
                        .map_err(|e| format!("an amount: {e}"))?
                        .u128(),
                })
            })
            .collect()
    }

    /// A contract message from `sender` as the chain's protobuf `Any`.
    fn any(&self, sender: &Addr, msg: CosmosMsg) -> Result<cosmrs::Any, LedgerError> {
        let sender = self.key_of(sender)?.0.clone();
        let e = |e: cosmrs::ErrorReport| LedgerError::Rejected(e.to_string());
        match msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => cosmrs::cosmwasm::MsgExecuteContract {
                sender,
                contract: self.account_id(&contract_addr)?,
                msg: msg.to_vec(),
                funds: self.coins(&funds)?,
            }
            .to_any()
            .map_err(e),
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => cosmrs::bank::MsgSend {
                from_address: sender,
                to_address: self.account_id(&to_address)?,
                amount: self.coins(&amount)?,
            }
            .to_any()
            .map_err(e),
            other => Err(format!("no transaction for {other:?}").into()),
        }
    }

    fn query_raw(&self, contract: &Addr, msg: Vec<u8>) -> Result<Vec<u8>, LedgerError> {
        use cosmrs::proto::cosmwasm::wasm::v1::{
            QuerySmartContractStateRequest, QuerySmartContractStateResponse,
        };
        let r: QuerySmartContractStateResponse = self.abci(
            "/cosmwasm.wasm.v1.Query/SmartContractState",
            QuerySmartContractStateRequest {
                address: contract.to_string(),
                query_data: msg,
            },
        )?;
        Ok(r.data)
    }

    fn balance(&self, who: &Addr, denom: &str) -> Result<u128, LedgerError> {
        use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
        let r: QueryBalanceResponse = self.abci(
            "/cosmos.bank.v1beta1.Query/Balance",
            QueryBalanceRequest {
                address: who.to_string(),
                denom: denom.to_string(),
            },
        )?;
        r.balance.map_or(Ok(0), |c| {
            c.amount
                .parse()
                .map_err(|_| LedgerError::from("a balance is not a number"))
        })
    }

    fn now(&self) -> Result<u64, LedgerError> {
        let status = self
            .rt
            .block_on(self.client.status())
            .map_err(|e| LedgerError::Transport(format!("{}: {e}", self.url)))?;
        let time = status.sync_info.latest_block_time;
        u64::try_from(time.unix_timestamp())
            .map_err(|e| format!("the latest block's time: {e}").into())
    }

    /// Moves a development node's clock forward through its own method; a chain refuses.
    fn advance(&self, seconds: u64) -> Result<(), LedgerError> {
        let body = serde_json::json!({
            "jsonrpc": "2.0", "id": 1, "method": ADVANCE_CLOCK, "params": [seconds],
        });
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| LedgerError::Rejected(format!("cannot build the HTTP client: {e}")))?;
        let url = self.url.clone();
        let answered: Result<serde_json::Value, String> = self.rt.block_on(async move {
            let r = http
                .post(&url)
                .json(&body)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            r.json().await.map_err(|e| e.to_string())
        });
        match answered {
            Ok(v) if v.get("result").is_some() => Ok(()),
            Ok(v) => Err(LedgerError::Rejected(format!(
                "{} keeps its own time: a chain's clock cannot be moved ({})",
                self.url, v["error"]
            ))),
            Err(e) => Err(LedgerError::Transport(format!("{}: {e}", self.url))),
        }
    }

    fn store(&self, sender: &Addr, wasm: Vec<u8>) -> Result<u64, LedgerError> {
        let msg = cosmrs::cosmwasm::MsgStoreCode {
            sender: self.key_of(sender)?.0.clone(),
            wasm_byte_code: wasm,
            instantiate_permission: None,
        }
        .to_any()
        .map_err(|e| e.to_string())?;
        let out = self.broadcast(sender, vec![msg])?;
        out.attr("store_code", "code_id")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| LedgerError::from("storing the code reported no code id"))
    }

    fn instantiate(
        &self,
        sender: &Addr,
        code_id: u64,
        msg: Vec<u8>,
        label: &str,
    ) -> Result<Addr, LedgerError> {
        let account = self.key_of(sender)?.0.clone();
        let any = cosmrs::cosmwasm::MsgInstantiateContract {
            sender: account.clone(),
            admin: Some(account),
            code_id,
            label: Some(label.to_string()),
            msg,
            funds: vec![],
        }
        .to_any()
        .map_err(|e| e.to_string())?;
        let out = self.broadcast(sender, vec![any])?;
        out.attr("instantiate", "_contract_address")
            .map(Addr::unchecked)
            .ok_or_else(|| LedgerError::from("the instantiation reported no contract address"))
    }
}

/// The code a contract instantiates from: one of the Tokenrail contracts (its crate's artifact
/// stem, e.g. `cw_escrow`) with its optimised wasm where the chain stores wasm. The embedded app
/// runs the same contract compiled in, by name.
pub struct Code {
    /// The artifact stem (`cw_escrow`, `cw_payout`, `cw_channel`, `cw_registry`,
    /// `cw_asset_token`, `cw20_basic`).
    pub name: &'static str,
    /// The optimised wasm (what a chain stores); `None` for the embedded app.
    pub wasm: Option<Vec<u8>>,
}

impl Code {
    /// The contract `name`, compiled in (the embedded app's).
    pub fn compiled(name: &'static str) -> Self {
        Code { name, wasm: None }
    }

    /// The contract `name` from its wasm.
    pub fn wasm(name: &'static str, wasm: Vec<u8>) -> Self {
        Code {
            name,
            wasm: Some(wasm),
        }
    }
}

/// What a CosmWasm client needs of the chain it talks to. Implemented here for a Cosmos chain's
/// CometBFT JSON-RPC ([`CosmosRpc`]) and in `tokenrail-devnet` for the embedded app.
pub trait CwBackend: Any {
    /// Executes `msg` as `sender` and reports its events.
    fn execute(&mut self, sender: &Addr, msg: CosmosMsg) -> Result<Outcome, LedgerError>;
    /// A contract's raw answer to the smart query `msg` (JSON).
    fn query_raw(&self, contract: &Addr, msg: Vec<u8>) -> Result<Vec<u8>, LedgerError>;
    /// `who`'s balance of the bank denom `denom`.
    fn balance(&self, who: &Addr, denom: &str) -> Result<u128, LedgerError>;
    /// The chain id.
    fn chain_id(&self) -> String;
    /// The clock, in Unix seconds.
    fn now(&self) -> Result<u64, LedgerError>;
    /// Moves the clock `seconds` forward (where the chain lets a client).
    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError>;
    /// Stores `code` as `sender`, returning its code id.
    fn store(&mut self, sender: &Addr, code: Code) -> Result<u64, LedgerError>;
    /// Instantiates `code_id` with the JSON `msg` as `sender` (also the admin).
    fn instantiate(
        &mut self,
        sender: &Addr,
        code_id: u64,
        msg: Vec<u8>,
        label: &str,
    ) -> Result<Addr, LedgerError>;
    /// Another backend on the same chain with the same keys, for a second client.
    fn sibling(&self) -> Result<Box<dyn CwBackend>, LedgerError>;
    /// The backend itself, for a caller that knows its concrete type.
    fn as_any(&self) -> &dyn Any;
    /// The backend itself, mutably.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl CwBackend for CosmosRpc {
    fn execute(&mut self, sender: &Addr, msg: CosmosMsg) -> Result<Outcome, LedgerError> {
        let any = self.any(sender, msg)?;
        self.broadcast(sender, vec![any])
    }

    fn query_raw(&self, contract: &Addr, msg: Vec<u8>) -> Result<Vec<u8>, LedgerError> {
        CosmosRpc::query_raw(self, contract, msg)
    }

    fn balance(&self, who: &Addr, denom: &str) -> Result<u128, LedgerError> {
        CosmosRpc::balance(self, who, denom)
    }

    fn chain_id(&self) -> String {
        self.chain_id.clone()
    }

    fn now(&self) -> Result<u64, LedgerError> {
        CosmosRpc::now(self)
    }

    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        CosmosRpc::advance(self, seconds)
    }

    fn store(&mut self, sender: &Addr, code: Code) -> Result<u64, LedgerError> {
        let wasm = code
            .wasm
            .ok_or_else(|| format!("a chain stores wasm: {} has none here", code.name))?;
        CosmosRpc::store(self, sender, wasm)
    }

    fn instantiate(
        &mut self,
        sender: &Addr,
        code_id: u64,
        msg: Vec<u8>,
        label: &str,
    ) -> Result<Addr, LedgerError> {
        CosmosRpc::instantiate(self, sender, code_id, msg, label)
    }

    fn sibling(&self) -> Result<Box<dyn CwBackend>, LedgerError> {
        Ok(Box::new(self.reconnect()?))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// The chain one CosmWasm client talks to.
pub struct CwLedger {
    backend: Box<dyn CwBackend>,
}

impl From<CosmosRpc> for CwLedger {
    fn from(rpc: CosmosRpc) -> Self {
        CwLedger::new(Box::new(rpc))
    }
}

impl CwLedger {
    /// A ledger on `backend`.
    pub fn new(backend: Box<dyn CwBackend>) -> Self {
        CwLedger { backend }
    }

    /// The backend, as its concrete type `B` if it is one.
    pub fn backend_mut<B: CwBackend>(&mut self) -> Option<&mut B> {
        self.backend.as_any_mut().downcast_mut::<B>()
    }

    /// A second ledger on the same chain with the same keys (for another client).
    pub fn sibling(&self) -> Result<CwLedger, LedgerError> {
        self.backend.sibling().map(CwLedger::new)
    }

    /// The chain over RPC, if this is one.
    pub fn rpc(&self) -> Option<&CosmosRpc> {
        self.backend.as_any().downcast_ref::<CosmosRpc>()
    }

    /// Executes `msg` as `sender` (over RPC, a key of the keyring).
    pub fn execute(&mut self, sender: &Addr, msg: CosmosMsg) -> Result<Outcome, LedgerError> {
        self.backend.execute(sender, msg)
    }

    /// A contract's answer to the smart query `msg`.
    pub fn query<T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &impl Serialize,
    ) -> Result<T, LedgerError> {
        let bytes = serde_json::to_vec(msg).map_err(|e| e.to_string())?;
        let data = self.backend.query_raw(contract, bytes)?;
        serde_json::from_slice(&data).map_err(|e| LedgerError::Rejected(e.to_string()))
    }

    /// `who`'s balance of the bank denom `denom`.
    pub fn balance(&self, who: &Addr, denom: &str) -> Result<u128, LedgerError> {
        self.backend.balance(who, denom)
    }

    /// The chain id.
    pub fn chain_id(&self) -> String {
        self.backend.chain_id()
    }

    /// The chain's clock, in Unix seconds.
    pub fn now(&self) -> Result<u64, LedgerError> {
        self.backend.now()
    }

    /// Moves the clock `seconds` forward: the embedded chain's, or a development node's (a
    /// chain's clock is its own).
    pub fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.backend.advance(seconds)
    }

    /// Stores `code` as `sender`, returning its code id.
    pub fn store(&mut self, sender: &Addr, code: Code) -> Result<u64, LedgerError> {
        self.backend.store(sender, code)
    }

    /// Instantiates code `code_id` with `msg` as `sender` (also the admin).
    pub fn instantiate(
        &mut self,
        sender: &Addr,
        code_id: u64,
        msg: &impl Serialize,
        label: &str,
    ) -> Result<Addr, LedgerError> {
        let bytes = serde_json::to_vec(msg).map_err(|e| e.to_string())?;
        self.backend.instantiate(sender, code_id, bytes, label)
    }
}

#[cfg(test)]
mod tests {
    use super::GasPrice;

    #[test]
    fn gas_prices_are_exact_decimals() {
        let p: GasPrice = "0.025uatom".parse().unwrap();
        assert_eq!((p.digits, p.scale, p.denom.as_str()), (25, 3, "uatom"));
        assert_eq!(p.fee(200_000), 5_000);
        assert_eq!(p.fee(1), 1, "a fraction of a unit rounds up");
        let whole: GasPrice = "2ustake".parse().unwrap();
        assert_eq!(whole.fee(10), 20);
        let free: GasPrice = "0uusd".parse().unwrap();
        assert_eq!(free.fee(1_000_000), 0);
        let huge: GasPrice = "340282366920938463463374607431768211455u".parse().unwrap();
        assert_eq!(huge.fee(2), u128::MAX, "saturates");
    }

    #[test]
    fn malformed_gas_prices_are_refused() {
        for bad in [
            "",
            "uatom",
            "0.025",
            ".uatom",
            "1.2.3uatom",
            "abc",
            "0.0000000000000000001u",
        ] {
            assert!(bad.parse::<GasPrice>().is_err(), "{bad:?} parsed");
        }
    }
}
