//! The ink! sync against the real contracts behind the Substrate JSON-RPC front (no Substrate
//! node can run here): a token lifecycle synced block by block gives the chain's cap table
//! (balances, freezes, frozen amounts, lock-ups, registry entries) on SQLite and PostgreSQL;
//! small ranges give the same rows; a second sync stores nothing.

mod common;
#[path = "common/payments.rs"]
mod payments;

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
        self.call_on(&token, who, data);
    }

    /// Calls a message of `contract` as `who`.
    fn call_on(&mut self, contract: &AccountId32, who: usize, data: Vec<u8>) {
        let caller = self.accounts[who].clone();
        self.token
            .chain
            .call(contract, data, &caller, 0)
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

/// Role grants and revocations, rules, metadata and admin handovers on the token and the
/// registry: each a row with its values, as on the other chains, none `unknown`.
#[test]
fn roles_rules_metadata_and_admin_handovers_are_read_with_their_values() {
    use tokenrail_ink::ink_asset_token::types::Rules;
    use tokenrail_ink::ink_registry as registry;
    use tokenrail_ledger::EventData;
    let mut chain = Chain::start();
    let [bob, charlie] = [1, 2].map(|i| chain.accounts[i].clone());
    let id = |a: &AccountId32| tokenrail_ink::AccountId(*a.as_ref());
    let (token, registry_at) = (chain.token.token.clone(), chain.token.registry.clone());
    // Agent is the token's role byte 2; the registry's agent is its role byte 1.
    chain.call(0, asset::messages::set_role(2, id(&bob), true).data);
    chain.call(0, asset::messages::set_role(2, id(&bob), false).data);
    let rules = Rules {
        allowed_jurisdictions: vec![250, 276],
        blocked_jurisdictions: vec![408],
        max_holders: 99,
        max_balance: 5_000,
        expired_kyc_blocks_sending: true,
    };
    chain.call(0, asset::messages::set_rules(rules).data);
    let uri = "https://example.com/bond-v2".to_owned();
    chain.call(0, asset::messages::set_metadata(uri.clone(), [7; 32]).data);
    chain.call(0, asset::messages::propose_admin(None).data);
    chain.call(0, asset::messages::propose_admin(Some(id(&bob))).data);
    chain.call(1, asset::messages::accept_admin().data);
    let on_registry = |c: &mut Chain, who: usize, data: Vec<u8>| c.call_on(&registry_at, who, data);
    on_registry(
        &mut chain,
        0,
        registry::messages::set_role(1, id(&charlie), true).data,
    );
    on_registry(
        &mut chain,
        0,
        registry::messages::set_role(1, id(&charlie), false).data,
    );
    let handover = registry::messages::propose_admin(Some(id(&charlie))).data;
    on_registry(&mut chain, 0, handover);
    on_registry(&mut chain, 2, registry::messages::accept_admin().data);

    let db = TestDb::new(Engine::Sqlite);
    let report = chain.sync(&db.url, &options());
    assert_eq!(report.unknown, 0, "{report:?}");
    let (token, registry_at) = (chain.name(&token), chain.name(&registry_at));
    let rows: Vec<(String, EventData)> = chain
        .events(&db.url, At::Latest)
        .into_iter()
        .filter(|e| {
            !matches!(
                e.data,
                EventData::InvestorUpdated { .. }
                    | EventData::Minted { .. }
                    | EventData::Transferred { .. }
            )
        })
        .map(|e| (e.contract, e.data))
        .collect();
    let role = |role: &str, who: &AccountId32, granted: bool| {
        let (role, account) = (role.to_owned(), chain.name(who));
        match granted {
            true => EventData::RoleGranted { role, account },
            false => EventData::RoleRevoked { role, account },
        }
    };
    let proposed = |who: Option<&AccountId32>| EventData::AdminProposed {
        account: who.map(|a| chain.name(a)).unwrap_or_default(),
    };
    let transferred = |who: &AccountId32| EventData::AdminTransferred {
        account: chain.name(who),
    };
    let want = [
        (token.clone(), role("agent", &bob, true)),
        (token.clone(), role("agent", &bob, false)),
        (
            token.clone(),
            EventData::RulesUpdated {
                allowed_jurisdictions: vec![250, 276],
                blocked_jurisdictions: vec![408],
                max_holders: 99,
                max_balance: tokenrail_core::Amount(5_000),
                expired_kyc_blocks_sending: true,
            },
        ),
        (
            token.clone(),
            EventData::MetadataUpdated {
                uri,
                legal_document_hash: format!("0x{}", "07".repeat(32)),
            },
        ),
        (token.clone(), proposed(None)),
        (token.clone(), proposed(Some(&bob))),
        (token.clone(), transferred(&bob)),
        (registry_at.clone(), role("registry_agent", &charlie, true)),
        (registry_at.clone(), role("registry_agent", &charlie, false)),
        (registry_at.clone(), proposed(Some(&charlie))),
        (registry_at.clone(), transferred(&charlie)),
    ];
    assert!(rows.len() >= want.len(), "{rows:#?}");
    assert_eq!(rows[rows.len() - want.len()..], want, "{rows:#?}");
    // Before them, the issuance: the registry agent's and the admin's token roles.
    assert!(
        rows[..rows.len() - want.len()]
            .iter()
            .all(|(_, r)| matches!(r, EventData::RoleGranted { .. })),
        "{rows:#?}"
    );
}

/// The escrow, payout and channel contracts' events, as the devnet's sandbox reports its
/// `ContractEmitted` events, decoded by the sync's decoder (the same as a node's).
#[test]
fn escrow_payout_and_channel_events_are_read_with_their_fields() {
    use tokenrail_devnet::ink::{dev_party, EmbeddedSandbox};
    use tokenrail_ledger::ink::sandbox_records;
    let mut dn = tokenrail_devnet::ink::start().unwrap();
    let ran = payments::run(&mut dn);
    let at = dn.deployment().clone();
    let contracts = [
        InkContract::Escrow(*at.escrow.as_ref()),
        InkContract::Payout(*at.payout.as_ref()),
        InkContract::Channel(*at.channel.as_ref()),
    ];
    let emitted = dn
        .escrow
        .chain
        .backend_mut::<EmbeddedSandbox>()
        .unwrap()
        .with(|chain| chain.contract_events());
    let rows: Vec<_> = sandbox_records(
        "devnet",
        SS58,
        &contracts,
        &tokenrail_ledger::Position::default(),
        emitted
            .iter()
            .map(|e| (e.contract, &e.topics[..], &e.data[..])),
    )
    .into_iter()
    .map(|r| r.data)
    .collect();
    let (root, channel) = payments::root_and_channel(&rows);
    let account = |name: &str| ss58(dev_party(name).account.as_ref(), SS58);
    let spelled = payments::Spelled {
        accounts: ["issuer", "alice", "bob", "carol", "dave"].map(account),
        asset: ss58(
            at.payment_token
                .as_ref()
                .expect("a PSP22 payment token")
                .as_ref(),
            SS58,
        ),
        escrows: ran.escrows.map(|e| e.to_string()),
        distribution: ran.distribution.id.to_string(),
        root,
        channel: channel.clone(),
    };
    assert_eq!(rows, payments::expected(&ran, &spelled));
    assert_eq!(channel.len(), 66, "a 32-byte id in 0x hex: {channel}");
}
