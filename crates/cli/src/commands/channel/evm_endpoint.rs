//! Channel commands on an EVM endpoint's contract named by address (no deployment file),
//! through the SDK's channel client.

use std::path::Path;

use alloy::primitives::{Address, B256};
use anyhow::{anyhow, Context};
use tokenrail_channel::Message;
use tokenrail_evm::channel::channel_id;
use tokenrail_evm::ITokenrailChannel::{self, ChannelKey};

use tokenrail_sdk::evm::{EvmChannel as ChannelContract, EvmParty};
use tokenrail_sdk::{ChannelClient, ChannelError, ClientError, Signed};

use super::{
    ChannelKeyArgs, CloseArgs, DepositArgs, Endpoint, KeyedArgs, OpenArgs, ShowArgs, SubmitArgs,
};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::message::{evm_address, evm_asset, parse_amount, MessageFile};
use crate::output::Output;
use crate::session::OpError;
use crate::target::evm as evm_target;

/// An EVM endpoint's channel contract, named by address (no deployment file), through the
/// SDK's channel client in one asset, signed by the key file. A dry run runs on a private fork
/// of the endpoint (`anvil --fork-url`), so it reports what would happen and changes nothing.
pub(super) struct EvmEndpoint {
    client: ChannelContract,
    party: Option<EvmParty>,
    /// The fork a dry run runs on; the client talks to it while it lives.
    _fork: Option<alloy::node_bindings::AnvilInstance>,
    /// The runtime the client's futures run on.
    _rt: tokio::runtime::Runtime,
}

impl EvmEndpoint {
    /// The contract at `contract` on `rpc_url` (or a fork of it), for channels in `asset`, as
    /// the key file's account; a reader only without a key.
    fn connect(
        rpc_url: &str,
        contract: &str,
        key: Option<&Path>,
        asset: Address,
        fork: Option<Option<&Path>>,
    ) -> Result<Self, Failure> {
        let contract = evm_address("--contract", contract)?;
        let fork = match fork {
            Some(anvil) => {
                // The endpoint must answer before a fork of it can.
                evm_target::reader(rpc_url)?;
                Some(evm_target::fork_of(anvil, rpc_url)?)
            }
            None => None,
        };
        let url = fork
            .as_ref()
            .map_or_else(|| rpc_url.to_string(), |f| f.endpoint());
        let (reader, party) = match key {
            Some(key) => {
                let (signer, key, _) = evm_target::endpoint_signer(&url, key)?;
                (signer.provider.clone(), Some(EvmParty { signer, key }))
            }
            None => (evm_target::reader(&url)?, None),
        };
        let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
        let client = ChannelContract::new(rt.handle().clone(), reader, contract, asset)
            .map_err(|e| anyhow!("{rpc_url}: {}", OpError::from(e).text()))?;
        Ok(EvmEndpoint {
            client,
            party,
            _fork: fork,
            _rt: rt,
        })
    }

    fn party(&self) -> &EvmParty {
        self.party
            .as_ref()
            .expect("a changing command connects with its key")
    }

    /// The channel as the contract records it.
    fn describe(&self, key: &ChannelKey) -> Result<serde_json::Value, Failure> {
        let v = self
            .client
            .view(key)
            .map_err(|e| anyhow!("cannot read the channel: {}", OpError::from(e).text()))?;
        Ok(view_json(channel_id(key.a, key.b, key.asset), &v))
    }
}

/// What the contract said to `call`, as the CLI reports it.
pub(super) fn refused(call: &str, e: ClientError<ChannelError>) -> Failure {
    anyhow!("{call}: {}", OpError::from(e).text()).into()
}

/// Connects to `e`'s endpoint for channels in `asset`, runs `f` (which names the channel it
/// acted on), and prints that channel as the contract then records it, with the transactions.
pub(super) fn evm(
    out: &Output,
    e: &Endpoint,
    asset: Address,
    f: impl FnOnce(&mut EvmEndpoint) -> Result<ChannelKey, Failure>,
) -> Result<(), Failure> {
    let (rpc_url, contract, key) = e.evm()?;
    let fork = e.dry_run.then_some(e.devnet.anvil.as_deref());
    let mut s = EvmEndpoint::connect(rpc_url, contract, Some(key), asset, fork)?;
    let channel = f(&mut s)?;
    let mut report = s.describe(&channel)?;
    let sent = s.client.take_sent();
    report["transactions"] = sent
        .iter()
        .map(|t| serde_json::json!({"call": t.call, "tx": t.hash.to_string()}))
        .collect::<Vec<_>>()
        .into();
    report["dry_run"] = e.dry_run.into();
    if out.json {
        println!("{report}");
    } else if !out.quiet {
        for t in &sent {
            let on = if e.dry_run {
                " (on the dry run's fork)"
            } else {
                ""
            };
            println!("{}: {}{on}", t.call, t.hash);
        }
    }
    Ok(())
}

pub(super) fn channel_key(args: &ChannelKeyArgs) -> Result<ChannelKey, BadInput> {
    key_of(
        [&args.a, &args.b, &args.asset],
        "an endpoint's channel needs",
    )
}

/// The channel of parties `--a`, `--b` and `--asset` (`who` starts the message naming a missing
/// one).
fn key_of([a, b, asset]: [&Option<String>; 3], who: &str) -> Result<ChannelKey, BadInput> {
    let need =
        |v: &Option<String>, flag: &str| v.clone().ok_or_else(|| BadInput(format!("{who} {flag}")));
    Ok(ChannelKey {
        a: evm_address("--a", &need(a, "--a")?)?,
        b: evm_address("--b", &need(b, "--b")?)?,
        asset: evm_asset(&need(asset, "--asset")?)?,
    })
}

pub(super) fn view_json(id: B256, v: &ITokenrailChannel::ChannelView) -> serde_json::Value {
    let status = ["none", "open", "closing", "settled"]
        .get(usize::from(v.status))
        .copied()
        .unwrap_or("unknown");
    serde_json::json!({
        "channel_id": id.to_string(),
        "status": status,
        "epoch": v.epoch,
        "period": v.period,
        "deadline": v.deadline,
        "nonce": v.nonce,
        "deposit_a": v.depositA.to_string(),
        "deposit_b": v.depositB.to_string(),
        "sent_a": v.sentA.to_string(),
        "sent_b": v.sentB.to_string(),
    })
}

pub(super) fn open(out: &Output, args: &OpenArgs) -> Result<(), Failure> {
    let b = evm_address("--counterparty", &args.counterparty)?;
    let asset = evm_asset(
        args.asset
            .as_deref()
            .ok_or_else(|| BadInput("an endpoint's open needs --asset".into()))?,
    )?;
    let amount = parse_amount("--amount", &args.amount)?;
    evm(out, &args.endpoint, asset, |s| {
        let party = s.party().clone();
        s.client
            .open(&party, &b, amount, args.period.into())
            .map_err(|e| refused("open", e))
    })
}

pub(super) fn deposit(out: &Output, args: &DepositArgs) -> Result<(), Failure> {
    let key = channel_key(&args.channel)?;
    let amount = parse_amount("--amount", &args.amount)?;
    evm(out, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .deposit(&party, &key, amount)
            .map_err(|e| refused("deposit", e))?;
        Ok(key)
    })
}

/// A message file for `contract`, with both signatures, ready to submit.
pub(super) fn evm_signed(contract: &str, path: &Path) -> Result<(ChannelKey, Signed), Failure> {
    let m = MessageFile::read(path)?;
    let ours = evm_address("--contract", contract)?;
    if m.chain != ChainArg::Evm || evm_address("contract", &m.contract)? != ours {
        return Err(BadInput(format!(
            "{} is not a message for the channel contract {ours}",
            path.display()
        ))
        .into());
    }
    let signature = |p: &str, v: &Option<String>| {
        let text = v
            .as_ref()
            .ok_or_else(|| BadInput(format!("the message lacks party {p}'s signature")))?;
        hex::decode(text.strip_prefix("0x").unwrap_or(text))
            .map_err(|_| BadInput(format!("party {p}'s signature is not hex")))
    };
    let signed = Signed {
        message: m.message()?,
        sig_a: signature("A", &m.signatures.a)?,
        sig_b: signature("B", &m.signatures.b)?,
    };
    Ok((m.evm_key()?, signed))
}

pub(super) fn close(out: &Output, args: &CloseArgs) -> Result<(), Failure> {
    if args.without_state {
        let key = key_of(
            [&args.a, &args.b, &args.asset],
            "--without-state on an endpoint needs",
        )?;
        return evm(out, &args.endpoint, key.asset, |s| {
            let party = s.party().clone();
            s.client
                .close_without_state(&party, &key)
                .map_err(|e| refused("closeWithoutState", e))?;
            Ok(key)
        });
    }
    let path = args.message.as_deref().expect("clap requires --message");
    let (_, contract, _) = args.endpoint.evm()?;
    let (key, signed) = evm_signed(contract, path)?;
    evm(out, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        match signed.message {
            Message::Close(_) => s
                .client
                .close_cooperative(&party, &key, &signed)
                .map_err(|e| refused("closeCooperative", e))?,
            Message::State(_) => s
                .client
                .close_unilateral(&party, &key, &signed)
                .map_err(|e| refused("closeUnilateral", e))?,
        }
        Ok(key)
    })
}

pub(super) fn challenge(out: &Output, args: &SubmitArgs) -> Result<(), Failure> {
    let (_, contract, _) = args.endpoint.evm()?;
    let (key, signed) = evm_signed(contract, &args.message)?;
    if !matches!(signed.message, Message::State(_)) {
        return Err(BadInput("the message is a Close, not a State".into()).into());
    }
    evm(out, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .challenge(&party, &key, &signed)
            .map_err(|e| refused("challenge", e))?;
        Ok(key)
    })
}

pub(super) fn settle(out: &Output, args: &KeyedArgs) -> Result<(), Failure> {
    let key = channel_key(&args.channel)?;
    evm(out, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .settle(&party, &key)
            .map_err(|e| refused("settle", e))?;
        Ok(key)
    })
}

pub(super) fn show(out: &Output, args: &ShowArgs) -> Result<(), Failure> {
    let missing = |flag: &str| BadInput(format!("an EVM endpoint needs {flag}"));
    let rpc_url = args
        .rpc_url
        .as_deref()
        .ok_or_else(|| missing("--rpc-url"))?;
    let contract = args
        .contract
        .as_deref()
        .ok_or_else(|| missing("--contract"))?;
    let key = channel_key(&args.channel)?;
    let s = EvmEndpoint::connect(rpc_url, contract, None, key.asset, None)?;
    let v = s.describe(&key)?;
    if out.json {
        println!("{v}");
    } else if !out.quiet {
        for (k, val) in v.as_object().expect("object") {
            println!(
                "  {k:<10} {}",
                val.as_str().map_or(val.to_string(), str::to_owned)
            );
        }
    }
    Ok(())
}
