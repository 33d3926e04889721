//! The Substrate front through subxt, the client cargo-contract and ink_e2e use: a contract is
//! deployed and called with signed extrinsics and read with `ContractsApi` dry runs, and the
//! front refuses what a node refuses (a replayed, tampered or foreign transaction).

use ink_sandbox::pallet_contracts::Code;
use ink_sandbox::AccountId32;
use ink_sandbox::{ContractExecResultFor, ContractInstantiateResultFor, Weight};
use scale::{Decode, Encode};
use subxt::backend::rpc::RpcClient;
use subxt::dynamic::Value;
use subxt::tx::SubmittableTransaction;
use subxt::{OnlineClient, SubstrateConfig};
use subxt_signer::sr25519::{dev, Keypair};
use tokenrail_devnet::ink::runtime::Runtime;
use tokenrail_devnet::ink::sandbox::{call_data, read_artifact};
use tokenrail_substrate_front::{self as rpc, dev_account};

type Api = OnlineClient<SubstrateConfig>;

const CLOCK_MS: u64 = 1_700_000_000_000;

fn account(key: &Keypair) -> AccountId32 {
    AccountId32::new(key.public_key().0)
}

fn weight(w: Weight) -> Value {
    Value::named_composite([
        ("ref_time", Value::u128(w.ref_time().into())),
        ("proof_size", Value::u128(w.proof_size().into())),
    ])
}

fn none() -> Value {
    Value::unnamed_variant("None", [])
}

/// `ContractsApi_call` as a dry run: what the call would return, and the gas it needs.
async fn dry_call(
    api: &Api,
    from: &AccountId32,
    dest: &AccountId32,
    data: Vec<u8>,
) -> ContractExecResultFor<Runtime> {
    let args = (from, dest, 0u128, None::<Weight>, None::<u128>, data).encode();
    state_call(api, "ContractsApi_call", args).await
}

/// A runtime API call at the newest block, its answer decoded.
async fn state_call<T: Decode>(api: &Api, method: &str, args: Vec<u8>) -> T {
    let out = api
        .runtime_api()
        .at_latest()
        .await
        .unwrap()
        .call_raw(method, Some(&args))
        .await
        .unwrap();
    Decode::decode(&mut out.as_slice()).unwrap()
}

/// A PSP22 `balance_of` read by a dry run.
async fn balance_of(api: &Api, token: &AccountId32, who: &AccountId32) -> u128 {
    let data = call_data("PSP22::balance_of", who);
    let out = dry_call(api, who, token, data).await;
    let exec = out.result.unwrap();
    assert!(!exec.did_revert());
    let value: Result<u128, u8> = Decode::decode(&mut exec.data.as_slice()).unwrap();
    value.unwrap()
}

/// Deploys the reference PSP22 token with `supply` from `key` with `instantiate_with_code`;
/// returns its address from the `Contracts::Instantiated` event.
async fn deploy_psp22(api: &Api, key: &Keypair, supply: u128) -> AccountId32 {
    let code = read_artifact("ink_psp22_token");
    let data = call_data("new", supply);
    let salt = vec![7u8];
    let dry = (
        account(key),
        0u128,
        None::<Weight>,
        None::<u128>,
        Code::<ink_sandbox::H256>::Upload(code.clone()),
        data.clone(),
        salt.clone(),
    )
        .encode();
    let dry: ContractInstantiateResultFor<Runtime> =
        state_call(api, "ContractsApi_instantiate", dry).await;
    let predicted = dry.result.unwrap().account_id;
    let tx = subxt::dynamic::tx(
        "Contracts",
        "instantiate_with_code",
        vec![
            Value::u128(0),
            weight(dry.gas_required),
            none(),
            Value::from_bytes(code),
            Value::from_bytes(data),
            Value::from_bytes(salt),
        ],
    );
    let events = api
        .tx()
        .sign_and_submit_then_watch_default(&tx, key)
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    let instantiated = events
        .iter()
        .map(|e| e.unwrap())
        .find(|e| e.pallet_name() == "Contracts" && e.variant_name() == "Instantiated")
        .expect("a Contracts::Instantiated event");
    let (deployer, contract): (AccountId32, AccountId32) =
        Decode::decode(&mut instantiated.field_bytes()).unwrap();
    assert_eq!(deployer, account(key));
    assert_eq!(contract, predicted, "the dry run predicts the address");
    contract
}

/// A signed `Contracts::call` of `data` on `dest`, with the gas a dry run asks for.
async fn signed_call(
    api: &Api,
    key: &Keypair,
    dest: &AccountId32,
    data: Vec<u8>,
) -> SubmittableTransaction<SubstrateConfig, Api> {
    let gas = dry_call(api, &account(key), dest, data.clone())
        .await
        .gas_required;
    let tx = subxt::dynamic::tx(
        "Contracts",
        "call",
        vec![
            Value::unnamed_variant("Id", [Value::from_bytes(dest)]),
            Value::u128(0),
            weight(gas),
            none(),
            Value::from_bytes(data),
        ],
    );
    api.tx()
        .create_signed(&tx, key, Default::default())
        .await
        .unwrap()
}

fn transfer(to: &AccountId32, amount: u128) -> Vec<u8> {
    call_data("PSP22::transfer", (to, amount, Vec::<u8>::new()))
}

#[tokio::test(flavor = "multi_thread")]
async fn subxt_deploys_calls_and_reads_a_contract_through_the_front() {
    let front = rpc::serve(CLOCK_MS);
    let api = Api::from_url(front.url()).await.expect("subxt connects");
    assert_eq!(api.runtime_version().spec_version, 1);
    let (alice, bob) = (dev::alice(), dev::bob());
    assert_eq!(
        account(&alice),
        dev_account("//Alice"),
        "subxt's dev key is the front's //Alice"
    );

    let token = deploy_psp22(&api, &alice, 1_000).await;
    assert_eq!(balance_of(&api, &token, &account(&alice)).await, 1_000);

    let sent = signed_call(&api, &alice, &token, transfer(&account(&bob), 250)).await;
    sent.submit_and_watch()
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .expect("the transfer lands");
    assert_eq!(balance_of(&api, &token, &account(&bob)).await, 250);
    assert_eq!(balance_of(&api, &token, &account(&alice)).await, 750);

    // A call the contract refuses (more than bob holds) fails as an extrinsic with
    // `Contracts::ContractReverted` and moves nothing.
    let refused = signed_call(&api, &bob, &token, transfer(&account(&alice), 251)).await;
    let err = refused
        .submit_and_watch()
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .expect_err("a reverted contract call fails");
    assert!(err.to_string().contains("ContractReverted"), "{err}");
    assert_eq!(balance_of(&api, &token, &account(&bob)).await, 250);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_front_refuses_replayed_tampered_and_foreign_transactions() {
    let front = rpc::serve(CLOCK_MS);
    let api = Api::from_url(front.url()).await.unwrap();
    let (alice, bob) = (dev::alice(), dev::bob());
    let token = deploy_psp22(&api, &alice, 1_000).await;

    let sent = signed_call(&api, &alice, &token, transfer(&account(&bob), 10)).await;
    sent.submit_and_watch()
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    // The same signed bytes again: the nonce is spent.
    let replay = sent
        .submit_and_watch()
        .await
        .expect_err("a replay is refused");
    assert!(
        format!("{replay:?}").contains("Transaction is outdated"),
        "{replay:?}"
    );

    // One byte of the call changed after signing: the signature no longer matches.
    let honest = signed_call(&api, &alice, &token, transfer(&account(&bob), 10)).await;
    let mut bytes = honest.encoded().to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered = SubmittableTransaction::from_bytes(api.clone(), bytes)
        .submit_and_watch()
        .await
        .expect_err("a tampered transaction is refused");
    assert!(
        format!("{tampered:?}").contains("bad signature"),
        "{tampered:?}"
    );

    // Signed for another chain (another genesis hash): the signature covers the genesis hash,
    // so it does not verify here.
    let rpc_client = RpcClient::from_url(front.url()).await.unwrap();
    let foreign = Api::from_rpc_client_with(
        subxt::utils::H256::repeat_byte(9),
        api.runtime_version(),
        api.metadata(),
        rpc_client,
    )
    .unwrap();
    let elsewhere = signed_call(&foreign, &alice, &token, transfer(&account(&bob), 10)).await;
    let foreign_err = elsewhere.submit_and_watch().await.expect_err("refused");
    assert!(
        format!("{foreign_err:?}").contains("bad signature"),
        "{foreign_err:?}"
    );

    assert_eq!(
        balance_of(&api, &token, &account(&bob)).await,
        10,
        "only the first transfer landed"
    );
    // The honest transaction, unchanged, still lands: refusals spent nothing.
    honest
        .submit_and_watch()
        .await
        .unwrap()
        .wait_for_finalized_success()
        .await
        .unwrap();
    assert_eq!(balance_of(&api, &token, &account(&bob)).await, 20);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_front_moves_its_clock_and_seals_a_block_per_transaction() {
    let front = rpc::serve(CLOCK_MS);
    let api = Api::from_url(front.url()).await.unwrap();
    let rpc_client = RpcClient::from_url(front.url()).await.unwrap();
    let now: u64 = rpc_client
        .request(rpc::ADVANCE_CLOCK, subxt::ext::subxt_rpcs::rpc_params![90])
        .await
        .unwrap();
    assert_eq!(now, CLOCK_MS / 1000 + 90);
    let stored = api
        .storage()
        .at_latest()
        .await
        .unwrap()
        .fetch(&subxt::dynamic::storage("Timestamp", "Now", ()))
        .await
        .unwrap()
        .expect("the clock is stored");
    assert_eq!(
        u64::decode(&mut stored.encoded()).unwrap(),
        CLOCK_MS + 90_000
    );

    let before = api.blocks().at_latest().await.unwrap().number();
    deploy_psp22(&api, &dev::charlie(), 5).await;
    let after = api.blocks().at_latest().await.unwrap();
    assert_eq!(after.number(), before + 1, "one transaction, one block");
    assert_eq!(after.extrinsics().await.unwrap().len(), 1);
}
