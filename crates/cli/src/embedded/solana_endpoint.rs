//! The Solana endpoint target: a cluster reached over JSON-RPC the way the Solana CLI reaches
//! it (`--url` with its monikers, a keypair file, by default `~/.config/solana/id.json`).
//!
//! The Tokenrail programs must be deployed at their declared addresses (`anchor deploy`);
//! `deploy` checks that and settles the payment mint, and writes the deployment file. The
//! cluster is the state; the file records the mints and what this CLI created there (escrows
//! in its numbering, and each distribution's claims, from which later runs prove claims).

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_sdk::solana::deploy::PROGRAMS;
use tokenrail_sdk::solana::{Pubkey, RpcLedger, SolanaChannelRef, SolanaEscrowRef};
use tokenrail_sdk::solana::{SolanaDeployment as SolanaAddresses, SolanaSuite as SolanaDevnet};

use super::{
    no_dry_run, read_deployment, refuse_recorded, session, write_deployment, ChainAddress, Op,
    OpError, Request, Target,
};
use crate::{BadInput, ChainArg, Cli, Failure};

/// The format tag of a Solana deployment file.
const FORMAT: &str = "tokenrail-solana-deployment-v1";

/// A Tokenrail deployment on a Solana cluster.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deployment {
    format: String,
    /// Tells one cluster from another.
    genesis_hash: String,
    contracts: SolanaAddresses,
    /// The escrow accounts created through the CLI, numbered from 1 in this order.
    #[serde(default)]
    escrows: Vec<String>,
    /// The distributions created through the CLI, numbered from 1 in this order.
    #[serde(default)]
    distributions: Vec<RecordedDistribution>,
    /// The channels opened through the CLI, numbered from 1 in this order.
    #[serde(default)]
    channels: Vec<RecordedChannel>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedChannel {
    /// The channel account.
    account: String,
    /// Party A (the opener).
    a: String,
    /// Party B.
    b: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedDistribution {
    /// The distribution account.
    account: String,
    /// `(owner, amount)` per leaf, in order.
    claims: Vec<(String, Amount)>,
}

/// The cluster URL behind one of the Solana CLI's monikers (or its initial), else `text`.
pub fn cluster_url(text: &str) -> &str {
    match text {
        "m" | "mainnet-beta" => "https://api.mainnet-beta.solana.com",
        "d" | "devnet" => "https://api.devnet.solana.com",
        "t" | "testnet" => "https://api.testnet.solana.com",
        "l" | "localhost" => "http://localhost:8899",
        other => other,
    }
}

fn address(text: &str, what: &str) -> Result<Pubkey, BadInput> {
    <Pubkey as ChainAddress>::parse(text).map_err(|e| BadInput(format!("{what} `{text}`: {e}")))
}

/// A deployment file entry that no longer parses: the file was edited by hand.
fn corrupt(target: &Target, e: BadInput) -> Failure {
    BadInput(format!("{}: {}", target.deployment.display(), e.0)).into()
}

/// Runs `request` on the cluster at `url`.
pub(super) fn run(
    cli: &Cli,
    target: &Target,
    url: &str,
    request: Request,
) -> Result<Value, Failure> {
    let url = cluster_url(url);
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(BadInput(format!(
            "--rpc-url `{url}` is neither an http(s) URL nor one of the Solana CLI's monikers \
             (mainnet-beta, devnet, testnet, localhost)"
        ))
        .into());
    }
    let key_path = target
        .key
        .clone()
        .or_else(crate::keys::default_solana_keypair)
        .ok_or_else(|| BadInput("a Solana endpoint needs the signer's --keypair file".into()))?;
    let payer = crate::keys::solana_keypair(&key_path)?;
    let pb = crate::spinner(cli);
    pb.set_message(format!("talking to {url}"));
    let mut rpc =
        RpcLedger::connect(url, payer.insecure_clone()).map_err(|e| anyhow::anyhow!(e))?;
    let genesis_hash = rpc.genesis_hash().map_err(|e| anyhow::anyhow!(e))?;
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = target
            .payment_token
            .as_deref()
            .map(|t| address(t, "--payment-token"))
            .transpose()?;
        if dry_run {
            return Err(no_dry_run("a Solana cluster", ChainArg::Solana));
        }
        let contracts =
            SolanaAddresses::deploy_to(url, &payer, payment).map_err(|e| anyhow::anyhow!(e))?;
        let d = Deployment {
            format: FORMAT.into(),
            genesis_hash,
            contracts,
            escrows: vec![],
            distributions: vec![],
            channels: vec![],
        };
        write_deployment(&target.deployment, &d)?;
        pb.finish_and_clear();
        let programs: serde_json::Map<String, Value> = PROGRAMS
            .iter()
            .map(|(name, id)| (name.to_string(), json!(id.to_string())))
            .collect();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "genesis_hash": d.genesis_hash,
            "programs": programs,
            "contracts": d.contracts,
        }));
    }
    let mut d: Deployment = read_deployment(&target.deployment, FORMAT)?;
    if d.genesis_hash != genesis_hash {
        return Err(BadInput(format!(
            "{} is a deployment on the cluster with genesis hash {}, but {url} has {genesis_hash}",
            target.deployment.display(),
            d.genesis_hash
        ))
        .into());
    }
    let dn =
        SolanaDevnet::connect_rpc(url, &payer, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = session(ChainArg::Solana, dn, SolanaDevnet::issue);
    s.endpoint = true;
    for e in &d.escrows {
        let at = address(e, "escrow").map_err(|e| corrupt(target, e))?;
        s.escrows.push(SolanaEscrowRef::at(at));
    }
    for r in &d.distributions {
        let account = address(&r.account, "distribution").map_err(|e| corrupt(target, e))?;
        let mut claims = vec![];
        for (owner, amount) in &r.claims {
            let owner = address(owner, "claimant").map_err(|e| corrupt(target, e))?;
            let amount = u64::try_from(amount.0)
                .map_err(|_| corrupt(target, BadInput("a claim beyond u64".into())))?;
            claims.push((owner, amount));
        }
        let h =
            s.dn.payout
                .distribution(account, claims)
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        s.distributions.push(h);
    }
    for c in &d.channels {
        let at = |text: &str, what: &str| address(text, what).map_err(|e| corrupt(target, e));
        let (a, b) = (at(&c.a, "party")?, at(&c.b, "party")?);
        s.channels.push(SolanaChannelRef {
            channel: at(&c.account, "channel")?,
            a,
            b,
        });
        s.channel_parties.push((s.show(&a), s.show(&b)));
    }
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, dry_run) => {
            if dry_run {
                return Err(no_dry_run("a Solana cluster", ChainArg::Solana));
            }
            let (v, [escrows, distributions, channels]) = s.apply_on_endpoint(&mut op)?;
            let mut changed = false;
            if let (Op::Issue { .. }, Some(t)) = (&op, s.dn.token.as_ref()) {
                d.contracts.token = Some(t.mint);
                changed = true;
            }
            for e in &s.escrows[escrows..] {
                d.escrows.push(e.escrow.to_string());
                changed = true;
            }
            for h in &s.distributions[distributions..] {
                d.distributions.push(RecordedDistribution {
                    account: h.distribution.to_string(),
                    claims: h
                        .claims
                        .iter()
                        .map(|(a, m)| (a.to_string(), Amount(u128::from(*m))))
                        .collect(),
                });
                changed = true;
            }
            for c in &s.channels[channels..] {
                d.channels.push(RecordedChannel {
                    account: c.channel.to_string(),
                    a: c.a.to_string(),
                    b: c.b.to_string(),
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
