//! The Cosmos endpoint target: a chain's CometBFT JSON-RPC, transactions signed in
//! `SIGN_MODE_DIRECT` with the key file's secp256k1 secret (what `<chaind> keys export
//! --unarmored-hex --unsafe` prints), fees at `--gas-price`.
//!
//! `deploy` stores the contracts' optimised wasm (`--artifacts`) and instantiates the escrow,
//! payout and channel contracts paying in the bank denom `--payment-token`, and writes the
//! deployment file. The chain is the state; the file records the contracts, the account prefix
//! and what this CLI created there (escrows and channels in its numbering, each
//! distribution's claims).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_sdk::cosmwasm::{Addr, GasPrice};
use tokenrail_sdk::cosmwasm::{CosmosEndpoint, CwDeployment as CwAddresses, CwSuite as CwDevnet};

use super::{
    no_dry_run, read_deployment, refuse_other_chain, refuse_recorded, session, write_deployment,
    ChainAddress, Op, OpError, Request, Target,
};
use crate::{BadInput, ChainArg, Cli, Failure};

/// The format tag of a Cosmos deployment file.
const FORMAT: &str = "tokenrail-cosmwasm-deployment-v1";

/// A Tokenrail deployment on a Cosmos chain.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deployment {
    format: String,
    chain_id: String,
    /// The chain's bech32 account prefix.
    bech32_prefix: String,
    contracts: CwAddresses,
    /// The escrow ids created through the CLI, numbered from 1 in this order.
    #[serde(default)]
    escrows: Vec<u64>,
    /// The distributions created through the CLI, numbered from 1 in this order.
    #[serde(default)]
    distributions: Vec<RecordedDistribution>,
    /// The channels opened through the CLI, numbered from 1 in this order.
    #[serde(default)]
    channels: Vec<RecordedChannel>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedDistribution {
    id: u64,
    /// `(account, amount)` per leaf, in order.
    claims: Vec<(String, Amount)>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedChannel {
    /// The channel id, hex.
    id: String,
    a: String,
    b: String,
}

/// A deployment file entry that no longer parses: the file was edited by hand.
fn corrupt(target: &Target, why: impl std::fmt::Display) -> Failure {
    BadInput(format!("{}: {why}", target.deployment.display())).into()
}

/// The secp256k1 secret of the key file.
fn secret(target: &Target) -> Result<[u8; 32], Failure> {
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
        .map_err(|e: String| BadInput(format!("--gas-price: {e}")))?)
}

/// Runs `request` on the chain at `url`.
pub(super) fn run(
    cli: &Cli,
    target: &Target,
    url: &str,
    request: Request,
) -> Result<Value, Failure> {
    let secret = secret(target)?;
    let pb = crate::spinner(cli);
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
        let contracts = CwAddresses::deploy_to(
            &at,
            &secret,
            &target.artifacts_or("artifacts/cosmwasm"),
            &denom,
        )
        .map_err(|e| anyhow::anyhow!(e))?;
        let chain_id = chain_id(&at, &secret)?;
        let d = Deployment {
            format: FORMAT.into(),
            chain_id,
            bech32_prefix: prefix,
            contracts,
            escrows: vec![],
            distributions: vec![],
            channels: vec![],
        };
        write_deployment(&target.deployment, &d)?;
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "chain_id": d.chain_id,
            "contracts": d.contracts,
        }));
    }
    let mut d: Deployment = read_deployment(&target.deployment, FORMAT)?;
    let at = CosmosEndpoint {
        url: url.to_string(),
        prefix: d.bech32_prefix.clone(),
        gas_price: gas_price(target, &d.contracts.denom)?,
    };
    let chain_id = chain_id(&at, &secret)?;
    refuse_other_chain(&target.deployment, &d.chain_id, &chain_id, url)?;
    let dn = CwDevnet::connect_rpc(&at, &secret, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = session(ChainArg::Cosmwasm, dn, CwDevnet::issue);
    s.endpoint = true;
    s.address_prefix = Some(d.bech32_prefix.clone());
    let parse = |text: &str| {
        <Addr as ChainAddress>::parse_with(text, Some(&d.bech32_prefix))
            .map_err(|e| corrupt(target, format!("`{text}`: {e}")))
    };
    s.escrows = d.escrows.clone();
    for r in &d.distributions {
        let mut claims = vec![];
        for (account, amount) in &r.claims {
            claims.push((parse(account)?, amount.0));
        }
        let h =
            s.dn.payout
                .distribution(r.id, claims)
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        s.distributions.push(h);
    }
    for c in &d.channels {
        let id = hex::decode(&c.id).map_err(|e| corrupt(target, format!("channel id: {e}")))?;
        let (a, b) = (parse(&c.a)?, parse(&c.b)?);
        s.channels.push(id.into());
        s.channel_parties.push((s.show(&a), s.show(&b)));
    }
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, dry_run) => {
            if dry_run {
                return Err(no_dry_run("a Cosmos chain", ChainArg::Cosmwasm));
            }
            let (v, [escrows, distributions, channels]) = s.apply_on_endpoint(&mut op)?;
            let mut changed = false;
            if let (Op::Issue { .. }, Some(t)) = (&op, s.dn.token.as_ref()) {
                d.contracts.token = Some((t.token.addr.clone(), t.registry.addr.clone()));
                changed = true;
            }
            for e in &s.escrows[escrows..] {
                d.escrows.push(*e);
                changed = true;
            }
            for h in &s.distributions[distributions..] {
                d.distributions.push(RecordedDistribution {
                    id: h.id,
                    claims: h
                        .claims
                        .iter()
                        .map(|(a, m)| (a.to_string(), Amount(*m)))
                        .collect(),
                });
                changed = true;
            }
            for (c, (a, b)) in s.channels[channels..]
                .iter()
                .zip(&s.channel_parties[channels..])
            {
                let spell = |shown: &str| {
                    s.dn.signers
                        .get(shown)
                        .map_or_else(|| shown.to_string(), |addr| addr.to_string())
                };
                d.channels.push(RecordedChannel {
                    id: hex::encode(c.as_slice()),
                    a: spell(a),
                    b: spell(b),
                });
                changed = true;
            }
            if changed {
                write_deployment(&target.deployment, &d)?;
            }
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
