//! The capability traits on the embedded Solana chain: solana-program-test running the Tokenrail
//! programs natively beside the real SPL Token and Token-2022 programs, with every Tokenrail
//! instruction built by the client `declare_program!` generated from the committed IDLs
//! (`tokenrail-solana`).

// solana-program-test 3.x marks its whole API deprecated-as-unstable; it is still the embedded
// chain that runs the real SPL programs.
#![allow(deprecated)]

use tokenrail_solana_test_chain::solana_program_test::BanksClientError;
use tokenrail_solana_test_chain::{custom_code, ANCHOR_ACCOUNT_NOT_INITIALIZED};

use crate::ClientError;

pub use anchor_lang::prelude::Pubkey;
pub use tokenrail_solana_test_chain::solana_keypair::Keypair;
pub use tokenrail_solana_test_chain::solana_signer::Signer;
pub use tokenrail_solana_test_chain::{TOKEN, TOKEN_2022};

mod channel;
mod escrow;
mod payout;
mod token;

pub use channel::{SolanaChannel, SolanaChannelRef};
pub use escrow::{SolanaEscrow, SolanaEscrowRef};
pub use payout::{SolanaDistribution, SolanaPayout};
pub use token::SolanaToken;

/// Starts `pt` with `keys` as funded actors, `keys[i]` holding `balances[i]` of a fresh mint of
/// `token_program`; returns the chain and signing copies of the keys.
pub(crate) fn boot(
    pt: tokenrail_solana_test_chain::solana_program_test::ProgramTest,
    keys: Vec<Keypair>,
    token_program: anchor_lang::prelude::Pubkey,
    balances: &[u64],
) -> (tokenrail_solana_test_chain::Chain, Vec<Keypair>) {
    let funded: Vec<(usize, u64)> = balances.iter().copied().enumerate().collect();
    let chain =
        tokenrail_solana_test_chain::Chain::start_with_keys(pt, keys, token_program, &funded);
    let signers = (0..balances.len()).map(|i| chain.signer(i)).collect();
    (chain, signers)
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
    err: BanksClientError,
    from_code: fn(u16) -> Option<E>,
    not_found: Option<E>,
) -> ClientError<E> {
    match (custom_code(&err), not_found) {
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

/// The chain's clock, in Unix seconds.
fn clock_now(chain: &mut tokenrail_solana_test_chain::Chain) -> std::result::Result<u64, String> {
    use anchor_lang::prelude::Clock;
    let clock: Clock = chain
        .rt
        .block_on(chain.ctx.banks_client.get_sysvar())
        .map_err(|e| e.to_string())?;
    u64::try_from(clock.unix_timestamp).map_err(|e| e.to_string())
}

/// Implements [`crate::Clock`] for a client with a `chain` field.
macro_rules! solana_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, String> {
                clock_now(&mut self.chain)
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
                let now = clock_now(&mut self.chain)?;
                let t0 = tokenrail_solana_test_chain::T0 as u64;
                self.chain.set_time(now + seconds - t0);
                Ok(())
            }
        }
    };
}

solana_clock!(SolanaChannel);
solana_clock!(SolanaEscrow);
solana_clock!(SolanaPayout);
solana_clock!(SolanaToken);
