//! A real `anvil` for the EVM half of the flow tests: funded signers and a runtime to drive
//! their providers.

#![allow(dead_code)]

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tokenrail_sdk::evm::EvmSigner;

/// A running node and one signer per dev account.
pub struct Node {
    /// Keeps the node alive.
    pub anvil: AnvilInstance,
    /// The dev accounts, each with its own wallet provider.
    pub signers: Vec<EvmSigner>,
    /// Drives the providers (the clients are called from outside it).
    pub rt: tokio::runtime::Runtime,
}

fn anvil_path() -> PathBuf {
    tokenrail_devnet::evm::find_anvil(None).expect("anvil for the EVM tests")
}

impl Node {
    /// Starts anvil with `accounts` funded dev accounts.
    pub fn start(accounts: usize) -> Self {
        let anvil = Anvil::new()
            .path(anvil_path())
            .arg("--accounts")
            .arg(accounts.to_string())
            .spawn();
        let signers = anvil
            .keys()
            .iter()
            .zip(anvil.addresses())
            .map(|(k, address)| EvmSigner {
                provider: ProviderBuilder::new()
                    .wallet(EthereumWallet::from(PrivateKeySigner::from(k.clone())))
                    .connect_http(anvil.endpoint_url())
                    .erased(),
                address: *address,
            })
            .collect();
        Node {
            anvil,
            signers,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    /// The latest block's timestamp.
    pub fn now(&self) -> u64 {
        let p = self.signers[0].provider.clone();
        self.rt.block_on(async {
            let latest = p.get_block_number().await.unwrap();
            let block = p.get_block_by_number(latest.into()).await.unwrap().unwrap();
            block.header.timestamp
        })
    }
}

/// A local Solana node reached over JSON-RPC (`devnet::solana::local_cluster`): one keypair
/// per entry of `balances`, each holding that much of a new payment mint of `token_program`,
/// and a ledger on the node paid by the first keypair.
pub fn solana_cluster(
    token_program: tokenrail_sdk::solana::Pubkey,
    balances: &[u64],
) -> (
    tokenrail_solana_front::RpcFront,
    Vec<tokenrail_sdk::solana::Keypair>,
    tokenrail_sdk::solana::SolanaLedger,
) {
    use tokenrail_sdk::solana::{Keypair, RpcLedger, SolanaLedger};
    let keys: Vec<Keypair> = balances.iter().map(|_| Keypair::new()).collect();
    let (front, mint) = tokenrail_solana_front::local_cluster(&keys, token_program, balances);
    let rpc = RpcLedger::connect(&front.url, keys[0].insecure_clone()).expect("the node answers");
    let ledger = SolanaLedger::rpc(rpc, mint).expect("the payment mint exists");
    (front, keys, ledger)
}

/// The CosmWasm artifacts `scripts/build-artifacts cosmwasm` writes.
pub fn cosmwasm_artifacts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/cosmwasm")
}

/// A local Cosmos node reached over CometBFT JSON-RPC (`devnet::cosmwasm::local_chain`) with
/// Tokenrail deployed on it through that RPC: one party per entry of `balances`, each holding
/// that much of the bank denom, and a ledger whose keyring holds every party's key.
pub fn cosmos_chain(
    balances: &[u128],
) -> (
    tokenrail_cosmos_front::RpcFront,
    Vec<tokenrail_sdk::cosmwasm::CwParty>,
    tokenrail_sdk::cosmwasm::CwDeployment,
    tokenrail_sdk::cosmwasm::CwLedger,
) {
    use tokenrail_cosmos_front::local_chain;
    use tokenrail_devnet::cosmwasm::DENOM;
    use tokenrail_sdk::cosmwasm::{CosmosEndpoint, CwDeployment};
    use tokenrail_sdk::cosmwasm::{CosmosRpc, CwParty};
    let secrets: Vec<[u8; 32]> = (0..balances.len())
        .map(|i| {
            let mut s = [7u8; 32];
            s[0] = i as u8 + 1;
            s
        })
        .collect();
    let parties: Vec<CwParty> = secrets
        .iter()
        .map(|s| {
            CwParty::new(
                tokenrail_channel::Secp256k1Key::from_bytes(s).unwrap(),
                "cosmwasm",
            )
            .unwrap()
        })
        .collect();
    // Every party also holds the fee denom, so that its account exists and can sign.
    let funded: Vec<_> = parties
        .iter()
        .zip(balances)
        .map(|(p, b)| (p.addr.clone(), *b))
        .collect();
    let node = local_chain(&cosmwasm_artifacts(), &funded).expect("the artifacts are built");
    let at = CosmosEndpoint {
        url: node.url.clone(),
        prefix: "cosmwasm".into(),
        gas_price: format!("0{DENOM}").parse().unwrap(),
    };
    let deployed = CwDeployment::deploy_to(&at, &secrets[0], &cosmwasm_artifacts(), DENOM)
        .expect("deploys over RPC");
    let rpc = CosmosRpc::connect(&at.url, &secrets, &at.prefix, at.gas_price.clone()).unwrap();
    (node, parties, deployed, rpc.into())
}

/// The ink! artifacts `scripts/build-artifacts ink` writes.
pub fn ink_artifacts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/ink")
}

/// A local Substrate node reached over WebSocket JSON-RPC (`devnet::ink::local_node`) with
/// Tokenrail deployed on it through that RPC, paying in a PSP22 token: one party (an ECDSA key)
/// per entry of `balances`, each sent a native balance by `//Alice` for its storage deposits
/// and holding that much of the token, and a ledger whose keyring holds every party's key.
pub fn substrate_node(
    balances: &[u128],
) -> (
    tokenrail_substrate_front::InkFront,
    Vec<tokenrail_sdk::ink::InkParty>,
    tokenrail_sdk::ink::InkDeployment,
    tokenrail_sdk::ink::InkLedger,
) {
    use tokenrail_ink::ink_psp22_token as psp22;
    use tokenrail_sdk::ink::{InkCode, InkKey, InkLedger, InkParty, Scheme, SubstrateRpc};
    use tokenrail_sdk::ink::{InkDeployment, Payment};
    use tokenrail_substrate_front::local_node;
    let node = local_node();
    let secrets: Vec<[u8; 32]> = (0..balances.len())
        .map(|i| {
            let mut s = [5u8; 32];
            s[0] = i as u8 + 1;
            s
        })
        .collect();
    let keys: Vec<InkKey> = secrets
        .iter()
        .map(|s| InkKey::from_secp256k1(s).unwrap())
        .collect();
    let parties: Vec<InkParty> = secrets
        .iter()
        .map(|s| InkParty::new(tokenrail_channel::Secp256k1Key::from_bytes(s).unwrap()))
        .collect();
    let alice_key = InkKey::from_suri("//Alice", Scheme::Sr25519).unwrap();
    let alice = alice_key.account();
    let faucet = SubstrateRpc::connect(node.url(), vec![alice_key.clone()]).expect("connects");
    for p in &parties {
        assert_eq!(keys.iter().filter(|k| k.account() == p.account).count(), 1);
        faucet
            .transfer_native(&alice, &p.account, 10_000_000_000_000)
            .unwrap();
    }
    let mut alice_chain = InkLedger::from(faucet);
    let supply: u128 = balances.iter().sum();
    let wasm = std::fs::read(ink_artifacts().join("ink_psp22_token.wasm")).unwrap();
    let token = alice_chain
        .deploy(
            InkCode::Wasm(wasm),
            psp22::constructors::new(supply).data,
            &alice,
        )
        .unwrap();
    for (p, b) in parties.iter().zip(balances) {
        let transfer = psp22::messages::psp22_transfer(
            tokenrail_ink::AccountId(*p.account.as_ref()),
            *b,
            vec![],
        );
        let out = alice_chain.call(&token, transfer.data, &alice, 0).unwrap();
        assert!(!out.reverted, "funding transfer");
    }
    let deployed = InkDeployment::deploy_to(
        node.url(),
        &keys[0],
        &ink_artifacts(),
        Payment::Psp22(token),
    )
    .expect("deploys over RPC");
    let rpc = SubstrateRpc::connect(node.url(), keys).unwrap();
    (node, parties, deployed, rpc.into())
}
