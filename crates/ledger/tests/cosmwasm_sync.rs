//! The CosmWasm sync against the real contracts behind a CometBFT JSON-RPC front (no Cosmos
//! chain can run here): a lifecycle through every balance-moving path gives the chain's cap
//! table, restrictions included, on SQLite and PostgreSQL; paging and ranges lose nothing; a
//! second sync stores nothing; a failing node is retried without a gap.

mod common;
#[path = "common/payments.rs"]
mod payments;

use std::path::PathBuf;

use common::{options, Engine, TestDb, ENGINES};
use cosmwasm_std::{Addr, Uint128};
use tokenrail_core::Amount;
use tokenrail_cosmwasm::cw20::Cw20Coin;
use tokenrail_cosmwasm::token::{AccountResponse, ExecuteMsg, Rules, TokenRole};
use tokenrail_ledger::cosmwasm::{CosmwasmSource, CwContract};
use tokenrail_ledger::views::{cap_table, CapTable};
use tokenrail_ledger::{sync_to_head, Access, At, EventData, Family, Store, SyncOptions};
use tokenrail_sdk::cosmwasm::{
    CosmosEndpoint, CosmosRpc, CwDeployment, CwLedger, CwParty, CwToken,
};
use tokenrail_sdk::token::{Investor, TokenClient, TokenTerms};

const PREFIX: &str = "cosmwasm";
/// How many plain transfers the lifecycle makes: more than one `tx_search` page (100).
const TRANSFERS: u128 = 130;

fn artifacts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/cosmwasm")
}

/// A Cosmos node with Tokenrail deployed and a token issued: party 0 is the admin holding
/// every role; parties 1–5 are investors.
struct Chain {
    node: tokenrail_cosmos_front::RpcFront,
    parties: Vec<Addr>,
    token: CwToken,
    /// The chain id.
    network: String,
    rt: tokio::runtime::Runtime,
}

impl Chain {
    fn start() -> Self {
        let secrets: Vec<[u8; 32]> = (1..=6u8).map(|i| [i; 32]).collect();
        let parties: Vec<Addr> = secrets
            .iter()
            .map(|s| {
                let key = tokenrail_channel::Secp256k1Key::from_bytes(s).unwrap();
                CwParty::new(key, PREFIX).unwrap().addr
            })
            .collect();
        let funded: Vec<(Addr, u128)> = parties.iter().map(|p| (p.clone(), 0)).collect();
        let node = tokenrail_cosmos_front::local_chain(&artifacts(), &funded)
            .expect("the CosmWasm artifacts are built (scripts/build-artifacts cosmwasm)");
        let denom = tokenrail_devnet::cosmwasm::DENOM;
        let at = CosmosEndpoint {
            url: node.url.clone(),
            prefix: PREFIX.into(),
            gas_price: format!("0{denom}").parse().unwrap(),
        };
        let deployed = CwDeployment::deploy_to(&at, &secrets[0], &artifacts(), denom).unwrap();
        let rpc = CosmosRpc::connect(&at.url, &secrets, PREFIX, at.gas_price.clone()).unwrap();
        let terms = TokenTerms {
            name: "Bond".into(),
            symbol: "BND".into(),
            decimals: 0,
            cap: 1_000_000,
            uri: "https://example.com/bond".into(),
            legal_document_hash: [9; 32],
        };
        let token = CwToken::issue_on(
            CwLedger::from(rpc),
            &terms,
            &parties[0],
            deployed.token_codes,
        )
        .unwrap();
        let status =
            tokenrail_json_rpc_front::post(&node.url, "status", serde_json::json!({})).unwrap();
        let network = status["node_info"]["network"].as_str().unwrap().to_owned();
        Chain {
            node,
            parties,
            token,
            network,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    fn contracts(&self) -> Vec<CwContract> {
        vec![
            CwContract::Token(self.token.token.addr.to_string()),
            CwContract::Registry(self.token.registry.addr.to_string()),
        ]
    }

    /// Executes `msg` on the token as party `by`.
    fn exec(&mut self, by: usize, msg: ExecuteMsg) {
        let msg = self.token.token.execute(&msg, vec![]).unwrap();
        let sender = self.parties[by].clone();
        self.token.chain.execute(&sender, msg).unwrap();
    }

    fn addr(&self, i: usize) -> String {
        self.parties[i].to_string()
    }

    fn height(&self) -> u64 {
        let status =
            tokenrail_json_rpc_front::post(&self.node.url, "status", serde_json::json!({}))
                .unwrap();
        status["sync_info"]["latest_block_height"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    fn sync(
        &self,
        url: &str,
        db: &str,
        options: &SyncOptions,
    ) -> Result<tokenrail_ledger::SyncReport, tokenrail_ledger::SyncError> {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Create).await.unwrap();
            let source = CosmwasmSource::connect(url, self.contracts()).await?;
            sync_to_head(&source, &store, options).await
        })
    }

    fn events(&self, db: &str) -> Vec<tokenrail_ledger::EventRecord> {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store
                .events(Family::Cosmwasm, &self.network, &[], At::Latest)
                .await
                .unwrap()
        })
    }

    fn cap_table(&self, db: &str, at: At) -> CapTable {
        let events = self.rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store
                .events(Family::Cosmwasm, &self.network, &[], at)
                .await
                .unwrap()
        });
        cap_table(
            &events,
            self.token.token.addr.as_str(),
            Some(self.token.registry.addr.as_str()),
        )
        .unwrap()
    }

    /// What the chain says of `account`: balance, freeze, frozen amount, lock-up.
    fn account(&self, account: &str) -> (u128, bool, u128, u64) {
        let r: AccountResponse = self
            .token
            .chain
            .query(
                &self.token.token.addr,
                &tokenrail_cosmwasm::token::QueryMsg::Account {
                    address: account.into(),
                },
            )
            .unwrap();
        (
            r.balance.u128(),
            r.account_frozen,
            r.frozen_amount.u128(),
            r.locked_until,
        )
    }
}

/// Every balance-moving path of the token (mint, transfer, transfer-from, batch, burn, redeem,
/// forced transfer, recovery) and every restriction, with the heights before the restrictions.
fn lifecycle(chain: &mut Chain) -> u64 {
    let kyc = Investor {
        jurisdiction: 276,
        kyc_expiry: 4_000_000_000,
    };
    let admin = chain.parties[0].clone();
    for i in 1..=5 {
        let investor = chain.parties[i].clone();
        chain.token.register(&admin, &investor, kyc).unwrap();
    }
    let [alice, bob, carol, dave] = [1, 2, 3, 4].map(|i| chain.parties[i].clone());
    chain.token.mint(&admin, &alice, 10_000).unwrap();
    for n in 0..TRANSFERS {
        chain.token.transfer(&alice, &bob, 1 + n % 7).unwrap();
    }
    let before_restrictions = chain.height();
    let (a, b, c, d) = (
        alice.to_string(),
        bob.to_string(),
        carol.to_string(),
        dave.to_string(),
    );
    chain.exec(
        1,
        ExecuteMsg::BatchTransfer {
            transfers: vec![
                Cw20Coin {
                    address: b.clone(),
                    amount: Uint128::new(10),
                },
                Cw20Coin {
                    address: c.clone(),
                    amount: Uint128::new(500),
                },
            ],
        },
    );
    chain.exec(
        1,
        ExecuteMsg::IncreaseAllowance {
            spender: b.clone(),
            amount: Uint128::new(40),
            expires: None,
        },
    );
    chain.exec(
        2,
        ExecuteMsg::TransferFrom {
            owner: a.clone(),
            recipient: c.clone(),
            amount: Uint128::new(15),
        },
    );
    chain.exec(
        1,
        ExecuteMsg::Burn {
            amount: Uint128::new(5),
        },
    );
    chain.exec(
        0,
        ExecuteMsg::Redeem {
            owner: a.clone(),
            amount: Uint128::new(50),
        },
    );
    // Carol's position is restricted, then recovered to Dave: the restrictions move with it.
    chain.exec(
        0,
        ExecuteMsg::SetFrozenAmount {
            account: c.clone(),
            amount: Uint128::new(200),
        },
    );
    chain.exec(
        0,
        ExecuteMsg::SetLockup {
            account: c.clone(),
            until: 3_000_000_000,
        },
    );
    chain.exec(
        0,
        ExecuteMsg::SetAccountFrozen {
            account: c.clone(),
            frozen: true,
        },
    );
    chain.exec(
        0,
        ExecuteMsg::Recover {
            lost: c.clone(),
            new: d.clone(),
        },
    );
    // A seizure of most of Dave's 515 cuts his frozen 200 to what is left.
    chain
        .token
        .forced_transfer(&admin, &dave, &bob, 400)
        .unwrap();
    chain.exec(0, ExecuteMsg::Pause {});
    chain.exec(0, ExecuteMsg::Unpause {});
    chain.exec(
        0,
        ExecuteMsg::SetRules {
            rules: Rules {
                allowed_jurisdictions: vec![],
                blocked_jurisdictions: vec![408, 364],
                max_holders: 50,
                max_balance: Uint128::zero(),
                expired_kyc_blocks_sending: true,
            },
        },
    );
    chain.exec(
        0,
        ExecuteMsg::GrantRole {
            role: TokenRole::Agent,
            account: b.clone(),
        },
    );
    let _ = d;
    before_restrictions
}

#[test]
fn a_lifecycle_synced_gives_the_chains_cap_table_with_restrictions_and_a_second_sync_stores_nothing(
) {
    let mut chain = Chain::start();
    let before_restrictions = lifecycle(&mut chain);
    let everyone: Vec<String> = (0..6).map(|i| chain.addr(i)).collect();
    let url = chain.node.url.clone();

    for engine in ENGINES {
        let db = TestDb::new(engine);
        let report = chain.sync(&url, &db.url, &options()).unwrap();
        assert_eq!(report.unknown, 0, "{engine:?}: {report:?}");
        // Registrations, the mint, every transfer (more than a page of them), and the rest.
        assert!(
            report.inserted > TRANSFERS as u64 + 20,
            "{engine:?}: {report:?}"
        );

        let table = chain.cap_table(&db.url, At::Latest);
        for account in &everyone {
            let line = table.holders.iter().find(|h| &h.account == account);
            let ledger = line.map_or((0, false, 0, 0), |h| {
                (h.balance.0, h.frozen, h.frozen_amount.0, h.locked_until)
            });
            assert_eq!(ledger, chain.account(account), "{engine:?}: {account}");
        }
        let dave = table
            .holders
            .iter()
            .find(|h| h.account == everyone[4])
            .unwrap();
        assert_eq!(
            (
                dave.balance.0,
                dave.frozen,
                dave.frozen_amount.0,
                dave.locked_until
            ),
            (115, true, 115, 3_000_000_000),
            "the recovery moved Carol's restrictions, the seizure cut the frozen amount"
        );
        assert_eq!(dave.investor.as_ref().unwrap().jurisdiction, 276);
        assert_eq!(table.supply, Amount(10_000 - 5 - 50));
        assert!(!table.paused);

        // Every kind the lifecycle produced, decoded.
        let events = chain.events(&db.url);
        let kinds: std::collections::BTreeSet<&str> =
            events.iter().map(|e| e.data.kind()).collect();
        for kind in [
            "minted",
            "burned",
            "transferred",
            "redeemed",
            "forced_transfer",
            "recovered",
            "approved",
            "account_frozen",
            "frozen_amount_set",
            "lockup_set",
            "paused",
            "unpaused",
            "rules_updated",
            "role_granted",
            "investor_updated",
        ] {
            assert!(kinds.contains(kind), "{engine:?}: no `{kind}` in {kinds:?}");
        }
        let rules = events
            .iter()
            .find_map(|e| match &e.data {
                EventData::RulesUpdated {
                    blocked_jurisdictions,
                    max_holders,
                    ..
                } => Some((blocked_jurisdictions.clone(), *max_holders)),
                _ => None,
            })
            .unwrap();
        assert_eq!(rules, (vec![408, 364], 50));
        let allowance = events
            .iter()
            .filter_map(|e| match &e.data {
                EventData::Approved { amount, .. } => Some(amount.0),
                _ => None,
            })
            .collect::<Vec<_>>();
        // The allowance after each change: 40 granted, then 15 spent by transfer-from is not
        // an allowance event (cw20 logs none), so one row.
        assert_eq!(allowance, [40]);

        // As of the height before the restrictions: Alice and Bob only, nothing restricted.
        let then = chain.cap_table(&db.url, At::Block(before_restrictions));
        let lines: Vec<(&str, u128)> = then
            .holders
            .iter()
            .map(|h| (h.account.as_str(), h.balance.0))
            .collect();
        let sent: u128 = (0..TRANSFERS).map(|n| 1 + n % 7).sum();
        let mut want = vec![
            (everyone[1].as_str(), 10_000 - sent),
            (everyone[2].as_str(), sent),
        ];
        want.sort();
        assert_eq!(lines, want, "{engine:?}");

        // Again: nothing new, nothing twice.
        let again = chain.sync(&url, &db.url, &options()).unwrap();
        assert_eq!((again.inserted, again.already_stored), (0, 0), "{engine:?}");
    }

    // Small ranges (many steps, many commits) give exactly the rows of one big step.
    let whole = TestDb::new(Engine::Sqlite);
    chain.sync(&url, &whole.url, &options()).unwrap();
    let stepped = TestDb::new(Engine::Sqlite);
    let small = SyncOptions {
        max_range: 7,
        ..options()
    };
    chain.sync(&url, &stepped.url, &small).unwrap();
    assert_eq!(chain.events(&stepped.url), chain.events(&whole.url));
}

#[test]
fn a_node_that_fails_mid_sync_is_retried_and_the_sync_resumes_without_a_gap() {
    let mut chain = Chain::start();
    let admin = chain.parties[0].clone();
    let alice = chain.parties[1].clone();
    let kyc = Investor {
        jurisdiction: 250,
        kyc_expiry: 4_000_000_000,
    };
    chain.token.register(&admin, &alice, kyc).unwrap();
    for n in 1..=20 {
        chain.token.mint(&admin, &alice, n).unwrap();
    }
    let options = SyncOptions {
        max_range: 3,
        ..options()
    };
    let reference = TestDb::new(Engine::Sqlite);
    chain
        .sync(&chain.node.url, &reference.url, &options)
        .unwrap();
    let want = chain.events(&reference.url);
    assert!(want.len() > 20);

    let flaky = |from, to| common::flaky(chain.node.url.clone(), from, to);
    // Calls 10 to 19 fail: the sync backs off, retries and carries on where it was.
    let front = flaky(10, 20);
    let db = TestDb::new(Engine::Sqlite);
    let report = chain.sync(&front.url, &db.url, &options).unwrap();
    assert!(report.retries > 0, "{report:?}");
    assert_eq!(chain.events(&db.url), want);

    // A node that stops answering: a clear error after the bound, whole steps kept, and the
    // next sync completes the same rows.
    let front = flaky(30, usize::MAX);
    let db = TestDb::new(Engine::Sqlite);
    let bounded = SyncOptions {
        give_up_after: std::time::Duration::from_secs(1),
        ..options.clone()
    };
    let err = chain.sync(&front.url, &db.url, &bounded).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("has not answered for 1 s") && text.contains("upstream unavailable"),
        "{text}"
    );
    let partial = chain.events(&db.url);
    assert!(
        !partial.is_empty() && partial.len() < want.len(),
        "{} of {}",
        partial.len(),
        want.len()
    );
    assert_eq!(partial[..], want[..partial.len()]);
    chain.sync(&chain.node.url, &db.url, &options).unwrap();
    assert_eq!(chain.events(&db.url), want);
}

/// The escrow, payout and channel contracts' events, as the devnet's app reports each
/// transaction's (the events a node's `tx_search` returns), decoded by the sync's `records`.
#[test]
fn escrow_payout_and_channel_events_are_read_with_their_fields() {
    use tokenrail_devnet::cosmwasm::{dev_party, EmbeddedApp, DENOM};
    let mut dn = tokenrail_devnet::cosmwasm::start().unwrap();
    let ran = payments::run(&mut dn);
    let at = dn.deployment().clone();
    let contracts = [
        CwContract::Escrow(at.escrow.to_string()),
        CwContract::Payout(at.payout.to_string()),
        CwContract::Channel(at.channel.to_string()),
    ];
    let log = dn
        .escrow
        .chain
        .backend_mut::<EmbeddedApp>()
        .unwrap()
        .executed();
    let mut rows = vec![];
    for tx in &log {
        let position = tokenrail_ledger::Position::default();
        let records = tokenrail_ledger::cosmwasm::records(
            "devnet",
            &contracts,
            &position,
            "tx",
            &tx.abci_events(),
        );
        rows.extend(records.into_iter().map(|r| r.data));
    }
    let (root, channel) = payments::root_and_channel(&rows);
    let spelled = payments::Spelled {
        accounts: ["issuer", "alice", "bob", "carol", "dave"]
            .map(|n| dev_party(n).addr.to_string()),
        asset: DENOM.to_owned(),
        escrows: ran.escrows.map(|e| e.to_string()),
        distribution: ran.distribution.id.to_string(),
        root,
        channel: channel.clone(),
    };
    assert_eq!(rows, payments::expected(&ran, &spelled));
    assert_eq!(channel.len(), 66, "a 32-byte id in 0x hex: {channel}");
}
