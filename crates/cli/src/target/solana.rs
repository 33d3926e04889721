//! The Solana family: its clients, how its handles are recorded, its devnet (a program-test
//! bank, saved account by account) and its endpoint: a cluster reached over JSON-RPC the way the
//! Solana CLI reaches it (`--url` with its monikers, a keypair file, by default
//! `~/.config/solana/id.json`).
//!
//! The Tokenrail programs must be deployed at their declared addresses (`anchor deploy`);
//! `deploy` checks that and settles the payment mint, and writes the deployment file.

use serde_json::{json, Value};
use tokenrail_sdk::solana::deploy::PROGRAMS;
use tokenrail_sdk::solana::{
    Keypair, Pubkey, RpcLedger, SolanaChannel, SolanaChannelRef, SolanaDeployment,
    SolanaDistribution, SolanaEscrow, SolanaEscrowRef, SolanaPayout, SolanaSuite, SolanaToken,
};
use tokenrail_sdk::{ClientError, TokenError, TokenTerms};

use super::{no_dry_run, Request, Target};
use crate::chain::address::ChainAddress;
use crate::chain::family::{Dn, Family};
use crate::chain::ops::Op;
use crate::chain::record::{refuse_recorded, DeploymentFile};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::session::{OpError, Session};

/// The Solana family.
pub struct Solana;

fn key(text: &str, what: &str) -> Result<Pubkey, String> {
    <Pubkey as ChainAddress>::parse(text).map_err(|e| format!("{what} `{text}`: {e}"))
}

impl Family for Solana {
    const CHAIN: ChainArg = ChainArg::Solana;
    type Address = Pubkey;
    type Signer = Keypair;
    type Party = Keypair;
    type Token = SolanaToken;
    type Escrow = SolanaEscrow;
    type Payout = SolanaPayout;
    type Channel = SolanaChannel;

    fn issue(
        dn: &mut Dn<Self>,
        terms: &TokenTerms,
        issuer: &str,
    ) -> Result<(), ClientError<TokenError>> {
        dn.issue(terms, issuer)
    }

    /// An escrow is its account.
    fn escrow_record(escrow: &SolanaEscrowRef) -> Value {
        json!(escrow.escrow.to_string())
    }

    fn escrow_from(record: &Value) -> Result<SolanaEscrowRef, String> {
        let text = record.as_str().ok_or("an escrow account is a string")?;
        Ok(SolanaEscrowRef::at(key(text, "escrow")?))
    }

    /// A distribution is its account.
    fn distribution_record(d: &SolanaDistribution) -> (Value, Vec<(Pubkey, u128)>) {
        let claims = d.claims.iter().map(|(a, m)| (*a, u128::from(*m))).collect();
        (json!(d.distribution.to_string()), claims)
    }

    fn distribution_from(
        payout: &mut SolanaPayout,
        handle: &Value,
        claims: Vec<(Pubkey, u128)>,
    ) -> Result<SolanaDistribution, String> {
        let text = handle
            .as_str()
            .ok_or("a distribution account is a string")?;
        let claims = claims
            .into_iter()
            .map(|(a, m)| {
                u64::try_from(m)
                    .map(|m| (a, m))
                    .map_err(|_| "a claim beyond u64".to_string())
            })
            .collect::<Result<_, _>>()?;
        payout
            .distribution(key(text, "distribution")?, claims)
            .map_err(|e| e.to_string())
    }

    /// A channel is its account.
    fn channel_record(channel: &SolanaChannelRef) -> String {
        channel.channel.to_string()
    }

    fn channel_from(id: &str, a: &Pubkey, b: &Pubkey) -> Result<SolanaChannelRef, String> {
        Ok(SolanaChannelRef {
            channel: key(id, "channel")?,
            a: *a,
            b: *b,
        })
    }
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

/// Runs `request` on the cluster at `url`.
pub fn run(out: &Output, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
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
    let pb = crate::progress::spinner(out);
    pb.set_message(format!("talking to {url}"));
    let mut rpc =
        RpcLedger::connect(url, payer.insecure_clone()).map_err(|e| anyhow::anyhow!(e))?;
    let genesis_hash = rpc.genesis_hash().map_err(|e| anyhow::anyhow!(e))?;
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = target
            .payment_token
            .as_deref()
            .map(|t| key(t, "--payment-token").map_err(BadInput))
            .transpose()?;
        if dry_run {
            return Err(no_dry_run("a Solana cluster", ChainArg::Solana));
        }
        let contracts =
            SolanaDeployment::deploy_to(url, &payer, payment).map_err(|e| anyhow::anyhow!(e))?;
        let d = DeploymentFile::new(ChainArg::Solana, genesis_hash, None, contracts);
        d.write(&target.deployment)?;
        pb.finish_and_clear();
        let programs: serde_json::Map<String, Value> = PROGRAMS
            .iter()
            .map(|(name, id)| (name.to_string(), json!(id.to_string())))
            .collect();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "genesis_hash": d.network,
            "programs": programs,
            "contracts": d.contracts,
        }));
    }
    if matches!(request, Request::Change(_, true)) {
        return Err(no_dry_run("a Solana cluster", ChainArg::Solana));
    }
    let _lock = super::lock_deployment(target, &request)?;
    let mut d: DeploymentFile<SolanaDeployment> =
        DeploymentFile::read(&target.deployment, ChainArg::Solana)?;
    d.check_network(&target.deployment, &genesis_hash, url)?;
    let dn = SolanaSuite::connect_rpc(url, &payer, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = Session::<Solana>::new(dn);
    s.endpoint = true;
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
