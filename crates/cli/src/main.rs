//! `tokenrail`: the issuer's command line.
//!
//! Conventions: data goes to stdout (JSON with `--json`), diagnostics to stderr; progress is
//! shown only on a terminal and never with `--json` or `-q`. Exit codes: 0 success, 1 failure
//! (including a contract's refusal and an unreachable endpoint), 2 usage error, 3 invalid input
//! data (files, addresses, amounts, keys), 4 signatures that do not verify.

mod channel;
mod demo;
mod devnet_cmd;
mod divert;
mod embedded;
mod keys;

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokenrail_planner::chain_plan::{
    is_chain_plan, verify_chain_plan, ChainContext, ChainPlan, SOLANA_PAYOUT_PROGRAM,
};
use tokenrail_planner::input::{read_holders, InputErrors, Row};
use tokenrail_planner::plan::{verify_evm_plan, EvmContext, EvmPlan, PlanError, PlanSummary};
use tokenrail_planner::split::{default_batch_size, Split};
use tokenrail_planner::Chain;

/// Exit code for invalid input data (bad rows, bad addresses).
const EXIT_INVALID_INPUT: u8 = 3;
/// Exit code for signatures that do not verify.
const EXIT_BAD_SIGNATURE: u8 = 4;

/// Input the command cannot use (a malformed key, address, amount or message file); exits with
/// [`EXIT_INVALID_INPUT`].
#[derive(Debug)]
struct BadInput(String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

#[derive(Parser)]
#[command(name = "tokenrail", version, about = "Tokenrail issuer tools")]
struct Cli {
    /// Print machine-readable JSON on stdout (and no progress).
    #[arg(long, global = true, env = "TOKENRAIL_JSON")]
    json: bool,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail on stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the whole lifecycle (token, whitelist, escrow, payout, channel) on every chain's
    /// devnet and reports, per step and chain, whether it did what the spec says.
    Demo(demo::DemoArgs),
    /// Deploys the contracts on a chain's embedded devnet (its state then persists in
    /// --state-dir between commands).
    Deploy(embedded::Change),
    /// The embedded devnets: accounts, clock, reset.
    #[command(subcommand)]
    Devnet(devnet_cmd::DevnetCommand),
    /// The asset token and its investor registry on a devnet.
    #[command(subcommand)]
    Token(devnet_cmd::TokenCommand),
    /// Milestone escrows on a devnet.
    #[command(subcommand)]
    Escrow(devnet_cmd::EscrowCommand),
    /// Plan and verify payouts.
    #[command(subcommand)]
    Payout(PayoutCommand),
    /// Payment channels: sign and verify off-chain states; open, close, challenge and settle
    /// on an EVM endpoint.
    #[command(subcommand)]
    Channel(channel::ChannelCommand),
}

#[derive(Subcommand)]
enum PayoutCommand {
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
    /// Devnet: pays a holders CSV in one multi-send.
    Send(devnet_cmd::SendArgs),
    /// Devnet: creates and funds a Merkle distribution of a holders CSV.
    Distribute(devnet_cmd::DistributeArgs),
    /// Devnet: submits a claim of a distribution.
    Claim(devnet_cmd::ClaimArgs),
    /// Devnet: returns a distribution's unclaimed rest after its expiry.
    Clawback(devnet_cmd::ClawbackArgs),
}

/// What every command reading a holders file takes.
#[derive(Args)]
struct HoldersArgs {
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
    /// ink!: SS58 network prefix.
    #[arg(long, default_value_t = 42)]
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
struct SplitArgs {
    #[command(flatten)]
    holders: HoldersArgs,
    /// Where to write the batches (written atomically).
    #[arg(long)]
    output: PathBuf,
    /// Recipients per batch (default: the chain's, see `docs/spec/payout.md`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: Option<u32>,
}

/// A chain family, as flags and channel message files name it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
enum ChainArg {
    Evm,
    Solana,
    Cosmwasm,
    Ink,
}

#[derive(Args)]
struct PlanArgs {
    #[command(flatten)]
    holders: HoldersArgs,
    /// Where to write the plan (written atomically).
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

/// A failure with its exit code.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        let error = e.into();
        let code = if error.downcast_ref::<InputErrors>().is_some()
            || error.downcast_ref::<BadInput>().is_some()
        {
            EXIT_INVALID_INPUT
        } else {
            1
        };
        Failure { code, error }
    }
}

fn main() -> ExitCode {
    // The embedded Solana chain logs every instruction through `log` (solana-program-test's
    // default filter is verbose); the CLI reports what it did itself. RUST_LOG still wins.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "off");
    }
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if let Some(input) = f.error.downcast_ref::<InputErrors>() {
                eprint!(
                    "error: the input has {} problem(s):\n{input}",
                    input.0.len()
                );
            } else {
                eprintln!("error: {:#}", f.error);
            }
            ExitCode::from(f.code)
        }
    }
}

fn spinner(cli: &Cli) -> ProgressBar {
    if cli.json || cli.quiet {
        return ProgressBar::hidden();
    }
    // Draws only when stderr is a terminal.
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"),
    );
    pb.enable_steady_tick(Duration::from_millis(100));
    pb
}

/// A progress bar over `len` bytes (hidden with `--json`, `-q` or without a terminal).
fn progress(cli: &Cli, len: u64) -> ProgressBar {
    if cli.json || cli.quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template(
            "{msg} {wide_bar} {bytes}/{total_bytes} [{elapsed}, {eta} left]",
        )
        .expect("valid template"),
    );
    pb
}

fn run(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Payout(PayoutCommand::Plan(args)) => plan(cli, args),
        Command::Payout(PayoutCommand::Verify { plan }) => verify(cli, plan),
        Command::Payout(PayoutCommand::Split(args)) => split(cli, args),
        Command::Channel(cmd) => channel::run(cli, cmd),
        Command::Demo(args) => demo::run(cli, args),
        Command::Deploy(c) => devnet_cmd::deploy(cli, c),
        Command::Devnet(cmd) => devnet_cmd::devnet(cli, cmd),
        Command::Token(cmd) => devnet_cmd::token(cli, cmd),
        Command::Escrow(cmd) => devnet_cmd::escrow(cli, cmd),
        Command::Payout(PayoutCommand::Send(a)) => devnet_cmd::payout_send(cli, a),
        Command::Payout(PayoutCommand::Distribute(a)) => devnet_cmd::payout_distribute(cli, a),
        Command::Payout(PayoutCommand::Claim(a)) => devnet_cmd::payout_claim(cli, a),
        Command::Payout(PayoutCommand::Clawback(a)) => devnet_cmd::payout_clawback(cli, a),
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
    cli: &Cli,
    args: &HoldersArgs,
    chain: &Chain,
    timings: &mut Timings,
) -> Result<Vec<Row>, Failure> {
    let file =
        File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let pb = progress(cli, len);
    pb.set_message(format!("reading {}", args.input.display()));
    let rows = timings.phase("read", || {
        read_holders(
            BufReader::with_capacity(1 << 20, pb.wrap_read(file)),
            chain,
            args.decimals,
        )
    });
    pb.finish_and_clear();
    let rows = rows?;
    if cli.verbose {
        eprintln!(
            "read {} valid recipients from {}",
            rows.len(),
            args.input.display()
        );
    }
    Ok(rows)
}

fn plan(cli: &Cli, args: &PlanArgs) -> Result<(), Failure> {
    let chain = args.holders.chain();
    // Check the context before reading a possibly huge file.
    let ctx = plan_context(&chain, args)?;
    let mut timings = Timings::default();
    let rows = read_rows(cli, &args.holders, &chain, &mut timings)?;
    let pb = spinner(cli);
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
    report(cli, &summary, Some(&args.output), Some(&timings));
    Ok(())
}

fn split(cli: &Cli, args: &SplitArgs) -> Result<(), Failure> {
    let chain = args.holders.chain();
    let batch_size = args
        .batch_size
        .map_or_else(|| default_batch_size(&chain), |n| n as usize);
    let mut timings = Timings::default();
    let rows = read_rows(cli, &args.holders, &chain, &mut timings)?;
    let split = Split::new(&chain, rows, batch_size)?;
    timings
        .phase("write", || split.write_file(&args.output))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let s = split.summary();
    if cli.json {
        let mut v = serde_json::to_value(&s).expect("summary serialises");
        v["output"] = serde_json::json!(args.output.display().to_string());
        v["timings_ms"] = timings.to_json();
        println!("{v}");
    } else if !cli.quiet {
        println!("batches written to {}", args.output.display());
        println!("  chain       {}", s.chain);
        println!("  recipients  {}", s.recipients);
        println!(
            "  batches     {} (at most {} recipients each)",
            s.batches, s.batch_size
        );
        println!("  total       {}", s.total);
    }
    Ok(())
}

fn verify(cli: &Cli, path: &PathBuf) -> Result<(), Failure> {
    let pb = spinner(cli);
    pb.set_message(format!("verifying {}", path.display()));
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let summary = if is_chain_plan(&bytes) {
        verify_chain_plan(&bytes)?
    } else {
        verify_evm_plan(&bytes)?
    };
    pb.finish_and_clear();
    report(cli, &summary, None, None);
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

fn report(cli: &Cli, s: &PlanSummary, written: Option<&PathBuf>, timings: Option<&Timings>) {
    if cli.verbose {
        for (name, d) in timings.map(|t| t.0.as_slice()).unwrap_or_default() {
            eprintln!("{name}: {:.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    if cli.json {
        let mut v = serde_json::to_value(s).expect("summary serialises");
        if let Some(p) = written {
            v["output"] = serde_json::json!(p.display().to_string());
        }
        if let Some(t) = timings {
            v["timings_ms"] = t.to_json();
        }
        println!("{v}");
    } else if !cli.quiet {
        if let Some(p) = written {
            println!("plan written to {}", p.display());
        } else {
            println!("plan verified");
        }
        println!("  chain   {}", s.chain);
        println!("  root    {}", s.root);
        println!("  total   {}", s.total);
        println!("  claims  {}", s.claims);
    }
}
