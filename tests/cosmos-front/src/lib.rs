//! A CometBFT JSON-RPC front for a cw-multi-test app, so the clients' Cosmos transport runs
//! against real contracts here, where no Cosmos chain can be built.
//!
//! It answers `status`, `abci_query` (accounts, bank balances, smart queries, simulation),
//! `broadcast_tx_sync`, `tx` (a transaction becomes findable two `tx` lookups after it was
//! accepted, as it would once its block commits), `tx_search` (CometBFT's query language over
//! the transactions' events, paged) and `header` (each transaction runs in a block of its own;
//! headers chain by `last_block_id`), with the response types of `tendermint-rpc` and the
//! protobuf types of
//! the Cosmos SDK and wasmd (`cosmos-sdk-proto`). A transaction is checked the way an SDK ante
//! handler checks it (one signer, `SIGN_MODE_DIRECT` signature over the sign doc with the
//! chain id and the account number, the account's sequence, every message sent by the signer)
//! and its messages run atomically in the app, in one block. What it leaves out: fees and gas
//! (a simulation reports a fixed gas use and nothing is charged), mempool, consensus, wasm
//! execution (the contracts run compiled in, stored code is matched by its checksum).
//!
//! One method of its own moves the clock: `tokenrail_advanceClock [seconds]`.

use std::collections::HashMap;

use base64::Engine;
use cosmrs::proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use cosmrs::proto::cosmos::base::abci::v1beta1::GasInfo;
use cosmrs::proto::cosmos::tx::v1beta1::{SignDoc, SimulateResponse, TxRaw};
use cosmrs::proto::cosmwasm::wasm::v1::{
    QuerySmartContractStateRequest, QuerySmartContractStateResponse,
};
use cosmrs::proto::prost::Message;
use cosmrs::rpc::endpoint::{abci_query, broadcast::tx_sync, tx as tx_query, tx_search};
use cosmrs::rpc::query::{Condition, Operand, Operation, Query};
use cosmrs::tendermint::abci::{self, Code};
use cosmrs::tendermint::block::Header;
use cosmrs::tx::Msg as _;
use cosmwasm_std::{Addr, BankMsg, Binary, Coin, CosmosMsg, Empty, Timestamp, Uint256, WasmMsg};
use cw_multi_test::{App, Contract};
use serde_json::{json, Value};
use sha2::Digest;
use tokenrail_devnet::cosmwasm::{abci_events, app, CONTRACTS, DENOM};
pub use tokenrail_json_rpc_front::Front as RpcFront;
use tokenrail_json_rpc_front::{Node, RpcError};

/// The front's own method that moves the clock forward: params `[seconds]`.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// The front's fault switch: params `[n]`; the next `n` transactions are accepted by
/// `broadcast_tx_sync` and then lost, never in a block (as a node under load may drop them from
/// its mempool), so a client's wait for them ends with their outcome unknown.
pub const DROP_NEXT_TRANSACTIONS: &str = "tokenrail_dropNextTransactions";

/// The denom fees would be paid in (the staking token's place): funding an account with it
/// makes the account exist, as on a chain.
pub const FEE_DENOM: &str = "ustake";

/// Gas a simulation reports for any transaction (nothing is charged).
pub const SIMULATED_GAS: u64 = 200_000;

/// A contract the front can store: the SHA-256 of its wasm, and the same contract compiled in.
pub type KnownCode = ([u8; 32], fn() -> Box<dyn Contract<Empty>>);

/// Serves `app()` (built on the front's thread) with accounts spelled with `prefix`;
/// `codes` are the contracts a `MsgStoreCode` may upload.
pub fn serve(
    app: impl FnOnce() -> App + Send + 'static,
    prefix: &'static str,
    codes: Vec<KnownCode>,
) -> RpcFront {
    tokenrail_json_rpc_front::serve(move || {
        let mut chain = Chain {
            app: app(),
            prefix,
            codes,
            accounts: HashMap::new(),
            included: HashMap::new(),
            height: 1,
            blocks: vec![],
            dropping: 0,
        };
        chain.commit_block(vec![]);
        chain
    })
}

struct Chain {
    app: App,
    prefix: &'static str,
    codes: Vec<KnownCode>,
    /// Account number and sequence by address, numbered as first seen.
    accounts: HashMap<String, (u64, u64)>,
    height: u64,
    /// Every block's header and hash, height 1 first.
    blocks: Vec<(Header, cosmrs::tendermint::Hash)>,
    /// Accepted transactions by hash: the result, its height, the bytes, and how many more
    /// `tx` lookups answer "not found" (the block is not committed yet).
    included: HashMap<[u8; 32], Included>,
    /// How many more transactions to accept and lose ([`DROP_NEXT_TRANSACTIONS`]).
    dropping: u32,
}

/// A transaction `broadcast_tx_sync` accepted.
struct Included {
    result: abci::types::ExecTxResult,
    height: u64,
    tx: Vec<u8>,
    pending_lookups: u32,
}

/// The most transactions one `tx_search` page holds (CometBFT's cap).
const MAX_PER_PAGE: usize = 100;

/// How many `tx` lookups of a transaction broadcast with `broadcast_tx_sync` answer "not
/// found" before it is found, so a client must poll.
const PENDING_LOOKUPS: u32 = 2;

/// An ABCI query's answer: the value, or an error code with its log.
fn query_answer(height: u64, outcome: Result<Vec<u8>, (u32, String)>) -> Value {
    let (code, log, value) = match outcome {
        Ok(value) => (Code::Ok, String::new(), value),
        Err((code, log)) => (Code::from(code), log, vec![]),
    };
    let response = abci_query::Response {
        response: abci_query::AbciQuery {
            code,
            log,
            value,
            height: height.try_into().expect("a height"),
            ..Default::default()
        },
    };
    serde_json::to_value(response).expect("serializable")
}

impl Chain {
    fn block_time(&self) -> String {
        let t = self.app.block_info().time;
        cosmrs::tendermint::Time::from_unix_timestamp(t.seconds() as i64, t.subsec_nanos() as u32)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default()
    }

    /// Seals block `self.height` with the hashes of its transactions: a header on the app's
    /// clock, chained to the previous block by `last_block_id`, whose hash is the block's.
    fn commit_block(&mut self, txs: Vec<[u8; 32]>) {
        use cosmrs::tendermint::{block, Hash};
        let info = self.app.block_info();
        let time = cosmrs::tendermint::Time::from_unix_timestamp(
            info.time.seconds() as i64,
            info.time.subsec_nanos() as u32,
        )
        .expect("the app's clock is a valid time");
        let header = Header {
            version: block::header::Version { block: 11, app: 0 },
            chain_id: info.chain_id.parse().expect("the app's chain id is valid"),
            height: self.height.try_into().expect("a height"),
            time,
            last_block_id: self.blocks.last().map(|(_, hash)| block::Id {
                hash: *hash,
                part_set_header: Default::default(),
            }),
            last_commit_hash: None,
            // Not the Merkle root of the raw transactions: a digest of their hashes, enough
            // to make a block's hash depend on what it holds.
            data_hash: Some(Hash::Sha256(sha2::Sha256::digest(txs.concat()).into())),
            validators_hash: Hash::Sha256([0; 32]),
            next_validators_hash: Hash::Sha256([0; 32]),
            consensus_hash: Hash::Sha256([0; 32]),
            app_hash: Default::default(),
            last_results_hash: None,
            evidence_hash: None,
            proposer_address: cosmrs::tendermint::account::Id::new([0; 20]),
        };
        let hash = header.hash();
        self.blocks.push((header, hash));
    }

    /// `header`: the header at `height` (default: the latest).
    fn header(&self, params: &Value) -> Result<Value, RpcError> {
        let height = match &params["height"] {
            Value::Null => self.height,
            v => number(v).ok_or_else(|| RpcError::invalid("height: expected a number"))?,
        };
        let (header, _) = height
            .checked_sub(1)
            .and_then(|i| self.blocks.get(i as usize))
            .ok_or_else(|| {
                RpcError::new(
                    -32603,
                    format!(
                        "height {height} must be less than or equal to the current blockchain \
                         height {}",
                        self.height
                    ),
                )
            })?;
        let response = cosmrs::rpc::endpoint::header::Response {
            header: header.clone(),
        };
        Ok(serde_json::to_value(response).expect("serializable"))
    }

    /// `tx_search`: the transactions in blocks whose events match the query (conditions
    /// joined by AND, as CometBFT's indexer evaluates them), by height, paged.
    fn search(&self, params: &Value) -> Result<Value, RpcError> {
        let text = params["query"]
            .as_str()
            .ok_or_else(|| RpcError::invalid("query: expected a string"))?;
        let query: Query = text
            .parse()
            .map_err(|e| RpcError::invalid(format!("query `{text}`: {e}")))?;
        let page = params.get("page").map_or(Some(1), number).unwrap_or(0);
        let per_page = params.get("per_page").map_or(Some(30), number).unwrap_or(0);
        if page == 0 || per_page == 0 {
            return Err(RpcError::invalid(
                "page and per_page must be positive numbers",
            ));
        }
        let per_page = (per_page as usize).min(MAX_PER_PAGE);
        let mut found: Vec<(&[u8; 32], &Included)> = self
            .included
            .iter()
            .filter(|(hash, tx)| {
                query
                    .conditions
                    .iter()
                    .all(|c| matches_condition(c, hash, tx))
            })
            .collect();
        found.sort_by_key(|(hash, tx)| (tx.height, **hash));
        if params["order_by"].as_str() == Some("desc") {
            found.reverse();
        }
        let total = found.len();
        let start = (page as usize - 1) * per_page;
        if start > 0 && start >= total {
            return Err(RpcError::invalid(format!(
                "page should be within [1, {}] range, given {page}",
                total.div_ceil(per_page).max(1)
            )));
        }
        let txs = found
            .into_iter()
            .skip(start)
            .take(per_page)
            .map(|(hash, tx)| tx_query::Response {
                hash: cosmrs::tendermint::Hash::Sha256(*hash),
                height: tx.height.try_into().expect("a height"),
                index: 0,
                tx_result: tx.result.clone(),
                tx: tx.tx.clone(),
                proof: None,
            })
            .collect();
        let response = tx_search::Response {
            txs,
            total_count: total as u32,
        };
        Ok(serde_json::to_value(response).expect("serializable"))
    }

    fn status(&self) -> Value {
        let hash = "0".repeat(64);
        let latest = self
            .blocks
            .last()
            .map_or(hash.clone(), |(_, h)| h.to_string());
        json!({
            "node_info": {
                "protocol_version": {"p2p": "8", "block": "11", "app": "0"},
                "id": "0".repeat(40),
                "listen_addr": "tcp://127.0.0.1:26656",
                "network": self.app.block_info().chain_id,
                "version": "0.38.17",
                "channels": "40202122233038606100",
                "moniker": "tokenrail-cw-front",
                "other": {"tx_index": "on", "rpc_address": "tcp://127.0.0.1:26657"}
            },
            "sync_info": {
                "latest_block_hash": latest,
                "latest_app_hash": hash,
                "latest_block_height": self.height.to_string(),
                "latest_block_time": self.block_time(),
                "earliest_block_hash": hash,
                "earliest_app_hash": hash,
                "earliest_block_height": "1",
                "earliest_block_time": self.block_time(),
                "catching_up": false
            },
            "validator_info": {
                "address": "0".repeat(40),
                "pub_key": {
                    "type": "tendermint/PubKeyEd25519",
                    "value": base64::engine::general_purpose::STANDARD.encode([0u8; 32])
                },
                "voting_power": "0"
            }
        })
    }

    /// An account exists once it holds the payment or the fee denom ([`DENOM`],
    /// [`FEE_DENOM`]) or has sent a transaction.
    fn account(&mut self, address: &str) -> Option<(u64, u64)> {
        if let Some(a) = self.accounts.get(address) {
            return Some(*a);
        }
        let holds = self
            .app
            .wrap()
            .query_balance(address, DENOM)
            .is_ok_and(|c| !c.amount.is_zero())
            || self
                .app
                .wrap()
                .query_balance(address, FEE_DENOM)
                .is_ok_and(|c| !c.amount.is_zero());
        if !holds {
            return None;
        }
        let number = self.accounts.len() as u64 + 1;
        self.accounts.insert(address.to_string(), (number, 0));
        Some((number, 0))
    }

    fn abci(&mut self, path: &str, data: &[u8]) -> Result<Vec<u8>, (u32, String)> {
        let bad = |e: cosmrs::proto::prost::DecodeError| (2, format!("tx parse error: {e}"));
        match path {
            "/cosmos.auth.v1beta1.Query/Account" => {
                let q = QueryAccountRequest::decode(data).map_err(bad)?;
                let (number, sequence) = self.account(&q.address).ok_or_else(|| {
                    (
                        22,
                        format!("account {} not found: key not found", q.address),
                    )
                })?;
                let base = BaseAccount {
                    address: q.address,
                    pub_key: None,
                    account_number: number,
                    sequence,
                };
                let any = cosmrs::Any {
                    type_url: "/cosmos.auth.v1beta1.BaseAccount".into(),
                    value: base.encode_to_vec(),
                };
                Ok(QueryAccountResponse { account: Some(any) }.encode_to_vec())
            }
            "/cosmos.bank.v1beta1.Query/Balance" => {
                let q = QueryBalanceRequest::decode(data).map_err(bad)?;
                let coin = self
                    .app
                    .wrap()
                    .query_balance(&q.address, &q.denom)
                    .map_err(|e| (1, e.to_string()))?;
                let balance = cosmrs::proto::cosmos::base::v1beta1::Coin {
                    denom: coin.denom,
                    amount: coin.amount.to_string(),
                };
                Ok(QueryBalanceResponse {
                    balance: Some(balance),
                }
                .encode_to_vec())
            }
            "/cosmwasm.wasm.v1.Query/SmartContractState" => {
                let q = QuerySmartContractStateRequest::decode(data).map_err(bad)?;
                let request =
                    cosmwasm_std::QueryRequest::<Empty>::Wasm(cosmwasm_std::WasmQuery::Smart {
                        contract_addr: q.address,
                        msg: Binary::from(q.query_data),
                    });
                let answer: Value = self
                    .app
                    .wrap()
                    .query(&request)
                    .map_err(|e| (5, format!("query wasm contract failed: {e}")))?;
                let data = serde_json::to_vec(&answer).map_err(|e| (1, e.to_string()))?;
                Ok(QuerySmartContractStateResponse { data }.encode_to_vec())
            }
            "/cosmos.tx.v1beta1.Service/Simulate" => Ok(SimulateResponse {
                gas_info: Some(GasInfo {
                    gas_wanted: 0,
                    gas_used: SIMULATED_GAS,
                }),
                result: None,
            }
            .encode_to_vec()),
            other => Err((6, format!("unknown query path {other}"))),
        }
    }

    /// Checks a transaction as an ante handler would; the signer's address.
    fn authenticate(&mut self, tx: &[u8]) -> Result<(Addr, cosmrs::Tx), (u32, String)> {
        use k256::ecdsa::signature::Verifier;
        let raw = TxRaw::decode(tx).map_err(|e| (2, format!("tx parse error: {e}")))?;
        let decoded =
            cosmrs::Tx::from_bytes(tx).map_err(|e| (2, format!("tx parse error: {e}")))?;
        let [signer] = decoded.auth_info.signer_infos.as_slice() else {
            return Err((4, "one signer per transaction".into()));
        };
        let Some(cosmrs::tx::SignerPublicKey::Single(public)) = &signer.public_key else {
            return Err((4, "the signer has no single public key".into()));
        };
        let address = public
            .account_id(self.prefix)
            .map_err(|e| (4, e.to_string()))?
            .to_string();
        let (number, sequence) = self
            .account(&address)
            .ok_or_else(|| (9, format!("account {address} not found: unknown address")))?;
        if signer.sequence != sequence {
            return Err((
                32,
                format!(
                    "account sequence mismatch, expected {sequence}, got {}: incorrect account \
                     sequence",
                    signer.sequence
                ),
            ));
        }
        let doc = SignDoc {
            body_bytes: raw.body_bytes,
            auth_info_bytes: raw.auth_info_bytes,
            chain_id: self.app.block_info().chain_id,
            account_number: number,
        };
        let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(&public.to_bytes())
            .map_err(|e| (4, e.to_string()))?;
        let signature = raw
            .signatures
            .first()
            .and_then(|s| k256::ecdsa::Signature::from_slice(s).ok())
            .ok_or_else(|| (4, "no signature".to_string()))?;
        key.verify(&doc.encode_to_vec(), &signature)
            .map_err(|_| (4, "signature verification failed; please verify account number, sequence and chain-id: unauthorized".to_string()))?;
        Ok((Addr::unchecked(address), decoded))
    }

    /// The messages of a transaction as the app's, each checked to be sent by `signer`.
    fn messages(&self, signer: &Addr, tx: &cosmrs::Tx) -> Result<Vec<Msg>, (u32, String)> {
        let sent_by = |sender: &cosmrs::AccountId| {
            if sender.as_ref() == signer.as_str() {
                return Ok(());
            }
            Err((
                4,
                format!("{sender} sends a message but {signer} signed: unauthorized"),
            ))
        };
        let coins = |c: &[cosmrs::Coin]| -> Vec<Coin> {
            c.iter()
                .map(|c| Coin::new(Uint256::from(c.amount), c.denom.to_string()))
                .collect()
        };
        let bad = |e: cosmrs::ErrorReport| (2, e.to_string());
        tx.body
            .messages
            .iter()
            .map(|any| match any.type_url.as_str() {
                "/cosmwasm.wasm.v1.MsgExecuteContract" => {
                    let m = cosmrs::cosmwasm::MsgExecuteContract::from_any(any).map_err(bad)?;
                    sent_by(&m.sender)?;
                    Ok(Msg::App(
                        WasmMsg::Execute {
                            contract_addr: m.contract.to_string(),
                            msg: Binary::from(m.msg),
                            funds: coins(&m.funds),
                        }
                        .into(),
                    ))
                }
                "/cosmwasm.wasm.v1.MsgInstantiateContract" => {
                    let m = cosmrs::cosmwasm::MsgInstantiateContract::from_any(any).map_err(bad)?;
                    sent_by(&m.sender)?;
                    Ok(Msg::App(
                        WasmMsg::Instantiate {
                            admin: m.admin.map(|a| a.to_string()),
                            code_id: m.code_id,
                            msg: Binary::from(m.msg),
                            funds: coins(&m.funds),
                            label: m.label.unwrap_or_default(),
                        }
                        .into(),
                    ))
                }
                "/cosmos.bank.v1beta1.MsgSend" => {
                    let m = cosmrs::bank::MsgSend::from_any(any).map_err(bad)?;
                    sent_by(&m.from_address)?;
                    Ok(Msg::App(
                        BankMsg::Send {
                            to_address: m.to_address.to_string(),
                            amount: coins(&m.amount),
                        }
                        .into(),
                    ))
                }
                "/cosmwasm.wasm.v1.MsgStoreCode" => {
                    let m = cosmrs::cosmwasm::MsgStoreCode::from_any(any).map_err(bad)?;
                    sent_by(&m.sender)?;
                    let checksum: [u8; 32] = sha2::Sha256::digest(&m.wasm_byte_code).into();
                    let (_, make) =
                        self.codes
                            .iter()
                            .find(|(c, _)| *c == checksum)
                            .ok_or_else(|| {
                                (
                                    2,
                                    format!(
                                    "this node runs only known contracts; no code with checksum {}",
                                    hex::encode(checksum)
                                ),
                                )
                            })?;
                    Ok(Msg::Store(*make, checksum))
                }
                other => Err((6, format!("unrecognized message type {other}"))),
            })
            .collect()
    }

    /// Runs a transaction's messages atomically: its events, or the failure's log.
    fn deliver(&mut self, signer: &Addr, msgs: Vec<Msg>) -> Result<Vec<abci::Event>, String> {
        let mut events = vec![];
        let mut app_msgs = vec![];
        for m in msgs {
            match m {
                Msg::Store(make, checksum) => {
                    // Stored apart from the atomic batch: a store has no other effect.
                    let id = self.app.store_code_with_creator(signer.clone(), make());
                    events.push(abci::Event::new(
                        "store_code",
                        [
                            ("code_id", id.to_string()),
                            ("code_checksum", hex::encode(checksum)),
                        ],
                    ));
                }
                Msg::App(msg) => app_msgs.push(msg),
            }
        }
        if !app_msgs.is_empty() {
            let responses = self
                .app
                .execute_multi(signer.clone(), app_msgs)
                .map_err(|e| format!("failed to execute message; message index: 0: {e:?}"))?;
            events.extend(abci_events(responses.into_iter().flat_map(|r| r.events)));
        }
        Ok(events)
    }

    /// `broadcast_tx_sync`: the CheckTx answer now; the result later, through `tx`.
    fn broadcast_sync(&mut self, tx: &[u8]) -> Value {
        let hash: [u8; 32] = sha2::Sha256::digest(tx).into();
        if self.dropping > 0 {
            // Accepted into the mempool, then lost: never run, never found.
            self.dropping -= 1;
            let response = tx_sync::Response {
                codespace: String::new(),
                code: Code::Ok,
                data: Default::default(),
                log: String::new(),
                hash: cosmrs::tendermint::Hash::Sha256(hash),
            };
            return serde_json::to_value(response).expect("serializable");
        }
        let (check, result) = self.run(tx);
        if check.code.is_ok() {
            self.included.insert(
                hash,
                Included {
                    result,
                    height: self.height,
                    tx: tx.to_vec(),
                    pending_lookups: PENDING_LOOKUPS,
                },
            );
        }
        let response = tx_sync::Response {
            codespace: check.codespace,
            code: check.code,
            data: Default::default(),
            log: check.log,
            hash: cosmrs::tendermint::Hash::Sha256(hash),
        };
        serde_json::to_value(response).expect("serializable")
    }

    /// `tx`: an included transaction's result, or CometBFT's "not found".
    fn lookup(&mut self, hash: &[u8]) -> Result<Value, RpcError> {
        let not_found = || {
            RpcError::new(
                -32603,
                format!("tx ({}) not found", hex::encode_upper(hash)),
            )
        };
        let key: [u8; 32] = hash.try_into().map_err(|_| not_found())?;
        let found = self.included.get_mut(&key).ok_or_else(not_found)?;
        if found.pending_lookups > 0 {
            found.pending_lookups -= 1;
            return Err(not_found());
        }
        let response = tx_query::Response {
            hash: cosmrs::tendermint::Hash::Sha256(key),
            height: found.height.try_into().expect("a height"),
            index: 0,
            tx_result: found.result.clone(),
            tx: found.tx.clone(),
            proof: None,
        };
        Ok(serde_json::to_value(response).expect("serializable"))
    }

    /// Checks and runs one transaction in its own block.
    fn run(&mut self, tx: &[u8]) -> (abci::response::CheckTx, abci::types::ExecTxResult) {
        match self.authenticate(tx).and_then(|(signer, decoded)| {
            let msgs = self.messages(&signer, &decoded)?;
            Ok((signer, msgs))
        }) {
            Err((code, log)) => (
                abci::response::CheckTx {
                    code: Code::from(code),
                    log,
                    codespace: "sdk".into(),
                    ..Default::default()
                },
                abci::types::ExecTxResult::default(),
            ),
            Ok((signer, msgs)) => {
                // Past the ante handler the sequence is spent, whatever the messages do.
                if let Some(a) = self.accounts.get_mut(signer.as_str()) {
                    a.1 += 1;
                }
                self.height += 1;
                self.app.update_block(|b| b.height += 1);
                self.commit_block(vec![sha2::Sha256::digest(tx).into()]);
                let gas_used = SIMULATED_GAS as i64;
                let result = match self.deliver(&signer, msgs) {
                    Ok(events) => abci::types::ExecTxResult {
                        gas_used,
                        events,
                        ..Default::default()
                    },
                    Err(log) => abci::types::ExecTxResult {
                        code: Code::from(5),
                        codespace: "wasm".into(),
                        gas_used,
                        log,
                        ..Default::default()
                    },
                };
                (abci::response::CheckTx::default(), result)
            }
        }
    }
}

/// A transaction's message as the front runs it.
enum Msg {
    /// A message the app executes.
    App(CosmosMsg),
    /// An upload of a known contract.
    Store(fn() -> Box<dyn Contract<Empty>>, [u8; 32]),
}

impl Node for Chain {
    fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        match method {
            "status" => Ok(self.status()),
            "abci_query" => {
                let path = params["path"].as_str().unwrap_or("");
                let data = hex::decode(params["data"].as_str().unwrap_or(""))
                    .map_err(RpcError::invalid)?;
                let outcome = self.abci(path, &data);
                Ok(query_answer(self.height, outcome))
            }
            "broadcast_tx_sync" => {
                let tx = base64::engine::general_purpose::STANDARD
                    .decode(params["tx"].as_str().unwrap_or(""))
                    .map_err(RpcError::invalid)?;
                Ok(self.broadcast_sync(&tx))
            }
            "tx_search" => self.search(params),
            "header" => self.header(params),
            "tx" => {
                let hash = base64::engine::general_purpose::STANDARD
                    .decode(params["hash"].as_str().unwrap_or(""))
                    .map_err(RpcError::invalid)?;
                self.lookup(&hash)
            }
            DROP_NEXT_TRANSACTIONS => {
                let n = params[0]
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| RpcError::invalid("expected a count"))?;
                self.dropping = n;
                Ok(json!(n))
            }
            ADVANCE_CLOCK => {
                let seconds = params[0]
                    .as_u64()
                    .ok_or_else(|| RpcError::invalid("expected seconds"))?;
                self.app.update_block(|b| {
                    b.time = Timestamp::from_nanos(b.time.nanos() + seconds * 1_000_000_000);
                    b.height += 1;
                });
                // An empty block at the new time.
                self.height += 1;
                self.commit_block(vec![]);
                Ok(json!(self.app.block_info().time.seconds()))
            }
            other => Err(RpcError::no_method(other)),
        }
    }
}

/// A number sent as JSON number or decimal string (CometBFT accepts both).
fn number(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_str()?.parse().ok())
}

/// Whether one condition of a `tx_search` query holds for an included transaction: `tx.height`
/// and `tx.hash` are the transaction's own; any other key is `<event type>.<attribute>` and
/// holds when some event of the result has such an attribute whose value satisfies it.
fn matches_condition(c: &Condition, hash: &[u8; 32], tx: &Included) -> bool {
    match c.key.as_str() {
        "tx.height" => compare(&c.operation, &tx.height.to_string()),
        "tx.hash" => compare(&c.operation, &hex::encode_upper(hash)),
        key => {
            let Some((ty, attribute)) = key.split_once('.') else {
                return false;
            };
            tx.result.events.iter().filter(|e| e.kind == ty).any(|e| {
                e.attributes.iter().any(|a| {
                    a.key_str().is_ok_and(|k| k == attribute)
                        && a.value_str().is_ok_and(|v| compare(&c.operation, v))
                })
            })
        }
    }
}

/// CometBFT's comparison of an indexed value with an operand: numbers as numbers, anything
/// else as text.
fn compare(op: &Operation, value: &str) -> bool {
    use std::cmp::Ordering;
    let order = |operand: &Operand| -> Option<Ordering> {
        match operand {
            Operand::Unsigned(n) => value.parse::<u64>().ok().map(|v| v.cmp(n)),
            Operand::Signed(n) => value.parse::<i64>().ok().map(|v| v.cmp(n)),
            Operand::String(s) => Some(value.cmp(s.as_str())),
            _ => None,
        }
    };
    match op {
        Operation::Eq(o) => order(o) == Some(Ordering::Equal),
        Operation::Lt(o) => order(o) == Some(Ordering::Less),
        Operation::Lte(o) => matches!(order(o), Some(Ordering::Less | Ordering::Equal)),
        Operation::Gt(o) => order(o) == Some(Ordering::Greater),
        Operation::Gte(o) => matches!(order(o), Some(Ordering::Greater | Ordering::Equal)),
        Operation::Contains(s) => value.contains(s.as_str()),
        Operation::Exists => true,
    }
}

/// What a local node credits every funded account with in the fee denom.
pub const GAS_MONEY: u128 = 1_000_000_000;

/// A local Cosmos node for tests and development: the front over a devnet app, accounts spelled
/// `cosmwasm…`, each of `funded` holding its amount of [`DENOM`] and [`GAS_MONEY`] of
/// [`FEE_DENOM`]; uploads of the Tokenrail contracts' wasm in `artifacts` run those contracts.
pub fn local_chain(
    artifacts: &std::path::Path,
    funded: &[(Addr, u128)],
) -> Result<RpcFront, String> {
    let mut codes = vec![];
    for (name, make) in CONTRACTS {
        if name == "cw20_basic" {
            continue;
        }
        let wasm = artifact(artifacts, name)?;
        let checksum: [u8; 32] = sha2::Sha256::digest(wasm).into();
        codes.push((checksum, make));
    }
    let funded = funded.to_vec();
    Ok(serve(
        move || {
            let mut app = App::new(|router, _api, storage| {
                for (addr, amount) in &funded {
                    let mut coins = vec![Coin::new(GAS_MONEY, FEE_DENOM)];
                    if *amount > 0 {
                        coins.push(Coin::new(*amount, DENOM));
                    }
                    router
                        .bank
                        .init_balance(storage, addr, coins)
                        .expect("funds an account");
                }
            });
            app::set_time(&mut app, 0);
            app
        },
        "cosmwasm",
        codes,
    ))
}

/// The optimised wasm of contract `name` in `dir`.
fn artifact(dir: &std::path::Path, name: &str) -> Result<Vec<u8>, String> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}. Build the CosmWasm artifacts first: scripts/build-artifacts cosmwasm",
            path.display()
        )
    })
}
