//! The capability traits on Solana, with every Tokenrail instruction built by the client
//! `declare_program!` generated from the committed IDLs (`tokenrail-solana`). Each client talks
//! to a [`SolanaLedger`]: the embedded chain (solana-program-test running the Tokenrail programs
//! natively beside the real SPL Token and Token-2022 programs) or a cluster's JSON-RPC node.

// solana-program-test 3.x marks its whole API deprecated-as-unstable; it is still the embedded
// chain that runs the real SPL programs.
#![allow(deprecated)]

use tokenrail_solana_test_chain::ANCHOR_ACCOUNT_NOT_INITIALIZED;

use crate::ClientError;

pub use anchor_lang::prelude::Pubkey;
pub use tokenrail_solana_test_chain::solana_keypair::Keypair;
pub use tokenrail_solana_test_chain::solana_signer::Signer;
pub use tokenrail_solana_test_chain::{TOKEN, TOKEN_2022};

mod channel;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{RpcLedger, SendError, SolanaLedger, RPC_TIMEOUT};

pub use channel::{SolanaChannel, SolanaChannelRef};
pub use escrow::{SolanaEscrow, SolanaEscrowRef};
pub use payout::{SolanaDistribution, SolanaPayout};
pub use token::{issuer_address, registry_address, SolanaToken};

/// Starts `pt` with `keys` as funded actors, `keys[i]` holding `balances[i]` of a fresh mint of
/// `token_program`; returns the chain and signing copies of the keys.
pub(crate) fn boot(
    pt: tokenrail_solana_test_chain::solana_program_test::ProgramTest,
    keys: Vec<Keypair>,
    token_program: anchor_lang::prelude::Pubkey,
    balances: &[u64],
) -> (SolanaLedger, Vec<Keypair>) {
    let funded: Vec<(usize, u64)> = balances.iter().copied().enumerate().collect();
    let chain =
        tokenrail_solana_test_chain::Chain::start_with_keys(pt, keys, token_program, &funded);
    let signers = (0..balances.len()).map(|i| chain.signer(i)).collect();
    (chain.into(), signers)
}

/// Anything outside the spec, as text.
pub(crate) fn chain<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Debug,
) -> ClientError<E> {
    ClientError::Chain(format!("{err:?}"))
}

/// Custom error `6000 + n` is spec code `n` (`from_code`); Anchor's "account not initialized"
/// is `not_found` where the capability has such a code.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: SendError,
    from_code: fn(u16) -> Option<E>,
    not_found: Option<E>,
) -> ClientError<E> {
    match (err.custom_code(), not_found) {
        (Some(ANCHOR_ACCOUNT_NOT_INITIALIZED), Some(e)) => ClientError::Spec(e),
        (Some(code), _) if code > 6000 => {
            match u16::try_from(code - 6000).ok().and_then(from_code) {
                Some(e) => ClientError::Spec(e),
                None => ClientError::Chain(format!("custom program error {code}")),
            }
        }
        _ => chain(err),
    }
}

/// Implements [`crate::Clock`] for a client with a `chain` ledger.
macro_rules! solana_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, String> {
                self.chain.now()
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
                self.chain.advance(seconds)
            }
        }
    };
}

solana_clock!(SolanaChannel);
solana_clock!(SolanaEscrow);
solana_clock!(SolanaPayout);
solana_clock!(SolanaToken);
