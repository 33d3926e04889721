//! The CosmWasm devnet: one cw-multi-test app running `cw-escrow`, `cw-payout`, `cw-channel`
//! and, once issued, `cw-registry` with `cw-asset-token`, deployed the way the SDK deploys them
//! on a chain; the payment token is the bank denom [`DENOM`]. Development accounts are the
//! accounts of their secp256k1 keys (bech32 prefix `cosmwasm`), so one name is one address for
//! every capability, channels included.

pub mod app;
mod embedded;

use cosmwasm_std::{coins, Addr};
use cw_multi_test::App;
use tokenrail_cosmwasm::Contract;
use tokenrail_sdk::cosmwasm::deploy::CONTRACTS as DEPLOYED;
use tokenrail_sdk::cosmwasm::{
    Code, CwAsset, CwChannel, CwDeployment, CwEscrow, CwLedger, CwParty, CwPayout, CwSuite, CwToken,
};
use tokenrail_sdk::token::{TokenError, TokenTerms};
use tokenrail_sdk::Named;

pub use app::{AssetKind, DENOM};
pub use embedded::{
    abci_events, channel_contract, compiled, escrow_contract, payout_contract, registry_contract,
    token_contract, AppSnapshot, Compiled, EmbeddedApp, Executed, MakeContract, CONTRACTS,
};

use crate::{dev_secp256k1, DEV_ACCOUNTS, DEV_BALANCE};

/// The CosmWasm devnet: the SDK's suite on the embedded app.
pub type CwDevnet = CwSuite;

/// The bech32 prefix of the embedded app's accounts.
pub const PREFIX: &str = "cosmwasm";

/// The development account `name` as a channel party (its address and key).
pub fn dev_party(name: &str) -> CwParty {
    CwParty::new(dev_secp256k1(name), PREFIX).expect("`cosmwasm` is a valid bech32 prefix")
}

/// A fresh app, clock at the genesis time, `funded[i].0` holding `funded[i].1` of [`DENOM`].
pub fn boot(funded: &[(Addr, u128)]) -> CwLedger {
    let funded: Vec<(Addr, u128)> = funded.iter().filter(|(_, a)| *a > 0).cloned().collect();
    let mut app = App::new(|router, _api, storage| {
        for (addr, amount) in &funded {
            router
                .bank
                .init_balance(storage, addr, coins(*amount, DENOM))
                .expect("funds an account");
        }
    });
    app::set_time(&mut app, 0);
    CwLedger::new(Box::new(EmbeddedApp::new(app)))
}

/// Starts the CosmWasm devnet: one app, every development account holding [`DEV_BALANCE`] of
/// [`DENOM`], the contracts deployed by the account `deployer`.
pub fn start() -> Result<CwDevnet, String> {
    let funded: Vec<(Addr, u128)> = DEV_ACCOUNTS
        .iter()
        .map(|n| (dev_party(n).addr, DEV_BALANCE))
        .collect();
    let mut ledger = boot(&funded);
    let deployer = dev_party("deployer").addr;
    let at = CwDeployment::deploy(&mut ledger, &deployer, DEPLOYED.map(Code::compiled), DENOM)
        .map_err(|e| e.to_string())?;
    connect(ledger, &at)
}

fn connect(ledger: CwLedger, at: &CwDeployment) -> Result<CwDevnet, String> {
    let parties: Named<CwParty> = DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_party(n)))
        .collect();
    CwSuite::connect(ledger, at, parties).map_err(|e| e.to_string())
}

/// A CosmWasm devnet's state, saved: the app's storage, block and codes, and the deployment.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CwSnapshot {
    /// Where the devnet's contracts live.
    pub deployment: CwDeployment,
    /// The app.
    pub app: AppSnapshot,
}

/// The state of `devnet` (one started here or restored).
pub fn snapshot(devnet: &mut CwDevnet) -> Result<CwSnapshot, String> {
    let deployment = devnet.deployment().clone();
    let app = devnet
        .kept_mut::<CwLedger>()
        .and_then(|l| l.backend_mut::<EmbeddedApp>())
        .ok_or("not an embedded CosmWasm devnet")?
        .snapshot();
    Ok(CwSnapshot { deployment, app })
}

/// The devnet whose state `saved` holds.
pub fn restore(saved: &CwSnapshot) -> Result<CwDevnet, String> {
    let app = EmbeddedApp::restore(&saved.app)?;
    connect(CwLedger::new(Box::new(app)), &saved.deployment)
}

/// An app running `contract` (instantiated with `init`) in the asset `kind`, one actor per
/// address holding `balances[i]` of it (the bank denom or a fresh cw20 token); the ledger, the
/// contract, the asset and the actors.
fn boot_one(
    kind: AssetKind,
    addrs: Vec<Addr>,
    balances: &[u128],
    contract: Compiled,
    init: &impl serde::Serialize,
) -> (CwLedger, Addr, CwAsset, Vec<Addr>) {
    let funded: Vec<(usize, u128)> = balances.iter().copied().enumerate().collect();
    let booted = app::boot_with_addresses(kind, addrs, &funded, contract, init);
    let asset = match kind {
        AssetKind::Native => CwAsset::Native(DENOM.into()),
        AssetKind::Cw20 => CwAsset::Cw20(Contract::new(booted.token.clone())),
    };
    let ledger = CwLedger::new(Box::new(EmbeddedApp::new(booted.app)));
    (ledger, booted.contract, asset, booted.actors)
}

/// The address the app gives `name`.
fn addr_of(name: &str) -> Addr {
    App::default().api().addr_make(name)
}

/// An app with `cw-escrow` and an escrow client on it, one actor per name holding
/// `balances[i]` of the asset `kind`. Returns the client and the actors' addresses.
pub fn escrow(kind: AssetKind, names: &[String], balances: &[u128]) -> (CwEscrow, Vec<Addr>) {
    let addrs = names.iter().map(|n| addr_of(n)).collect();
    let init = tokenrail_cosmwasm::escrow::InstantiateMsg {};
    let (ledger, contract, asset, actors) =
        boot_one(kind, addrs, balances, escrow_contract(), &init);
    (CwEscrow::on(ledger, contract, asset), actors)
}

/// [`escrow`] for `cw-payout`.
pub fn payout(kind: AssetKind, names: &[String], balances: &[u128]) -> (CwPayout, Vec<Addr>) {
    let addrs = names.iter().map(|n| addr_of(n)).collect();
    let init = tokenrail_cosmwasm::payout::InstantiateMsg {};
    let (ledger, contract, asset, actors) =
        boot_one(kind, addrs, balances, payout_contract(), &init);
    (CwPayout::on(ledger, contract, asset), actors)
}

/// An app with `cw-channel` and a channel client on it, one party per key holding
/// `balances[i]` of the asset `kind`.
pub fn channel(
    kind: AssetKind,
    keys: Vec<tokenrail_channel::Secp256k1Key>,
    balances: &[u128],
) -> Result<(CwChannel, Vec<CwParty>), String> {
    let parties = keys
        .into_iter()
        .map(|k| CwParty::new(k, PREFIX))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let addrs = parties.iter().map(|p| p.addr.clone()).collect();
    let init = tokenrail_cosmwasm::channel::InstantiateMsg {};
    let (ledger, contract, asset, _) = boot_one(kind, addrs, balances, channel_contract(), &init);
    Ok((CwChannel::on(ledger, contract, asset), parties))
}

/// An app where `issuer` stores the registry and token code and issues a token with `terms`,
/// taking every role. Returns the client, the issuer's and the holders' addresses.
pub fn issue_token(
    terms: &TokenTerms,
    issuer: &str,
    holders: &[&str],
) -> tokenrail_sdk::Result<(CwToken, Addr, Vec<Addr>), TokenError> {
    let admin = addr_of(issuer);
    let others = holders.iter().map(|h| addr_of(h)).collect();
    let mut ledger = boot(&[]);
    let registry = ledger.store(&admin, Code::compiled("cw_registry"))?;
    let token = ledger.store(&admin, Code::compiled("cw_asset_token"))?;
    let client = CwToken::issue_on(ledger, terms, &admin, [registry, token])?;
    Ok((client, admin, others))
}
