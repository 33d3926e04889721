//! Development networks: each chain family's four capability clients on embedded chains (EVM:
//! a private `anvil`), with named, funded development accounts and a payment token, ready for
//! a dapp's tests, the CLI's embedded targets and `tokenrail demo`.
//!
//! Every development account's key derives from its name ([`dev_secret`]); the keys are public
//! knowledge and must never hold anything of value. A devnet started twice comes out with the
//! same accounts and contract addresses, so a sequence of operations replayed on a fresh devnet
//! ends in the same state (how the CLI keeps embedded state between invocations).
//!
//! Each capability runs on an embedded chain of its own (one solana-program-test bank, one
//! cw-multi-test app, one pallet-contracts sandbox per capability): the clients own their
//! chains. On EVM all contracts share one node.

use sha2::{Digest, Sha256};

use crate::Clock;

pub mod cosmwasm;
pub mod evm;
pub mod ink;
pub mod solana;

/// The development accounts every devnet funds, in order.
pub const DEV_ACCOUNTS: [&str; 6] = ["issuer", "alice", "bob", "carol", "dave", "erin"];

/// What each development account holds of the devnet's payment token, in base units (1,000,000
/// units of a 6-decimal token).
pub const DEV_BALANCE: u128 = 1_000_000_000_000;

/// The 32-byte secret of the development account `name`: `sha256("tokenrail devnet account:"
/// ‖ name)`. It seeds the account's secp256k1 key (EVM, CosmWasm, ink!) or Ed25519 keypair
/// (Solana).
pub fn dev_secret(name: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(b"tokenrail devnet account:")
        .chain_update(name.as_bytes())
        .finalize()
        .into()
}

/// The secp256k1 key of the development account `name`.
pub fn dev_secp256k1(name: &str) -> tokenrail_channel::Secp256k1Key {
    // A SHA-256 output is a valid secp256k1 scalar except with probability ~2^-128; the names
    // in use are checked by the tests.
    tokenrail_channel::Secp256k1Key::from_bytes(&dev_secret(name))
        .expect("a development secret is a valid secp256k1 scalar")
}

/// Named signers, in the order they were added.
#[derive(Clone, Debug)]
pub struct Named<S>(Vec<(String, S)>);

impl<S> Named<S> {
    /// The signer called `name`.
    pub fn get(&self, name: &str) -> Option<&S> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// The names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// `(name, signer)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &S)> {
        self.0.iter().map(|(n, s)| (n.as_str(), s))
    }
}

impl<S> FromIterator<(String, S)> for Named<S> {
    fn from_iter<I: IntoIterator<Item = (String, S)>>(iter: I) -> Self {
        Named(iter.into_iter().collect())
    }
}

/// One chain family's devnet: the four capability clients and the development accounts as each
/// client's signer type. The token exists once issued.
pub struct Devnet<T, E, P, C, S, Q> {
    /// The asset token and its registry, once issued.
    pub token: Option<T>,
    /// The escrow contract, in the payment token.
    pub escrow: E,
    /// The payout contracts, in the payment token.
    pub payout: P,
    /// The channel contract, in the payment token.
    pub channel: C,
    /// The development accounts as token, escrow and payout signers.
    pub signers: Named<S>,
    /// The development accounts as channel parties (transaction signer and state key).
    pub parties: Named<Q>,
    /// All clients read one clock (EVM: one node), so moving one moves all.
    shared_clock: bool,
    /// What must live as long as the clients (EVM: the node process and its runtime).
    keep: Option<Box<dyn std::any::Any>>,
}

impl<T: Clock, E: Clock, P: Clock, C: Clock, S, Q> Devnet<T, E, P, C, S, Q> {
    /// Moves every capability's clock forward by `seconds` (on EVM the one node's).
    pub fn advance(&mut self, seconds: u64) -> Result<(), String> {
        self.escrow.advance(seconds)?;
        if !self.shared_clock {
            self.payout.advance(seconds)?;
            self.channel.advance(seconds)?;
            if let Some(token) = self.token.as_mut() {
                token.advance(seconds)?;
            }
        }
        Ok(())
    }

    /// The devnet's time (the escrow chain's; the others move in step).
    pub fn now(&mut self) -> Result<u64, String> {
        self.escrow.now()
    }
}

/// The signer of the development account `issuer` and those of all the others (the holders a
/// fresh token chain starts with).
fn issuer_and_holders<S: Clone>(
    signers: &Named<S>,
    issuer: &str,
) -> crate::Result<(S, Vec<S>), crate::TokenError> {
    let admin = signers
        .get(issuer)
        .cloned()
        .ok_or_else(|| crate::ClientError::Chain(format!("no development account `{issuer}`")))?;
    let others = signers
        .iter()
        .filter(|(n, _)| *n != issuer)
        .map(|(_, s)| s.clone())
        .collect();
    Ok((admin, others))
}

/// Moves a freshly started client's clock to the devnet's `now` (a token issued after the
/// devnet's clocks moved starts at the embedded chains' genesis time).
fn catch_up(client: &mut impl Clock, now: u64) -> Result<(), String> {
    let behind = now.saturating_sub(client.now()?);
    if behind > 0 {
        client.advance(behind)?;
    }
    Ok(())
}
