//! The ink! devnet: one pallet-contracts sandbox (on the development runtime) running
//! `ink_escrow`, `ink_payout`, `ink_channel` and, once issued, `ink_registry` with
//! `ink_asset_token`, deployed the way the SDK deploys them on a node; the payment token is a
//! reference PSP22 token. Development accounts are the Substrate accounts of their secp256k1
//! keys, so one name is one account for every capability, channels included. The contracts are
//! the `.wasm` artifacts `scripts/build-artifacts ink` writes.

mod embedded;
// `construct_runtime!` generates public items (pallet enums, call and event types) without docs.
#[allow(missing_docs)]
pub mod runtime;
pub mod sandbox;

use sp_core::crypto::AccountId32;
use tokenrail_ink::{ink_channel, ink_escrow, ink_payout, ink_psp22_token as psp22, AccountId};
use tokenrail_sdk::ink::{
    InkAsset, InkChannel, InkCode, InkDeployment, InkEscrow, InkLedger, InkParty, InkPayout,
    InkSuite, InkToken, Payment,
};
use tokenrail_sdk::token::{TokenError, TokenTerms};
use tokenrail_sdk::{ClientError, LedgerError, Named};

pub use embedded::EmbeddedSandbox;
pub use sandbox::{read_artifact, Chain};

use crate::{dev_secp256k1, DEV_ACCOUNTS, DEV_BALANCE, GENESIS_TIME};

/// The ink! devnet: the SDK's suite on the embedded sandbox.
pub type InkDevnet = InkSuite;

/// The development account `name` as a channel party (its account and key).
pub fn dev_party(name: &str) -> InkParty {
    InkParty::new(dev_secp256k1(name))
}

/// The built wasm of the ink! contract `name` (`artifacts/ink/<name>.wasm`).
pub fn wasm(name: &str) -> Result<Vec<u8>, String> {
    code(name).map_err(|e| e.to_string())
}

/// [`wasm`], failing as the SDK's deploy does.
fn code(name: &str) -> Result<Vec<u8>, LedgerError> {
    let path = sandbox::artifact(name);
    let dir = path.parent().expect("an artifact's path has a directory");
    tokenrail_sdk::ink::deploy::artifact(dir, name)
}

fn id(a: &AccountId32) -> AccountId {
    AccountId(*a.as_ref())
}

/// A fresh sandbox, clock at the genesis time, every account of `funded` holding the base
/// native balance (for fees and storage deposits).
pub fn boot(funded: &[AccountId32]) -> InkLedger {
    let mut chain = Chain::new();
    chain.set_timestamp_ms(GENESIS_TIME * 1000);
    for who in funded {
        chain.fund(who.clone());
    }
    InkLedger::new(Box::new(EmbeddedSandbox::new(chain)))
}

/// Deploys a reference PSP22 token as `deployer` and hands `balances[i]` of it to `holders[i]`.
fn psp22_token(
    chain: &mut InkLedger,
    deployer: &AccountId32,
    holders: &[AccountId32],
    balances: &[u128],
) -> Result<AccountId32, String> {
    let supply: u128 = balances.iter().sum();
    let token = chain
        .deploy(
            InkCode::Wasm(wasm("ink_psp22_token")?),
            psp22::constructors::new(supply).data,
            deployer,
        )
        .map_err(|e| e.to_string())?;
    for (who, amount) in holders.iter().zip(balances) {
        let transfer = psp22::messages::psp22_transfer(id(who), *amount, vec![]);
        let out = chain
            .call(&token, transfer.data.clone(), deployer, 0)
            .map_err(|e| e.to_string())?;
        transfer
            .decode_return(&out.data)
            .map_err(|e| e.to_string())?
            .map_err(|lang| format!("funding transfer: {lang:?}"))?
            .map_err(|e| format!("funding transfer: {e:?}"))?;
    }
    Ok(token)
}

/// Starts the ink! devnet: one sandbox, every development account holding [`DEV_BALANCE`] of
/// a PSP22 payment token, the contracts deployed by the account `deployer`.
pub fn start() -> Result<InkDevnet, String> {
    let accounts: Vec<AccountId32> = DEV_ACCOUNTS.iter().map(|n| dev_party(n).account).collect();
    let deployer = dev_party("deployer").account;
    let mut funded = accounts.clone();
    funded.push(deployer.clone());
    let mut ledger = boot(&funded);
    let balances = vec![DEV_BALANCE; accounts.len()];
    let token = psp22_token(&mut ledger, &deployer, &accounts, &balances)?;
    let at = InkDeployment::deploy(&mut ledger, &deployer, &code, Payment::Psp22(token))
        .map_err(|e| e.to_string())?;
    connect(ledger, &at)
}

fn connect(ledger: InkLedger, at: &InkDeployment) -> Result<InkDevnet, String> {
    let signers = DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_party(n).account))
        .collect();
    let parties: Named<InkParty> = DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_party(n)))
        .collect();
    InkSuite::connect(ledger, at, signers, parties).map_err(|e| e.to_string())
}

/// An ink! devnet's state, saved: the sandbox's state trie, and the deployment.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct InkSnapshot {
    /// Where the devnet's contracts live.
    pub deployment: InkDeployment,
    /// The sandbox.
    pub sandbox: sandbox::SandboxSnapshot,
}

/// The state of `devnet` (one started here or restored).
pub fn snapshot(devnet: &mut InkDevnet) -> Result<InkSnapshot, String> {
    let deployment = devnet.deployment().clone();
    let sandbox = devnet
        .kept_mut::<InkLedger>()
        .and_then(|l| l.backend_mut::<EmbeddedSandbox>())
        .ok_or("not an embedded ink! devnet")?
        .with(Chain::snapshot);
    Ok(InkSnapshot {
        deployment,
        sandbox,
    })
}

/// The devnet whose state `saved` holds.
pub fn restore(saved: &InkSnapshot) -> Result<InkDevnet, String> {
    let chain = Chain::restore(&saved.sandbox)?;
    connect(
        InkLedger::new(Box::new(EmbeddedSandbox::new(chain))),
        &saved.deployment,
    )
}

/// A sandbox with `artifact` deployed (constructor data from the chain's network) and its
/// accounts: `accounts` if given, else `balances.len()` new ones, each holding `balances[i]` of
/// the asset (a fresh PSP22 token, or the native balance on top of what pays fees).
fn boot_one(
    artifact: &str,
    ctor: impl FnOnce([u8; 32]) -> Vec<u8>,
    psp22_asset: bool,
    balances: &[u128],
    accounts: Option<Vec<AccountId32>>,
) -> Result<(InkLedger, AccountId32, InkAsset, Vec<AccountId32>), String> {
    let accounts = accounts.unwrap_or_else(|| {
        (0..balances.len())
            .map(|i| AccountId32::new([i as u8 + 11; 32]))
            .collect()
    });
    let deployer = AccountId32::new([110; 32]);
    let mut funded = accounts.clone();
    funded.push(deployer.clone());
    let mut chain = boot(&funded);
    let ctor = ctor(chain.network());
    let contract = chain
        .deploy(InkCode::Wasm(wasm(artifact)?), ctor, &deployer)
        .map_err(|e| e.to_string())?;
    let asset = if psp22_asset {
        InkAsset::Psp22(psp22_token(&mut chain, &deployer, &accounts, balances)?)
    } else {
        let sandbox = chain
            .backend_mut::<EmbeddedSandbox>()
            .expect("an embedded ledger");
        sandbox.with(|c| {
            for (who, amount) in accounts.iter().zip(balances) {
                c.mint_native(who, *amount);
            }
        });
        InkAsset::Native
    };
    Ok((chain, contract, asset, accounts))
}

/// A sandbox with `ink_escrow` and an escrow client on it, `balances.len()` funded accounts
/// holding `balances[i]` of the asset (a PSP22 token or the native balance).
pub fn escrow(
    psp22_asset: bool,
    balances: &[u128],
) -> Result<(InkEscrow, Vec<AccountId32>), String> {
    let ctor = |_| ink_escrow::constructors::new().data;
    let (chain, contract, asset, accounts) =
        boot_one("ink_escrow", ctor, psp22_asset, balances, None)?;
    Ok((InkEscrow::on(chain, contract, asset), accounts))
}

/// [`escrow`] for `ink_payout`.
pub fn payout(
    psp22_asset: bool,
    balances: &[u128],
) -> Result<(InkPayout, Vec<AccountId32>), String> {
    let ctor = |_| ink_payout::constructors::new().data;
    let (chain, contract, asset, accounts) =
        boot_one("ink_payout", ctor, psp22_asset, balances, None)?;
    Ok((InkPayout::on(chain, contract, asset), accounts))
}

/// A sandbox with `ink_channel` (recording the sandbox's network) and a channel client on it,
/// one party per key holding `balances[i]` of the asset.
pub fn channel(
    psp22_asset: bool,
    keys: Vec<tokenrail_channel::Secp256k1Key>,
    balances: &[u128],
) -> Result<(InkChannel, Vec<InkParty>), String> {
    channel_recording(psp22_asset, keys, balances, None)
}

/// [`channel`] with the contract recording `network` instead of the sandbox's (for the tests
/// of a contract recorded for another network).
pub fn channel_recording(
    psp22_asset: bool,
    keys: Vec<tokenrail_channel::Secp256k1Key>,
    balances: &[u128],
    network: Option<[u8; 32]>,
) -> Result<(InkChannel, Vec<InkParty>), String> {
    let parties: Vec<InkParty> = keys.into_iter().map(InkParty::new).collect();
    let accounts = parties.iter().map(|p| p.account.clone()).collect();
    let ctor = |own| ink_channel::constructors::new(network.unwrap_or(own)).data;
    let (chain, contract, asset, _) =
        boot_one("ink_channel", ctor, psp22_asset, balances, Some(accounts))?;
    let client = InkChannel::on(chain, contract, asset).map_err(|e| e.to_string())?;
    Ok((client, parties))
}

/// A sandbox with `holders + 1` funded accounts; the first deploys a registry and a token with
/// `terms` and takes every role. Returns the client, the issuer and the holders.
pub fn issue_token(
    terms: &TokenTerms,
    holders: usize,
) -> tokenrail_sdk::Result<(InkToken, AccountId32, Vec<AccountId32>), TokenError> {
    let admin = AccountId32::new([11; 32]);
    let others: Vec<AccountId32> = (0..holders)
        .map(|i| AccountId32::new([i as u8 + 12; 32]))
        .collect();
    let mut funded = others.clone();
    funded.push(admin.clone());
    let chain = boot(&funded);
    let code = |name| wasm(name).map(InkCode::Wasm).map_err(ClientError::Chain);
    let codes = [code("ink_registry")?, code("ink_asset_token")?];
    let client = InkToken::issue_on(chain, terms, &admin, codes)?;
    Ok((client, admin, others))
}
