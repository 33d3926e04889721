//! Development networks: each chain family's contracts on an embedded chain (EVM: a private
//! `anvil`), with named, funded development accounts and a payment token, and the SDK's four
//! capability clients on it. What a dapp's tests, the CLI's devnet target and `tokenrail demo`
//! run on.
//!
//! A devnet is one chain: a solana-program-test bank running the five programs, a cw-multi-test
//! app, a pallet-contracts sandbox, or an anvil node. The contracts are deployed on it the way
//! the SDK deploys them on a real network (`tokenrail_sdk::<family>::deploy`), and the four
//! clients share it (one clock). Each family is a cargo feature, so a devnet of one family
//! compiles only that family's runtime.
//!
//! Every development account's key derives from its name ([`dev_secret`]); the keys are public
//! knowledge and must never hold anything of value.
//!
//! The embedded chains' harnesses are public too: the programs' and contracts' own suites run on
//! them ([`solana::bank`], [`cosmwasm::app`], [`ink::sandbox`]).

use sha2::{Digest, Sha256};

#[cfg(feature = "cosmwasm")]
pub mod cosmwasm;
#[cfg(feature = "evm")]
pub mod evm;
#[cfg(feature = "ink")]
pub mod ink;
#[cfg(feature = "solana")]
pub mod solana;

/// The development accounts every devnet funds, in order.
pub const DEV_ACCOUNTS: [&str; 6] = ["issuer", "alice", "bob", "carol", "dave", "erin"];

/// What each development account holds of the devnet's payment token, in base units (1,000,000
/// units of a 6-decimal token).
pub const DEV_BALANCE: u128 = 1_000_000_000_000;

/// The embedded chains' genesis time (Unix seconds): every devnet starts at the same moment.
pub const GENESIS_TIME: u64 = 1_700_000_000;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_development_secret_is_a_secp256k1_key() {
        for name in DEV_ACCOUNTS.iter().chain(&["deployer"]) {
            assert!(tokenrail_channel::Secp256k1Key::from_bytes(&dev_secret(name)).is_some());
        }
    }

    #[test]
    fn development_secrets_differ_by_name() {
        assert_ne!(dev_secret("alice"), dev_secret("bob"));
        assert_eq!(dev_secret("alice"), dev_secret("alice"));
    }
}
