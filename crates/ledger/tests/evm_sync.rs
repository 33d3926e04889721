//! The EVM sync against a real `anvil`, on both engines: a token's whole lifecycle read into the
//! ledger gives a cap table equal to the chain's balances; reading again stores nothing twice; a
//! reorganisation within the confirmation depth is rolled back and re-read; two syncs write into
//! one PostgreSQL database at once without losing or duplicating a row; the escrow, payout and
//! channel contracts' events are read with their fields.

mod common;
#[path = "common/payments.rs"]
mod payments;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use common::{Engine, TestDb, ENGINES};
use tokenrail_core::Amount;
use tokenrail_ledger::evm::{EvmContract, EvmSource};
use tokenrail_ledger::views::{cap_table, reconcile, CapTable};
use tokenrail_ledger::{sync_to_head, Access, At, EventData, Family, Store, SyncOptions};
use tokenrail_sdk::evm::{EvmSigner, EvmToken};
use tokenrail_sdk::token::{Investor, TokenClient, TokenTerms};

fn signer(anvil: &AnvilInstance, i: usize) -> EvmSigner {
    EvmSigner {
        provider: ProviderBuilder::new()
            .wallet(EthereumWallet::from(PrivateKeySigner::from(
                anvil.keys()[i].clone(),
            )))
            .connect_http(anvil.endpoint_url())
            .erased(),
        address: anvil.addresses()[i],
    }
}

struct Chain {
    anvil: AnvilInstance,
    signers: Vec<EvmSigner>,
    rt: tokio::runtime::Runtime,
}

impl Chain {
    fn start() -> Self {
        let anvil = Anvil::new()
            .path(tokenrail_devnet::evm::find_anvil(None).expect("anvil"))
            .arg("--accounts")
            .arg("5")
            .spawn();
        let signers = (0..anvil.keys().len()).map(|i| signer(&anvil, i)).collect();
        Chain {
            anvil,
            signers,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    /// Dev account `i` with a provider of its own (a fresh nonce cache: after `evm_revert`
    /// the cached nonces of the old providers are ahead of the chain).
    fn fresh_signer(&self, i: usize) -> EvmSigner {
        signer(&self.anvil, i)
    }

    fn reader(&self) -> DynProvider {
        ProviderBuilder::new()
            .connect_http(self.anvil.endpoint_url())
            .erased()
    }

    fn addr(&self, i: usize) -> Address {
        self.signers[i].address
    }

    /// Issues a token with signer 0 as issuer and investors 1-3 registered.
    fn issue(&self) -> EvmToken {
        let terms = TokenTerms {
            name: "Ledger Fund".into(),
            symbol: "LGF".into(),
            decimals: 6,
            cap: 1_000_000_000,
            uri: "https://example.com/terms".into(),
            legal_document_hash: [7; 32],
        };
        let mut token =
            EvmToken::issue(self.rt.handle().clone(), &self.signers[0], &terms).unwrap();
        for i in 1..=3 {
            token
                .register(
                    &self.signers[0],
                    &self.addr(i),
                    Investor {
                        jurisdiction: 276,
                        kyc_expiry: 4_000_000_000,
                    },
                )
                .unwrap();
        }
        token
    }

    fn rpc(&self, method: &'static str, params: serde_json::Value) -> serde_json::Value {
        let p = self.reader();
        self.rt
            .block_on(p.raw_request::<_, serde_json::Value>(method.into(), params))
            .unwrap()
    }

    fn sync(
        &self,
        db: &str,
        token: &EvmToken,
        options: &SyncOptions,
    ) -> tokenrail_ledger::SyncReport {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Create).await.unwrap();
            let source = EvmSource::connect(
                self.reader(),
                vec![
                    EvmContract::Token(token.token),
                    EvmContract::Registry(token.registry),
                ],
            )
            .await
            .unwrap();
            sync_to_head(&source, &store, options).await.unwrap()
        })
    }

    fn cap_table(&self, db: &str, token: &EvmToken, at: At) -> CapTable {
        let events = self.rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store.events(Family::Evm, "31337", &[], at).await.unwrap()
        });
        cap_table(
            &events,
            &token.token.to_checksum(None),
            Some(&token.registry.to_checksum(None)),
        )
        .unwrap()
    }

    /// Reconciles the ledger's cap table with the chain: the drift found.
    fn drift(&self, table: &CapTable, token: &mut EvmToken) -> Vec<tokenrail_ledger::views::Drift> {
        let supply = Amount(token.supply().unwrap());
        let everyone: Vec<String> = self
            .signers
            .iter()
            .map(|s| s.address.to_checksum(None))
            .collect();
        reconcile(table, supply, &everyone, |a| {
            let a: Address = a.parse().map_err(|e| format!("{e}"))?;
            token.balance(&a).map(Amount).map_err(|e| e.to_string())
        })
        .unwrap()
    }
}

fn dev_options() -> SyncOptions {
    SyncOptions {
        confirmations: 0,
        ..SyncOptions::default()
    }
}

#[test]
fn a_token_lifecycle_synced_gives_the_chains_cap_table_and_a_second_sync_stores_nothing() {
    let chain = Chain::start();
    let mut token = chain.issue();
    let [admin, alice, bob, carol] = [0, 1, 2, 3].map(|i| chain.signers[i].clone());
    token.mint(&admin, &alice.address, 1_000).unwrap();
    token.mint(&admin, &bob.address, 500).unwrap();
    token.transfer(&alice, &bob.address, 300).unwrap();
    let before_freeze = chain.reader();
    let freeze_block = chain.rt.block_on(before_freeze.get_block_number()).unwrap();
    token.set_frozen(&admin, &carol.address, true).unwrap();
    token
        .forced_transfer(&admin, &bob.address, &carol.address, 200)
        .unwrap();

    for engine in ENGINES {
        let db = TestDb::new(engine);
        let report = chain.sync(&db.url, &token, &dev_options());
        assert!(report.inserted > 10, "{engine:?}: {report:?}");
        assert_eq!(report.unknown, 0, "{engine:?}: {report:?}");

        let table = chain.cap_table(&db.url, &token, At::Latest);
        let lines: Vec<(Address, u128, bool)> = table
            .holders
            .iter()
            .map(|h| (h.account.parse().unwrap(), h.balance.0, h.frozen))
            .collect();
        let mut want = vec![
            (alice.address, 700, false),
            (bob.address, 600, false),
            (carol.address, 200, true),
        ];
        want.sort();
        let mut got = lines.clone();
        got.sort();
        assert_eq!(got, want, "{engine:?}");
        assert_eq!(table.supply, Amount(1_500));
        assert!(table
            .holders
            .iter()
            .all(|h| h.investor.as_ref().map(|i| i.jurisdiction) == Some(276)));
        assert_eq!(chain.drift(&table, &mut token), vec![], "{engine:?}");

        // As of the block before the freeze: the transfer is in, the freeze and the forced
        // transfer are not.
        let then = chain.cap_table(&db.url, &token, At::Block(freeze_block));
        let bob_then = then
            .holders
            .iter()
            .find(|h| h.account == bob.address.to_checksum(None))
            .unwrap();
        assert_eq!(bob_then.balance, Amount(800));
        assert!(then.holders.iter().all(|h| !h.frozen));

        // Again: nothing new, nothing twice.
        let again = chain.sync(&db.url, &token, &dev_options());
        assert_eq!((again.inserted, again.already_stored), (0, 0), "{engine:?}");
        // A source over the token alone re-reads the same blocks from 0: every row is known.
        let overlap = chain.rt.block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            let source = EvmSource::connect(chain.reader(), vec![EvmContract::Token(token.token)])
                .await
                .unwrap();
            let options = dev_options();
            let r = sync_to_head(&source, &store, &options).await.unwrap();
            (r, store.count().await.unwrap())
        });
        assert_eq!(overlap.0.inserted, 0, "{engine:?}: {overlap:?}");
        assert!(overlap.0.already_stored > 5);
        assert_eq!(overlap.1, report.inserted, "{engine:?}");
    }
}

#[test]
fn a_reorganisation_within_the_confirmation_depth_is_rolled_back_and_read_again() {
    let chain = Chain::start();
    let mut token = chain.issue();
    let [admin, alice, bob, carol] = [0, 1, 2, 3].map(|i| chain.signers[i].clone());
    token.mint(&admin, &alice.address, 1_000).unwrap();
    let options = SyncOptions {
        confirmations: 4,
        ..SyncOptions::default()
    };
    for engine in ENGINES {
        let db = TestDb::new(engine);
        // `base` restores the chain for the next engine; `snapshot` is the fork point (a
        // snapshot is used up by its revert).
        let base = chain.rpc("evm_snapshot", serde_json::json!([]));
        let snapshot = chain.rpc("evm_snapshot", serde_json::json!([]));
        // The branch that will be abandoned: alice pays bob.
        token
            .transfer(&chain.fresh_signer(1), &bob.address, 300)
            .unwrap();
        chain.sync(&db.url, &token, &options);
        let stale = chain.cap_table(&db.url, &token, At::Latest);
        assert!(stale
            .holders
            .iter()
            .any(|h| h.account == bob.address.to_checksum(None)));

        // The chain reorganises: the payment to bob never happened; alice paid carol instead.
        assert_eq!(chain.rpc("evm_revert", serde_json::json!([snapshot])), true);
        token
            .transfer(&chain.fresh_signer(1), &carol.address, 40)
            .unwrap();
        chain.rpc("evm_mine", serde_json::json!([]));
        let report = chain.sync(&db.url, &token, &options);
        assert!(report.rolled_back >= 1, "{engine:?}: {report:?}");

        let table = chain.cap_table(&db.url, &token, At::Latest);
        assert!(
            !table
                .holders
                .iter()
                .any(|h| h.account == bob.address.to_checksum(None)),
            "{engine:?}: the abandoned transfer is still in the ledger: {table:?}"
        );
        assert_eq!(chain.drift(&table, &mut token), vec![], "{engine:?}");
        // Back to where the next engine's run starts.
        assert_eq!(chain.rpc("evm_revert", serde_json::json!([base])), true);
    }
}

#[test]
fn two_syncs_write_into_one_postgres_database_at_once_without_losing_or_duplicating_rows() {
    let chain = Chain::start();
    let mut tokens = [chain.issue(), chain.issue()];
    let admin = chain.signers[0].clone();
    for (i, token) in tokens.iter_mut().enumerate() {
        for n in 0..15u128 {
            token
                .mint(
                    &admin,
                    &chain.addr(1 + (n as usize % 3)),
                    10 + n + i as u128,
                )
                .unwrap();
        }
    }
    let db = TestDb::new(Engine::Postgres);
    // Each token's sync twice over, all four at once, in small steps so they interleave.
    let options = SyncOptions {
        confirmations: 0,
        max_range: 3,
        ..SyncOptions::default()
    };
    let counts = chain.rt.block_on(async {
        let mut jobs = Vec::new();
        for token in &tokens {
            for _ in 0..2 {
                let (url, reader, options) = (db.url.clone(), chain.reader(), options.clone());
                let contracts = vec![
                    EvmContract::Token(token.token),
                    EvmContract::Registry(token.registry),
                ];
                jobs.push(tokio::spawn(async move {
                    let store = Store::open(&url, Access::Create).await.unwrap();
                    let source = EvmSource::connect(reader, contracts).await.unwrap();
                    sync_to_head(&source, &store, &options).await.unwrap()
                }));
            }
        }
        let mut reports = Vec::new();
        for job in jobs {
            reports.push(job.await.unwrap());
        }
        let store = Store::open(&db.url, Access::Existing).await.unwrap();
        (reports, store.count().await.unwrap())
    });
    let (reports, stored) = counts;
    let inserted: u64 = reports.iter().map(|r| r.inserted).sum();
    assert_eq!(
        inserted, stored,
        "every stored row was inserted once: {reports:?}"
    );
    for token in &mut tokens {
        let table = chain.cap_table(&db.url, token, At::Latest);
        assert_eq!(chain.drift(&table, token), vec![]);
    }
    // Each row exactly once: a sync alone into a fresh SQLite file stores the same number.
    let alone = TestDb::new(Engine::Sqlite);
    let n: u64 = tokens
        .iter()
        .map(|t| chain.sync(&alone.url, t, &options).inserted)
        .sum();
    assert_eq!(n, stored);
}

fn sync_through(
    chain: &Chain,
    url: &str,
    db: &str,
    token: &EvmToken,
    options: &SyncOptions,
) -> Result<tokenrail_ledger::SyncReport, tokenrail_ledger::SyncError> {
    chain.rt.block_on(async {
        let store = Store::open(db, Access::Create).await.unwrap();
        let reader = ProviderBuilder::new()
            .connect_http(url.parse().unwrap())
            .erased();
        let source = EvmSource::connect(
            reader,
            vec![
                EvmContract::Token(token.token),
                EvmContract::Registry(token.registry),
            ],
        )
        .await?;
        sync_to_head(&source, &store, options).await
    })
}

fn all_events(chain: &Chain, db: &str) -> Vec<tokenrail_ledger::EventRecord> {
    chain.rt.block_on(async {
        let store = Store::open(db, Access::Existing).await.unwrap();
        store
            .events(Family::Evm, "31337", &[], At::Latest)
            .await
            .unwrap()
    })
}

#[test]
fn a_node_that_fails_mid_sync_is_retried_and_the_sync_resumes_without_a_gap() {
    let chain = Chain::start();
    let mut token = chain.issue();
    let admin = chain.signers[0].clone();
    for n in 0..20u128 {
        token
            .mint(&admin, &chain.addr(1 + n as usize % 3), 1 + n)
            .unwrap();
    }
    let options = SyncOptions {
        confirmations: 0,
        max_range: 2,
        first_retry: std::time::Duration::from_millis(5),
        ..SyncOptions::default()
    };
    let reference = TestDb::new(Engine::Sqlite);
    chain.sync(&reference.url, &token, &options);
    let want = all_events(&chain, &reference.url);

    // Calls 10 to 19 fail: the sync backs off, retries and carries on where it was.
    let front = common::flaky(chain.anvil.endpoint(), 10, 20);
    let db = TestDb::new(Engine::Sqlite);
    let report = sync_through(&chain, &front.url, &db.url, &token, &options).unwrap();
    assert!(report.retries > 0, "{report:?}");
    assert_eq!(all_events(&chain, &db.url), want);

    // A node that stops answering for good: a clear error after the bound, whole steps kept,
    // and the next sync (the node back) completes the same rows.
    let front = common::flaky(chain.anvil.endpoint(), 12, usize::MAX);
    let db = TestDb::new(Engine::Sqlite);
    let bounded = SyncOptions {
        give_up_after: std::time::Duration::from_secs(1),
        ..options.clone()
    };
    let err = sync_through(&chain, &front.url, &db.url, &token, &bounded).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("has not answered for 1 s") && text.contains("upstream unavailable"),
        "{text}"
    );
    let partial = all_events(&chain, &db.url);
    assert!(
        !partial.is_empty() && partial.len() < want.len(),
        "{}",
        partial.len()
    );
    assert_eq!(
        partial[..],
        want[..partial.len()],
        "a prefix of whole steps"
    );
    chain.sync(&db.url, &token, &options);
    assert_eq!(all_events(&chain, &db.url), want);
}

/// The payment rows of `db`: every row of the escrow, payout and channel contracts, in chain
/// order.
fn payment_rows(rt: &tokio::runtime::Runtime, db: &str, contracts: &[Address]) -> Vec<EventData> {
    let events = rt.block_on(async {
        let store = Store::open(db, Access::Existing).await.unwrap();
        store
            .events(Family::Evm, "31337", &[], At::Latest)
            .await
            .unwrap()
    });
    for e in &events {
        // The `kind` column and the JSON's tag name the same kind.
        let json = serde_json::to_value(&e.data).unwrap();
        assert_eq!(json["kind"], e.data.kind(), "{json}");
    }
    events
        .into_iter()
        .filter(|e| contracts.contains(&e.contract.parse::<Address>().unwrap()))
        .map(|e| e.data)
        .collect()
}

#[test]
fn escrow_payout_and_channel_events_are_read_with_their_fields() {
    let anvil = tokenrail_devnet::evm::find_anvil(None).expect("anvil");
    let mut dn = tokenrail_devnet::evm::start(&anvil).expect("devnet");
    let ran = payments::run(&mut dn);
    let at = dn.deployment().clone();
    let url = tokenrail_devnet::evm::endpoint(&dn).unwrap();
    let reader = ProviderBuilder::new()
        .connect_http(url.parse().unwrap())
        .erased();
    // The devnet issued no token: the source reads the payment contracts alone.
    let contracts = vec![
        EvmContract::Escrow(at.escrow),
        EvmContract::MultiSend(at.multisend),
        EvmContract::Distributor(at.distributor),
        EvmContract::Channel(at.channel),
    ];
    let payments = [at.escrow, at.multisend, at.distributor, at.channel];
    let account = |name: &str| dn.signers.get(name).unwrap().address.to_checksum(None);
    let rt = tokio::runtime::Runtime::new().unwrap();
    for engine in ENGINES {
        let db = TestDb::new(engine);
        let report = rt.block_on(async {
            let store = Store::open(&db.url, Access::Create).await.unwrap();
            let source = EvmSource::connect(reader.clone(), contracts.clone())
                .await
                .unwrap();
            sync_to_head(&source, &store, &dev_options()).await.unwrap()
        });
        assert_eq!(report.unknown, 0, "{engine:?}: {report:?}");
        let rows = payment_rows(&rt, &db.url, &payments);
        let (root, channel) = payments::root_and_channel(&rows);
        let spelled = payments::Spelled {
            accounts: ["issuer", "alice", "bob", "carol", "dave"].map(account),
            asset: at.payment_token.to_checksum(None),
            escrows: ran.escrows.map(|e| e.to_string()),
            distribution: ran.distribution.id.to_string(),
            root,
            channel,
        };
        assert_eq!(rows, payments::expected(&ran, &spelled), "{engine:?}");
    }
}
