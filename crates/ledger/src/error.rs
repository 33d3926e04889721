//! What can go wrong in the ledger, as values a caller can match on.

use std::path::PathBuf;

/// A failure of the ledger's database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite file a view was asked to read does not exist (nothing was created).
    #[error("no ledger database at {0} (run `tokenrail ledger sync` first)")]
    Missing(PathBuf),
    /// The database exists but holds no ledger (no migrations table).
    #[error("{0} is not a ledger database (no schema version recorded)")]
    NotLedger(String),
    /// The database was migrated by a newer Tokenrail: this one would misread it.
    #[error("{database} has ledger schema version {found}; this build knows versions up to {known}: upgrade tokenrail")]
    NewerSchema {
        /// The database, as given.
        database: String,
        /// The newest version applied to it.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The database's schema is older than this build's and a view was asked (views never write).
    #[error("{database} has ledger schema version {found}; this build reads version {known}: run `tokenrail ledger sync` once to migrate it")]
    OlderSchema {
        /// The database, as given.
        database: String,
        /// The newest version applied to it.
        found: i64,
        /// The version this build reads.
        known: i64,
    },
    /// Another process moved this source's cursor since it was read: the batch was not written.
    #[error("the sync cursor of {0} moved under this process (another sync of the same source is running)")]
    CursorMoved(String),
    /// A stored row does not parse (written by hand, or by a broken build).
    #[error("a stored event does not parse: {0}")]
    Corrupt(String),
    /// The database refused or failed (locked, unreachable, full, ...).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
