//! The capability traits on Solana, with every Tokenrail instruction built by the client
//! `declare_program!` generated from the committed IDLs (`tokenrail-solana`). Each client talks
//! to a [`SolanaLedger`] over one seam, [`SolanaBackend`]: a cluster's JSON-RPC node
//! ([`RpcLedger`]), or the embedded bank `tokenrail-devnet` provides.

use crate::ClientError;

pub use anchor_lang::prelude::Pubkey;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
pub use tokenrail_solana::addresses::{TOKEN, TOKEN_2022};

/// Anchor's "account not initialized": a client reads it as "not found" where its capability
/// has such a code.
const ANCHOR_ACCOUNT_NOT_INITIALIZED: u32 =
    anchor_lang::error::ErrorCode::AccountNotInitialized as u32;

mod channel;
pub mod deploy;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{
    Account, RpcLedger, SendError, Simulation, SolanaBackend, SolanaLedger, TransactionError,
    ADVANCE_CLOCK, RPC_TIMEOUT,
};

pub use channel::{SolanaChannel, SolanaChannelRef};
pub use deploy::{SolanaDeployment, SolanaSuite};
pub use escrow::{SolanaEscrow, SolanaEscrowRef};
pub use payout::{SolanaDistribution, SolanaPayout};
pub use token::{issuer_address, registry_address, SolanaToken};

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
        _ => match err {
            SendError::Transaction(_) => chain(err),
            other => crate::LedgerError::from(other).into(),
        },
    }
}

/// Implements [`crate::Clock`] for a client with a `chain` ledger.
macro_rules! solana_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, $crate::LedgerError> {
                self.chain.now()
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), $crate::LedgerError> {
                self.chain.advance(seconds)
            }
        }
    };
}

solana_clock!(SolanaChannel);
solana_clock!(SolanaEscrow);
solana_clock!(SolanaPayout);
solana_clock!(SolanaToken);
