//! What every chain's sync shares: options, the outcome of a step, errors, and the loop that
//! runs steps to the chain's head with bounded retries.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::StoreError;
#[cfg(any(feature = "solana", feature = "cosmwasm", feature = "ink"))]
use crate::event::{EventData, EventRecord, Family};
#[cfg(any(feature = "solana", feature = "cosmwasm", feature = "ink"))]
use crate::store::Batch;
use crate::store::Store;

/// How a sync reads.
#[derive(Clone, Debug)]
pub struct SyncOptions {
    /// Where a source without a cursor starts (its deployment block, if known).
    pub from_block: u64,
    /// Blocks with fewer than this many blocks on top may still reorganise: they are read by
    /// hash and re-checked. 0 trusts every block at once (a development node).
    pub confirmations: u64,
    /// The most blocks one step reads (and one transaction commits).
    pub max_range: u64,
    /// How long a node may fail to answer before the sync gives up.
    pub give_up_after: Duration,
    /// The wait before the first retry of a failed step; each further retry waits twice as
    /// long, up to [`MAX_RETRY_DELAY`].
    pub first_retry: Duration,
}

/// The longest wait between two retries of a failed step.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(5);

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            from_block: 0,
            confirmations: 12,
            max_range: 2_000,
            give_up_after: Duration::from_secs(120),
            first_retry: Duration::from_millis(100),
        }
    }
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Blocks up to `next_block - 1` are in the ledger now.
    Read {
        /// The source's cursor after the step.
        next_block: u64,
        /// Rows inserted.
        inserted: u64,
        /// Rows found already stored (an overlapping or repeated read).
        already_stored: u64,
        /// Rows stored as `unknown` (did not decode).
        unknown: u64,
    },
    /// The chain reorganised: the source's rows from block `from` on were removed, to be read
    /// again.
    RolledBack {
        /// The first block no longer on the chain as read.
        from: u64,
        /// Rows removed.
        removed: u64,
    },
    /// Nothing new: the cursor is past `head`.
    UpToDate {
        /// The chain's head.
        head: u64,
    },
}

/// What a whole sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// Rows inserted.
    pub inserted: u64,
    /// Rows found already stored.
    pub already_stored: u64,
    /// Rows stored as `unknown`.
    pub unknown: u64,
    /// Rows removed by reorganisations.
    pub rolled_back: u64,
    /// The chain's head when the sync stopped.
    pub head: u64,
    /// Node failures retried on the way.
    pub retries: u32,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The database failed; nothing of the failed step was written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The node failed or answered nonsense; nothing of the failed step was written.
    #[error("node: {0}")]
    Node(String),
    /// The node kept failing for longer than allowed.
    #[error("the node has not answered for {seconds} s (last error: {last}); nothing is lost: the next sync resumes at the cursor")]
    GaveUp {
        /// How long it was tried.
        seconds: u64,
        /// The last failure.
        last: String,
    },
}

/// A chain's reader of one deployment's events, one [`Step`] at a time, each step committed
/// with the cursor that covers it. One implementation per chain family ([`crate::evm`],
/// [`crate::cosmwasm`]); the CLI's `ledger sync` drives any of them the same way.
// Used with concrete types only (no `dyn`), so the futures' `Send` need not be spelled out.
#[allow(async_fn_in_trait)]
pub trait Source {
    /// The source's id (the cursor's key): family, network and contracts.
    fn id(&self) -> &str;
    /// The network it reads (chain id or genesis hash).
    fn network(&self) -> &str;
    /// One step: roll back a reorganisation, or read and commit the next blocks, or report
    /// that the source is up to date.
    async fn step(&self, store: &Store, options: &SyncOptions) -> Result<Step, SyncError>;
}

/// Runs `source`'s steps until it is up to date ([`run_to_head`]).
pub async fn sync_to_head(
    source: &impl Source,
    store: &Store,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    run_to_head(options, || source.step(store, options)).await
}

/// Runs `step` until the source is up to date, retrying node failures (and a cursor moved by a
/// concurrent process: the step re-reads it) with a growing backoff for at most
/// `options.give_up_after` in a row. Each step is one transaction, so a retry never duplicates.
pub async fn run_to_head<F, Fut>(
    options: &SyncOptions,
    mut step: F,
) -> Result<SyncReport, SyncError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Step, SyncError>>,
{
    let mut report = SyncReport::default();
    let mut failing_since: Option<Instant> = None;
    let mut delay = options.first_retry;
    loop {
        match step().await {
            Ok(Step::Read {
                inserted,
                already_stored,
                unknown,
                ..
            }) => {
                report.inserted += inserted;
                report.already_stored += already_stored;
                report.unknown += unknown;
                failing_since = None;
                delay = options.first_retry;
            }
            Ok(Step::RolledBack { removed, .. }) => report.rolled_back += removed,
            Ok(Step::UpToDate { head }) => {
                report.head = head;
                return Ok(report);
            }
            Err(e @ (SyncError::Node(_) | SyncError::Store(StoreError::CursorMoved(_)))) => {
                let since = *failing_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= options.give_up_after {
                    return Err(SyncError::GaveUp {
                        seconds: options.give_up_after.as_secs(),
                        last: e.to_string(),
                    });
                }
                report.retries += 1;
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(MAX_RETRY_DELAY);
            }
            Err(e) => return Err(e),
        }
    }
}

/// The blocks the next step of a source whose blocks are final once read (CosmWasm, ink!,
/// Solana at `finalized`) covers: from its cursor (or `options.from_block`; never block 0,
/// which holds no transaction on these chains) through at most `options.max_range` blocks, not
/// past `head`. `None`: the source is up to date.
#[cfg(any(feature = "solana", feature = "cosmwasm", feature = "ink"))]
pub(crate) fn final_range(
    cursor: Option<u64>,
    options: &SyncOptions,
    head: u64,
) -> Option<(u64, u64)> {
    let next = cursor.unwrap_or(options.from_block).max(1);
    (next <= head).then(|| {
        (
            next,
            head.min(next.saturating_add(options.max_range.max(1) - 1)),
        )
    })
}

/// Who commits a step of final blocks: the source's cursor key, family, network and contracts.
#[cfg(any(feature = "solana", feature = "cosmwasm", feature = "ink"))]
pub(crate) struct FinalSource<'a> {
    pub id: &'a str,
    pub family: Family,
    pub network: &'a str,
    pub contracts: &'a [String],
}

/// Commits `events`, the rows of final blocks up to `to`, with the cursor moved past `to` (from
/// `cursor`, as this process read it), and reports the step. No block hash is kept: final
/// blocks do not reorganise.
#[cfg(any(feature = "solana", feature = "cosmwasm", feature = "ink"))]
pub(crate) async fn commit_final(
    store: &Store,
    source: FinalSource<'_>,
    cursor: Option<u64>,
    to: u64,
    events: &[EventRecord],
) -> Result<Step, SyncError> {
    let committed = store
        .commit(&Batch {
            source: source.id,
            family: source.family,
            network: source.network,
            contracts: source.contracts,
            expected: cursor,
            next_block: to + 1,
            events,
            recent_blocks: &[],
            final_below: to + 1,
        })
        .await?;
    Ok(Step::Read {
        next_block: to + 1,
        inserted: committed.inserted,
        already_stored: committed.already_stored,
        unknown: events
            .iter()
            .filter(|e| matches!(e.data, EventData::Unknown { .. }))
            .count() as u64,
    })
}
