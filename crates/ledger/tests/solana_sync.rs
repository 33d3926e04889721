//! The Solana sync against the real programs and Token-2022 behind the JSON-RPC front (no
//! validator can run here): a lifecycle through mint, holder transfers, a redemption, a forced transfer
//! and a recovery, with every restriction, gives the chain's cap table on SQLite and PostgreSQL;
//! the table at an earlier slot; a second sync stores nothing and small ranges give the same
//! rows; another asset's instructions on the same programs yield no rows, and one on the mint
//! whose accounts do not resolve is kept as `unknown`, not dropped; a node that fails
//! mid-sync is retried without a gap, and one that stops answering ends in a clear error; the
//! escrow, payout and channel programs' events are read with their fields, and an event
//! instruction no program signed for is not.

mod common;
#[path = "common/payments.rs"]
mod payments;

use common::{options, Engine, TestDb, ENGINES};
use tokenrail_ledger::solana::{records, SolanaAsset, SolanaSource};
use tokenrail_ledger::views::{cap_table, CapTable};
use tokenrail_ledger::{
    sync_to_head, Access, At, EventData, EventRecord, Family, Position, Source, Store, SyncOptions,
};
use tokenrail_sdk::solana::{
    Keypair, Pubkey, RpcLedger, Signer, SolanaDeployment, SolanaLedger, SolanaSuite, SolanaToken,
    TOKEN,
};
use tokenrail_sdk::token::{Investor, TokenClient, TokenTerms};
use tokenrail_sdk::Named;
use tokenrail_sdk::{Clock, EscrowClient, PayoutClient};
use tokenrail_solana::addresses::{
    extra_account_metas_address, holder_address, investor_address, policy_address,
    registry_agent_address, role_address,
};
use tokenrail_solana::anchor_lang::solana_program::instruction::Instruction;
use tokenrail_solana::anchor_lang::{InstructionData, ToAccountMetas};
use tokenrail_solana::tokenrail_issuer::{self as issuer, client::accounts, client::args};

/// The agent role's seed byte.
const AGENT: u8 = 2;
/// The issuer role's seed byte.
const ISSUER: u8 = 1;

/// A cluster with the Tokenrail programs and a token issued: key 0 is the admin holding every
/// role; keys 1–4 are investors.
struct Chain {
    node: tokenrail_solana_front::RpcFront,
    keys: Vec<Keypair>,
    token: SolanaToken,
    rt: tokio::runtime::Runtime,
}

/// The investor entry every holder gets (jurisdiction 250, KYC valid until 2096).
const KYC: Investor = Investor {
    jurisdiction: 250,
    kyc_expiry: 4_000_000_000,
};

impl Chain {
    fn start() -> Self {
        let keys: Vec<Keypair> = (0..5).map(|_| Keypair::new()).collect();
        let (node, payment) = tokenrail_solana_front::local_cluster(&keys, TOKEN, &[0; 5]);
        let rpc = RpcLedger::connect(&node.url, keys[0].insecure_clone()).unwrap();
        let ledger = SolanaLedger::rpc(rpc, payment).unwrap();
        let terms = TokenTerms {
            name: "Bond".into(),
            symbol: "BND".into(),
            decimals: 0,
            cap: 1_000_000,
            uri: "https://example.com/bond".into(),
            legal_document_hash: [9; 32],
        };
        let token = SolanaToken::issue_on(ledger, &terms, &keys[0], 1).unwrap();
        Chain {
            node,
            keys,
            token,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    /// Registers Alice (wallet 1) and mints her 10: the smallest history with a balance.
    fn alice_holds_ten(&mut self) -> Pubkey {
        let admin = self.keys[0].insecure_clone();
        let alice = self.wallet(1);
        self.token.register(&admin, &alice, KYC).unwrap();
        self.token.mint(&admin, &alice, 10).unwrap();
        alice
    }

    fn wallet(&self, i: usize) -> Pubkey {
        self.keys[i].pubkey()
    }

    fn slot(&self) -> u64 {
        tokenrail_json_rpc_front::post(&self.node.url, "getSlot", serde_json::json!([]))
            .unwrap()
            .as_u64()
            .unwrap()
    }

    /// Sends one issuer instruction signed by the admin (who holds every role).
    fn issuer(&mut self, accounts: impl ToAccountMetas, data: impl InstructionData) {
        self.send(issuer::ID, 0, accounts, data);
    }

    /// Sends one instruction of `program` signed by `by`.
    fn send(
        &mut self,
        program: Pubkey,
        by: usize,
        accounts: impl ToAccountMetas,
        data: impl InstructionData,
    ) {
        let ix = Instruction {
            program_id: program,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        };
        let signer = self.keys[by].insecure_clone();
        self.token.chain.send(&[ix], &[&signer]).unwrap();
    }

    /// The accounts every agent instruction on `wallet` names.
    fn on_account(&mut self, wallet: Pubkey) -> accounts::SetLockup {
        let (mint, registry, admin) = (self.token.mint, self.token.registry, self.wallet(0));
        accounts::SetLockup {
            signer: admin,
            role: role_address(&self.token.issuer, AGENT, &admin),
            issuer: self.token.issuer,
            mint,
            account: self.token.token_account(&wallet),
            policy: policy_address(&mint),
            investor: investor_address(&registry, &wallet),
            holder: holder_address(&mint, &wallet),
            hook_program: tokenrail_solana::tokenrail_transfer_hook::ID,
            token_program: tokenrail_sdk::solana::TOKEN_2022,
            system_program: Pubkey::default(),
        }
    }

    fn set_lockup(&mut self, wallet: Pubkey, until: i64) {
        let a = self.on_account(wallet);
        self.issuer(a, args::SetLockup { until });
    }

    fn set_frozen_amount(&mut self, wallet: Pubkey, amount: u64) {
        let a = self.on_account(wallet);
        let a = accounts::SetFrozenAmount {
            signer: a.signer,
            role: a.role,
            issuer: a.issuer,
            mint: a.mint,
            account: a.account,
            policy: a.policy,
            investor: a.investor,
            holder: a.holder,
            hook_program: a.hook_program,
            token_program: a.token_program,
            system_program: a.system_program,
        };
        self.issuer(a, args::SetFrozenAmount { amount });
    }

    fn redeem(&mut self, wallet: Pubkey, amount: u64) {
        let (mint, registry, admin) = (self.token.mint, self.token.registry, self.wallet(0));
        let a = accounts::Redeem {
            signer: admin,
            role: role_address(&self.token.issuer, ISSUER, &admin),
            issuer: self.token.issuer,
            mint,
            source: self.token.token_account(&wallet),
            policy: policy_address(&mint),
            source_investor: investor_address(&registry, &wallet),
            source_holder: holder_address(&mint, &wallet),
            hook_program: tokenrail_solana::tokenrail_transfer_hook::ID,
            token_program: tokenrail_sdk::solana::TOKEN_2022,
            system_program: Pubkey::default(),
        };
        self.issuer(a, args::Redeem { amount });
    }

    fn recover(&mut self, lost: Pubkey, new: Pubkey) {
        let (mint, registry, admin) = (self.token.mint, self.token.registry, self.wallet(0));
        let a = accounts::Recover {
            signer: admin,
            role: role_address(&self.token.issuer, AGENT, &admin),
            issuer: self.token.issuer,
            mint,
            source: self.token.token_account(&lost),
            destination: self.token.token_account(&new),
            policy: policy_address(&mint),
            source_investor: investor_address(&registry, &lost),
            destination_investor: investor_address(&registry, &new),
            source_holder: holder_address(&mint, &lost),
            destination_holder: holder_address(&mint, &new),
            extra_account_meta_list: extra_account_metas_address(&mint),
            hook_program: tokenrail_solana::tokenrail_transfer_hook::ID,
            token_program: tokenrail_sdk::solana::TOKEN_2022,
            system_program: Pubkey::default(),
        };
        self.issuer(a, args::Recover {});
    }

    fn sync(
        &self,
        db: &str,
        options: &SyncOptions,
    ) -> Result<tokenrail_ledger::SyncReport, tokenrail_ledger::SyncError> {
        self.sync_at(&self.node.url, db, options)
    }

    /// Syncs through the node at `url`.
    fn sync_at(
        &self,
        url: &str,
        db: &str,
        options: &SyncOptions,
    ) -> Result<tokenrail_ledger::SyncReport, tokenrail_ledger::SyncError> {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Create).await.unwrap();
            let source = SolanaSource::connect(url, &self.token.mint.to_string()).await?;
            assert_eq!(source.asset().registry(), self.token.registry.to_string());
            sync_to_head(&source, &store, options).await
        })
    }

    fn network(&self) -> String {
        tokenrail_json_rpc_front::post(&self.node.url, "getGenesisHash", serde_json::json!([]))
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn events(&self, db: &str, at: At) -> Vec<EventRecord> {
        self.rt.block_on(async {
            let store = Store::open(db, Access::Existing).await.unwrap();
            store
                .events(Family::Solana, &self.network(), &[], at)
                .await
                .unwrap()
        })
    }

    fn cap_table(&self, db: &str, at: At) -> CapTable {
        let (mint, registry) = (self.token.mint.to_string(), self.token.registry.to_string());
        cap_table(&self.events(db, at), &mint, Some(&registry)).unwrap()
    }

    /// The hook's record of `wallet`'s restrictions: freeze, frozen amount, lock-up.
    fn restrictions(&mut self, wallet: Pubkey) -> (bool, u128, u64) {
        use tokenrail_solana::anchor_lang::AccountDeserialize;
        use tokenrail_solana::tokenrail_transfer_hook::accounts::HolderState;
        let at = holder_address(&self.token.mint, &wallet);
        match self.token.chain.account(&at).unwrap() {
            None => (false, 0, 0),
            Some(account) => {
                let h = HolderState::try_deserialize(&mut account.data.as_slice()).unwrap();
                (
                    h.account_frozen,
                    u128::from(h.frozen_amount),
                    u64::try_from(h.locked_until).unwrap(),
                )
            }
        }
    }

    /// The holder's line in `table`: balance, freeze, frozen amount, lock-up (zeros when the
    /// table has no line for it).
    fn line(table: &CapTable, wallet: Pubkey) -> (u128, bool, u128, u64) {
        table
            .holders
            .iter()
            .find(|h| h.account == wallet.to_string())
            .map_or((0, false, 0, 0), |h| {
                (h.balance.0, h.frozen, h.frozen_amount.0, h.locked_until)
            })
    }
}

/// Mint, holder transfers, restrictions, a redemption, a forced transfer and a recovery. Returns the
/// slot after the mints.
fn lifecycle(chain: &mut Chain) -> u64 {
    let admin = chain.keys[0].insecure_clone();
    let [alice, bob, carol, dave] = [1, 2, 3, 4].map(|i| chain.wallet(i));
    for who in [alice, bob, carol, dave] {
        chain.token.register(&admin, &who, KYC).unwrap();
    }
    chain.token.mint(&admin, &alice, 1_000).unwrap();
    chain.token.mint(&admin, &bob, 500).unwrap();
    let minted = chain.slot();
    let alice_key = chain.keys[1].insecure_clone();
    for n in 1..=12 {
        chain.token.transfer(&alice_key, &bob, n).unwrap();
    }
    chain.set_frozen_amount(alice, 100);
    chain.set_lockup(bob, 4_100_000_000);
    chain.token.set_frozen(&admin, &carol, true).unwrap();
    chain.redeem(bob, 10);
    // A seizure that takes frozen units: the hook cuts Bob's frozen amount to what is left.
    chain.set_frozen_amount(bob, 560);
    chain
        .token
        .forced_transfer(&admin, &bob, &carol, 50)
        .unwrap();
    // Alice lost her keys: Dave's wallet takes her balance and her frozen amount.
    chain.recover(alice, dave);
    minted
}

#[test]
fn a_solana_lifecycle_gives_the_chains_cap_table_on_both_engines() {
    let mut chain = Chain::start();
    let minted = lifecycle(&mut chain);
    let [alice, bob, carol, dave] = [1, 2, 3, 4].map(|i| chain.wallet(i));
    let sent: u128 = (1..=12).sum();
    for engine in ENGINES {
        let db = TestDb::new(engine);
        let report = chain.sync(&db.url, &options()).unwrap();
        assert!(report.inserted > 30, "{report:?} on {engine:?}");
        let table = chain.cap_table(&db.url, At::Latest);
        let supply = chain.token.supply().unwrap();
        assert_eq!(table.supply.0, supply, "{engine:?}");
        assert_eq!(supply, 1_500 - 10);
        for who in [alice, bob, carol, dave] {
            let (balance, ..) = Chain::line(&table, who);
            assert_eq!(
                balance,
                chain.token.balance(&who).unwrap(),
                "{who} on {engine:?}"
            );
        }
        // Every restriction equals the hook's holder record.
        for who in [alice, bob, carol, dave] {
            let (_, frozen, frozen_amount, locked_until) = Chain::line(&table, who);
            assert_eq!(
                (frozen, frozen_amount, locked_until),
                chain.restrictions(who),
                "{who} on {engine:?}"
            );
        }
        // The recovery moved Alice's frozen amount to Dave and left her unrestricted; the
        // seizure cut Bob's frozen amount to what he has left.
        assert_eq!(Chain::line(&table, alice), (0, false, 0, 0));
        assert_eq!(Chain::line(&table, dave), (1_000 - sent, false, 100, 0));
        let bob_left = 500 + sent - 10 - 50;
        assert_eq!(
            Chain::line(&table, bob),
            (bob_left, false, bob_left, 4_100_000_000)
        );
        assert_eq!(Chain::line(&table, carol), (50, true, 0, 0));
        let investor = table.holders[0].investor.as_ref().expect("registered");
        assert_eq!(investor.jurisdiction, 250);

        // The table as of the mints.
        let then = chain.cap_table(&db.url, At::Block(minted));
        assert_eq!(Chain::line(&then, alice).0, 1_000);
        assert_eq!(Chain::line(&then, bob).0, 500);
        assert_eq!(then.supply.0, 1_500);

        // Every kind the lifecycle emits decodes, in one shape for every chain.
        let events = chain.events(&db.url, At::Latest);
        let kinds: std::collections::BTreeSet<&str> =
            events.iter().map(|e| e.data.kind()).collect();
        for kind in [
            "investor_updated",
            "minted",
            "transferred",
            "burned",
            "forced_transfer",
            "recovered",
            "redeemed",
            "account_frozen",
            "frozen_amount_set",
            "lockup_set",
        ] {
            assert!(kinds.contains(kind), "{kind} missing from {kinds:?}");
        }
        let unknown: Vec<_> = events
            .iter()
            .filter(|e| matches!(e.data, EventData::Unknown { .. }))
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
        // Each forced move names wallets, not token accounts.
        assert!(events.iter().any(|e| e.data
            == EventData::ForcedTransfer {
                from: bob.to_string(),
                to: carol.to_string(),
                amount: tokenrail_core::Amount(50),
            }));

        // A second sync stores nothing.
        let again = chain.sync(&db.url, &options()).unwrap();
        assert_eq!((again.inserted, again.already_stored), (0, 0), "{again:?}");
    }
}

#[test]
fn small_ranges_store_the_same_rows_as_one_sync() {
    let mut chain = Chain::start();
    lifecycle(&mut chain);
    let whole = TestDb::new(Engine::Sqlite);
    chain.sync(&whole.url, &options()).unwrap();
    let stepped = TestDb::new(Engine::Sqlite);
    let small = SyncOptions {
        max_range: 3,
        ..options()
    };
    chain.sync(&stepped.url, &small).unwrap();
    let (a, b) = (
        chain.events(&whole.url, At::Latest),
        chain.events(&stepped.url, At::Latest),
    );
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn another_assets_instructions_yield_no_rows() {
    let mut chain = Chain::start();
    let alice = chain.alice_holds_ten();
    // A second asset on the same programs, with a registry of its own.
    let terms = TokenTerms {
        name: "Other".into(),
        symbol: "OTH".into(),
        decimals: 0,
        cap: 1_000,
        uri: "https://example.com/other".into(),
        legal_document_hash: [1; 32],
    };
    let admin = chain.keys[0].insecure_clone();
    let sibling = chain.token.chain.sibling().unwrap();
    let mut other = SolanaToken::issue_on(sibling, &terms, &admin, 2).unwrap();
    other.register(&admin, &alice, KYC).unwrap();
    other.mint(&admin, &alice, 99).unwrap();
    other.set_frozen(&admin, &alice, true).unwrap();

    let db = TestDb::new(Engine::Sqlite);
    chain.sync(&db.url, &options()).unwrap();
    let ours = [
        chain.token.mint.to_string(),
        chain.token.registry.to_string(),
    ];
    let events = chain.events(&db.url, At::Latest);
    // The issuance's grants (the admin's three issuer roles and the registry agent role), then
    // Alice's entry and her mint: none of the other asset's.
    let kinds: Vec<&str> = events.iter().map(|e| e.data.kind()).collect();
    assert_eq!(
        kinds,
        [
            "role_granted",
            "role_granted",
            "role_granted",
            "role_granted",
            "investor_updated",
            "minted"
        ],
        "{events:?}"
    );
    assert!(
        events.iter().all(|e| ours.contains(&e.contract)),
        "{events:?}"
    );
    let table = chain.cap_table(&db.url, At::Latest);
    assert_eq!(table.supply.0, 10);
    assert_eq!(Chain::line(&table, alice), (10, false, 0, 0));
}

#[test]
fn a_mint_that_is_not_a_tokenrail_asset_is_refused() {
    let chain = Chain::start();
    let other = Keypair::new().pubkey().to_string();
    let err = chain
        .rt
        .block_on(SolanaSource::connect(&chain.node.url, &other))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("not a Tokenrail asset"), "{err}");
    let source = chain
        .rt
        .block_on(SolanaSource::connect(
            &chain.node.url,
            &chain.token.mint.to_string(),
        ))
        .unwrap();
    assert_eq!(source.network(), chain.network());
}

#[test]
fn a_node_that_fails_mid_sync_is_retried_and_the_sync_resumes_without_a_gap() {
    let mut chain = Chain::start();
    lifecycle(&mut chain);
    let options = SyncOptions {
        max_range: 3,
        ..options()
    };
    let reference = TestDb::new(Engine::Sqlite);
    chain.sync(&reference.url, &options).unwrap();
    let want = chain.events(&reference.url, At::Latest);

    // Calls 10 to 24 fail: the sync backs off, retries and carries on where it was.
    let front = common::flaky(chain.node.url.clone(), 10, 25);
    let db = TestDb::new(Engine::Sqlite);
    let report = chain.sync_at(&front.url, &db.url, &options).unwrap();
    assert!(report.retries > 0, "{report:?}");
    assert_eq!(chain.events(&db.url, At::Latest), want);

    // A node that stops answering: a clear error after the bound, whole steps kept, and the
    // next sync completes the same rows.
    let front = common::flaky(chain.node.url.clone(), 40, usize::MAX);
    let db = TestDb::new(Engine::Sqlite);
    let bounded = SyncOptions {
        give_up_after: std::time::Duration::from_secs(1),
        ..options.clone()
    };
    let err = chain.sync_at(&front.url, &db.url, &bounded).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("has not answered for 1 s") && text.contains("upstream unavailable"),
        "{text}"
    );
    let partial = chain.events(&db.url, At::Latest);
    assert!(
        !partial.is_empty() && partial.len() < want.len(),
        "{} of {}",
        partial.len(),
        want.len()
    );
    assert_eq!(partial[..], want[..partial.len()]);
    chain.sync(&db.url, &options).unwrap();
    assert_eq!(chain.events(&db.url, At::Latest), want);
}

#[test]
fn an_instruction_on_the_mint_whose_accounts_do_not_resolve_is_kept_not_dropped() {
    let mut chain = Chain::start();
    let alice = chain.alice_holds_ten();
    let asset = SolanaAsset::new(&chain.token.mint, &chain.token.registry);
    let post = |method: &str, params: serde_json::Value| {
        tokenrail_json_rpc_front::post(&chain.node.url, method, params).unwrap()
    };
    // The newest transaction naming the mint is the mint.
    let newest = post(
        "getSignaturesForAddress",
        serde_json::json!([asset.mint(), { "limit": 1 }]),
    );
    let signature = newest[0]["signature"].as_str().unwrap().to_owned();
    let mut tx = post(
        "getTransaction",
        serde_json::json!([signature, { "encoding": "base64" }]),
    );
    let position = Position {
        block: tx["slot"].as_u64().unwrap(),
        block_hash: String::new(),
        block_time: 0,
        tx_position: 0,
    };
    let network = chain.network();
    let read = |tx: &serde_json::Value| {
        records(
            &network,
            &asset,
            &position,
            &signature,
            &serde_json::from_value(tx.clone()).unwrap(),
        )
    };
    let rows = read(&tx);
    assert!(
        rows.iter().any(|r| r.data
            == EventData::Minted {
                to: alice.to_string(),
                amount: tokenrail_core::Amount(10),
            }),
        "{rows:?}"
    );
    // A node that left out the token balances: the mint cannot name its receiver.
    tx["meta"]["preTokenBalances"] = serde_json::json!([]);
    tx["meta"]["postTokenBalances"] = serde_json::json!([]);
    let rows = read(&tx);
    assert!(
        !rows
            .iter()
            .any(|r| matches!(r.data, EventData::Minted { .. })),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| matches!(
            &r.data,
            EventData::Unknown { reason } if reason.contains("do not resolve")
        )),
        "{rows:?}"
    );
}

/// A node in front of `upstream` that counts the calls of each method.
#[test]
fn a_catch_up_in_many_steps_lists_the_signatures_once() {
    let mut chain = Chain::start();
    lifecycle(&mut chain);
    let calls = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let counted = calls.clone();
    let front = common::proxy(chain.node.url.clone(), move |method| {
        *counted
            .lock()
            .unwrap()
            .entry(method.to_owned())
            .or_insert(0usize) += 1;
        Ok(())
    });
    let db = TestDb::new(Engine::Sqlite);
    let small = SyncOptions {
        max_range: 3,
        ..options()
    };
    chain.sync_at(&front.url, &db.url, &small).unwrap();
    let calls = calls.lock().unwrap().clone();
    // Many steps (one getSlot each), one listing per address (the mint, the registry and the
    // issuer PDA).
    assert!(calls["getSlot"] > 5, "{calls:?}");
    assert_eq!(calls["getSignaturesForAddress"], 3, "{calls:?}");
}

/// Role grants and revocations, and admin handovers, on the issuer and on the registry: each is
/// a row naming the account, as on the other chains (a revocation names its holder).
#[test]
fn roles_and_admin_handovers_are_read() {
    use tokenrail_solana::tokenrail_issuer::types::Role;
    use tokenrail_solana::tokenrail_transfer_hook::{self as hook, client as hook_client};
    let mut chain = Chain::start();
    let (issuer_pda, registry) = (chain.token.issuer, chain.token.registry);
    let (admin, bob, carol) = (chain.wallet(0), chain.wallet(2), chain.wallet(3));
    let grant = accounts::GrantRole {
        admin,
        issuer: issuer_pda,
        account: bob,
        grant: role_address(&issuer_pda, AGENT, &bob),
        system_program: Pubkey::default(),
    };
    chain.send(issuer::ID, 0, grant, args::GrantRole { role: Role::Agent });
    let revoke = accounts::RevokeRole {
        admin,
        issuer: issuer_pda,
        account: bob,
        grant: role_address(&issuer_pda, AGENT, &bob),
    };
    chain.send(
        issuer::ID,
        0,
        revoke,
        args::RevokeRole { role: Role::Agent },
    );
    let agent = hook_client::accounts::GrantRegistryAgent {
        admin,
        registry,
        agent: carol,
        role: registry_agent_address(&registry, &carol),
        system_program: Pubkey::default(),
    };
    chain.send(hook::ID, 0, agent, hook_client::args::GrantRegistryAgent {});
    let unagent = hook_client::accounts::RevokeRegistryAgent {
        admin,
        registry,
        agent: carol,
        role: registry_agent_address(&registry, &carol),
    };
    chain.send(
        hook::ID,
        0,
        unagent,
        hook_client::args::RevokeRegistryAgent {},
    );
    let propose = accounts::ProposeAdmin {
        signer: admin,
        issuer: issuer_pda,
    };
    chain.send(issuer::ID, 0, propose, args::ProposeAdmin { new: None });
    chain.send(
        issuer::ID,
        0,
        propose,
        args::ProposeAdmin { new: Some(bob) },
    );
    let accept = accounts::AcceptAdmin {
        signer: bob,
        issuer: issuer_pda,
    };
    chain.send(issuer::ID, 2, accept, args::AcceptAdmin {});
    let propose = hook_client::accounts::ProposeRegistryAdmin {
        signer: admin,
        registry,
    };
    let new = hook_client::args::ProposeRegistryAdmin { new: Some(carol) };
    chain.send(hook::ID, 0, propose, new);
    let accept = hook_client::accounts::AcceptRegistryAdmin {
        signer: carol,
        registry,
    };
    chain.send(
        hook::ID,
        3,
        accept,
        hook_client::args::AcceptRegistryAdmin {},
    );

    let db = TestDb::new(Engine::Sqlite);
    let report = chain.sync(&db.url, &options()).unwrap();
    assert_eq!(report.unknown, 0, "{report:?}");
    let (mint, registry) = (chain.token.mint.to_string(), registry.to_string());
    let rows: Vec<(String, EventData)> = chain
        .events(&db.url, At::Latest)
        .into_iter()
        .filter(|e| {
            matches!(
                e.data,
                EventData::RoleGranted { .. }
                    | EventData::RoleRevoked { .. }
                    | EventData::AdminProposed { .. }
                    | EventData::AdminTransferred { .. }
            )
        })
        .map(|e| (e.contract, e.data))
        .collect();
    let role = |role: &str, who: Pubkey, granted: bool| {
        let (role, account) = (role.to_owned(), who.to_string());
        match granted {
            true => EventData::RoleGranted { role, account },
            false => EventData::RoleRevoked { role, account },
        }
    };
    let proposed = |who: Option<Pubkey>| EventData::AdminProposed {
        account: who.map(|k| k.to_string()).unwrap_or_default(),
    };
    let transferred = |who: Pubkey| EventData::AdminTransferred {
        account: who.to_string(),
    };
    // The issuance granted the admin every issuer role first, then the registry agent role.
    let tail = &rows[rows.len() - 9..];
    assert_eq!(
        tail,
        [
            (mint.clone(), role("agent", bob, true)),
            (mint.clone(), role("agent", bob, false)),
            (registry.clone(), role("registry_agent", carol, true)),
            (registry.clone(), role("registry_agent", carol, false)),
            (mint.clone(), proposed(None)),
            (mint.clone(), proposed(Some(bob))),
            (mint.clone(), transferred(bob)),
            (registry.clone(), proposed(Some(carol))),
            (registry.clone(), transferred(carol)),
        ],
        "{rows:#?}"
    );
    assert!(
        rows[..rows.len() - 9]
            .iter()
            .all(|(_, r)| matches!(r, EventData::RoleGranted { .. })),
        "{rows:#?}"
    );
}

/// The development accounts of the payments scenario, in [`payments::Spelled`]'s order.
const PAYMENT_ACCOUNTS: [&str; 5] = ["issuer", "alice", "bob", "carol", "dave"];

/// A cluster whose development accounts hold 1,000,000 of a payment mint each.
fn payment_cluster() -> (tokenrail_solana_front::RpcFront, Vec<Keypair>, Pubkey) {
    let keys: Vec<Keypair> = PAYMENT_ACCOUNTS.iter().map(|_| Keypair::new()).collect();
    let (node, payment) = tokenrail_solana_front::local_cluster(&keys, TOKEN, &[1_000_000; 5]);
    (node, keys, payment)
}

/// The suite of the deployment paying in `payment` at `url`, `keys` named as the accounts,
/// the first paying every fee.
fn payment_suite(url: &str, keys: &[Keypair], payment: Pubkey) -> SolanaSuite {
    let rpc = RpcLedger::connect(url, keys[0].insecure_clone()).unwrap();
    let ledger = SolanaLedger::rpc(rpc, payment).unwrap();
    let at = SolanaDeployment {
        payment_mint: payment,
        token: None,
        registry: None,
    };
    let signers: Named<Keypair> = PAYMENT_ACCOUNTS
        .iter()
        .zip(keys)
        .map(|(n, k)| (n.to_string(), k.insecure_clone()))
        .collect();
    SolanaSuite::connect(ledger, &at, signers).unwrap()
}

/// How the Solana rows spell the scenario's names.
fn spelled(
    keys: &[Keypair],
    payment: Pubkey,
    ran: &payments::Ran<
        tokenrail_sdk::solana::SolanaEscrowRef,
        tokenrail_sdk::solana::SolanaDistribution,
    >,
    rows: &[EventData],
) -> payments::Spelled {
    let (root, channel) = payments::root_and_channel(rows);
    payments::Spelled {
        accounts: std::array::from_fn(|i| keys[i].pubkey().to_string()),
        asset: payment.to_string(),
        escrows: ran.escrows.each_ref().map(|e| e.escrow.to_string()),
        distribution: ran.distribution.distribution.to_string(),
        root,
        channel,
    }
}

/// Every transaction naming one of the payment programs, oldest first, as the node serves it.
fn payment_transactions(url: &str) -> Vec<(String, serde_json::Value)> {
    use tokenrail_solana::{tokenrail_channel_program, tokenrail_escrow, tokenrail_payout};
    let post = |method: &str, params: serde_json::Value| {
        tokenrail_json_rpc_front::post(url, method, params).unwrap()
    };
    let mut listed = std::collections::BTreeSet::new();
    for program in [
        tokenrail_escrow::ID,
        tokenrail_payout::ID,
        tokenrail_channel_program::ID,
    ] {
        let page = post(
            "getSignaturesForAddress",
            serde_json::json!([program.to_string(), { "limit": 1000 }]),
        );
        for entry in page.as_array().unwrap() {
            let slot = entry["slot"].as_u64().unwrap();
            listed.insert((slot, entry["signature"].as_str().unwrap().to_owned()));
        }
    }
    listed
        .into_iter()
        .map(|(_, signature)| {
            let tx = post(
                "getTransaction",
                serde_json::json!([signature, { "encoding": "base64" }]),
            );
            (signature, tx)
        })
        .collect()
}

/// The escrow, payout and channel programs' `emit_cpi!` events, read by the sync's `records`
/// from every transaction naming one of the programs (`getSignaturesForAddress`,
/// `getTransaction`), give the scenario's rows, as on the other chains; an event instruction
/// whose only account is not the program's event authority gives none.
#[test]
fn escrow_payout_and_channel_events_are_read_with_their_fields() {
    let (node, keys, payment) = payment_cluster();
    let mut dn = payment_suite(&node.url, &keys, payment);
    let ran = payments::run(&mut dn);

    // The asset is the token's: the payment rows name no token, whichever asset is read.
    let asset = SolanaAsset::new(&payment, &Pubkey::new_unique());
    let position = Position::default();
    let read = |signature: &str, tx: &serde_json::Value| {
        records(
            "devnet",
            &asset,
            &position,
            signature,
            &serde_json::from_value(tx.clone()).unwrap(),
        )
    };
    let transactions = payment_transactions(&node.url);
    let mut records_read = vec![];
    for (signature, tx) in &transactions {
        records_read.extend(read(signature, tx));
    }
    let programs = [
        tokenrail_solana::tokenrail_escrow::ID,
        tokenrail_solana::tokenrail_payout::ID,
        tokenrail_solana::tokenrail_channel_program::ID,
    ]
    .map(|id| id.to_string());
    let rows: Vec<EventData> = records_read
        .iter()
        .filter(|r| r.data.is_payment())
        .map(|r| r.data.clone())
        .collect();
    for r in records_read.iter().filter(|r| r.data.is_payment()) {
        assert!(programs.contains(&r.contract), "{r:?}");
        assert_eq!(r.token, None, "{r:?}");
    }
    let spelled = spelled(&keys, payment, &ran, &rows);
    assert_eq!(rows, payments::expected(&ran, &spelled));

    // The same event data under an account that is not the event authority (as another
    // program's instruction, or a forged one, would name it) gives no row.
    let (signature, tx) = transactions
        .iter()
        .find(|(signature, tx)| {
            read(signature, tx)
                .iter()
                .any(|r| matches!(r.data, EventData::MultiSent { .. }))
        })
        .expect("the multi-send's transaction");
    let mut forged = tx.clone();
    for list in forged["meta"]["innerInstructions"].as_array_mut().unwrap() {
        for ix in list["instructions"].as_array_mut().unwrap() {
            if ix["accounts"].as_array().unwrap().len() == 1 {
                ix["accounts"] = serde_json::json!([0]);
            }
        }
    }
    assert!(
        !read(signature, &forged).iter().any(|r| r.data.is_payment()),
        "{:?}",
        read(signature, &forged)
    );
}

/// `ledger sync` of a deployment with its payments: the asset's sync, given the payment mint,
/// lists the payment programs' transactions too and keeps the rows of the accounts created in
/// that mint; another deployment's payments on the same programs (another mint) are not
/// stored. Each step runs in a new source, as a restarted process would, so the accounts
/// followed are taken from the store, not from memory.
#[test]
fn a_sync_keeps_its_deployments_payments_across_restarts() {
    let (node, keys, payment) = payment_cluster();
    let mut dn = payment_suite(&node.url, &keys, payment);
    let terms = TokenTerms {
        name: "Bond".into(),
        symbol: "BND".into(),
        decimals: 0,
        cap: 1_000_000,
        uri: "https://example.com/bond".into(),
        legal_document_hash: [9; 32],
    };
    dn.issue(&terms, "issuer").unwrap();
    let mint = dn.deployment().token.unwrap();
    let ran = payments::run(&mut dn);
    // Another deployment pays in a mint of its own: its issuer multi-sends and escrows.
    let theirs = SolanaDeployment::deploy_to(&node.url, &keys[0], None).unwrap();
    let mut other = payment_suite(&node.url, &keys, theirs.payment_mint);
    let (issuer, bob) = (keys[0].insecure_clone(), keys[2].pubkey());
    other.payout.multisend(&issuer, &[(bob, 5)]).unwrap();
    let deadline = other.escrow.now().unwrap() + 86_400;
    let escrow = other
        .escrow
        .create(
            &issuer,
            tokenrail_sdk::NewEscrow {
                beneficiary: bob,
                arbiter: None,
                milestones: vec![7],
                deadline,
            },
        )
        .unwrap();
    other.escrow.release(&issuer, &escrow, 0).unwrap();

    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = TestDb::new(Engine::Sqlite);
    let rows = rt.block_on(async {
        let store = Store::open(&db.url, Access::Create).await.unwrap();
        // One slot a step: the front seals each transaction into a slot of its own, so every
        // later event of an account is read by another source than its creation.
        let options = SyncOptions {
            max_range: 1,
            ..options()
        };
        let mut steps = 0;
        loop {
            let source = SolanaSource::connect(&node.url, &mint.to_string())
                .await
                .unwrap()
                .with_payments(&payment);
            steps += 1;
            if let tokenrail_ledger::Step::UpToDate { .. } =
                source.step(&store, &options).await.unwrap()
            {
                break;
            }
        }
        assert!(steps > 20, "a sync in many steps: {steps}");
        let network = SolanaSource::connect(&node.url, &mint.to_string())
            .await
            .unwrap()
            .network()
            .to_owned();
        store
            .events(Family::Solana, &network, &[], At::Latest)
            .await
            .unwrap()
    });
    let payments_read: Vec<EventData> = rows
        .iter()
        .filter(|r| r.data.is_payment())
        .map(|r| r.data.clone())
        .collect();
    let spelled = spelled(&keys, payment, &ran, &payments_read);
    assert_eq!(payments_read, payments::expected(&ran, &spelled));
    // The asset's own rows are read as before.
    assert!(
        rows.iter()
            .any(|r| r.token.as_deref() == Some(&mint.to_string()[..])),
        "{rows:?}"
    );
}
