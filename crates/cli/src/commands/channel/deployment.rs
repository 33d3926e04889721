//! Channel commands on a devnet or a recorded deployment (`--chain`): requests of the session,
//! the same on every chain family.

use std::path::PathBuf;

use super::{change, print, read};
use super::{channel_scheme, deployment_channels, ChannelCommand, Endpoint, SignArgs};
use crate::chain::ops::{Op, Query};
use crate::error::{BadInput, Failure};
use crate::message::{parse_amount, KindArg, MessageFile};
use crate::output::Output;
use crate::target::{Change, Request, Target};
use tokenrail_core::Amount;
use tokenrail_sdk::channel::Kind;

/// The devnet half: a command with `--chain` (and, for `sign`, `--from`) runs on the chain's
/// embedded devnet; `None` for an endpoint command.
pub(super) fn on_devnet(out: &Output, cmd: &ChannelCommand) -> Option<Result<(), Failure>> {
    use self::{channel as devnet, ChannelRequest as R};
    let number = |n: Option<usize>| {
        n.ok_or_else(|| BadInput("on a devnet, name the channel with --channel".into()))
    };
    let go = |e: &Endpoint, req: Result<R, BadInput>| -> Option<Result<(), Failure>> {
        let change = e
            .devnet
            .change(e.dry_run, e.rpc_url.as_ref(), e.key.as_ref())?;
        Some(change.map_err(Failure::from).and_then(|change| {
            req.map_err(Failure::from)
                .and_then(|req| devnet(out, &change, e.devnet.from.as_deref(), req))
        }))
    };
    match cmd {
        ChannelCommand::Sign(a) => {
            let from = a.from.as_deref()?;
            let chain = a.new.chain?;
            if let Err(e) = deployment_channels(chain, a.rpc_url.as_ref()) {
                return Some(Err(e.into()));
            }
            if a.rpc_url.is_none() && a.key.is_some() {
                return Some(Err(BadInput(
                    "--key with --from needs --rpc-url (on a devnet, --from names the signer)"
                        .into(),
                )
                .into()));
            }
            let target = crate::target::Target {
                chain,
                state_dir: a.state_dir.clone(),
                anvil: a.anvil.clone(),
                rpc_url: a.rpc_url.clone(),
                key: a.key.clone(),
                deployment: a.deployment.clone(),
                payment_token: None,
                bech32_prefix: None,
                // Channel commands take the gas price from the environment only.
                gas_price: std::env::var("TOKENRAIL_GAS_PRICE").ok(),
                suri: std::env::var("TOKENRAIL_SURI").ok(),
                scheme: channel_scheme(chain),
                artifacts: None,
            };
            Some(devnet_sign(out, a, &target, from))
        }
        ChannelCommand::Verify(_) => None,
        ChannelCommand::Open(a) => go(
            &a.endpoint,
            parse_amount("--amount", &a.amount).map(|amount| R::Open {
                counterparty: a.counterparty.clone(),
                amount: tokenrail_core::Amount(amount),
                period: a.period.into(),
            }),
        ),
        ChannelCommand::Deposit(a) => go(
            &a.endpoint,
            parse_amount("--amount", &a.amount).and_then(|amount| {
                Ok(R::Deposit {
                    channel: number(a.channel.channel)?,
                    amount: tokenrail_core::Amount(amount),
                })
            }),
        ),
        ChannelCommand::Close(a) => go(
            &a.endpoint,
            number(a.channel).map(|channel| R::Close {
                channel,
                message: a.message.clone(),
            }),
        ),
        ChannelCommand::Challenge(a) => go(
            &a.endpoint,
            number(a.channel).map(|channel| R::Challenge {
                channel,
                message: a.message.clone(),
            }),
        ),
        ChannelCommand::Settle(a) => go(
            &a.endpoint,
            number(a.channel.channel).map(|channel| R::Settle { channel }),
        ),
        ChannelCommand::Show(a) => {
            let change = a.devnet.change(false, a.rpc_url.as_ref(), a.key.as_ref())?;
            Some(change.map_err(Failure::from).and_then(|change| {
                number(a.channel.channel)
                    .map_err(Failure::from)
                    .and_then(|channel| devnet(out, &change, None, R::Show { channel }))
            }))
        }
    }
}

/// `channel sign --from` on a devnet.
pub(super) fn devnet_sign(
    out: &Output,
    a: &SignArgs,
    target: &crate::target::Target,
    from: &str,
) -> Result<(), Failure> {
    let channel = a.channel.expect("clap requires --channel with --from");
    let (output, existing) = match (&a.message, &a.output) {
        (Some(m), _) => (m.clone(), Some(m)),
        (None, Some(o)) => (o.clone(), None),
        (None, None) => unreachable!("clap requires --output without --message"),
    };
    let kind = match a.new.kind {
        KindArg::State => tokenrail_sdk::channel::Kind::State,
        KindArg::Close => tokenrail_sdk::channel::Kind::Close,
    };
    let fields = if existing.is_some() {
        (0, 0, 0)
    } else {
        let need = |v: &Option<String>, flag: &str| {
            v.as_deref()
                .ok_or_else(|| BadInput(format!("a new message needs {flag}")))
                .and_then(|t| parse_amount(flag, t))
        };
        let nonce = match kind {
            tokenrail_sdk::channel::Kind::State => a
                .new
                .nonce
                .ok_or_else(|| BadInput("a new State needs --nonce".into()))?,
            tokenrail_sdk::channel::Kind::Close => 0,
        };
        (
            nonce,
            need(&a.new.sent_a, "--sent-a")?,
            need(&a.new.sent_b, "--sent-b")?,
        )
    };
    if existing.is_none() && output.exists() {
        return Err(BadInput(format!(
            "{} exists; add a signature to it with --message",
            output.display()
        ))
        .into());
    }
    channel_sign(out, target, from, channel, kind, fields, existing, &output)
}

/// What `channel` subcommands pass for their devnet half.
pub enum ChannelRequest {
    Open {
        counterparty: String,
        amount: Amount,
        period: u64,
    },
    Deposit {
        channel: usize,
        amount: Amount,
    },
    Close {
        channel: usize,
        message: Option<PathBuf>,
    },
    Challenge {
        channel: usize,
        message: PathBuf,
    },
    Settle {
        channel: usize,
    },
    Show {
        channel: usize,
    },
}

/// The devnet half of `tokenrail channel`, also a Solana cluster's deployment (the other half
/// drives an EVM endpoint's channel contract).
pub fn channel(
    out: &Output,
    c: &Change,
    from: Option<&str>,
    req: ChannelRequest,
) -> Result<(), Failure> {
    // On an endpoint the key file signs whatever `--from` says.
    let endpoint = c.target.rpc_url.is_some();
    let by = || {
        from.map(str::to_owned)
            .or_else(|| endpoint.then(|| "key".to_string()))
            .ok_or_else(|| BadInput("on a devnet, name the signer with --from".into()))
    };
    let file = |p: &PathBuf| MessageFile::read(p).map(Box::new);
    let op = match req {
        ChannelRequest::Show { channel } => {
            return read(out, &c.target, Query::Channel { channel });
        }
        ChannelRequest::Open {
            counterparty,
            amount,
            period,
        } => Op::ChannelOpen {
            by: by()?,
            counterparty,
            amount,
            period,
        },
        ChannelRequest::Deposit { channel, amount } => Op::ChannelDeposit {
            by: by()?,
            channel,
            amount,
        },
        ChannelRequest::Close {
            channel,
            message: Some(path),
        } => Op::ChannelClose {
            by: by()?,
            channel,
            message: file(&path)?,
        },
        ChannelRequest::Close {
            channel,
            message: None,
        } => Op::ChannelCloseWithoutState { by: by()?, channel },
        ChannelRequest::Challenge { channel, message } => Op::ChannelChallenge {
            by: by()?,
            channel,
            message: file(&message)?,
        },
        ChannelRequest::Settle { channel } => Op::ChannelSettle { by: by()?, channel },
    };
    change(out, c, op)
}

/// `tokenrail channel sign` on a devnet: a new message of the channel's current epoch from the
/// fields, or a second signature on `existing`; written to `path`.
#[allow(clippy::too_many_arguments)]
pub fn channel_sign(
    out: &Output,
    target: &Target,
    from: &str,
    channel: usize,
    kind: Kind,
    fields: (u64, u128, u128),
    existing: Option<&PathBuf>,
    output: &std::path::Path,
) -> Result<(), Failure> {
    let existing_file = existing.map(|p| MessageFile::read(p)).transpose()?;
    let v = crate::target::run(
        out,
        target,
        Request::Read(Query::ChannelSign {
            by: from.to_owned(),
            channel,
            kind,
            nonce: fields.0,
            sent_a: fields.1,
            sent_b: fields.2,
            existing: existing_file.clone().map(Box::new),
        }),
    )?;
    let mut file = match existing_file {
        Some(f) => f,
        None => serde_json::from_value(v["message"].clone())
            .map_err(|e| anyhow::anyhow!("the devnet's message does not encode: {e}"))?,
    };
    let signature = v["signature"].as_str().unwrap_or_default().to_owned();
    match v["party"].as_str() {
        Some("a") => file.signatures.a = Some(signature),
        _ => file.signatures.b = Some(signature),
    }
    file.write(output, existing.is_some())?;
    print(
        out,
        &serde_json::json!({
            "message": output.display().to_string(),
            "party": v["party"],
            "signer": v["signer"],
        }),
    );
    Ok(())
}
