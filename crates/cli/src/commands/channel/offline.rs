//! `channel sign` and `channel verify` with key files: no chain is reached.

use anyhow::anyhow;
use tokenrail_channel::Party;
use tokenrail_evm::channel::channel_id;

use super::{NewMessage, PartyArg, SignArgs, VerifyArgs};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure, EXIT_BAD_SIGNATURE};
use crate::keys::{self, SigningKey};
use crate::message::{
    evm_address, evm_asset, parse_amount, parse_id, party, planner_chain, spell, EvmChannel,
    KindArg, MessageFile, Signatures,
};
use crate::output::Output;

pub(super) fn sign(out: &Output, args: &SignArgs) -> Result<(), Failure> {
    let (mut m, path, overwrite) = match &args.message {
        Some(path) => (MessageFile::read(path)?, path.clone(), true),
        None => (
            new_message(&args.new)?,
            args.output.clone().expect("clap requires --output"),
            false,
        ),
    };
    let domain = m.domain()?;
    let message = m.message()?;
    let key_path = args
        .key
        .as_deref()
        .expect("clap requires --key without --from");
    let key = keys::load(&planner_chain(m.chain), key_path)?;
    let (signature, signer) = match (&key, m.chain) {
        (SigningKey::Ed25519(k), ChainArg::Solana) => {
            (k.sign(&domain, &message)?, Party::Ed25519(k.public()))
        }
        (SigningKey::Secp256k1(k), chain) if chain != ChainArg::Solana => (
            k.sign(&domain, &message)?,
            k.party(&domain).expect("secp256k1 chains name a party"),
        ),
        _ => return Err(BadInput("the key is not for this message's chain".into()).into()),
    };
    let party = args.party.expect("clap requires --party without --from");
    let slot = match party {
        PartyArg::A => &mut m.signatures.a,
        PartyArg::B => &mut m.signatures.b,
    };
    *slot = Some(format!("0x{}", hex::encode(&signature)));
    m.write(&path, overwrite)?;
    let signer = spell(&signer, &m);
    if out.json {
        println!(
            "{}",
            serde_json::json!({"message": path.display().to_string(), "party": format!("{:?}", args.party).to_lowercase(), "signer": signer, "kind": m.kind, "chain": m.chain})
        );
    } else if !out.quiet {
        println!(
            "signed {} as party {:?} ({signer}) in {}",
            format!("{:?}", m.kind).to_lowercase(),
            args.party,
            path.display()
        );
    }
    Ok(())
}

pub(super) fn verify(out: &Output, args: &VerifyArgs) -> Result<(), Failure> {
    let m = MessageFile::read(&args.message)?;
    let domain = m.domain()?;
    let message = m.message()?;
    let from_file = |p: PartyArg| {
        m.channel.as_ref().map(|c| match p {
            PartyArg::A => c.a.clone(),
            PartyArg::B => c.b.clone(),
        })
    };
    let mut results = serde_json::Map::new();
    let mut problems = Vec::new();
    for (p, given, sig) in [
        (PartyArg::A, &args.a, &m.signatures.a),
        (PartyArg::B, &args.b, &m.signatures.b),
    ] {
        let name = format!("{p:?}").to_lowercase();
        let flag = format!("--{name}");
        let address = given
            .clone()
            .or_else(|| from_file(p))
            .ok_or_else(|| BadInput(format!("which address is party {p:?}? pass {flag}")))?;
        let party = party(m.chain, &flag, &address)?;
        let outcome = match sig {
            None => Err("missing".to_string()),
            Some(hex_sig) => hex::decode(hex_sig.strip_prefix("0x").unwrap_or(hex_sig))
                .map_err(|_| "not hex".to_string())
                .and_then(|sig| {
                    tokenrail_channel::verify(&domain, &message, &sig, &party)
                        .map_err(|e| e.to_string())
                }),
        };
        match &outcome {
            Ok(()) => results.insert(name.clone(), serde_json::json!("valid")),
            Err(why) => {
                problems.push(format!("party {p:?} ({address}): {why}"));
                results.insert(name.clone(), serde_json::json!(why))
            }
        };
    }
    if out.json {
        let mut v =
            serde_json::json!({"valid": problems.is_empty(), "chain": m.chain, "kind": m.kind});
        v["signatures"] = results.into();
        println!("{v}");
    } else if !out.quiet && problems.is_empty() {
        println!("both signatures are valid");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure {
            code: EXIT_BAD_SIGNATURE,
            error: anyhow!("signatures do not verify: {}", problems.join("; ")),
        })
    }
}

/// A new, unsigned message from the flags.
fn new_message(f: &NewMessage) -> Result<MessageFile, BadInput> {
    let missing = |flag: &str| BadInput(format!("a new message needs {flag}"));
    let chain = f.chain.ok_or_else(|| missing("--chain"))?;
    let contract = f.contract.clone().ok_or_else(|| missing("--contract"))?;
    let (channel, channel_id) = if chain == ChainArg::Evm {
        let a = f.a.as_deref().ok_or_else(|| missing("--a"))?;
        let b = f.b.as_deref().ok_or_else(|| missing("--b"))?;
        let asset = f.asset.as_deref().ok_or_else(|| missing("--asset"))?;
        let id = channel_id(
            evm_address("--a", a)?,
            evm_address("--b", b)?,
            evm_asset(asset)?,
        );
        let channel = EvmChannel {
            a: a.into(),
            b: b.into(),
            asset: asset.into(),
        };
        (Some(channel), id.0)
    } else {
        let id = f
            .channel_id
            .as_deref()
            .ok_or_else(|| missing("--channel-id"))?;
        (None, parse_id(chain, id)?)
    };
    let nonce = match f.kind {
        KindArg::State => Some(f.nonce.ok_or_else(|| missing("--nonce"))?),
        KindArg::Close => None,
    };
    let m = MessageFile {
        chain,
        chain_id: f.chain_id.clone(),
        network: f.network.clone(),
        contract,
        kind: f.kind,
        channel,
        channel_id: format!("0x{}", hex::encode(channel_id)),
        epoch: f.epoch.ok_or_else(|| missing("--epoch"))?,
        nonce,
        sent_a: amount_flag(&f.sent_a, "--sent-a")?,
        sent_b: amount_flag(&f.sent_b, "--sent-b")?,
        signatures: Signatures::default(),
    };
    m.domain()?;
    m.message()?;
    Ok(m)
}

/// An amount flag of a new message, checked and kept as its decimal text.
fn amount_flag(value: &Option<String>, flag: &str) -> Result<String, BadInput> {
    let text = value
        .as_deref()
        .ok_or_else(|| BadInput(format!("a new message needs {flag}")))?;
    Ok(parse_amount(flag, text)?.to_string())
}
