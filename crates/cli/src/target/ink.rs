//! The ink! family: its clients, how its handles are recorded, its devnet (a pallet-contracts
//! sandbox, saved with its state trie) and its endpoint: a Substrate node with pallet-contracts,
//! reached over its WebSocket JSON-RPC the way cargo-contract reaches it (`--url
//! ws://127.0.0.1:9944`, a secret URI as the signer: `--suri //Alice` on a development chain, or
//! `--key` with a file holding the secret phrase or seed, as `subkey` prints it; `--scheme`
//! sr25519 or ecdsa).
//!
//! `deploy` instantiates the escrow, payout and channel contracts from their wasm
//! (`--artifacts`, default `artifacts/ink`), paying in a PSP22 token (`--payment-token`, or
//! `native` for the chain's own balance, or by default a new reference PSP22 token with the
//! signer holding its supply), stores the registry and token code for `token issue`, and writes
//! the deployment file with the chain's SS58 format.

use serde_json::{json, Value};
use tokenrail_sdk::ink::{
    AccountId32, BadKey, InkChannel, InkDeployment, InkDistribution, InkEscrow, InkKey, InkParty,
    InkPayout, InkSuite, InkToken, Payment, Scheme, SubstrateRpc,
};
use tokenrail_sdk::{ClientError, TokenError, TokenTerms};

use super::{no_dry_run, Request, Target};
use crate::chain::address::ChainAddress;
use crate::chain::family::{Dn, Family};
use crate::chain::ops::Op;
use crate::chain::record::{recorded_u64, refuse_recorded, DeploymentFile};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::session::{OpError, Session};

/// The ink! family.
pub struct Ink;

impl Family for Ink {
    const CHAIN: ChainArg = ChainArg::Ink;
    type Address = AccountId32;
    type Signer = AccountId32;
    type Party = InkParty;
    type Token = InkToken;
    type Escrow = InkEscrow;
    type Payout = InkPayout;
    type Channel = InkChannel;

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

    fn distribution_record(d: &InkDistribution) -> (Value, Vec<(AccountId32, u128)>) {
        (json!(d.id), d.claims.clone())
    }

    fn distribution_from(
        payout: &mut InkPayout,
        handle: &Value,
        claims: Vec<(AccountId32, u128)>,
    ) -> Result<InkDistribution, String> {
        payout
            .distribution(recorded_u64(handle, "distribution id")?, claims)
            .map_err(|e| e.to_string())
    }

    /// A channel is its id, hex.
    fn channel_record(channel: &[u8; 32]) -> String {
        hex::encode(channel)
    }

    fn channel_from(id: &str, _: &AccountId32, _: &AccountId32) -> Result<[u8; 32], String> {
        hex::decode(id)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| format!("channel id `{id}` is not 32 hex bytes"))
    }
}

/// The signer: `--key` (a file holding a secret URI) or `--suri`, in `--scheme`.
fn signer(target: &Target) -> Result<InkKey, Failure> {
    let scheme: Scheme = target
        .scheme
        .as_deref()
        .unwrap_or("sr25519")
        .parse()
        .map_err(|e: BadKey| BadInput(format!("--scheme: {e}")))?;
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
pub fn run(out: &Output, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
    if !(url.starts_with("ws://") || url.starts_with("wss://")) {
        return Err(BadInput(format!(
            "--url `{url}` is not a WebSocket URL (a Substrate node's RPC is ws://…:9944 or \
             wss://…)"
        ))
        .into());
    }
    let key = signer(target)?;
    let pb = crate::progress::spinner(out);
    pb.set_message(format!("talking to {url}"));
    let node = SubstrateRpc::connect(url, vec![key.clone()]).map_err(|e| anyhow::anyhow!(e))?;
    // Spelled as Substrate's RPC and the ledger spell it.
    let genesis_hash = format!("0x{}", hex::encode(node.genesis_hash()));
    let ss58_prefix = node.ss58_format().map_err(|e| anyhow::anyhow!(e))?;
    drop(node);
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = payment(target.payment_token.as_deref(), &ss58_prefix.to_string())?;
        if dry_run {
            return Err(no_dry_run("a Substrate chain", ChainArg::Ink));
        }
        let artifacts = target.artifacts_or("artifacts/ink");
        let contracts = InkDeployment::deploy_to(url, &key, &artifacts, payment)
            .map_err(|e| anyhow::anyhow!(e))?;
        let d = DeploymentFile::new(
            ChainArg::Ink,
            genesis_hash,
            Some(ss58_prefix.to_string()),
            contracts,
        );
        d.write(&target.deployment)?;
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "genesis_hash": d.network,
            "contracts": d.contracts,
        }));
    }
    if matches!(request, Request::Change(_, true)) {
        return Err(no_dry_run("a Substrate chain", ChainArg::Ink));
    }
    let _lock = super::lock_deployment(target, &request)?;
    let mut d: DeploymentFile<InkDeployment> =
        DeploymentFile::read(&target.deployment, ChainArg::Ink)?;
    d.check_network(&target.deployment, &genesis_hash, url)?;
    let dn = InkSuite::connect_rpc(url, &key, &d.contracts).map_err(|e| anyhow::anyhow!(e))?;
    let mut s = Session::<Ink>::new(dn);
    s.endpoint = true;
    s.address_prefix = d.address_prefix.clone();
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
