//! The commands that run on an embedded devnet: `deploy`, `devnet`, `token`, `escrow`, and the
//! devnet halves of `payout` (`send`, `distribute`, `claim`, `clawback`); `channel` routes its
//! devnet half here too. See [`crate::embedded`] for how state persists.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::Value;
use tokenrail_core::Amount;
use tokenrail_planner::input::read_holders;
use tokenrail_planner::Chain;
use tokenrail_sdk::channel::Kind;

use crate::embedded::{self, parse_time, Asset, Change, Op, Query, Request, Target};
use crate::{BadInput, ChainArg, Cli, Failure};

/// A whole number of base units (no decimals, no floats).
fn amount(flag: &str, text: &str) -> Result<Amount, BadInput> {
    tokenrail_planner::amount::parse_amount(text, None, 128)
        .map(Amount)
        .map_err(|e| BadInput(format!("{flag} `{text}`: {e}")))
}

#[derive(Subcommand)]
pub enum DevnetCommand {
    /// Lists the development accounts and their addresses.
    Accounts(Target),
    /// Shows the devnet: its clock and what it holds.
    Info(Target),
    /// Moves the devnet's clocks forward (deadlines, expiries, challenge periods).
    Advance(AdvanceArgs),
    /// Deletes the devnet's state: the next `deploy` starts afresh.
    Reset(Target),
}

#[derive(Args)]
pub struct AdvanceArgs {
    #[command(flatten)]
    change: Change,
    /// How far: `<n>s`, `<n>m`, `<n>h` or `<n>d`.
    #[arg(long)]
    by: String,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Issues the asset token and its investor registry; `--from` receives every role.
    Issue(IssueArgs),
    /// The registry agent registers (or updates) a verified investor; on Solana this also
    /// onboards the investor's associated token account (Token ACL: thaws it).
    Register(RegisterArgs),
    /// The issuer mints to an eligible investor.
    Mint(MoveArgs),
    /// A holder transfers its own tokens, under the compliance rules.
    Transfer(MoveArgs),
    /// The compliance agent freezes (or with --unfreeze unfreezes) an account.
    Freeze(FreezeArgs),
    /// The compliance agent moves tokens past freezes, lock-ups and the registry (recovery).
    ForceTransfer(ForceArgs),
    /// Whether a transfer would be allowed now, and the reason code if not.
    CanTransfer(CanTransferArgs),
    /// A balance in the token or in the payment token.
    Balance(BalanceArgs),
}

#[derive(Args)]
pub struct IssueArgs {
    #[command(flatten)]
    change: Change,
    /// The development account that issues and holds every role.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// Token name (1–32 bytes).
    #[arg(long)]
    name: String,
    /// Token symbol (1–10 bytes).
    #[arg(long)]
    symbol: String,
    /// Decimals.
    #[arg(long, default_value_t = 6)]
    decimals: u8,
    /// Supply cap, in base units.
    #[arg(long)]
    cap: String,
    /// Where the legal documents live.
    #[arg(long)]
    uri: String,
    /// SHA-256 of the legal document (64 hex digits).
    #[arg(long)]
    legal_hash: String,
}

#[derive(Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    change: Change,
    /// The registry agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The investor: a development account or an address.
    #[arg(long)]
    investor: String,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    #[arg(long)]
    jurisdiction: u16,
    /// When the KYC expires: Unix seconds or `+<n>d` (also s, m, h).
    #[arg(long, default_value = "+365d")]
    kyc_expiry: String,
}

#[derive(Args)]
pub struct MoveArgs {
    #[command(flatten)]
    change: Change,
    /// The signer: the issuer for `mint`, the holder for `transfer`.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The recipient: a development account or an address.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct FreezeArgs {
    #[command(flatten)]
    change: Change,
    /// The compliance agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The account.
    #[arg(long)]
    account: String,
    /// Unfreeze instead.
    #[arg(long)]
    unfreeze: bool,
}

#[derive(Args)]
pub struct ForceArgs {
    #[command(flatten)]
    change: Change,
    /// The compliance agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The account the tokens leave.
    #[arg(long)]
    source: String,
    /// The recipient.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct CanTransferArgs {
    #[command(flatten)]
    target: Target,
    /// The sender.
    #[arg(long)]
    source: String,
    /// The recipient.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct BalanceArgs {
    #[command(flatten)]
    target: Target,
    /// The account: a development account or an address.
    #[arg(long)]
    account: String,
    /// Which asset.
    #[arg(long, value_enum, default_value = "token")]
    asset: Asset,
}

#[derive(Subcommand)]
pub enum EscrowCommand {
    /// Creates and funds a milestone escrow in the payment token.
    Create(EscrowCreateArgs),
    /// Releases the next milestone (depositor or arbiter, before the deadline).
    Release(EscrowReleaseArgs),
    /// Returns the unreleased rest to the depositor (anyone from the deadline, the arbiter at
    /// any time).
    Refund(EscrowRefArgs),
    /// The beneficiary gives the escrow up before any release.
    Cancel(EscrowRefArgs),
    /// Shows an escrow.
    Show(EscrowShowArgs),
}

#[derive(Args)]
pub struct EscrowCreateArgs {
    #[command(flatten)]
    change: Change,
    /// The depositor.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// Receives the released milestones.
    #[arg(long)]
    beneficiary: String,
    /// May release and refund early.
    #[arg(long)]
    arbiter: Option<String>,
    /// Milestone amounts in base units, comma-separated, released in order.
    #[arg(long, value_delimiter = ',', required = true)]
    milestones: Vec<String>,
    /// Unix seconds or `+<n>d` (also s, m, h).
    #[arg(long)]
    deadline: String,
}

#[derive(Args)]
pub struct EscrowReleaseArgs {
    #[command(flatten)]
    change: Change,
    /// The depositor or the arbiter.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The escrow's number on this devnet.
    #[arg(long)]
    escrow: usize,
    /// The milestone (0-based; milestones go in order).
    #[arg(long)]
    milestone: u32,
}

#[derive(Args)]
pub struct EscrowRefArgs {
    #[command(flatten)]
    change: Change,
    /// The signer.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The escrow's number on this devnet.
    #[arg(long)]
    escrow: usize,
}

#[derive(Args)]
pub struct EscrowShowArgs {
    #[command(flatten)]
    target: Target,
    /// The escrow's number on this devnet.
    #[arg(long)]
    escrow: usize,
}

#[derive(Args)]
pub struct SendArgs {
    #[command(flatten)]
    change: Change,
    /// The payer.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The holders file: `address,amount` per line, addresses in the chain's format.
    #[arg(long)]
    input: PathBuf,
    /// Amounts are decimals with this many places; without it whole base units.
    #[arg(long)]
    decimals: Option<u32>,
}

#[derive(Args)]
pub struct DistributeArgs {
    #[command(flatten)]
    send: SendArgs,
    /// Claims open: Unix seconds or `+<n>d` (default: now).
    #[arg(long, default_value = "+0s")]
    start: String,
    /// Claims close and the clawback opens: Unix seconds or `+<n>d`.
    #[arg(long)]
    expiry: String,
    /// Receives the unclaimed rest (default: the funder).
    #[arg(long)]
    clawback_to: Option<String>,
}

#[derive(Args)]
pub struct ClaimArgs {
    #[command(flatten)]
    change: Change,
    /// Who submits the claim (anyone; the leaf's account is paid).
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The distribution's number on this devnet.
    #[arg(long)]
    distribution: usize,
    /// The claim's leaf index (its line among the holders, from 0).
    #[arg(long)]
    index: u32,
}

#[derive(Args)]
pub struct ClawbackArgs {
    #[command(flatten)]
    change: Change,
    /// The caller (anyone, from the expiry on).
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The distribution's number on this devnet.
    #[arg(long)]
    distribution: usize,
}

/// Prints a result: JSON with `--json`, else one `key: value` line per field.
pub fn print(cli: &Cli, v: &Value) {
    if cli.json {
        println!("{v}");
    } else if !cli.quiet {
        match v {
            Value::Object(map) => {
                for (k, val) in map {
                    let text = match val {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    println!("{k}: {text}");
                }
            }
            other => println!("{other}"),
        }
    }
}

/// The signer: `--from` on a devnet (an endpoint's key signs whatever `--from` says).
fn who(from: &Option<String>) -> String {
    from.clone().unwrap_or_else(|| "key".into())
}

fn change(cli: &Cli, c: &Change, op: Op) -> Result<(), Failure> {
    let v = embedded::run(cli, &c.target, Request::Change(op, c.dry_run))?;
    if c.dry_run && cli.verbose {
        eprintln!("dry run: nothing recorded");
    }
    print(cli, &v);
    Ok(())
}

fn read(cli: &Cli, t: &Target, q: Query) -> Result<(), Failure> {
    let v = embedded::run(cli, t, Request::Read(q))?;
    print(cli, &v);
    Ok(())
}

/// `tokenrail deploy`.
pub fn deploy(cli: &Cli, c: &Change) -> Result<(), Failure> {
    change(cli, c, Op::Deploy)
}

/// `tokenrail devnet …`.
pub fn devnet(cli: &Cli, cmd: &DevnetCommand) -> Result<(), Failure> {
    match cmd {
        DevnetCommand::Accounts(t) => read(cli, t, Query::Accounts),
        DevnetCommand::Info(t) => read(cli, t, Query::Info),
        DevnetCommand::Advance(a) => {
            let seconds = match parse_time(&format!("+{}", a.by))? {
                embedded::When::After { after } => after,
                embedded::When::At(_) => unreachable!("a `+` time is relative"),
            };
            change(cli, &a.change, Op::Advance { seconds })
        }
        DevnetCommand::Reset(t) => {
            let removed = embedded::reset(t)?;
            print(cli, &serde_json::json!({ "reset": removed }));
            Ok(())
        }
    }
}

/// `tokenrail token …`.
pub fn token(cli: &Cli, cmd: &TokenCommand) -> Result<(), Failure> {
    match cmd {
        TokenCommand::Issue(a) => change(
            cli,
            &a.change,
            Op::Issue {
                issuer: a.from.clone(),
                name: a.name.clone(),
                symbol: a.symbol.clone(),
                decimals: a.decimals,
                cap: amount("--cap", &a.cap)?,
                uri: a.uri.clone(),
                legal_document_hash: a.legal_hash.clone(),
            },
        ),
        TokenCommand::Register(a) => change(
            cli,
            &a.change,
            Op::Register {
                by: a.from.clone(),
                investor: a.investor.clone(),
                jurisdiction: a.jurisdiction,
                kyc_expiry: parse_time(&a.kyc_expiry)?,
            },
        ),
        TokenCommand::Mint(a) => change(
            cli,
            &a.change,
            Op::Mint {
                by: who(&a.from),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::Transfer(a) => change(
            cli,
            &a.change,
            Op::Transfer {
                by: who(&a.from),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::Freeze(a) => change(
            cli,
            &a.change,
            Op::Freeze {
                by: a.from.clone(),
                account: a.account.clone(),
                frozen: !a.unfreeze,
            },
        ),
        TokenCommand::ForceTransfer(a) => change(
            cli,
            &a.change,
            Op::ForcedTransfer {
                by: a.from.clone(),
                from: a.source.clone(),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::CanTransfer(a) => read(
            cli,
            &a.target,
            Query::CanTransfer {
                from: a.source.clone(),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?.0,
            },
        ),
        TokenCommand::Balance(a) => read(
            cli,
            &a.target,
            Query::Balance {
                account: a.account.clone(),
                of: a.asset,
            },
        ),
    }
}

/// `tokenrail escrow …`.
pub fn escrow(cli: &Cli, cmd: &EscrowCommand) -> Result<(), Failure> {
    match cmd {
        EscrowCommand::Create(a) => {
            let milestones = a
                .milestones
                .iter()
                .map(|m| amount("--milestones", m))
                .collect::<Result<Vec<Amount>, BadInput>>()?;
            change(
                cli,
                &a.change,
                Op::EscrowCreate {
                    by: who(&a.from),
                    beneficiary: a.beneficiary.clone(),
                    arbiter: a.arbiter.clone(),
                    milestones,
                    deadline: parse_time(&a.deadline)?,
                },
            )
        }
        EscrowCommand::Release(a) => change(
            cli,
            &a.change,
            Op::EscrowRelease {
                by: who(&a.from),
                escrow: a.escrow,
                milestone: a.milestone,
            },
        ),
        EscrowCommand::Refund(a) => change(
            cli,
            &a.change,
            Op::EscrowRefund {
                by: who(&a.from),
                escrow: a.escrow,
            },
        ),
        EscrowCommand::Cancel(a) => change(
            cli,
            &a.change,
            Op::EscrowCancel {
                by: who(&a.from),
                escrow: a.escrow,
            },
        ),
        EscrowCommand::Show(a) => read(cli, &a.target, Query::Escrow { escrow: a.escrow }),
    }
}

/// The holders file as `(address, amount)` legs, validated in the chain's address format with
/// line numbers (the same reader as `payout plan`): on an endpoint, in the account prefix its
/// deployment records.
fn legs(a: &SendArgs) -> Result<Vec<(String, Amount)>, Failure> {
    let recorded = embedded::recorded_address_prefix(&a.change.target);
    let chain = match a.change.target.chain {
        ChainArg::Evm => Chain::Evm,
        ChainArg::Solana => Chain::Solana,
        ChainArg::Cosmwasm => Chain::Cosmwasm {
            prefix: recorded.unwrap_or_else(|| "cosmwasm".into()),
        },
        ChainArg::Ink => Chain::Ink {
            ss58_prefix: recorded.and_then(|p| p.parse().ok()).unwrap_or(42),
        },
    };
    let file = File::open(&a.input)
        .map_err(|e| BadInput(format!("cannot open {}: {e}", a.input.display())))?;
    let rows = read_holders(BufReader::new(file), &chain, a.decimals)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.address.canonical, Amount(r.amount)))
        .collect())
}

/// `tokenrail payout send|distribute|claim|clawback` on a devnet.
pub fn payout_send(cli: &Cli, a: &SendArgs) -> Result<(), Failure> {
    let legs = legs(a)?;
    change(
        cli,
        &a.change,
        Op::PayoutSend {
            by: a.from.clone(),
            legs,
        },
    )
}

/// `tokenrail payout distribute`.
pub fn payout_distribute(cli: &Cli, a: &DistributeArgs) -> Result<(), Failure> {
    let claims = legs(&a.send)?;
    change(
        cli,
        &a.send.change,
        Op::PayoutDistribute {
            by: a.send.from.clone(),
            claims,
            start: parse_time(&a.start)?,
            expiry: parse_time(&a.expiry)?,
            clawback_to: a.clawback_to.clone().unwrap_or_else(|| {
                // The funder: on an endpoint, the key.
                if a.send.change.target.rpc_url.is_some() {
                    "key".into()
                } else {
                    a.send.from.clone()
                }
            }),
        },
    )
}

/// `tokenrail payout claim`.
pub fn payout_claim(cli: &Cli, a: &ClaimArgs) -> Result<(), Failure> {
    change(
        cli,
        &a.change,
        Op::PayoutClaim {
            by: who(&a.from),
            distribution: a.distribution,
            index: a.index,
        },
    )
}

/// `tokenrail payout clawback`.
pub fn payout_clawback(cli: &Cli, a: &ClawbackArgs) -> Result<(), Failure> {
    change(
        cli,
        &a.change,
        Op::PayoutClawback {
            by: who(&a.from),
            distribution: a.distribution,
        },
    )
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
    cli: &Cli,
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
    let file = |p: &PathBuf| crate::channel::MessageFile::read(p).map(Box::new);
    let op = match req {
        ChannelRequest::Show { channel } => {
            return read(cli, &c.target, Query::Channel { channel });
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
    change(cli, c, op)
}

/// `tokenrail channel sign` on a devnet: a new message of the channel's current epoch from the
/// fields, or a second signature on `existing`; written to `path`.
#[allow(clippy::too_many_arguments)]
pub fn channel_sign(
    cli: &Cli,
    target: &Target,
    from: &str,
    channel: usize,
    kind: Kind,
    fields: (u64, u128, u128),
    existing: Option<&PathBuf>,
    output: &std::path::Path,
) -> Result<(), Failure> {
    let existing_file = existing
        .map(|p| crate::channel::MessageFile::read(p))
        .transpose()?;
    let v = embedded::run(
        cli,
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
        cli,
        &serde_json::json!({
            "message": output.display().to_string(),
            "party": v["party"],
            "signer": v["signer"],
        }),
    );
    Ok(())
}
