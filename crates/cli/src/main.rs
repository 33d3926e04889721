//! `tokenrail`: the issuer's command line.
//!
//! Conventions: data goes to stdout (JSON with `--json`), diagnostics to stderr; progress is
//! shown only on a terminal and never with `--json` or `-q`. Exit codes: 0 success, 1 failure,
//! 2 usage error, 3 invalid input data, 4 not supported yet.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokenrail_planner::input::{read_holders, InputErrors};
use tokenrail_planner::plan::{verify_evm_plan, EvmContext, EvmPlan, PlanError, PlanSummary};
use tokenrail_planner::Chain;

/// Exit code for invalid input data (bad rows, bad addresses).
const EXIT_INVALID_INPUT: u8 = 3;
/// Exit code for a feature not available on the chosen chain yet.
const EXIT_UNSUPPORTED: u8 = 4;

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
    /// Plan and verify payouts.
    #[command(subcommand)]
    Payout(PayoutCommand),
}

#[derive(Subcommand)]
enum PayoutCommand {
    /// Validates a holders CSV (`address,amount`) and writes a Merkle distribution plan.
    Plan(PlanArgs),
    /// Verifies a plan file: leaves, tree, root, total and every proof.
    Verify {
        /// The plan file.
        #[arg(long)]
        plan: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ChainArg {
    Evm,
    Solana,
    Cosmwasm,
    Ink,
}

#[derive(Args)]
struct PlanArgs {
    /// Target chain family (sets the address format and the leaf encoding).
    #[arg(long, value_enum)]
    chain: ChainArg,
    /// The holders file: `address,amount` per line.
    #[arg(long)]
    input: PathBuf,
    /// Where to write the plan (written atomically).
    #[arg(long)]
    output: PathBuf,
    /// Amounts are decimals with this many places (e.g. 6 for `1.5` = 1500000 base units);
    /// without it amounts are whole base units.
    #[arg(long)]
    decimals: Option<u32>,
    /// EVM: chain id bound into every leaf.
    #[arg(long, env = "TOKENRAIL_CHAIN_ID")]
    chain_id: Option<u64>,
    /// EVM: the TokenrailMerkleDistributor address bound into every leaf.
    #[arg(long)]
    distributor: Option<String>,
    /// EVM: the distribution id bound into every leaf (the distributor's next id).
    #[arg(long)]
    distribution_id: Option<u128>,
    /// CosmWasm: bech32 address prefix.
    #[arg(long, default_value = "cosmos")]
    bech32_prefix: String,
    /// ink!: SS58 network prefix.
    #[arg(long, default_value_t = 42)]
    ss58_prefix: u16,
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        let error = e.into();
        let code = if error.downcast_ref::<InputErrors>().is_some() {
            EXIT_INVALID_INPUT
        } else if matches!(
            error.downcast_ref::<PlanError>(),
            Some(PlanError::Unsupported(_))
        ) {
            EXIT_UNSUPPORTED
        } else {
            1
        };
        Failure { code, error }
    }
}

fn main() -> ExitCode {
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

fn run(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Payout(PayoutCommand::Plan(args)) => plan(cli, args),
        Command::Payout(PayoutCommand::Verify { plan }) => verify(cli, plan),
    }
}

fn plan(cli: &Cli, args: &PlanArgs) -> Result<(), Failure> {
    let chain = match args.chain {
        ChainArg::Evm => Chain::Evm,
        ChainArg::Solana => Chain::Solana,
        ChainArg::Cosmwasm => Chain::Cosmwasm {
            prefix: args.bech32_prefix.clone(),
        },
        ChainArg::Ink => Chain::Ink {
            ss58_prefix: args.ss58_prefix,
        },
    };
    // Check the context before reading a possibly huge file.
    let ctx = match chain {
        Chain::Evm => {
            let missing = |flag: &str| anyhow::anyhow!("--chain evm needs {flag}");
            let distributor = args
                .distributor
                .as_deref()
                .ok_or_else(|| missing("--distributor"))?;
            let distributor = Chain::Evm
                .parse_address(distributor)
                .context("--distributor")?;
            let mut d = [0u8; 20];
            d.copy_from_slice(&distributor.bytes);
            Some(EvmContext {
                chain_id: args.chain_id.ok_or_else(|| missing("--chain-id"))?,
                distributor: d,
                distribution_id: args
                    .distribution_id
                    .ok_or_else(|| missing("--distribution-id"))?,
            })
        }
        _ => None,
    };
    let pb = spinner(cli);
    let mut timings = Timings::default();
    pb.set_message(format!("reading {}", args.input.display()));
    let file =
        File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let rows = timings.phase("read", || {
        read_holders(
            BufReader::with_capacity(1 << 20, file),
            &chain,
            args.decimals,
        )
    })?;
    if cli.verbose {
        pb.suspend(|| {
            eprintln!(
                "read {} valid recipients from {}",
                rows.len(),
                args.input.display()
            )
        });
    }
    let Some(ctx) = ctx else {
        pb.finish_and_clear();
        return Err(PlanError::Unsupported(chain.name()).into());
    };
    pb.set_message(format!("building the tree of {} claims", rows.len()));
    let built = timings.phase("build", || EvmPlan::build(ctx, rows))?;
    pb.set_message(format!("writing {}", args.output.display()));
    timings
        .phase("write", || built.write_file(&args.output))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    pb.finish_and_clear();
    report(cli, &built.summary(), Some(&args.output), Some(&timings));
    Ok(())
}

fn verify(cli: &Cli, path: &PathBuf) -> Result<(), Failure> {
    let pb = spinner(cli);
    pb.set_message(format!("verifying {}", path.display()));
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let summary = verify_evm_plan(&bytes)?;
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
