//! Checkpoints: each contract's folded state ([`ContractState`]) saved every
//! [`CHECKPOINT_EVERY`] events, in the same transaction as the events that complete it, so a cap
//! table at any point loads one checkpoint and folds only the events after it.
//!
//! A sync process keeps its sources' states in memory between steps (folding a step's events
//! costs little); a new process, or one whose cursor moved under it, loads the nearest
//! checkpoint below its cursor and folds the events since. Checkpoints are keyed by contract, not
//! by source: two sources over one contract fold the same events and write the same states.

use std::collections::BTreeMap;

use sqlx::{Any, Row, Transaction};

use super::{record, to_i64, At, Batch, Store, EVENT_SELECT};
use crate::error::{StoreError, ViewError};
use crate::event::Family;
use crate::holdings::ContractState;
use crate::views::CapTable;

/// Events of a contract between two checkpoints, by default.
pub const CHECKPOINT_EVERY: u64 = 50_000;

/// A source's contracts' states, covering the blocks below `next_block`.
#[derive(Debug, Default)]
pub(super) struct Folding {
    next_block: u64,
    contracts: BTreeMap<String, Tracked>,
}

#[derive(Debug, Default)]
struct Tracked {
    state: ContractState,
    /// Events folded since the last checkpoint.
    since: u64,
    /// The events did not fold (a gap or foreign rows): no checkpoint is written; views report
    /// the inconsistency when they fold the same events.
    broken: bool,
}

impl Store {
    /// Folds `batch` into its source's states inside the batch's transaction, writing the
    /// checkpoints that are due. The caller keeps the result once the transaction commits.
    pub(super) async fn fold_batch(
        &self,
        tx: &mut Transaction<'static, Any>,
        batch: &Batch<'_>,
    ) -> Result<Folding, StoreError> {
        let cached = self.folds.lock().expect("folds lock").remove(batch.source);
        let mut folding = match (cached, batch.expected) {
            (_, None) => Folding::default(),
            (Some(f), Some(e)) if f.next_block == e => f,
            (_, Some(e)) => self.load_folding(tx, batch, e).await?,
        };
        for contract in batch.contracts {
            folding.contracts.entry(contract.clone()).or_default();
        }
        for e in batch.events {
            if let Some(t) = folding.contracts.get_mut(&e.contract) {
                if !t.broken && t.state.apply(e).is_err() {
                    t.broken = true;
                }
                t.since += 1;
            }
        }
        folding.next_block = batch.next_block;
        for (contract, t) in &mut folding.contracts {
            if t.broken || t.since < self.checkpoint_every || t.state.block.is_none() {
                continue;
            }
            let state = serde_json::to_string(&t.state).expect("a state serializes");
            sqlx::query(
                "INSERT INTO ledger_checkpoints (family, network, contract, block_number, \
                 state_time, state) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (family, network, contract, block_number) DO NOTHING",
            )
            .bind(batch.family.as_str())
            .bind(batch.network)
            .bind(contract.as_str())
            .bind(to_i64(batch.next_block - 1))
            .bind(to_i64(t.state.block_time.unwrap_or(0)))
            .bind(state)
            .execute(&mut **tx)
            .await?;
            t.since = 0;
        }
        Ok(folding)
    }

    /// Keeps a source's states for its next step.
    pub(super) fn keep_folding(&self, source: &str, folding: Folding) {
        self.folds
            .lock()
            .expect("folds lock")
            .insert(source.to_owned(), folding);
    }

    /// Forgets a source's states (after a roll-back, or a failed step).
    pub(super) fn forget_folding(&self, source: &str) {
        self.folds.lock().expect("folds lock").remove(source);
    }

    /// The states of `batch`'s contracts below block `below`: the nearest checkpoint, then the
    /// events after it.
    async fn load_folding(
        &self,
        tx: &mut Transaction<'static, Any>,
        batch: &Batch<'_>,
        below: u64,
    ) -> Result<Folding, StoreError> {
        let mut folding = Folding {
            next_block: below,
            contracts: BTreeMap::new(),
        };
        for contract in batch.contracts {
            let (state, after) = checkpoint_below(
                tx,
                batch.family,
                batch.network,
                contract,
                to_i64(below),
                i64::MAX,
            )
            .await?;
            let mut t = Tracked {
                state,
                ..Tracked::default()
            };
            let rows = contract_events(
                tx,
                batch.family,
                batch.network,
                contract,
                after,
                to_i64(below) - 1,
                i64::MAX,
            )
            .await?;
            for r in &rows {
                let e = record(r)?;
                if !t.broken && t.state.apply(&e).is_err() {
                    t.broken = true;
                }
                t.since += 1;
            }
            folding.contracts.insert(contract.clone(), t);
        }
        Ok(folding)
    }

    /// The cap table of `token` (with `registry`'s entries) as of `at` ([`Store::states`]).
    pub async fn cap_table(
        &self,
        family: Family,
        network: &str,
        token: &str,
        registry: Option<&str>,
        at: At,
    ) -> Result<CapTable, ViewError> {
        let (token_state, registry_state) =
            self.states(family, network, token, registry, at).await?;
        Ok(CapTable::from_states(token, &token_state, &registry_state))
    }

    /// The folded states of `token` and `registry` (empty without one) as of `at`: the nearest
    /// checkpoint of each, then their events after it, read in one transaction (a consistent
    /// snapshot while a sync writes). The token's state names every account its events named,
    /// holding or not: what a reconciliation reads from the chain.
    pub async fn states(
        &self,
        family: Family,
        network: &str,
        token: &str,
        registry: Option<&str>,
        at: At,
    ) -> Result<(ContractState, ContractState), ViewError> {
        let (max_block, max_time) = match at {
            At::Latest => (i64::MAX, i64::MAX),
            At::Block(b) => (to_i64(b), i64::MAX),
            At::Time(t) => (i64::MAX, to_i64(t)),
        };
        let mut tx = self.pool().begin().await.map_err(StoreError::from)?;
        if self.backend() == super::Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        }
        let mut states = Vec::new();
        for contract in std::iter::once(token).chain(registry) {
            let below = max_block.saturating_add(1);
            let (mut state, after) =
                checkpoint_below(&mut tx, family, network, contract, below, max_time).await?;
            let rows = contract_events(
                &mut tx, family, network, contract, after, max_block, max_time,
            )
            .await?;
            for r in &rows {
                state.apply(&record(r)?)?;
            }
            states.push(state);
        }
        tx.commit().await.map_err(StoreError::from)?;
        let registry_state = match registry {
            Some(_) => states.pop().unwrap_or_default(),
            None => ContractState::default(),
        };
        let token_state = states.pop().unwrap_or_default();
        Ok((token_state, registry_state))
    }
}

/// The latest checkpoint of `contract` below block `below` whose events are no later than
/// `max_time`, and the block it covers (-1: none, fold from the start).
async fn checkpoint_below(
    tx: &mut Transaction<'static, Any>,
    family: Family,
    network: &str,
    contract: &str,
    below: i64,
    max_time: i64,
) -> Result<(ContractState, i64), StoreError> {
    let row = sqlx::query(
        "SELECT block_number, state FROM ledger_checkpoints WHERE family = $1 AND network = $2 \
         AND contract = $3 AND block_number < $4 AND state_time <= $5 \
         ORDER BY block_number DESC LIMIT 1",
    )
    .bind(family.as_str())
    .bind(network)
    .bind(contract)
    .bind(below)
    .bind(max_time)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        None => Ok((ContractState::default(), -1)),
        Some(r) => {
            let block: i64 = r.try_get(0)?;
            let text: String = r.try_get(1)?;
            let state = serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("checkpoint of {contract}: {e}")))?;
            Ok((state, block))
        }
    }
}

/// `contract`'s events in blocks `after + 1 ..= max_block` no later than `max_time`, in chain
/// order.
async fn contract_events(
    tx: &mut Transaction<'static, Any>,
    family: Family,
    network: &str,
    contract: &str,
    after: i64,
    max_block: i64,
    max_time: i64,
) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
    let sql = format!(
        "{EVENT_SELECT} WHERE family = $1 AND network = $2 AND contract = $3 \
         AND block_number > $4 AND block_number <= $5 AND block_time <= $6 \
         ORDER BY block_number, tx_position, event_index, part"
    );
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(family.as_str())
        .bind(network)
        .bind(contract)
        .bind(after)
        .bind(max_block)
        .bind(max_time)
        .fetch_all(&mut **tx)
        .await?)
}

/// Rows of `ledger_checkpoints` from block `from` on, for a roll-back.
pub(super) const DELETE_FROM: &str = "DELETE FROM ledger_checkpoints WHERE family = $1 \
     AND network = $2 AND contract = $3 AND block_number >= $4";
