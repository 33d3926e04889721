//! What the CLI's integration tests share: running the binary in a directory with an
//! environment the test controls, its outcome, and the checks on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// A finished run of the binary.
pub struct Run {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `cmd` to the end and keeps its outcome.
    pub fn of(cmd: &mut Command) -> Run {
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// The whole of stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    /// The run succeeded.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "{}", self.stderr);
        self
    }

    /// The run failed with exit code `code` and said `message` on stderr.
    #[track_caller]
    pub fn fails(self, code: i32, message: &str) -> Self {
        assert_eq!(
            self.code, code,
            "stdout {} stderr {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(message),
            "expected `{message}` in {}",
            self.stderr
        );
        self
    }
}

/// The variables the binary reads that a developer's shell may have set.
const CALLER_ENV: &[&str] = &[
    "TOKENRAIL_RPC_URL",
    "TOKENRAIL_KEY_FILE",
    "TOKENRAIL_DEPLOYMENT",
    "TOKENRAIL_LEDGER_DATABASE",
    "TOKENRAIL_SURI",
    "TOKENRAIL_SCHEME",
];

/// Runs `tokenrail <args> --json` in `dir`, with `env` set, none of [`CALLER_ENV`] inherited,
/// and `HOME` at `home` where given (where the Solana CLI's default keypair is looked up).
pub fn run_env(dir: &Path, home: Option<&Path>, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("tokenrail").unwrap();
    if let Some(home) = home {
        cmd.env("HOME", home);
    }
    for name in CALLER_ENV {
        cmd.env_remove(name);
    }
    Run::of(
        cmd.current_dir(dir)
            .envs(env.iter().copied())
            .args(args)
            .arg("--json"),
    )
}

/// The run succeeded: its last line of output as JSON.
#[track_caller]
pub fn ok(r: Run) -> Value {
    let r = r.ok();
    serde_json::from_str(r.stdout.lines().last().unwrap_or("null"))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.stdout))
}

/// The run failed with exit code `code` and said `message` on stderr.
#[track_caller]
pub fn fails(r: Run, code: i32, message: &str) -> Run {
    r.fails(code, message)
}

/// The `anvil` the EVM tests run.
pub fn anvil_path() -> PathBuf {
    tokenrail_devnet::evm::find_anvil(None).expect("anvil for the EVM tests")
}

/// A Solana keypair file, as `solana-keygen new` writes it.
pub fn keypair_file(path: &Path, key: &tokenrail_sdk::solana::Keypair) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bytes: Vec<u8> = key.to_bytes().to_vec();
    std::fs::write(path, serde_json::to_string(&bytes).unwrap()).unwrap();
}
