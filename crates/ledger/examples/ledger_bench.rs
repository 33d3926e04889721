//! The ledger's bench (`scripts/bench`): ingest of a recorded stream of decoded events into
//! SQLite and PostgreSQL next to the physical floor (a bare batched insert of the same rows into
//! the same table), and the cap table of 100,000 holders at a historical point. One JSON line
//! per figure on stdout.
//!
//! Then the end-to-end sync from a real anvil: events per second of a busy chain's history, and
//! the latency from a block's mining to its events being queryable while a sync follows the
//! head (zero confirmations, 250 ms between rounds, as `ledger sync --follow` by default).
//!
//! Usage: `ledger_bench <events> <holders>` (release build; PostgreSQL as the tests start it;
//! anvil found as the devnet finds it).

#[path = "../tests/common/mod.rs"]
mod databases;

use std::time::Instant;

use databases::{Engine, TestDb};
use serde_json::json;
use tokenrail_core::Amount;
use tokenrail_ledger::store::Batch;
use tokenrail_ledger::views::cap_table;
use tokenrail_ledger::{Access, At, Backend, EventData, EventRecord, Family, Position, Store};

/// Events a step commits (ten blocks of a busy chain).
const BATCH: u64 = 10_000;
/// Events in one block.
const PER_BLOCK: u64 = 1_000;
const TOKEN: &str = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

fn holder(i: u64) -> String {
    format!("0x{:040x}", 0x1000_0000 + i)
}

/// Event `n` of the stream: first one mint per holder, then transfers between holders.
fn event(n: u64, holders: u64) -> EventRecord {
    let block = 1 + n / PER_BLOCK;
    let data = if n < holders {
        EventData::Minted {
            to: holder(n),
            amount: Amount(1_000_000),
        }
    } else {
        // A deterministic walk over pairs (a multiplicative hash, no two equal ends).
        let from = n.wrapping_mul(2_654_435_761) % holders;
        let to = (from + 1 + n % (holders - 1)) % holders;
        EventData::Transferred {
            from: holder(from),
            to: holder(to),
            amount: Amount(1),
        }
    };
    EventRecord {
        family: Family::Evm,
        network: "1".into(),
        contract: TOKEN.into(),
        position: Position {
            block,
            block_hash: format!("0x{:064x}", block),
            block_time: 1_700_000_000 + block * 12,
            tx_position: (n % PER_BLOCK) / 10,
        },
        tx: format!("0x{:064x}", n / 10),
        index: n % PER_BLOCK,
        part: 0,
        token: Some(TOKEN.into()),
        data,
        // A Transfer log's topics and data as the sync keeps them.
        raw: format!(
            "{{\"topics\":[\"0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef\",\"0x{:064x}\",\"0x{:064x}\"],\"data\":\"0x{:064x}\"}}",
            n, n + 1, 1
        ),
    }
}

fn stream(events: u64, holders: u64, from: u64) -> Vec<EventRecord> {
    (from..(from + BATCH).min(events))
        .map(|n| event(n, holders))
        .collect()
}

/// The ledger's own ingest: one `Store::commit` per batch (rows, cursor, one transaction).
async fn ingest(url: &str, events: u64, holders: u64) -> f64 {
    let store = Store::open(url, Access::Create).await.unwrap();
    let contracts = [TOKEN.to_string()];
    let start = Instant::now();
    let mut cursor = None;
    let mut n = 0;
    while n < events {
        let rows = stream(events, holders, n);
        let next = rows.last().unwrap().position.block + 1;
        store
            .commit(&Batch {
                source: "bench",
                family: Family::Evm,
                network: "1",
                contracts: &contracts,
                expected: cursor,
                next_block: next,
                events: &rows,
                recent_blocks: &[],
                final_below: 0,
            })
            .await
            .unwrap();
        cursor = Some(next);
        n += rows.len() as u64;
    }
    start.elapsed().as_secs_f64()
}

/// The floor: the same rows into the same table with a bare multi-row `INSERT` (no conflict
/// check, no cursor), the same statement size, one transaction per batch.
async fn bare_insert(url: &str, events: u64, holders: u64) -> f64 {
    let store = Store::open(url, Access::Create).await.unwrap();
    drop(store); // migrated: the same table, keys and indexes
    sqlx::any::install_default_drivers();
    let url = if url.starts_with("postgres") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    if !url.starts_with("postgres") {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("PRAGMA synchronous = FULL")
            .execute(&pool)
            .await
            .unwrap();
    }
    let start = Instant::now();
    let mut n = 0;
    while n < events {
        let rows = stream(events, holders, n);
        let mut tx = pool.begin().await.unwrap();
        for chunk in rows.chunks(500) {
            let backend = if url.starts_with("postgres") {
                Backend::Postgres
            } else {
                Backend::Sqlite
            };
            let sql = tokenrail_ledger::store::bare_insert_sql(backend, chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                q = q
                    .bind("evm")
                    .bind(e.network.clone())
                    .bind(e.tx.clone())
                    .bind(e.index as i64)
                    .bind(0i64)
                    .bind(e.contract.clone())
                    .bind(e.position.block as i64)
                    .bind(e.position.block_hash.clone())
                    .bind(e.position.block_time as i64)
                    .bind(e.position.tx_position as i64)
                    .bind(e.data.kind())
                    .bind(e.token.clone())
                    .bind(serde_json::to_string(&e.data).unwrap())
                    .bind(e.raw.clone())
                    .bind("bench");
            }
            q.execute(&mut *tx).await.unwrap();
        }
        tx.commit().await.unwrap();
        n += rows.len() as u64;
    }
    start.elapsed().as_secs_f64()
}

/// A token on a fresh anvil with 100 registered investors, and `rounds` batch transfers of 30
/// legs each (one block each): `rounds * 30` transfer events.
fn busy_anvil(
    rt: &tokio::runtime::Runtime,
    rounds: usize,
) -> (
    alloy::node_bindings::AnvilInstance,
    tokenrail_sdk::evm::EvmSigner,
    tokenrail_sdk::evm::EvmToken,
) {
    use alloy::network::EthereumWallet;
    use alloy::primitives::{Address, U256};
    use alloy::providers::{Provider, ProviderBuilder};
    use tokenrail_evm::ITokenrailIdentityRegistry::Entry;
    use tokenrail_evm::{TokenrailAssetToken, TokenrailIdentityRegistry};
    use tokenrail_sdk::token::TokenTerms;

    let anvil = alloy::node_bindings::Anvil::new()
        .path(tokenrail_devnet::evm::find_anvil(None).expect("anvil"))
        .arg("--accounts")
        .arg("1")
        .spawn();
    let key = alloy::signers::local::PrivateKeySigner::from(anvil.keys()[0].clone());
    let me = key.address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(key))
        .connect_http(anvil.endpoint_url())
        .erased();
    let signer = tokenrail_sdk::evm::EvmSigner {
        provider: provider.clone(),
        address: me,
    };
    let terms = TokenTerms {
        name: "Bench".into(),
        symbol: "BNC".into(),
        decimals: 0,
        cap: 1_000_000_000,
        uri: "ipfs://bench".into(),
        legal_document_hash: [1; 32],
    };
    let token = tokenrail_sdk::evm::EvmToken::issue(rt.handle().clone(), &signer, &terms).unwrap();
    let investors: Vec<Address> = (0..100u64)
        .map(|i| Address::from_word(U256::from(0x1000 + i).into()))
        .collect();
    rt.block_on(async {
        let registry = TokenrailIdentityRegistry::new(token.registry, &provider);
        let asset = TokenrailAssetToken::new(token.token, &provider);
        let entry = Entry {
            status: 1,
            jurisdiction: 276,
            kycExpiry: 4_000_000_000,
        };
        let mut all = investors.clone();
        all.push(me);
        for chunk in all.chunks(100) {
            let call = registry.upsert(chunk.to_vec(), vec![entry.clone(); chunk.len()]);
            call.send().await.unwrap().get_receipt().await.unwrap();
        }
        let call = asset.mint(me, U256::from(100_000_000u64));
        call.send().await.unwrap().get_receipt().await.unwrap();
        for round in 0..rounds {
            let legs: Vec<Address> = (0..30).map(|k| investors[(round * 30 + k) % 100]).collect();
            let call = asset.batchTransfer(legs, vec![U256::from(1u64); 30]);
            call.send().await.unwrap().get_receipt().await.unwrap();
        }
        let _ = provider.get_block_number().await.unwrap();
    });
    (anvil, signer, token)
}

/// End-to-end: a busy chain's history synced, then the follow latency.
fn anvil_bench(rt: &tokio::runtime::Runtime) {
    use alloy::primitives::U256;
    use alloy::providers::{Provider, ProviderBuilder};
    use tokenrail_ledger::evm::{EvmContract, EvmSource};
    use tokenrail_ledger::sync_to_head;

    let (anvil, signer, token) = busy_anvil(rt, 200);
    let db = TestDb::new(Engine::Sqlite);
    let options = tokenrail_ledger::SyncOptions {
        confirmations: 0,
        ..Default::default()
    };
    let reader = ProviderBuilder::new()
        .connect_http(anvil.endpoint_url())
        .erased();
    let source = rt
        .block_on(EvmSource::connect(
            reader,
            vec![
                EvmContract::Token(token.token),
                EvmContract::Registry(token.registry),
            ],
        ))
        .unwrap();
    let (report, seconds) = rt.block_on(async {
        let store = Store::open(&db.url, Access::Create).await.unwrap();
        let start = Instant::now();
        let report = sync_to_head(&source, &store, &options).await.unwrap();
        (report, start.elapsed().as_secs_f64())
    });
    println!(
        "{}",
        json!({"bench": "anvil_sync", "events": report.inserted, "blocks": report.head,
               "seconds": seconds})
    );

    // Follow: a sync loop polling every 250 ms; each sample mines one transfer and waits for
    // its row.
    let samples = rt.block_on(async {
        let store = Store::open(&db.url, Access::Create).await.unwrap();
        let follower = {
            let (store, options, source) = (store.clone(), options.clone(), source.clone());
            tokio::spawn(async move {
                loop {
                    sync_to_head(&source, &store, &options).await.unwrap();
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
            })
        };
        let asset = tokenrail_evm::TokenrailAssetToken::new(token.token, &signer.provider);
        let mut samples = Vec::new();
        for i in 0..20u64 {
            let before = store.count().await.unwrap();
            let call = asset.transfer(
                alloy::primitives::Address::from_word(U256::from(0x1000 + i).into()),
                U256::from(1u64),
            );
            call.send().await.unwrap().get_receipt().await.unwrap();
            let mined = Instant::now();
            while store.count().await.unwrap() == before {
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
            samples.push(mined.elapsed().as_secs_f64());
            // Land the next transfer at a random phase of the poll.
            tokio::time::sleep(std::time::Duration::from_millis(37 * (i % 7))).await;
        }
        follower.abort();
        samples
    });
    let mut sorted = samples.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{}",
        json!({"bench": "follow_latency", "samples": sorted.len(), "poll_ms": 250,
               "median_seconds": sorted[sorted.len() / 2], "max_seconds": sorted[sorted.len() - 1]})
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: u64 = args.next().map_or(1_000_000, |a| a.parse().unwrap());
    let holders: u64 = args.next().map_or(100_000, |a| a.parse().unwrap());
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let (ledger_db, floor_db) = (TestDb::new(engine), TestDb::new(engine));
        let seconds = rt.block_on(ingest(&ledger_db.url, events, holders));
        let floor = rt.block_on(bare_insert(&floor_db.url, events, holders));
        println!(
            "{}",
            json!({"bench": "ingest", "engine": format!("{engine:?}"), "events": events,
                   "seconds": seconds, "floor_seconds": floor})
        );
        // The cap table half-way through the stream, and half-way between two checkpoints (the
        // store's default interval): the nearest checkpoint and 25,000 events after it.
        let at =
            (events / PER_BLOCK) / 2 + (tokenrail_ledger::store::CHECKPOINT_EVERY / 2) / PER_BLOCK;
        let start = Instant::now();
        let table = rt.block_on(async {
            let store = Store::open(&ledger_db.url, Access::Existing).await.unwrap();
            store
                .cap_table(Family::Evm, "1", TOKEN, None, At::Block(at))
                .await
                .unwrap()
        });
        let seconds = start.elapsed().as_secs_f64();
        // The same table folded from every event (no checkpoint), for comparison.
        let start = Instant::now();
        let (full, rows) = rt.block_on(async {
            let store = Store::open(&ledger_db.url, Access::Existing).await.unwrap();
            let rows = store
                .events(Family::Evm, "1", &[TOKEN], At::Block(at))
                .await
                .unwrap();
            (cap_table(&rows, TOKEN, None).unwrap(), rows.len())
        });
        assert_eq!(
            full, table,
            "the checkpointed cap table equals the full fold"
        );
        println!(
            "{}",
            json!({"bench": "captable", "engine": format!("{engine:?}"), "holders": table.holders.len(),
                   "events_before": rows, "at_block": at, "seconds": seconds,
                   "full_fold_seconds": start.elapsed().as_secs_f64()})
        );
    }
    anvil_bench(&rt);
}
