//! `tokenrail channel`: builds, signs and verifies channel messages for every chain (the bytes
//! each chain's contract verifies, from `tokenrail-channel`), and drives the channel contract
//! through the SDK's `ChannelClient`: on a devnet (`--chain`), on a recorded deployment
//! (`--chain` with `--rpc-url`), or on an EVM endpoint's contract named by address
//! (`--rpc-url --contract`, channels named by their parties and asset).
//!
//! Messages travel between the parties as a JSON file: one party writes it with its
//! signature (`sign` with the message flags and `--output`), the other adds its own (`sign
//! --message`), and either submits it (`close`, `challenge`).
//!
//! - [`crate::message`]: the message file and each chain's spelling of its fields.
//! - [`offline`]: `sign` and `verify` with key files, no chain needed.
//! - [`deployment`]: a devnet or a recorded deployment (`--chain`), through the session.
//! - [`evm_endpoint`]: an EVM endpoint's contract named by address.

mod deployment;
mod evm_endpoint;
mod offline;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::{change, print, read};
use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};
use crate::message::KindArg;
use crate::output::Output;

#[derive(Subcommand)]
pub enum ChannelCommand {
    /// Signs a State or Close as party A or B: a new message from the flags (written to
    /// `--output`), or the counterparty's message file (`--message`, signed in place).
    Sign(SignArgs),
    /// Verifies a message file's signatures against the parties.
    Verify(VerifyArgs),
    /// Opens (or re-opens) a channel, approving the deposit first if the allowance is short.
    Open(OpenArgs),
    /// A party tops up an open channel.
    Deposit(DepositArgs),
    /// Closes a channel: at once with a co-signed Close, with a challenge period on a
    /// co-signed State, or on no state at all (`--without-state`, the timeout refund).
    Close(CloseArgs),
    /// Replaces the recorded state with a newer co-signed State.
    Challenge(SubmitArgs),
    /// Pays out the recorded state after the challenge period.
    Settle(KeyedArgs),
    /// Prints a channel's state.
    Show(ShowArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PartyArg {
    A,
    B,
}

/// The fields of a new message.
#[derive(Args)]
pub struct NewMessage {
    /// The chain whose encoding and signature scheme to use.
    #[arg(long, value_enum)]
    chain: Option<ChainArg>,
    /// State (exchanged after every payment) or Close (the agreement to close now).
    #[arg(long, value_enum, default_value = "state")]
    kind: KindArg,
    /// The channel id (32 bytes hex; Solana also base58). EVM derives it from --a, --b and
    /// --asset instead.
    #[arg(long)]
    channel_id: Option<String>,
    /// EVM: party A (the opener).
    #[arg(long)]
    a: Option<String>,
    /// EVM: party B.
    #[arg(long)]
    b: Option<String>,
    /// EVM: the ERC-20 token, or `native`.
    #[arg(long)]
    asset: Option<String>,
    /// The epoch (which opening of the channel).
    #[arg(long)]
    epoch: Option<u64>,
    /// The nonce (States only).
    #[arg(long)]
    nonce: Option<u64>,
    /// Cumulative amount A has paid B, in base units.
    #[arg(long)]
    sent_a: Option<String>,
    /// Cumulative amount B has paid A, in base units.
    #[arg(long)]
    sent_b: Option<String>,
    /// EVM and CosmWasm: the chain id of the domain.
    #[arg(long, env = "TOKENRAIL_CHAIN_ID")]
    chain_id: Option<String>,
    /// Solana and ink!: the network the states bind, the chain's genesis hash (base58 as
    /// `solana genesis-hash` prints it, or `0x` + 64 hex digits).
    #[arg(long, env = "TOKENRAIL_NETWORK")]
    network: Option<String>,
    /// The channel contract (EVM `0x…`, CosmWasm bech32, ink! SS58), or on Solana the channel
    /// program id (base58).
    #[arg(long, env = "TOKENRAIL_CHANNEL_CONTRACT")]
    contract: Option<String>,
}

#[derive(Args)]
pub struct SignArgs {
    /// Add a signature to this message file (in place).
    #[arg(long, conflicts_with = "output")]
    message: Option<PathBuf>,
    /// Write a new message, signed, here (refuses to overwrite).
    #[arg(long, required_unless_present = "message")]
    output: Option<PathBuf>,
    #[command(flatten)]
    new: NewMessage,
    /// The signer's key file (see `docs/spec/channel.md`, CLI).
    #[arg(long, env = "TOKENRAIL_KEY_FILE", required_unless_present = "from")]
    key: Option<PathBuf>,
    /// Which party the key signs as.
    #[arg(long, value_enum, required_unless_present = "from")]
    party: Option<PartyArg>,
    /// Devnet: sign as this development account (the party follows from the channel), for a
    /// message of the devnet's channel `--channel`, domain and epoch filled in.
    /// With --rpc-url, `key`: the key file signs for the deployment's channel.
    #[arg(long, requires_all = ["chain", "channel"])]
    from: Option<String>,
    /// Devnet: the channel's number.
    #[arg(long, requires = "from")]
    channel: Option<usize>,
    /// Devnet: directory of the state files.
    #[arg(long, env = "TOKENRAIL_STATE_DIR", default_value = ".tokenrail")]
    state_dir: PathBuf,
    /// Devnet (EVM): the `anvil` binary.
    #[arg(long, env = "TOKENRAIL_ANVIL")]
    anvil: Option<PathBuf>,
    /// With --from: sign for a channel of the deployment on this endpoint (a Solana cluster or
    /// an EVM node) instead of a devnet's.
    #[arg(long, visible_alias = "url", requires = "from")]
    rpc_url: Option<String>,
    /// With --rpc-url: the deployment file `tokenrail deploy` wrote.
    #[arg(
        long,
        env = "TOKENRAIL_DEPLOYMENT",
        default_value = "tokenrail-deployment.json"
    )]
    deployment: PathBuf,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The message file.
    #[arg(long)]
    message: PathBuf,
    /// Party A's address (default: the file's, on EVM).
    #[arg(long)]
    a: Option<String>,
    /// Party B's address (default: the file's, on EVM).
    #[arg(long)]
    b: Option<String>,
}

/// Where a channel command runs: an EVM endpoint (`--rpc-url`, the channel contract and the
/// sender's key), or a chain's embedded devnet (`--chain` and the signing account `--from`).
#[derive(Args)]
pub struct Endpoint {
    /// EVM JSON-RPC URL (with --chain: the endpoint of a recorded deployment, e.g. a Solana
    /// cluster).
    #[arg(
        long,
        visible_alias = "url",
        env = "TOKENRAIL_RPC_URL",
        required_unless_present = "chain"
    )]
    rpc_url: Option<String>,
    /// The `TokenrailChannel` contract.
    #[arg(
        long,
        env = "TOKENRAIL_CHANNEL_CONTRACT",
        required_unless_present = "chain"
    )]
    contract: Option<String>,
    /// The sender's key file (EVM: 64 hex digits; Solana: a keypair file, by default
    /// `~/.config/solana/id.json`).
    #[arg(
        long,
        visible_alias = "keypair",
        env = "TOKENRAIL_KEY_FILE",
        required_unless_present = "chain"
    )]
    key: Option<PathBuf>,
    /// Run the command and report it, but change nothing: on an EVM endpoint on a private fork
    /// of it, on a devnet without saving.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    devnet: DevnetTarget,
}

/// A chain's embedded devnet, or with `--rpc-url` a deployment recorded by `tokenrail deploy`
/// on an endpoint (a Solana cluster, or an EVM node), as the target of a channel command.
#[derive(Args)]
pub struct DevnetTarget {
    /// Run on this chain's embedded devnet (with --rpc-url: on the deployment recorded in
    /// --deployment) instead of naming the contract and parties.
    #[arg(long, value_enum)]
    chain: Option<ChainArg>,
    /// Devnet: the development account that signs.
    #[arg(long, requires = "chain")]
    from: Option<String>,
    /// Devnet: directory of the state files.
    #[arg(long, env = "TOKENRAIL_STATE_DIR", default_value = ".tokenrail")]
    state_dir: PathBuf,
    /// Devnet (EVM): the `anvil` binary.
    #[arg(long, env = "TOKENRAIL_ANVIL")]
    anvil: Option<PathBuf>,
    /// With --chain and --rpc-url: the deployment file `tokenrail deploy` wrote.
    #[arg(
        long,
        env = "TOKENRAIL_DEPLOYMENT",
        default_value = "tokenrail-deployment.json"
    )]
    deployment: PathBuf,
}

/// `--chain` with `--rpc-url` names a recorded deployment, which a Solana cluster's, a Cosmos
/// chain's and a Substrate chain's channel commands use; an EVM endpoint's channels are named
/// by contract and parties.
fn deployment_channels(chain: ChainArg, rpc_url: Option<&String>) -> Result<(), BadInput> {
    match (chain, rpc_url) {
        (ChainArg::Solana | ChainArg::Cosmwasm | ChainArg::Ink, _) | (_, None) => Ok(()),
        (ChainArg::Evm, Some(_)) => Err(BadInput(
            "on an EVM endpoint, name the channel contract with --contract and the channel by \
             --a/--b/--asset (drop --chain)"
                .into(),
        )),
    }
}

/// The signature scheme a channel command's key signs with: on ink! the channel contract checks
/// secp256k1 signatures, so the key is read as an ECDSA key (its account is
/// `blake2_256(compressed public key)`).
fn channel_scheme(chain: ChainArg) -> Option<String> {
    (chain == ChainArg::Ink).then(|| "ecdsa".to_string())
}

impl DevnetTarget {
    /// The devnet (or, with `rpc_url`, the recorded deployment) this command runs on, if it
    /// names a chain.
    fn change(
        &self,
        dry_run: bool,
        rpc_url: Option<&String>,
        key: Option<&PathBuf>,
    ) -> Option<Result<crate::target::Change, BadInput>> {
        let chain = self.chain?;
        Some(
            deployment_channels(chain, rpc_url).map(|()| crate::target::Change {
                target: crate::target::Target {
                    chain,
                    state_dir: self.state_dir.clone(),
                    anvil: self.anvil.clone(),
                    rpc_url: rpc_url.cloned(),
                    key: key.cloned(),
                    deployment: self.deployment.clone(),
                    payment_token: None,
                    bech32_prefix: None,
                    // Channel commands take the gas price from the environment only.
                    gas_price: std::env::var("TOKENRAIL_GAS_PRICE").ok(),
                    suri: std::env::var("TOKENRAIL_SURI").ok(),
                    scheme: channel_scheme(chain),
                    artifacts: None,
                },
                dry_run,
            }),
        )
    }
}

impl Endpoint {
    /// The endpoint's URL, contract and key (an endpoint command without `--chain`).
    fn evm(&self) -> Result<(&str, &str, &Path), BadInput> {
        let missing = |flag: &str| BadInput(format!("an EVM endpoint needs {flag}"));
        Ok((
            self.rpc_url
                .as_deref()
                .ok_or_else(|| missing("--rpc-url"))?,
            self.contract
                .as_deref()
                .ok_or_else(|| missing("--contract"))?,
            self.key.as_deref().ok_or_else(|| missing("--key"))?,
        ))
    }
}

/// Which channel: its parties and asset (an endpoint), or its number on a devnet.
#[derive(Args)]
pub struct ChannelKeyArgs {
    /// Party A (the opener).
    #[arg(long, required_unless_present = "channel")]
    a: Option<String>,
    /// Party B.
    #[arg(long, required_unless_present = "channel")]
    b: Option<String>,
    /// The ERC-20 token, or `native`.
    #[arg(long, required_unless_present = "channel")]
    asset: Option<String>,
    /// Devnet: the channel's number.
    #[arg(long)]
    channel: Option<usize>,
}

#[derive(Args)]
pub struct OpenArgs {
    #[command(flatten)]
    endpoint: Endpoint,
    /// Party B (on a devnet, a development account or an address).
    #[arg(long)]
    counterparty: String,
    /// The ERC-20 token, or `native` (a devnet's channels hold its payment token).
    #[arg(long, required_unless_present = "chain")]
    asset: Option<String>,
    /// First deposit, in base units.
    #[arg(long)]
    amount: String,
    /// Challenge period in seconds (3600 – 2592000).
    #[arg(long)]
    period: u32,
}

#[derive(Args)]
pub struct DepositArgs {
    #[command(flatten)]
    endpoint: Endpoint,
    #[command(flatten)]
    channel: ChannelKeyArgs,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct CloseArgs {
    #[command(flatten)]
    endpoint: Endpoint,
    /// A message file signed by both parties: a Close closes at once, a State starts the
    /// challenge period.
    #[arg(long, required_unless_present = "without_state")]
    message: Option<PathBuf>,
    /// Close on the unsigned nonce-0 state (the timeout refund); on an endpoint with --a, --b,
    /// --asset, on a devnet with --channel.
    #[arg(long, conflicts_with = "message")]
    without_state: bool,
    /// Devnet: the channel's number.
    #[arg(long)]
    channel: Option<usize>,
    /// Party A (with --without-state).
    #[arg(long)]
    a: Option<String>,
    /// Party B (with --without-state).
    #[arg(long)]
    b: Option<String>,
    /// The ERC-20 token or `native` (with --without-state).
    #[arg(long)]
    asset: Option<String>,
}

#[derive(Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    endpoint: Endpoint,
    /// A State signed by both parties.
    #[arg(long)]
    message: PathBuf,
    /// Devnet: the channel's number.
    #[arg(long, requires = "chain")]
    channel: Option<usize>,
}

#[derive(Args)]
pub struct KeyedArgs {
    #[command(flatten)]
    endpoint: Endpoint,
    #[command(flatten)]
    channel: ChannelKeyArgs,
}

#[derive(Args)]
pub struct ShowArgs {
    /// EVM JSON-RPC URL (with --chain: the endpoint of a recorded deployment).
    #[arg(
        long,
        visible_alias = "url",
        env = "TOKENRAIL_RPC_URL",
        required_unless_present = "chain"
    )]
    rpc_url: Option<String>,
    /// The `TokenrailChannel` contract.
    #[arg(
        long,
        env = "TOKENRAIL_CHANNEL_CONTRACT",
        required_unless_present = "chain"
    )]
    contract: Option<String>,
    /// With --chain and --rpc-url: the key file of the deployment's account (a Cosmos
    /// endpoint reads through it; a Solana cluster takes `~/.config/solana/id.json` by default).
    #[arg(
        long,
        visible_alias = "keypair",
        env = "TOKENRAIL_KEY_FILE",
        requires = "chain"
    )]
    key: Option<PathBuf>,
    #[command(flatten)]
    channel: ChannelKeyArgs,
    #[command(flatten)]
    devnet: DevnetTarget,
}

pub fn run(out: &Output, cmd: &ChannelCommand) -> Result<(), Failure> {
    if let Some(done) = deployment::on_devnet(out, cmd) {
        return done;
    }
    match cmd {
        ChannelCommand::Sign(args) => offline::sign(out, args),
        ChannelCommand::Verify(args) => offline::verify(out, args),
        ChannelCommand::Open(args) => evm_endpoint::open(out, args),
        ChannelCommand::Deposit(args) => evm_endpoint::deposit(out, args),
        ChannelCommand::Close(args) => evm_endpoint::close(out, args),
        ChannelCommand::Challenge(args) => evm_endpoint::challenge(out, args),
        ChannelCommand::Settle(args) => evm_endpoint::settle(out, args),
        ChannelCommand::Show(args) => evm_endpoint::show(out, args),
    }
}
