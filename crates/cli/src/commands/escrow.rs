//! `tokenrail escrow`: milestone escrows.

use clap::{Args, Subcommand};

use super::{amount, change, read, who};
use crate::chain::ops::{parse_time, Op, Query};
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::target::{Change, Target};
use tokenrail_core::Amount;

#[derive(Subcommand)]
pub enum EscrowCommand {
    /// Creates and funds a milestone escrow in the payment token.
    Create(EscrowCreateArgs),
    /// Releases the next milestone (depositor or arbiter, before the deadline).
    Release(EscrowReleaseArgs),
    /// Returns the unreleased rest to the depositor (anyone from the deadline, the arbiter at
    /// any time).
    Refund(EscrowRefArgs),
    /// The beneficiary gives the escrow up before any release.
    Cancel(EscrowRefArgs),
    /// Shows an escrow.
    Show(EscrowShowArgs),
}

#[derive(Args)]
pub struct EscrowCreateArgs {
    #[command(flatten)]
    change: Change,
    /// The depositor.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// Receives the released milestones.
    #[arg(long)]
    beneficiary: String,
    /// May release and refund early.
    #[arg(long)]
    arbiter: Option<String>,
    /// Milestone amounts in base units, comma-separated, released in order.
    #[arg(long, value_delimiter = ',', required = true)]
    milestones: Vec<String>,
    /// Unix seconds or `+<n>d` (also s, m, h).
    #[arg(long)]
    deadline: String,
}

#[derive(Args)]
pub struct EscrowReleaseArgs {
    #[command(flatten)]
    change: Change,
    /// The depositor or the arbiter.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The escrow's number, as `escrow create` printed it.
    #[arg(long)]
    escrow: usize,
    /// The milestone (0-based; milestones go in order).
    #[arg(long)]
    milestone: u32,
}

#[derive(Args)]
pub struct EscrowRefArgs {
    #[command(flatten)]
    change: Change,
    /// The signer.
    #[arg(long, required_unless_present = "rpc_url")]
    from: Option<String>,
    /// The escrow's number, as `escrow create` printed it.
    #[arg(long)]
    escrow: usize,
}

#[derive(Args)]
pub struct EscrowShowArgs {
    #[command(flatten)]
    target: Target,
    /// The escrow's number, as `escrow create` printed it.
    #[arg(long)]
    escrow: usize,
}

/// `tokenrail escrow …`.
pub fn escrow(out: &Output, cmd: &EscrowCommand) -> Result<(), Failure> {
    match cmd {
        EscrowCommand::Create(a) => {
            let milestones = a
                .milestones
                .iter()
                .map(|m| amount("--milestones", m))
                .collect::<Result<Vec<Amount>, BadInput>>()?;
            change(
                out,
                &a.change,
                Op::EscrowCreate {
                    by: who(&a.from),
                    beneficiary: a.beneficiary.clone(),
                    arbiter: a.arbiter.clone(),
                    milestones,
                    deadline: parse_time(&a.deadline)?,
                },
            )
        }
        EscrowCommand::Release(a) => change(
            out,
            &a.change,
            Op::EscrowRelease {
                by: who(&a.from),
                escrow: a.escrow,
                milestone: a.milestone,
            },
        ),
        EscrowCommand::Refund(a) => change(
            out,
            &a.change,
            Op::EscrowRefund {
                by: who(&a.from),
                escrow: a.escrow,
            },
        ),
        EscrowCommand::Cancel(a) => change(
            out,
            &a.change,
            Op::EscrowCancel {
                by: who(&a.from),
                escrow: a.escrow,
            },
        ),
        EscrowCommand::Show(a) => read(out, &a.target, Query::Escrow { escrow: a.escrow }),
    }
}
