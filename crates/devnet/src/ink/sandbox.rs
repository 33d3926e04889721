//! Drives the built ink! contracts in pallet-contracts, in-process.
//!
//! `ink_sandbox` runs the same pallet a Substrate chain runs, with weight
//! metering and storage deposits, but without a node. Contracts are the
//! `.wasm` artifacts `scripts/build-artifacts` writes to `artifacts/ink/`;
//! calls are the 4-byte message selector followed by SCALE-encoded arguments,
//! exactly what a wallet would send.

use std::path::{Path, PathBuf};

use ink_sandbox::api::balance_api::BalanceAPI;
use ink_sandbox::api::contracts_api::ContractAPI;
use ink_sandbox::api::timestamp_api::TimestampAPI;
use ink_sandbox::pallet_contracts::{Determinism, StorageDeposit};
use ink_sandbox::{AccountId32, Sandbox, Weight};
use scale::{Decode, Encode};

pub use ink_sandbox;
pub use tokenrail_sdk::ink::CallOutcome;

pub use super::runtime::{self, DevSandbox};

/// Native balance every test account starts with, to pay storage deposits.
pub const BASE_BALANCE: u128 = 1_000_000_000_000_000;

/// Path of an ink! artifact built by `scripts/build-artifacts`.
pub fn artifact(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../artifacts/ink")
        .join(format!("{name}.wasm"))
}

/// Reads an artifact, failing with the command that builds it.
pub fn read_artifact(name: &str) -> Vec<u8> {
    let path = artifact(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. Build the ink! artifacts first: scripts/build-artifacts ink",
            path.display()
        )
    })
}

/// The 4-byte selector of an ink! message or constructor: the first bytes of BLAKE2b-256 of its
/// name (`"PSP22::transfer"` for a trait message).
pub fn selector(name: &str) -> [u8; 4] {
    use ink_sandbox::frame_support::sp_runtime::traits::{BlakeTwo256, Hash};
    let hash = BlakeTwo256::hash(name.as_bytes());
    let mut out = [0u8; 4];
    out.copy_from_slice(&hash.as_bytes()[..4]);
    out
}

/// Builds call data: selector followed by SCALE-encoded arguments.
pub fn call_data(message: &str, args: impl Encode) -> Vec<u8> {
    let mut data = selector(message).to_vec();
    args.encode_to(&mut data);
    data
}

/// A sandbox's state, saved: the state trie's nodes and root (pallet-contracts' code, contracts'
/// storage, balances, the clock and the genesis hash all live in it), and the deployment salt.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SandboxSnapshot {
    /// `(hash, node, references)` of each live trie node, hex.
    pub nodes: Vec<(String, String, i32)>,
    /// The state root, hex.
    pub root: String,
    /// The counter that makes each deployment's salt fresh.
    pub salt: u32,
}

/// One `Contracts::ContractEmitted` of the sandbox (see [`Chain::contract_events`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractEmitted {
    /// The emitting contract.
    pub contract: [u8; 32],
    /// The event record's topics (ink! 5: the signature topic first).
    pub topics: Vec<[u8; 32]>,
    /// The SCALE-encoded event.
    pub data: Vec<u8>,
}

/// A pallet-contracts sandbox with a clock and helpers for deploying and calling.
pub struct Chain {
    /// The sandbox.
    pub sandbox: DevSandbox,
    salt: u32,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A fresh chain.
    pub fn new() -> Self {
        Chain {
            sandbox: DevSandbox::default(),
            salt: 0,
        }
    }

    /// Every `Contracts::ContractEmitted` in `System::Events` (which the sandbox keeps from its
    /// start or restore, never sealing a block), in order: the emitting contract, the event
    /// record's topics and the event's data, as a node's `System::Events` shows them, so a
    /// ledger reads the embedded chain as it reads a node.
    pub fn contract_events(&mut self) -> Vec<ContractEmitted> {
        use runtime::{Runtime, RuntimeEvent};
        self.sandbox.execute_with(|| {
            frame_system::Pallet::<Runtime>::read_events_no_consensus()
                .filter_map(|record| match &record.event {
                    RuntimeEvent::Contracts(
                        ink_sandbox::pallet_contracts::Event::<Runtime>::ContractEmitted {
                            contract,
                            data,
                        },
                    ) => Some(ContractEmitted {
                        contract: *contract.as_ref(),
                        topics: record.topics.iter().map(|t| t.0).collect(),
                        data: data.clone(),
                    }),
                    _ => None,
                })
                .collect()
        })
    }

    /// The chain's state (see [`SandboxSnapshot`]).
    pub fn snapshot(&mut self) -> SandboxSnapshot {
        // The devnet never seals a block, so `System::Events` would keep every event since
        // genesis and the snapshot would grow with history; what a command emitted is read
        // while it runs, so the saved state starts the next command with none.
        self.sandbox
            .execute_with(frame_system::Pallet::<runtime::Runtime>::reset_events);
        let snapshot = self.sandbox.take_snapshot();
        SandboxSnapshot {
            nodes: snapshot
                .storage
                .into_iter()
                .map(|(key, (value, refs))| (hex::encode(key), hex::encode(value), refs))
                .collect(),
            root: hex::encode(snapshot.storage_root.0),
            salt: self.salt,
        }
    }

    /// A chain with the state `saved` holds.
    pub fn restore(saved: &SandboxSnapshot) -> Result<Self, String> {
        let bytes = |text: &str| hex::decode(text).map_err(|e| format!("a saved trie node: {e}"));
        let storage = saved
            .nodes
            .iter()
            .map(|(k, v, refs)| Ok((bytes(k)?, (bytes(v)?, *refs))))
            .collect::<Result<Vec<_>, String>>()?;
        let root: [u8; 32] = bytes(&saved.root)?
            .try_into()
            .map_err(|_| "the saved state root is not 32 bytes".to_string())?;
        let mut sandbox = DevSandbox::default();
        sandbox.restore_snapshot(ink_sandbox::Snapshot {
            storage,
            storage_root: ink_sandbox::H256(root),
        });
        Ok(Chain {
            sandbox,
            salt: saved.salt,
        })
    }

    /// A deterministic account for test actor number `n`, funded with [`BASE_BALANCE`].
    pub fn account(&mut self, n: u8) -> AccountId32 {
        self.fund(AccountId32::new([n + 10; 32]))
    }

    /// Funds `id` with [`BASE_BALANCE`] unless it holds something already; returns it.
    pub fn fund(&mut self, id: AccountId32) -> AccountId32 {
        if self.sandbox.free_balance(&id) == 0 {
            self.sandbox.mint_into(&id, BASE_BALANCE).unwrap();
        }
        id
    }

    /// Credits `amount` of the native balance.
    pub fn mint_native(&mut self, to: &AccountId32, amount: u128) {
        self.sandbox.mint_into(to, amount).unwrap();
    }

    /// Free native balance.
    pub fn free_balance(&mut self, who: &AccountId32) -> u128 {
        self.sandbox.free_balance(who)
    }

    /// The chain's genesis hash (block 0's, as the runtime records it): the network an ink!
    /// channel contract binds into every signed message.
    pub fn genesis_hash(&mut self) -> [u8; 32] {
        self.sandbox
            .execute_with(|| frame_system::Pallet::<runtime::Runtime>::block_hash(0u32).0)
    }

    /// Sets the block timestamp in milliseconds.
    pub fn set_timestamp_ms(&mut self, ms: u64) {
        self.sandbox.set_timestamp(ms);
    }

    /// The clock in milliseconds (what the next call sees as its block timestamp).
    pub fn timestamp_ms(&mut self) -> u64 {
        self.sandbox.get_timestamp()
    }

    /// Deploys `code` with constructor `ctor(args)`.
    pub fn deploy(
        &mut self,
        code: Vec<u8>,
        ctor: &str,
        args: impl Encode,
        origin: &AccountId32,
    ) -> (AccountId32, Weight) {
        self.deploy_raw(code, call_data(ctor, args), origin)
            .unwrap_or_else(|e| panic!("deploy {ctor} failed: {e}"))
    }

    /// Deploys `code` with ready constructor call data (for example from the generated
    /// bindings); a failed or reverted constructor is an error.
    pub fn deploy_raw(
        &mut self,
        code: Vec<u8>,
        data: Vec<u8>,
        origin: &AccountId32,
    ) -> Result<(AccountId32, Weight), String> {
        self.salt += 1;
        let res = self.sandbox.deploy_contract(
            code,
            0,
            data,
            self.salt.to_le_bytes().to_vec(),
            origin.clone(),
            DevSandbox::default_gas_limit(),
            None,
        );
        let ok = res.result.map_err(|e| format!("{e:?}"))?;
        if ok.result.did_revert() {
            return Err("constructor reverted".into());
        }
        Ok((ok.account_id, res.gas_consumed))
    }

    /// Stores `code` as `origin` (code stored already is left as it is); returns its hash.
    pub fn upload(&mut self, code: Vec<u8>, origin: &AccountId32) -> Result<[u8; 32], String> {
        let res = self
            .sandbox
            .upload_contract(code, origin.clone(), None, Determinism::Enforced)
            .map_err(|e| format!("{e:?}"))?;
        Ok(res.code_hash.0)
    }

    /// Instantiates the stored code `hash` with ready constructor call data; a failed or
    /// reverted constructor is an error.
    pub fn instantiate_raw(
        &mut self,
        hash: [u8; 32],
        data: Vec<u8>,
        origin: &AccountId32,
    ) -> Result<(AccountId32, Weight), String> {
        self.salt += 1;
        let res = self.sandbox.instantiate_contract(
            hash.to_vec(),
            0,
            data,
            self.salt.to_le_bytes().to_vec(),
            origin.clone(),
            DevSandbox::default_gas_limit(),
            None,
        );
        let ok = res.result.map_err(|e| format!("{e:?}"))?;
        if ok.result.did_revert() {
            return Err("constructor reverted".into());
        }
        Ok((ok.account_id, res.gas_consumed))
    }

    /// Calls `message(args)` on `contract` from `origin`, attaching `value`; panics if the
    /// contract traps.
    pub fn call(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: impl Encode,
        origin: &AccountId32,
        value: u128,
    ) -> CallOutcome {
        self.try_call(contract, message, args, origin, value)
            .unwrap_or_else(|e| panic!("call {message} trapped: {e}"))
    }

    /// Calls `message(args)` on `contract` from `origin`, attaching `value`; a trap (for
    /// example value sent to a non-payable message) is returned as the pallet's error text.
    pub fn try_call(
        &mut self,
        contract: &AccountId32,
        message: &str,
        args: impl Encode,
        origin: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, String> {
        self.call_raw(contract, call_data(message, args), origin, value)
    }

    /// Calls `contract` with ready call data (for example from the generated bindings) from
    /// `origin`, attaching `value`; a trap is returned as the pallet's error text.
    pub fn call_raw(
        &mut self,
        contract: &AccountId32,
        data: Vec<u8>,
        origin: &AccountId32,
        value: u128,
    ) -> Result<CallOutcome, String> {
        let res = self.sandbox.call_contract(
            contract.clone(),
            value,
            data,
            origin.clone(),
            DevSandbox::default_gas_limit(),
            None,
            Determinism::Enforced,
        );
        let exec = res.result.map_err(|e| format!("{e:?}"))?;
        let deposit = match res.storage_deposit {
            StorageDeposit::Charge(c) => c as i128,
            StorageDeposit::Refund(r) => -(r as i128),
        };
        let reverted = exec.did_revert();
        Ok(CallOutcome {
            reverted,
            data: exec.data,
            weight: res.gas_consumed,
            // A reverted call's deposit is rolled back with the rest of its state.
            deposit: if reverted { 0 } else { deposit },
        })
    }
}

/// Which asset the contract under test holds in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetKind {
    /// A PSP22 token (the reference `ink_psp22_token` artifact).
    Psp22,
    /// The chain's native balance.
    Native,
}

/// Test account number of the deployer.
pub const ADMIN: u8 = 9;

/// A deployed contract with funded actors holding one asset, and the bookkeeping to read each
/// actor's asset balance exactly: native balances are taken net of the storage deposits the
/// actor paid, so they compare with a scenario's numbers.
pub struct Funded {
    /// The chain.
    pub chain: Chain,
    /// The asset of this scenario.
    pub kind: AssetKind,
    /// The contract under test.
    pub contract: AccountId32,
    /// The PSP22 token, for [`AssetKind::Psp22`].
    pub token: Option<AccountId32>,
    /// Actor accounts, by actor number.
    pub actors: Vec<AccountId32>,
    native_base: std::collections::HashMap<AccountId32, u128>,
    deposits: std::collections::HashMap<AccountId32, i128>,
    contract_base: u128,
}

impl Funded {
    /// Deploys `artifact` (constructor `new()`), creates `actors` accounts credited with
    /// `balances` in the chosen asset (PSP22 holders approve the contract for everything), and
    /// sets the clock to `t0` Unix seconds.
    pub fn new<A: Into<usize> + Copy>(
        kind: AssetKind,
        artifact: &str,
        actors: u8,
        balances: &[(A, u128)],
        t0: u64,
    ) -> Self {
        let mut chain = Chain::new();
        let accounts: Vec<AccountId32> = (0..actors).map(|n| chain.account(n)).collect();
        Self::with_accounts(chain, kind, artifact, accounts, balances, t0)
    }

    /// [`Funded::new`] with given actor accounts (funded with [`BASE_BALANCE`] for storage
    /// deposits), for contracts whose actors are derived from keys.
    pub fn with_accounts<A: Into<usize> + Copy>(
        mut chain: Chain,
        kind: AssetKind,
        artifact: &str,
        accounts: Vec<AccountId32>,
        balances: &[(A, u128)],
        t0: u64,
    ) -> Self {
        let accounts: Vec<AccountId32> = accounts.into_iter().map(|a| chain.fund(a)).collect();
        let admin = chain.account(ADMIN);
        // The channel contract records the chain's network; the other contracts take nothing.
        let (contract, _) = if artifact == "ink_channel" {
            let network = chain.genesis_hash();
            chain.deploy(read_artifact(artifact), "new", network, &admin)
        } else {
            chain.deploy(read_artifact(artifact), "new", (), &admin)
        };
        let mut token = None;
        if kind == AssetKind::Psp22 {
            let supply: u128 = balances.iter().map(|(_, b)| *b).sum::<u128>() + 1;
            let (t, _) = chain.deploy(read_artifact("ink_psp22_token"), "new", supply, &admin);
            for (actor, amount) in balances {
                let to = accounts[(*actor).into()].clone();
                let r = chain.call(
                    &t,
                    "PSP22::transfer",
                    (to, *amount, Vec::<u8>::new()),
                    &admin,
                    0,
                );
                assert!(!r.reverted, "funding transfer");
            }
            for who in &accounts {
                let r = chain.call(&t, "PSP22::approve", (contract.clone(), u128::MAX), who, 0);
                assert!(!r.reverted, "approve");
            }
            token = Some(t);
        } else {
            for (actor, amount) in balances {
                if *amount > 0 {
                    chain.mint_native(&accounts[(*actor).into()], *amount);
                }
            }
        }
        let mut native_base = std::collections::HashMap::new();
        for (i, who) in accounts.iter().enumerate() {
            let asset = balances
                .iter()
                .find(|(a, _)| (*a).into() == i)
                .map_or(0, |(_, b)| *b);
            let native_asset = if kind == AssetKind::Native { asset } else { 0 };
            native_base.insert(who.clone(), chain.free_balance(who) - native_asset);
        }
        let contract_base = chain.free_balance(&contract);
        chain.set_timestamp_ms(t0 * 1000);
        Funded {
            chain,
            kind,
            contract,
            token,
            actors: accounts,
            native_base,
            deposits: std::collections::HashMap::new(),
            contract_base,
        }
    }

    /// Actor `a`'s account.
    pub fn who(&self, a: impl Into<usize>) -> AccountId32 {
        self.actors[a.into()].clone()
    }

    /// Calls the contract under test as actor `by`, booking the storage deposit it paid.
    pub fn exec(
        &mut self,
        by: impl Into<usize>,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> CallOutcome {
        let who = self.who(by);
        let contract = self.contract.clone();
        let out = self.chain.call(&contract, message, args, &who, value);
        *self.deposits.entry(who).or_default() += out.deposit;
        out
    }

    /// Calls a read-only message of the contract under test as the deployer.
    pub fn query<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        let admin = self.chain.account(ADMIN);
        let contract = self.contract.clone();
        self.chain.call(&contract, message, args, &admin, 0).value()
    }

    /// PSP22 balance of `who`.
    pub fn psp22_balance(&mut self, who: AccountId32) -> u128 {
        let token = self.token.clone().expect("psp22 asset");
        let admin = self.chain.account(ADMIN);
        self.chain
            .call(&token, "PSP22::balance_of", who, &admin, 0)
            .value()
    }

    /// Actor `a`'s balance of the scenario's asset.
    pub fn balance(&mut self, a: impl Into<usize>) -> u128 {
        let who = self.who(a);
        match self.kind {
            AssetKind::Psp22 => self.psp22_balance(who),
            AssetKind::Native => {
                let free = self.chain.free_balance(&who) as i128;
                let paid = self.deposits.get(&who).copied().unwrap_or(0);
                (free + paid - self.native_base[&who] as i128) as u128
            }
        }
    }

    /// What the contract under test holds of the scenario's asset.
    pub fn custody(&mut self) -> u128 {
        let contract = self.contract.clone();
        match self.kind {
            AssetKind::Psp22 => self.psp22_balance(contract),
            AssetKind::Native => self.chain.free_balance(&contract) - self.contract_base,
        }
    }
}

/// Role bytes of the ink! asset token (`ISSUER`, `AGENT`, `PAUSER`) and of its registry.
pub mod roles {
    /// Mints within the cap, redeems.
    pub const ISSUER: u8 = 1;
    /// Compliance agent.
    pub const AGENT: u8 = 2;
    /// Pauses and unpauses.
    pub const PAUSER: u8 = 3;
    /// Registry agent (on the registry contract).
    pub const REGISTRY_AGENT: u8 = 1;
}

/// The legal-document hash test tokens carry.
pub const LEGAL_HASH: [u8; 32] = [0x42; 32];

/// Deploys `ink_registry` and an `ink_asset_token` with `cap` that reads it, both from `admin`
/// (who is then admin of both and holds no other role). Returns `(registry, token)`.
pub fn deploy_asset_token(
    chain: &mut Chain,
    admin: &AccountId32,
    cap: u128,
) -> (AccountId32, AccountId32) {
    let (registry, _) = chain.deploy(read_artifact("ink_registry"), "new", (), admin);
    let args = (
        String::from("Tokenrail Bond 2030"),
        String::from("TRB30"),
        6u8,
        cap,
        registry.clone(),
        String::from("ipfs://bafy-legal-terms"),
        LEGAL_HASH,
    );
    let (token, _) = chain.deploy(read_artifact("ink_asset_token"), "new", args, admin);
    (registry, token)
}

/// `psp22::PSP22Error` as it arrives on the wire, to decode a PSP22 message's result.
#[derive(Decode, Debug, Clone, PartialEq, Eq)]
pub enum Psp22Error {
    /// A token-specific error; the Tokenrail asset token puts `[token:<code> <Name>]` here.
    Custom(String),
    /// The balance is too low.
    InsufficientBalance,
    /// The allowance is too low.
    InsufficientAllowance,
    /// The zero account as recipient.
    ZeroRecipientAddress,
    /// The zero account as sender.
    ZeroSenderAddress,
    /// A receiving contract refused.
    SafeTransferCheckFailed(String),
}
