//! How the CLI fails: every error carries its exit code. 0 success, 1 failure (including a
//! contract's refusal and an unreachable endpoint), 2 usage error (clap's), 3 invalid input data
//! (files, addresses, amounts, keys), 4 signatures that do not verify, 5 a transaction that was
//! sent but whose outcome is unknown (check the chain before running the command again), 6 the
//! ledger differs from the chain (`ledger reconcile`).

use tokenrail_planner::input::InputErrors;

/// Exit code for invalid input data (bad rows, bad addresses).
pub const EXIT_INVALID_INPUT: u8 = 3;
/// Exit code for signatures that do not verify.
pub const EXIT_BAD_SIGNATURE: u8 = 4;
/// Exit code for a transaction that was sent but whose outcome is unknown: running the command
/// again could do its work twice.
pub const EXIT_OUTCOME_UNKNOWN: u8 = 5;

/// Exit code for a ledger that differs from the chain (`ledger reconcile`).
pub const EXIT_DRIFT: u8 = 6;

/// The ledger differs from the chain; exits with [`EXIT_DRIFT`].
#[derive(Debug)]
pub struct Drifted(pub String);

impl std::fmt::Display for Drifted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Drifted {}

/// A transaction was sent but its outcome is unknown; exits with [`EXIT_OUTCOME_UNKNOWN`].
#[derive(Debug)]
pub struct OutcomeUnknown(pub String);

impl std::fmt::Display for OutcomeUnknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutcomeUnknown {}

/// Input the command cannot use (a malformed key, address, amount or message file); exits with
/// [`EXIT_INVALID_INPUT`].
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// A failure with its exit code.
pub struct Failure {
    /// The process's exit code.
    pub code: u8,
    /// What went wrong.
    pub error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        let error = e.into();
        let code = if error.downcast_ref::<InputErrors>().is_some()
            || error.downcast_ref::<BadInput>().is_some()
        {
            EXIT_INVALID_INPUT
        } else if error.downcast_ref::<OutcomeUnknown>().is_some() {
            EXIT_OUTCOME_UNKNOWN
        } else if error.downcast_ref::<Drifted>().is_some() {
            EXIT_DRIFT
        } else {
            1
        };
        Failure { code, error }
    }
}

impl Failure {
    /// Prints the failure on stderr (every bad row of an input file, one per line, under the
    /// file's name where the command gave it as the error's context).
    pub fn report(&self) {
        if let Some(input) = self.error.downcast_ref::<InputErrors>() {
            let file = match self.error.chain().count() {
                1 => "the input".to_owned(),
                _ => self.error.to_string(),
            };
            eprint!("error: {file} has {} problem(s):\n{input}", input.0.len());
        } else {
            eprintln!("error: {:#}", self.error);
        }
    }
}
