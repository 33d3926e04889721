//! The ink! endpoint target: a Substrate node with pallet-contracts, reached over its
//! WebSocket JSON-RPC the way cargo-contract reaches it (`--url ws://127.0.0.1:9944`, a secret
//! URI as the signer: `--suri //Alice` on a development chain, or `--key` with a file holding
//! the secret phrase or seed, as `subkey` prints it; `--scheme` sr25519 or ecdsa).
//!
//! `deploy` instantiates the escrow, payout and channel contracts from their wasm
//! (`--artifacts`, default `artifacts/ink`), paying in a PSP22 token (`--payment-token`, or
//! `native` for the chain's own balance, or by default a new reference PSP22 token with the
//! signer holding its supply), stores the registry and token code for `token issue`, and
//! writes the deployment file. The chain is the state; the file records the contracts, the
//! genesis hash and what this CLI created there (escrows and channels in its numbering, each
//! distribution's claims).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_sdk::ink::{AccountId32, InkKey, Scheme, SubstrateRpc};
use tokenrail_sdk::ink::{InkDeployment as InkAddresses, InkSuite as InkDevnet, Payment};

use super::{
    no_dry_run, read_deployment, refuse_other_chain, refuse_recorded, session, write_deployment,
    ChainAddress, Op, OpError, Request, Target,
};
use crate::{BadInput, ChainArg, Cli, Failure};

/// The format tag of an ink! deployment file.
const FORMAT: &str = "tokenrail-ink-deployment-v1";

/// A Tokenrail deployment on a Substrate chain.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deployment {
    format: String,
    /// Tells one chain from another (hex).
    genesis_hash: String,
    /// The SS58 format the chain spells accounts in (`system_properties`), which addresses
    /// given to later commands are read in; the contracts below are in the generic format 42.
    ss58_prefix: u16,
    contracts: InkAddresses,
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

/// The signer: `--key` (a file holding a secret URI) or `--suri`, in `--scheme`.
fn signer(target: &Target) -> Result<InkKey, Failure> {
    let scheme: Scheme = target
        .scheme
        .as_deref()
        .unwrap_or("sr25519")
        .parse()
        .map_err(|e: String| BadInput(format!("--scheme: {e}")))?;
    match (&target.key, &target.suri) {
        (Some(_), Some(_)) => {
            Err(BadInput("give the signer by --key or by --suri, not both".into()).into())
        }
        (Some(path), None) => Ok(crate::keys::ink_key(path, scheme)?),
        (None, Some(suri)) => {
            InkKey::from_suri(suri, scheme).map_err(|e| BadInput(format!("--suri: {e}")).into())
        }
        (None, None) => Err(BadInput(
            "an ink! endpoint needs the signer: --suri (`//Alice` on a development chain) or \
             --key with a file holding the secret phrase or seed"
                .into(),
        )
        .into()),
    }
}

fn payment(text: Option<&str>, ss58: &str) -> Result<Payment, BadInput> {
    match text {
        None => Ok(Payment::NewPsp22),
        Some("native") => Ok(Payment::Native),
        Some(token) => <AccountId32 as ChainAddress>::parse_with(token, Some(ss58))
            .map(Payment::Psp22)
            .map_err(|e| {
                BadInput(format!(
                    "--payment-token `{token}`: {e} (give a PSP22 contract's SS58 address, or \
                     `native`)"
                ))
            }),
    }
}

/// Runs `request` on the node at `url`.
pub(super) fn run(
    cli: &Cli,
    target: &Target,
    url: &str,
    request: Request,
) -> Result<Value, Failure> {
    if !(url.starts_with("ws://") || url.starts_with("wss://")) {
        return Err(BadInput(format!(
            "--url `{url}` is not a WebSocket URL (a Substrate node's RPC is ws://…:9944 or \
             wss://…)"
        ))
        .into());
    }
    let key = signer(target)?;
    let pb = crate::spinner(cli);
    pb.set_message(format!("talking to {url}"));
    let node = SubstrateRpc::connect(url, vec![key.clone()]).map_err(|e| anyhow::anyhow!(e))?;
    let genesis_hash = hex::encode(node.genesis_hash());
    let ss58_prefix = node.ss58_format().map_err(|e| anyhow::anyhow!(e))?;
    drop(node);
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = payment(target.payment_token.as_deref(), &ss58_prefix.to_string())?;
        if dry_run {
            return Err(no_dry_run("a Substrate chain", ChainArg::Ink));
        }
        let artifacts = target.artifacts_or("artifacts/ink");
        let contracts = InkAddresses::deploy_to(url, &key, &artifacts, payment)
            .map_err(|e| anyhow::anyhow!(e))?;
        let d = Deployment {
            format: FORMAT.into(),
            genesis_hash,
            ss58_prefix,
            contracts,
            escrows: vec![],
            distributions: vec![],
            channels: vec![],
        };
        write_deployment(&target.deployment, &d)?;
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "genesis_hash": d.genesis_hash,
            "contracts": d.contracts,
        }));
    }
    let mut d: Deployment = read_deployment(&target.deployment, FORMAT)?;
    refuse_other_chain(&target.deployment, &d.genesis_hash, &genesis_hash, url)?;
    let dn = InkDevnet::connect_rpc(url, &key, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = session(ChainArg::Ink, dn, InkDevnet::issue);
    s.endpoint = true;
    let ss58 = d.ss58_prefix.to_string();
    s.address_prefix = Some(ss58.clone());
    let parse = |text: &str| {
        <AccountId32 as ChainAddress>::parse_with(text, Some(&ss58))
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
        let id: [u8; 32] = hex::decode(&c.id)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| corrupt(target, format!("channel id `{}` is not 32 hex bytes", c.id)))?;
        let (a, b) = (parse(&c.a)?, parse(&c.b)?);
        s.channels.push(id);
        s.channel_parties.push((s.show(&a), s.show(&b)));
    }
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, dry_run) => {
            if dry_run {
                return Err(no_dry_run("a Substrate chain", ChainArg::Ink));
            }
            let (v, [escrows, distributions, channels]) = s.apply_on_endpoint(&mut op)?;
            let mut changed = false;
            if let (Op::Issue { .. }, Some(t)) = (&op, s.dn.token.as_ref()) {
                d.contracts.token = Some((t.token.clone(), t.registry.clone()));
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
                        .map(|(a, m)| (a.show_with(Some(&ss58)), Amount(*m)))
                        .collect(),
                });
                changed = true;
            }
            for (c, (a, b)) in s.channels[channels..]
                .iter()
                .zip(&s.channel_parties[channels..])
            {
                let spell = |shown: &str| {
                    s.dn.signers.get(shown).map_or_else(
                        || shown.to_string(),
                        |account| account.show_with(Some(&ss58)),
                    )
                };
                d.channels.push(RecordedChannel {
                    id: hex::encode(c),
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
