//! `tokenrail token`: the asset token and its investor registry.

use clap::{Args, Subcommand};

use super::{amount, change, read, who};
use crate::chain::ops::{parse_time, Asset, Op, Query};
use crate::error::Failure;
use crate::output::Output;
use crate::target::{Change, Target};

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Issues the asset token and its investor registry; `--from` receives every role.
    Issue(IssueArgs),
    /// The registry agent registers (or updates) a verified investor; on Solana this also
    /// onboards the investor's associated token account (Token ACL: thaws it).
    Register(RegisterArgs),
    /// The issuer mints to an eligible investor.
    Mint(MoveArgs),
    /// A holder transfers its own tokens, under the compliance rules.
    Transfer(MoveArgs),
    /// The compliance agent freezes (or with --unfreeze unfreezes) an account.
    Freeze(FreezeArgs),
    /// The compliance agent moves tokens past freezes, lock-ups and the registry (recovery).
    ForceTransfer(ForceArgs),
    /// The pauser pauses holders' movements (or with --unpause resumes them); mint,
    /// redemption and forced transfer go on.
    Pause(PauseArgs),
    /// The admin ends the token's life, for good: nothing moves a balance afterwards and
    /// nothing unpauses it. The token must be paused first.
    Deactivate(DeactivateArgs),
    /// The token's documents (ERC-1643): `legal` is the metadata URI and legal document hash.
    #[command(subcommand)]
    Document(DocumentCommand),
    /// Whether a transfer would be allowed now; if not, the reason code and the chain's message.
    CanTransfer(CanTransferArgs),
    /// A balance in the token or in the payment token.
    Balance(BalanceArgs),
}

#[derive(Args)]
pub struct IssueArgs {
    #[command(flatten)]
    change: Change,
    /// The development account that issues and holds every role.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// Token name (1–64 bytes of UTF-8).
    #[arg(long)]
    name: String,
    /// Token symbol (1–16 bytes of UTF-8).
    #[arg(long)]
    symbol: String,
    /// Decimals.
    #[arg(long, default_value_t = 6)]
    decimals: u8,
    /// Supply cap, in base units.
    #[arg(long)]
    cap: String,
    /// Where the legal documents live.
    #[arg(long)]
    uri: String,
    /// SHA-256 of the legal document (64 hex digits).
    #[arg(long)]
    legal_hash: String,
}

#[derive(Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    change: Change,
    /// The registry agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The investor: a development account or an address.
    #[arg(long)]
    investor: String,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    #[arg(long)]
    jurisdiction: u16,
    /// When the KYC expires: Unix seconds or `+<n>d` (also s, m, h).
    #[arg(long, default_value = "+365d")]
    kyc_expiry: String,
}

#[derive(Args)]
pub struct MoveArgs {
    #[command(flatten)]
    change: Change,
    /// The signer: the issuer for `mint`, the holder for `transfer`.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The recipient: a development account or an address.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct FreezeArgs {
    #[command(flatten)]
    change: Change,
    /// The compliance agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The account.
    #[arg(long)]
    account: String,
    /// Unfreeze instead.
    #[arg(long)]
    unfreeze: bool,
}

#[derive(Args)]
pub struct PauseArgs {
    #[command(flatten)]
    change: Change,
    /// The pauser.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// Resume instead.
    #[arg(long)]
    unpause: bool,
}

#[derive(Args)]
pub struct DeactivateArgs {
    #[command(flatten)]
    change: Change,
    /// The admin.
    #[arg(long, default_value = "issuer")]
    from: String,
}

/// `tokenrail token document …`.
#[derive(Subcommand)]
pub enum DocumentCommand {
    /// The admin creates or replaces a document (`legal`: the metadata).
    Set(SetDocumentArgs),
    /// The admin removes a document (never `legal`).
    Remove(RemoveDocumentArgs),
    /// One document: its URI, hash and last change.
    Show(ShowDocumentArgs),
    /// Every document, `legal` first.
    List(ListDocumentsArgs),
}

#[derive(Args)]
pub struct SetDocumentArgs {
    #[command(flatten)]
    change: Change,
    /// The admin.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The document's name (1–32 bytes, no zero byte).
    #[arg(long)]
    name: String,
    /// Where the document is (at most 256 bytes).
    #[arg(long)]
    uri: String,
    /// The document's SHA-256 (64 hex digits).
    #[arg(long)]
    hash: String,
}

#[derive(Args)]
pub struct RemoveDocumentArgs {
    #[command(flatten)]
    change: Change,
    /// The admin.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The document's name.
    #[arg(long)]
    name: String,
}

#[derive(Args)]
pub struct ShowDocumentArgs {
    #[command(flatten)]
    target: Target,
    /// The document's name.
    #[arg(long)]
    name: String,
}

#[derive(Args)]
pub struct ListDocumentsArgs {
    #[command(flatten)]
    target: Target,
}

#[derive(Args)]
pub struct ForceArgs {
    #[command(flatten)]
    change: Change,
    /// The compliance agent.
    #[arg(long, default_value = "issuer")]
    from: String,
    /// The account the tokens leave.
    #[arg(long)]
    source: String,
    /// The recipient.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct CanTransferArgs {
    #[command(flatten)]
    target: Target,
    /// The sender.
    #[arg(long)]
    source: String,
    /// The recipient.
    #[arg(long)]
    to: String,
    /// Amount, in base units.
    #[arg(long)]
    amount: String,
}

#[derive(Args)]
pub struct BalanceArgs {
    #[command(flatten)]
    target: Target,
    /// The account: a development account or an address.
    #[arg(long)]
    account: String,
    /// Which asset.
    #[arg(long, value_enum, default_value = "token")]
    asset: Asset,
}

/// `tokenrail token …`.
pub fn token(out: &Output, cmd: &TokenCommand) -> Result<(), Failure> {
    match cmd {
        TokenCommand::Issue(a) => change(
            out,
            &a.change,
            Op::Issue {
                issuer: a.from.clone(),
                name: a.name.clone(),
                symbol: a.symbol.clone(),
                decimals: a.decimals,
                cap: amount("--cap", &a.cap)?,
                uri: a.uri.clone(),
                legal_document_hash: a.legal_hash.clone(),
            },
        ),
        TokenCommand::Register(a) => change(
            out,
            &a.change,
            Op::Register {
                by: a.from.clone(),
                investor: a.investor.clone(),
                jurisdiction: a.jurisdiction,
                kyc_expiry: parse_time(&a.kyc_expiry)?,
            },
        ),
        TokenCommand::Mint(a) => change(
            out,
            &a.change,
            Op::Mint {
                by: who(&a.from),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::Transfer(a) => change(
            out,
            &a.change,
            Op::Transfer {
                by: who(&a.from),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::Freeze(a) => change(
            out,
            &a.change,
            Op::Freeze {
                by: a.from.clone(),
                account: a.account.clone(),
                frozen: !a.unfreeze,
            },
        ),
        TokenCommand::ForceTransfer(a) => change(
            out,
            &a.change,
            Op::ForcedTransfer {
                by: a.from.clone(),
                from: a.source.clone(),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?,
            },
        ),
        TokenCommand::Pause(a) => change(
            out,
            &a.change,
            Op::Pause {
                by: a.from.clone(),
                paused: !a.unpause,
            },
        ),
        TokenCommand::Deactivate(a) => {
            change(out, &a.change, Op::Deactivate { by: a.from.clone() })
        }
        TokenCommand::Document(DocumentCommand::Set(a)) => change(
            out,
            &a.change,
            Op::SetDocument {
                by: a.from.clone(),
                name: a.name.clone(),
                uri: a.uri.clone(),
                hash: a.hash.clone(),
            },
        ),
        TokenCommand::Document(DocumentCommand::Remove(a)) => change(
            out,
            &a.change,
            Op::RemoveDocument {
                by: a.from.clone(),
                name: a.name.clone(),
            },
        ),
        TokenCommand::Document(DocumentCommand::Show(a)) => read(
            out,
            &a.target,
            Query::Document {
                name: a.name.clone(),
            },
        ),
        TokenCommand::Document(DocumentCommand::List(a)) => read(out, &a.target, Query::Documents),
        TokenCommand::CanTransfer(a) => read(
            out,
            &a.target,
            Query::CanTransfer {
                from: a.source.clone(),
                to: a.to.clone(),
                amount: amount("--amount", &a.amount)?.0,
            },
        ),
        TokenCommand::Balance(a) => read(
            out,
            &a.target,
            Query::Balance {
                account: a.account.clone(),
                of: a.asset,
            },
        ),
    }
}
