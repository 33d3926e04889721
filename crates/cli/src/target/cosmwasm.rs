//! The CosmWasm family: its clients, how its handles are recorded, its devnet (a cw-multi-test
//! app, saved with its storage) and its endpoint: a chain's CometBFT JSON-RPC, transactions
//! signed in `SIGN_MODE_DIRECT` with the key file's secp256k1 secret (what `<chaind> keys export
//! --unarmored-hex --unsafe` prints), fees at `--gas-price`.
//!
//! `deploy` stores the contracts' optimised wasm (`--artifacts`) and instantiates the escrow,
//! payout and channel contracts paying in the bank denom `--payment-token`, and writes the
//! deployment file with the chain's account prefix.

use serde_json::{json, Value};
use tokenrail_sdk::cosmwasm::{
    Addr, BadGasPrice, CosmosEndpoint, CwChannel, CwDeployment, CwDistribution, CwEscrow, CwParty,
    CwPayout, CwSuite, CwToken, GasPrice, HexBinary,
};
use tokenrail_sdk::{ClientError, TokenError, TokenTerms};

use super::{no_dry_run, Request, Target};
use crate::chain::family::{Dn, Family};
use crate::chain::ops::Op;
use crate::chain::record::{recorded_u64, refuse_recorded, DeploymentFile};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::session::{OpError, Session};

/// The CosmWasm family.
pub struct Cosmwasm;

impl Family for Cosmwasm {
    const CHAIN: ChainArg = ChainArg::Cosmwasm;
    type Address = Addr;
    type Signer = Addr;
    type Party = CwParty;
    type Token = CwToken;
    type Escrow = CwEscrow;
    type Payout = CwPayout;
    type Channel = CwChannel;

    fn issue(
        dn: &mut Dn<Self>,
        terms: &TokenTerms,
        issuer: &str,
    ) -> Result<(), ClientError<TokenError>> {
        dn.issue(terms, issuer)
    }

    fn escrow_record(escrow: &u64) -> Value {
        json!(escrow)
    }

    fn escrow_from(record: &Value) -> Result<u64, String> {
        recorded_u64(record, "escrow id")
    }

    fn distribution_record(d: &CwDistribution) -> (Value, Vec<(Addr, u128)>) {
        (json!(d.id), d.claims.clone())
    }

    fn distribution_from(
        payout: &mut CwPayout,
        handle: &Value,
        claims: Vec<(Addr, u128)>,
    ) -> Result<CwDistribution, String> {
        payout
            .distribution(recorded_u64(handle, "distribution id")?, claims)
            .map_err(|e| e.to_string())
    }

    /// A channel is its id, hex.
    fn channel_record(channel: &HexBinary) -> String {
        hex::encode(channel.as_slice())
    }

    fn channel_from(id: &str, _: &Addr, _: &Addr) -> Result<HexBinary, String> {
        hex::decode(id)
            .map(HexBinary::from)
            .map_err(|e| format!("channel id `{id}`: {e}"))
    }
}

/// The secp256k1 secret of the key file.
fn secret(target: &Target) -> Result<zeroize::Zeroizing<[u8; 32]>, Failure> {
    let path = target
        .key
        .as_deref()
        .ok_or_else(|| BadInput("a Cosmos endpoint needs the signer's --key file".into()))?;
    Ok(crate::keys::secp256k1_secret_file(path)?)
}

fn gas_price(target: &Target, denom: &str) -> Result<GasPrice, Failure> {
    let text = target
        .gas_price
        .clone()
        .unwrap_or_else(|| format!("0{denom}"));
    Ok(text
        .parse()
        .map_err(|e: BadGasPrice| BadInput(format!("--gas-price: {e}")))?)
}

/// Runs `request` on the chain at `url`.
pub fn run(out: &Output, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
    let secret = secret(target)?;
    let pb = crate::progress::spinner(out);
    pb.set_message(format!("talking to {url}"));
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let denom = target.payment_token.clone().ok_or_else(|| {
            BadInput("a Cosmos deploy needs --payment-token, the bank denom to pay in".into())
        })?;
        let prefix = target.bech32_prefix.clone().ok_or_else(|| {
            BadInput("a Cosmos deploy needs --bech32-prefix, the chain's account prefix".into())
        })?;
        if dry_run {
            return Err(no_dry_run("a Cosmos chain", ChainArg::Cosmwasm));
        }
        let at = CosmosEndpoint {
            url: url.to_string(),
            prefix: prefix.clone(),
            gas_price: gas_price(target, &denom)?,
        };
        let contracts = CwDeployment::deploy_to(
            &at,
            &secret,
            &target.artifacts_or("artifacts/cosmwasm"),
            &denom,
        )
        .map_err(|e| anyhow::anyhow!(e))?;
        let chain_id = chain_id(&at, &secret)?;
        let d = DeploymentFile::new(ChainArg::Cosmwasm, chain_id, Some(prefix), contracts);
        d.write(&target.deployment)?;
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "chain_id": d.network,
            "contracts": d.contracts,
        }));
    }
    if matches!(request, Request::Change(_, true)) {
        return Err(no_dry_run("a Cosmos chain", ChainArg::Cosmwasm));
    }
    let _lock = super::lock_deployment(target, &request)?;
    let mut d: DeploymentFile<CwDeployment> =
        DeploymentFile::read(&target.deployment, ChainArg::Cosmwasm)?;
    let prefix = d.address_prefix.clone().ok_or_else(|| {
        BadInput(format!(
            "{}: no address prefix",
            target.deployment.display()
        ))
    })?;
    let at = CosmosEndpoint {
        url: url.to_string(),
        prefix: prefix.clone(),
        gas_price: gas_price(target, &d.contracts.denom)?,
    };
    let chain_id = chain_id(&at, &secret)?;
    d.check_network(&target.deployment, &chain_id, url)?;
    let dn = CwSuite::connect_rpc(&at, &secret, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = Session::<Cosmwasm>::new(dn);
    s.endpoint = true;
    s.address_prefix = Some(prefix);
    s.load(&d.created)
        .map_err(|e| BadInput(format!("{}: {e}", target.deployment.display())))?;
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, _) => {
            let v = s.apply_on_endpoint(&mut op)?;
            d.contracts = s.dn.deployment().clone();
            d.created = s.record().map_err(|e| anyhow::anyhow!(e))?;
            d.write(&target.deployment)?;
            v
        }
    };
    pb.finish_and_clear();
    Ok(value)
}

/// The chain id the endpoint reports.
fn chain_id(at: &CosmosEndpoint, secret: &[u8; 32]) -> Result<String, Failure> {
    let rpc = tokenrail_sdk::cosmwasm::CosmosRpc::connect(
        &at.url,
        &[*secret],
        &at.prefix,
        at.gas_price.clone(),
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    Ok(rpc.chain_id().to_string())
}
