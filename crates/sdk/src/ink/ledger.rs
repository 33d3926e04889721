//! The chain an ink! client talks to, over one seam ([`InkBackend`]): a Substrate node with
//! pallet-contracts over its JSON-RPC (WebSocket), through subxt, the client cargo-contract and
//! ink_e2e use, or the embedded sandbox `tokenrail-devnet` provides.
//!
//! On a node a message goes as cargo-contract sends it: first a dry run (`ContractsApi_call`),
//! which gives the return value and the gas and storage deposit the call needs; a call the
//! contract refuses (reverted) is answered from the dry run and not submitted, since it would
//! change nothing but cost fees; otherwise a signed `Contracts::call` with those limits, and
//! the client waits for it to be final. Reads are dry runs only. Deployments dry-run
//! `ContractsApi_instantiate`, then submit `Contracts::instantiate_with_code` (code already
//! on chain is not stored twice) and take the address from `Contracts::Instantiated`.

use scale::{Decode, Encode};
use std::any::Any;
use subxt::backend::rpc::RpcClient;
use subxt::dynamic::Value;
use subxt::{OnlineClient, SubstrateConfig};
use subxt_signer::{ecdsa, sr25519, SecretUri};
use tokenrail_ink::scale;

use sp_runtime::DispatchError;
pub use sp_weights::Weight;

use super::contracts_api::{Code, ExecReturnValue, InstantiateReturnValue, StorageDeposit};
use super::AccountId32;
use crate::LedgerError;

/// The development node's own method that moves its clock forward (params `[seconds]`); no
/// production chain answers it.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// How long connecting (and reading the node's metadata) may take.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long a submitted extrinsic may take to be final before the client stops waiting (GRANDPA
/// finalises within seconds to a minute on a healthy chain).
pub const FINALITY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The signature scheme of a Substrate key, as `subkey --scheme` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scheme {
    /// Schnorrkel over Ristretto (the default of Substrate's tools).
    #[default]
    Sr25519,
    /// secp256k1 ECDSA; the account is `blake2_256` of the compressed public key, and the same
    /// key signs channel states.
    Ecdsa,
}

impl std::str::FromStr for Scheme {
    type Err = BadKey;

    fn from_str(s: &str) -> Result<Self, BadKey> {
        match s {
            "sr25519" | "Sr25519" => Ok(Scheme::Sr25519),
            "ecdsa" | "Ecdsa" => Ok(Scheme::Ecdsa),
            other => Err(BadKey(format!(
                "unknown signature scheme `{other}` (expected sr25519 or ecdsa)"
            ))),
        }
    }
}

/// A key that could not be read: what is wrong with it, never the secret itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadKey(pub String);

/// A key that signs extrinsics.
#[derive(Clone)]
pub enum InkKey {
    /// An sr25519 key.
    Sr25519(sr25519::Keypair),
    /// A secp256k1 key.
    Ecdsa(ecdsa::Keypair),
}

impl std::fmt::Debug for InkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret.
        write!(f, "InkKey({})", self.account())
    }
}

impl InkKey {
    /// The key of a secret URI (`//Alice`, a mnemonic phrase or a `0x` seed, each with
    /// optional `//hard/soft` derivations and `///password`), in `scheme`.
    pub fn from_suri(suri: &str, scheme: Scheme) -> Result<Self, BadKey> {
        let uri: SecretUri = suri.parse().map_err(|_| {
            BadKey("not a secret URI (a mnemonic phrase, a 0x seed or //Name)".into())
        })?;
        match scheme {
            Scheme::Sr25519 => sr25519::Keypair::from_uri(&uri)
                .map(InkKey::Sr25519)
                .map_err(|e| BadKey(format!("not an sr25519 secret URI: {e}"))),
            Scheme::Ecdsa => ecdsa::Keypair::from_uri(&uri)
                .map(InkKey::Ecdsa)
                .map_err(|e| BadKey(format!("not an ECDSA secret URI: {e}"))),
        }
    }

    /// The ECDSA key of a secp256k1 secret.
    pub fn from_secp256k1(secret: &[u8; 32]) -> Result<Self, BadKey> {
        ecdsa::Keypair::from_secret_key(*secret)
            .map(InkKey::Ecdsa)
            .map_err(|e| BadKey(format!("not a secp256k1 secret: {e}")))
    }

    /// The account the key signs for.
    pub fn account(&self) -> AccountId32 {
        AccountId32::new(subxt::tx::Signer::<SubstrateConfig>::account_id(self).0)
    }

    /// The secp256k1 secret of an ECDSA key (what signs channel states).
    pub fn secp256k1_secret(&self) -> Option<[u8; 32]> {
        match self {
            InkKey::Sr25519(_) => None,
            InkKey::Ecdsa(k) => Some(k.secret_key()),
        }
    }
}

impl subxt::tx::Signer<SubstrateConfig> for InkKey {
    fn account_id(&self) -> subxt::utils::AccountId32 {
        match self {
            InkKey::Sr25519(k) => subxt::tx::Signer::<SubstrateConfig>::account_id(k),
            InkKey::Ecdsa(k) => subxt::tx::Signer::<SubstrateConfig>::account_id(k),
        }
    }

    fn sign(&self, payload: &[u8]) -> subxt::utils::MultiSignature {
        match self {
            InkKey::Sr25519(k) => subxt::tx::Signer::<SubstrateConfig>::sign(k, payload),
            InkKey::Ecdsa(k) => subxt::tx::Signer::<SubstrateConfig>::sign(k, payload),
        }
    }
}

type Api = OnlineClient<SubstrateConfig>;

/// A Substrate node with pallet-contracts, reached over WebSocket JSON-RPC, with the keys that
/// sign (each pays for its own transactions): a keyring, the first key the default signer.
pub struct SubstrateRpc {
    rt: tokio::runtime::Runtime,
    api: Api,
    rpc: RpcClient,
    url: String,
    keys: Vec<InkKey>,
    finality_timeout: std::time::Duration,
}

/// A `ContractsApi` dry run's answer (pallet-contracts' `ContractResult`) up to its last field,
/// `events`, which is left unread: whether a node collects events in dry runs is its own
/// choice (substrate-contracts-node does), and their type is its runtime's.
#[derive(scale::Decode)]
#[codec(crate = tokenrail_ink::scale)]
struct DryRun<R> {
    gas_consumed: Weight,
    gas_required: Weight,
    storage_deposit: StorageDeposit,
    /// What the contract printed, where the node runs with debug output (a panic's message).
    debug_message: Vec<u8>,
    result: R,
}

type DryCall = DryRun<Result<ExecReturnValue, DispatchError>>;
type DryInstantiate = DryRun<Result<InstantiateReturnValue, DispatchError>>;

impl<R: scale::Decode> DryRun<R> {
    fn read(method: &str, out: &[u8]) -> Result<Self, LedgerError> {
        // `decode`, not `decode_all`: the events after `result` stay unread.
        Self::decode(&mut &out[..])
            .map_err(|e| LedgerError::Rejected(format!("undecodable {method} result: {e}")))
    }
}

fn weight_value(w: Weight) -> Value {
    Value::named_composite([
        ("ref_time", Value::u128(w.ref_time().into())),
        ("proof_size", Value::u128(w.proof_size().into())),
    ])
}

fn id_value(who: &AccountId32) -> Value {
    Value::unnamed_variant("Id", [Value::from_bytes(who)])
}

fn deposit_limit(deposit: &StorageDeposit) -> Value {
    match deposit {
        StorageDeposit::Charge(c) => Value::unnamed_variant("Some", [Value::u128(*c)]),
        StorageDeposit::Refund(_) => Value::unnamed_variant("None", []),
    }
}

impl SubstrateRpc {
    /// Connects to `url` (`ws://` or `wss://`; plain `ws` only to this machine) with `keys` as
    /// the signers (at least one).
    pub fn connect(url: &str, keys: Vec<InkKey>) -> Result<Self, LedgerError> {
        if keys.is_empty() {
            return Err("a Substrate endpoint needs a signing key".into());
        }
        let rt = tokio::runtime::Runtime::new()
            .map_err(|e| LedgerError::Rejected(format!("cannot start a runtime: {e}")))?;
        let connected = rt.block_on(async {
            tokio::time::timeout(CONNECT_TIMEOUT, async {
                let rpc = RpcClient::from_url(url).await.map_err(|e| {
                    LedgerError::Transport(format!("cannot reach {url} as a Substrate node: {e}"))
                })?;
                // Reads the genesis hash, runtime version and metadata: a node that stops
                // answering here is a transport failure, an answer that is no chain's a refusal.
                let api = Api::from_rpc_client(rpc.clone()).await.map_err(|e| {
                    if is_unanswered(&e) {
                        LedgerError::Transport(format!(
                            "cannot reach {url} as a Substrate node: {e}"
                        ))
                    } else {
                        LedgerError::Rejected(format!("{url}: {e}"))
                    }
                })?;
                Ok::<_, LedgerError>((api, rpc))
            })
            .await
        });
        let (api, rpc) = connected.map_err(|_| {
            LedgerError::Transport(format!(
                "cannot reach {url} as a Substrate node: no answer in {} s",
                CONNECT_TIMEOUT.as_secs()
            ))
        })??;
        if api.metadata().pallet_by_name("Contracts").is_none() {
            return Err(LedgerError::Rejected(format!(
                "{url} runs no pallet-contracts (the chain cannot run ink! contracts)"
            )));
        }
        Ok(SubstrateRpc {
            rt,
            api,
            rpc,
            url: url.to_string(),
            keys,
            finality_timeout: FINALITY_TIMEOUT,
        })
    }

    /// Waits up to `timeout` (instead of [`FINALITY_TIMEOUT`]) for a submitted extrinsic to be
    /// final.
    pub fn with_finality_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.finality_timeout = timeout;
        self
    }

    /// Another connection to the same endpoint with the same keys (for a second client).
    pub fn reconnect(&self) -> Result<Self, LedgerError> {
        SubstrateRpc::connect(&self.url, self.keys.clone())
            .map(|n| n.with_finality_timeout(self.finality_timeout))
    }

    /// The default signer's account.
    pub fn account(&self) -> AccountId32 {
        self.keys[0].account()
    }

    /// The keys that sign.
    pub fn keys(&self) -> &[InkKey] {
        &self.keys
    }

    /// The genesis hash, which names the chain.
    pub fn genesis_hash(&self) -> [u8; 32] {
        self.api.genesis_hash().0
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SS58 format the chain spells its accounts in (`system_properties`' `ss58Format`;
    /// the generic 42 where the chain names none).
    pub fn ss58_format(&self) -> Result<u16, LedgerError> {
        let properties: serde_json::Value = self
            .rt
            .block_on(
                self.rpc
                    .request("system_properties", subxt::ext::subxt_rpcs::rpc_params![]),
            )
            .map_err(|e| LedgerError::Transport(format!("{}: system_properties: {e}", self.url)))?;
        match properties.get("ss58Format") {
            None | Some(serde_json::Value::Null) => Ok(42),
            Some(v) => v
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| format!("system_properties: ss58Format {v} is not a number").into()),
        }
    }

    fn key_of(&self, who: &AccountId32) -> Result<&InkKey, LedgerError> {
        self.keys
            .iter()
            .find(|k| &k.account() == who)
            .ok_or_else(|| format!("no key for {who} signs on {}", self.url).into())
    }

    /// A runtime API call at the newest block.
    fn state_call(&self, method: &str, args: &[u8]) -> Result<Vec<u8>, LedgerError> {
        self.rt.block_on(async {
            self.api
                .runtime_api()
                .at_latest()
                .await
                .map_err(|e| self.failure(e, "the newest block"))?
                .call_raw(method, Some(args))
                .await
                .map_err(|e| self.failure(e, method))
        })
    }

    /// A module error as the node's metadata names it (`Contracts::ContractTrapped`), with what
    /// the contract printed, if the node reports it.
    fn describe(&self, err: &DispatchError, debug_message: &[u8]) -> String {
        let named =
            match subxt::error::DispatchError::decode_from(err.encode(), self.api.metadata()) {
                Ok(named) => named.to_string(),
                Err(_) => format!("{err:?}"),
            };
        let printed = String::from_utf8_lossy(debug_message);
        match printed.trim() {
            "" => named,
            printed => format!("{named} ({printed})"),
        }
    }

    /// Signs `tx` as `who`, submits it and waits (up to [`Self::with_finality_timeout`]'s bound)
    /// until it is final; a failed dispatch is a refusal naming the module error. The
    /// extrinsic's hash is known before it is sent, so a node that stops answering afterwards
    /// leaves an unknown outcome named by it.
    fn submit(
        &self,
        who: &AccountId32,
        tx: subxt::tx::DynamicPayload,
    ) -> Result<subxt::blocks::ExtrinsicEvents<SubstrateConfig>, LedgerError> {
        let key = self.key_of(who)?;
        self.rt.block_on(async {
            let signed = self
                .api
                .tx()
                .create_signed(&tx, key, Default::default())
                .await
                .map_err(|e| self.failure(e, "the transaction could not be built"))?;
            let hash = format!("{:?}", signed.hash());
            let progress = signed.submit_and_watch().await.map_err(|e| {
                match self.failure(e, "the node refused the transaction") {
                    LedgerError::Transport(detail) => LedgerError::unknown(&hash, detail),
                    refused => refused,
                }
            })?;
            let finalized =
                tokio::time::timeout(self.finality_timeout, progress.wait_for_finalized_success())
                    .await
                    .map_err(|_| {
                        LedgerError::unknown(
                            &hash,
                            format!("not final after {:?}", self.finality_timeout),
                        )
                    })?;
            finalized.map_err(|e| match e {
                subxt::Error::Runtime(_)
                | subxt::Error::Transaction(subxt::error::TransactionError::Invalid(_)) => {
                    LedgerError::Rejected(format!("the transaction failed: {e}"))
                }
                other => LedgerError::unknown(&hash, format!("{}: {other}", self.url)),
            })
        })
    }

    /// What a failed request means: the node's refusal (it answered with an error), or a node
    /// that did not answer.
    fn failure(&self, e: subxt::Error, context: &str) -> LedgerError {
        if is_unanswered(&e) {
            LedgerError::Transport(format!("{}: {e}", self.url))
        } else {
            LedgerError::Rejected(format!("{context}: {e}"))
        }
    }

    fn dry_call(
        &self,
        origin: &AccountId32,
        contract: &AccountId32,
        data: &[u8],
        value: u128,
    ) -> Result<DryCall, LedgerError> {
        let args = (
            origin,
            contract,
            value,
            None::<Weight>,
            None::<u128>,
            data.to_vec(),
        )
            .encode();
        let out = self.state_call("ContractsApi_call", &args)?;
        DryRun::read("ContractsApi_call", &out)
    }

    fn query(
        &self,
        contract: &AccountId32,
        data: Vec<u8>,
        reader: &AccountId32,
    ) -> Result<CallOutcome, LedgerError> {
        let dry = self.dry_call(reader, contract, &data, 0)?;
        let exec = dry
            .result
            .map_err(|e| self.describe(&e, &dry.debug_message))?;
        Ok(CallOutcome {
            reverted: exec.did_revert(),
            data: exec.data,
            weight: dry.gas_consumed,
            deposit: 0,
        })
    }

    fn call(
        &self,
        contract: &AccountId32,
        data: Vec<u8>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, LedgerError> {
        self.key_of(caller)?;
        let dry = self.dry_call(caller, contract, &data, value)?;
        let exec = dry
            .result
            .map_err(|e| self.describe(&e, &dry.debug_message))?;
        let deposit = match dry.storage_deposit {
            StorageDeposit::Charge(c) => c as i128,
            StorageDeposit::Refund(r) => -(r as i128),
        };
        let reverted = exec.did_revert();
        let outcome = CallOutcome {
            reverted,
            data: exec.data,
            weight: dry.gas_required,
            deposit: if reverted { 0 } else { deposit },
        };
        if outcome.reverted {
            // The contract refuses: submitting would change nothing and cost fees.
            return Ok(outcome);
        }
        let tx = subxt::dynamic::tx(
            "Contracts",
            "call",
            vec![
                id_value(contract),
                Value::u128(value),
                weight_value(dry.gas_required),
                deposit_limit(&dry.storage_deposit),
                Value::from_bytes(&data),
            ],
        );
        self.submit(caller, tx)?;
        Ok(outcome)
    }

    fn deploy(
        &self,
        code: InkCode,
        ctor: Vec<u8>,
        deployer: &AccountId32,
    ) -> Result<AccountId32, LedgerError> {
        self.key_of(deployer)?;
        // The address hashes the deployer, the code, the constructor input and the salt; the
        // deployer's nonce makes the salt fresh for each of its deployments.
        let nonce = self
            .rt
            .block_on(
                self.api
                    .tx()
                    .account_nonce(&subxt::utils::AccountId32(*deployer.as_ref())),
            )
            .map_err(|e| e.to_string())?;
        let salt = nonce.to_le_bytes().to_vec();
        let args = (
            deployer,
            0u128,
            None::<Weight>,
            None::<u128>,
            match &code {
                InkCode::Wasm(wasm) => Code::Upload(wasm.clone()),
                InkCode::Stored(hash) => Code::Existing(*hash),
            },
            ctor.clone(),
            salt.clone(),
        )
            .encode();
        let out = self.state_call("ContractsApi_instantiate", &args)?;
        let dry: DryInstantiate = DryRun::read("ContractsApi_instantiate", &out)?;
        let ok = dry
            .result
            .map_err(|e| self.describe(&e, &dry.debug_message))?;
        if ok.result.did_revert() {
            return Err("the constructor reverted".into());
        }
        let (call, code) = match code {
            InkCode::Wasm(wasm) => ("instantiate_with_code", Value::from_bytes(wasm)),
            InkCode::Stored(hash) => ("instantiate", Value::from_bytes(hash)),
        };
        let tx = subxt::dynamic::tx(
            "Contracts",
            call,
            vec![
                Value::u128(0),
                weight_value(dry.gas_required),
                deposit_limit(&dry.storage_deposit),
                code,
                Value::from_bytes(ctor),
                Value::from_bytes(salt),
            ],
        );
        let events = self.submit(deployer, tx)?;
        for event in events.iter() {
            let event = event.map_err(|e| e.to_string())?;
            if event.pallet_name() == "Contracts" && event.variant_name() == "Instantiated" {
                let (by, contract) = <(AccountId32, AccountId32)>::decode(&mut event.field_bytes())
                    .map_err(|e| format!("undecodable Instantiated event: {e}"))?;
                if &by == deployer {
                    return Ok(contract);
                }
            }
        }
        Err("the instantiation reported no contract".into())
    }

    /// Stores `wasm` as `who` (`Contracts::upload_code`; code already stored is left as it
    /// is) and returns its code hash.
    fn upload(&self, wasm: Vec<u8>, who: &AccountId32) -> Result<[u8; 32], LedgerError> {
        let hash = code_hash(&wasm);
        let tx = subxt::dynamic::tx(
            "Contracts",
            "upload_code",
            vec![
                Value::from_bytes(wasm),
                Value::unnamed_variant("None", []),
                Value::unnamed_variant("Enforced", []),
            ],
        );
        self.submit(who, tx)?;
        Ok(hash)
    }

    /// Moves `amount` of the native balance from `from` to `to` (`transfer_keep_alive`).
    pub fn transfer_native(
        &self,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), LedgerError> {
        let tx = subxt::dynamic::tx(
            "Balances",
            "transfer_keep_alive",
            vec![id_value(to), Value::u128(amount)],
        );
        self.submit(from, tx).map(|_| ())
    }

    fn storage(
        &self,
        pallet: &str,
        entry: &str,
        keys: Vec<Value>,
    ) -> Result<Option<Vec<u8>>, LedgerError> {
        self.rt.block_on(async {
            let found = self
                .api
                .storage()
                .at_latest()
                .await
                .map_err(|e| self.failure(e, "the newest block"))?
                .fetch(&subxt::dynamic::storage(pallet, entry, keys))
                .await
                .map_err(|e| self.failure(e, &format!("{pallet}::{entry}")))?;
            Ok::<_, LedgerError>(found.map(|v| v.encoded().to_vec()))
        })
    }

    fn free_balance(&self, who: &AccountId32) -> Result<u128, LedgerError> {
        // `AccountInfo { nonce, consumers, providers, sufficients, data: { free, .. } }`.
        type Info = (u32, u32, u32, u32, u128);
        match self.storage("System", "Account", vec![Value::from_bytes(who)])? {
            None => Ok(0),
            Some(bytes) => Info::decode(&mut bytes.as_slice())
                .map(|info| info.4)
                .map_err(|e| LedgerError::Rejected(format!("undecodable System::Account: {e}"))),
        }
    }

    fn now_ms(&self) -> Result<u64, LedgerError> {
        let bytes = self
            .storage("Timestamp", "Now", vec![])?
            .ok_or("the node stores no Timestamp::Now")?;
        u64::decode(&mut bytes.as_slice())
            .map_err(|e| LedgerError::Rejected(format!("undecodable Timestamp::Now: {e}")))
    }

    fn advance(&self, seconds: u64) -> Result<(), LedgerError> {
        let moved: Result<u64, _> = self.rt.block_on(
            self.rpc
                .request(ADVANCE_CLOCK, subxt::ext::subxt_rpcs::rpc_params![seconds]),
        );
        moved.map(|_| ()).map_err(|e| {
            LedgerError::Rejected(format!(
                "{} cannot move its clock ({e}): on a chain, wait for the time to pass",
                self.url
            ))
        })
    }
}

/// pallet-contracts' code hash of `wasm` (BLAKE2b-256).
pub fn code_hash(wasm: &[u8]) -> [u8; 32] {
    use sp_runtime::traits::{BlakeTwo256, Hash};
    BlakeTwo256::hash(wasm).0
}

/// The code a contract is instantiated from.
#[derive(Clone, Debug)]
pub enum InkCode {
    /// Its wasm, stored with the instantiation if the chain does not hold it yet.
    Wasm(Vec<u8>),
    /// Code the chain stores already, by hash.
    Stored([u8; 32]),
}

/// What one contract call did.
#[derive(Debug)]
pub struct CallOutcome {
    /// Raw return data (SCALE-encoded `Result<T, LangError>`).
    pub data: Vec<u8>,
    /// Whether the contract reverted its state.
    pub reverted: bool,
    /// Weight consumed (a node's dry run: the weight the call needs).
    pub weight: Weight,
    /// Net storage deposit taken from (positive) or returned to (negative) the caller.
    pub deposit: i128,
}

impl CallOutcome {
    /// Decodes the message's return value; a language error or undecodable data is an error.
    pub fn try_value<T: scale::Decode>(&self) -> Result<T, LedgerError> {
        let r: Result<T, u8> = scale::Decode::decode(&mut self.data.as_slice())
            .map_err(|e| format!("undecodable return data {:?}: {e}", self.data))?;
        r.map_err(|lang| LedgerError::Rejected(format!("ink! language error {lang}")))
    }

    /// Decodes the message's return value.
    ///
    /// # Panics
    /// On a language error or undecodable data (for tests, where either is a failed test).
    pub fn value<T: scale::Decode>(&self) -> T {
        self.try_value().unwrap_or_else(|e| panic!("{e}"))
    }
}

/// One chain an ink! client can talk to: what every client needs from it. A Substrate node
/// ([`SubstrateRpc`]) implements it here; `tokenrail-devnet` implements it for the embedded
/// pallet-contracts sandbox.
pub trait InkBackend: Any {
    /// Calls `contract` with `data` as `caller`, attaching `value`: a transaction (on a node
    /// signed by `caller`'s key) unless the contract refuses. A trap is an error.
    fn call(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, LedgerError>;
    /// A read-only message's answer, as `reader` (nothing is submitted or changed).
    fn query(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        reader: &AccountId32,
    ) -> Result<CallOutcome, LedgerError>;
    /// Deploys `code` with constructor data `ctor` as `deployer`; returns the contract.
    fn deploy(
        &mut self,
        code: InkCode,
        ctor: Vec<u8>,
        deployer: &AccountId32,
    ) -> Result<AccountId32, LedgerError>;
    /// Stores `wasm` on the chain as `who`; returns its code hash.
    fn upload(&mut self, wasm: Vec<u8>, who: &AccountId32) -> Result<[u8; 32], LedgerError>;
    /// `who`'s free native balance.
    fn free_balance(&mut self, who: &AccountId32) -> Result<u128, LedgerError>;
    /// The chain's clock, in Unix milliseconds.
    fn now_ms(&mut self) -> Result<u64, LedgerError>;
    /// Moves the clock `seconds` forward, where the chain lets a client (a development chain).
    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError>;
    /// The network: the chain's genesis hash.
    fn network(&mut self) -> [u8; 32];
    /// Another backend on the same chain with the same keys, for a second client.
    fn sibling(&self) -> Result<Box<dyn InkBackend>, LedgerError>;
    /// The backend itself, for a caller that knows its concrete type.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// The backend itself, for a caller that knows its concrete type.
    fn as_any(&self) -> &dyn Any;
}

impl InkBackend for SubstrateRpc {
    fn call(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, LedgerError> {
        SubstrateRpc::call(self, contract, data, caller, value)
    }

    fn query(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        reader: &AccountId32,
    ) -> Result<CallOutcome, LedgerError> {
        SubstrateRpc::query(self, contract, data, reader)
    }

    fn deploy(
        &mut self,
        code: InkCode,
        ctor: Vec<u8>,
        deployer: &AccountId32,
    ) -> Result<AccountId32, LedgerError> {
        SubstrateRpc::deploy(self, code, ctor, deployer)
    }

    fn upload(&mut self, wasm: Vec<u8>, who: &AccountId32) -> Result<[u8; 32], LedgerError> {
        SubstrateRpc::upload(self, wasm, who)
    }

    fn free_balance(&mut self, who: &AccountId32) -> Result<u128, LedgerError> {
        SubstrateRpc::free_balance(self, who)
    }

    fn now_ms(&mut self) -> Result<u64, LedgerError> {
        SubstrateRpc::now_ms(self)
    }

    fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        SubstrateRpc::advance(self, seconds)
    }

    fn network(&mut self) -> [u8; 32] {
        self.genesis_hash()
    }

    fn sibling(&self) -> Result<Box<dyn InkBackend>, LedgerError> {
        Ok(Box::new(self.reconnect()?))
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The chain one ink! client talks to.
pub struct InkLedger {
    backend: Box<dyn InkBackend>,
}

impl From<SubstrateRpc> for InkLedger {
    fn from(node: SubstrateRpc) -> Self {
        InkLedger::new(Box::new(node))
    }
}

impl InkLedger {
    /// A ledger on `backend`.
    pub fn new(backend: Box<dyn InkBackend>) -> Self {
        InkLedger { backend }
    }

    /// The backend, as its concrete type `B` if it is one.
    pub fn backend_mut<B: InkBackend>(&mut self) -> Option<&mut B> {
        self.backend.as_any_mut().downcast_mut::<B>()
    }

    /// The backend, as its concrete type `B` if it is one.
    pub fn backend<B: InkBackend>(&self) -> Option<&B> {
        self.backend.as_any().downcast_ref::<B>()
    }

    /// The network: the chain's genesis hash (what tells one chain from another, where the same
    /// contract accounts can exist).
    pub fn network(&mut self) -> [u8; 32] {
        self.backend.network()
    }

    /// A second ledger on the same chain with the same keys (for another client).
    pub fn sibling(&self) -> Result<InkLedger, LedgerError> {
        self.backend.sibling().map(InkLedger::new)
    }

    /// The node over RPC, if this is one.
    pub fn node(&self) -> Option<&SubstrateRpc> {
        self.backend::<SubstrateRpc>()
    }

    /// Calls `contract` with `data` as `caller`, attaching `value`: a transaction (on a node
    /// signed by `caller`'s key) unless the contract refuses. A trap is an error.
    pub fn call(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, LedgerError> {
        self.backend.call(contract, data, caller, value)
    }

    /// A read-only message's answer, as `reader` (nothing is submitted or changed).
    pub fn query(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        reader: &AccountId32,
    ) -> Result<CallOutcome, LedgerError> {
        self.backend.query(contract, data, reader)
    }

    /// Deploys `code` with constructor data `ctor` as `deployer`; returns the contract.
    pub fn deploy(
        &mut self,
        code: InkCode,
        ctor: Vec<u8>,
        deployer: &AccountId32,
    ) -> Result<AccountId32, LedgerError> {
        self.backend.deploy(code, ctor, deployer)
    }

    /// Stores `wasm` on the chain as `who`; returns its code hash.
    pub fn upload(&mut self, wasm: Vec<u8>, who: &AccountId32) -> Result<[u8; 32], LedgerError> {
        self.backend.upload(wasm, who)
    }

    /// `who`'s free native balance.
    pub fn free_balance(&mut self, who: &AccountId32) -> Result<u128, LedgerError> {
        self.backend.free_balance(who)
    }

    /// The chain's clock, in Unix seconds.
    pub fn now(&mut self) -> Result<u64, LedgerError> {
        self.backend.now_ms().map(|ms| ms / 1000)
    }

    /// Moves the clock `seconds` forward: a development chain's (a chain's clock is its own).
    pub fn advance(&mut self, seconds: u64) -> Result<(), LedgerError> {
        self.backend.advance(seconds)
    }
}

/// Whether `e` is a node that did not answer (the connection failed or dropped), not an answer.
fn is_unanswered(e: &subxt::Error) -> bool {
    use subxt::error::RpcError;
    use subxt::ext::subxt_rpcs::Error as Rpcs;
    matches!(
        e,
        subxt::Error::Io(_)
            | subxt::Error::Rpc(RpcError::SubscriptionDropped)
            | subxt::Error::Rpc(RpcError::ClientError(
                Rpcs::Client(_) | Rpcs::DisconnectedWillReconnect(_)
            ))
    )
}

#[cfg(test)]
mod tests {
    use super::is_unanswered;
    use subxt::error::RpcError;

    #[test]
    fn a_failed_or_dropped_connection_is_unanswered_and_an_undecodable_answer_is_not() {
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(is_unanswered(&subxt::Error::Io(reset)));
        assert!(is_unanswered(&subxt::Error::Rpc(
            RpcError::SubscriptionDropped
        )));
        assert!(!is_unanswered(&subxt::Error::Unknown(vec![1, 2])));
        assert!(!is_unanswered(&subxt::Error::Rpc(RpcError::LimitReached)));
    }
}
