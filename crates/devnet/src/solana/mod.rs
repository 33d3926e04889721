//! The Solana devnet: one program-test bank running the issuer, transfer-hook, escrow, payout and
//! channel programs (natively) beside the real SPL Token, Token-2022 and associated-token
//! programs. The payment token is an SPL Token mint; the asset token, once issued, a Token-2022
//! mint with the transfer hook, as on a cluster.

// solana-program-test 3.x marks its whole API deprecated-as-unstable; it is still the harness
// that runs the real SPL programs.
#![allow(deprecated)]

pub mod bank;
mod embedded;
pub mod frames;
pub mod history;

use anchor_lang::prelude::Pubkey;
use solana_keypair::Keypair;
use tokenrail_sdk::solana::{
    SolanaChannel, SolanaDeployment, SolanaEscrow, SolanaLedger, SolanaPayout, SolanaSuite,
    SolanaToken, TOKEN, TOKEN_2022,
};
use tokenrail_sdk::token::{TokenError, TokenTerms};
use tokenrail_sdk::Named;

pub use embedded::{network, send_error, EmbeddedBank};

use crate::{dev_secret, DEV_ACCOUNTS, DEV_BALANCE};

/// The Solana devnet: the SDK's suite on the embedded bank.
pub type SolanaDevnet = SolanaSuite;

/// The development account `name`'s keypair.
pub fn dev_keypair(name: &str) -> Keypair {
    Keypair::new_from_array(dev_secret(name))
}

/// A program-test bank running all five Tokenrail programs (natively) beside the real SPL
/// programs: what a cluster with Tokenrail deployed looks like.
pub fn cluster_program_test() -> solana_program_test::ProgramTest {
    let mut pt = crate::anchor_program_test!("tokenrail_issuer", tokenrail_issuer);
    pt.add_program(
        "tokenrail_transfer_hook",
        tokenrail_transfer_hook::ID,
        crate::anchor_processor!(tokenrail_transfer_hook),
    );
    pt.add_program(
        "tokenrail_escrow",
        tokenrail_escrow::ID,
        crate::anchor_processor!(tokenrail_escrow),
    );
    pt.add_program(
        "tokenrail_payout",
        tokenrail_payout::ID,
        crate::anchor_processor!(tokenrail_payout),
    );
    pt.add_program(
        "tokenrail_channel",
        tokenrail_channel_program::ID,
        crate::anchor_processor!(tokenrail_channel_program),
    );
    pt
}

/// Boots a bank with the five programs, `keys` funded with SOL and `keys[i]` holding
/// `balances[i]` of a fresh mint of `token_program`; returns a ledger in that mint and signing
/// copies of the keys.
pub fn boot(
    keys: Vec<Keypair>,
    token_program: Pubkey,
    balances: &[u64],
) -> (SolanaLedger, Vec<Keypair>) {
    let funded: Vec<(usize, u64)> = balances.iter().copied().enumerate().collect();
    let count = keys.len();
    let chain = bank::Chain::start_with_keys(cluster_program_test(), keys, token_program, &funded);
    let signers = (0..count).map(|i| chain.signer(i)).collect();
    let mint = chain.mint;
    let ledger = SolanaLedger::new(Box::new(EmbeddedBank::new(chain)), mint, token_program);
    (ledger, signers)
}

/// Starts the Solana devnet: one bank, every development account holding [`DEV_BALANCE`] of
/// an SPL Token payment mint.
pub fn start() -> SolanaDevnet {
    let amount = u64::try_from(DEV_BALANCE).expect("the development balance fits u64");
    let keys = DEV_ACCOUNTS.iter().map(|n| dev_keypair(n)).collect();
    let (ledger, _) = boot(keys, TOKEN, &vec![amount; DEV_ACCOUNTS.len()]);
    let at = SolanaDeployment {
        payment_mint: ledger.mint,
        token: None,
        registry: None,
    };
    connect(ledger, &at)
}

fn connect(ledger: SolanaLedger, at: &SolanaDeployment) -> SolanaDevnet {
    let named: Named<Keypair> = DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_keypair(n)))
        .collect();
    SolanaSuite::connect(ledger, at, named).expect("the embedded bank is shared by its clients")
}

/// A Solana devnet's state, saved: the bank's accounts and clock, and the deployment.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SolanaSnapshot {
    /// Where the devnet's state lives.
    pub deployment: SolanaDeployment,
    /// The bank.
    pub bank: bank::BankSnapshot,
}

/// The state of `devnet` (one started here or restored).
pub fn snapshot(devnet: &mut SolanaDevnet) -> Result<SolanaSnapshot, String> {
    let deployment = devnet.deployment().clone();
    let bank = devnet
        .kept_mut::<SolanaLedger>()
        .and_then(|l| l.backend_mut::<EmbeddedBank>())
        .ok_or("not an embedded Solana devnet")?
        .with(bank::Chain::snapshot)?;
    Ok(SolanaSnapshot { deployment, bank })
}

/// The devnet whose state `saved` holds.
pub fn restore(saved: &SolanaSnapshot) -> Result<SolanaDevnet, String> {
    let chain = bank::Chain::restore(cluster_program_test(), &saved.bank)?;
    let ledger = SolanaLedger::new(
        Box::new(EmbeddedBank::new(chain)),
        saved.deployment.payment_mint,
        TOKEN,
    );
    Ok(connect(ledger, &saved.deployment))
}

/// A bank running the escrow program (with the others) and an escrow client on it, with one
/// funded keypair per entry of `balances`, each holding that many tokens of a fresh mint of
/// `token_program`.
pub fn escrow(token_program: Pubkey, balances: &[u64]) -> (SolanaEscrow, Vec<Keypair>) {
    let (ledger, keys) = boot(random_keys(balances.len()), token_program, balances);
    (SolanaEscrow::on(ledger), keys)
}

/// [`escrow`] for the payout program.
pub fn payout(token_program: Pubkey, balances: &[u64]) -> (SolanaPayout, Vec<Keypair>) {
    let (ledger, keys) = boot(random_keys(balances.len()), token_program, balances);
    (SolanaPayout::on(ledger), keys)
}

/// [`escrow`] for the channel program.
pub fn channel(token_program: Pubkey, balances: &[u64]) -> (SolanaChannel, Vec<Keypair>) {
    let (ledger, keys) = boot(random_keys(balances.len()), token_program, balances);
    let channel = SolanaChannel::on(ledger).expect("the embedded bank knows its network");
    (channel, keys)
}

/// A bank with `holders + 1` funded keypairs; the first (returned apart) creates a registry,
/// issues a token on it with `terms` and receives every role. Returns the client, the issuer
/// and the other keypairs.
pub fn issue_token(
    terms: &TokenTerms,
    holders: usize,
) -> tokenrail_sdk::Result<(SolanaToken, Keypair, Vec<Keypair>), TokenError> {
    let (ledger, mut keys) = boot(random_keys(holders + 1), TOKEN_2022, &[]);
    let admin = keys.remove(0);
    let token = SolanaToken::issue_on(ledger, terms, &admin, 1)?;
    Ok((token, admin, keys))
}

fn random_keys(n: usize) -> Vec<Keypair> {
    (0..n).map(|_| Keypair::new()).collect()
}
