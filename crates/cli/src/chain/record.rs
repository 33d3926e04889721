//! What a target records between commands, in one shape for every chain family: the handles the
//! CLI created (escrows, distributions with their claims, channels with their parties) and, on an
//! endpoint, the deployment file around them. The devnet's snapshot file carries the same
//! handles beside the chain's saved state.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokenrail_core::Amount;

use crate::chain::ChainArg;
use crate::error::{BadInput, Failure};

/// The handles the CLI created on a chain, numbered from 1 in this order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Created {
    /// The escrows (each family's handle: an id, or an account).
    #[serde(default)]
    pub escrows: Vec<Value>,
    /// The distributions.
    #[serde(default)]
    pub distributions: Vec<RecordedDistribution>,
    /// The channels.
    #[serde(default)]
    pub channels: Vec<RecordedChannel>,
}

/// A distribution: its handle and its claims, from which later runs rebuild the tree and prove
/// claims.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedDistribution {
    /// The family's handle (an id, or an account).
    pub handle: Value,
    /// `(account, amount)` per leaf, in order.
    pub claims: Vec<(String, Amount)>,
}

/// A channel: its handle and its parties.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedChannel {
    /// The family's handle (an id, an account, or the asset on EVM, where the parties and the
    /// asset are the key).
    pub id: String,
    /// Party A (the opener).
    pub a: String,
    /// Party B.
    pub b: String,
}

/// The format tag of a deployment file.
pub const DEPLOYMENT_FORMAT: &str = "tokenrail-deployment-v2";

/// A deployment on an endpoint: the chain it is on, where its contracts are, and what the CLI
/// created there.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentFile<D> {
    /// [`DEPLOYMENT_FORMAT`].
    pub format: String,
    /// The chain family.
    pub chain: ChainArg,
    /// What names the chain: an EVM chain id, a Solana cluster's or a Substrate chain's genesis
    /// hash, a Cosmos chain id. Another chain's endpoint is refused.
    pub network: String,
    /// The account prefix addresses are read and written in: a Cosmos chain's bech32 prefix, a
    /// Substrate chain's SS58 format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_prefix: Option<String>,
    /// The family's deployment record (the SDK's).
    pub contracts: D,
    /// What the CLI created there.
    #[serde(default)]
    pub created: Created,
}

impl<D: Serialize + DeserializeOwned> DeploymentFile<D> {
    /// A new deployment's file.
    pub fn new(chain: ChainArg, network: String, prefix: Option<String>, contracts: D) -> Self {
        DeploymentFile {
            format: DEPLOYMENT_FORMAT.into(),
            chain,
            network,
            address_prefix: prefix,
            contracts,
            created: Created::default(),
        }
    }

    /// Reads the deployment file at `path`, which must be `chain`'s.
    pub fn read(path: &Path, chain: ChainArg) -> Result<Self, Failure> {
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
            Some(DEPLOYMENT_FORMAT) => {}
            Some(f) => {
                return Err(BadInput(format!(
                    "{}: format {f}, expected {DEPLOYMENT_FORMAT}",
                    path.display()
                ))
                .into())
            }
            None => return Err(not_ours(&"it has no format tag").into()),
        }
        let recorded = value.get("chain").and_then(Value::as_str).unwrap_or("?");
        if recorded != crate::chain::chain_name(chain) {
            return Err(BadInput(format!(
                "{} is a deployment on {recorded}, not on {}",
                path.display(),
                crate::chain::chain_name(chain)
            ))
            .into());
        }
        let mut file: Self = serde_json::from_value(value).map_err(|e| not_ours(&e))?;
        if chain == ChainArg::Ink && !file.network.starts_with("0x") {
            // Files written before the genesis hash was spelled `0x…` (as the ledger and
            // Substrate's RPC spell it) recorded bare hex.
            file.network = format!("0x{}", file.network);
        }
        Ok(file)
    }

    /// Refuses an endpoint whose chain is not the recorded one.
    pub fn check_network(&self, path: &Path, actual: &str, url: &str) -> Result<(), Failure> {
        if self.network != actual {
            return Err(BadInput(format!(
                "{} is a deployment on chain {}, but {url} is chain {actual}",
                path.display(),
                self.network
            ))
            .into());
        }
        Ok(())
    }

    /// Writes the file to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<(), Failure> {
        write_json(path, self)
    }
}

/// A handle recorded as a JSON number (an escrow or distribution id); `what` names it in the
/// error.
pub fn recorded_u64(v: &Value, what: &str) -> Result<u64, String> {
    v.as_u64()
        .ok_or_else(|| format!("{what} `{v}` is not a number"))
}

/// Writes `value` as pretty JSON to `path` atomically (see [`tokenrail_planner::files`]).
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), Failure> {
    tokenrail_planner::files::write_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
    .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()).into())
}

/// `deploy` never overwrites a recorded deployment.
pub fn refuse_recorded(path: &Path) -> Result<(), Failure> {
    if path.exists() {
        return Err(BadInput(format!(
            "{} exists: a deployment is recorded there already",
            path.display()
        ))
        .into());
    }
    Ok(())
}
