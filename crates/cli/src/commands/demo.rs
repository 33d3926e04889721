//! `tokenrail demo`: the whole lifecycle on every chain family's devnet (EVM on a private
//! `anvil`, the others on their embedded chains), written once against the capability traits of
//! `tokenrail-sdk` on `tokenrail-devnet`: issue a token, onboard investors, a blocked and an allowed transfer, a
//! freeze and a recovery, a milestone escrow, a multi-send, a Merkle payout with claims and a
//! clawback, and a payment channel settled after a dispute. It ends by syncing the chain's run
//! into a ledger (SQLite, in a temporary directory) and reconciling its cap table with the
//! chain's balances (EVM from the devnet's anvil over JSON-RPC, CosmWasm from the embedded app's
//! transaction log, ink! from the sandbox's `System::Events`, Solana from the bank's history as
//! a cluster's `getTransaction` serves it).
//!
//! Every step states what the spec says must happen; a chain whose outcome differs is reported
//! and the command fails, so the demo is also an end-to-end check of "one spec, four chains".

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use serde::Serialize;
use tokenrail_sdk::channel::Kind;
use tokenrail_sdk::{
    ChannelClient, ChannelError, ClientError, Clock, EscrowClient, EscrowError, Investor,
    LedgerError, NewDistribution, NewEscrow, PayoutClient, PayoutError, TokenClient, TokenError,
    TokenTerms,
};
use tokenrail_sdk::{Named, Suite as Devnet};

use tokenrail_ledger::{Access, At, Family, Position, Source, Store, SyncOptions};

use crate::chain::address::ChainAddress;
use crate::chain::chain_name;
use crate::chain::ChainArg;
use crate::error::Failure;
use crate::output::Output;

const DAY: u64 = 86_400;

#[derive(Args)]
pub struct DemoArgs {
    /// Run only these chains (comma-separated; default all four).
    #[arg(long, value_enum, value_delimiter = ',')]
    chain: Vec<ChainArg>,
    /// The `anvil` binary for the EVM devnet (default: `anvil` on PATH, then the one
    /// `scripts/setup` installs under node_modules).
    #[arg(long, env = "TOKENRAIL_ANVIL")]
    anvil: Option<PathBuf>,
}

/// A refusal as the spec numbers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct Refusal {
    capability: &'static str,
    code: u16,
    name: &'static str,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "refused {} ({} {})",
            self.name, self.capability, self.code
        )
    }
}

/// The spec's numbered errors of each capability.
trait SpecCode: Copy + Debug + std::fmt::Display {
    fn refusal(self) -> Refusal;
}

macro_rules! spec_code {
    ($($t:ty),*) => {$(
        impl SpecCode for $t {
            fn refusal(self) -> Refusal {
                Refusal {
                    capability: <$t>::CAPABILITY,
                    code: self.code(),
                    name: self.name(),
                }
            }
        }
    )*};
}

spec_code!(TokenError, EscrowError, PayoutError, ChannelError);

/// What a step must do.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    Ok,
    Refused(Refusal),
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expect::Ok => f.write_str("ok"),
            Expect::Refused(r) => std::fmt::Display::fmt(r, f),
        }
    }
}

/// What one step did on one chain.
#[derive(Clone, Debug, Serialize)]
struct StepResult {
    capability: &'static str,
    step: &'static str,
    expected: String,
    outcome: String,
    as_expected: bool,
}

/// What a chain did.
#[derive(Debug, Serialize)]
struct ChainReport {
    chain: &'static str,
    seconds: f64,
    /// Set when the devnet could not start (no step ran).
    error: Option<String>,
    steps: Vec<StepResult>,
}

/// Collects a chain's step results.
#[derive(Default)]
struct Recorder(Vec<StepResult>);

impl Recorder {
    /// Records `result` against `expect`; returns whether it matched.
    fn step<E: SpecCode>(
        &mut self,
        capability: &'static str,
        step: &'static str,
        expect: Expect,
        result: Result<String, ClientError<E>>,
    ) -> bool {
        let (outcome, as_expected) = match (&expect, result) {
            (Expect::Ok, Ok(detail)) => (ok_text(&detail), true),
            (Expect::Refused(want), Err(ClientError::Spec(e))) => {
                let got = e.refusal();
                (got.to_string(), got == *want)
            }
            (_, Ok(detail)) => (ok_text(&detail), false),
            (_, Err(ClientError::Spec(e))) => (e.refusal().to_string(), false),
            (_, Err(e)) => (format!("error: {e}"), false),
        };
        self.0.push(StepResult {
            capability,
            step,
            expected: expect.to_string(),
            outcome,
            as_expected,
        });
        as_expected
    }
}

fn ok_text(detail: &str) -> String {
    if detail.is_empty() {
        "ok".into()
    } else {
        format!("ok: {detail}")
    }
}

fn refused<E: SpecCode>(e: E) -> Expect {
    Expect::Refused(e.refusal())
}

fn clock<E>(r: Result<(), LedgerError>) -> Result<(), ClientError<E>>
where
    E: Debug + std::fmt::Display,
{
    r.map_err(ClientError::from)
}

fn signer<'a, S>(named: &'a Named<S>, name: &str) -> &'a S {
    named
        .get(name)
        .expect("every development account has a signer")
}

/// The token part: issue, onboard, mint, blocked and allowed transfers, freeze, recovery.
fn token_steps<T: TokenClient + Clock>(rec: &mut Recorder, token: &mut T, s: &Named<T::Signer>) {
    let (issuer, alice, bob) = (signer(s, "issuer"), signer(s, "alice"), signer(s, "bob"));
    let (a, b, c) = (
        token.address_of(alice),
        token.address_of(bob),
        token.address_of(signer(s, "carol")),
    );
    let now = token.now().unwrap_or_default();
    let entry = |jurisdiction| Investor {
        jurisdiction,
        kyc_expiry: now + 365 * DAY,
    };
    let onboard = token
        .register(issuer, &a, entry(276))
        .and_then(|()| token.register(issuer, &b, entry(250)))
        .map(|()| "alice (DE) and bob (FR) verified for a year".to_string());
    rec.step("token", "onboard alice and bob", Expect::Ok, onboard);
    let mint = token
        .mint(issuer, &a, 10_000)
        .and_then(|()| token.supply())
        .map(|supply| format!("supply {supply}"));
    rec.step("token", "mint 10,000 to alice", Expect::Ok, mint);
    let why = token.can_transfer(&a, &c, 100);
    let blocked = token.transfer(alice, &c, 100).map(|()| match why {
        Ok(reason) => format!("can_transfer said {reason:?}"),
        Err(e) => format!("can_transfer failed: {e}"),
    });
    rec.step(
        "token",
        "alice sends 100 to carol (not onboarded)",
        refused(TokenError::RecipientNotVerified),
        blocked,
    );
    let allowed = token
        .transfer(alice, &b, 2_500)
        .and_then(|()| Ok((token.balance(&a)?, token.balance(&b)?)))
        .map(|(x, y)| format!("alice {x}, bob {y}"));
    rec.step("token", "alice sends 2,500 to bob", Expect::Ok, allowed);
    let frozen = token
        .set_frozen(issuer, &b, true)
        .and_then(|()| token.transfer(bob, &a, 1));
    rec.step(
        "token",
        "freeze bob; bob sends 1",
        refused(TokenError::SenderFrozen),
        frozen.map(|()| String::new()),
    );
    let recovered = token
        .forced_transfer(issuer, &b, &a, 500)
        .and_then(|()| Ok((token.balance(&a)?, token.balance(&b)?)))
        .map(|(x, y)| format!("alice {x}, bob {y}"));
    rec.step(
        "token",
        "forced transfer of 500 from frozen bob",
        Expect::Ok,
        recovered,
    );
}

/// The escrow part: two milestones with an arbiter, a refused release, a release, a refund
/// after the deadline.
fn escrow_steps<E: EscrowClient + Clock>(rec: &mut Recorder, escrow: &mut E, s: &Named<E::Signer>) {
    let (alice, bob, carol) = (signer(s, "alice"), signer(s, "bob"), signer(s, "carol"));
    let now = escrow.now().unwrap_or_default();
    let new = NewEscrow {
        beneficiary: escrow.address_of(bob),
        arbiter: Some(escrow.address_of(carol)),
        milestones: vec![300, 200],
        deadline: now + 7 * DAY,
    };
    let created = escrow.create(alice, new);
    let ok = rec.step(
        "escrow",
        "alice escrows 300 + 200 for bob, arbiter carol",
        Expect::Ok,
        created
            .as_ref()
            .map(|r| format!("{r:?}"))
            .map_err(Clone::clone),
    );
    let Ok(id) = created else { return };
    if !ok {
        return;
    }
    rec.step(
        "escrow",
        "bob releases a milestone to himself",
        refused(EscrowError::Unauthorized),
        escrow.release(bob, &id, 0).map(|()| String::new()),
    );
    let b = escrow.address_of(bob);
    let b0 = escrow.balance(&b).unwrap_or_default();
    let released = escrow
        .release(carol, &id, 0)
        .and_then(|()| escrow.balance(&b))
        .map(|x| format!("bob received {}", x.saturating_sub(b0)));
    rec.step(
        "escrow",
        "carol releases milestone 1 of 2",
        Expect::Ok,
        released,
    );
    let a = escrow.address_of(alice);
    let before = escrow.balance(&a).unwrap_or_default();
    let refund = clock(escrow.advance(8 * DAY))
        .and_then(|()| escrow.refund(signer(s, "dave"), &id))
        .and_then(|()| escrow.balance(&a))
        .map(|x| format!("alice got {} back", x.saturating_sub(before)));
    rec.step(
        "escrow",
        "after the deadline dave refunds the rest",
        Expect::Ok,
        refund,
    );
}

/// The payout part: a multi-send, a Merkle distribution, claims, a double claim, a late claim
/// and the clawback.
fn payout_steps<P: PayoutClient + Clock>(rec: &mut Recorder, payout: &mut P, s: &Named<P::Signer>) {
    let issuer = signer(s, "issuer");
    let [a, b, c] = ["alice", "bob", "carol"].map(|n| payout.address_of(signer(s, n)));
    let sent = payout.multisend(
        issuer,
        &[(a.clone(), 100), (b.clone(), 200), (c.clone(), 300)],
    );
    rec.step(
        "payout",
        "multi-send 100 / 200 / 300 to alice, bob, carol",
        Expect::Ok,
        sent.map(|()| "one transaction".into()),
    );
    let now = payout.now().unwrap_or_default();
    let created = payout.create_distribution(
        issuer,
        NewDistribution {
            claims: vec![(a, 1_000), (b, 2_000), (c.clone(), 3_000)],
            start: now,
            expiry: now + 30 * DAY,
            clawback_to: payout.address_of(issuer),
        },
    );
    let ok = rec.step(
        "payout",
        "Merkle distribution of 3 claims for 30 days",
        Expect::Ok,
        created
            .as_ref()
            .map(|_| "root on chain, proofs off chain".into())
            .map_err(Clone::clone),
    );
    let Ok(d) = created else { return };
    if !ok {
        return;
    }
    let claims = payout
        .claim(signer(s, "alice"), &d, 0)
        .and_then(|()| payout.claim(signer(s, "dave"), &d, 1))
        .map(|()| "bob's claim submitted by dave".into());
    rec.step("payout", "alice and bob claim", Expect::Ok, claims);
    rec.step(
        "payout",
        "alice claims again",
        refused(PayoutError::AlreadyClaimed),
        payout
            .claim(signer(s, "alice"), &d, 0)
            .map(|()| String::new()),
    );
    let late =
        clock(payout.advance(31 * DAY)).and_then(|()| payout.claim(signer(s, "carol"), &d, 2));
    rec.step(
        "payout",
        "carol claims after the expiry",
        refused(PayoutError::Expired),
        late.map(|()| String::new()),
    );
    let back = payout
        .clawback(signer(s, "dave"), &d)
        .map(|()| "carol's 3,000 back to the issuer".into());
    rec.step("payout", "clawback of the unclaimed rest", Expect::Ok, back);
}

/// The channel part: open, three off-chain payments, a close on a stale state, the winning
/// challenge, the settlement.
fn channel_steps<C: ChannelClient + Clock>(
    rec: &mut Recorder,
    channel: &mut C,
    p: &Named<C::Signer>,
) {
    let (alice, bob) = (signer(p, "alice"), signer(p, "bob"));
    let (a, b) = (channel.address_of(alice), channel.address_of(bob));
    let (a0, b0) = (
        channel.balance(&a).unwrap_or_default(),
        channel.balance(&b).unwrap_or_default(),
    );
    let period = 3_600;
    let opened = channel.open(alice, &b, 1_000, period);
    let ok = rec.step(
        "channel",
        "alice opens a channel to bob with 1,000",
        Expect::Ok,
        opened
            .as_ref()
            .map(|_| "challenge period 1 h".into())
            .map_err(Clone::clone),
    );
    let Ok(ch) = opened else { return };
    if !ok {
        return;
    }
    let states: Result<Vec<_>, _> = (1..=3)
        .map(|n| channel.sign_both([alice, bob], &ch, Kind::State, n, 100 * u128::from(n), 0))
        .collect();
    let ok = rec.step(
        "channel",
        "3 payments off chain (states 1-3, signed by both)",
        Expect::Ok,
        states
            .as_ref()
            .map(|_| "alice paid bob 300".into())
            .map_err(Clone::clone),
    );
    let Ok(states) = states else { return };
    if !ok {
        return;
    }
    rec.step(
        "channel",
        "alice closes on stale state 1",
        Expect::Ok,
        channel
            .close_unilateral(alice, &ch, &states[0])
            .map(|()| "challenge period runs".into()),
    );
    rec.step(
        "channel",
        "bob challenges with state 3",
        Expect::Ok,
        channel
            .challenge(bob, &ch, &states[2])
            .map(|()| String::new()),
    );
    let settled = clock(channel.advance(period))
        .and_then(|()| channel.settle(signer(p, "dave"), &ch))
        .and_then(|()| Ok((channel.balance(&a)?, channel.balance(&b)?)))
        .map(|(x, y)| {
            format!(
                "alice {:+}, bob {:+}",
                x as i128 - a0 as i128,
                y as i128 - b0 as i128
            )
        });
    rec.step("channel", "settle after the period", Expect::Ok, settled);
}

/// The whole lifecycle on one devnet.
fn lifecycle<T, E, P, C, S, Q>(
    dn: &mut Devnet<T, E, P, C, S, Q>,
    issued: Result<(), ClientError<TokenError>>,
) -> Vec<StepResult>
where
    T: TokenClient<Signer = S> + Clock,
    E: EscrowClient<Signer = S> + Clock,
    P: PayoutClient<Signer = S> + Clock,
    C: ChannelClient<Signer = Q> + Clock,
{
    let mut rec = Recorder::default();
    let ok = rec.step(
        "token",
        "issue Tokenrail Bond 2030 (cap 1,000,000)",
        Expect::Ok,
        issued.map(|()| "registry, token and roles".into()),
    );
    if let (true, Some(token)) = (ok, dn.token.as_mut()) {
        token_steps(&mut rec, token, &dn.signers);
    }
    // Each part moves its own client's clock (on the embedded chains every capability has a
    // chain of its own; on EVM one node serves all, and each part reads the time afresh).
    escrow_steps(&mut rec, &mut dn.escrow, &dn.signers);
    payout_steps(&mut rec, &mut dn.payout, &dn.signers);
    channel_steps(&mut rec, &mut dn.channel, &dn.parties);
    rec.0
}

/// A chain's run in a ledger: the cap table its events give, and every account they name.
struct Synced {
    table: tokenrail_ledger::views::CapTable,
    seen: Vec<String>,
    events: usize,
    /// Of `events`, the escrow, payout and channel contracts' own.
    payments: usize,
}

/// The ledger part: the cap table of the synced events must equal the chain's supply and the
/// balance of every account they name (what `tokenrail ledger reconcile` checks).
fn ledger_step<T>(rec: &mut Recorder, token: &mut T, synced: Result<Synced, String>)
where
    T: TokenClient,
    T::Address: ChainAddress,
{
    use tokenrail_core::Amount;
    let result = synced.map_err(ClientError::Chain).and_then(|s| {
        let supply = Amount(token.supply()?);
        let drift = tokenrail_ledger::views::reconcile(&s.table, supply, &s.seen, |account| {
            let who = T::Address::parse(account)?;
            token.balance(&who).map(Amount).map_err(|e| e.to_string())
        })
        .map_err(ClientError::Chain)?;
        if !drift.is_empty() {
            return Err(ClientError::Chain(format!(
                "the ledger differs from the chain: {}",
                serde_json::to_string(&drift).unwrap_or_default()
            )));
        }
        Ok(format!(
            "{} events ({} of escrow, payout and channel), {} holders, supply {}: no drift",
            s.events,
            s.payments,
            s.table.holders.len(),
            s.table.supply
        ))
    });
    rec.step(
        "ledger",
        "sync; the cap table equals the chain",
        Expect::Ok,
        result,
    );
}

/// Reads the ledger of `token` and `registry` back from `store` into a cap table.
async fn synced(
    store: &Store,
    family: Family,
    network: &str,
    token: &str,
    registry: &str,
) -> Result<Synced, String> {
    let (state, registry_state) = store
        .states(family, network, token, Some(registry), At::Latest)
        .await
        .map_err(|e| e.to_string())?;
    // The demo's database holds this run's contracts only.
    let rows = store
        .events(family, network, &[], At::Latest)
        .await
        .map_err(|e| e.to_string())?;
    let payments = rows.iter().filter(|r| r.data.is_payment()).count();
    Ok(Synced {
        table: tokenrail_ledger::views::CapTable::from_states(token, &state, &registry_state),
        seen: state.lines.into_keys().collect(),
        events: rows.len(),
        payments,
    })
}

/// The EVM devnet's run, synced from its anvil as `ledger sync` does.
fn evm_ledger(dn: &tokenrail_devnet::evm::EvmDevnet, db: &Path) -> Result<Synced, String> {
    use tokenrail_ledger::evm::{EvmContract, EvmSource};
    let url = tokenrail_devnet::evm::endpoint(dn).ok_or("the devnet runs no node")?;
    let (token, registry) = dn.deployment().token.ok_or("no token was issued")?;
    let provider = crate::target::evm::reader(&url).map_err(|e| format!("{:#}", e.error))?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let store = Store::open(&db.display().to_string(), Access::Create)
            .await
            .map_err(|e| e.to_string())?;
        let at = dn.deployment();
        let contracts = vec![
            EvmContract::Token(token),
            EvmContract::Registry(registry),
            EvmContract::Escrow(at.escrow),
            EvmContract::MultiSend(at.multisend),
            EvmContract::Distributor(at.distributor),
            EvmContract::Channel(at.channel),
        ];
        let source = EvmSource::connect(provider, contracts)
            .await
            .map_err(|e| e.to_string())?;
        let options = SyncOptions {
            confirmations: 0,
            ..SyncOptions::default()
        };
        tokenrail_ledger::sync_to_head(&source, &store, &options)
            .await
            .map_err(|e| e.to_string())?;
        synced(
            &store,
            Family::Evm,
            source.network(),
            &token.show(),
            &registry.show(),
        )
        .await
    })
}

/// The Solana devnet's run, from the bank's history decoded as a cluster's `getTransaction`
/// answers are (each transaction in a slot of its own, as the JSON-RPC front seals them).
fn solana_ledger(
    dn: &mut tokenrail_devnet::solana::SolanaDevnet,
    db: &Path,
) -> Result<Synced, String> {
    use tokenrail_ledger::solana::{records, SolanaAsset};
    let token = dn.token.as_mut().ok_or("no token was issued")?;
    let asset = SolanaAsset::new(&token.mint, &token.registry);
    let bank = token
        .chain
        .backend_mut::<tokenrail_devnet::solana::EmbeddedBank>()
        .ok_or("not the embedded bank")?;
    let (network, history) = bank.with(|c| {
        (
            bs58::encode(c.genesis_hash()).into_string(),
            c.history().to_vec(),
        )
    });
    let mut rows = vec![];
    for (i, landed) in history.iter().enumerate() {
        let slot = i as u64 + 1;
        let position = Position {
            block: slot,
            block_hash: landed.blockhash.clone(),
            block_time: u64::try_from(landed.block_time).unwrap_or(0),
            tx_position: 0,
        };
        let tx = landed.encoded(slot);
        rows.extend(records(&network, &asset, &position, &landed.signature, &tx));
    }
    let next_slot = history.len() as u64 + 1;
    commit_run(
        db,
        Family::Solana,
        &network,
        (asset.mint(), asset.registry()),
        &[asset.mint().to_owned(), asset.registry().to_owned()],
        &rows,
        next_slot,
    )
}

/// The CosmWasm devnet's run, from the embedded app's transaction log decoded as a node's
/// `tx_search` results are (the embedded chain has no hashes: a transaction is named
/// `<height>:<position>`, a block by nothing).
fn cosmwasm_ledger(
    dn: &mut tokenrail_devnet::cosmwasm::CwDevnet,
    db: &Path,
) -> Result<Synced, String> {
    use tokenrail_ledger::cosmwasm::{records, CwContract};
    let at = dn.deployment().clone();
    let token = dn.token.as_mut().ok_or("no token was issued")?;
    let (t, r) = (
        token.token.addr.to_string(),
        token.registry.addr.to_string(),
    );
    let network = token.chain.chain_id();
    let log = token
        .chain
        .backend_mut::<tokenrail_devnet::cosmwasm::EmbeddedApp>()
        .ok_or("not the embedded app")?
        .executed();
    let contracts = vec![
        CwContract::Token(t.clone()),
        CwContract::Registry(r.clone()),
        CwContract::Escrow(at.escrow.to_string()),
        CwContract::Payout(at.payout.to_string()),
        CwContract::Channel(at.channel.to_string()),
    ];
    let names: Vec<String> = contracts.iter().map(|c| c.address().to_owned()).collect();
    let mut rows = vec![];
    for tx in &log {
        let events = tx.abci_events();
        let position = Position {
            block: tx.height,
            block_hash: String::new(),
            block_time: tx.time,
            tx_position: u64::from(tx.position),
        };
        let id = format!("{}:{}", tx.height, tx.position);
        rows.extend(records(&network, &contracts, &position, &id, &events));
    }
    let next_block = log.last().map_or(0, |tx| tx.height + 1);
    commit_run(
        db,
        Family::Cosmwasm,
        &network,
        (&t, &r),
        &names,
        &rows,
        next_block,
    )
}

/// The ink! devnet's run, from the sandbox's `System::Events` decoded as a node's are (the
/// sandbox seals no blocks and has no extrinsics: every event sits in block 0 at the clock's
/// time, and a transaction is named `sandbox:<event number>`).
fn ink_ledger(dn: &mut tokenrail_devnet::ink::InkDevnet, db: &Path) -> Result<Synced, String> {
    use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
    // The devnet spells accounts in the generic Substrate format.
    const SS58: u16 = 42;
    let at = dn.deployment().clone();
    let token = dn.token.as_mut().ok_or("no token was issued")?;
    let contracts = [
        InkContract::Token(*token.token.as_ref()),
        InkContract::Registry(*token.registry.as_ref()),
        InkContract::Escrow(*at.escrow.as_ref()),
        InkContract::Payout(*at.payout.as_ref()),
        InkContract::Channel(*at.channel.as_ref()),
    ];
    let names: Vec<String> = contracts.iter().map(|c| ss58(&c.account(), SS58)).collect();
    let (t, r) = (
        ss58(token.token.as_ref(), SS58),
        ss58(token.registry.as_ref(), SS58),
    );
    let network = format!("0x{}", hex::encode(token.chain.network()));
    let now = token.chain.now().map_err(|e| e.to_string())?;
    let sandbox = token
        .chain
        .backend_mut::<tokenrail_devnet::ink::EmbeddedSandbox>()
        .ok_or("not the embedded sandbox")?;
    let emitted = sandbox.with(|chain| chain.contract_events());
    let position = Position {
        block_time: now,
        ..Position::default()
    };
    let rows = sandbox_records(
        &network,
        SS58,
        &contracts,
        &position,
        emitted
            .iter()
            .map(|e| (e.contract, &e.topics[..], &e.data[..])),
    );
    // Every event sits in block 0.
    commit_run(db, Family::Ink, &network, (&t, &r), &names, &rows, 1)
}

/// Commits an embedded devnet's run to a fresh ledger at `db` as one batch (`rows` of the
/// contracts `names`, covering the blocks below `next_block`), as a sync step would, and reads
/// the cap table of `token` and `registry` back.
fn commit_run(
    db: &Path,
    family: Family,
    network: &str,
    (token, registry): (&str, &str),
    names: &[String],
    rows: &[tokenrail_ledger::EventRecord],
    next_block: u64,
) -> Result<Synced, String> {
    use tokenrail_ledger::store::{source_id, Batch};
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let store = Store::open(&db.display().to_string(), Access::Create)
            .await
            .map_err(|e| e.to_string())?;
        store
            .commit(&Batch {
                source: &source_id(family, network, names),
                family,
                network,
                contracts: names,
                expected: None,
                next_block,
                events: rows,
                recent_blocks: &[],
                final_below: next_block,
            })
            .await
            .map_err(|e| e.to_string())?;
        synced(&store, family, network, token, registry).await
    })
}

/// A fresh ledger database file for one chain's run, in `dir`.
fn ledger_file(
    dir: &Result<tempfile::TempDir, std::io::Error>,
    chain: &str,
) -> Result<PathBuf, String> {
    dir.as_ref()
        .map(|d| d.path().join(format!("{chain}.db")))
        .map_err(|e| format!("cannot make a temporary directory: {e}"))
}

fn terms() -> TokenTerms {
    TokenTerms {
        name: "Tokenrail Bond 2030".into(),
        symbol: "TRB30".into(),
        decimals: 6,
        cap: 1_000_000,
        uri: "ipfs://bafy-tokenrail-bond-2030-terms".into(),
        legal_document_hash: [0x42; 32],
    }
}

pub(crate) use tokenrail_devnet::evm::find_anvil;

/// Runs the lifecycle on one chain family's devnet.
fn run_chain(chain: ChainArg, anvil: Option<&Path>) -> ChainReport {
    let started = Instant::now();
    let name = chain_name(chain);
    let dir = tempfile::tempdir();
    let outcome = match chain {
        ChainArg::Evm => find_anvil(anvil).and_then(|path| {
            let mut dn = tokenrail_devnet::evm::start(&path)?;
            let issued = dn.issue(&terms(), "issuer");
            let mut rec = Recorder(lifecycle(&mut dn, issued));
            let synced = ledger_file(&dir, name).and_then(|db| evm_ledger(&dn, &db));
            if let Some(token) = dn.token.as_mut() {
                ledger_step(&mut rec, token, synced);
            }
            Ok(rec.0)
        }),
        ChainArg::Solana => {
            let mut dn = tokenrail_devnet::solana::start();
            // The bank keeps what a cluster's history answers, for the ledger step.
            if let Some(bank) = dn
                .kept_mut::<tokenrail_sdk::solana::SolanaLedger>()
                .and_then(|l| l.backend_mut::<tokenrail_devnet::solana::EmbeddedBank>())
            {
                bank.with(tokenrail_devnet::solana::bank::Chain::keep_history);
            }
            let issued = dn.issue(&terms(), "issuer");
            let mut rec = Recorder(lifecycle(&mut dn, issued));
            let synced = ledger_file(&dir, name).and_then(|db| solana_ledger(&mut dn, &db));
            if let Some(token) = dn.token.as_mut() {
                ledger_step(&mut rec, token, synced);
            }
            Ok(rec.0)
        }
        ChainArg::Cosmwasm => tokenrail_devnet::cosmwasm::start().map(|mut dn| {
            let issued = dn.issue(&terms(), "issuer");
            let mut rec = Recorder(lifecycle(&mut dn, issued));
            let synced = ledger_file(&dir, name).and_then(|db| cosmwasm_ledger(&mut dn, &db));
            if let Some(token) = dn.token.as_mut() {
                ledger_step(&mut rec, token, synced);
            }
            rec.0
        }),
        ChainArg::Ink => tokenrail_devnet::ink::start().map(|mut dn| {
            let issued = dn.issue(&terms(), "issuer");
            let mut rec = Recorder(lifecycle(&mut dn, issued));
            let synced = ledger_file(&dir, name).and_then(|db| ink_ledger(&mut dn, &db));
            if let Some(token) = dn.token.as_mut() {
                ledger_step(&mut rec, token, synced);
            }
            rec.0
        }),
    };
    let (steps, error) = match outcome {
        Ok(steps) => (steps, None),
        Err(e) => (vec![], Some(e)),
    };
    ChainReport {
        chain: name,
        seconds: started.elapsed().as_secs_f64(),
        error,
        steps,
    }
}

fn column_title(chain: &str) -> &'static str {
    match chain {
        "evm" => "EVM",
        "solana" => "Solana",
        "cosmwasm" => "CosmWasm",
        _ => "ink!",
    }
}

/// `tokenrail demo`.
pub fn run(out: &Output, args: &DemoArgs) -> Result<(), Failure> {
    let chains = if args.chain.is_empty() {
        vec![
            ChainArg::Evm,
            ChainArg::Solana,
            ChainArg::Cosmwasm,
            ChainArg::Ink,
        ]
    } else {
        let mut seen = Vec::new();
        for c in &args.chain {
            if !seen.contains(c) {
                seen.push(*c);
            }
        }
        seen
    };
    let pb = crate::progress::spinner(out);
    let mut reports = Vec::new();
    let diverted = crate::divert::ProgramOutput::divert(out.verbose)
        .map_err(|e| anyhow::anyhow!("cannot set stdout aside: {e}"))?;
    for chain in chains {
        pb.set_message(format!(
            "running the lifecycle on {}",
            column_title(chain_name(chain))
        ));
        let report = run_chain(chain, args.anvil.as_deref());
        if out.verbose {
            pb.suspend(|| eprintln!("{}: {:.1} s", report.chain, report.seconds));
        }
        reports.push(report);
    }
    drop(diverted);
    pb.finish_and_clear();
    let all_as_expected = reports
        .iter()
        .all(|r| r.error.is_none() && r.steps.iter().all(|s| s.as_expected));
    if out.json {
        let v = serde_json::json!({
            "as_expected": all_as_expected,
            "chains": reports,
        });
        println!("{v}");
    } else if !out.quiet {
        print!("{}", table(&reports, out.verbose));
    }
    if all_as_expected {
        return Ok(());
    }
    let problems: Vec<String> = reports
        .iter()
        .filter_map(|r| {
            let title = column_title(r.chain);
            if let Some(e) = &r.error {
                return Some(format!("{title} could not start: {e}"));
            }
            let off = r.steps.iter().filter(|s| !s.as_expected).count();
            (off > 0).then(|| format!("{off} step(s) on {title} did not do what the spec says"))
        })
        .collect();
    Err(anyhow::anyhow!("{}", problems.join("; ")).into())
}

/// The report as a table: one row per step, one column per chain.
fn table(reports: &[ChainReport], details: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let Some(reference) = reports.iter().find(|r| r.error.is_none()) else {
        for r in reports {
            let _ = writeln!(
                out,
                "{}: {}",
                column_title(r.chain),
                r.error.as_deref().unwrap_or("")
            );
        }
        return out;
    };
    let step_width = reference
        .steps
        .iter()
        .map(|s| s.step.len() + s.capability.len() + 2)
        .max()
        .unwrap_or(10);
    let expect_width = reference
        .steps
        .iter()
        .map(|s| s.expected.len())
        .max()
        .unwrap_or(8);
    let _ = writeln!(
        out,
        "Tokenrail demo: one lifecycle, written once against the capability traits, on every chain\n"
    );
    let _ = write!(
        out,
        "{:step_width$}  {:expect_width$}",
        "step", "the spec says"
    );
    for r in reports {
        let _ = write!(out, "  {:>8}", column_title(r.chain));
    }
    out.push('\n');
    for (i, s) in reference.steps.iter().enumerate() {
        let label = format!("{:8}{}", s.capability, s.step);
        let _ = write!(out, "{label:step_width$}  {:expect_width$}", s.expected);
        for r in reports {
            let cell = match r.steps.get(i) {
                Some(step) if step.as_expected => "✓",
                Some(_) => "✗",
                None => "-",
            };
            let _ = write!(out, "  {cell:>8}");
        }
        out.push('\n');
    }
    let _ = write!(out, "{:step_width$}  {:expect_width$}", "seconds", "");
    for r in reports {
        let _ = write!(out, "  {:>8.1}", r.seconds);
    }
    out.push_str("\n\n");
    for r in reports {
        let title = column_title(r.chain);
        if let Some(e) = &r.error {
            let _ = writeln!(out, "{title}: could not start: {e}");
        }
        for s in r.steps.iter().filter(|s| !s.as_expected) {
            let _ = writeln!(
                out,
                "{title}: {} {}: expected {}, got {}",
                s.capability, s.step, s.expected, s.outcome
            );
        }
    }
    // What each chain reported on the steps that carry figures (`-v`).
    for r in reports.iter().filter(|r| details && r.error.is_none()) {
        let _ = writeln!(out, "{}:", column_title(r.chain));
        for s in r.steps.iter().filter(|s| s.outcome.starts_with("ok: ")) {
            let _ = writeln!(out, "  {:8}{}: {}", s.capability, s.step, &s.outcome[4..]);
        }
    }
    out
}
