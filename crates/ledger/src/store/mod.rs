//! The event store: SQLite (one file, the embedded default) or PostgreSQL (a server), one schema
//! with versioned migrations for both, through sqlx's `Any` driver.
//!
//! Every write is one database transaction that carries the events *and* the cursor that covers
//! them, so a process killed at any point leaves either both or neither; the events' primary key
//! is their identity on the chain, so re-reading never duplicates a row.

mod checkpoints;
mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Row};

use crate::error::StoreError;
use crate::event::{EventData, EventRecord, Family, Position};

pub use checkpoints::CHECKPOINT_EVERY;
pub use schema::SCHEMA_VERSION;

/// How long a write waits for another process's write lock by default (SQLite).
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Whether opening may create and migrate the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Create the SQLite file if missing and migrate to this build's schema (what a sync does).
    Create,
    /// Read an existing ledger at this build's schema; never create or migrate (what views do).
    Existing,
}

/// A position up to which a view reads (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// Everything stored.
    Latest,
    /// Events in blocks (slots, heights) up to this one.
    Block(u64),
    /// Events in blocks whose time is at most this (Unix seconds).
    Time(u64),
}

/// One atomic write of a sync: the events read, the blocks read within the confirmation depth,
/// and the cursor's move from `expected` to `next_block`.
#[derive(Debug)]
pub struct Batch<'a> {
    /// The sync source's key ([`source_id`]).
    pub source: &'a str,
    /// The source's chain family.
    pub family: Family,
    /// The source's network.
    pub network: &'a str,
    /// The source's contracts (their states are checkpointed).
    pub contracts: &'a [String],
    /// The cursor as this process read it (`None`: the source has none yet).
    pub expected: Option<u64>,
    /// The first block not covered after this batch.
    pub next_block: u64,
    /// The events of the blocks covered.
    pub events: &'a [EventRecord],
    /// Blocks covered that are still within the confirmation depth, with their hashes.
    pub recent_blocks: &'a [(u64, String)],
    /// Blocks below this are final now: their hashes are no longer kept.
    pub final_below: u64,
}

/// What a committed batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Committed {
    /// Rows inserted.
    pub inserted: u64,
    /// Rows already stored (a re-read range).
    pub already_stored: u64,
}

/// The key of a sync source's cursor: its family, network and contracts, e.g.
/// `evm:31337:0xAb…,0xCd…`. The contracts are sorted, so one deployment has one cursor
/// whatever order they are named in.
pub fn source_id(family: Family, network: &str, contracts: &[String]) -> String {
    let mut names = contracts.to_vec();
    names.sort();
    format!("{}:{network}:{}", family.as_str(), names.join(","))
}

/// A ledger database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    name: String,
    /// Each source's folded contract states, kept between steps of this process.
    folds: Arc<Mutex<HashMap<String, checkpoints::Folding>>>,
    checkpoint_every: u64,
}

impl Store {
    /// Opens the ledger `database`: a `postgres://` URL, an `sqlite:` URL, or the path of an
    /// SQLite file. A write waits up to [`LOCK_WAIT`] for another process's write to finish.
    pub async fn open(database: &str, access: Access) -> Result<Self, StoreError> {
        Self::open_with(database, access, LOCK_WAIT).await
    }

    /// [`Store::open`], a write waiting up to `lock_wait` for another process's (SQLite; a
    /// PostgreSQL writer waits for the row it needs).
    pub async fn open_with(
        database: &str,
        access: Access,
        lock_wait: Duration,
    ) -> Result<Self, StoreError> {
        let name = shown(database);
        Self::connect(database, access, lock_wait)
            .await
            .map_err(|e| e.naming(&name))
    }

    async fn connect(
        database: &str,
        access: Access,
        lock_wait: Duration,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) =
            if database.starts_with("postgres://") || database.starts_with("postgresql://") {
                (Backend::Postgres, database.to_owned())
            } else {
                let path = database.strip_prefix("sqlite:").unwrap_or(database);
                let path = path.strip_prefix("//").unwrap_or(path);
                let path = absolute(Path::new(path));
                if access == Access::Existing && !path.is_file() {
                    return Err(StoreError::Missing(path));
                }
                let mode = match access {
                    Access::Create => "rwc",
                    Access::Existing => "rw",
                };
                (
                    Backend::Sqlite,
                    format!("sqlite://{}?mode={mode}", encode_path(&path)),
                )
            };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers see the last committed batch while a sync writes.
                        // FULL: a committed batch survives a power cut, not only a crash.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        let wait = format!("PRAGMA busy_timeout = {}", lock_wait.as_millis());
                        sqlx::query(sqlx::AssertSqlSafe(wait))
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            backend,
            name: shown(database),
            folds: Arc::default(),
            checkpoint_every: CHECKPOINT_EVERY,
        };
        schema::prepare(&store, access).await?;
        Ok(store)
    }

    /// Writes a checkpoint of each contract's state every `events` events (default
    /// [`CHECKPOINT_EVERY`]).
    pub fn with_checkpoint_every(mut self, events: u64) -> Self {
        self.checkpoint_every = events.max(1);
        self
    }

    /// The engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database as the user named it (a URL without its password).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The first block `source` has not read yet, if it has a cursor.
    pub async fn cursor(&self, source: &str) -> Result<Option<u64>, StoreError> {
        let row = sqlx::query("SELECT next_block FROM ledger_cursors WHERE source = $1")
            .bind(source)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get::<i64, _>(0).map(to_u64))
            .transpose()
            .map_err(Into::into)
    }

    /// The blocks `source` read within the confirmation depth, oldest first.
    pub async fn recent_blocks(&self, source: &str) -> Result<Vec<(u64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT block_number, block_hash FROM ledger_blocks WHERE source = $1 \
             ORDER BY block_number",
        )
        .bind(source)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((to_u64(r.try_get(0)?), r.try_get(1)?)))
            .collect()
    }

    /// Writes `batch` in one transaction. Fails with [`StoreError::CursorMoved`], writing
    /// nothing, when the cursor is no longer `batch.expected`.
    pub async fn commit(&self, batch: &Batch<'_>) -> Result<Committed, StoreError> {
        self.write_batch(batch).await.map_err(|e| {
            self.forget_folding(batch.source);
            e.naming(&self.name)
        })
    }

    async fn write_batch(&self, batch: &Batch<'_>) -> Result<Committed, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The cursor first: on PostgreSQL the update locks the row, so a second process on the
        // same source waits here and then finds the cursor moved.
        let moved = match batch.expected {
            None => sqlx::query(
                "INSERT INTO ledger_cursors (source, family, network, next_block) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (source) DO NOTHING",
            )
            .bind(batch.source)
            .bind(batch.family.as_str())
            .bind(batch.network)
            .bind(to_i64(batch.next_block))
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            Some(expected) => sqlx::query(
                "UPDATE ledger_cursors SET next_block = $1 WHERE source = $2 AND next_block = $3",
            )
            .bind(to_i64(batch.next_block))
            .bind(batch.source)
            .bind(to_i64(expected))
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        };
        if moved != 1 {
            tx.rollback().await?;
            return Err(StoreError::CursorMoved(batch.source.to_owned()));
        }
        let mut done = Committed::default();
        for chunk in batch.events.chunks(ROWS_PER_INSERT) {
            let sql = insert_events_sql(self.backend, chunk.len());
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                let fields = serde_json::to_string(&e.data).expect("event fields serialize");
                query = query
                    .bind(e.family.as_str())
                    .bind(e.network.clone())
                    .bind(e.tx.clone())
                    .bind(to_i64(e.index))
                    .bind(i64::from(e.part))
                    .bind(e.contract.clone())
                    .bind(to_i64(e.position.block))
                    .bind(e.position.block_hash.clone())
                    .bind(to_i64(e.position.block_time))
                    .bind(to_i64(e.position.tx_position))
                    .bind(e.data.kind())
                    .bind(e.token.clone())
                    .bind(fields)
                    .bind(e.raw.clone())
                    .bind(batch.source.to_owned());
            }
            let inserted = query.execute(&mut *tx).await?.rows_affected();
            done.inserted += inserted;
            done.already_stored += chunk.len() as u64 - inserted;
        }
        for (number, hash) in batch.recent_blocks {
            sqlx::query(
                "INSERT INTO ledger_blocks (source, block_number, block_hash) VALUES ($1, $2, $3) \
                 ON CONFLICT (source, block_number) DO UPDATE SET block_hash = excluded.block_hash",
            )
            .bind(batch.source)
            .bind(to_i64(*number))
            .bind(hash.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM ledger_blocks WHERE source = $1 AND block_number < $2")
            .bind(batch.source)
            .bind(to_i64(batch.final_below))
            .execute(&mut *tx)
            .await?;
        let folding = self.fold_batch(&mut tx, batch).await?;
        tx.commit().await?;
        self.keep_folding(batch.source, folding);
        Ok(done)
    }

    /// Rolls `source` back to before block `from` after a reorganisation: its rows, tracked
    /// blocks and its `contracts`' checkpoints from `from` on are deleted and its cursor set to
    /// `from`, in one transaction. Returns the number of rows deleted.
    pub async fn roll_back(
        &self,
        source: &str,
        family: Family,
        network: &str,
        contracts: &[String],
        expected: u64,
        from: u64,
    ) -> Result<u64, StoreError> {
        self.forget_folding(source);
        self.delete_from(source, family, network, contracts, expected, from)
            .await
            .map_err(|e| e.naming(&self.name))
    }

    async fn delete_from(
        &self,
        source: &str,
        family: Family,
        network: &str,
        contracts: &[String],
        expected: u64,
        from: u64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(
            "UPDATE ledger_cursors SET next_block = $1 WHERE source = $2 AND next_block = $3",
        )
        .bind(to_i64(from))
        .bind(source)
        .bind(to_i64(expected))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            tx.rollback().await?;
            return Err(StoreError::CursorMoved(source.to_owned()));
        }
        let deleted =
            sqlx::query("DELETE FROM ledger_events WHERE source = $1 AND block_number >= $2")
                .bind(source)
                .bind(to_i64(from))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query("DELETE FROM ledger_blocks WHERE source = $1 AND block_number >= $2")
            .bind(source)
            .bind(to_i64(from))
            .execute(&mut *tx)
            .await?;
        for contract in contracts {
            sqlx::query(checkpoints::DELETE_FROM)
                .bind(family.as_str())
                .bind(network)
                .bind(contract.as_str())
                .bind(to_i64(from))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// The events of `contracts` on `network`, up to `at`, in chain order. One statement: a
    /// reader sees whole batches only, however a sync is writing meanwhile.
    pub async fn events(
        &self,
        family: Family,
        network: &str,
        contracts: &[&str],
        at: At,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let (max_block, max_time) = match at {
            At::Latest => (i64::MAX, i64::MAX),
            At::Block(b) => (to_i64(b), i64::MAX),
            At::Time(t) => (i64::MAX, to_i64(t)),
        };
        // The contracts as placeholders ($5, $6, …): the database picks them by its index.
        let of_contracts = match contracts.len() {
            0 => String::new(),
            n => {
                let list: Vec<String> = (5..5 + n).map(|i| format!("${i}")).collect();
                format!(" AND contract IN ({})", list.join(", "))
            }
        };
        let sql = format!(
            "{EVENT_SELECT} WHERE family = $1 AND network = $2 AND block_number <= $3 \
             AND block_time <= $4{of_contracts} \
             ORDER BY block_number, tx_position, event_index, part"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(family.as_str())
            .bind(network)
            .bind(max_block)
            .bind(max_time);
        for contract in contracts {
            query = query.bind(*contract);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(record).collect()
    }

    /// How many events are stored in all.
    pub async fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_events")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(to_u64(n))
    }
}

/// The columns [`record`] reads, in its order.
const EVENT_SELECT: &str = "SELECT family, network, contract, block_number, block_hash, \
     block_time, tx_position, tx, event_index, part, token, fields, raw FROM ledger_events";

/// An event row selected with [`EVENT_SELECT`].
fn record(r: &sqlx::any::AnyRow) -> Result<EventRecord, StoreError> {
    let family: String = r.try_get(0)?;
    let contract: String = r.try_get(2)?;
    let fields: String = r.try_get(11)?;
    Ok(EventRecord {
        family: Family::parse(&family)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown family `{family}`")))?,
        network: r.try_get(1)?,
        contract,
        position: Position {
            block: to_u64(r.try_get(3)?),
            block_hash: r.try_get(4)?,
            block_time: to_u64(r.try_get(5)?),
            tx_position: to_u64(r.try_get(6)?),
        },
        tx: r.try_get(7)?,
        index: to_u64(r.try_get(8)?),
        part: u32::try_from(r.try_get::<i64, _>(9)?)
            .map_err(|_| StoreError::Corrupt("part out of range".into()))?,
        token: r.try_get(10)?,
        data: serde_json::from_str::<EventData>(&fields)
            .map_err(|e| StoreError::Corrupt(format!("{e}: {fields}")))?,
        raw: r.try_get(12)?,
    })
}

/// Events per `INSERT` statement: 15 parameters a row stays under SQLite's 32,766 and
/// PostgreSQL's 65,535 parameters a statement, and one statement per few hundred rows is what
/// makes ingest fast (one round trip and one parse instead of one per row).
const ROWS_PER_INSERT: usize = 500;

/// The columns of an event row, in the order [`Store::commit`] binds them.
const EVENT_COLUMNS: &str = "family, network, tx, event_index, part, contract, block_number, \
     block_hash, block_time, tx_position, kind, token, fields, raw, source";

/// `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING` for `rows` events. Placeholders are each
/// engine's positional ones (sqlx's `Any` leaves them to the caller): `$1, $2, …` on PostgreSQL,
/// `?` on SQLite, which binds `?` by position but looks a numbered name up by a linear search,
/// so thousands of `$n` in one statement made SQLite's ingest quadratic (7,000 events/s
/// measured, against 50,000+ with `?`).
pub(crate) fn insert_events_sql(backend: Backend, rows: usize) -> String {
    let mut sql = bare_insert_sql(backend, rows);
    sql.push_str(" ON CONFLICT (family, network, tx, event_index, part) DO NOTHING");
    sql
}

/// The store's multi-row `INSERT` of `rows` events without its conflict clause: the physical
/// floor the bench measures ingest against (`examples/ledger_bench.rs`).
pub fn bare_insert_sql(backend: Backend, rows: usize) -> String {
    let mut sql = format!("INSERT INTO ledger_events ({EVENT_COLUMNS}) VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..15 {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Postgres => sql.push_str(&format!("${n}")),
                Backend::Sqlite => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

/// Block numbers, times and indexes are stored as BIGINT (both engines' 64-bit integer); no
/// chain's positions come near 2^63.
fn to_i64(v: u64) -> i64 {
    i64::try_from(v).expect("chain positions fit in 63 bits")
}

fn to_u64(v: i64) -> u64 {
    u64::try_from(v).expect("stored positions are never negative")
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Percent-encodes what an `sqlite://` URL would otherwise read as its query or fragment.
fn encode_path(path: &Path) -> String {
    let mut out = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", ch as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The database as shown in messages: a URL's password is never printed.
fn shown(database: &str) -> String {
    match database.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((userinfo, host)) => {
                let user = userinfo.split(':').next().unwrap_or("");
                format!("{scheme}://{user}@{host}")
            }
            None => database.to_owned(),
        },
        None => database.to_owned(),
    }
}
