//! The capability traits on ink!: the embedded chain (pallet-contracts in `ink_sandbox`, running
//! the built contract wasm) or a Substrate node over JSON-RPC ([`InkLedger`]), with every call's
//! data built and every return value decoded by the generated bindings (`tokenrail-ink`).

use tokenrail_ink::ink_psp22_token as psp22;
use tokenrail_ink::scale::Decode;
use tokenrail_ink::{AccountId, Message};
use tokenrail_ink_sandbox_tests::{artifact, Chain};

use crate::ClientError;

pub use tokenrail_ink_sandbox_tests::ink_sandbox::AccountId32;

mod channel;
mod escrow;
mod ledger;
mod payout;
mod token;

pub use ledger::{code_hash, InkCode, InkKey, InkLedger, Scheme, SubstrateRpc, ADVANCE_CLOCK};

pub use channel::{InkChannel, InkParty};
pub use escrow::InkEscrow;
pub use payout::{InkDistribution, InkPayout};
pub use token::InkToken;

/// Unix seconds of the embedded chain's clock when it starts.
pub const T0: u64 = 1_700_000_000;

pub(crate) fn id(a: &AccountId32) -> AccountId {
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
        .map_err(chain_error)?;
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
        .map_err(chain_error)?;
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

/// An error enum whose SCALE index is the spec code (`from_code`).
pub(crate) fn coded<E: std::fmt::Debug + std::fmt::Display>(
    index: u8,
    from_code: fn(u16) -> Option<E>,
) -> ClientError<E> {
    match from_code(index.into()) {
        Some(e) => ClientError::Spec(e),
        None => ClientError::Chain(format!("unknown error code {index}")),
    }
}

/// The built wasm of contract `name` (`scripts/build-artifacts ink` writes them).
pub(crate) fn load(name: &str) -> std::result::Result<Vec<u8>, String> {
    let path = artifact(name);
    std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}; build the ink! artifacts first: scripts/build-artifacts ink",
            path.display()
        )
    })
}

/// The asset a client moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InkAsset {
    /// The native balance, attached to the call.
    Native,
    /// A PSP22 token, approved to the contract and pulled by it.
    Psp22(AccountId32),
}

/// A fresh embedded chain with one Tokenrail contract and its funded accounts.
pub(crate) struct Booted {
    pub chain: InkLedger,
    pub contract: AccountId32,
    pub asset: InkAsset,
    pub accounts: Vec<AccountId32>,
}

/// Starts a chain (clock at [`T0`]), deploys `artifact` with constructor call data `ctor` and,
/// for a PSP22 asset, a reference PSP22 token, and creates `balances.len()` accounts (or funds
/// the `accounts` given, for fees and storage deposits) holding `balances[i]` of the asset on
/// top of their native balance.
/// A chain's genesis hash, which names it (an ink! channel contract records it).
pub(crate) type Network = [u8; 32];

pub(crate) fn boot(
    artifact: &str,
    ctor: impl FnOnce(Network) -> Vec<u8>,
    psp22_asset: bool,
    balances: &[u128],
    accounts: Option<Vec<AccountId32>>,
) -> std::result::Result<Booted, String> {
    let mut chain = Chain::new();
    chain.set_timestamp_ms(T0 * 1000);
    let ctor = ctor(chain.genesis_hash());
    let accounts: Vec<AccountId32> = match accounts {
        Some(given) => given.into_iter().map(|a| chain.fund(a)).collect(),
        None => (0..balances.len())
            .map(|i| chain.account(i as u8 + 1))
            .collect(),
    };
    let deployer = chain.account(100);
    let (contract, _) = chain.deploy_raw(load(artifact)?, ctor, &deployer)?;
    if !psp22_asset {
        for (who, amount) in accounts.iter().zip(balances) {
            chain.mint_native(who, *amount);
        }
    }
    let mut chain = InkLedger::from(chain);
    let asset = if psp22_asset {
        let supply: u128 = balances.iter().sum();
        let token = chain.deploy(
            InkCode::Wasm(load("ink_psp22_token")?),
            psp22::constructors::new(supply).data,
            &deployer,
        )?;
        for (who, amount) in accounts.iter().zip(balances) {
            let transfer = psp22::messages::psp22_transfer(id(who), *amount, vec![]);
            let sent: crate::Result<_, crate::EscrowError> =
                call(&mut chain, &token, transfer, &deployer, 0);
            sent.map_err(|e| e.to_string())?
                .map_err(|e| format!("funding transfer: {e:?}"))?;
        }
        InkAsset::Psp22(token)
    } else {
        InkAsset::Native
    };
    Ok(Booted {
        chain,
        contract,
        asset,
        accounts,
    })
}

/// The balance of `who` in `asset`.
pub(crate) fn asset_balance<E: std::fmt::Debug + std::fmt::Display>(
    chain: &mut InkLedger,
    asset: &InkAsset,
    who: &AccountId32,
) -> crate::Result<u128, E> {
    match asset {
        InkAsset::Native => chain.free_balance(who).map_err(chain_error),
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
            fn now(&mut self) -> std::result::Result<u64, String> {
                self.chain.now()
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
                self.chain.advance(seconds)
            }
        }
    };
}

ink_clock!(InkChannel);
ink_clock!(InkEscrow);
ink_clock!(InkPayout);
ink_clock!(InkToken);
