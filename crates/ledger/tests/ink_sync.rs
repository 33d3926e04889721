//! The ink! sync against the real contracts behind the Substrate JSON-RPC front (no Substrate
//! node can run here): a token lifecycle synced block by block gives the chain's cap table
//! (balances, freezes, frozen amounts, lock-ups, registry entries) on SQLite and PostgreSQL;
//! small ranges give the same rows; a second sync stores nothing.

mod common;

use std::path::PathBuf;

use common::{Engine, TestDb, ENGINES};
use tokenrail_ink::ink_asset_token as asset;
use tokenrail_ledger::ink::{ss58, InkContract, InkSource};
use tokenrail_ledger::views::{cap_table, CapTable};
use tokenrail_ledger::{sync_to_head, Access, At, EventRecord, Family, Source, Store, SyncOptions};
use tokenrail_sdk::ink::{AccountId32, InkCode, InkKey, InkLedger, InkToken, Scheme, SubstrateRpc};
use tokenrail_sdk::token::{Investor, TokenClient, TokenTerms};

/// The generic Substrate SS58 format the front's dev chain uses.
const SS58: u16 = 42;

fn artifact(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../artifacts/ink")
        .join(format!("{name}.wasm"));
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (build the ink! artifacts: scripts/build-artifacts ink)",
            path.display()
        )
    })
}

struct Chain {
    node: tokenrail_substrate_front::InkFront,
    /// //Alice (admin, every role), //Bob, //Charlie, //Dave.
    accounts: Vec<AccountId32>,
    token: InkToken,
    network: String,
    rt: tokio::runtime::Runtime,
}

impl Chain {
    fn start() -> Self {
        let node = tokenrail_substrate_front::local_node();
        let keys: Vec<InkKey> = ["//Alice", "//Bob", "//Charlie", "//Dave"]
            .iter()
            .map(|s| InkKey::from_suri(s, Scheme::Sr25519).unwrap())
            .collect();
        let accounts: Vec<AccountId32> = keys.iter().map(InkKey::account).collect();
        let rpc = SubstrateRpc::connect(node.url(), keys).unwrap();
        let terms = TokenTerms {
            name: "Bond".into(),
            symbol: "BND".into(),
            decimals: 0,
            cap: 1_000_000,
            uri: "https://example.com/bond".into(),
            legal_document_hash: [9; 32],
        };
        let token = InkToken::issue_on(
            InkLedger::from(rpc),
            &terms,
            &accounts[0],
            [
                InkCode::Wasm(artifact("ink_registry")),
                InkCode::Wasm(artifact("ink_asset_token")),
            ],
        )
        .unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let network = rt
            .block_on(InkSource::connect(node.url(), vec![], SS58))
            .unwrap()
            .network()
            .to_owned();
        Chain {
            node,
            accounts,
            token,
            network,
            rt,
        }
    }

    fn contracts(&self) -> Vec<InkContract> {
        vec![
            InkContract::Token(*self.token.token.as_ref()),
            InkContract::Registry(*self.token.registry.as_ref()),
        ]
    }

    fn name(&self, a: &AccountId32) -> String {
        ss58(a.as_ref(), SS58)
    }

    fn sync(&self, db: &str, options: &SyncOptions) -> tokenrail_ledger::SyncReport {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Create).await.unwrap();
            let source = InkSource::connect(self.node.url(), self.contracts(), SS58)
                .await
                .unwrap();
            sync_to_head(&source, &store, options).await.unwrap()
        })
    }

    fn events(&self, db: &str, at: At) -> Vec<EventRecord> {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store
                .events(Family::Ink, &self.network, &[], at)
                .await
                .unwrap()
        })
    }

    fn cap_table(&self, db: &str, at: At) -> CapTable {
        cap_table(
            &self.events(db, at),
            &self.name(&self.token.token),
            Some(&self.name(&self.token.registry)),
        )
        .unwrap()
    }

    /// Calls a token message as `who`.
    fn call(&mut self, who: usize, data: Vec<u8>) {
        let token = self.token.token.clone();
        let caller = self.accounts[who].clone();
        self.token
            .chain
            .call(&token, data, &caller, 0)
            .expect("the call is accepted");
    }

    fn head(&self) -> u64 {
        self.rt.block_on(async {
            InkSource::connect(self.node.url(), vec![], SS58)
                .await
                .unwrap()
                .head()
                .await
                .unwrap()
        })
    }
}

fn options() -> SyncOptions {
    SyncOptions {
        confirmations: 0,
        ..SyncOptions::default()
    }
}

#[test]
fn a_lifecycle_synced_block_by_block_gives_the_chains_cap_table() {
    let mut chain = Chain::start();
    let [admin, bob, charlie, dave] = [0, 1, 2, 3].map(|i| chain.accounts[i].clone());
    let kyc = |jurisdiction| Investor {
        jurisdiction,
        kyc_expiry: 4_000_000_000,
    };
    for (who, j) in [(&bob, 276), (&charlie, 250), (&dave, 528)] {
        chain.token.register(&admin, who, kyc(j)).unwrap();
    }
    chain.token.mint(&admin, &bob, 1_000).unwrap();
    chain.token.transfer(&bob, &charlie, 300).unwrap();
    let before_restrictions = chain.head();
    let id = |a: &AccountId32| tokenrail_ink::AccountId(*a.as_ref());
    chain.call(
        0,
        asset::messages::set_frozen_amount(id(&charlie), 200).data,
    );
    chain.call(
        0,
        asset::messages::set_lockup(id(&charlie), 3_000_000_000).data,
    );
    chain.token.set_frozen(&admin, &charlie, true).unwrap();
    // The recovery moves Charlie's restrictions to Dave; the seizure cuts the frozen amount.
    chain.call(0, asset::messages::recover(id(&charlie), id(&dave)).data);
    chain
        .token
        .forced_transfer(&admin, &dave, &bob, 250)
        .unwrap();

    for engine in ENGINES {
        let db = TestDb::new(engine);
        let report = chain.sync(&db.url, &options());
        assert_eq!(report.unknown, 0, "{engine:?}: {report:?}");
        assert!(report.inserted > 10, "{engine:?}: {report:?}");

        let table = chain.cap_table(&db.url, At::Latest);
        let line = |a: &AccountId32| {
            let name = ss58(a.as_ref(), SS58);
            table
                .holders
                .iter()
                .find(|h| h.account == name)
                .map(|h| (h.balance.0, h.frozen, h.frozen_amount.0, h.locked_until))
        };
        assert_eq!(line(&bob), Some((950, false, 0, 0)), "{engine:?}");
        assert_eq!(
            line(&charlie),
            None,
            "{engine:?}: Charlie's position moved to Dave"
        );
        assert_eq!(
            line(&dave),
            Some((50, true, 50, 3_000_000_000)),
            "{engine:?}: the restrictions moved, the frozen amount was cut"
        );
        for who in [&bob, &charlie, &dave] {
            let chain_balance = chain.token.balance(who).unwrap();
            assert_eq!(
                line(who).map_or(0, |l| l.0),
                chain_balance,
                "{engine:?}: {who}"
            );
        }
        assert_eq!(table.supply.0, chain.token.supply().unwrap());
        let dave_line = table
            .holders
            .iter()
            .find(|h| h.account == chain.name(&dave))
            .unwrap();
        assert_eq!(dave_line.investor.as_ref().unwrap().jurisdiction, 528);

        // As of the block before the restrictions: the transfer is in, nothing is restricted.
        let then = chain.cap_table(&db.url, At::Block(before_restrictions));
        let lines: Vec<(String, u128, bool)> = then
            .holders
            .iter()
            .map(|h| (h.account.clone(), h.balance.0, h.frozen))
            .collect();
        let mut want = vec![
            (chain.name(&bob), 700, false),
            (chain.name(&charlie), 300, false),
        ];
        want.sort();
        assert_eq!(lines, want, "{engine:?}");
        assert!(
            then.block_time.unwrap() > 1_600_000_000,
            "block times are read"
        );

        let again = chain.sync(&db.url, &options());
        assert_eq!((again.inserted, again.already_stored), (0, 0), "{engine:?}");
    }

    // One block per step gives exactly the rows of one big step.
    let whole = TestDb::new(Engine::Sqlite);
    chain.sync(&whole.url, &options());
    let stepped = TestDb::new(Engine::Sqlite);
    chain.sync(
        &stepped.url,
        &SyncOptions {
            max_range: 1,
            ..options()
        },
    );
    assert_eq!(
        chain.events(&stepped.url, At::Latest),
        chain.events(&whole.url, At::Latest)
    );
}
