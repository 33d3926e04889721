//! `tokenrail channel`: builds, signs and verifies channel messages for every chain (the bytes
//! each chain's contract verifies, from `tokenrail-channel`), and drives the channel contract
//! through the SDK's `ChannelClient`: on a devnet (`--chain`), on a recorded deployment
//! (`--chain` with `--rpc-url`), or on an EVM endpoint's contract named by address
//! (`--rpc-url --contract`, channels named by their parties and asset).
//!
//! Messages travel between the parties as a JSON file: one party writes it with its
//! signature (`sign` with the message flags and `--output`), the other adds its own (`sign
//! --message`), and either submits it (`close`, `challenge`).

use std::path::{Path, PathBuf};

use alloy::primitives::{Address, B256};
use anyhow::{anyhow, Context};
use clap::{Args, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};
use tokenrail_channel::{Close, Domain, Message, Party, State};
use tokenrail_evm::channel::channel_id;
use tokenrail_evm::ITokenrailChannel::{self, ChannelKey};
use tokenrail_planner::address::{eip55, ss58_encode};
use tokenrail_planner::Chain;

use super::{change, print, read};
use crate::args::{ChainArg, Cli};
use crate::error::{BadInput, Failure, EXIT_BAD_SIGNATURE};
use crate::keys::{self, SigningKey};
use crate::target::ops::{Op, Query};
use crate::target::{Change, Request, Target};
use tokenrail_core::Amount;
use tokenrail_sdk::channel::Kind;
use tokenrail_sdk::evm::{EvmChannel as ChannelContract, EvmParty};
use tokenrail_sdk::{ChannelClient, ChannelError, ClientError, Signed};

use crate::session::OpError;
use crate::target::evm as evm_target;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindArg {
    State,
    Close,
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

/// The message file both parties sign and either submits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageFile {
    /// Whose encoding and scheme.
    pub chain: ChainArg,
    /// EVM and CosmWasm: the chain id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
    /// Solana and ink!: the network (the genesis hash; base58 on Solana, `0x`-hex on ink!).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// The channel contract, or the Solana program.
    pub contract: String,
    /// State or Close.
    pub kind: KindArg,
    /// EVM: the channel's parties and asset, so the file names everything a transaction needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<EvmChannel>,
    /// The channel id, `0x` + 64 hex digits.
    pub channel_id: String,
    /// The epoch.
    pub epoch: u64,
    /// The nonce (States).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<u64>,
    /// Cumulative amount A paid B (decimal base units).
    pub sent_a: String,
    /// Cumulative amount B paid A.
    pub sent_b: String,
    /// The signatures gathered so far (hex).
    #[serde(default)]
    pub signatures: Signatures,
}

/// EVM channel identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvmChannel {
    /// Party A.
    pub a: String,
    /// Party B.
    pub b: String,
    /// The token, or `native`.
    pub asset: String,
}

/// A's and B's signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatures {
    /// Party A's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// Party B's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}

fn planner_chain(chain: ChainArg) -> Chain {
    match chain {
        ChainArg::Evm => Chain::Evm,
        ChainArg::Solana => Chain::Solana,
        // Channel parties are accounts; any bech32 prefix is accepted.
        ChainArg::Cosmwasm => Chain::Cosmwasm {
            prefix: String::new(),
        },
        ChainArg::Ink => Chain::Ink { ss58_prefix: 42 },
    }
}

/// Parses an address of `chain`, naming the flag in the error.
fn parse_address(chain: ChainArg, flag: &str, text: &str) -> Result<Vec<u8>, BadInput> {
    let parsed = match chain {
        ChainArg::Cosmwasm => parse_bech32(text),
        _ => planner_chain(chain)
            .parse_address(text)
            .map(|a| a.bytes)
            .map_err(|e| e.to_string()),
    };
    parsed.map_err(|e| BadInput(format!("{flag} `{text}`: {e}")))
}

fn parse_bech32(text: &str) -> Result<Vec<u8>, String> {
    let (_, data) = bech32::decode(text).map_err(|e| format!("not bech32: {e}"))?;
    if text != text.to_lowercase() {
        return Err("bech32 addresses are lowercase".into());
    }
    Ok(data)
}

fn evm_address(flag: &str, text: &str) -> Result<Address, BadInput> {
    Ok(Address::from_slice(&parse_address(
        ChainArg::Evm,
        flag,
        text,
    )?))
}

/// An EVM asset: `native` (the zero address) or a token address.
fn evm_asset(text: &str) -> Result<Address, BadInput> {
    if text == "native" {
        Ok(Address::ZERO)
    } else {
        evm_address("--asset", text)
    }
}

/// A whole number of base units (no decimals, no floats).
fn parse_amount(flag: &str, text: &str) -> Result<u128, BadInput> {
    text.parse::<u128>().map_err(|_| {
        BadInput(format!(
            "{flag} `{text}`: amounts are whole numbers of base units"
        ))
    })
}

fn parse_id(chain: ChainArg, text: &str) -> Result<[u8; 32], BadInput> {
    let bad = || BadInput(format!("--channel-id `{text}`: expected 32 bytes"));
    let hex_text = text.strip_prefix("0x").unwrap_or(text);
    if let Ok(bytes) = hex::decode(hex_text) {
        return bytes.try_into().map_err(|_| bad());
    }
    if chain == ChainArg::Solana {
        let bytes = bs58::decode(text).into_vec().map_err(|_| bad())?;
        return bytes.try_into().map_err(|_| bad());
    }
    Err(bad())
}

impl MessageFile {
    /// Builds a new, unsigned message from the flags.
    fn from_flags(f: &NewMessage) -> Result<MessageFile, BadInput> {
        let missing = |flag: &str| BadInput(format!("a new message needs {flag}"));
        let chain = f.chain.ok_or_else(|| missing("--chain"))?;
        let contract = f.contract.clone().ok_or_else(|| missing("--contract"))?;
        let (channel, channel_id) = if chain == ChainArg::Evm {
            let a = f.a.as_deref().ok_or_else(|| missing("--a"))?;
            let b = f.b.as_deref().ok_or_else(|| missing("--b"))?;
            let asset = f.asset.as_deref().ok_or_else(|| missing("--asset"))?;
            let id = channel_id(
                evm_address("--a", a)?,
                evm_address("--b", b)?,
                evm_asset(asset)?,
            );
            let channel = EvmChannel {
                a: a.into(),
                b: b.into(),
                asset: asset.into(),
            };
            (Some(channel), id.0)
        } else {
            let id = f
                .channel_id
                .as_deref()
                .ok_or_else(|| missing("--channel-id"))?;
            (None, parse_id(chain, id)?)
        };
        let nonce = match f.kind {
            KindArg::State => Some(f.nonce.ok_or_else(|| missing("--nonce"))?),
            KindArg::Close => None,
        };
        let m = MessageFile {
            chain,
            chain_id: f.chain_id.clone(),
            network: f.network.clone(),
            contract,
            kind: f.kind,
            channel,
            channel_id: format!("0x{}", hex::encode(channel_id)),
            epoch: f.epoch.ok_or_else(|| missing("--epoch"))?,
            nonce,
            sent_a: f.sent_a.clone().ok_or_else(|| missing("--sent-a"))?,
            sent_b: f.sent_b.clone().ok_or_else(|| missing("--sent-b"))?,
            signatures: Signatures::default(),
        };
        m.domain()?;
        m.message()?;
        Ok(m)
    }

    /// The unsigned file of `message` in `domain`.
    pub(crate) fn of(
        chain: ChainArg,
        domain: &Domain,
        message: &Message,
    ) -> Result<MessageFile, BadInput> {
        let (chain_id, network, contract) = match (chain, domain) {
            (
                ChainArg::Evm,
                Domain::Evm {
                    chain_id,
                    verifying_contract,
                },
            ) => (Some(chain_id.to_string()), None, eip55(verifying_contract)),
            (
                ChainArg::Solana,
                Domain::Solana {
                    program_id,
                    network,
                },
            ) => (
                None,
                Some(bs58::encode(network).into_string()),
                bs58::encode(program_id).into_string(),
            ),
            (ChainArg::Cosmwasm, Domain::CosmWasm { chain_id, contract }) => {
                (Some(chain_id.clone()), None, contract.clone())
            }
            (ChainArg::Ink, Domain::Ink { contract, network }) => (
                None,
                Some(format!("0x{}", hex::encode(network))),
                ss58_encode(contract, 42),
            ),
            _ => return Err(BadInput("the domain is not this chain's".into())),
        };
        let (kind, channel_id, epoch, nonce, sent_a, sent_b) = match message {
            Message::State(st) => (
                KindArg::State,
                st.channel_id,
                st.epoch,
                Some(st.nonce),
                st.sent_a,
                st.sent_b,
            ),
            Message::Close(c) => (
                KindArg::Close,
                c.channel_id,
                c.epoch,
                None,
                c.sent_a,
                c.sent_b,
            ),
        };
        Ok(MessageFile {
            chain,
            chain_id,
            network,
            contract,
            kind,
            channel: None,
            channel_id: format!("0x{}", hex::encode(channel_id)),
            epoch,
            nonce,
            sent_a: sent_a.to_string(),
            sent_b: sent_b.to_string(),
            signatures: Signatures::default(),
        })
    }

    pub(crate) fn read(path: &Path) -> Result<MessageFile, BadInput> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
        let m: MessageFile = serde_json::from_str(&text).map_err(|e| {
            BadInput(format!(
                "{}: not a channel message file: {e}",
                path.display()
            ))
        })?;
        m.domain()?;
        m.message()?;
        Ok(m)
    }

    /// Writes the file atomically (a partial file is never left behind).
    pub(crate) fn write(&self, path: &Path, overwrite: bool) -> anyhow::Result<()> {
        if !overwrite && path.exists() {
            return Err(BadInput(format!(
                "{} exists; add a signature to it with --message",
                path.display()
            ))
            .into());
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
            .with_context(|| format!("cannot write next to {}", path.display()))?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        std::io::Write::write_all(&mut tmp, b"\n")?;
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }

    /// The signing domain.
    pub(crate) fn domain(&self) -> Result<Domain, BadInput> {
        let chain_id = || {
            self.chain_id
                .clone()
                .ok_or_else(|| BadInput(format!("a {:?} message needs --chain-id", self.chain)))
        };
        Ok(match self.chain {
            ChainArg::Evm => {
                let id = chain_id()?;
                let chain_id = id
                    .parse()
                    .map_err(|_| BadInput(format!("--chain-id `{id}` is not an EVM chain id")))?;
                Domain::Evm {
                    chain_id,
                    verifying_contract: evm_address("--contract", &self.contract)?.into(),
                }
            }
            ChainArg::Solana => Domain::Solana {
                program_id: bytes32(parse_address(
                    ChainArg::Solana,
                    "--contract",
                    &self.contract,
                )?),
                network: self.network()?,
            },
            ChainArg::Cosmwasm => {
                parse_address(ChainArg::Cosmwasm, "--contract", &self.contract)?;
                Domain::CosmWasm {
                    chain_id: chain_id()?,
                    contract: self.contract.clone(),
                }
            }
            ChainArg::Ink => Domain::Ink {
                contract: bytes32(parse_address(ChainArg::Ink, "--contract", &self.contract)?),
                network: self.network()?,
            },
        })
    }

    /// Solana and ink!: the network (genesis hash) the states bind, base58 or `0x`-hex.
    fn network(&self) -> Result<[u8; 32], BadInput> {
        let text = self.network.as_deref().ok_or_else(|| {
            BadInput(format!(
                "a {:?} message needs --network (the chain's genesis hash)",
                self.chain
            ))
        })?;
        let bytes = match text.strip_prefix("0x") {
            Some(h) => hex::decode(h).ok(),
            None => bs58::decode(text).into_vec().ok(),
        };
        bytes
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                BadInput(format!(
                    "--network `{text}` is not a 32-byte genesis hash (base58 or 0x + 64 hex digits)"
                ))
            })
    }

    /// The message itself.
    pub(crate) fn message(&self) -> Result<Message, BadInput> {
        let channel_id = parse_id(self.chain, &self.channel_id)?;
        let sent_a = parse_amount("sent_a", &self.sent_a)?;
        let sent_b = parse_amount("sent_b", &self.sent_b)?;
        Ok(match self.kind {
            KindArg::State => Message::State(State {
                channel_id,
                epoch: self.epoch,
                nonce: self
                    .nonce
                    .ok_or_else(|| BadInput("a State has a nonce".into()))?,
                sent_a,
                sent_b,
            }),
            KindArg::Close => Message::Close(Close {
                channel_id,
                epoch: self.epoch,
                sent_a,
                sent_b,
            }),
        })
    }

    /// The EVM channel key (EVM messages only).
    fn evm_key(&self) -> Result<ChannelKey, BadInput> {
        let c = self
            .channel
            .as_ref()
            .filter(|_| self.chain == ChainArg::Evm)
            .ok_or_else(|| BadInput("not an EVM message (no channel parties)".into()))?;
        Ok(ChannelKey {
            a: evm_address("a", &c.a)?,
            b: evm_address("b", &c.b)?,
            asset: evm_asset(&c.asset)?,
        })
    }
}

fn bytes32(v: Vec<u8>) -> [u8; 32] {
    v.try_into().expect("32-byte addresses")
}

/// The party an address names on `chain`.
fn party(chain: ChainArg, flag: &str, text: &str) -> Result<Party, BadInput> {
    let bytes = parse_address(chain, flag, text)?;
    let wrong = || BadInput(format!("{flag} `{text}` is not an account address"));
    Ok(match chain {
        ChainArg::Evm => Party::EvmAddress(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Solana => Party::Ed25519(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Cosmwasm => Party::CosmosCanonical(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Ink => Party::SubstrateEcdsa(bytes.try_into().map_err(|_| wrong())?),
    })
}

/// How the signer's address is spelled on `chain`.
fn spell(party: &Party, m: &MessageFile) -> String {
    match party {
        Party::EvmAddress(a) => eip55(a),
        Party::Ed25519(k) => bs58::encode(k).into_string(),
        Party::CosmosCanonical(c) => {
            let hrp = m
                .contract
                .split_once('1')
                .and_then(|(hrp, _)| bech32::Hrp::parse(hrp).ok())
                .unwrap_or_else(|| bech32::Hrp::parse("cosmos").expect("valid hrp"));
            bech32::encode::<bech32::Bech32>(hrp, c).expect("20 bytes encode")
        }
        Party::SubstrateEcdsa(a) => ss58_encode(a, 42),
    }
}

pub fn run(cli: &Cli, cmd: &ChannelCommand) -> Result<(), Failure> {
    if let Some(done) = on_devnet(cli, cmd) {
        return done;
    }
    match cmd {
        ChannelCommand::Sign(args) => sign(cli, args),
        ChannelCommand::Verify(args) => verify(cli, args),
        ChannelCommand::Open(args) => open(cli, args),
        ChannelCommand::Deposit(args) => deposit(cli, args),
        ChannelCommand::Close(args) => close(cli, args),
        ChannelCommand::Challenge(args) => challenge(cli, args),
        ChannelCommand::Settle(args) => settle(cli, args),
        ChannelCommand::Show(args) => show(cli, args),
    }
}

/// The devnet half: a command with `--chain` (and, for `sign`, `--from`) runs on the chain's
/// embedded devnet; `None` for an endpoint command.
fn on_devnet(cli: &Cli, cmd: &ChannelCommand) -> Option<Result<(), Failure>> {
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
                .and_then(|req| devnet(cli, &change, e.devnet.from.as_deref(), req))
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
            Some(devnet_sign(cli, a, &target, from))
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
                    .and_then(|channel| devnet(cli, &change, None, R::Show { channel }))
            }))
        }
    }
}

/// `channel sign --from` on a devnet.
fn devnet_sign(
    cli: &Cli,
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
    channel_sign(cli, target, from, channel, kind, fields, existing, &output)
}

fn sign(cli: &Cli, args: &SignArgs) -> Result<(), Failure> {
    let (mut m, path, overwrite) = match &args.message {
        Some(path) => (MessageFile::read(path)?, path.clone(), true),
        None => (
            MessageFile::from_flags(&args.new)?,
            args.output.clone().expect("clap requires --output"),
            false,
        ),
    };
    let domain = m.domain()?;
    let message = m.message()?;
    let key_path = args
        .key
        .as_deref()
        .expect("clap requires --key without --from");
    let key = keys::load(&planner_chain(m.chain), key_path)?;
    let (signature, signer) = match (&key, m.chain) {
        (SigningKey::Ed25519(k), ChainArg::Solana) => {
            (k.sign(&domain, &message)?, Party::Ed25519(k.public()))
        }
        (SigningKey::Secp256k1(k), chain) if chain != ChainArg::Solana => (
            k.sign(&domain, &message)?,
            k.party(&domain).expect("secp256k1 chains name a party"),
        ),
        _ => return Err(BadInput("the key is not for this message's chain".into()).into()),
    };
    let party = args.party.expect("clap requires --party without --from");
    let slot = match party {
        PartyArg::A => &mut m.signatures.a,
        PartyArg::B => &mut m.signatures.b,
    };
    *slot = Some(format!("0x{}", hex::encode(&signature)));
    m.write(&path, overwrite)?;
    let signer = spell(&signer, &m);
    if cli.json {
        println!(
            "{}",
            serde_json::json!({"message": path.display().to_string(), "party": format!("{:?}", args.party).to_lowercase(), "signer": signer, "kind": m.kind, "chain": m.chain})
        );
    } else if !cli.quiet {
        println!(
            "signed {} as party {:?} ({signer}) in {}",
            format!("{:?}", m.kind).to_lowercase(),
            args.party,
            path.display()
        );
    }
    Ok(())
}

fn verify(cli: &Cli, args: &VerifyArgs) -> Result<(), Failure> {
    let m = MessageFile::read(&args.message)?;
    let domain = m.domain()?;
    let message = m.message()?;
    let from_file = |p: PartyArg| {
        m.channel.as_ref().map(|c| match p {
            PartyArg::A => c.a.clone(),
            PartyArg::B => c.b.clone(),
        })
    };
    let mut results = serde_json::Map::new();
    let mut problems = Vec::new();
    for (p, given, sig) in [
        (PartyArg::A, &args.a, &m.signatures.a),
        (PartyArg::B, &args.b, &m.signatures.b),
    ] {
        let name = format!("{p:?}").to_lowercase();
        let flag = format!("--{name}");
        let address = given
            .clone()
            .or_else(|| from_file(p))
            .ok_or_else(|| BadInput(format!("which address is party {p:?}? pass {flag}")))?;
        let party = party(m.chain, &flag, &address)?;
        let outcome = match sig {
            None => Err("missing".to_string()),
            Some(hex_sig) => hex::decode(hex_sig.strip_prefix("0x").unwrap_or(hex_sig))
                .map_err(|_| "not hex".to_string())
                .and_then(|sig| {
                    tokenrail_channel::verify(&domain, &message, &sig, &party)
                        .map_err(|e| e.to_string())
                }),
        };
        match &outcome {
            Ok(()) => results.insert(name.clone(), serde_json::json!("valid")),
            Err(why) => {
                problems.push(format!("party {p:?} ({address}): {why}"));
                results.insert(name.clone(), serde_json::json!(why))
            }
        };
    }
    if cli.json {
        let mut v =
            serde_json::json!({"valid": problems.is_empty(), "chain": m.chain, "kind": m.kind});
        v["signatures"] = results.into();
        println!("{v}");
    } else if !cli.quiet && problems.is_empty() {
        println!("both signatures are valid");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure {
            code: EXIT_BAD_SIGNATURE,
            error: anyhow!("signatures do not verify: {}", problems.join("; ")),
        })
    }
}

/// An EVM endpoint's channel contract, named by address (no deployment file), through the
/// SDK's channel client in one asset, signed by the key file. A dry run runs on a private fork
/// of the endpoint (`anvil --fork-url`), so it reports what would happen and changes nothing.
struct EvmEndpoint {
    client: ChannelContract,
    party: Option<EvmParty>,
    /// The fork a dry run runs on; the client talks to it while it lives.
    _fork: Option<alloy::node_bindings::AnvilInstance>,
    /// The runtime the client's futures run on.
    _rt: tokio::runtime::Runtime,
}

impl EvmEndpoint {
    /// The contract at `contract` on `rpc_url` (or a fork of it), for channels in `asset`, as
    /// the key file's account; a reader only without a key.
    fn connect(
        rpc_url: &str,
        contract: &str,
        key: Option<&Path>,
        asset: Address,
        fork: Option<Option<&Path>>,
    ) -> Result<Self, Failure> {
        let contract = evm_address("--contract", contract)?;
        let fork = match fork {
            Some(anvil) => {
                // The endpoint must answer before a fork of it can.
                evm_target::reader(rpc_url)?;
                Some(evm_target::fork_of(anvil, rpc_url)?)
            }
            None => None,
        };
        let url = fork
            .as_ref()
            .map_or_else(|| rpc_url.to_string(), |f| f.endpoint());
        let (reader, party) = match key {
            Some(key) => {
                let (signer, key, _) = evm_target::endpoint_signer(&url, key)?;
                (signer.provider.clone(), Some(EvmParty { signer, key }))
            }
            None => (evm_target::reader(&url)?, None),
        };
        let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
        let client = ChannelContract::new(rt.handle().clone(), reader, contract, asset)
            .map_err(|e| anyhow!("{rpc_url}: {}", OpError::from(e).text()))?;
        Ok(EvmEndpoint {
            client,
            party,
            _fork: fork,
            _rt: rt,
        })
    }

    fn party(&self) -> &EvmParty {
        self.party
            .as_ref()
            .expect("a changing command connects with its key")
    }

    /// The channel as the contract records it.
    fn describe(&self, key: &ChannelKey) -> Result<serde_json::Value, Failure> {
        let v = self
            .client
            .view(key)
            .map_err(|e| anyhow!("cannot read the channel: {}", OpError::from(e).text()))?;
        Ok(view_json(channel_id(key.a, key.b, key.asset), &v))
    }
}

/// What the contract said to `call`, as the CLI reports it.
fn refused(call: &str, e: ClientError<ChannelError>) -> Failure {
    anyhow!("{call}: {}", OpError::from(e).text()).into()
}

/// Connects to `e`'s endpoint for channels in `asset`, runs `f` (which names the channel it
/// acted on), and prints that channel as the contract then records it, with the transactions.
fn evm(
    cli: &Cli,
    e: &Endpoint,
    asset: Address,
    f: impl FnOnce(&mut EvmEndpoint) -> Result<ChannelKey, Failure>,
) -> Result<(), Failure> {
    let (rpc_url, contract, key) = e.evm()?;
    let fork = e.dry_run.then_some(e.devnet.anvil.as_deref());
    let mut s = EvmEndpoint::connect(rpc_url, contract, Some(key), asset, fork)?;
    let channel = f(&mut s)?;
    let mut out = s.describe(&channel)?;
    let sent = s.client.take_sent();
    out["transactions"] = sent
        .iter()
        .map(|t| serde_json::json!({"call": t.call, "tx": t.hash.to_string()}))
        .collect::<Vec<_>>()
        .into();
    out["dry_run"] = e.dry_run.into();
    if cli.json {
        println!("{out}");
    } else if !cli.quiet {
        for t in &sent {
            let on = if e.dry_run {
                " (on the dry run's fork)"
            } else {
                ""
            };
            println!("{}: {}{on}", t.call, t.hash);
        }
    }
    Ok(())
}

fn channel_key(args: &ChannelKeyArgs) -> Result<ChannelKey, BadInput> {
    let need = |v: &Option<String>, flag: &str| {
        v.clone()
            .ok_or_else(|| BadInput(format!("an endpoint's channel needs {flag}")))
    };
    Ok(ChannelKey {
        a: evm_address("--a", &need(&args.a, "--a")?)?,
        b: evm_address("--b", &need(&args.b, "--b")?)?,
        asset: evm_asset(&need(&args.asset, "--asset")?)?,
    })
}

fn view_json(id: B256, v: &ITokenrailChannel::ChannelView) -> serde_json::Value {
    let status = ["none", "open", "closing", "settled"]
        .get(usize::from(v.status))
        .copied()
        .unwrap_or("unknown");
    serde_json::json!({
        "channel_id": id.to_string(),
        "status": status,
        "epoch": v.epoch,
        "period": v.period,
        "deadline": v.deadline,
        "nonce": v.nonce,
        "deposit_a": v.depositA.to_string(),
        "deposit_b": v.depositB.to_string(),
        "sent_a": v.sentA.to_string(),
        "sent_b": v.sentB.to_string(),
    })
}

fn open(cli: &Cli, args: &OpenArgs) -> Result<(), Failure> {
    let b = evm_address("--counterparty", &args.counterparty)?;
    let asset = evm_asset(
        args.asset
            .as_deref()
            .ok_or_else(|| BadInput("an endpoint's open needs --asset".into()))?,
    )?;
    let amount = parse_amount("--amount", &args.amount)?;
    evm(cli, &args.endpoint, asset, |s| {
        let party = s.party().clone();
        s.client
            .open(&party, &b, amount, args.period.into())
            .map_err(|e| refused("open", e))
    })
}

fn deposit(cli: &Cli, args: &DepositArgs) -> Result<(), Failure> {
    let key = channel_key(&args.channel)?;
    let amount = parse_amount("--amount", &args.amount)?;
    evm(cli, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .deposit(&party, &key, amount)
            .map_err(|e| refused("deposit", e))?;
        Ok(key)
    })
}

/// A message file for `contract`, with both signatures, ready to submit.
fn evm_signed(contract: &str, path: &Path) -> Result<(ChannelKey, Signed), Failure> {
    let m = MessageFile::read(path)?;
    let ours = evm_address("--contract", contract)?;
    if m.chain != ChainArg::Evm || evm_address("contract", &m.contract)? != ours {
        return Err(BadInput(format!(
            "{} is not a message for the channel contract {ours}",
            path.display()
        ))
        .into());
    }
    let signature = |p: &str, v: &Option<String>| {
        let text = v
            .as_ref()
            .ok_or_else(|| BadInput(format!("the message lacks party {p}'s signature")))?;
        hex::decode(text.strip_prefix("0x").unwrap_or(text))
            .map_err(|_| BadInput(format!("party {p}'s signature is not hex")))
    };
    let signed = Signed {
        message: m.message()?,
        sig_a: signature("A", &m.signatures.a)?,
        sig_b: signature("B", &m.signatures.b)?,
    };
    Ok((m.evm_key()?, signed))
}

fn close(cli: &Cli, args: &CloseArgs) -> Result<(), Failure> {
    if args.without_state {
        let need = |v: &Option<String>, flag: &str| {
            v.clone()
                .ok_or_else(|| BadInput(format!("--without-state on an endpoint needs {flag}")))
        };
        let key = ChannelKey {
            a: evm_address("--a", &need(&args.a, "--a")?)?,
            b: evm_address("--b", &need(&args.b, "--b")?)?,
            asset: evm_asset(&need(&args.asset, "--asset")?)?,
        };
        return evm(cli, &args.endpoint, key.asset, |s| {
            let party = s.party().clone();
            s.client
                .close_without_state(&party, &key)
                .map_err(|e| refused("closeWithoutState", e))?;
            Ok(key)
        });
    }
    let path = args.message.as_deref().expect("clap requires --message");
    let (_, contract, _) = args.endpoint.evm()?;
    let (key, signed) = evm_signed(contract, path)?;
    evm(cli, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        match signed.message {
            Message::Close(_) => s
                .client
                .close_cooperative(&party, &key, &signed)
                .map_err(|e| refused("closeCooperative", e))?,
            Message::State(_) => s
                .client
                .close_unilateral(&party, &key, &signed)
                .map_err(|e| refused("closeUnilateral", e))?,
        }
        Ok(key)
    })
}

fn challenge(cli: &Cli, args: &SubmitArgs) -> Result<(), Failure> {
    let (_, contract, _) = args.endpoint.evm()?;
    let (key, signed) = evm_signed(contract, &args.message)?;
    if !matches!(signed.message, Message::State(_)) {
        return Err(BadInput("the message is a Close, not a State".into()).into());
    }
    evm(cli, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .challenge(&party, &key, &signed)
            .map_err(|e| refused("challenge", e))?;
        Ok(key)
    })
}

fn settle(cli: &Cli, args: &KeyedArgs) -> Result<(), Failure> {
    let key = channel_key(&args.channel)?;
    evm(cli, &args.endpoint, key.asset, |s| {
        let party = s.party().clone();
        s.client
            .settle(&party, &key)
            .map_err(|e| refused("settle", e))?;
        Ok(key)
    })
}

fn show(cli: &Cli, args: &ShowArgs) -> Result<(), Failure> {
    let missing = |flag: &str| BadInput(format!("an EVM endpoint needs {flag}"));
    let rpc_url = args
        .rpc_url
        .as_deref()
        .ok_or_else(|| missing("--rpc-url"))?;
    let contract = args
        .contract
        .as_deref()
        .ok_or_else(|| missing("--contract"))?;
    let key = channel_key(&args.channel)?;
    let s = EvmEndpoint::connect(rpc_url, contract, None, key.asset, None)?;
    let v = s.describe(&key)?;
    if cli.json {
        println!("{v}");
    } else if !cli.quiet {
        for (k, val) in v.as_object().expect("object") {
            println!(
                "  {k:<10} {}",
                val.as_str().map_or(val.to_string(), str::to_owned)
            );
        }
    }
    Ok(())
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
    let file = |p: &PathBuf| crate::commands::channel::MessageFile::read(p).map(Box::new);
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
        .map(|p| crate::commands::channel::MessageFile::read(p))
        .transpose()?;
    let v = crate::target::run(
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
