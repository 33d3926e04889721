//! Shared JSON test vectors (`tests/vectors/<capability>/*.json`).
//!
//! A vector is a chain-neutral scenario: named actors, their starting
//! balances, and a list of steps with the outcome each step must have. Every
//! chain's test suite loads all vectors of a capability and replays them
//! through a driver for that chain, so adding a vector needs no chain code.

pub mod escrow;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The folder holding the shared vectors of this checkout.
pub fn vectors_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// A participant of a scenario. Each chain maps actors to its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Funds the escrow.
    Depositor,
    /// Receives released milestones.
    Beneficiary,
    /// Optional third party that may release or refund early.
    Arbiter,
    /// Anyone else.
    Stranger,
}

impl Actor {
    /// Every actor, in a fixed order.
    pub const ALL: [Actor; 4] = [
        Actor::Depositor,
        Actor::Beneficiary,
        Actor::Arbiter,
        Actor::Stranger,
    ];
}

/// Why loading or replaying a vector failed.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a valid vector.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A step did not have its expected outcome on a chain.
    #[error("[{chain}] vector `{vector}` step {step} ({action}): {message}")]
    Mismatch {
        /// The chain (and asset variant) the vector ran on.
        chain: String,
        /// The vector's name.
        vector: String,
        /// Zero-based step index.
        step: usize,
        /// The step's action.
        action: String,
        /// What differed.
        message: String,
    },
}

/// Reads every `*.json` file of `tests/vectors/<capability>/`, sorted by name.
pub fn read_dir_json<T: serde::de::DeserializeOwned>(
    capability: &str,
) -> Result<Vec<(PathBuf, T)>, VectorError> {
    let dir = vectors_root().join(capability);
    let entries = std::fs::read_dir(&dir).map_err(|source| VectorError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| VectorError::Io {
                path: path.clone(),
                source,
            })?;
            let value = serde_json::from_str(&text).map_err(|e| VectorError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Ok((path, value))
        })
        .collect()
}
