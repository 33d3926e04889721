//! A real `anvil` for the EVM half of the flow tests: funded signers and a runtime to drive
//! their providers.

#![allow(dead_code)]

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tokenrail_client::evm::EvmSigner;

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
    tokenrail_client::devnet::evm::find_anvil(None).expect("anvil for the EVM tests")
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
    token_program: tokenrail_client::solana::Pubkey,
    balances: &[u64],
) -> (
    tokenrail_solana_test_chain::rpc::RpcFront,
    Vec<tokenrail_client::solana::Keypair>,
    tokenrail_client::solana::SolanaLedger,
) {
    use tokenrail_client::solana::{Keypair, RpcLedger, SolanaLedger};
    let keys: Vec<Keypair> = balances.iter().map(|_| Keypair::new()).collect();
    let (front, mint) =
        tokenrail_client::devnet::solana::local_cluster(&keys, token_program, balances);
    let rpc = RpcLedger::connect(&front.url, keys[0].insecure_clone()).expect("the node answers");
    let ledger = SolanaLedger::rpc(rpc, mint).expect("the payment mint exists");
    (front, keys, ledger)
}
