//! Runs the optimised CosmWasm artifacts (`artifacts/cosmwasm/*.wasm`) in the
//! real VM a chain uses (cosmwasm-vm with wasmer and gas metering), outside
//! any chain: one contract instance, a mock bank and storage.

use std::path::PathBuf;

use cosmwasm_std::{
    coins, Addr, Binary, Coin, ContractResult, Env, MessageInfo, Response, Timestamp,
};
use cosmwasm_vm::testing::{
    execute, instantiate, mock_env, mock_instance_with_options, query, MockApi,
    MockInstanceOptions, MockQuerier, MockStorage,
};
use cosmwasm_vm::{BackendApi, Instance, Storage as _};
use serde_json::{json, Value};

/// The instance type of these runs.
pub type VmInstance = Instance<MockApi, MockStorage, MockQuerier>;

/// Unix time of the first block.
pub const T0: u64 = 1_700_000_000;
/// Native denom used by the runs.
pub const DENOM: &str = "uusd";
/// Gas limit given to an instance (CosmWasm gas, i.e. SDK gas × 140 000 / ... see the VM docs).
pub const GAS_LIMIT: u64 = 500_000_000_000;

/// Path of a CosmWasm artifact built by `scripts/build-artifacts cosmwasm`.
pub fn artifact(stem: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../artifacts/cosmwasm/{stem}.wasm"))
}

/// Reads an artifact, failing with the command that builds it.
pub fn read_artifact(stem: &str) -> Vec<u8> {
    let p = artifact(stem);
    std::fs::read(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. Build it first: scripts/build-artifacts cosmwasm",
            p.display()
        )
    })
}

/// A contract instance plus a block clock.
pub struct Vm {
    /// The wasm instance.
    pub instance: VmInstance,
    /// Current block time in seconds.
    pub now: u64,
    api: MockApi,
}

/// Gas used by one call.
#[derive(Debug, Clone, Copy)]
pub struct Gas {
    /// CosmWasm gas units spent inside the VM (wasm execution + host calls).
    pub vm: u64,
}

impl Vm {
    /// Instantiates `wasm` with `init` from `admin`, funding the given accounts in [`DENOM`].
    pub fn new(wasm: &[u8], init: Value, balances: &[(&str, u128)]) -> Vm {
        let api = MockApi::default();
        let addrs: Vec<(String, Vec<Coin>)> = balances
            .iter()
            .map(|(who, amt)| (api.addr_make(who).to_string(), coins(*amt, DENOM)))
            .collect();
        let bal_refs: Vec<(&str, &[Coin])> = addrs
            .iter()
            .map(|(a, c)| (a.as_str(), c.as_slice()))
            .collect();
        let instance = mock_instance_with_options(
            wasm,
            MockInstanceOptions {
                balances: &bal_refs,
                gas_limit: GAS_LIMIT,
                ..Default::default()
            },
        );
        let mut vm = Vm {
            instance,
            now: T0,
            api,
        };
        let info = vm.info("admin", &[]);
        let env = vm.env();
        let res: ContractResult<Response> = instantiate(&mut vm.instance, env, info, &init);
        res.into_result().expect("instantiate");
        vm
    }

    /// The bech32 address of a named test account.
    pub fn addr(&self, who: &str) -> Addr {
        Addr::unchecked(self.api.addr_make(who))
    }

    /// Block environment at the current time.
    pub fn env(&self) -> Env {
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(self.now);
        env
    }

    fn info(&self, sender: &str, funds: &[Coin]) -> MessageInfo {
        MessageInfo {
            sender: self.addr(sender),
            funds: funds.to_vec(),
        }
    }

    /// The bech32 address of a canonical address.
    pub fn humanize(&self, canonical: &[u8]) -> Addr {
        Addr::unchecked(self.api.addr_humanize(canonical).0.expect("humanize"))
    }

    fn gas_used(&mut self) -> u64 {
        let r = self.instance.create_gas_report();
        r.used_internally
    }

    /// Executes `msg` from `sender` with `funds`, returning the response (or error text) and gas.
    pub fn execute(
        &mut self,
        sender: &str,
        msg: Value,
        funds: &[Coin],
    ) -> (Result<Response, String>, Gas) {
        let sender = self.addr(sender);
        self.execute_as(&sender, msg, funds)
    }

    /// [`Vm::execute`] from any address.
    pub fn execute_as(
        &mut self,
        sender: &Addr,
        msg: Value,
        funds: &[Coin],
    ) -> (Result<Response, String>, Gas) {
        let before = self.gas_used();
        let info = MessageInfo {
            sender: sender.clone(),
            funds: funds.to_vec(),
        };
        let env = self.env();
        let res: ContractResult<Response> = execute(&mut self.instance, env, info, &msg);
        let gas = Gas {
            vm: self.gas_used() - before,
        };
        (res.into_result(), gas)
    }

    /// Runs a query, returning its JSON answer and gas.
    pub fn query(&mut self, msg: Value) -> (Value, Gas) {
        let before = self.gas_used();
        let env = self.env();
        let res: ContractResult<Binary> = query(&mut self.instance, env, &msg);
        let bin = res.into_result().expect("query");
        let gas = Gas {
            vm: self.gas_used() - before,
        };
        (serde_json::from_slice(&bin).unwrap(), gas)
    }
}

/// One measured escrow operation.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// Operation name.
    pub op: &'static str,
    /// Gas used.
    pub gas: Gas,
}

/// Runs every escrow entry point once (native denom and cw20 hook) and returns the gas of each.
/// Panics if any call does not behave as the spec says.
pub fn escrow_walkthrough(wasm: &[u8]) -> Vec<Measurement> {
    let mut vm = Vm::new(wasm, json!({}), &[("depositor", 10_000)]);
    let ben = vm.addr("beneficiary").to_string();
    let arb = vm.addr("arbiter").to_string();
    let create = |milestones: Vec<&str>| json!({"create": {"beneficiary": ben, "arbiter": arb, "milestones": milestones, "deadline": T0 + 1000}});
    let mut out = vec![];
    let mut record = |op, gas| out.push(Measurement { op, gas });

    // Native create with 2 and with 16 milestones.
    let (res, gas) = vm.execute("depositor", create(vec!["100", "200"]), &coins(300, DENOM));
    res.expect("create native");
    record("create (native, 2 milestones)", gas);
    let sixteen: Vec<&str> = vec!["10"; 16];
    let (res, gas) = vm.execute("depositor", create(sixteen), &coins(160, DENOM));
    res.expect("create native 16");
    record("create (native, 16 milestones)", gas);

    // cw20 hook, as the token contract would call it after `Send`.
    let hook = json!({"receive": {
        "sender": vm.addr("depositor").to_string(),
        "amount": "300",
        "msg": Binary::from(serde_json::to_vec(&json!({"create": {
            "beneficiary": ben, "arbiter": arb, "milestones": ["100", "200"], "deadline": T0 + 1000
        }})).unwrap()),
    }});
    let (res, gas) = vm.execute("token", hook, &[]);
    res.expect("create via cw20 hook");
    record("create (cw20 hook, 2 milestones)", gas);

    let (res, gas) = vm.execute(
        "depositor",
        json!({"release": {"id": 1, "milestone": 0}}),
        &[],
    );
    let resp = res.expect("release");
    assert_eq!(resp.messages.len(), 1, "release pays the beneficiary");
    record("release (native)", gas);
    let (res, gas) = vm.execute(
        "arbiter",
        json!({"release": {"id": 3, "milestone": 0}}),
        &[],
    );
    res.expect("release cw20");
    record("release (cw20)", gas);

    // Wrong signer must fail with the tagged spec error.
    let (res, _) = vm.execute(
        "stranger",
        json!({"release": {"id": 1, "milestone": 1}}),
        &[],
    );
    let err = res.expect_err("stranger cannot release");
    assert!(err.contains("[escrow:1 Unauthorized]"), "{err}");

    let (res, gas) = vm.execute("beneficiary", json!({"cancel": {"id": 2}}), &[]);
    res.expect("cancel");
    record("cancel", gas);

    vm.now = T0 + 1000;
    let (res, gas) = vm.execute("stranger", json!({"refund": {"id": 1}}), &[]);
    res.expect("refund");
    record("refund", gas);
    let (res, _) = vm.execute(
        "depositor",
        json!({"release": {"id": 1, "milestone": 1}}),
        &[],
    );
    assert!(res.unwrap_err().contains("[escrow:10 NotActive]"));

    let (answer, gas) = vm.query(json!({"escrow": {"id": 1}}));
    assert_eq!(answer["status"], "refunded");
    assert_eq!(answer["released"], "100");
    record("query escrow", gas);
    let (answer, gas) = vm.query(json!({"list_escrows": {}}));
    assert_eq!(answer["escrows"].as_array().map(Vec::len), Some(3));
    record("query list_escrows", gas);
    out
}

/// Gas of a plain cw20 transfer in the minimal cw20 token, the peer figure for escrow payouts.
pub fn cw20_transfer_gas(wasm: &[u8]) -> Gas {
    let api = MockApi::default();
    let init = json!({
        "name": "Asset", "symbol": "AST", "decimals": 6,
        "initial_balances": [{"address": api.addr_make("alice").to_string(), "amount": "1000"}]
    });
    let mut vm = Vm::new(wasm, init, &[]);
    let bob = vm.addr("bob").to_string();
    let (res, gas) = vm.execute(
        "alice",
        json!({"transfer": {"recipient": bob, "amount": "10"}}),
        &[],
    );
    res.expect("cw20 transfer");
    let (answer, _) = vm.query(json!({"balance": {"address": bob}}));
    assert_eq!(answer["balance"], "10");
    gas
}

/// Recipient counts of the measured multi-send batches.
pub const BATCH_SIZES: [usize; 3] = [1, 10, 100];

/// Runs every payout entry point in the VM and returns the gas of each: native and cw20-hook
/// multi-sends of [`BATCH_SIZES`] recipients, a distribution over 1,024 leaves, two claims
/// (the first in a bitmap word and a later one) and a clawback. Panics if any call does not
/// behave as the spec says.
pub fn payout_walkthrough(wasm: &[u8]) -> Vec<Measurement> {
    use tokenrail_core::merkle::{MerkleTree, Sha256};
    use tokenrail_core::payout::leaf;

    let mut vm = Vm::new(wasm, json!({}), &[("funder", 1_000_000_000)]);
    let mut out = vec![];
    let names = [
        "native, 1 recipient",
        "native, 10 recipients",
        "native, 100 recipients",
    ];
    let hook_names = [
        "cw20 hook, 1 recipient",
        "cw20 hook, 10 recipients",
        "cw20 hook, 100 recipients",
    ];
    for (k, n) in BATCH_SIZES.iter().enumerate() {
        let recipients: Vec<String> = (0..*n)
            .map(|i| vm.addr(&format!("r{k}-{i}")).to_string())
            .collect();
        let amounts = vec!["10"; *n];
        let total = (10 * n).to_string();
        let batch = json!({"recipients": recipients, "amounts": amounts, "declared_total": total});
        let (res, gas) = vm.execute(
            "funder",
            json!({"multi_send": batch}),
            &coins(10 * *n as u128, DENOM),
        );
        let resp = res.expect("native multi-send");
        assert_eq!(resp.messages.len(), *n, "one bank send per recipient");
        out.push(Measurement { op: names[k], gas });

        let hook = json!({"receive": {
            "sender": vm.addr("funder").to_string(),
            "amount": total,
            "msg": Binary::from(serde_json::to_vec(&json!({"multi_send": batch})).unwrap()),
        }});
        let (res, gas) = vm.execute("token", hook, &[]);
        let resp = res.expect("cw20 multi-send");
        assert_eq!(resp.messages.len(), *n, "one cw20 transfer per recipient");
        out.push(Measurement {
            op: hook_names[k],
            gas,
        });
    }

    // A distribution over 1,024 leaves (10-hash proofs), bound to this chain and contract.
    let env = vm.env();
    let claims: Vec<(String, u128)> = (0..1024)
        .map(|i| (vm.addr(&format!("holder{i}")).to_string(), 100 + i as u128))
        .collect();
    let leaves: Vec<_> = claims
        .iter()
        .enumerate()
        .map(|(i, (who, amount))| {
            leaf::cosmwasm(
                &env.block.chain_id,
                env.contract.address.as_str(),
                1,
                i as u32,
                who,
                *amount,
            )
        })
        .collect();
    let tree = MerkleTree::<Sha256>::new(&leaves).unwrap();
    let total: u128 = claims.iter().map(|(_, m)| m).sum();
    let create = json!({"create_distribution": {
        "root": cosmwasm_std::HexBinary::from(&tree.root()[..]),
        "total": total.to_string(),
        "start": T0,
        "expiry": T0 + 1000,
        "clawback_receiver": vm.addr("treasury").to_string(),
    }});
    let (res, gas) = vm.execute("funder", create, &coins(total, DENOM));
    res.expect("create distribution");
    out.push(Measurement {
        op: "create distribution (native)",
        gas,
    });
    let claim = |i: usize| {
        let proof: Vec<_> = tree
            .proof(i)
            .iter()
            .map(|h| cosmwasm_std::HexBinary::from(&h[..]))
            .collect();
        json!({"claim": {"id": 1, "index": i, "account": claims[i].0, "amount": claims[i].1.to_string(), "proof": proof}})
    };
    let (res, gas) = vm.execute("relayer", claim(0), &[]);
    assert_eq!(res.expect("claim").messages.len(), 1);
    out.push(Measurement {
        op: "claim (1,024 leaves, new bitmap word)",
        gas,
    });
    let (res, gas) = vm.execute("relayer", claim(1), &[]);
    res.expect("second claim");
    out.push(Measurement {
        op: "claim (1,024 leaves, same bitmap word)",
        gas,
    });
    let (res, _) = vm.execute("relayer", claim(1), &[]);
    assert!(res.unwrap_err().contains("[payout:11 AlreadyClaimed]"));
    vm.now = T0 + 1000;
    let (res, gas) = vm.execute("stranger", json!({"clawback": {"id": 1}}), &[]);
    res.expect("clawback");
    out.push(Measurement {
        op: "clawback",
        gas,
    });
    let (answer, _) = vm.query(json!({"distribution": {"id": 1}}));
    assert_eq!(answer["status"], "clawed_back");
    out
}

/// Gas of one whitelisted asset-token transfer between two verified investors.
#[derive(Debug, Clone, Copy)]
pub struct AssetTransferGas {
    /// The token's own execution, which includes building each registry read and decoding its
    /// answer.
    pub token: Gas,
    /// How many raw reads of the registry's storage the transfer made. No registry code runs
    /// (the harness fails on a smart query); on a chain each read is a store read charged in SDK
    /// gas, as the token's own storage reads are, which VM gas leaves out on both sides.
    pub registry_reads: u32,
}

/// Runs the optimised `cw_asset_token.wasm` against the storage of the optimised
/// `cw_registry.wasm` (a second instance whose entries the token reads raw): onboards two
/// investors, mints, and measures a transfer between them, plus a blocked transfer's
/// `CanTransfer` answer. Panics if anything does not behave as the spec says, or if the token
/// queries the registry's code.
pub fn asset_token_transfer_gas(token_wasm: &[u8], registry_wasm: &[u8]) -> AssetTransferGas {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    let registry = Rc::new(RefCell::new(Vm::new(registry_wasm, json!({}), &[])));
    let registry_addr = registry.borrow().addr("registry").to_string();
    let (alice, bob) = {
        let r = registry.borrow();
        (r.addr("alice").to_string(), r.addr("bob").to_string())
    };
    {
        let mut r = registry.borrow_mut();
        let admin = r.addr("admin").to_string();
        let grant = json!({"grant_role": {"role": "registry_agent", "account": admin}});
        r.execute("admin", grant, &[])
            .0
            .expect("grant registry agent");
        let entry = |a: &str| json!({"address": a, "status": "verified", "jurisdiction": 276, "kyc_expiry": T0 + 1_000_000});
        let upsert = json!({"upsert": {"entries": [entry(&alice), entry(&bob)]}});
        r.execute("admin", upsert, &[])
            .0
            .expect("register investors");
    }
    let init = json!({
        "name": "Tokenrail Bond", "symbol": "TRB", "decimals": 6, "cap": "1000000000",
        "registry": registry_addr, "metadata_uri": "ipfs://terms",
        "legal_document_hash": "42".repeat(32),
    });
    let mut token = Vm::new(token_wasm, init, &[]);
    let reads = Rc::new(Cell::new(0u32));
    {
        let (registry, reads) = (registry.clone(), reads.clone());
        let expected = registry_addr.clone();
        token
            .instance
            .with_querier(move |q| {
                q.update_wasm(move |query| match query {
                    cosmwasm_std::WasmQuery::Raw { contract_addr, key }
                        if *contract_addr == expected =>
                    {
                        reads.set(reads.get() + 1);
                        let value = registry
                            .borrow_mut()
                            .instance
                            .with_storage(|s| Ok(s.get(key).0.expect("registry storage")))
                            .unwrap();
                        let bin = Binary::from(value.unwrap_or_default());
                        cosmwasm_std::SystemResult::Ok(ContractResult::Ok(bin))
                    }
                    other => panic!("unexpected wasm query {other:?}"),
                });
                Ok(())
            })
            .unwrap();
    }
    let admin = token.addr("admin").to_string();
    let grant = json!({"grant_role": {"role": "issuer", "account": admin}});
    token.execute("admin", grant, &[]).0.expect("grant issuer");
    let mint = json!({"mint": {"recipient": alice, "amount": "1000"}});
    token.execute("admin", mint, &[]).0.expect("mint");
    reads.set(0);
    let transfer = json!({"transfer": {"recipient": bob, "amount": "10"}});
    let (res, gas) = token.execute("alice", transfer, &[]);
    res.expect("whitelisted transfer");
    let registry_reads = reads.get();
    let (answer, _) = token.query(json!({"balance": {"address": bob}}));
    assert_eq!(answer["balance"], "10");
    let mallory = token.addr("mallory").to_string();
    let blocked = json!({"transfer": {"recipient": mallory, "amount": "10"}});
    let (res, _) = token.execute("alice", blocked, &[]);
    assert!(res.unwrap_err().contains("[token:12 RecipientNotVerified]"));
    let (answer, _) =
        token.query(json!({"can_transfer": {"from": alice, "to": mallory, "amount": "10"}}));
    assert_eq!(answer["code"], 12);
    AssetTransferGas {
        token: gas,
        registry_reads,
    }
}

/// Runs every channel entry point in the VM with states signed by `tokenrail-channel` (the
/// contract recovers the signers with the VM's secp256k1 host function) and returns the gas of
/// each: open, deposit, cooperative close, and the dispute path (unilateral close, challenge,
/// settle). Panics if any call does not behave as the spec says.
pub fn channel_walkthrough(wasm: &[u8]) -> Vec<Measurement> {
    use tokenrail_channel::{Close, Domain, Message, Party, Secp256k1Key, State};

    let mut vm = Vm::new(wasm, json!({}), &[]);
    let env = vm.env();
    let domain = Domain::CosmWasm {
        chain_id: env.block.chain_id.clone(),
        contract: env.contract.address.to_string(),
    };
    let keys = [1u8, 2].map(|n| Secp256k1Key::from_bytes(&[n; 32]).unwrap());
    let [a, b] = [&keys[0], &keys[1]].map(|k| match k.party(&domain) {
        Some(Party::CosmosCanonical(c)) => vm.humanize(&c),
        other => panic!("{other:?}"),
    });
    let native = |amount: u128| coins(amount, DENOM);
    let mut out = Vec::new();
    let mut run = |vm: &mut Vm, op: &'static str, who: &Addr, msg: Value, funds: &[Coin]| {
        let (res, gas) = vm.execute_as(who, msg, funds);
        let res = res.unwrap_or_else(|e| panic!("{op}: {e}"));
        out.push(Measurement { op, gas });
        res
    };
    let open = json!({"open": {"counterparty": b, "period": 3600}});
    run(&mut vm, "open (native)", &a, open.clone(), &native(1000));
    let (id, _) =
        vm.query(json!({"channel_id": {"a": a, "b": b, "asset": {"native": {"denom": DENOM}}}}));
    let id_hex = id.as_str().unwrap().to_string();
    let id_bytes: [u8; 32] = hex::decode(&id_hex).unwrap().try_into().unwrap();
    run(
        &mut vm,
        "deposit",
        &b,
        json!({"deposit": {"channel_id": id_hex}}),
        &native(1000),
    );

    let sign = |msg: &Message| -> [String; 2] {
        keys.each_ref()
            .map(|k| hex::encode(k.sign(&domain, msg).unwrap()))
    };
    let close = Message::Close(Close {
        channel_id: id_bytes,
        epoch: 1,
        sent_a: 300,
        sent_b: 100,
    });
    let [sa, sb] = sign(&close);
    let msg = json!({"close_cooperative": {"channel_id": id_hex, "close": {"channel_id": id_hex, "epoch": 1, "sent_a": "300", "sent_b": "100"}, "sig_a": sa, "sig_b": sb}});
    let res = run(
        &mut vm,
        "cooperative close (2 signatures, pays both)",
        &b,
        msg,
        &[],
    );
    assert_eq!(res.messages.len(), 2, "both parties paid");

    run(&mut vm, "open again (next epoch)", &a, open, &native(1000));
    let state = |nonce: u64, sent_a: u128| {
        let msg = Message::State(State {
            channel_id: id_bytes,
            epoch: 2,
            nonce,
            sent_a,
            sent_b: 0,
        });
        let [sa, sb] = sign(&msg);
        let state = json!({"channel_id": id_hex, "epoch": 2, "nonce": nonce, "sent_a": sent_a.to_string(), "sent_b": "0"});
        (state, sa, sb)
    };
    let (s1, a1, b1) = state(1, 100);
    let msg =
        json!({"close_unilateral": {"channel_id": id_hex, "state": s1, "sig_a": a1, "sig_b": b1}});
    run(&mut vm, "unilateral close", &b, msg, &[]);
    let (s2, a2, b2) = state(2, 200);
    let msg = json!({"challenge": {"channel_id": id_hex, "state": s2, "sig_a": a2, "sig_b": b2}});
    run(&mut vm, "challenge", &a, msg, &[]);
    vm.now += 3600;
    let res = run(
        &mut vm,
        "settle",
        &a,
        json!({"settle": {"channel_id": id_hex}}),
        &[],
    );
    assert_eq!(res.messages.len(), 2, "both parties paid");
    out
}
