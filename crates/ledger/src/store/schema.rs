//! The ledger's versioned schema: migrations embedded in the binary, applied by sqlx's migrator
//! (its `_sqlx_migrations` table records each version with a checksum), with the checks a user
//! needs to hear about before anything is written.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::Row;

use super::{Access, Backend, Store};
use crate::error::StoreError;

/// The migrations, oldest first. A released migration is never edited: its checksum is
/// recorded in every database it was applied to.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "events",
        include_str!("../../migrations/0001_events.sql"),
    ),
    (
        2,
        "checkpoints",
        include_str!("../../migrations/0002_checkpoints.sql"),
    ),
];

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

fn migrator() -> Migrator {
    let mut m = Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(*sql),
                    false,
                )
            })
            .collect(),
    );
    // Two syncs starting on an empty PostgreSQL database take turns (an advisory lock).
    m.set_locking(true);
    m
}

/// The newest schema version recorded in the database, or `None` if it holds no ledger.
async fn applied_version(store: &Store) -> Result<Option<i64>, StoreError> {
    let has_table = match store.backend {
        Backend::Sqlite => sqlx::query(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        ),
        Backend::Postgres => sqlx::query(
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
        ),
    }
    .fetch_one(store.pool())
    .await?
    .try_get::<i64, _>(0)?
        > 0;
    if !has_table {
        return Ok(None);
    }
    let v: Option<i64> = sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(store.pool())
        .await?
        .try_get(0)?;
    Ok(Some(v.unwrap_or(0)))
}

/// Checks the database's schema version against this build's and migrates it when `access`
/// allows. A newer schema is refused before anything is written.
pub(super) async fn prepare(store: &Store, access: Access) -> Result<(), StoreError> {
    let found = applied_version(store).await?;
    match (found, access) {
        (Some(found), _) if found > SCHEMA_VERSION => Err(StoreError::NewerSchema {
            database: store.name.clone(),
            found,
            known: SCHEMA_VERSION,
        }),
        (None, Access::Existing) => Err(StoreError::NotLedger(store.name.clone())),
        (Some(found), Access::Existing) if found < SCHEMA_VERSION => Err(StoreError::OlderSchema {
            database: store.name.clone(),
            found,
            known: SCHEMA_VERSION,
        }),
        (Some(_), Access::Existing) => Ok(()),
        (_, Access::Create) => Ok(migrator().run(store.pool()).await?),
    }
}
