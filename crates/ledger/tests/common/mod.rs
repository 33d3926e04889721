//! The databases the ledger's tests run on: an SQLite file in a temporary directory, and a
//! throwaway PostgreSQL cluster (Debian's `postgresql`, installed by `scripts/setup`): `initdb`
//! in a temporary directory, its own port, stopped when the test ends. No mock.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Which engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Both engines, for tests that must behave the same on each.
pub const ENGINES: [Engine; 2] = [Engine::Sqlite, Engine::Postgres];

/// A database for one test, removed when dropped.
pub struct TestDb {
    /// What `Store::open` takes.
    pub url: String,
    // Fields drop in order: the server stops before its directory is removed.
    cluster: Option<Cluster>,
    dir: tempfile::TempDir,
}

impl TestDb {
    /// A fresh, empty database on `engine`.
    pub fn new(engine: Engine) -> Self {
        let dir = tempfile::tempdir().unwrap();
        match engine {
            Engine::Sqlite => TestDb {
                url: dir.path().join("ledger.db").display().to_string(),
                dir,
                cluster: None,
            },
            Engine::Postgres => {
                let cluster = Cluster::start(dir.path());
                TestDb {
                    url: cluster.url(),
                    dir,
                    cluster: Some(cluster),
                }
            }
        }
    }

    /// A directory that lives as long as the database.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// A running PostgreSQL server of its own.
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

/// The newest installed PostgreSQL's binaries.
fn pg_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: run scripts/setup (it installs Debian's postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("no initdb under /usr/lib/postgresql: run scripts/setup")
}

/// Runs a PostgreSQL tool; as root, as the `postgres` user (the server refuses to run as root).
fn run_pg(bin: &Path, tool: &str, args: &[&str]) {
    if let Err(why) = try_pg(bin, tool, args) {
        panic!("{why}");
    }
}

/// [`run_pg`], reporting a failure instead of panicking.
fn try_pg(bin: &Path, tool: &str, args: &[&str]) -> Result<(), String> {
    let root = is_root();
    let mut cmd = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        c
    } else {
        Command::new(bin.join(tool))
    };
    let out = cmd.args(args).output().expect("PostgreSQL tool runs");
    match out.status.success() {
        true => Ok(()),
        false => Err(format!(
            "{tool} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Cluster {
    fn start(dir: &Path) -> Self {
        let bin = pg_bin();
        if is_root() {
            let ok = Command::new("chown")
                .args(["postgres:", &dir.display().to_string()])
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown of the cluster's directory to postgres");
        }
        let data = dir.join("data");
        let data_s = data.display().to_string();
        run_pg(
            &bin,
            "initdb",
            &["-D", &data_s, "-A", "trust", "-U", "tokenrail", "--no-sync"],
        );
        let log = dir.join("log").display().to_string();
        // A free port can be taken by a parallel test's cluster before this one binds it:
        // start again on another.
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port();
            let options = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                dir.display()
            );
            let start = ["-D", &data_s, "-l", &log, "-o", &options, "-w", "start"];
            match try_pg(&bin, "pg_ctl", &start) {
                Ok(()) => return Cluster { bin, data, port },
                Err(why) => last = why,
            }
        }
        panic!(
            "the cluster did not start: {last}; its log: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        )
    }

    fn url(&self) -> String {
        format!("postgres://tokenrail@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        run_pg(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                &self.data.display().to_string(),
                "-m",
                "immediate",
                "stop",
            ],
        );
    }
}

/// What the sync tests read with: no confirmation depth (the test chains do not reorganise)
/// and a 5 ms first retry, so a retried failure costs the suite little.
pub fn options() -> tokenrail_ledger::SyncOptions {
    tokenrail_ledger::SyncOptions {
        confirmations: 0,
        first_retry: std::time::Duration::from_millis(5),
        ..tokenrail_ledger::SyncOptions::default()
    }
}

/// A node in front of `upstream` that forwards every call, after `before` has seen its method:
/// an error from `before` fails the call instead, as a node that drops or restarts does.
pub fn proxy(
    upstream: String,
    before: impl FnMut(&str) -> Result<(), tokenrail_json_rpc_front::RpcError> + Send + 'static,
) -> tokenrail_json_rpc_front::Front {
    tokenrail_json_rpc_front::serve(move || Proxy { upstream, before })
}

/// A node in front of `upstream` that fails the calls numbered `from..to` (`usize::MAX`: every
/// call from `from` on) with a node error, as a node does when it drops or restarts.
pub fn flaky(upstream: String, from: usize, to: usize) -> tokenrail_json_rpc_front::Front {
    let mut calls = 0;
    proxy(upstream, move |_| {
        calls += 1;
        match (from..to).contains(&calls) {
            true => Err(tokenrail_json_rpc_front::RpcError::new(
                -32000,
                "upstream unavailable",
            )),
            false => Ok(()),
        }
    })
}

struct Proxy<F> {
    upstream: String,
    before: F,
}

impl<F> tokenrail_json_rpc_front::Node for Proxy<F>
where
    F: FnMut(&str) -> Result<(), tokenrail_json_rpc_front::RpcError> + Send + 'static,
{
    fn call(
        &mut self,
        method: &str,
        params: &serde_json::Value,
    ) -> Result<serde_json::Value, tokenrail_json_rpc_front::RpcError> {
        (self.before)(method)?;
        tokenrail_json_rpc_front::forward(&self.upstream, method, params)
    }
}
