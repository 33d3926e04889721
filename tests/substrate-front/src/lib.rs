//! A Substrate node's JSON-RPC, over WebSocket, in front of the development runtime, so the
//! clients' Substrate transport (subxt, as cargo-contract and ink_e2e use it) runs against
//! real contracts here, where no Substrate node can be built.
//!
//! It answers the legacy RPC methods a client needs to read the chain and submit transactions:
//! `chain_*` (block hashes, headers, blocks, head subscriptions), `state_*` (runtime version,
//! metadata, storage, `state_call` of the runtime APIs `Core`, `Metadata`, `AccountNonceApi` and
//! `ContractsApi`), `system_*` and `author_submit(AndWatch)Extrinsic`. Contract dry runs report
//! what substrate-contracts-node reports: the contract's debug output and the events the call
//! would emit.
//!
//! An extrinsic is checked and applied as a node's block executor does it: decoded as the
//! runtime's `UncheckedExtrinsic`, its signature verified, its signed extensions (spec and
//! transaction version, genesis, mortality, nonce, weight) validated and run, the call
//! dispatched, and `ExtrinsicSuccess`/`ExtrinsicFailed` recorded. An invalid one is refused as
//! a node refuses it (error 1010, "Invalid Transaction", with the reason) and changes nothing.
//! Every accepted extrinsic is sealed into a block of its own, which counts as final at once.
//!
//! What it leaves out: fees (the runtime has no transaction-payment pallet), a transaction pool
//! and consensus, and history: storage reads and runtime API calls see the newest state whatever
//! block they name (an unknown block is an error), except `System::Events` and
//! `Timestamp::Now`, which are kept per block so a client can read what its transaction did and
//! when.
//!
//! The dev accounts (`//Alice` … `//Ferdie`) start with [`BASE_BALANCE`](tokenrail_devnet::ink::sandbox::BASE_BALANCE) each. One method of
//! the front's own moves the clock and seals an empty block at the new time: `tokenrail_advanceClock [seconds]`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use frame_support::dispatch::GetDispatchInfo;
use frame_support::sp_runtime::traits::{
    Applyable, BlakeTwo256, Checkable, Hash as _, Header as _,
};
use frame_support::sp_runtime::transaction_validity::{
    TransactionSource, TransactionValidityError,
};
use frame_support::sp_runtime::{AccountId32, StateVersion};
use frame_support::traits::{Get, Hooks};
use frame_support::weights::Weight;
use ink_sandbox::pallet_contracts::{self, Code, CollectEvents, DebugInfo, Determinism};
use ink_sandbox::{BlockBuilder, Sandbox, H256};
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule, Server, ServerHandle};
use jsonrpsee::types::{ErrorObjectOwned, Params};
use jsonrpsee::SubscriptionMessage;
use scale::{Decode, DecodeAll, Encode};
use serde_json::{json, Value};
use sp_core::crypto::{Pair as _, Ss58Codec};

use tokenrail_devnet::ink::runtime::{self, Runtime, UncheckedExtrinsic, VERSION};
use tokenrail_devnet::ink::Chain;

/// The front's own method that moves the clock forward: params `[seconds]`.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// The chain name `system_chain` reports.
pub const CHAIN_NAME: &str = "Tokenrail Development";

/// The dev accounts' secret URIs (from Substrate's development phrase), each endowed at genesis.
pub const DEV_ACCOUNTS: [&str; 6] = [
    "//Alice",
    "//Bob",
    "//Charlie",
    "//Dave",
    "//Eve",
    "//Ferdie",
];

/// JSON-RPC error code a Substrate node answers an invalid transaction with.
pub const INVALID_TRANSACTION: i32 = 1010;

/// The account of a dev secret URI such as `//Alice` (sr25519).
pub fn dev_account(suri: &str) -> AccountId32 {
    let pair = sp_core::sr25519::Pair::from_string(suri, None)
        .unwrap_or_else(|e| panic!("dev secret URI {suri}: {e:?}"));
    AccountId32::from(pair.public())
}

/// A running front; dropping it stops the server.
pub struct InkFront {
    url: String,
    handle: Option<ServerHandle>,
    thread: Option<std::thread::JoinHandle<()>>,
    node: Shared,
}

impl InkFront {
    /// The WebSocket URL to give a client (`ws://127.0.0.1:<port>`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The front's fault switch: the next `n` watched extrinsics are accepted (reported
    /// `ready`) and then lost, never in a block, as a node under load may drop them from its
    /// pool; a client's wait for them ends with their outcome unknown.
    pub fn drop_next_transactions(&self, n: u32) {
        self.node.lock().expect("the node").dropping = n;
    }
}

impl Drop for InkFront {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = handle.stop();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a development chain (clock at `clock_ms`, dev accounts endowed) behind a WebSocket
/// JSON-RPC server on a free loopback port, on a thread of its own; it spells accounts in the
/// generic SS58 format 42.
pub fn serve(clock_ms: u64) -> InkFront {
    serve_as(clock_ms, 42)
}

/// [`serve`] for a chain whose `system_properties` name `ss58_format` (5 as Astar, 0 as
/// Polkadot).
pub fn serve_as(clock_ms: u64, ss58_format: u16) -> InkFront {
    let (ready, started) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime for the front");
        runtime.block_on(async move {
            let node = Arc::new(Mutex::new(DevNode::new(clock_ms, ss58_format)));
            let shared = node.clone();
            let server = Server::builder()
                .build("127.0.0.1:0")
                .await
                .expect("bind a loopback port");
            let addr = server.local_addr().expect("the bound address");
            let handle = server.start(module(node));
            ready
                .send((format!("ws://{addr}"), handle.clone(), shared))
                .expect("the starter waits");
            handle.stopped().await;
        });
    });
    let (url, handle, node) = started.recv().expect("the front starts");
    InkFront {
        url,
        handle: Some(handle),
        thread: Some(thread),
        node,
    }
}

type Shared = Arc<Mutex<DevNode>>;

/// A sealed block: its header, hash, extrinsics, the `System::Events` it left and its
/// `Timestamp::Now`.
struct SealedBlock {
    header: runtime::Header,
    hash: H256,
    extrinsics: Vec<Vec<u8>>,
    events: Option<Vec<u8>>,
    now: Option<Vec<u8>>,
}

/// The chain behind the front: the sandbox with the next block open, and the sealed blocks.
struct DevNode {
    chain: Chain,
    ss58_format: u16,
    blocks: Vec<SealedBlock>,
    by_hash: HashMap<H256, usize>,
    /// How many more watched extrinsics to accept and lose ([`InkFront::drop_next_transactions`]).
    dropping: u32,
}

/// An RPC error with a code, a message and optional data.
fn rpc_error(code: i32, message: impl Into<String>, data: Option<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(code, message.into(), data)
}

fn invalid_params(why: impl std::fmt::Display) -> ErrorObjectOwned {
    rpc_error(-32602, format!("invalid params: {why}"), None)
}

fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

fn from_hex0x(value: &Value) -> Result<Vec<u8>, ErrorObjectOwned> {
    let text = value
        .as_str()
        .ok_or_else(|| invalid_params("expected a 0x-prefixed hex string"))?;
    hex::decode(text.trim_start_matches("0x")).map_err(invalid_params)
}

/// The positional parameters of a call (none is an empty list).
fn args(params: &Params) -> Vec<Value> {
    params
        .as_str()
        .and_then(|raw| serde_json::from_str::<Value>(raw).ok())
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
}

fn header_json(header: &runtime::Header) -> Value {
    json!({
        "parentHash": hex0x(header.parent_hash.as_bytes()),
        "number": format!("0x{:x}", header.number),
        "stateRoot": hex0x(header.state_root.as_bytes()),
        "extrinsicsRoot": hex0x(header.extrinsics_root.as_bytes()),
        "digest": {"logs": header.digest.logs.iter().map(|l| hex0x(&l.encode())).collect::<Vec<_>>()},
    })
}

fn version_json() -> Value {
    json!({
        "specName": VERSION.spec_name.to_string(),
        "implName": VERSION.impl_name.to_string(),
        "authoringVersion": VERSION.authoring_version,
        "specVersion": VERSION.spec_version,
        "implVersion": VERSION.impl_version,
        "apis": [],
        "transactionVersion": VERSION.transaction_version,
        "stateVersion": VERSION.state_version,
    })
}

/// Why a transaction is invalid, in the words a node uses.
fn validity_reason(err: TransactionValidityError) -> String {
    let text: &'static str = err.into();
    text.to_string()
}

impl DevNode {
    fn new(clock_ms: u64, ss58_format: u16) -> Self {
        let mut chain = Chain::new();
        for suri in DEV_ACCOUNTS {
            chain.fund(dev_account(suri));
        }
        chain.set_timestamp_ms(clock_ms);
        // Seal the genesis state as block 0 and open block 1 on top of it, so that the genesis
        // hash the signed extensions check is the hash of a header over this state.
        let genesis = chain.sandbox.execute_with(|| {
            let root = sp_io::storage::root(StateVersion::V1);
            runtime::Header::new(
                0,
                BlakeTwo256::ordered_trie_root(vec![], StateVersion::V1),
                H256::from_slice(&root),
                H256::zero(),
                Default::default(),
            )
        });
        let hash = genesis.hash();
        chain.sandbox.execute_with(|| open_block(1, hash));
        let mut node = DevNode {
            chain,
            ss58_format,
            blocks: vec![],
            by_hash: HashMap::new(),
            dropping: 0,
        };
        node.record(SealedBlock {
            header: genesis,
            hash,
            extrinsics: vec![],
            events: None,
            now: None,
        });
        node
    }

    fn record(&mut self, block: SealedBlock) {
        self.by_hash.insert(block.hash, self.blocks.len());
        self.blocks.push(block);
    }

    fn head(&self) -> &SealedBlock {
        self.blocks.last().expect("genesis is sealed")
    }

    /// The block a call's optional `at` hash names (the head without one).
    fn at(&self, value: Option<&Value>) -> Result<&SealedBlock, ErrorObjectOwned> {
        match value {
            None | Some(Value::Null) => Ok(self.head()),
            Some(v) => {
                let hash = H256::from_slice(&fixed::<32>(&from_hex0x(v)?)?);
                self.by_hash
                    .get(&hash)
                    .map(|i| &self.blocks[*i])
                    .ok_or_else(|| rpc_error(4003, format!("unknown block {hash:?}"), None))
            }
        }
    }

    /// Checks and applies one extrinsic in the open block, seals it and opens the next one.
    fn submit(&mut self, bytes: &[u8]) -> Result<H256, String> {
        let xt = UncheckedExtrinsic::decode_all(&mut &bytes[..])
            .map_err(|e| format!("Could not decode the extrinsic: {e}"))?;
        let len = bytes.len();
        self.chain.sandbox.execute_with(|| {
            // An invalid transaction leaves no trace: whatever its checks wrote is rolled back.
            sp_io::storage::start_transaction();
            let applied = (|| {
                let checked = xt.check(&frame_system::ChainContext::<Runtime>::default())?;
                let info = checked.get_dispatch_info();
                checked.validate::<Runtime>(TransactionSource::External, &info, len)?;
                frame_system::Pallet::<Runtime>::note_extrinsic(bytes.to_vec());
                let outcome = checked.apply::<Runtime>(&info, len)?;
                frame_system::Pallet::<Runtime>::note_applied_extrinsic(&outcome, info);
                Ok(())
            })();
            match applied {
                Ok(()) => {
                    sp_io::storage::commit_transaction();
                    Ok(())
                }
                Err(e) => {
                    sp_io::storage::rollback_transaction();
                    Err(validity_reason(e))
                }
            }
        })?;
        Ok(self.seal(vec![bytes.to_vec()]))
    }

    /// Seals the open block holding `extrinsics` and opens the next one.
    fn seal(&mut self, extrinsics: Vec<Vec<u8>>) -> H256 {
        let (header, events, now) = self.chain.sandbox.execute_with(seal_block);
        let hash = header.hash();
        let next = header.number + 1;
        self.chain.sandbox.execute_with(|| open_block(next, hash));
        self.record(SealedBlock {
            header,
            hash,
            extrinsics,
            events,
            now,
        });
        hash
    }

    /// Answers a plain (not subscription) method.
    fn call(&mut self, method: &str, params: &[Value]) -> Result<Value, ErrorObjectOwned> {
        match method {
            "system_chain" => Ok(json!(CHAIN_NAME)),
            "system_name" => Ok(json!("tokenrail-ink-front")),
            "system_version" => Ok(json!(env!("CARGO_PKG_VERSION"))),
            "system_health" => {
                Ok(json!({"peers": 0, "isSyncing": false, "shouldHavePeers": false}))
            }
            "system_properties" => Ok(
                json!({"ss58Format": self.ss58_format, "tokenDecimals": 12, "tokenSymbol": "UNIT"}),
            ),
            "system_accountNextIndex" => {
                let text = params.first().and_then(Value::as_str).unwrap_or_default();
                let who = AccountId32::from_ss58check(text)
                    .map_err(|e| invalid_params(format!("{e:?}")))?;
                let nonce = self
                    .chain
                    .sandbox
                    .execute_with(|| frame_system::Pallet::<Runtime>::account_nonce(&who));
                Ok(json!(nonce))
            }
            "rpc_methods" => Ok(
                json!({"methods": METHODS.iter().chain(SUBSCRIPTIONS.iter().map(|s| &s.0)).collect::<Vec<_>>()}),
            ),
            "chain_getBlockHash" => match params.first() {
                None | Some(Value::Null) => Ok(json!(hex0x(self.head().hash.as_bytes()))),
                Some(n) => {
                    let n = n
                        .as_u64()
                        .or_else(|| {
                            n.as_str().and_then(|s| {
                                u64::from_str_radix(s.trim_start_matches("0x"), 16).ok()
                            })
                        })
                        .ok_or_else(|| invalid_params("a block number"))?;
                    Ok(self
                        .blocks
                        .get(n as usize)
                        .map_or(Value::Null, |b| json!(hex0x(b.hash.as_bytes()))))
                }
            },
            "chain_getFinalizedHead" => Ok(json!(hex0x(self.head().hash.as_bytes()))),
            "chain_getHeader" => Ok(header_json(&self.at(params.first())?.header)),
            "chain_getBlock" => {
                let block = self.at(params.first())?;
                Ok(json!({
                    "block": {
                        "header": header_json(&block.header),
                        "extrinsics": block.extrinsics.iter().map(|x| hex0x(x)).collect::<Vec<_>>(),
                    },
                    "justifications": null,
                }))
            }
            "state_getRuntimeVersion" => Ok(version_json()),
            "state_getMetadata" => Ok(json!(hex0x(&Runtime::metadata().encode()))),
            "state_getStorage" => {
                let key = from_hex0x(params.first().ok_or_else(|| invalid_params("a key"))?)?;
                let block = self.at(params.get(1))?;
                let value = if key == events_key() {
                    block.events.clone()
                } else if key == now_key() {
                    block.now.clone()
                } else {
                    self.chain
                        .sandbox
                        .execute_with(|| sp_io::storage::get(&key).map(|b| b.to_vec()))
                };
                Ok(value.map_or(Value::Null, |v| json!(hex0x(&v))))
            }
            "state_call" => {
                let name = params
                    .first()
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid_params("a runtime API method"))?;
                let data = from_hex0x(params.get(1).unwrap_or(&json!("0x")))?;
                self.at(params.get(2))?;
                self.runtime_api(name, &data).map(|out| json!(hex0x(&out)))
            }
            "author_submitExtrinsic" => {
                let bytes = from_hex0x(
                    params
                        .first()
                        .ok_or_else(|| invalid_params("an extrinsic"))?,
                )?;
                self.submit(&bytes).map_err(|why| {
                    rpc_error(INVALID_TRANSACTION, "Invalid Transaction", Some(why))
                })?;
                Ok(json!(hex0x(BlakeTwo256::hash(&bytes).as_bytes())))
            }
            ADVANCE_CLOCK => {
                let seconds = params
                    .first()
                    .and_then(Value::as_u64)
                    .ok_or_else(|| invalid_params("[seconds]"))?;
                let now = self.chain.timestamp_ms();
                self.chain.set_timestamp_ms(now + seconds * 1000);
                // An empty block at the new time, so every block has the time it was sealed at.
                self.seal(vec![]);
                Ok(json!(self.chain.timestamp_ms() / 1000))
            }
            other => Err(rpc_error(
                -32601,
                format!("Method not found: {other}"),
                None,
            )),
        }
    }

    /// Runs a runtime API the way `state_call` does; contract calls are dry runs.
    fn runtime_api(&mut self, name: &str, args: &[u8]) -> Result<Vec<u8>, ErrorObjectOwned> {
        fn decode<T: Decode>(mut args: &[u8]) -> Result<T, ErrorObjectOwned> {
            T::decode_all(&mut args)
                .map_err(|e| rpc_error(4002, format!("undecodable arguments: {e}"), None))
        }
        let max_block = <<Runtime as frame_system::Config>::BlockWeights as Get<
            frame_system::limits::BlockWeights,
        >>::get()
        .max_block;
        let sandbox = &mut self.chain.sandbox;
        Ok(match name {
            "Core_version" => VERSION.encode(),
            "Metadata_metadata" => {
                sp_core::OpaqueMetadata::new(Runtime::metadata().encode()).encode()
            }
            "Metadata_metadata_at_version" => Runtime::metadata_at_version(decode(args)?).encode(),
            "Metadata_metadata_versions" => Runtime::metadata_versions().encode(),
            "AccountNonceApi_account_nonce" => {
                let who: AccountId32 = decode(args)?;
                sandbox
                    .execute_with(|| frame_system::Pallet::<Runtime>::account_nonce(&who))
                    .encode()
            }
            "ContractsApi_call" => {
                let (origin, dest, value, gas, deposit, input): ContractCallArgs = decode(args)?;
                sandbox
                    .dry_run(|s| {
                        s.execute_with(|| {
                            pallet_contracts::Pallet::<Runtime>::bare_call(
                                origin,
                                dest,
                                value,
                                gas.unwrap_or(max_block),
                                deposit,
                                input,
                                DebugInfo::UnsafeDebug,
                                CollectEvents::UnsafeCollect,
                                Determinism::Enforced,
                            )
                        })
                    })
                    .encode()
            }
            "ContractsApi_instantiate" => {
                let (origin, value, gas, deposit, code, data, salt): ContractInstantiateArgs =
                    decode(args)?;
                sandbox
                    .dry_run(|s| {
                        s.execute_with(|| {
                            pallet_contracts::Pallet::<Runtime>::bare_instantiate(
                                origin,
                                value,
                                gas.unwrap_or(max_block),
                                deposit,
                                code,
                                data,
                                salt,
                                DebugInfo::UnsafeDebug,
                                CollectEvents::UnsafeCollect,
                            )
                        })
                    })
                    .encode()
            }
            "ContractsApi_upload_code" => {
                let (origin, code, deposit, determinism): (
                    AccountId32,
                    Vec<u8>,
                    Option<u128>,
                    Determinism,
                ) = decode(args)?;
                sandbox
                    .dry_run(|s| {
                        s.execute_with(|| {
                            pallet_contracts::Pallet::<Runtime>::bare_upload_code(
                                origin,
                                code,
                                deposit,
                                determinism,
                            )
                        })
                    })
                    .encode()
            }
            other => {
                return Err(rpc_error(
                    4001,
                    format!("the development runtime has no runtime API method {other}"),
                    None,
                ))
            }
        })
    }
}

/// `ContractsApi_call`'s arguments: origin, contract, value, gas limit, deposit limit, input.
type ContractCallArgs = (
    AccountId32,
    AccountId32,
    u128,
    Option<Weight>,
    Option<u128>,
    Vec<u8>,
);

/// `ContractsApi_instantiate`'s arguments: origin, value, gas limit, deposit limit, code,
/// constructor input, salt.
type ContractInstantiateArgs = (
    AccountId32,
    u128,
    Option<Weight>,
    Option<u128>,
    Code<H256>,
    Vec<u8>,
    Vec<u8>,
);

/// The storage key of `System::Events`.
fn events_key() -> Vec<u8> {
    frame_support::storage::storage_prefix(b"System", b"Events").to_vec()
}

/// Opens block `number` on `parent`, keeping the clock where it was (`ink_sandbox`'s block
/// builder would set it to the wall clock).
fn open_block(number: u32, parent: H256) {
    let now = pallet_timestamp::Pallet::<Runtime>::get();
    BlockBuilder::<Runtime>::initialize_block(number, parent);
    pallet_timestamp::Pallet::<Runtime>::set_timestamp(now);
}

/// The storage key of `Timestamp::Now` (kept per block too, so a reader learns each block's
/// time).
fn now_key() -> Vec<u8> {
    frame_support::storage::storage_prefix(b"Timestamp", b"Now").to_vec()
}

/// Runs the open block's finalization hooks and returns its header, its events and its time.
fn seal_block() -> (runtime::Header, Option<Vec<u8>>, Option<Vec<u8>>) {
    let number = frame_system::Pallet::<Runtime>::block_number();
    pallet_contracts::Pallet::<Runtime>::on_finalize(number);
    pallet_timestamp::Pallet::<Runtime>::on_finalize(number);
    pallet_balances::Pallet::<Runtime>::on_finalize(number);
    frame_system::Pallet::<Runtime>::note_finished_extrinsics();
    let events = sp_io::storage::get(&events_key()).map(|b| b.to_vec());
    let now = sp_io::storage::get(&now_key()).map(|b| b.to_vec());
    (frame_system::Pallet::<Runtime>::finalize(), events, now)
}

fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], ErrorObjectOwned> {
    bytes
        .try_into()
        .map_err(|_| invalid_params(format!("expected {N} bytes, got {}", bytes.len())))
}

/// The plain methods the front answers.
const METHODS: [&str; 20] = [
    "system_chain",
    "system_name",
    "system_version",
    "system_health",
    "system_properties",
    "system_accountNextIndex",
    "rpc_methods",
    "chain_getBlockHash",
    "chain_getFinalizedHead",
    "chain_getHeader",
    "chain_getBlock",
    "state_getRuntimeVersion",
    "state_getMetadata",
    "state_getStorage",
    "state_call",
    "author_submitExtrinsic",
    ADVANCE_CLOCK,
    "chain_getHead",
    "chain_getRuntimeVersion",
    "state_getStorageAt",
];

/// What a head or runtime-version subscription sends first.
#[derive(Clone, Copy)]
enum Feed {
    Head,
    RuntimeVersion,
}

/// The subscriptions: (subscribe, notification, unsubscribe, what it sends).
const SUBSCRIPTIONS: [(&str, &str, &str, Feed); 4] = [
    (
        "chain_subscribeNewHeads",
        "chain_newHead",
        "chain_unsubscribeNewHeads",
        Feed::Head,
    ),
    (
        "chain_subscribeFinalizedHeads",
        "chain_finalizedHead",
        "chain_unsubscribeFinalizedHeads",
        Feed::Head,
    ),
    (
        "chain_subscribeAllHeads",
        "chain_allHead",
        "chain_unsubscribeAllHeads",
        Feed::Head,
    ),
    (
        "state_subscribeRuntimeVersion",
        "state_runtimeVersion",
        "state_unsubscribeRuntimeVersion",
        Feed::RuntimeVersion,
    ),
];

/// Aliases a node keeps for older clients.
fn canonical(method: &str) -> &str {
    match method {
        "chain_getHead" => "chain_getBlockHash",
        "chain_getRuntimeVersion" => "state_getRuntimeVersion",
        "state_getStorageAt" => "state_getStorage",
        other => other,
    }
}

fn module(node: Shared) -> RpcModule<Shared> {
    let mut module = RpcModule::new(node);
    for method in METHODS {
        module
            .register_method(method, move |params, node, _| {
                let params = args(&params);
                node.lock()
                    .expect("the node")
                    .call(canonical(method), &params)
            })
            .expect("a method registers once");
    }
    for (subscribe, notify, unsubscribe, feed) in SUBSCRIPTIONS {
        module
            .register_subscription(
                subscribe,
                notify,
                unsubscribe,
                move |_, pending, node, _| async move {
                    let first = {
                        let node = node.lock().expect("the node");
                        match feed {
                            Feed::Head => header_json(&node.head().header),
                            Feed::RuntimeVersion => version_json(),
                        }
                    };
                    let sink = pending.accept().await?;
                    sink.send(SubscriptionMessage::from_json(&first)?).await?;
                    // Nothing else happens on its own: blocks come only with transactions, and a
                    // client learns of those from the transaction's own subscription.
                    sink.closed().await;
                    Ok(())
                },
            )
            .expect("a subscription registers once");
    }
    module
        .register_subscription(
            "author_submitAndWatchExtrinsic",
            "author_extrinsicUpdate",
            "author_unwatchExtrinsic",
            |params, pending, node, _| async move {
                watch_extrinsic(args(&params), pending, node).await
            },
        )
        .expect("a subscription registers once");
    module
}

/// Applies a watched extrinsic and reports it ready, in a block, and final; an invalid one is
/// refused before the subscription starts.
async fn watch_extrinsic(
    params: Vec<Value>,
    pending: PendingSubscriptionSink,
    node: Arc<Shared>,
) -> jsonrpsee::core::SubscriptionResult {
    let dropped = {
        let mut node = node.lock().expect("the node");
        let dropped = node.dropping > 0;
        node.dropping = node.dropping.saturating_sub(1);
        dropped
    };
    if dropped {
        // In the pool, then lost: never applied, never in a block.
        let sink = pending.accept().await?;
        sink.send(SubscriptionMessage::from_json(&json!("ready"))?)
            .await?;
        sink.closed().await;
        return Ok(());
    }
    let applied = match params.first().map(from_hex0x) {
        Some(Ok(bytes)) => node
            .lock()
            .expect("the node")
            .submit(&bytes)
            .map_err(|why| rpc_error(INVALID_TRANSACTION, "Invalid Transaction", Some(why))),
        Some(Err(e)) => Err(e),
        None => Err(invalid_params("an extrinsic")),
    };
    let hash = match applied {
        Ok(hash) => hex0x(hash.as_bytes()),
        Err(e) => {
            pending.reject(e).await;
            return Ok(());
        }
    };
    let sink = pending.accept().await?;
    for status in [
        json!("ready"),
        json!({"inBlock": hash}),
        json!({"finalized": hash}),
    ] {
        sink.send(SubscriptionMessage::from_json(&status)?).await?;
    }
    Ok(())
}

/// A local Substrate development node for tests and development: the front over the
/// development runtime, clock at the devnet's genesis time, the dev accounts (`//Alice` …)
/// endowed.
pub fn local_node() -> InkFront {
    serve(tokenrail_devnet::GENESIS_TIME * 1000)
}
