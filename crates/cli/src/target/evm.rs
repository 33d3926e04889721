//! The EVM family: its clients, how its handles are recorded, its devnet (a private anvil,
//! saved with anvil's own state dump) and its endpoint (any JSON-RPC node; the contracts named
//! by the deployment file, every call signed by the key file; `--dry-run` runs on a fork of
//! the endpoint, a private `anvil --fork-url`, and leaves the deployment file alone).

use std::path::{Path, PathBuf};

use alloy::primitives::{Address, U256};
use anyhow::Context;
use serde_json::{json, Value};
use tokenrail_sdk::evm::{
    EvmChannel, EvmDeployment, EvmDistribution, EvmEscrow, EvmParty, EvmPayout, EvmSigner,
    EvmSuite, EvmToken,
};
use tokenrail_sdk::{ClientError, TokenError, TokenTerms};

use super::{Request, Target};
use crate::chain::address::ChainAddress;
use crate::chain::family::{Dn, Family};
use crate::chain::ops::Op;
use crate::chain::record::{refuse_recorded, DeploymentFile};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::session::{OpError, Session};

/// The EVM family.
pub struct Evm;

impl Family for Evm {
    const CHAIN: ChainArg = ChainArg::Evm;
    type Address = Address;
    type Signer = EvmSigner;
    type Party = EvmParty;
    type Token = EvmToken;
    type Escrow = EvmEscrow;
    type Payout = EvmPayout;
    type Channel = EvmChannel;

    fn issue(
        dn: &mut Dn<Self>,
        terms: &TokenTerms,
        issuer: &str,
    ) -> Result<(), ClientError<TokenError>> {
        dn.issue(terms, issuer)
    }

    fn escrow_record(escrow: &U256) -> Value {
        json!(escrow.to_string())
    }

    fn escrow_from(record: &Value) -> Result<U256, String> {
        number(record, "escrow id")
    }

    fn distribution_record(d: &EvmDistribution) -> (Value, Vec<(Address, u128)>) {
        (json!(d.id.to_string()), d.claims.clone())
    }

    fn distribution_from(
        payout: &mut EvmPayout,
        handle: &Value,
        claims: Vec<(Address, u128)>,
    ) -> Result<EvmDistribution, String> {
        payout
            .distribution(number(handle, "distribution id")?, claims)
            .map_err(|e| e.to_string())
    }

    /// A channel is its parties and its asset: the asset is recorded.
    fn channel_record(channel: &tokenrail_evm::ITokenrailChannel::ChannelKey) -> String {
        channel.asset.show()
    }

    fn channel_from(
        id: &str,
        a: &Address,
        b: &Address,
    ) -> Result<tokenrail_evm::ITokenrailChannel::ChannelKey, String> {
        Ok(tokenrail_evm::ITokenrailChannel::ChannelKey {
            a: *a,
            b: *b,
            asset: <Address as ChainAddress>::parse(id)?,
        })
    }
}

/// A decimal number recorded as a string.
fn number(v: &Value, what: &str) -> Result<U256, String> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{what} `{v}` is not a decimal number"))
}

/// The `anvil` to run (see [`tokenrail_devnet::evm::find_anvil`]).
pub fn find_anvil(given: Option<&Path>) -> Result<PathBuf, Failure> {
    tokenrail_devnet::evm::find_anvil(given).map_err(|e| anyhow::anyhow!(e).into())
}

/// A private `anvil` (`anvil`, else found as the devnet finds it) forking the endpoint at
/// `url`, for a dry run.
pub(crate) fn fork_of(
    anvil: Option<&Path>,
    url: &str,
) -> Result<alloy::node_bindings::AnvilInstance, Failure> {
    let anvil = find_anvil(anvil)?;
    alloy::node_bindings::Anvil::new()
        .path(anvil)
        .fork(url)
        .try_spawn()
        .map_err(|e| anyhow::anyhow!("cannot fork {url} for the dry run: {e}").into())
}

/// A provider of the endpoint at `url` over the SDK's transport (request timeouts, retries of
/// what the node says to retry), signing with `wallet` if given.
fn provider(
    url: &str,
    wallet: Option<alloy::network::EthereumWallet>,
) -> Result<alloy::providers::DynProvider, Failure> {
    let parsed = url
        .parse()
        .map_err(|_| BadInput(format!("--rpc-url `{url}` is not a URL")))?;
    tokenrail_sdk::evm::transport::provider(parsed, wallet).map_err(|e| anyhow::anyhow!(e).into())
}

/// A provider that reads from `url`, after checking the endpoint answers.
pub(crate) fn reader(url: &str) -> Result<alloy::providers::DynProvider, Failure> {
    let provider = provider(url, None)?;
    answers(url, &provider)?;
    Ok(provider)
}

/// [`reader`], for callers already in an async runtime (the ledger).
pub(crate) async fn async_reader(url: &str) -> Result<alloy::providers::DynProvider, Failure> {
    let provider = provider(url, None)?;
    chain_id(url, &provider).await?;
    Ok(provider)
}

/// The endpoint's chain id, or why it did not answer within [`super::CONNECT_TIMEOUT`].
fn answers(url: &str, provider: &alloy::providers::DynProvider) -> Result<u64, Failure> {
    let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    rt.block_on(chain_id(url, provider))
}

/// [`answers`], awaited.
async fn chain_id(url: &str, provider: &alloy::providers::DynProvider) -> Result<u64, Failure> {
    use alloy::providers::Provider;
    match tokio::time::timeout(super::CONNECT_TIMEOUT, provider.get_chain_id()).await {
        Ok(Ok(id)) => Ok(id),
        Ok(Err(e)) => {
            let e = tokenrail_sdk::error::without_url(url, e);
            Err(anyhow::anyhow!("cannot reach {url}: {e}").into())
        }
        Err(_) => Err(anyhow::anyhow!(
            "cannot reach {url}: no answer in {} s",
            super::CONNECT_TIMEOUT.as_secs()
        )
        .into()),
    }
}

/// A signer on an endpoint: the SDK's signer, the same key for channel states, and the chain id.
type EndpointSigner = (
    tokenrail_sdk::evm::EvmSigner,
    tokenrail_channel::Secp256k1Key,
    u64,
);

/// The key file's signer on `url`, after checking the endpoint answers.
pub(crate) fn endpoint_signer(url: &str, key: &Path) -> Result<EndpointSigner, Failure> {
    signer_on(url, key, crate::keys::evm_signer(key)?)
}

/// `wallet` (read from the key file `key`) as a signer on `url`, after checking the endpoint
/// answers.
fn signer_on(
    url: &str,
    key: &Path,
    wallet: alloy::signers::local::PrivateKeySigner,
) -> Result<EndpointSigner, Failure> {
    let secret: [u8; 32] = wallet.to_bytes().into();
    let state_key = tokenrail_channel::Secp256k1Key::from_bytes(&secret)
        .ok_or_else(|| BadInput(format!("key file {}: not a valid key", key.display())))?;
    let address = wallet.address();
    let provider = provider(url, Some(alloy::network::EthereumWallet::from(wallet)))?;
    let chain_id = answers(url, &provider)?;
    Ok((
        tokenrail_sdk::evm::EvmSigner { provider, address },
        state_key,
        chain_id,
    ))
}

/// Runs `request` on the EVM endpoint at `url`.
pub fn run(out: &Output, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
    let key = target
        .key
        .as_deref()
        .ok_or_else(|| BadInput("an endpoint needs the signer's --key file".into()))?;
    let pb = crate::progress::spinner(out);
    pb.set_message(format!("talking to {url}"));
    let dry_run = matches!(request, Request::Change(_, true));
    // Read once: a dry run signs on a fork of the endpoint with the same key.
    let wallet = crate::keys::evm_signer(key)?;
    let fork = if dry_run {
        // The endpoint must answer before a fork of it can.
        reader(url)?;
        pb.set_message(format!("forking {url} for the dry run"));
        Some(fork_of(target.anvil.as_deref(), url)?)
    } else {
        None
    };
    let node_url = fork
        .as_ref()
        .map_or_else(|| url.to_string(), |f| f.endpoint());
    let (signer, state_key, chain_id) = signer_on(&node_url, key, wallet)?;
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = target
            .payment_token
            .as_deref()
            .map(|t| {
                <Address as ChainAddress>::parse(t)
                    .map_err(|e| BadInput(format!("--payment-token `{t}`: {e}")))
            })
            .transpose()?;
        let contracts = EvmDeployment::deploy(&signer, payment).map_err(|e| anyhow::anyhow!(e))?;
        let d = DeploymentFile::new(ChainArg::Evm, chain_id.to_string(), None, contracts);
        if !dry_run {
            d.write(&target.deployment)?;
        }
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "chain_id": chain_id,
            "contracts": d.contracts,
            "dry_run": dry_run,
        }));
    }
    let _lock = super::lock_deployment(target, &request)?;
    let mut d: DeploymentFile<EvmDeployment> =
        DeploymentFile::read(&target.deployment, ChainArg::Evm)?;
    d.check_network(&target.deployment, &chain_id.to_string(), url)?;
    let dn = EvmSuite::connect_signer(signer, state_key, &d.contracts)
        .map_err(|e| anyhow::anyhow!(e))?;
    let mut s = Session::<Evm>::new(dn);
    s.endpoint = true;
    s.load(&d.created)
        .map_err(|e| BadInput(format!("{}: {e}", target.deployment.display())))?;
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, dry_run) => {
            let mut v = s.apply_on_endpoint(&mut op)?;
            if dry_run {
                v["dry_run"] = true.into();
                pb.finish_and_clear();
                return Ok(v);
            }
            d.contracts = s.dn.deployment().clone();
            d.created = s.record().map_err(|e| anyhow::anyhow!(e))?;
            d.write(&target.deployment)?;
            v
        }
    };
    pb.finish_and_clear();
    Ok(value)
}
