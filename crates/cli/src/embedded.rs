//! The embedded targets: each chain family's devnet (`tokenrail_sdk::devnet`), with state
//! that persists between invocations.
//!
//! The state of a chain's devnet is the journal of the operations that changed it, kept in
//! `<state dir>/<chain>.json`. Every invocation starts a fresh devnet (the same accounts and
//! contract addresses every time), replays the journal, then runs its own operation; a
//! successful operation is appended and the file replaced atomically, so an interrupted or
//! failed command never leaves a half-written state. `--dry-run` runs the operation on the
//! replayed devnet and records nothing.
//!
//! Accounts are the devnet's named development accounts (`issuer`, `alice`, `bob`, …): they
//! sign (`--from`), and anywhere an address is expected a name or the chain's own address
//! spelling is accepted. Escrows, distributions and channels are numbered from 1 in the order
//! they were created.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokenrail_core::Amount;
use tokenrail_devnet::DEV_ACCOUNTS;
use tokenrail_planner::address::{eip55, ss58_encode};
use tokenrail_planner::Chain;
use tokenrail_sdk::channel::{Kind, Message, Signed};
use tokenrail_sdk::cosmwasm::CwSuite as CwDevnet;
use tokenrail_sdk::evm::EvmSuite as EvmDevnet;
use tokenrail_sdk::ink::InkSuite as InkDevnet;
use tokenrail_sdk::solana::SolanaSuite as SolanaDevnet;
use tokenrail_sdk::{
    ChannelClient, ChannelStatus, ClientError, Clock, EscrowClient, EscrowStatus, Investor,
    NewDistribution, NewEscrow, PayoutClient, TokenClient, TokenError, TokenTerms,
};
use tokenrail_sdk::{Named, Suite as Devnet};

use crate::{BadInput, ChainArg, Cli, Failure};

mod cosmwasm_endpoint;
mod ink_endpoint;
mod solana_endpoint;

/// The format tag of a state file.
const FORMAT: &str = "tokenrail-devnet-v1";

/// Where the embedded devnet of a chain keeps its state.
#[derive(Args, Clone, Debug)]
pub struct Target {
    /// The chain family.
    #[arg(long, value_enum)]
    pub chain: ChainArg,
    /// Directory of the embedded devnets' state files (`<chain>.json`).
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
    #[arg(long, env = "TOKENRAIL_SURI", conflicts_with = "key")]
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
    /// Run the operation on the replayed devnet and report it, but record nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// A time in an operation: Unix seconds, or (only before it runs) seconds from the devnet's
/// clock. The journal records the resolved, absolute time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum When {
    /// Unix seconds.
    At(u64),
    /// Seconds after the devnet's clock when the operation runs.
    After {
        /// Seconds.
        after: u64,
    },
}

impl When {
    fn at(self, now: u64) -> u64 {
        match self {
            When::At(t) => t,
            When::After { after } => now.saturating_add(after),
        }
    }
}

/// An operation that changes a devnet; the journal records these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Op {
    /// Deploys the devnet (the first entry of every journal).
    Deploy,
    /// Issues the asset token and its registry.
    Issue {
        /// Development account that receives every role.
        issuer: String,
        /// Token name.
        name: String,
        /// Token symbol.
        symbol: String,
        /// Decimals.
        decimals: u8,
        /// Supply cap in base units.
        cap: Amount,
        /// Legal documents' URI.
        uri: String,
        /// SHA-256 of the legal document, hex.
        legal_document_hash: String,
    },
    /// Registers or updates a verified investor.
    Register {
        /// Registry agent.
        by: String,
        /// Investor (name or address).
        investor: String,
        /// ISO 3166-1 numeric jurisdiction.
        jurisdiction: u16,
        /// When the KYC expires.
        kyc_expiry: When,
    },
    /// Mints to an investor.
    Mint {
        by: String,
        to: String,
        amount: Amount,
    },
    /// A holder's transfer.
    Transfer {
        by: String,
        to: String,
        amount: Amount,
    },
    /// Freezes or unfreezes an account.
    Freeze {
        by: String,
        account: String,
        frozen: bool,
    },
    /// A compliance agent's forced transfer.
    ForcedTransfer {
        by: String,
        from: String,
        to: String,
        amount: Amount,
    },
    /// Creates and funds an escrow.
    EscrowCreate {
        by: String,
        beneficiary: String,
        arbiter: Option<String>,
        milestones: Vec<Amount>,
        deadline: When,
    },
    /// Releases a milestone.
    EscrowRelease {
        by: String,
        escrow: usize,
        milestone: u32,
    },
    /// Refunds an escrow.
    EscrowRefund { by: String, escrow: usize },
    /// Cancels an escrow.
    EscrowCancel { by: String, escrow: usize },
    /// A multi-send.
    PayoutSend {
        by: String,
        legs: Vec<(String, Amount)>,
    },
    /// Creates and funds a Merkle distribution.
    PayoutDistribute {
        by: String,
        claims: Vec<(String, Amount)>,
        start: When,
        expiry: When,
        clawback_to: String,
    },
    /// Submits a claim.
    PayoutClaim {
        by: String,
        distribution: usize,
        index: u32,
    },
    /// Claws a distribution back.
    PayoutClawback { by: String, distribution: usize },
    /// Opens a channel.
    ChannelOpen {
        by: String,
        counterparty: String,
        amount: Amount,
        period: u64,
    },
    /// Tops a channel up.
    ChannelDeposit {
        by: String,
        channel: usize,
        amount: Amount,
    },
    /// Closes with a message both signed: a Close at once, a State with a challenge period.
    ChannelClose {
        by: String,
        channel: usize,
        message: Box<crate::channel::MessageFile>,
    },
    /// Closes on no state (the timeout refund).
    ChannelCloseWithoutState { by: String, channel: usize },
    /// Challenges with a newer State.
    ChannelChallenge {
        by: String,
        channel: usize,
        message: Box<crate::channel::MessageFile>,
    },
    /// Settles after the challenge period.
    ChannelSettle { by: String, channel: usize },
    /// Moves every clock forward.
    Advance { seconds: u64 },
}

impl Op {
    /// Has `name` sign the operation (an endpoint's one key signs everything).
    fn sign_as(&mut self, name: &str) {
        match self {
            Op::Deploy | Op::Advance { .. } => {}
            Op::Issue { issuer, .. } => *issuer = name.into(),
            Op::Register { by, .. }
            | Op::Mint { by, .. }
            | Op::Transfer { by, .. }
            | Op::Freeze { by, .. }
            | Op::ForcedTransfer { by, .. }
            | Op::EscrowCreate { by, .. }
            | Op::EscrowRelease { by, .. }
            | Op::EscrowRefund { by, .. }
            | Op::EscrowCancel { by, .. }
            | Op::PayoutSend { by, .. }
            | Op::PayoutDistribute { by, .. }
            | Op::PayoutClaim { by, .. }
            | Op::PayoutClawback { by, .. }
            | Op::ChannelOpen { by, .. }
            | Op::ChannelDeposit { by, .. }
            | Op::ChannelClose { by, .. }
            | Op::ChannelCloseWithoutState { by, .. }
            | Op::ChannelChallenge { by, .. }
            | Op::ChannelSettle { by, .. } => *by = name.into(),
        }
    }

    /// Makes every relative time absolute against `now`.
    fn resolve(&mut self, now: u64) {
        let fix = |w: &mut When| *w = When::At(w.at(now));
        match self {
            Op::Register { kyc_expiry, .. } => fix(kyc_expiry),
            Op::EscrowCreate { deadline, .. } => fix(deadline),
            Op::PayoutDistribute { start, expiry, .. } => {
                fix(start);
                fix(expiry);
            }
            _ => {}
        }
    }
}

/// A read-only request.
#[derive(Clone, Debug)]
pub enum Query {
    /// The development accounts and their addresses.
    Accounts,
    /// The contracts and the clock.
    Info,
    /// A balance in the token or the payment token of a capability.
    Balance { account: String, of: Asset },
    /// `can_transfer`.
    CanTransfer {
        from: String,
        to: String,
        amount: u128,
    },
    /// One escrow.
    Escrow { escrow: usize },
    /// One channel.
    Channel { channel: usize },
    /// Signs a channel message off chain as `by`: a new one from the fields, or `existing`.
    ChannelSign {
        by: String,
        channel: usize,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
        existing: Option<Box<crate::channel::MessageFile>>,
    },
}

/// Which asset a balance is asked in. The escrow, payout and channel contracts move the
/// devnet's payment token; on the embedded chains each capability runs on a chain of its own,
/// so each has its own payment-token balances (on EVM one node holds them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Asset {
    /// The issued asset token.
    Token,
    /// The payment token where the escrow contract runs.
    Escrow,
    /// The payment token where the payout contracts run.
    Payout,
    /// The payment token where the channel contract runs.
    Channel,
}

/// Why an operation failed.
enum OpError {
    /// A contract refused, with the spec's code.
    Refused(String),
    /// The request names something that does not exist or is malformed.
    Input(String),
    /// Anything else.
    Chain(String),
}

impl<E: std::fmt::Debug + std::fmt::Display> From<ClientError<E>> for OpError {
    fn from(e: ClientError<E>) -> Self {
        match e {
            ClientError::Spec(code) => OpError::Refused(format!("the contract refused: {code}")),
            ClientError::Chain(text) => OpError::Chain(text),
        }
    }
}

impl OpError {
    fn into_failure(self) -> Failure {
        match self {
            OpError::Refused(text) | OpError::Chain(text) => anyhow::anyhow!(text).into(),
            OpError::Input(text) => BadInput(text).into(),
        }
    }
}

type OpResult<T> = Result<T, OpError>;

/// How a chain spells its addresses.
trait ChainAddress: Sized + Clone + PartialEq {
    /// Parses the chain's own spelling.
    fn parse(text: &str) -> Result<Self, String>;
    /// Parses the spelling of an endpoint whose account prefix is `prefix` (where the chain
    /// family has one: a bech32 prefix on Cosmos, an SS58 format on ink!).
    fn parse_with(text: &str, _prefix: Option<&str>) -> Result<Self, String> {
        Self::parse(text)
    }
    /// The canonical spelling.
    fn show(&self) -> String;
    /// The spelling on an endpoint whose account prefix is `prefix` (see [`Self::parse_with`]).
    fn show_with(&self, _prefix: Option<&str>) -> String {
        self.show()
    }
}

impl ChainAddress for alloy::primitives::Address {
    fn parse(text: &str) -> Result<Self, String> {
        let a = Chain::Evm.parse_address(text).map_err(|e| e.to_string())?;
        Ok(Self::from_slice(&a.bytes))
    }
    fn show(&self) -> String {
        eip55(&self.0 .0)
    }
}

impl ChainAddress for tokenrail_sdk::solana::Pubkey {
    fn parse(text: &str) -> Result<Self, String> {
        let a = Chain::Solana
            .parse_address(text)
            .map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = a.bytes.try_into().map_err(|_| "not 32 bytes".to_string())?;
        Ok(Self::new_from_array(bytes))
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

impl ChainAddress for tokenrail_sdk::cosmwasm::Addr {
    fn parse(text: &str) -> Result<Self, String> {
        Self::parse_with(text, None)
    }
    fn parse_with(text: &str, prefix: Option<&str>) -> Result<Self, String> {
        let chain = Chain::Cosmwasm {
            prefix: prefix.unwrap_or("cosmwasm").into(),
        };
        let a = chain.parse_address(text).map_err(|e| e.to_string())?;
        Ok(Self::unchecked(a.canonical))
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

/// The SS58 format of ink! accounts where a chain names none: the generic substrate format.
const GENERIC_SS58: u16 = 42;

/// An SS58 format given as text (a deployment's recorded `ss58_prefix`).
fn ss58_format(prefix: Option<&str>) -> Result<u16, String> {
    prefix.map_or(Ok(GENERIC_SS58), |p| {
        p.parse()
            .map_err(|_| format!("`{p}` is not an SS58 format (0 to 16383)"))
    })
}

impl ChainAddress for tokenrail_sdk::ink::AccountId32 {
    fn parse(text: &str) -> Result<Self, String> {
        Self::parse_with(text, None)
    }
    fn parse_with(text: &str, prefix: Option<&str>) -> Result<Self, String> {
        let a = Chain::Ink {
            ss58_prefix: ss58_format(prefix)?,
        }
        .parse_address(text)
        .map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = a.bytes.try_into().map_err(|_| "not 32 bytes".to_string())?;
        Ok(Self::new(bytes))
    }
    fn show(&self) -> String {
        ss58_encode(self.as_ref(), GENERIC_SS58)
    }
    fn show_with(&self, prefix: Option<&str>) -> String {
        ss58_encode(self.as_ref(), ss58_format(prefix).unwrap_or(GENERIC_SS58))
    }
}

/// How a chain's devnet issues the token (each devnet type has its own `issue`).
type Issue<T, E, P, C, S, Q> =
    fn(&mut Devnet<T, E, P, C, S, Q>, &TokenTerms, &str) -> Result<(), ClientError<TokenError>>;

/// A devnet with the handles the journal has created so far.
struct Session<T, E: EscrowClient, P: PayoutClient, C: ChannelClient, S, Q> {
    chain: ChainArg,
    dn: Devnet<T, E, P, C, S, Q>,
    issue: Issue<T, E, P, C, S, Q>,
    escrows: Vec<E::EscrowRef>,
    distributions: Vec<P::Distribution>,
    channels: Vec<C::ChannelRef>,
    /// Each channel's parties A and B, spelled as [`Session::show`] does.
    channel_parties: Vec<(String, String)>,
    /// An endpoint: one key signs, and accounts are addresses (no development accounts).
    endpoint: bool,
    /// An endpoint's account prefix: the bech32 prefix on Cosmos, the SS58 format on ink!.
    address_prefix: Option<String>,
}

fn chain_name(chain: ChainArg) -> &'static str {
    match chain {
        ChainArg::Evm => "evm",
        ChainArg::Solana => "solana",
        ChainArg::Cosmwasm => "cosmwasm",
        ChainArg::Ink => "ink",
    }
}

/// One `(name, address)` row of the accounts listing.
fn account_row(name: &str, address: String) -> Value {
    json!({ "name": name, "address": address })
}

fn signer_in<'a, S>(signers: &'a Named<S>, name: &str) -> OpResult<&'a S> {
    signers.get(name).ok_or_else(|| unknown_account(name))
}

fn token_in<T>(token: &mut Option<T>) -> OpResult<&mut T> {
    token.as_mut().ok_or_else(|| {
        OpError::Input("no token is issued on this devnet yet: run `tokenrail token issue`".into())
    })
}

impl<T, E, P, C, S, Q, A> Session<T, E, P, C, S, Q>
where
    T: TokenClient<Signer = S, Address = A> + Clock,
    E: EscrowClient<Signer = S, Address = A> + Clock,
    P: PayoutClient<Signer = S, Address = A> + Clock,
    C: ChannelClient<Signer = Q, Address = A> + Clock,
    A: ChainAddress,
{
    /// A development account's name or the chain's own address spelling.
    fn address(&self, text: &str) -> OpResult<A> {
        if let Some(s) = self.dn.signers.get(text) {
            return Ok(self.dn.escrow.address_of(s));
        }
        if self.endpoint {
            return A::parse_with(text, self.address_prefix.as_deref())
                .map_err(|e| OpError::Input(format!("`{text}`: {e}")));
        }
        A::parse(text).map_err(|e| {
            OpError::Input(format!(
                "`{text}` is neither a development account ({}) nor {} address: {e}",
                DEV_ACCOUNTS.join(", "),
                match self.chain {
                    ChainArg::Evm => "an EVM",
                    ChainArg::Solana => "a Solana",
                    ChainArg::Cosmwasm => "a CosmWasm",
                    ChainArg::Ink => "an ink!",
                }
            ))
        })
    }

    /// The name of the development account at `a`, else its address.
    fn show(&self, a: &A) -> String {
        self.dn
            .signers
            .iter()
            .find(|(_, s)| self.dn.escrow.address_of(s) == *a)
            .map_or_else(
                || a.show_with(self.address_prefix.as_deref()),
                |(n, _)| n.to_string(),
            )
    }

    /// The signed message in `file`, checked to be this devnet's and this channel's.
    fn signed(&mut self, channel: usize, file: &crate::channel::MessageFile) -> OpResult<Signed> {
        let ch = pick(&self.channels, channel, "channel")?;
        let message = file.message().map_err(|e| OpError::Input(e.0))?;
        self.check_message(&ch, channel, file, &message)?;
        let sig = |s: &Option<String>, who: &str| -> OpResult<Vec<u8>> {
            let text = s.as_deref().ok_or_else(|| {
                OpError::Input(format!("the message has no signature of party {who}"))
            })?;
            hex::decode(text.strip_prefix("0x").unwrap_or(text))
                .map_err(|_| OpError::Input(format!("party {who}'s signature is not hex")))
        };
        Ok(Signed {
            message,
            sig_a: sig(&file.signatures.a, "A")?,
            sig_b: sig(&file.signatures.b, "B")?,
        })
    }

    /// A message file must be for this devnet's channel contract and for channel `n`.
    fn check_message(
        &mut self,
        ch: &C::ChannelRef,
        n: usize,
        file: &crate::channel::MessageFile,
        message: &Message,
    ) -> OpResult<()> {
        let domain = file.domain().map_err(|e| OpError::Input(e.0))?;
        if domain != self.dn.channel.domain() {
            return Err(OpError::Input(
                "the message is for another deployment (its domain is not this devnet's channel \
                 contract)"
                    .into(),
            ));
        }
        let expected = self.dn.channel.message(ch, Kind::State, 0, 0, 0)?;
        if channel_id(message) != channel_id(&expected) {
            return Err(OpError::Input(format!(
                "the message is not for channel {n}"
            )));
        }
        Ok(())
    }

    /// The deployment: contracts, accounts, clock.
    fn info(&mut self) -> OpResult<Value> {
        let now = self.dn.now().map_err(OpError::Chain)?;
        Ok(json!({
            "chain": chain_name(self.chain),
            "time": now,
            "token_issued": self.dn.token.is_some(),
            "escrows": self.escrows.len(),
            "distributions": self.distributions.len(),
            "channels": self.channels.len(),
            "channel_domain": format!("{:?}", self.dn.channel.domain()),
        }))
    }

    /// Runs `op` on an endpoint: signed by its one key, relative times resolved against the
    /// chain's clock. Returns what it did and how many escrows, distributions and channels the
    /// session knew before (what follows them is what `op` created).
    fn apply_on_endpoint(&mut self, op: &mut Op) -> Result<(Value, [usize; 3]), Failure> {
        op.sign_as("key");
        let now = self.dn.now().map_err(|e| anyhow::anyhow!(e))?;
        op.resolve(now);
        let known = [
            self.escrows.len(),
            self.distributions.len(),
            self.channels.len(),
        ];
        let value = self.apply(op).map_err(OpError::into_failure)?;
        Ok((value, known))
    }

    /// Runs one operation; the value describes what it did.
    fn apply(&mut self, op: &Op) -> OpResult<Value> {
        let now = self.dn.now().map_err(OpError::Chain)?;
        Ok(match op {
            Op::Deploy => self.info()?,
            Op::Issue {
                issuer,
                name,
                symbol,
                decimals,
                cap,
                uri,
                legal_document_hash,
            } => {
                if self.dn.token.is_some() {
                    return Err(OpError::Input(
                        "a token is already issued on this devnet".into(),
                    ));
                }
                signer_in(&self.dn.signers, issuer)?;
                let hash = parse_hash(legal_document_hash).map_err(OpError::Input)?;
                let terms = TokenTerms {
                    name: name.clone(),
                    symbol: symbol.clone(),
                    decimals: *decimals,
                    cap: cap.0,
                    uri: uri.clone(),
                    legal_document_hash: hash,
                };
                (self.issue)(&mut self.dn, &terms, issuer)?;
                json!({ "issued": name, "symbol": symbol, "cap": cap.0.to_string(), "issuer": issuer })
            }
            Op::Register {
                by,
                investor,
                jurisdiction,
                kyc_expiry,
            } => {
                let who = self.address(investor)?;
                let s = signer_in(&self.dn.signers, by)?;
                let entry = Investor {
                    jurisdiction: *jurisdiction,
                    kyc_expiry: kyc_expiry.at(now),
                };
                token_in(&mut self.dn.token)?.register(s, &who, entry)?;
                json!({ "registered": investor, "jurisdiction": jurisdiction, "kyc_expiry": entry.kyc_expiry })
            }
            Op::Mint { by, to, amount } => {
                let who = self.address(to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let t = token_in(&mut self.dn.token)?;
                t.mint(s, &who, amount.0)?;
                json!({ "minted": amount.0.to_string(), "to": to, "balance": t.balance(&who)?.to_string() })
            }
            Op::Transfer { by, to, amount } => {
                let who = self.address(to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let t = token_in(&mut self.dn.token)?;
                t.transfer(s, &who, amount.0)?;
                json!({ "transferred": amount.0.to_string(), "from": by, "to": to })
            }
            Op::Freeze {
                by,
                account,
                frozen,
            } => {
                let who = self.address(account)?;
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.set_frozen(s, &who, *frozen)?;
                json!({ "account": account, "frozen": frozen })
            }
            Op::ForcedTransfer {
                by,
                from,
                to,
                amount,
            } => {
                let (f, t) = (self.address(from)?, self.address(to)?);
                let s = signer_in(&self.dn.signers, by)?;
                token_in(&mut self.dn.token)?.forced_transfer(s, &f, &t, amount.0)?;
                json!({ "forced": amount.0.to_string(), "from": from, "to": to })
            }
            Op::EscrowCreate {
                by,
                beneficiary,
                arbiter,
                milestones,
                deadline,
            } => {
                let b = self.address(beneficiary)?;
                let a = arbiter.as_deref().map(|x| self.address(x)).transpose()?;
                let s = signer_in(&self.dn.signers, by)?;
                let r = self.dn.escrow.create(
                    s,
                    NewEscrow {
                        beneficiary: b,
                        arbiter: a,
                        milestones: milestones.iter().map(|m| m.0).collect(),
                        deadline: deadline.at(now),
                    },
                )?;
                self.escrows.push(r);
                json!({ "escrow": self.escrows.len(), "deadline": deadline.at(now),
                        "milestones": milestones.iter().map(|m| m.0.to_string()).collect::<Vec<_>>() })
            }
            Op::EscrowRelease {
                by,
                escrow,
                milestone,
            } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.release(s, &r, *milestone)?;
                json!({ "escrow": escrow, "released": milestone })
            }
            Op::EscrowRefund { by, escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.refund(s, &r)?;
                json!({ "escrow": escrow, "refunded": true })
            }
            Op::EscrowCancel { by, escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.escrow.cancel(s, &r)?;
                json!({ "escrow": escrow, "cancelled": true })
            }
            Op::PayoutSend { by, legs } => {
                let legs_a = legs
                    .iter()
                    .map(|(who, m)| Ok((self.address(who)?, m.0)))
                    .collect::<OpResult<Vec<_>>>()?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.multisend(s, &legs_a)?;
                let total: u128 = legs.iter().map(|(_, m)| m.0).sum();
                json!({ "sent": legs.len(), "total": total.to_string() })
            }
            Op::PayoutDistribute {
                by,
                claims,
                start,
                expiry,
                clawback_to,
            } => {
                let claims_a = claims
                    .iter()
                    .map(|(who, m)| Ok((self.address(who)?, m.0)))
                    .collect::<OpResult<Vec<_>>>()?;
                let back = self.address(clawback_to)?;
                let s = signer_in(&self.dn.signers, by)?;
                let d = self.dn.payout.create_distribution(
                    s,
                    NewDistribution {
                        claims: claims_a,
                        start: start.at(now),
                        expiry: expiry.at(now),
                        clawback_to: back,
                    },
                )?;
                self.distributions.push(d);
                json!({ "distribution": self.distributions.len(), "claims": claims.len(),
                        "expiry": expiry.at(now) })
            }
            Op::PayoutClaim {
                by,
                distribution,
                index,
            } => {
                let d = pick(&self.distributions, *distribution, "distribution")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.claim(s, &d, *index)?;
                json!({ "distribution": distribution, "claimed": index })
            }
            Op::PayoutClawback { by, distribution } => {
                let d = pick(&self.distributions, *distribution, "distribution")?;
                let s = signer_in(&self.dn.signers, by)?;
                self.dn.payout.clawback(s, &d)?;
                json!({ "distribution": distribution, "clawed_back": true })
            }
            Op::ChannelOpen {
                by,
                counterparty,
                amount,
                period,
            } => {
                let b = self.address(counterparty)?;
                let q = signer_in(&self.dn.parties, by)?;
                let a = self.dn.channel.address_of(q);
                let ch = self.dn.channel.open(q, &b, amount.0, *period)?;
                let parties = (self.show(&a), self.show(&b));
                let opened = self.dn.channel.channel(&ch)?;
                let existing = self.channels.iter().position(|c| *c == ch);
                let n = match existing {
                    Some(i) => i + 1,
                    None => {
                        self.channels.push(ch);
                        self.channel_parties.push(parties);
                        self.channels.len()
                    }
                };
                json!({ "channel": n, "epoch": opened.epoch, "a": by, "b": counterparty,
                        "deposit": amount.0.to_string(), "period": period })
            }
            Op::ChannelDeposit {
                by,
                channel,
                amount,
            } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.deposit(q, &ch, amount.0)?;
                json!({ "channel": channel, "deposited": amount.0.to_string() })
            }
            Op::ChannelClose {
                by,
                channel,
                message,
            } => {
                let signed = self.signed(*channel, message)?;
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                match signed.message {
                    Message::Close(_) => self.dn.channel.close_cooperative(q, &ch, &signed)?,
                    Message::State(_) => self.dn.channel.close_unilateral(q, &ch, &signed)?,
                }
                self.channel_json(*channel)?
            }
            Op::ChannelCloseWithoutState { by, channel } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.close_without_state(q, &ch)?;
                self.channel_json(*channel)?
            }
            Op::ChannelChallenge {
                by,
                channel,
                message,
            } => {
                let signed = self.signed(*channel, message)?;
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.challenge(q, &ch, &signed)?;
                self.channel_json(*channel)?
            }
            Op::ChannelSettle { by, channel } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let q = signer_in(&self.dn.parties, by)?;
                self.dn.channel.settle(q, &ch)?;
                self.channel_json(*channel)?
            }
            Op::Advance { seconds } => {
                self.dn.advance(*seconds).map_err(OpError::Chain)?;
                json!({ "advanced": seconds, "time": self.dn.now().map_err(OpError::Chain)? })
            }
        })
    }

    fn channel_json(&mut self, n: usize) -> OpResult<Value> {
        let ch = pick(&self.channels, n, "channel")?;
        let c = self.dn.channel.channel(&ch)?;
        let status = match c.status {
            ChannelStatus::Open => "open",
            ChannelStatus::Closing => "closing",
            ChannelStatus::Settled => "settled",
        };
        Ok(json!({
            "channel": n,
            "status": status,
            "epoch": c.epoch,
            "nonce": c.nonce,
            "deposit_a": c.deposit_a.to_string(),
            "deposit_b": c.deposit_b.to_string(),
            "deadline": c.deadline,
        }))
    }

    /// Answers a read-only request.
    fn query(&mut self, q: &Query) -> OpResult<Value> {
        Ok(match q {
            Query::Accounts => {
                let rows: Vec<Value> = self
                    .dn
                    .signers
                    .iter()
                    .map(|(n, s)| {
                        let address = self.dn.escrow.address_of(s);
                        account_row(n, address.show_with(self.address_prefix.as_deref()))
                    })
                    .collect();
                json!({ "chain": chain_name(self.chain), "accounts": rows })
            }
            Query::Info => self.info()?,
            Query::Balance { account, of } => {
                let who = self.address(account)?;
                let (balance, asset) = match of {
                    Asset::Token => (token_in(&mut self.dn.token)?.balance(&who)?, "token"),
                    Asset::Escrow => (self.dn.escrow.balance(&who)?, "payment (escrow)"),
                    Asset::Payout => (self.dn.payout.balance(&who)?, "payment (payout)"),
                    Asset::Channel => (self.dn.channel.balance(&who)?, "payment (channel)"),
                };
                json!({ "account": account, "address": who.show_with(self.address_prefix.as_deref()),
                        "balance": balance.to_string(),
                        "asset": asset })
            }
            Query::CanTransfer { from, to, amount } => {
                let (f, t) = (self.address(from)?, self.address(to)?);
                let reason = token_in(&mut self.dn.token)?.can_transfer(&f, &t, *amount)?;
                json!({
                    "allowed": reason.is_none(),
                    "code": reason.map_or(0, |r| r.code()),
                    "reason": reason.map(|r| r.name()),
                })
            }
            Query::Escrow { escrow } => {
                let r = pick(&self.escrows, *escrow, "escrow")?;
                let e = self.dn.escrow.escrow(&r)?;
                let status = match e.status {
                    EscrowStatus::Active => "active",
                    EscrowStatus::Completed => "completed",
                    EscrowStatus::Refunded => "refunded",
                    EscrowStatus::Cancelled => "cancelled",
                };
                json!({
                    "escrow": escrow,
                    "status": status,
                    "milestones": e.milestones.iter().map(u128::to_string).collect::<Vec<_>>(),
                    "released": e.released.to_string(),
                    "next_milestone": e.next_milestone,
                })
            }
            Query::Channel { channel } => self.channel_json(*channel)?,
            Query::ChannelSign {
                by,
                channel,
                kind,
                nonce,
                sent_a,
                sent_b,
                existing,
            } => {
                let ch = pick(&self.channels, *channel, "channel")?;
                let message = match existing {
                    Some(file) => {
                        let m = file.message().map_err(|e| OpError::Input(e.0))?;
                        self.check_message(&ch, *channel, file, &m)?;
                        m
                    }
                    None => self
                        .dn
                        .channel
                        .message(&ch, *kind, *nonce, *sent_a, *sent_b)?,
                };
                let q = signer_in(&self.dn.parties, by)?;
                let me = self.dn.channel.address_of(q);
                let sig = self.dn.channel.sign(q, &message)?;
                let domain = self.dn.channel.domain();
                let signer = self.show(&me);
                let (pa, pb) = &self.channel_parties[*channel - 1];
                let party = if signer == *pa {
                    "a"
                } else if signer == *pb {
                    "b"
                } else {
                    return Err(OpError::Input(format!(
                        "{by} is not a party of channel {channel} ({pa} and {pb} are)"
                    )));
                };
                json!({
                    "party": party,
                    "signer": signer,
                    "signature": format!("0x{}", hex::encode(sig)),
                    "message": crate::channel::MessageFile::of(self.chain, &domain, &message)
                        .map_err(|e| OpError::Input(e.0))?,
                })
            }
        })
    }
}

fn unknown_account(name: &str) -> OpError {
    OpError::Input(format!(
        "`{name}` is not a development account (they are: {})",
        DEV_ACCOUNTS.join(", ")
    ))
}

fn pick<R: Clone>(items: &[R], n: usize, what: &str) -> OpResult<R> {
    n.checked_sub(1)
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| {
            OpError::Input(format!(
                "there is no {what} {n} on this devnet ({} so far)",
                items.len()
            ))
        })
}

fn channel_id(m: &Message) -> [u8; 32] {
    match m {
        Message::State(s) => s.channel_id,
        Message::Close(c) => c.channel_id,
    }
}

fn parse_hash(text: &str) -> Result<[u8; 32], String> {
    let t = text.strip_prefix("0x").unwrap_or(text);
    hex::decode(t)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("`{text}` is not a 32-byte hex hash"))
}

fn chain_title(chain: ChainArg) -> &'static str {
    match chain {
        ChainArg::Evm => "EVM",
        ChainArg::Solana => "Solana",
        ChainArg::Cosmwasm => "CosmWasm",
        ChainArg::Ink => "ink!",
    }
}

/// The contents of a state file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    format: String,
    chain: ChainArg,
    ops: Vec<Op>,
}

fn state_path(t: &Target) -> PathBuf {
    let name = match t.chain {
        ChainArg::Evm => "evm",
        ChainArg::Solana => "solana",
        ChainArg::Cosmwasm => "cosmwasm",
        ChainArg::Ink => "ink",
    };
    t.state_dir.join(format!("{name}.json"))
}

fn read_journal(t: &Target) -> Result<Option<Journal>, Failure> {
    let path = state_path(t);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display()).into()),
    };
    let journal: Journal = serde_json::from_str(&text).map_err(|e| {
        BadInput(format!(
            "{}: not a Tokenrail devnet state file: {e}",
            path.display()
        ))
    })?;
    if journal.format != FORMAT || journal.chain != t.chain {
        return Err(BadInput(format!(
            "{}: a {} state file for {:?}, expected {FORMAT} for {:?}",
            path.display(),
            journal.format,
            journal.chain,
            t.chain
        ))
        .into());
    }
    Ok(Some(journal))
}

fn write_journal(t: &Target, journal: &Journal) -> Result<(), Failure> {
    let path = state_path(t);
    std::fs::create_dir_all(&t.state_dir)
        .with_context(|| format!("cannot create {}", t.state_dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&t.state_dir)
        .with_context(|| format!("cannot write in {}", t.state_dir.display()))?;
    serde_json::to_writer_pretty(&mut tmp, journal).context("cannot encode the state")?;
    std::io::Write::write_all(&mut tmp, b"\n")?;
    tmp.persist(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A private `anvil` forking the endpoint at `url`, for a dry run.
fn fork_of(target: &Target, url: &str) -> Result<alloy::node_bindings::AnvilInstance, Failure> {
    let anvil = find_anvil(target.anvil.as_deref())?;
    alloy::node_bindings::Anvil::new()
        .path(anvil)
        .fork(url)
        .try_spawn()
        .map_err(|e| anyhow::anyhow!("cannot fork {url} for the dry run: {e}").into())
}

fn find_anvil(given: Option<&Path>) -> Result<PathBuf, Failure> {
    crate::demo::find_anvil(given).map_err(|e| anyhow::anyhow!(e).into())
}

/// What one invocation asks of a devnet.
pub enum Request {
    /// A change, recorded unless `dry_run`.
    Change(Op, bool),
    /// A read.
    Read(Query),
}

/// Replays `ops` on a fresh session, then runs `request`. Returns the request's result.
fn drive<T, E, P, C, S, Q, A>(
    mut session: Session<T, E, P, C, S, Q>,
    ops: &[Op],
    request: &mut Request,
) -> Result<OpResult<Value>, Failure>
where
    T: TokenClient<Signer = S, Address = A> + Clock,
    E: EscrowClient<Signer = S, Address = A> + Clock,
    P: PayoutClient<Signer = S, Address = A> + Clock,
    C: ChannelClient<Signer = Q, Address = A> + Clock,
    A: ChainAddress,
{
    for (i, op) in ops.iter().enumerate() {
        if let Err(e) = session.apply(op) {
            let why = match e {
                OpError::Refused(t) | OpError::Input(t) | OpError::Chain(t) => t,
            };
            return Err(anyhow::anyhow!(
                "the devnet state does not replay (operation {} of {}: {why}); start over with \
                 `tokenrail devnet reset --chain {}`",
                i + 1,
                ops.len(),
                chain_name(session.chain)
            )
            .into());
        }
    }
    Ok(match request {
        Request::Change(op, _) => match session.dn.now() {
            Ok(now) => {
                op.resolve(now);
                session.apply(op)
            }
            Err(e) => Err(OpError::Chain(e)),
        },
        Request::Read(q) => session.query(q),
    })
}

fn session<T, E: EscrowClient, P: PayoutClient, C: ChannelClient, S, Q>(
    chain: ChainArg,
    dn: Devnet<T, E, P, C, S, Q>,
    issue: Issue<T, E, P, C, S, Q>,
) -> Session<T, E, P, C, S, Q> {
    Session {
        chain,
        dn,
        issue,
        escrows: vec![],
        distributions: vec![],
        channels: vec![],
        channel_parties: vec![],
        endpoint: false,
        address_prefix: None,
    }
}

/// Starts the chain's devnet, replays its journal and runs `request`; records a successful
/// change. The embedded Solana programs' printing is kept off stdout meanwhile.
pub fn run(cli: &Cli, target: &Target, mut request: Request) -> Result<Value, Failure> {
    if let Some(url) = &target.rpc_url {
        return endpoint(cli, target, url, request);
    }
    let journal = read_journal(target)?;
    let mut ops = match (&journal, &request) {
        (Some(j), _) => j.ops.clone(),
        (None, Request::Change(Op::Deploy, _)) => vec![],
        (None, _) => {
            return Err(anyhow::anyhow!(
                "no {} devnet here (no {}): run `tokenrail deploy --chain {}` first",
                chain_title(target.chain),
                state_path(target).display(),
                chain_name(target.chain)
            )
            .into())
        }
    };
    if journal.is_some() && matches!(request, Request::Change(Op::Deploy, _)) {
        return Err(BadInput(format!(
            "the {} devnet is deployed already ({}); `tokenrail devnet reset --chain {}` starts over",
            chain_title(target.chain),
            state_path(target).display(),
            chain_name(target.chain)
        ))
        .into());
    }
    let pb = crate::spinner(cli);
    pb.set_message(format!(
        "replaying {} operation(s) on the {} devnet",
        ops.len(),
        chain_title(target.chain)
    ));
    let diverted = crate::divert::ProgramOutput::divert(cli.verbose)
        .map_err(|e| anyhow::anyhow!("cannot set stdout aside: {e}"))?;
    let outcome = match target.chain {
        ChainArg::Evm => {
            let anvil = find_anvil(target.anvil.as_deref())?;
            let dn = tokenrail_devnet::evm::start(&anvil).map_err(|e| anyhow::anyhow!(e))?;
            drive(
                session(target.chain, dn, EvmDevnet::issue),
                &ops,
                &mut request,
            )
        }
        ChainArg::Solana => drive(
            session(
                target.chain,
                tokenrail_devnet::solana::start(),
                SolanaDevnet::issue,
            ),
            &ops,
            &mut request,
        ),
        ChainArg::Cosmwasm => {
            let dn = tokenrail_devnet::cosmwasm::start().map_err(|e| anyhow::anyhow!(e))?;
            drive(
                session(target.chain, dn, CwDevnet::issue),
                &ops,
                &mut request,
            )
        }
        ChainArg::Ink => {
            let dn = tokenrail_devnet::ink::start().map_err(|e| anyhow::anyhow!(e))?;
            drive(
                session(target.chain, dn, InkDevnet::issue),
                &ops,
                &mut request,
            )
        }
    };
    drop(diverted);
    pb.finish_and_clear();
    let value = outcome?.map_err(OpError::into_failure)?;
    if let Request::Change(op, false) = request {
        ops.push(op);
        write_journal(
            target,
            &Journal {
                format: FORMAT.into(),
                chain: target.chain,
                ops,
            },
        )?;
    }
    Ok(value)
}

/// Deletes the chain's state file.
pub fn reset(target: &Target) -> Result<bool, Failure> {
    let path = state_path(target);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(anyhow::anyhow!("cannot remove {}: {e}", path.display()).into()),
    }
}

/// A time flag: Unix seconds, or `+<n>` with a unit `s`, `m`, `h` or `d` from the devnet's
/// clock when the operation runs (recorded as absolute).
pub fn parse_time(text: &str) -> Result<When, BadInput> {
    let bad = || {
        BadInput(format!(
            "`{text}` is not a time: Unix seconds, or +<n>s / m / h / d from the devnet's clock"
        ))
    };
    match text.strip_prefix('+') {
        Some(rel) => {
            let (digits, unit) = rel.split_at(rel.len().saturating_sub(1));
            let scale: u64 = match unit {
                "s" => 1,
                "m" => 60,
                "h" => 3_600,
                "d" => 86_400,
                _ => return Err(bad()),
            };
            let n: u64 = digits.parse().map_err(|_| bad())?;
            n.checked_mul(scale)
                .map(|after| When::After { after })
                .ok_or_else(bad)
        }
        None => text.parse().map(When::At).map_err(|_| bad()),
    }
}

/// An EVM deployment on an endpoint: where its contracts are, and the distributions created
/// through the CLI (their claims, from which claim proofs are rebuilt).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deployment {
    format: String,
    chain_id: u64,
    contracts: tokenrail_sdk::evm::EvmDeployment,
    #[serde(default)]
    distributions: Vec<RecordedDistribution>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedDistribution {
    id: Amount,
    claims: Vec<(alloy::primitives::Address, Amount)>,
}

/// The format tag of a deployment file.
const DEPLOYMENT_FORMAT: &str = "tokenrail-evm-deployment-v1";

/// A deployment file records the chain it was made on; another chain's endpoint is refused.
fn refuse_other_chain<C: PartialEq + std::fmt::Display>(
    path: &Path,
    recorded: &C,
    actual: &C,
    url: &str,
) -> Result<(), Failure> {
    if recorded != actual {
        return Err(BadInput(format!(
            "{} is a deployment on chain {recorded}, but {url} is chain {actual}",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// The account prefix an endpoint's recorded deployment spells addresses in (a Cosmos chain's
/// bech32 prefix, a Substrate chain's SS58 format), for reading a holders file before the
/// endpoint is reached; none off an endpoint or without a readable deployment (the command
/// then fails on the deployment itself).
pub fn recorded_address_prefix(target: &Target) -> Option<String> {
    target.rpc_url.as_ref()?;
    let text = std::fs::read_to_string(&target.deployment).ok()?;
    let recorded: Value = serde_json::from_str(&text).ok()?;
    match target.chain {
        ChainArg::Cosmwasm => recorded["bech32_prefix"].as_str().map(String::from),
        ChainArg::Ink => recorded["ss58_prefix"].as_u64().map(|n| n.to_string()),
        ChainArg::Evm | ChainArg::Solana => None,
    }
}

/// Why an endpoint of `chain` (`on`, as the message names it) takes no `--dry-run`: an
/// operation is often several transactions (an approval, then the call), and a node simulates
/// one at a time on its newest state, so a simulated operation could not be reported
/// truthfully (on EVM a dry run runs on a fork instead).
fn no_dry_run(on: &str, chain: ChainArg) -> Failure {
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

/// `deploy` never overwrites a recorded deployment.
fn refuse_recorded(path: &Path) -> Result<(), Failure> {
    if path.exists() {
        return Err(BadInput(format!(
            "{} exists: a deployment is recorded there already",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Reads a deployment file, which must carry the `format` tag `format`.
fn read_deployment<D: serde::de::DeserializeOwned>(
    path: &Path,
    format: &str,
) -> Result<D, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        BadInput(format!(
            "cannot read the deployment file {}: {e} (write it with `tokenrail deploy --rpc-url …`)",
            path.display()
        ))
    })?;
    let not_ours = |e: &dyn std::fmt::Display| {
        BadInput(format!(
            "{}: not a Tokenrail deployment file: {e}",
            path.display()
        ))
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| not_ours(&e))?;
    match value.get("format").and_then(Value::as_str) {
        Some(f) if f == format => {}
        Some(f) => {
            return Err(
                BadInput(format!("{}: format {f}, expected {format}", path.display())).into(),
            )
        }
        None => return Err(not_ours(&"it has no format tag").into()),
    }
    Ok(serde_json::from_value(value).map_err(|e| not_ours(&e))?)
}

fn write_deployment(path: &Path, d: &impl Serialize) -> Result<(), Failure> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
        .with_context(|| format!("cannot write next to {}", path.display()))?;
    serde_json::to_writer_pretty(&mut tmp, d).context("cannot encode the deployment")?;
    std::io::Write::write_all(&mut tmp, b"\n")?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The key file's signer on `url`, after checking the endpoint answers.
fn endpoint_signer(
    url: &str,
    key: &Path,
) -> Result<
    (
        tokenrail_sdk::evm::EvmSigner,
        tokenrail_channel::Secp256k1Key,
        u64,
    ),
    Failure,
> {
    use alloy::providers::{Provider, ProviderBuilder};
    let parsed = url
        .parse()
        .map_err(|_| BadInput(format!("--rpc-url `{url}` is not a URL")))?;
    let wallet = crate::keys::evm_signer(key)?;
    let secret: [u8; 32] = wallet.to_bytes().into();
    let state_key = tokenrail_channel::Secp256k1Key::from_bytes(&secret)
        .ok_or_else(|| BadInput(format!("key file {}: not a valid key", key.display())))?;
    let address = wallet.address();
    let provider = ProviderBuilder::new()
        .wallet(alloy::network::EthereumWallet::from(wallet))
        .connect_http(parsed)
        .erased();
    let rt = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let answered = rt.block_on(async {
        tokio::time::timeout(crate::channel::CONNECT_TIMEOUT, provider.get_chain_id()).await
    });
    let chain_id = match answered {
        Ok(Ok(id)) => id,
        Ok(Err(e)) => return Err(anyhow::anyhow!("cannot reach {url}: {e}").into()),
        Err(_) => return Err(anyhow::anyhow!("cannot reach {url}: no answer in 10 s").into()),
    };
    Ok((
        tokenrail_sdk::evm::EvmSigner { provider, address },
        state_key,
        chain_id,
    ))
}

/// A request against an endpoint.
fn endpoint(cli: &Cli, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
    match target.chain {
        ChainArg::Evm => evm_endpoint(cli, target, url, request),
        ChainArg::Solana => solana_endpoint::run(cli, target, url, request),
        ChainArg::Cosmwasm => cosmwasm_endpoint::run(cli, target, url, request),
        ChainArg::Ink => ink_endpoint::run(cli, target, url, request),
    }
}

/// A request against an EVM endpoint: the contracts named by the deployment file, every call
/// signed by the key file. The chain is the state; the file records addresses and the claims
/// of distributions created here.
///
/// `--dry-run` runs the operation on a fork of the endpoint (a private `anvil --fork-url`): the
/// same chain, state and key, thrown away afterwards, and the deployment file is left alone.
fn evm_endpoint(cli: &Cli, target: &Target, url: &str, request: Request) -> Result<Value, Failure> {
    let key = target
        .key
        .as_deref()
        .ok_or_else(|| BadInput("an endpoint needs the signer's --key file".into()))?;
    let pb = crate::spinner(cli);
    pb.set_message(format!("talking to {url}"));
    let dry_run = matches!(request, Request::Change(_, true));
    let fork = if dry_run {
        // The endpoint must answer before a fork of it can.
        endpoint_signer(url, key)?;
        pb.set_message(format!("forking {url} for the dry run"));
        Some(fork_of(target, url)?)
    } else {
        None
    };
    let node_url = fork
        .as_ref()
        .map_or_else(|| url.to_string(), |f| f.endpoint());
    let (signer, state_key, chain_id) = endpoint_signer(&node_url, key)?;
    if let Request::Change(Op::Deploy, dry_run) = request {
        refuse_recorded(&target.deployment)?;
        let payment = target
            .payment_token
            .as_deref()
            .map(|t| {
                <alloy::primitives::Address as ChainAddress>::parse(t)
                    .map_err(|e| BadInput(format!("--payment-token `{t}`: {e}")))
            })
            .transpose()?;
        let contracts = tokenrail_sdk::evm::EvmDeployment::deploy(&signer, payment)
            .map_err(|e| anyhow::anyhow!(e))?;
        let d = Deployment {
            format: DEPLOYMENT_FORMAT.into(),
            chain_id,
            contracts,
            distributions: vec![],
        };
        if !dry_run {
            write_deployment(&target.deployment, &d)?;
        }
        pb.finish_and_clear();
        return Ok(json!({
            "deployment": target.deployment.display().to_string(),
            "chain_id": chain_id,
            "contracts": d.contracts,
            "dry_run": dry_run,
        }));
    }
    let mut d: Deployment = read_deployment(&target.deployment, DEPLOYMENT_FORMAT)?;
    refuse_other_chain(&target.deployment, &d.chain_id, &chain_id, url)?;
    let dn = EvmDevnet::connect_signer(signer, state_key, &d.contracts)
        .map_err(|e| anyhow::anyhow!(e))?;
    let mut s = session(target.chain, dn, EvmDevnet::issue);
    s.endpoint = true;
    let count =
        s.dn.escrow
            .count()
            .map_err(|e| anyhow::anyhow!(e.to_string()))?;
    s.escrows = (1..=count).map(alloy::primitives::U256::from).collect();
    for r in &d.distributions {
        let claims = r.claims.iter().map(|(a, m)| (*a, m.0)).collect();
        let h =
            s.dn.payout
                .distribution(alloy::primitives::U256::from(r.id.0), claims)
                .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        s.distributions.push(h);
    }
    let value = match request {
        Request::Read(q) => s.query(&q).map_err(OpError::into_failure)?,
        Request::Change(mut op, dry_run) => {
            let (mut v, [_, known, _]) = s.apply_on_endpoint(&mut op)?;
            if dry_run {
                v["dry_run"] = true.into();
                pb.finish_and_clear();
                return Ok(v);
            }
            let mut changed = false;
            if let (Op::Issue { .. }, Some(t)) = (&op, s.dn.token.as_ref()) {
                d.contracts.token = Some((t.token, t.registry));
                changed = true;
            }
            for h in &s.distributions[known..] {
                d.distributions.push(RecordedDistribution {
                    id: Amount(h.id.to::<u128>()),
                    claims: h.claims.iter().map(|(a, m)| (*a, Amount(*m))).collect(),
                });
                changed = true;
            }
            if changed {
                write_deployment(&target.deployment, &d)?;
            }
            v
        }
    };
    pb.finish_and_clear();
    Ok(value)
}
