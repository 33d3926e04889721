//! `tokenrail ledger`: a deployment's events in a database (SQLite file or PostgreSQL), and
//! what an issuer reads from them: the cap table at any point, an account's history, and a
//! reconciliation against the chain (`docs/spec/events.md`). EVM, Solana, CosmWasm and ink!
//! deployments, each read through its ecosystem's own node interface.

use std::path::PathBuf;
use std::time::Duration;

use alloy::primitives::Address;
use anyhow::Context;
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_ledger::cosmwasm::{CosmwasmSource, CwContract};
use tokenrail_ledger::evm::{EvmContract, EvmSource};
use tokenrail_ledger::holdings::ContractState;
use tokenrail_ledger::ink::{InkContract, InkSource};
use tokenrail_ledger::solana::SolanaSource;
use tokenrail_ledger::views::{self, CapTable, Drift};
use tokenrail_ledger::{Access, At, EventRecord, Family, Source, Store, SyncOptions};
use tokenrail_sdk::cosmwasm::CwDeployment;
use tokenrail_sdk::evm::EvmDeployment;
use tokenrail_sdk::ink::{AccountId32, InkDeployment};
use tokenrail_sdk::solana::{Pubkey, SolanaDeployment};

use crate::chain::address::ChainAddress;
use crate::chain::record::DeploymentFile;
use crate::chain::ChainArg;
use crate::error::{BadInput, Drifted, Failure};
use crate::output::Output;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// Reads the deployment's events from its endpoint into the ledger database, exactly once:
    /// each step commits its events with the cursor, so a sync stopped at any point resumes
    /// where it stopped. Blocks within --confirmations are re-checked and rolled back if the
    /// chain reorganises.
    Sync(SyncArgs),
    /// Who held the token at a block or a time (default: everything synced), from the
    /// ledger's events alone: balances, freezes, lock-ups and registry entries.
    Captable(CapTableArgs),
    /// Every event that names an account, in chain order.
    ///
    /// The token's and its registry's, and the deployment's escrows', payouts' and channels'.
    History(HistoryArgs),
    /// Compares the ledger's cap table with the chain's supply and balances; exits with code 6
    /// on any difference (sync first: a difference means the ledger is behind or wrong).
    Reconcile(ReconcileArgs),
}

/// What every ledger command reads: the deployment it follows and the database.
#[derive(Args)]
pub struct LedgerArgs {
    /// The chain family.
    #[arg(long, value_enum)]
    chain: ChainArg,
    /// The deployment file whose token and registry the ledger follows.
    #[arg(
        long,
        env = "TOKENRAIL_DEPLOYMENT",
        default_value = "tokenrail-deployment.json"
    )]
    deployment: PathBuf,
    /// The ledger database: an SQLite file (`sync` creates it) or a `postgres://` URL (its
    /// password in `~/.pgpass` or `PGPASSWORD`, not on the command line).
    #[arg(
        long,
        env = "TOKENRAIL_LEDGER_DATABASE",
        default_value = "tokenrail-ledger.db"
    )]
    database: String,
}

#[derive(Args)]
pub struct SyncArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    /// The chain's node (EVM JSON-RPC, Solana JSON-RPC, CometBFT RPC, Substrate WebSocket).
    #[arg(long, visible_alias = "url", env = "TOKENRAIL_RPC_URL")]
    rpc_url: String,
    /// Blocks with fewer blocks than this on top may still be reorganised: they are read by
    /// hash and re-checked on every step (0 on a development node). Solana slots are read at
    /// `finalized`, CometBFT blocks once committed and Substrate blocks once finalized, so
    /// those syncs ignore it.
    #[arg(long, default_value_t = 12)]
    confirmations: u64,
    /// Where a first sync starts (the deployment's block, to skip older history).
    #[arg(long, default_value_t = 0)]
    from_block: u64,
    /// The most blocks one step reads and commits (providers cap `eth_getLogs` ranges).
    #[arg(long, default_value_t = 2_000)]
    max_range: u64,
    /// How long the node may fail to answer before the sync gives up, in seconds.
    #[arg(long, default_value_t = 120)]
    give_up_after: u64,
    /// Keep following the chain's head (one report per round that changed something).
    #[arg(long)]
    follow: bool,
    /// With --follow: milliseconds between rounds (a round that finds nothing new costs the
    /// node one or two calls).
    #[arg(long, default_value_t = 250, requires = "follow")]
    poll_ms: u64,
}

#[derive(Args)]
pub struct CapTableArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    /// The cap table as of this block (its events included).
    #[arg(long, conflicts_with = "at_time")]
    at_block: Option<u64>,
    /// The cap table as of this time (Unix seconds; blocks up to it included).
    #[arg(long)]
    at_time: Option<u64>,
    /// Also write the table as CSV to this file (`-` for stdout), atomically.
    #[arg(long)]
    csv: Option<PathBuf>,
}

#[derive(Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    /// The account (in the chain's spelling: EIP-55 on EVM, base58 on Solana, bech32 with the
    /// deployment's prefix on CosmWasm, SS58 on ink!).
    #[arg(long)]
    account: String,
}

#[derive(Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    ledger: LedgerArgs,
    /// The chain's JSON-RPC endpoint the balances are read from.
    #[arg(long, visible_alias = "url", env = "TOKENRAIL_RPC_URL")]
    rpc_url: String,
}

/// Runs a ledger command.
pub fn run(out: &Output, cmd: &LedgerCommand) -> Result<(), Failure> {
    match cmd {
        LedgerCommand::Sync(a) => sync(out, a),
        LedgerCommand::Captable(a) => {
            let (followed, rt) = open(&a.ledger)?;
            let at = match (a.at_block, a.at_time) {
                (Some(b), _) => At::Block(b),
                (_, Some(t)) => At::Time(t),
                _ => At::Latest,
            };
            let table = followed.cap_table(&rt, at)?;
            if let Some(path) = &a.csv {
                tokenrail_planner::files::write_atomically(path, |w| table.write_csv(w))
                    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
                if tokenrail_planner::files::is_stdout(path) {
                    return Ok(());
                }
            }
            print_table(out, &table);
            Ok(())
        }
        LedgerCommand::History(a) => {
            let (followed, rt) = open(&a.ledger)?;
            let account = followed.deployed.account(&a.account)?;
            let events = followed.events(&rt, At::Latest)?;
            let rows: Vec<Value> = views::history(&events, &account)
                .into_iter()
                .map(row)
                .collect();
            if out.json {
                println!("{}", json!({ "account": account, "events": rows }));
            } else if !out.quiet {
                for r in &rows {
                    println!(
                        "block {} tx {} {} {}",
                        r["block"], r["tx"], r["kind"], r["fields"]
                    );
                }
            }
            Ok(())
        }
        LedgerCommand::Reconcile(a) => reconcile(out, a),
    }
}

/// The deployment a ledger command follows: its token and registry on one network.
struct Deployed {
    chain: ChainArg,
    family: Family,
    network: String,
    /// The account prefix where the family has one (a Cosmos chain's bech32 prefix, a
    /// Substrate chain's SS58 format).
    prefix: Option<String>,
    /// The token and its registry, in the chain's canonical spelling (as the ledger stores).
    token: String,
    registry: String,
    /// The escrow, payout and channel contracts the sync reads beside them.
    payments: Payments,
}

/// A deployment's escrow, payout and channel contracts, as its chain's sync names them.
enum Payments {
    /// Solana's programs serve every deployment: the payment mint picks this one's accounts.
    Solana(Pubkey),
    Evm(Vec<EvmContract>),
    Cosmwasm(Vec<CwContract>),
    /// With each contract's SS58 spelling in the deployment's format.
    Ink(Vec<(InkContract, String)>),
}

impl Payments {
    /// The contracts as the ledger stores them.
    fn names(&self) -> Vec<String> {
        match self {
            Payments::Solana(_) => tokenrail_ledger::solana::PAYMENT_PROGRAMS
                .iter()
                .map(ToString::to_string)
                .collect(),
            Payments::Evm(c) => c.iter().map(|c| c.address().to_checksum(None)).collect(),
            Payments::Cosmwasm(c) => c.iter().map(|c| c.address().to_owned()).collect(),
            Payments::Ink(c) => c.iter().map(|(_, name)| name.clone()).collect(),
        }
    }
}

impl Deployed {
    /// `text` as an account of this chain, in its canonical spelling.
    fn account(&self, text: &str) -> Result<String, BadInput> {
        let prefix = self.prefix.as_deref();
        let spelled = match self.chain {
            ChainArg::Evm => <Address as ChainAddress>::parse(text).map(|a| a.show()),
            ChainArg::Ink => AccountId32::parse_with(text, prefix).map(|a| a.show_with(prefix)),
            ChainArg::Solana => <Pubkey as ChainAddress>::parse(text).map(|a| a.show()),
            _ => tokenrail_sdk::cosmwasm::Addr::parse_with(text, prefix).map(|a| a.show()),
        };
        spelled.map_err(|e| {
            BadInput(format!(
                "--account `{text}`: not a {} address: {e}",
                crate::chain::chain_title(self.chain)
            ))
        })
    }
}

/// The token and registry a ledger command follows, and the database it reads.
struct Followed {
    store: Store,
    deployed: Deployed,
}

/// Reads the deployment file and opens the existing ledger database (views never create one).
fn open(args: &LedgerArgs) -> Result<(Followed, tokio::runtime::Runtime), Failure> {
    let deployed = deployment(args)?;
    let rt = runtime()?;
    let store = rt
        .block_on(Store::open(&args.database, Access::Existing))
        .map_err(store_error)?;
    Ok((Followed { store, deployed }, rt))
}

impl Followed {
    fn events(&self, rt: &tokio::runtime::Runtime, at: At) -> Result<Vec<EventRecord>, Failure> {
        let d = &self.deployed;
        let payments = d.payments.names();
        let mut contracts = vec![d.token.as_str(), d.registry.as_str()];
        contracts.extend(payments.iter().map(String::as_str));
        let rows = rt
            .block_on(self.store.events(d.family, &d.network, &contracts, at))
            .map_err(store_error)?;
        Ok(match &d.payments {
            // The programs serve every deployment on the cluster: keep this one's rows.
            Payments::Solana(mint) => {
                tokenrail_ledger::solana::deployment_rows(rows, &mint.to_string())
            }
            _ => rows,
        })
    }

    /// The cap table from the nearest checkpoint.
    fn cap_table(&self, rt: &tokio::runtime::Runtime, at: At) -> Result<CapTable, Failure> {
        let (state, registry) = self.states(rt, at)?;
        Ok(CapTable::from_states(
            &self.deployed.token,
            &state,
            &registry,
        ))
    }

    /// The token's and the registry's folded states from the nearest checkpoints.
    fn states(
        &self,
        rt: &tokio::runtime::Runtime,
        at: At,
    ) -> Result<(ContractState, ContractState), Failure> {
        let d = &self.deployed;
        let states =
            rt.block_on(
                self.store
                    .states(d.family, &d.network, &d.token, Some(&d.registry), at),
            );
        match states {
            Ok(s) => Ok(s),
            Err(tokenrail_ledger::ViewError::Store(e)) => Err(store_error(e)),
            Err(e) => Err(anyhow::anyhow!(e).into()),
        }
    }
}

/// The network, token and registry of a deployment file with an issued token.
fn deployment(args: &LedgerArgs) -> Result<Deployed, Failure> {
    let no_token = || {
        BadInput(format!(
            "{}: no token is issued in this deployment (`tokenrail token issue` first)",
            args.deployment.display()
        ))
    };
    match args.chain {
        ChainArg::Evm => {
            let d: DeploymentFile<EvmDeployment> =
                DeploymentFile::read(&args.deployment, args.chain)?;
            let (token, registry) = d.contracts.token.ok_or_else(no_token)?;
            let c = &d.contracts;
            let payments = Payments::Evm(vec![
                EvmContract::Escrow(c.escrow),
                EvmContract::MultiSend(c.multisend),
                EvmContract::Distributor(c.distributor),
                EvmContract::Channel(c.channel),
            ]);
            Ok(Deployed {
                chain: args.chain,
                family: Family::Evm,
                network: d.network,
                prefix: None,
                token: token.show(),
                registry: registry.show(),
                payments,
            })
        }
        ChainArg::Cosmwasm => {
            let d: DeploymentFile<CwDeployment> =
                DeploymentFile::read(&args.deployment, args.chain)?;
            let (token, registry) = d.contracts.token.clone().ok_or_else(no_token)?;
            let c = &d.contracts;
            let payments = Payments::Cosmwasm(vec![
                CwContract::Escrow(c.escrow.to_string()),
                CwContract::Payout(c.payout.to_string()),
                CwContract::Channel(c.channel.to_string()),
            ]);
            Ok(Deployed {
                chain: args.chain,
                family: Family::Cosmwasm,
                network: d.network,
                prefix: d.address_prefix,
                token: token.to_string(),
                registry: registry.to_string(),
                payments,
            })
        }
        ChainArg::Ink => {
            let d: DeploymentFile<InkDeployment> =
                DeploymentFile::read(&args.deployment, args.chain)?;
            let (token, registry) = d.contracts.token.clone().ok_or_else(no_token)?;
            let prefix = d.address_prefix;
            let c = &d.contracts;
            let named = |contract: fn([u8; 32]) -> InkContract, account: &AccountId32| {
                (
                    contract(*account.as_ref()),
                    account.show_with(prefix.as_deref()),
                )
            };
            let payments = Payments::Ink(vec![
                named(InkContract::Escrow, &c.escrow),
                named(InkContract::Payout, &c.payout),
                named(InkContract::Channel, &c.channel),
            ]);
            Ok(Deployed {
                chain: args.chain,
                family: Family::Ink,
                network: d.network,
                token: token.show_with(prefix.as_deref()),
                registry: registry.show_with(prefix.as_deref()),
                prefix,
                payments,
            })
        }
        ChainArg::Solana => {
            let d: DeploymentFile<SolanaDeployment> =
                DeploymentFile::read(&args.deployment, args.chain)?;
            let token = d.contracts.token.ok_or_else(no_token)?;
            let registry = d.contracts.registry.ok_or_else(|| {
                BadInput(format!(
                    "{}: the token's registry is not recorded (a file written before the \
                     ledger read Solana): add \"registry\": \"<the registry's address>\" under \
                     \"contracts\"",
                    args.deployment.display()
                ))
            })?;
            Ok(Deployed {
                chain: args.chain,
                family: Family::Solana,
                network: d.network,
                prefix: None,
                token: token.to_string(),
                registry: registry.to_string(),
                payments: Payments::Solana(d.contracts.payment_mint),
            })
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Runtime::new().context("cannot start the async runtime")?)
}

fn store_error(e: tokenrail_ledger::StoreError) -> Failure {
    use tokenrail_ledger::StoreError as E;
    match e {
        e @ (E::Missing(_) | E::NotLedger(_) | E::NewerSchema { .. } | E::OlderSchema { .. }) => {
            BadInput(e.to_string()).into()
        }
        e => anyhow::anyhow!(e).into(),
    }
}

/// A recorded EVM address.
fn evm_address(text: &str) -> Result<Address, Failure> {
    <Address as ChainAddress>::parse(text)
        .map_err(|e| anyhow::anyhow!("the deployment records `{text}`: {e}").into())
}

/// Refuses a node that serves another chain than the deployment's.
fn same_network(
    source: &impl Source,
    url: &str,
    deployed: &Deployed,
    deployment: &std::path::Path,
) -> Result<(), Failure> {
    if source.network() == deployed.network {
        return Ok(());
    }
    Err(BadInput(format!(
        "{} is a deployment on chain {}, but {url} is chain {}",
        deployment.display(),
        deployed.network,
        source.network()
    ))
    .into())
}

fn unreachable(url: &str, e: tokenrail_ledger::SyncError) -> Failure {
    anyhow::anyhow!("cannot reach {url}: {e}").into()
}

/// The EVM source of the deployment's contracts at `url`, after checking it serves the
/// deployment's chain.
async fn evm_endpoint(
    url: &str,
    deployed: &Deployed,
    deployment: &std::path::Path,
) -> Result<EvmSource, Failure> {
    let mut contracts = vec![
        EvmContract::Token(evm_address(&deployed.token)?),
        EvmContract::Registry(evm_address(&deployed.registry)?),
    ];
    if let Payments::Evm(payments) = &deployed.payments {
        contracts.extend(payments.iter().copied());
    }
    // The SDK's transport (timeouts, rate-limit retries).
    let provider = crate::target::evm::async_reader(url).await?;
    let source = EvmSource::connect(provider, contracts)
        .await
        .map_err(|e| unreachable(url, e))?;
    same_network(&source, url, deployed, deployment)?;
    Ok(source)
}

/// The Solana source of the deployment's mint at `url`, after checking it serves the
/// deployment's cluster and the mint's hook reads the recorded registry.
async fn solana_endpoint(
    url: &str,
    deployed: &Deployed,
    deployment: &std::path::Path,
) -> Result<SolanaSource, Failure> {
    let mut source = SolanaSource::connect(url, &deployed.token)
        .await
        .map_err(|e| unreachable(url, e))?;
    if let Payments::Solana(payment_mint) = &deployed.payments {
        source = source.with_payments(payment_mint);
    }
    same_network(&source, url, deployed, deployment)?;
    if source.asset().registry() != deployed.registry {
        return Err(BadInput(format!(
            "{} records registry {}, but the mint's transfer hook reads {}",
            deployment.display(),
            deployed.registry,
            source.asset().registry()
        ))
        .into());
    }
    Ok(source)
}

/// The ink! source of the deployment's contracts at `url`, after checking it serves the
/// deployment's chain.
async fn ink_endpoint(
    url: &str,
    deployed: &Deployed,
    deployment: &std::path::Path,
) -> Result<InkSource, Failure> {
    let prefix = deployed.prefix.as_deref();
    let format = crate::chain::address::ss58_format(prefix).map_err(BadInput)?;
    let account = |text: &str| -> Result<[u8; 32], Failure> {
        let a = AccountId32::parse_with(text, prefix)
            .map_err(|e| anyhow::anyhow!("the deployment records `{text}`: {e}"))?;
        Ok(*a.as_ref())
    };
    let mut contracts = vec![
        InkContract::Token(account(&deployed.token)?),
        InkContract::Registry(account(&deployed.registry)?),
    ];
    if let Payments::Ink(payments) = &deployed.payments {
        contracts.extend(payments.iter().map(|(contract, _)| *contract));
    }
    let source = InkSource::connect(url, contracts, format)
        .await
        .map_err(|e| unreachable(url, e))?;
    same_network(&source, url, deployed, deployment)?;
    Ok(source)
}

/// The CosmWasm source of the deployment's contracts at `url`, after checking it serves the
/// deployment's chain.
async fn cosmwasm_endpoint(
    url: &str,
    deployed: &Deployed,
    deployment: &std::path::Path,
) -> Result<CosmwasmSource, Failure> {
    let mut contracts = vec![
        CwContract::Token(deployed.token.clone()),
        CwContract::Registry(deployed.registry.clone()),
    ];
    if let Payments::Cosmwasm(payments) = &deployed.payments {
        contracts.extend(payments.iter().cloned());
    }
    let source = CosmwasmSource::connect(url, contracts)
        .await
        .map_err(|e| unreachable(url, e))?;
    same_network(&source, url, deployed, deployment)?;
    Ok(source)
}

fn sync(out: &Output, a: &SyncArgs) -> Result<(), Failure> {
    let deployed = deployment(&a.ledger)?;
    let options = SyncOptions {
        from_block: a.from_block,
        confirmations: a.confirmations,
        max_range: a.max_range,
        give_up_after: Duration::from_secs(a.give_up_after),
        ..SyncOptions::default()
    };
    let (url, file) = (&a.rpc_url, &a.ledger.deployment);
    runtime()?.block_on(async {
        match deployed.chain {
            ChainArg::Evm => {
                let source = evm_endpoint(url, &deployed, file).await?;
                follow(out, a, &source, &options).await
            }
            ChainArg::Ink => {
                let source = ink_endpoint(url, &deployed, file).await?;
                follow(out, a, &source, &options).await
            }
            ChainArg::Solana => {
                let source = solana_endpoint(url, &deployed, file).await?;
                follow(out, a, &source, &options).await
            }
            _ => {
                let source = cosmwasm_endpoint(url, &deployed, file).await?;
                follow(out, a, &source, &options).await
            }
        }
    })
}

/// Syncs `source` to the chain's head, and with --follow keeps doing so.
async fn follow(
    out: &Output,
    a: &SyncArgs,
    source: &impl Source,
    options: &SyncOptions,
) -> Result<(), Failure> {
    let store = Store::open(&a.ledger.database, Access::Create)
        .await
        .map_err(store_error)?;
    loop {
        let report = tokenrail_ledger::sync_to_head(source, &store, options)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
        let changed = report.inserted + report.rolled_back + report.unknown > 0;
        if report.unknown > 0 {
            eprintln!(
                "warning: {} event(s) did not decode; stored with kind `unknown`",
                report.unknown
            );
        }
        if !a.follow || changed {
            let v = json!({
                "database": store.name(),
                "source": source.id(),
                "head": report.head,
                "inserted": report.inserted,
                "already_stored": report.already_stored,
                "rolled_back": report.rolled_back,
                "unknown": report.unknown,
                "retries": report.retries,
            });
            if out.json {
                println!("{v}");
            } else {
                super::print(out, &v);
            }
        }
        if !a.follow {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(a.poll_ms)).await;
    }
}

fn reconcile(out: &Output, a: &ReconcileArgs) -> Result<(), Failure> {
    let (followed, rt) = open(&a.ledger)?;
    let d = &followed.deployed;
    let (state, registry) = followed.states(&rt, At::Latest)?;
    let table = CapTable::from_states(&d.token, &state, &registry);
    // Every account the events named, holding or not: one the ledger believes empty is
    // checked too.
    let seen: Vec<String> = state.lines.into_keys().collect();
    let drift = match d.chain {
        ChainArg::Evm => {
            let source = rt.block_on(evm_endpoint(&a.rpc_url, d, &a.ledger.deployment))?;
            evm_drift(&rt, &source, d, &table, &seen)?
        }
        ChainArg::Ink => {
            let source = rt.block_on(ink_endpoint(&a.rpc_url, d, &a.ledger.deployment))?;
            ink_drift(&rt, &source, d, &table, &seen)?
        }
        ChainArg::Solana => {
            let source = rt.block_on(solana_endpoint(&a.rpc_url, d, &a.ledger.deployment))?;
            solana_drift(&rt, &source, &table, &seen)?
        }
        _ => {
            let source = rt.block_on(cosmwasm_endpoint(&a.rpc_url, d, &a.ledger.deployment))?;
            cosmwasm_drift(&rt, &source, d, &table, &seen)?
        }
    };
    let v = json!({
        "token": table.token,
        "block": table.block,
        "holders": table.holders.len(),
        "supply": table.supply,
        "drift": drift,
    });
    if out.json {
        println!("{v}");
    } else if !out.quiet {
        println!(
            "ledger up to block {}: {} holder(s), supply {}",
            table.block.map_or("-".into(), |b| b.to_string()),
            table.holders.len(),
            table.supply
        );
        for d in &drift {
            println!(
                "drift: {}: ledger {} chain {}",
                d.account.as_deref().unwrap_or("supply"),
                d.ledger,
                d.chain
            );
        }
    }
    if drift.is_empty() {
        Ok(())
    } else {
        Err(Drifted(format!(
            "the ledger differs from the chain in {} place(s); run `tokenrail ledger sync` and \
             reconcile again (a difference after a sync means events are missing)",
            drift.len()
        ))
        .into())
    }
}

/// The EVM token's supply and balances against the cap table.
fn evm_drift(
    rt: &tokio::runtime::Runtime,
    source: &EvmSource,
    d: &Deployed,
    table: &CapTable,
    seen: &[String],
) -> Result<Vec<Drift>, Failure> {
    let token =
        tokenrail_evm::TokenrailAssetToken::new(evm_address(&d.token)?, source.provider().clone());
    let read = |call: Result<alloy::primitives::U256, alloy::contract::Error>| {
        call.map_err(|e| e.to_string()).and_then(|v| {
            u128::try_from(v)
                .map(Amount)
                .map_err(|_| format!("{v} exceeds 128 bits"))
        })
    };
    let supply = rt
        .block_on(async { read(token.totalSupply().call().await) })
        .map_err(|e| anyhow::anyhow!("cannot read the supply: {e}"))?;
    let drift = views::reconcile(table, supply, seen, |account| {
        let who = <Address as ChainAddress>::parse(account)?;
        rt.block_on(async { read(token.balanceOf(who).call().await) })
    })
    .map_err(|e| anyhow::anyhow!("cannot read a balance: {e}"))?;
    Ok(drift)
}

/// The CosmWasm token's supply and balances (cw20 queries) against the cap table.
fn cosmwasm_drift(
    rt: &tokio::runtime::Runtime,
    source: &CosmwasmSource,
    d: &Deployed,
    table: &CapTable,
    seen: &[String],
) -> Result<Vec<Drift>, Failure> {
    let read = |msg: Value, field: &str| -> Result<Amount, String> {
        let answer = rt
            .block_on(source.query(&d.token, &msg))
            .map_err(|e| e.to_string())?;
        answer[field]
            .as_str()
            .ok_or_else(|| format!("the token answered {answer} to {msg}"))?
            .parse()
            .map_err(|e| format!("{field}: {e}"))
    };
    let supply = read(json!({ "token_info": {} }), "total_supply")
        .map_err(|e| anyhow::anyhow!("cannot read the supply: {e}"))?;
    let drift = views::reconcile(table, supply, seen, |account| {
        read(json!({ "balance": { "address": account } }), "balance")
    })
    .map_err(|e| anyhow::anyhow!("cannot read a balance: {e}"))?;
    Ok(drift)
}

/// The Solana mint's supply and each holder's associated token account against the cap table.
fn solana_drift(
    rt: &tokio::runtime::Runtime,
    source: &SolanaSource,
    table: &CapTable,
    seen: &[String],
) -> Result<Vec<Drift>, Failure> {
    let supply = rt
        .block_on(source.supply())
        .map_err(|e| anyhow::anyhow!("cannot read the supply: {e}"))?;
    let drift = views::reconcile(table, supply, seen, |account| {
        rt.block_on(source.balance(account))
            .map_err(|e| e.to_string())
    })
    .map_err(|e| anyhow::anyhow!("cannot read a balance: {e}"))?;
    Ok(drift)
}

/// The ink! token's supply and balances (PSP22 messages, dry-run) against the cap table.
fn ink_drift(
    rt: &tokio::runtime::Runtime,
    source: &InkSource,
    d: &Deployed,
    table: &CapTable,
    seen: &[String],
) -> Result<Vec<Drift>, Failure> {
    use tokenrail_ink::ink_asset_token::messages;
    let prefix = d.prefix.as_deref();
    let token = *AccountId32::parse_with(&d.token, prefix)
        .map_err(|e| anyhow::anyhow!("the deployment records `{}`: {e}", d.token))?
        .as_ref();
    let read = |message: tokenrail_ink::Message<Result<u128, tokenrail_ink::LangError>>| {
        let bytes = rt
            .block_on(source.query(&token, message.data.clone()))
            .map_err(|e| e.to_string())?;
        match message.decode_return(&bytes) {
            Ok(Ok(v)) => Ok(Amount(v)),
            Ok(Err(e)) => Err(format!("the token refused the call: {e:?}")),
            Err(e) => Err(format!("an undecodable answer: {e}")),
        }
    };
    let supply = read(messages::psp22_total_supply())
        .map_err(|e| anyhow::anyhow!("cannot read the supply: {e}"))?;
    let drift = views::reconcile(table, supply, seen, |account| {
        let who = AccountId32::parse_with(account, prefix)?;
        read(messages::psp22_balance_of(tokenrail_ink::AccountId(
            *who.as_ref(),
        )))
    })
    .map_err(|e| anyhow::anyhow!("cannot read a balance: {e}"))?;
    Ok(drift)
}

fn row(e: &EventRecord) -> Value {
    let mut fields = serde_json::to_value(&e.data).expect("event fields serialize");
    let kind = fields
        .as_object_mut()
        .and_then(|m| m.remove("kind"))
        .unwrap_or(Value::Null);
    json!({
        "block": e.position.block,
        "block_time": e.position.block_time,
        "tx": e.tx,
        "index": e.index,
        "contract": e.contract,
        "kind": kind,
        "fields": fields,
    })
}

fn print_table(out: &Output, table: &CapTable) {
    if out.json {
        println!(
            "{}",
            serde_json::to_string(table).expect("a cap table serializes")
        );
        return;
    }
    if out.quiet {
        return;
    }
    println!(
        "token {} as of block {} (time {}): supply {}{}",
        table.token,
        table.block.map_or("-".into(), |b| b.to_string()),
        table.block_time.map_or("-".into(), |t| t.to_string()),
        table.supply,
        match (table.deactivated, table.paused) {
            (true, _) => ", deactivated",
            (false, true) => ", paused",
            (false, false) => "",
        }
    );
    println!(
        "{:<42} {:>20} {:>6} {:>20} {:>12} {:>12}",
        "account", "balance", "frozen", "frozen_amount", "locked_until", "jurisdiction"
    );
    for h in &table.holders {
        println!(
            "{:<42} {:>20} {:>6} {:>20} {:>12} {:>12}",
            h.account,
            h.balance.to_string(),
            h.frozen,
            h.frozen_amount.to_string(),
            h.locked_until,
            h.investor
                .as_ref()
                .map_or("-".into(), |i| i.jurisdiction.to_string())
        );
    }
}
