//! The command line's shape: the global flags and the command groups (each group's own flags
//! live in its module under [`crate::commands`]).

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "tokenrail", version, about = "Tokenrail issuer tools")]
pub struct Cli {
    #[command(flatten)]
    pub output: crate::output::Output,
    /// The profile of per-chain defaults (endpoint, key file, deployment file), or `none`
    /// (default: `tokenrail.toml` here, else in `~/.config/tokenrail/`; see docs/cli.md).
    #[arg(
        long,
        global = true,
        env = "TOKENRAIL_PROFILE",
        value_name = "PATH|none"
    )]
    pub profile: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Runs the whole lifecycle (token, whitelist, escrow, payout, channel) on every chain's
    /// devnet and reports, per step and chain, whether it did what the spec says.
    #[cfg(feature = "devnet")]
    Demo(crate::commands::demo::DemoArgs),
    /// Deploys the contracts: on a chain's embedded devnet (its state then persists in
    /// --state-dir between commands), or with --rpc-url on an endpoint (recorded in
    /// --deployment).
    Deploy(crate::target::Change),
    /// The devnets: accounts, clock (with --rpc-url, a development node's), reset.
    #[command(subcommand)]
    Devnet(crate::commands::devnet::DevnetCommand),
    /// The asset token and its investor registry, on a devnet or an endpoint.
    #[command(subcommand)]
    Token(crate::commands::token::TokenCommand),
    /// Milestone escrows, on a devnet or an endpoint.
    #[command(subcommand)]
    Escrow(crate::commands::escrow::EscrowCommand),
    /// Plan and verify payouts off chain; pay them by multi-send or Merkle distribution on a
    /// devnet or an endpoint.
    #[command(subcommand)]
    Payout(crate::commands::payout::PayoutCommand),
    /// Payment channels: sign and verify off-chain states; open, close, challenge and settle
    /// on a devnet or an endpoint.
    #[command(subcommand)]
    Channel(crate::commands::channel::ChannelCommand),
    /// The ledger: a deployment's events in a database (SQLite file or PostgreSQL), cap tables
    /// at any block or time, account histories, reconciliation against the chain.
    #[command(subcommand)]
    Ledger(crate::commands::ledger::LedgerCommand),
}
