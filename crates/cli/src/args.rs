//! The command line's shape: global flags, the command groups, and the chain family flag.

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "tokenrail", version, about = "Tokenrail issuer tools")]
pub struct Cli {
    /// Print machine-readable JSON on stdout (and no progress).
    #[arg(long, global = true, env = "TOKENRAIL_JSON")]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
}

/// A chain family, as flags and channel message files name it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ChainArg {
    /// An EVM chain.
    Evm,
    /// Solana.
    Solana,
    /// A Cosmos chain with CosmWasm.
    Cosmwasm,
    /// A Substrate chain with pallet-contracts (ink!).
    Ink,
}
