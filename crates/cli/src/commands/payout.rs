//! `tokenrail payout`: planning and verifying Merkle distributions and multi-send batches off
//! chain, and sending, distributing, claiming and clawing back on a target.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use tokenrail_core::Amount;
use tokenrail_planner::chain_plan::{
    is_chain_plan, verify_chain_plan, ChainContext, ChainPlan, SOLANA_PAYOUT_PROGRAM,
};
use tokenrail_planner::files::is_stdout;
use tokenrail_planner::input::{read_holders, Row};
use tokenrail_planner::plan::{verify_evm_plan, EvmContext, EvmPlan, PlanError, PlanSummary};
use tokenrail_planner::split::{default_batch_size, Split};
use tokenrail_planner::Chain;

use super::{change, who};
use crate::chain::ops::{parse_time, Op};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::progress::{progress, spinner};
use crate::target::Change;

#[derive(Subcommand)]
pub enum PayoutCommand {
    /// Validates a holders CSV (`address,amount`) and writes a Merkle distribution plan.
    Plan(PlanArgs),
    /// Verifies a plan file (any chain): leaves, tree, root, total and every proof.
    Verify {
        /// The plan file.
        #[arg(long)]
        plan: PathBuf,
    },
    /// Validates a holders CSV and cuts the direct payout into multi-send batches that each fit
    /// one transaction on the chain.
    Split(SplitArgs),
    /// Pays a holders CSV in one multi-send (devnet or endpoint).
    Send(SendArgs),
    /// Creates and funds a Merkle distribution of a holders CSV.
    Distribute(DistributeArgs),
    /// Submits a claim of a distribution.
    Claim(ClaimArgs),
    /// Returns a distribution's unclaimed rest to the funder after its expiry.
    Clawback(ClawbackArgs),
}

/// What every command reading a holders file takes.
#[derive(Args)]
pub struct HoldersArgs {
    /// Target chain family (sets the address format).
    #[arg(long, value_enum)]
    chain: ChainArg,
    /// The holders file: `address,amount` per line.
    #[arg(long)]
    input: PathBuf,
    /// Amounts are decimals with this many places (e.g. 6 for `1.5` = 1500000 base units);
    /// without it amounts are whole base units.
    #[arg(long)]
    decimals: Option<u32>,
    /// CosmWasm: bech32 address prefix.
    #[arg(long, default_value = "cosmos")]
    bech32_prefix: String,
    /// ink!: SS58 network prefix (0–16383, the range the SS58 format can spell).
    #[arg(long, default_value_t = 42, value_parser = clap::value_parser!(u16).range(0..=16383))]
    ss58_prefix: u16,
}

impl HoldersArgs {
    fn chain(&self) -> Chain {
        match self.chain {
            ChainArg::Evm => Chain::Evm,
            ChainArg::Solana => Chain::Solana,
            ChainArg::Cosmwasm => Chain::Cosmwasm {
                prefix: self.bech32_prefix.clone(),
            },
            ChainArg::Ink => Chain::Ink {
                ss58_prefix: self.ss58_prefix,
            },
        }
    }
}

#[derive(Args)]
pub struct SplitArgs {
    #[command(flatten)]
    holders: HoldersArgs,
    /// Where to write the batches (written atomically; `-` for standard output).
    #[arg(long)]
    output: PathBuf,
    /// Recipients per batch (default: the chain's, see `docs/spec/payout.md`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: Option<u32>,
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
    /// The distribution's number, as `payout distribute` printed it.
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
    /// The distribution's number, as `payout distribute` printed it.
    #[arg(long)]
    distribution: usize,
}

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    holders: HoldersArgs,
    /// Where to write the plan (written atomically; `-` for standard output).
    #[arg(long)]
    output: PathBuf,
    /// Chain id bound into every leaf: EVM (a number) and CosmWasm (e.g. `osmosis-1`).
    #[arg(long, env = "TOKENRAIL_CHAIN_ID")]
    chain_id: Option<String>,
    /// The distributor bound into every leaf: EVM `TokenrailMerkleDistributor`, CosmWasm
    /// `cw-payout` (bech32), ink! `ink-payout` (SS58), Solana the distribution account (the PDA
    /// `["distribution", funder, id_le]` of the payout program).
    #[arg(long)]
    distributor: Option<String>,
    /// The distribution id bound into every leaf (the distributor's next id; not for Solana,
    /// where the distribution account carries it).
    #[arg(long)]
    distribution_id: Option<u128>,
    /// Solana: the payout program bound into every leaf.
    #[arg(long, default_value = SOLANA_PAYOUT_PROGRAM)]
    program_id: String,
}

/// The context of a plan, checked before a possibly huge input is read.
enum PlanContext {
    Evm(EvmContext),
    Chain(ChainContext),
}

/// `tokenrail payout …`.
pub fn run(out: &Output, cmd: &PayoutCommand) -> Result<(), Failure> {
    match cmd {
        PayoutCommand::Plan(args) => plan(out, args),
        PayoutCommand::Verify { plan } => verify(out, plan),
        PayoutCommand::Split(args) => split(out, args),
        PayoutCommand::Send(a) => payout_send(out, a),
        PayoutCommand::Distribute(a) => payout_distribute(out, a),
        PayoutCommand::Claim(a) => payout_claim(out, a),
        PayoutCommand::Clawback(a) => payout_clawback(out, a),
    }
}

/// The plan's context, checked before a possibly huge input is read.
fn plan_context(chain: &Chain, args: &PlanArgs) -> Result<PlanContext, Failure> {
    let name = chain.name();
    let missing = |flag: &str| anyhow::anyhow!("--chain {name} needs {flag}");
    let distributor = || {
        let text = args
            .distributor
            .as_deref()
            .ok_or_else(|| missing("--distributor"))?;
        chain
            .parse_address(text)
            .with_context(|| format!("--distributor `{text}`"))
    };
    let distribution_id = || {
        args.distribution_id
            .ok_or_else(|| missing("--distribution-id"))
    };
    let chain_id = || args.chain_id.clone().ok_or_else(|| missing("--chain-id"));
    // CosmWasm and ink! contracts number distributions with u64.
    let id64 = |id: u128| {
        u64::try_from(id)
            .map_err(|_| anyhow::anyhow!("--distribution-id {id} does not fit 64 bits"))
    };
    Ok(match chain {
        Chain::Evm => {
            let d = distributor()?;
            let chain_id = chain_id()?;
            let chain_id: u64 = chain_id
                .parse()
                .map_err(|_| anyhow::anyhow!("--chain-id `{chain_id}` is not an EVM chain id"))?;
            let mut bytes = [0u8; 20];
            bytes.copy_from_slice(&d.bytes);
            PlanContext::Evm(EvmContext {
                chain_id,
                distributor: bytes,
                distribution_id: distribution_id()?,
            })
        }
        Chain::Cosmwasm { .. } => PlanContext::Chain(ChainContext::Cosmwasm {
            chain_id: chain_id()?,
            contract: distributor()?,
            distribution_id: id64(distribution_id()?)?,
        }),
        Chain::Ink { ss58_prefix } => PlanContext::Chain(ChainContext::Ink {
            contract: distributor()?,
            ss58_prefix: *ss58_prefix,
            distribution_id: id64(distribution_id()?)?,
        }),
        Chain::Solana => PlanContext::Chain(ChainContext::Solana {
            program: chain
                .parse_address(&args.program_id)
                .with_context(|| format!("--program-id `{}`", args.program_id))?,
            distribution: distributor()?,
        }),
    })
}

/// Reads and validates the holders file with a progress bar over its bytes.
fn read_rows(
    out: &Output,
    args: &HoldersArgs,
    chain: &Chain,
    timings: &mut Timings,
) -> Result<Vec<Row>, Failure> {
    let file =
        File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let pb = progress(out, len);
    pb.set_message(format!("reading {}", args.input.display()));
    let rows = timings.phase("read", || {
        read_holders(
            BufReader::with_capacity(1 << 20, pb.wrap_read(file)),
            chain,
            args.decimals,
        )
    });
    pb.finish_and_clear();
    // The file names the bad rows' report (`Failure::report`).
    let rows = rows.with_context(|| args.input.display().to_string())?;
    if out.verbose {
        eprintln!(
            "read {} valid recipients from {}",
            rows.len(),
            args.input.display()
        );
    }
    Ok(rows)
}

fn plan(out: &Output, args: &PlanArgs) -> Result<(), Failure> {
    let chain = args.holders.chain();
    // Check the context before reading a possibly huge file.
    let ctx = plan_context(&chain, args)?;
    let mut timings = Timings::default();
    let rows = read_rows(out, &args.holders, &chain, &mut timings)?;
    let pb = spinner(out);
    pb.set_message(format!("building the tree of {} claims", rows.len()));
    let written = |r: Result<(), PlanError>| {
        r.with_context(|| format!("cannot write {}", args.output.display()))
    };
    let summary = match ctx {
        PlanContext::Evm(ctx) => {
            let built = timings.phase("build", || EvmPlan::build(ctx, rows))?;
            pb.set_message(format!("writing {}", args.output.display()));
            written(timings.phase("write", || built.write_file(&args.output)))?;
            built.summary()
        }
        PlanContext::Chain(ctx) => {
            let built = timings.phase("build", || ChainPlan::build(ctx, rows))?;
            pb.set_message(format!("writing {}", args.output.display()));
            written(timings.phase("write", || built.write_file(&args.output)))?;
            built.summary()
        }
    };
    pb.finish_and_clear();
    report(out, &summary, Some(&args.output), Some(&timings));
    Ok(())
}

fn split(out: &Output, args: &SplitArgs) -> Result<(), Failure> {
    let chain = args.holders.chain();
    let batch_size = args
        .batch_size
        .map_or_else(|| default_batch_size(&chain), |n| n as usize);
    let mut timings = Timings::default();
    let rows = read_rows(out, &args.holders, &chain, &mut timings)?;
    let split = Split::new(&chain, rows, batch_size)?;
    timings
        .phase("write", || split.write_file(&args.output))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let s = split.summary();
    let text = if out.json {
        let mut v = serde_json::to_value(&s).expect("summary serialises");
        v["output"] = serde_json::json!(args.output.display().to_string());
        v["timings_ms"] = timings.to_json();
        v.to_string()
    } else if !out.quiet {
        let to = if is_stdout(&args.output) {
            "standard output".to_string()
        } else {
            args.output.display().to_string()
        };
        format!(
            "batches written to {to}\n  chain       {}\n  recipients  {}\n  batches     {} (at most {} \
             recipients each)\n  total       {}",
            s.chain, s.recipients, s.batches, s.batch_size, s.total
        )
    } else {
        return Ok(());
    };
    summary(Some(&args.output), &text);
    Ok(())
}

fn verify(out: &Output, path: &PathBuf) -> Result<(), Failure> {
    let pb = spinner(out);
    pb.set_message(format!("verifying {}", path.display()));
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let summary = if is_chain_plan(&bytes) {
        verify_chain_plan(&bytes)
    } else {
        verify_evm_plan(&bytes)
    }
    .with_context(|| path.display().to_string())?;
    pb.finish_and_clear();
    report(out, &summary, None, None);
    Ok(())
}

/// Wall time of each phase of a command, reported with `--json` and `-v`.
#[derive(Default)]
struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    fn phase<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.0.push((name, start.elapsed()));
        out
    }

    fn to_json(&self) -> serde_json::Value {
        self.0
            .iter()
            .map(|(k, d)| ((*k).to_owned(), serde_json::json!(d.as_secs_f64() * 1000.0)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

fn report(out: &Output, s: &PlanSummary, written: Option<&PathBuf>, timings: Option<&Timings>) {
    if out.verbose {
        for (name, d) in timings.map(|t| t.0.as_slice()).unwrap_or_default() {
            eprintln!("{name}: {:.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    let text = if out.json {
        let mut v = serde_json::to_value(s).expect("summary serialises");
        if let Some(p) = written {
            v["output"] = serde_json::json!(p.display().to_string());
        }
        if let Some(t) = timings {
            v["timings_ms"] = t.to_json();
        }
        v.to_string()
    } else if !out.quiet {
        let head = match written {
            Some(p) if is_stdout(p) => "plan written to standard output".to_string(),
            Some(p) => format!("plan written to {}", p.display()),
            None => "plan verified".to_string(),
        };
        format!(
            "{head}\n  chain   {}\n  root    {}\n  total   {}\n  claims  {}",
            s.chain, s.root, s.total, s.claims
        )
    } else {
        return;
    };
    summary(written.map(PathBuf::as_path), &text);
}

/// Prints a command's summary: on stdout, unless the output file is stdout (`--output -`),
/// which then holds the data alone and the summary goes to stderr.
fn summary(written: Option<&Path>, text: &str) {
    if written.is_some_and(is_stdout) {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
}

/// The holders file as `(address, amount)` legs, validated in the chain's address format with
/// line numbers (the same reader as `payout plan`): on an endpoint, in the account prefix its
/// deployment records.
fn legs(a: &SendArgs) -> Result<Vec<(String, Amount)>, Failure> {
    let recorded = crate::target::recorded_address_prefix(&a.change.target);
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
    let rows = read_holders(BufReader::new(file), &chain, a.decimals)
        .with_context(|| a.input.display().to_string())?;
    Ok(rows
        .into_iter()
        .map(|r| (r.address.canonical, Amount(r.amount)))
        .collect())
}

/// `tokenrail payout send|distribute|claim|clawback` on a devnet or an endpoint.
pub fn payout_send(out: &Output, a: &SendArgs) -> Result<(), Failure> {
    let legs = legs(a)?;
    change(
        out,
        &a.change,
        Op::PayoutSend {
            by: a.from.clone(),
            legs,
        },
    )
}

/// `tokenrail payout distribute`.
pub fn payout_distribute(out: &Output, a: &DistributeArgs) -> Result<(), Failure> {
    let claims = legs(&a.send)?;
    change(
        out,
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
pub fn payout_claim(out: &Output, a: &ClaimArgs) -> Result<(), Failure> {
    change(
        out,
        &a.change,
        Op::PayoutClaim {
            by: who(&a.from),
            distribution: a.distribution,
            index: a.index,
        },
    )
}

/// `tokenrail payout clawback`.
pub fn payout_clawback(out: &Output, a: &ClawbackArgs) -> Result<(), Failure> {
    change(
        out,
        &a.change,
        Op::PayoutClawback {
            by: who(&a.from),
            distribution: a.distribution,
        },
    )
}
