//! `tokenrail devnet`: a devnet's accounts, clock and reset.

use clap::{Args, Subcommand};

use super::{change, read};
use crate::chain::ops::{parse_time, Op, Query};
use crate::error::Failure;
use crate::output::Output;
use crate::target::{Change, Target};

#[derive(Subcommand)]
pub enum DevnetCommand {
    /// Lists the development accounts and their addresses.
    Accounts(Target),
    /// Shows the devnet: its clock and what it holds.
    Info(Target),
    /// Moves the devnet's clocks forward (deadlines, expiries, challenge periods); with
    /// --rpc-url, a development node's (anvil, the test fronts), which a real network refuses.
    Advance(AdvanceArgs),
    /// Deletes the devnet's state: the next `deploy` starts afresh.
    Reset(Target),
}

#[derive(Args)]
pub struct AdvanceArgs {
    #[command(flatten)]
    change: Change,
    /// How far: `<n>s`, `<n>m`, `<n>h` or `<n>d`.
    #[arg(long)]
    by: String,
}

/// `tokenrail devnet …`.
pub fn devnet(out: &Output, cmd: &DevnetCommand) -> Result<(), Failure> {
    match cmd {
        DevnetCommand::Accounts(t) => read(out, t, Query::Accounts),
        DevnetCommand::Info(t) => read(out, t, Query::Info),
        DevnetCommand::Advance(a) => {
            let seconds = match parse_time(&format!("+{}", a.by))? {
                crate::chain::ops::When::After { after } => after,
                crate::chain::ops::When::At(_) => unreachable!("a `+` time is relative"),
            };
            change(out, &a.change, Op::Advance { seconds })
        }
        #[cfg(feature = "devnet")]
        DevnetCommand::Reset(t) => {
            let removed = crate::target::devnet::reset(t)?;
            super::print(out, &serde_json::json!({ "reset": removed }));
            Ok(())
        }
        #[cfg(not(feature = "devnet"))]
        DevnetCommand::Reset(_) => Err(crate::target::no_devnet()),
    }
}
