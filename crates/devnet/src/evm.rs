//! The EVM devnet: a private `anvil` node (started here, stopped with the devnet) with the
//! contracts deployed the way the SDK deploys them on any endpoint
//! ([`EvmDeployment::deploy`]); the payment token is an ERC-20 test token (`MockERC20`, open
//! minting). The development accounts are funded with ether by `anvil_setBalance`; the contracts
//! are deployed by a deployer account of their own, so their addresses are the same on every
//! start.

use std::path::Path;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tokenrail_sdk::evm::{EvmDeployment, EvmParty, EvmSigner, EvmSuite};
use tokenrail_sdk::Named;
use tokio::runtime::Runtime;

use crate::{dev_secp256k1, dev_secret, DEV_ACCOUNTS, DEV_BALANCE, GENESIS_TIME};

/// The `anvil` to run: `given`, else `ANVIL_BIN` or `TOKENRAIL_ANVIL`, else `anvil` on PATH,
/// else the one `scripts/setup` installs in this repository's node_modules.
pub fn find_anvil(given: Option<&Path>) -> Result<std::path::PathBuf, String> {
    if let Some(p) = given {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(format!("--anvil {}: no such file", p.display()))
        };
    }
    let from_env = ["ANVIL_BIN", "TOKENRAIL_ANVIL"]
        .iter()
        .filter_map(std::env::var_os)
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file());
    let on_path = || {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .map(|dir| dir.join("anvil"))
            .find(|p| p.is_file())
    };
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    from_env
        .or_else(on_path)
        .or_else(|| installed.is_file().then_some(installed))
        .ok_or_else(|| {
            "no anvil found: pass --anvil or TOKENRAIL_ANVIL, put anvil on PATH, or run \
             scripts/setup"
                .to_string()
        })
}

/// The EVM devnet: the SDK's suite on a private anvil.
pub type EvmDevnet = EvmSuite;

/// The development account `name` as a signer on the node at `url`.
pub fn dev_signer(name: &str, url: &alloy::transports::http::reqwest::Url) -> EvmSigner {
    let key = PrivateKeySigner::from_bytes(&dev_secret(name).into())
        .expect("a development secret is a valid secp256k1 scalar");
    let address = key.address();
    EvmSigner {
        provider: ProviderBuilder::new()
            .wallet(EthereumWallet::from(key))
            .connect_http(url.clone())
            .erased(),
        address,
    }
}

/// The development account that deploys the contracts (and holds no payment tokens).
const DEPLOYER: &str = "deployer";

/// A private anvil at the devnets' genesis time, the deployer and the development accounts as
/// signers on it, and a runtime for their providers.
fn node(anvil: &Path) -> Result<(AnvilInstance, EvmSigner, Named<EvmSigner>, Runtime), String> {
    let node = Anvil::new()
        .path(anvil)
        .arg("--accounts")
        .arg("0")
        // The embedded chains' genesis time: every devnet starts at the same moment.
        .arg("--timestamp")
        .arg(GENESIS_TIME.to_string())
        .try_spawn()
        .map_err(|e| format!("cannot start anvil ({}): {e}", anvil.display()))?;
    let url = node.endpoint_url();
    let deployer = dev_signer(DEPLOYER, &url);
    let signers: Named<EvmSigner> = DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_signer(n, &url)))
        .collect();
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    Ok((node, deployer, signers, rt))
}

fn connect(
    node: AnvilInstance,
    rt: Runtime,
    deployer: &EvmSigner,
    signers: Named<EvmSigner>,
    at: &EvmDeployment,
) -> Result<EvmDevnet, String> {
    let parties = DEV_ACCOUNTS
        .iter()
        .map(|n| {
            let party = EvmParty {
                signer: signers.get(n).expect("every name has a signer").clone(),
                key: dev_secp256k1(n),
            };
            (n.to_string(), party)
        })
        .collect();
    let mut suite = EvmSuite::connect(deployer, at, signers, parties).map_err(|e| e.to_string())?;
    suite.keep(Node(node));
    // The connections the setup opened belong to its runtime.
    suite.keep(rt);
    Ok(suite)
}

/// Starts `anvil` (the binary at `anvil`) and deploys the contracts; every development account
/// holds 10,000 ether and [`DEV_BALANCE`] of the payment token.
pub fn start(anvil: &Path) -> Result<EvmDevnet, String> {
    let (node, deployer, signers, rt) = node(anvil)?;
    let token = rt
        .block_on(setup(&deployer, &signers))
        .map_err(|e| format!("devnet setup: {e}"))?;
    let at = EvmDeployment::deploy(&deployer, Some(token)).map_err(|e| e.to_string())?;
    connect(node, rt, &deployer, signers, &at)
}

/// The JSON-RPC URL of `devnet`'s anvil (what a ledger syncs from).
pub fn endpoint(devnet: &EvmDevnet) -> Option<String> {
    devnet.kept::<Node>().map(|n| n.0.endpoint())
}

/// An EVM devnet's state, saved: anvil's own state dump (accounts, code, storage, and the newest
/// block only; see [`snapshot`]) and the deployment.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EvmSnapshot {
    /// Where the devnet's contracts live.
    pub deployment: EvmDeployment,
    /// `anvil_dumpState`'s answer, hex.
    pub state: String,
}

/// The state of `devnet` (one started here or restored).
pub fn snapshot(devnet: &mut EvmDevnet) -> Result<EvmSnapshot, String> {
    use alloy::providers::ext::AnvilApi;
    let deployment = devnet.deployment().clone();
    let (_, signer) = devnet
        .signers
        .iter()
        .next()
        .ok_or("a devnet has accounts")?;
    let provider = signer.provider.clone();
    let rt = devnet.kept::<Runtime>().ok_or("not an EVM devnet")?;
    let state = rt
        .block_on(provider.anvil_dump_state())
        .map_err(|e| format!("anvil_dumpState: {e}"))?;
    Ok(EvmSnapshot {
        deployment,
        state: hex::encode(newest_block_only(&state)?),
    })
}

/// anvil's state dump (gzipped JSON) without the blocks and transactions before the newest
/// block. anvil dumps every block and transaction since genesis beside the accounts, so a saved
/// devnet grew by about 5 KB per transaction and every command took longer to restore it
/// (0.23 s after 1,000 operations against 0.16 s after one). The state lives in the accounts; a
/// restore needs only the newest block (anvil sets its head from it). What goes: receipts and
/// logs of earlier commands, which no devnet command reads (`tokenrail demo` syncs its ledger
/// from the running node, before any snapshot).
fn newest_block_only(dump: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let bad = |e: &dyn std::fmt::Display| format!("anvil's state dump: {e}");
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(dump)
        .read_to_end(&mut json)
        .map_err(|e| bad(&e))?;
    let mut state: serde_json::Value = serde_json::from_slice(&json).map_err(|e| bad(&e))?;
    let number = |block: &serde_json::Value| {
        block["header"]["number"]
            .as_str()
            .and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
    };
    let blocks = state["blocks"]
        .as_array_mut()
        .ok_or_else(|| bad(&"no blocks"))?;
    let newest = blocks
        .iter()
        .filter_map(number)
        .max()
        .ok_or_else(|| bad(&"no numbered block"))?;
    blocks.retain(|b| number(b) == Some(newest));
    if let Some(transactions) = state["transactions"].as_array_mut() {
        transactions.retain(|t| t["block_number"].as_u64() == Some(newest));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    serde_json::to_writer(&mut gz, &state).map_err(|e| bad(&e))?;
    gz.flush().map_err(|e| bad(&e))?;
    gz.finish().map_err(|e| bad(&e))
}

/// A devnet on a new anvil (the binary at `anvil`) with the state `saved` holds.
pub fn restore(anvil: &Path, saved: &EvmSnapshot) -> Result<EvmDevnet, String> {
    use alloy::providers::ext::AnvilApi;
    let (node, deployer, signers, rt) = node(anvil)?;
    let state = hex::decode(&saved.state).map_err(|e| format!("the saved anvil state: {e}"))?;
    let p = deployer.provider.clone();
    rt.block_on(async {
        let e = |what: &str, err: alloy::transports::TransportError| format!("{what}: {err}");
        p.anvil_load_state(state.into())
            .await
            .map_err(|err| e("anvil_loadState", err))?;
        // The loaded blocks come back, the node's clock does not: the next block follows the
        // last one, and each block after it one second later, as on a fresh devnet.
        let latest = p
            .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
            .await
            .map_err(|err| e("the latest block", err))?
            .ok_or("no latest block")?;
        p.anvil_set_block_timestamp_interval(1)
            .await
            .map_err(|err| e("anvil_setBlockTimestampInterval", err))?;
        p.anvil_set_next_block_timestamp(latest.header.timestamp + 1)
            .await
            .map_err(|err| e("anvil_setNextBlockTimestamp", err))
    })?;
    connect(node, rt, &deployer, signers, &saved.deployment)
}

/// The private node, stopped when the devnet is dropped.
struct Node(AnvilInstance);

/// Funds the deployer and the development accounts with ether, deploys the payment token and
/// credits every development account.
async fn setup(deployer: &EvmSigner, signers: &Named<EvmSigner>) -> Result<Address, String> {
    use alloy::providers::ext::AnvilApi;
    let p: &DynProvider = &deployer.provider;
    // Each block one second after the last, whatever the wall clock says: the node's time then
    // depends only on what was done to it (blocks mined, time advanced), so a devnet driven
    // through the same steps sees the same times.
    p.anvil_set_block_timestamp_interval(1)
        .await
        .map_err(|e| e.to_string())?;
    let ether = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18u64));
    p.anvil_set_balance(deployer.address, ether)
        .await
        .map_err(|e| e.to_string())?;
    for (_, s) in signers.iter() {
        p.anvil_set_balance(s.address, ether)
            .await
            .map_err(|e| e.to_string())?;
    }
    let token = tokenrail_evm::MockERC20::deploy(p.clone())
        .await
        .map_err(|e| e.to_string())?;
    for (_, s) in signers.iter() {
        token
            .mint(s.address, U256::from(DEV_BALANCE))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .get_receipt()
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(*token.address())
}
