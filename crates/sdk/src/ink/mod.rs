//! The capability traits on ink!, with every call's data built and every return value decoded by
//! the generated bindings (`tokenrail-ink`). Each client talks to an [`InkLedger`] over one seam,
//! [`InkBackend`]: a Substrate node with pallet-contracts over JSON-RPC ([`SubstrateRpc`]), or
//! the embedded pallet-contracts sandbox `tokenrail-devnet` provides.

use tokenrail_ink::ink_psp22_token as psp22;
use tokenrail_ink::scale::Decode;
use tokenrail_ink::{AccountId, Message};

use crate::ClientError;

pub use sp_core::crypto::AccountId32;

mod channel;
mod contracts_api;
pub mod deploy;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{
    code_hash, BadKey, CallOutcome, InkBackend, InkCode, InkKey, InkLedger, Scheme, SubstrateRpc,
    Weight, ADVANCE_CLOCK,
};

pub use channel::{InkChannel, InkParty};
pub use deploy::{InkDeployment, InkSuite, Payment};
pub use escrow::InkEscrow;
pub use payout::{InkDistribution, InkPayout};
pub use token::InkToken;

/// The bindings' account of a Substrate account.
pub fn id(a: &AccountId32) -> AccountId {
    AccountId(*a.as_ref())
}

/// Anything outside the spec, as text.
pub(crate) fn chain_error<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// Calls `contract` and decodes the message's own return type; a trap or a language error is a
/// chain error.
pub(crate) fn call<R: Decode, E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut InkLedger,
    contract: &AccountId32,
    msg: Message<std::result::Result<R, tokenrail_ink::LangError>>,
    caller: &AccountId32,
    value: u128,
) -> crate::Result<R, E> {
    let out = chain
        .call(contract, msg.data.clone(), caller, value)
        .map_err(ClientError::from)?;
    decode_out(&msg, &out.data)
}

/// Asks `contract` a read-only message (nothing is submitted) and decodes its answer.
pub(crate) fn query<R: Decode, E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut InkLedger,
    contract: &AccountId32,
    msg: Message<std::result::Result<R, tokenrail_ink::LangError>>,
) -> crate::Result<R, E> {
    let out = chain
        .query(contract, msg.data.clone(), contract)
        .map_err(ClientError::from)?;
    decode_out(&msg, &out.data)
}

fn decode_out<R: Decode, E: std::fmt::Debug + std::fmt::Display>(
    msg: &Message<std::result::Result<R, tokenrail_ink::LangError>>,
    data: &[u8],
) -> crate::Result<R, E> {
    msg.decode_return(data)
        .map_err(chain_error)?
        .map_err(|lang| chain_error(format!("ink! language error {lang:?}")))
}

/// The asset a client moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InkAsset {
    /// The native balance, attached to the call.
    Native,
    /// A PSP22 token, approved to the contract and pulled by it.
    Psp22(AccountId32),
}

/// The balance of `who` in `asset`.
pub(crate) fn asset_balance<E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut InkLedger,
    asset: &InkAsset,
    who: &AccountId32,
) -> crate::Result<u128, E> {
    match asset {
        InkAsset::Native => chain.free_balance(who).map_err(ClientError::from),
        InkAsset::Psp22(token) => query(chain, token, psp22::messages::psp22_balance_of(id(who))),
    }
}

/// Approves `spender` for `amount` of a PSP22 asset from `owner`; `(token, value)` is what the
/// call then passes: the token for PSP22, the attached value for the native balance.
pub(crate) fn pay_with<E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut InkLedger,
    asset: &InkAsset,
    owner: &AccountId32,
    spender: &AccountId32,
    amount: u128,
) -> crate::Result<(Option<AccountId>, u128), E> {
    match asset {
        InkAsset::Native => Ok((None, amount)),
        InkAsset::Psp22(token) => {
            let approve = psp22::messages::psp22_approve(id(spender), amount);
            call(chain, token, approve, owner, 0)?
                .map_err(|err| chain_error(format!("PSP22 approve refused: {err:?}")))?;
            Ok((Some(id(token)), 0))
        }
    }
}

/// Implements [`crate::Clock`] for a client with a `chain` ledger.
macro_rules! ink_clock {
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

ink_clock!(InkChannel);
ink_clock!(InkEscrow);
ink_clock!(InkPayout);
ink_clock!(InkToken);
