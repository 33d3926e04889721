//! The store on both engines: exactly-once writes, the cursor moving with its rows, roll-back,
//! and the clear refusals (missing database, not a ledger, newer schema) that write nothing.

mod common;

use common::{Engine, TestDb, ENGINES};
use tokenrail_core::Amount;
use tokenrail_ledger::store::Batch;
use tokenrail_ledger::{Access, At, EventData, EventRecord, Family, Position, Store, StoreError};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

fn minted(block: u64, tx: &str, to: &str, amount: u128) -> EventRecord {
    EventRecord {
        family: Family::Evm,
        network: "31337".into(),
        contract: "0xToken".into(),
        position: Position {
            block,
            block_hash: format!("0xhash{block}"),
            block_time: 1_000 + block,
            tx_position: 0,
        },
        tx: tx.into(),
        index: 0,
        part: 0,
        token: Some("0xToken".into()),
        data: EventData::Minted {
            to: to.into(),
            amount: Amount(amount),
        },
        raw: "{}".into(),
    }
}

fn batch<'a>(
    expected: Option<u64>,
    next_block: u64,
    events: &'a [EventRecord],
    recent: &'a [(u64, String)],
) -> Batch<'a> {
    Batch {
        source: "evm:31337:0xToken",
        family: Family::Evm,
        network: "31337",
        contracts: &[],
        expected,
        next_block,
        events,
        recent_blocks: recent,
        final_below: 0,
    }
}

#[test]
fn a_reread_range_stores_nothing_twice_and_the_cursor_moves_with_its_rows() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            assert_eq!(store.cursor("evm:31337:0xToken").await.unwrap(), None);
            let first = [minted(1, "0xa", "0xAlice", 5), minted(2, "0xb", "0xBob", 7)];
            let done = store.commit(&batch(None, 3, &first, &[])).await.unwrap();
            assert_eq!((done.inserted, done.already_stored), (2, 0), "{engine:?}");
            assert_eq!(store.cursor("evm:31337:0xToken").await.unwrap(), Some(3));

            // An overlapping range: the block-2 event again, and a new one.
            let second = [minted(2, "0xb", "0xBob", 7), minted(3, "0xc", "0xCarol", 1)];
            let done = store
                .commit(&batch(Some(3), 4, &second, &[]))
                .await
                .unwrap();
            assert_eq!((done.inserted, done.already_stored), (1, 1), "{engine:?}");
            assert_eq!(store.count().await.unwrap(), 3);

            let all = store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap();
            assert_eq!(
                all.iter().map(|e| e.tx.as_str()).collect::<Vec<_>>(),
                ["0xa", "0xb", "0xc"]
            );
            assert_eq!(all[0], first[0], "a row reads back as written ({engine:?})");
            let upto2 = store
                .events(Family::Evm, "31337", &[], At::Block(2))
                .await
                .unwrap();
            assert_eq!(upto2.len(), 2);
            let by_time = store
                .events(Family::Evm, "31337", &[], At::Time(1_001))
                .await
                .unwrap();
            assert_eq!(by_time.len(), 1);
        });
    }
}

#[test]
fn events_are_those_of_the_contracts_asked_for() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            let mut registry = minted(2, "0xb", "0xBob", 7);
            registry.contract = "0xRegistry".into();
            let mut other = minted(3, "0xc", "0xCarol", 1);
            other.contract = "0xOther".into();
            let rows = [minted(1, "0xa", "0xAlice", 5), registry, other];
            store.commit(&batch(None, 4, &rows, &[])).await.unwrap();
            let of = |contracts: &'static [&'static str]| {
                let store = &store;
                async move {
                    let events = store
                        .events(Family::Evm, "31337", contracts, At::Latest)
                        .await
                        .unwrap();
                    events.into_iter().map(|e| e.tx).collect::<Vec<_>>()
                }
            };
            assert_eq!(of(&["0xToken"]).await, ["0xa"], "{engine:?}");
            assert_eq!(
                of(&["0xRegistry", "0xToken"]).await,
                ["0xa", "0xb"],
                "{engine:?}"
            );
            assert_eq!(of(&[]).await, ["0xa", "0xb", "0xc"], "{engine:?}");
            assert!(of(&["0xNone"]).await.is_empty(), "{engine:?}");
        });
    }
}

#[test]
fn a_stale_cursor_writes_nothing() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            store
                .commit(&batch(None, 2, &[minted(1, "0xa", "0xAlice", 5)], &[]))
                .await
                .unwrap();
            // A second process read the cursor as absent (or as 1) and tries to write.
            for expected in [None, Some(1)] {
                let err = store
                    .commit(&batch(expected, 3, &[minted(2, "0xb", "0xBob", 1)], &[]))
                    .await
                    .unwrap_err();
                assert!(
                    matches!(err, StoreError::CursorMoved(_)),
                    "{engine:?}: {err}"
                );
            }
            assert_eq!(store.count().await.unwrap(), 1, "{engine:?}");
            assert_eq!(store.cursor("evm:31337:0xToken").await.unwrap(), Some(2));
        });
    }
}

#[test]
fn a_roll_back_removes_the_sources_rows_from_the_first_bad_block_on() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            let events = [
                minted(1, "0xa", "0xAlice", 5),
                minted(2, "0xb", "0xBob", 7),
                minted(3, "0xc", "0xCarol", 1),
            ];
            let recent = [(2, "0xhash2".to_string()), (3, "0xhash3".to_string())];
            store
                .commit(&batch(None, 4, &events, &recent))
                .await
                .unwrap();
            assert_eq!(
                store.recent_blocks("evm:31337:0xToken").await.unwrap(),
                recent
            );
            let removed = store
                .roll_back("evm:31337:0xToken", Family::Evm, "31337", &[], 4, 2)
                .await
                .unwrap();
            assert_eq!(removed, 2, "{engine:?}");
            assert_eq!(store.cursor("evm:31337:0xToken").await.unwrap(), Some(2));
            assert!(store
                .recent_blocks("evm:31337:0xToken")
                .await
                .unwrap()
                .is_empty());
            let left = store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap();
            assert_eq!(left, events[..1]);
            // A roll-back from a stale cursor does nothing.
            let err = store
                .roll_back("evm:31337:0xToken", Family::Evm, "31337", &[], 4, 1)
                .await
                .unwrap_err();
            assert!(matches!(err, StoreError::CursorMoved(_)));
            assert_eq!(store.count().await.unwrap(), 1);
        });
    }
}

#[test]
fn views_refuse_a_missing_sqlite_file_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.db");
    let err = rt()
        .block_on(Store::open(&path.display().to_string(), Access::Existing))
        .unwrap_err();
    assert!(matches!(err, StoreError::Missing(_)), "{err}");
    assert!(err.to_string().contains("nope.db"), "{err}");
    assert!(!path.exists(), "a view created the file");
}

#[test]
fn views_refuse_a_database_that_holds_no_ledger() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        if engine == Engine::Sqlite {
            std::fs::write(&db.url, b"").unwrap();
        }
        let err = rt()
            .block_on(Store::open(&db.url, Access::Existing))
            .unwrap_err();
        assert!(matches!(err, StoreError::NotLedger(_)), "{engine:?}: {err}");
    }
}

#[test]
fn a_newer_schema_is_refused_before_anything_is_written() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            store
                .commit(&batch(None, 2, &[minted(1, "0xa", "0xAlice", 5)], &[]))
                .await
                .unwrap();
            drop(store);
            // What a newer build's migration 99 would leave behind.
            let (url, sql) = match engine {
                Engine::Sqlite => (
                    format!("sqlite://{}", db.url),
                    "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
                     execution_time) VALUES (99, 'future', TRUE, X'00', 0)",
                ),
                Engine::Postgres => (
                    db.url.clone(),
                    "INSERT INTO _sqlx_migrations (version, description, success, checksum, \
                     execution_time) VALUES (99, 'future', TRUE, '\\x00', 0)",
                ),
            };
            let pool = sqlx::AnyPool::connect(&url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        });
        for access in [Access::Create, Access::Existing] {
            let err = rt().block_on(Store::open(&db.url, access)).unwrap_err();
            match err {
                StoreError::NewerSchema { found, known, .. } => {
                    assert_eq!(
                        (found, known),
                        (99, tokenrail_ledger::store::SCHEMA_VERSION)
                    )
                }
                other => panic!("{engine:?} {access:?}: {other}"),
            }
        }
    }
}

#[test]
fn a_postgres_url_is_never_shown_with_its_password() {
    let db = TestDb::new(Engine::Postgres);
    let with_password = db.url.replace("tokenrail@", "tokenrail:s3cret@");
    let store = rt()
        .block_on(Store::open(&with_password, Access::Create))
        .unwrap();
    assert!(!store.name().contains("s3cret"), "{}", store.name());
    assert!(store.name().contains("tokenrail@127.0.0.1"));
}

#[test]
fn a_batch_larger_than_one_insert_statement_is_stored_whole_and_once() {
    for engine in ENGINES {
        let db = TestDb::new(engine);
        rt().block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            let event = |i: u64| {
                let mut e = minted(1 + i / 100, &format!("0x{i:04x}"), "0xAlice", 1);
                e.position.tx_position = i % 100;
                e
            };
            let events: Vec<EventRecord> = (0..1_234u64).map(event).collect();
            let done = store.commit(&batch(None, 14, &events, &[])).await.unwrap();
            assert_eq!(
                (done.inserted, done.already_stored),
                (1_234, 0),
                "{engine:?}"
            );
            // Half of it again with 100 new rows.
            let more: Vec<EventRecord> = (600..1_334u64).map(event).collect();
            let done = store
                .commit(&batch(Some(14), 15, &more, &[]))
                .await
                .unwrap();
            assert_eq!(
                (done.inserted, done.already_stored),
                (100, 634),
                "{engine:?}"
            );
            let all = store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap();
            assert_eq!(all.len(), 1_334);
            assert!(all.windows(2).all(|w| w[0].tx < w[1].tx), "chain order");
        });
    }
}

#[test]
fn a_locked_sqlite_database_is_reported_by_name_and_nothing_is_written() {
    use sqlx::Connection;
    let db = TestDb::new(Engine::Sqlite);
    rt().block_on(async {
        let wait = std::time::Duration::from_millis(200);
        let store = Store::open_with(&db.url, Access::Create, wait)
            .await
            .unwrap();
        store
            .commit(&batch(None, 2, &[minted(1, "0xa", "0xAlice", 5)], &[]))
            .await
            .unwrap();
        // Another process's write transaction (a second sync, a tool) holds the lock.
        let mut other = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{}", db.url))
            .await
            .unwrap();
        let holding = other.begin_with("BEGIN IMMEDIATE").await.unwrap();
        let err = store
            .commit(&batch(Some(2), 3, &[minted(2, "0xb", "0xBob", 1)], &[]))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Locked(_)), "{err}");
        assert!(err.to_string().contains("ledger.db"), "{err}");
        holding.rollback().await.unwrap();
        assert_eq!(store.count().await.unwrap(), 1);
        assert_eq!(store.cursor("evm:31337:0xToken").await.unwrap(), Some(2));
        // Once it is free, the same batch goes through.
        store
            .commit(&batch(Some(2), 3, &[minted(2, "0xb", "0xBob", 1)], &[]))
            .await
            .unwrap();
    });
}

/// Transfers over `blocks` blocks of 7 events each: mints to 5 holders, then transfers among
/// them, one block time 10 s apart.
fn busy_token(blocks: u64) -> Vec<EventRecord> {
    let holders = ["0xA", "0xB", "0xC", "0xD", "0xE"];
    let mut out = Vec::new();
    for b in 1..=blocks {
        for k in 0..7u64 {
            let n = b * 7 + k;
            let mut e = if b == 1 && k < 5 {
                minted(b, "", holders[k as usize], 1_000)
            } else {
                let mut e = minted(b, "", "", 0);
                e.data = EventData::Transferred {
                    from: holders[(n % 5) as usize].into(),
                    to: holders[((n + 1 + n % 3) % 5) as usize].into(),
                    amount: Amount(u128::from(1 + n % 4)),
                };
                e
            };
            e.tx = format!("0x{b:04}{k:02}");
            e.position.tx_position = k;
            e.position.block_time = 1_000 + b * 10;
            out.push(e);
        }
    }
    out
}

async fn commit_blocks(store: &Store, events: &[EventRecord], blocks: std::ops::Range<u64>) {
    let contracts = ["0xToken".to_string()];
    let rows: Vec<EventRecord> = events
        .iter()
        .filter(|e| blocks.contains(&e.position.block))
        .cloned()
        .collect();
    let expected = store.cursor("evm:31337:0xToken").await.unwrap();
    store
        .commit(&Batch {
            contracts: &contracts,
            ..batch(expected, blocks.end, &rows, &[])
        })
        .await
        .unwrap();
}

#[test]
fn a_cap_table_from_checkpoints_equals_the_fold_of_every_event_at_every_point() {
    use tokenrail_ledger::views::cap_table;
    for engine in ENGINES {
        let db = TestDb::new(engine);
        let events = busy_token(40);
        rt().block_on(async {
            // A checkpoint every 20 events; steps of 3 blocks (21 events).
            let store = Store::open(&db.url, Access::Create)
                .await
                .unwrap()
                .with_checkpoint_every(20);
            for start in (1..=28).step_by(3) {
                commit_blocks(&store, &events, start..start + 3).await;
            }
            // A new process (nothing in memory) carries on from the checkpoints.
            drop(store);
            let store = Store::open(&db.url, Access::Create)
                .await
                .unwrap()
                .with_checkpoint_every(20);
            for start in (31..=40).step_by(3) {
                commit_blocks(&store, &events, start..(start + 3).min(41)).await;
            }
            let written = checkpoints(&db, engine).await;
            assert!(written >= 10, "{engine:?}: {written} checkpoints");

            let stored = store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap();
            assert_eq!(stored.len(), events.len());
            let points = (0..=41)
                .map(At::Block)
                .chain([1_000, 1_055, 1_200, 1_395, 2_000].map(At::Time))
                .chain([At::Latest]);
            for at in points {
                let upto: Vec<EventRecord> = stored
                    .iter()
                    .filter(|e| match at {
                        At::Block(b) => e.position.block <= b,
                        At::Time(t) => e.position.block_time <= t,
                        At::Latest => true,
                    })
                    .cloned()
                    .collect();
                let want = cap_table(&upto, "0xToken", None).unwrap();
                let got = store
                    .cap_table(Family::Evm, "31337", "0xToken", None, at)
                    .await
                    .unwrap();
                assert_eq!(got, want, "{engine:?} at {at:?}");
            }

            // A roll-back takes the checkpoints from its block on with it.
            store
                .roll_back(
                    "evm:31337:0xToken",
                    Family::Evm,
                    "31337",
                    &["0xToken".to_string()],
                    41,
                    20,
                )
                .await
                .unwrap();
            let kept = store
                .events(Family::Evm, "31337", &[], At::Latest)
                .await
                .unwrap();
            let got = store
                .cap_table(Family::Evm, "31337", "0xToken", None, At::Latest)
                .await
                .unwrap();
            assert_eq!(
                got,
                cap_table(&kept, "0xToken", None).unwrap(),
                "{engine:?}"
            );
            assert!(checkpoints(&db, engine).await < written);
        });
    }
}

async fn checkpoints(db: &TestDb, engine: Engine) -> i64 {
    use sqlx::Row;
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", db.url),
        Engine::Postgres => db.url.clone(),
    };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let n = sqlx::query("SELECT COUNT(*) FROM ledger_checkpoints")
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    pool.close().await;
    n
}
