//! `tokenrail`: the issuer's command line.
//!
//! Conventions: data goes to stdout (JSON with `--json`), diagnostics to stderr; progress is
//! shown only on a terminal and never with `--json` or `-q`. Exit codes: see [`error`].
//!
//! - [`args`]: the command line's shape; [`output`]: the global output flags; [`commands`]: one
//!   module per command group.
//! - [`target`]: where a command runs (a devnet or an endpoint); [`session`]: what it does there;
//!   [`chain`]: the family abstraction, requests and records both build on.
//! - [`message`]: the channel message file the parties sign and pass between them.
//! - [`profile`]: `tokenrail.toml`, the per-chain defaults of the flags.
//! - [`error`], [`progress`], [`keys`] (key files), [`divert`] (the embedded programs' output).

mod args;
mod chain;
mod commands;
#[cfg(feature = "devnet")]
mod divert;
mod error;
mod keys;
mod message;
mod output;
mod profile;
mod progress;
mod session;
mod target;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use error::Failure;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    // The embedded Solana chain logs every instruction through `log` (solana-program-test's
    // default filter is verbose); the CLI reports what it did itself. RUST_LOG still wins.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "off");
    }
    // The profile's defaults become the environment clap reads, below flags and variables the
    // caller set.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match profile::defaults(&args) {
        Ok(vars) => {
            for (var, value) in vars {
                std::env::set_var(var, value);
            }
        }
        Err(e) => {
            let f = Failure::from(e);
            f.report();
            return ExitCode::from(f.code);
        }
    }
    let cli = Cli::parse_from(args);
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            f.report();
            ExitCode::from(f.code)
        }
    }
}

/// A closed pipe (`tokenrail … | head`) ends the process quietly, as it ends any Unix tool,
/// instead of a panic on the next print: Rust ignores SIGPIPE by default, and this restores the
/// default. Sockets are unaffected (the standard library writes them with `MSG_NOSIGNAL`), and
/// every file the CLI writes is written atomically, so being stopped at a print loses nothing.
#[allow(unsafe_code)]
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: sets the disposition of one signal to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    let out = &cli.output;
    match &cli.command {
        Command::Payout(cmd) => commands::payout::run(out, cmd),
        Command::Channel(cmd) => commands::channel::run(out, cmd),
        #[cfg(feature = "devnet")]
        Command::Demo(args) => commands::demo::run(out, args),
        Command::Deploy(c) => commands::deploy::deploy(out, c),
        Command::Devnet(cmd) => commands::devnet::devnet(out, cmd),
        Command::Token(cmd) => commands::token::token(out, cmd),
        Command::Escrow(cmd) => commands::escrow::escrow(out, cmd),
        Command::Ledger(cmd) => commands::ledger::run(out, cmd),
    }
}
