//! Where a command runs: a chain family's embedded devnet, or an endpoint of that family,
//! each over the same [`crate::session::Session`] and the same record of what the CLI created.
//!
//! - [`devnet`]: the embedded devnets, their state a snapshot between commands.
//! - [`evm`], [`solana`], [`cosmwasm`], [`ink`]: each family's clients, record format and
//!   endpoint.
//! - [`crate::chain`]: the family abstraction, the requests and the records every target
//!   shares.
//!
//! Accounts on a devnet are its named development accounts (`issuer`, `alice`, `bob`, …): they
//! sign (`--from`), and anywhere an address is expected a name or the chain's own address
//! spelling is accepted. Escrows, distributions and channels are numbered from 1 in the order
//! they were created.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde_json::Value;

use crate::chain::chain_name;
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::output::Output;

pub mod cosmwasm;
#[cfg(feature = "devnet")]
pub mod devnet;
pub mod evm;
pub mod ink;
pub mod solana;

use crate::chain::ops::{Op, Query};

/// How long an endpoint may take to answer its first request.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Which chain a command runs on: a family's embedded devnet (by default), or an endpoint with
/// `--rpc-url`, and what each needs.
#[derive(Args, Clone, Debug)]
pub struct Target {
    /// The chain family.
    #[arg(long, value_enum)]
    pub chain: ChainArg,
    /// Directory of the devnets' state files (`<chain>.json`).
    #[arg(long, env = "TOKENRAIL_STATE_DIR", default_value = ".tokenrail")]
    pub state_dir: PathBuf,
    /// The `anvil` binary that runs the EVM devnet (default: `anvil` on PATH, then the one
    /// `scripts/setup` installs).
    #[arg(long, env = "TOKENRAIL_ANVIL")]
    pub anvil: Option<PathBuf>,
    /// Run against this JSON-RPC endpoint instead of the embedded devnet: an EVM node, a
    /// Solana cluster (a URL, or as with the Solana CLI's `--url`: mainnet-beta, devnet,
    /// testnet, localhost, or their initials), a Cosmos chain's CometBFT RPC, or a Substrate
    /// node's WebSocket RPC (`ws://127.0.0.1:9944`, as cargo-contract's `--url`).
    #[arg(long, visible_alias = "url", env = "TOKENRAIL_RPC_URL")]
    pub rpc_url: Option<String>,
    /// Endpoint: the signer's key file; it signs (and on Solana pays for) every call. EVM: the
    /// secret as 64 hex digits. Solana: a keypair file (`solana-keygen new`), by default the
    /// Solana CLI's `~/.config/solana/id.json`. Cosmos: the secp256k1 secret in hex. ink!: a
    /// secret URI (the secret phrase or `0x` seed `subkey generate` prints).
    #[arg(long, visible_alias = "keypair", env = "TOKENRAIL_KEY_FILE")]
    pub key: Option<PathBuf>,
    /// Endpoint: the deployment file (addresses, escrows and distributions made here), written
    /// by `deploy` and kept up to date by later commands.
    #[arg(
        long,
        env = "TOKENRAIL_DEPLOYMENT",
        default_value = "tokenrail-deployment.json"
    )]
    pub deployment: PathBuf,
    /// Endpoint, `deploy`: the token to pay in, an ERC-20 or a Solana mint (default: a new
    /// test token, the signer credited with 1,000,000 units), or a Cosmos chain's bank denom
    /// (required there).
    #[arg(long)]
    pub payment_token: Option<String>,
    /// Cosmos endpoint, `deploy`: the chain's bech32 account prefix (`osmo`, `wasm`, …);
    /// recorded in the deployment.
    #[arg(long)]
    pub bech32_prefix: Option<String>,
    /// Cosmos endpoint: the gas price fees are paid at, as `0.025uatom` (default: zero in the
    /// payment denom, which only a development node accepts).
    #[arg(long, env = "TOKENRAIL_GAS_PRICE")]
    pub gas_price: Option<String>,
    /// ink! endpoint: the signer's secret URI, as cargo-contract's `--suri` (`//Alice` on a
    /// development chain); a real key belongs in a `--key` file.
    #[arg(
        long,
        env = "TOKENRAIL_SURI",
        hide_env_values = true,
        conflicts_with = "key"
    )]
    pub suri: Option<String>,
    /// ink! endpoint: the signer's signature scheme, `sr25519` (default) or `ecdsa` (channel
    /// commands always read the key as ECDSA: the channel contract checks secp256k1
    /// signatures).
    #[arg(long, env = "TOKENRAIL_SCHEME")]
    pub scheme: Option<String>,
    /// Cosmos and ink! endpoints, `deploy`: where the contracts' wasm is
    /// (`scripts/build-artifacts`; default `artifacts/cosmwasm` or `artifacts/ink`).
    #[arg(long)]
    pub artifacts: Option<PathBuf>,
}

impl Target {
    /// `--artifacts`, or the chain's `default`.
    pub fn artifacts_or(&self, default: &str) -> PathBuf {
        self.artifacts
            .clone()
            .unwrap_or_else(|| PathBuf::from(default))
    }
}

/// What a changing command takes besides its target.
#[derive(Args, Clone, Debug)]
pub struct Change {
    #[command(flatten)]
    pub target: Target,
    /// Run the operation and report it, but save nothing (on an EVM endpoint: on a fork).
    #[arg(long)]
    pub dry_run: bool,
}

/// What one invocation asks of a target.
pub enum Request {
    /// A change, saved unless the flag (`--dry-run`) is set.
    Change(Op, bool),
    /// A read.
    Read(Query),
}

/// Runs `request` on `target`: its endpoint with `--rpc-url`, else its devnet.
pub fn run(out: &Output, target: &Target, request: Request) -> Result<Value, Failure> {
    match (&target.rpc_url, target.chain) {
        (Some(url), ChainArg::Evm) => evm::run(out, target, url, request),
        (Some(url), ChainArg::Solana) => solana::run(out, target, url, request),
        (Some(url), ChainArg::Cosmwasm) => cosmwasm::run(out, target, url, request),
        (Some(url), ChainArg::Ink) => ink::run(out, target, url, request),
        #[cfg(feature = "devnet")]
        (None, ChainArg::Evm) => devnet::run::<evm::Evm>(out, target, request),
        #[cfg(feature = "devnet")]
        (None, ChainArg::Solana) => devnet::run::<solana::Solana>(out, target, request),
        #[cfg(feature = "devnet")]
        (None, ChainArg::Cosmwasm) => devnet::run::<cosmwasm::Cosmwasm>(out, target, request),
        #[cfg(feature = "devnet")]
        (None, ChainArg::Ink) => devnet::run::<ink::Ink>(out, target, request),
        #[cfg(not(feature = "devnet"))]
        (None, _) => {
            let _ = (out, request);
            Err(no_devnet())
        }
    }
}

/// Why a command without `--rpc-url` cannot run in a binary built without the devnets.
#[cfg(not(feature = "devnet"))]
pub fn no_devnet() -> Failure {
    BadInput(
        "this tokenrail was built without the embedded devnets (`--no-default-features`): \
         give the endpoint with --rpc-url, or install with the `devnet` feature"
            .into(),
    )
    .into()
}

/// The account prefix an endpoint's recorded deployment spells addresses in (a Cosmos chain's
/// bech32 prefix, a Substrate chain's SS58 format), for reading a holders file before the
/// endpoint is reached; none off an endpoint or without a readable deployment (the command
/// then fails on the deployment itself).
pub fn recorded_address_prefix(target: &Target) -> Option<String> {
    target.rpc_url.as_ref()?;
    let text = std::fs::read_to_string(&target.deployment).ok()?;
    let recorded: Value = serde_json::from_str(&text).ok()?;
    recorded["address_prefix"].as_str().map(String::from)
}

/// An exclusive lock on the deployment file for a change (held until dropped), so two commands
/// at once cannot lose each other's records; none for a read.
pub(crate) fn lock_deployment(
    target: &Target,
    request: &Request,
) -> Result<Option<std::fs::File>, Failure> {
    if !matches!(request, Request::Change(_, false)) {
        return Ok(None);
    }
    let mut name = target.deployment.as_os_str().to_owned();
    name.push(".lock");
    exclusive_lock(&PathBuf::from(name)).map(Some)
}

/// Opens (creating) the lock file at `path` and takes an exclusive lock on it, waiting for any
/// other holder; the lock is held until the file is dropped.
pub(crate) fn exclusive_lock(path: &std::path::Path) -> Result<std::fs::File, Failure> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    file.lock()
        .map_err(|e| anyhow::anyhow!("cannot lock {}: {e}", path.display()))?;
    Ok(file)
}

/// Why an endpoint of `chain` (`on`, as the message names it) takes no `--dry-run`: an
/// operation is often several transactions (an approval, then the call), and a node simulates
/// one at a time on its newest state, so a simulated operation could not be reported
/// truthfully (on EVM a dry run runs on a fork instead).
pub(crate) fn no_dry_run(on: &str, chain: ChainArg) -> Failure {
    let flag = if chain == ChainArg::Cosmwasm {
        "--rpc-url"
    } else {
        "--url"
    };
    BadInput(format!(
        "--dry-run is not available on {on}: an operation's later transactions cannot be \
         simulated on top of its earlier ones (run it on the embedded devnet, `--chain {}` \
         without {flag})",
        chain_name(chain)
    ))
    .into()
}
