//! How a command prints: the global output flags every command takes.
//!
//! Data goes to stdout (JSON with `--json`), diagnostics to stderr; progress is shown only on a
//! terminal and never with `--json` or `-q`.

/// The global output flags.
#[derive(clap::Args, Clone, Debug)]
pub struct Output {
    /// Print machine-readable JSON on stdout (and no progress).
    #[arg(long, global = true, env = "TOKENRAIL_JSON")]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}
