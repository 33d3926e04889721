//! What can go wrong in the ledger, as values a caller can match on.

use std::path::PathBuf;

use crate::holdings::Inconsistent;

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
    /// Another process holds the database's write lock longer than this one waits (SQLite).
    #[error("{0} is locked by another process (another sync, or a tool holding a write transaction); nothing was written: try again when it is done")]
    Locked(String),
    /// The database refused or failed (unreachable, full, ...).
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Names the database `name` in a lock error (the driver's error does not know it).
    pub(crate) fn naming(self, name: &str) -> Self {
        match self {
            StoreError::Locked(_) => StoreError::Locked(name.to_owned()),
            e => e,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        // SQLite's SQLITE_BUSY (5) after the busy timeout: another connection holds the lock.
        let busy = e
            .as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|c| c == "5" || c == "517");
        if busy {
            StoreError::Locked("the database".into())
        } else {
            StoreError::Database(e)
        }
    }
}

/// Why a view could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored events contradict each other: the ledger is missing events.
    #[error(transparent)]
    Inconsistent(#[from] Inconsistent),
}
