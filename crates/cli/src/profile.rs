//! The profile file: per-chain defaults (endpoint, key file, deployment file, …) so a command
//! does not repeat them, as the Solana CLI's `config.yml` and Foundry's `foundry.toml` do.
//!
//! The file is `--profile <path>` (or `TOKENRAIL_PROFILE`), else `tokenrail.toml` in the working
//! directory, else `tokenrail/tokenrail.toml` in the user's configuration directory
//! (`$XDG_CONFIG_HOME`, by default `~/.config`); `--profile none` uses none. Flags win over the
//! environment, which wins over the profile: a value from the profile is applied as the
//! `TOKENRAIL_*` variable of its flag, and only when that variable is unset.
//!
//! ```toml
//! state_dir = ".tokenrail"          # top level: every chain
//! ledger = "ledger.db"              # `tokenrail ledger`: an SQLite file or a postgres:// URL
//!
//! [evm]
//! rpc_url = "https://base-sepolia.example"
//! key = "keys/issuer.hex"           # relative paths are relative to this file
//! deployment = "deployments/base-sepolia.json"
//!
//! [cosmwasm]
//! rpc_url = "https://rpc.osmotest5.example"
//! key = "~/keys/osmo.hex"
//! gas_price = "0.025uosmo"
//! ```
//!
//! No secret goes in a profile: `key` names a key file, an ink! secret URI stays in
//! `--suri`/`TOKENRAIL_SURI`, and a PostgreSQL password in `~/.pgpass` or `PGPASSWORD`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::BadInput;

/// The profile's file name.
pub const FILE_NAME: &str = "tokenrail.toml";

/// What a profile holds: defaults for every chain, and one table per chain family.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    state_dir: Option<PathBuf>,
    anvil: Option<PathBuf>,
    ledger: Option<String>,
    evm: Option<ChainDefaults>,
    solana: Option<ChainDefaults>,
    cosmwasm: Option<ChainDefaults>,
    ink: Option<ChainDefaults>,
}

/// One chain family's defaults, each the value of the flag of the same name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChainDefaults {
    rpc_url: Option<String>,
    key: Option<PathBuf>,
    deployment: Option<PathBuf>,
    gas_price: Option<String>,
    scheme: Option<String>,
    chain_id: Option<String>,
    network: Option<String>,
}

/// The value of `--<flag>` (`--flag value` or `--flag=value`) in the raw arguments, read before
/// clap parses them, since the profile supplies defaults clap then sees.
fn flag_value(args: &[OsString], flag: &str) -> Option<OsString> {
    let long = format!("--{flag}");
    let with_eq = format!("--{flag}=");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let text = a.to_string_lossy();
        if text == "--" {
            break;
        }
        if text == long {
            return it.next().cloned();
        }
        if let Some(v) = text.strip_prefix(&with_eq) {
            return Some(v.into());
        }
    }
    None
}

/// The profile file this invocation uses, if any.
fn locate(args: &[OsString]) -> Option<PathBuf> {
    let named = flag_value(args, "profile").or_else(|| std::env::var_os("TOKENRAIL_PROFILE"));
    if let Some(named) = named {
        return (named != "none").then(|| PathBuf::from(named));
    }
    let here = PathBuf::from(FILE_NAME);
    if here.is_file() {
        return Some(here);
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("tokenrail").join(FILE_NAME)).filter(|p| p.is_file())
}

/// A path from the profile: `~/` is the home directory, a relative path is relative to the
/// profile's directory.
fn resolve(path: &Path, base: &Path) -> PathBuf {
    if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), std::env::var_os("HOME")) {
        return PathBuf::from(home).join(rest);
    }
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// A ledger database from the profile: a URL as written, an SQLite file relative to the profile.
fn ledger_database(db: String, base: &Path) -> OsString {
    if db.contains("://") {
        OsString::from(db)
    } else {
        resolve(Path::new(&db), base).into_os_string()
    }
}

/// Reads the profile for these arguments and returns the environment variables it supplies
/// (those already set are left out). A named profile that is missing, and any profile that does
/// not parse or has an unknown key, is an error naming the file (and the line).
pub fn defaults(args: &[OsString]) -> Result<Vec<(&'static str, OsString)>, BadInput> {
    let Some(path) = locate(args) else {
        return Ok(vec![]);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| BadInput(format!("profile {}: {e}", path.display())))?;
    let profile: Profile =
        toml::from_str(&text).map_err(|e| BadInput(format!("profile {}: {e}", path.display())))?;
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let chain = flag_value(args, "chain").map(|c| c.to_string_lossy().to_lowercase());
    let table = match chain.as_deref() {
        Some("evm") => profile.evm,
        Some("solana") => profile.solana,
        Some("cosmwasm") => profile.cosmwasm,
        Some("ink") => profile.ink,
        _ => None,
    }
    .unwrap_or_default();
    let file = |p: Option<PathBuf>| p.map(|p| resolve(&p, &base).into_os_string());
    let text = |s: Option<String>| s.map(OsString::from);
    let database = profile.ledger.map(|db| ledger_database(db, &base));
    let supplied = [
        ("TOKENRAIL_STATE_DIR", file(profile.state_dir)),
        ("TOKENRAIL_LEDGER_DATABASE", database),
        ("TOKENRAIL_ANVIL", file(profile.anvil)),
        ("TOKENRAIL_RPC_URL", text(table.rpc_url)),
        ("TOKENRAIL_KEY_FILE", file(table.key)),
        ("TOKENRAIL_DEPLOYMENT", file(table.deployment)),
        ("TOKENRAIL_GAS_PRICE", text(table.gas_price)),
        ("TOKENRAIL_SCHEME", text(table.scheme)),
        ("TOKENRAIL_CHAIN_ID", text(table.chain_id)),
        ("TOKENRAIL_NETWORK", text(table.network)),
    ];
    Ok(supplied
        .into_iter()
        .filter_map(|(var, value)| Some((var, value?)))
        .filter(|(var, _)| std::env::var_os(var).is_none())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn flags_are_found_in_both_spellings_and_not_after_a_double_dash() {
        let a = args(&["tokenrail", "token", "issue", "--chain", "evm", "--x"]);
        assert_eq!(flag_value(&a, "chain"), Some("evm".into()));
        let a = args(&["tokenrail", "--chain=solana"]);
        assert_eq!(flag_value(&a, "chain"), Some("solana".into()));
        let a = args(&["tokenrail", "--", "--chain", "evm"]);
        assert_eq!(flag_value(&a, "chain"), None);
    }

    #[test]
    fn paths_resolve_against_the_profile_and_home() {
        let base = Path::new("/etc/issuer");
        assert_eq!(
            resolve(Path::new("keys/a.hex"), base),
            PathBuf::from("/etc/issuer/keys/a.hex")
        );
        assert_eq!(resolve(Path::new("/abs/k"), base), PathBuf::from("/abs/k"));
    }

    #[test]
    fn a_ledger_database_is_a_url_as_written_or_a_file_beside_the_profile() {
        let base = Path::new("/etc/issuer");
        assert_eq!(
            ledger_database("ledger.db".into(), base),
            OsString::from("/etc/issuer/ledger.db")
        );
        assert_eq!(
            ledger_database("postgres://ops@db/ledger".into(), base),
            OsString::from("postgres://ops@db/ledger")
        );
    }
}
