//! The capability traits over any EVM JSON-RPC endpoint, through the alloy bindings generated
//! from the forge artifacts (`tokenrail-evm`). Each client drives its providers' futures on a
//! runtime handle it is given, so the traits stay synchronous.

use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider};
use alloy::sol;

use crate::{ClientError, LedgerError};

sol! {
    /// The ERC-20 functions the clients need of a payment token.
    #[sol(rpc)]
    interface IERC20 {
        function approve(address spender, uint256 value) external returns (bool);
        function allowance(address owner, address spender) external view returns (uint256);
        function balanceOf(address owner) external view returns (uint256);
    }
}

/// The latest block's timestamp.
pub(crate) fn now(
    rt: &tokio::runtime::Handle,
    p: &DynProvider,
) -> std::result::Result<u64, LedgerError> {
    rt.block_on(async {
        let latest = p.get_block_number().await.map_err(|e| rpc_error(&e))?;
        let block = p
            .get_block_by_number(latest.into())
            .await
            .map_err(|e| rpc_error(&e))?
            .ok_or("no latest block")?;
        Ok(block.header.timestamp)
    })
}

/// Moves a development node's clock: the next block is mined `seconds` after the latest
/// (`anvil_setNextBlockTimestamp`, which also holds when the node spaces blocks by a fixed
/// interval); a production endpoint refuses.
pub(crate) fn advance(
    rt: &tokio::runtime::Handle,
    p: &DynProvider,
    seconds: u64,
) -> std::result::Result<(), LedgerError> {
    use alloy::providers::ext::AnvilApi;
    let latest = now(rt, p)?;
    rt.block_on(async {
        p.anvil_set_next_block_timestamp(latest.saturating_add(seconds))
            .await
            .map_err(|e| match rpc_error(&e) {
                LedgerError::Rejected(e) => {
                    LedgerError::Rejected(format!("the endpoint cannot move its clock: {e}"))
                }
                unanswered => unanswered,
            })?;
        p.evm_mine(None).await.map_err(|e| rpc_error(&e))?;
        Ok(())
    })
}

/// Implements [`crate::Clock`] for a client with `rt` and `reader` fields.
macro_rules! evm_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, $crate::LedgerError> {
                $crate::evm::now(&self.rt, &self.reader)
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), $crate::LedgerError> {
                $crate::evm::advance(&self.rt, &self.reader, seconds)
            }
        }
    };
}

/// A signing account: a provider whose wallet signs for `address`.
#[derive(Clone, Debug)]
pub struct EvmSigner {
    /// Sends the account's transactions.
    pub provider: DynProvider,
    /// The account.
    pub address: Address,
}

/// How long a sent transaction may take to be mined before the call gives up (the transaction
/// may still be mined later: check the contract's state before retrying).
pub const RECEIPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The longest wait between two receipt polls (the first is 25 ms, each next one half again).
pub const RECEIPT_POLL_MAX: std::time::Duration = std::time::Duration::from_secs(2);

/// Anything outside the spec, as text.
pub(crate) fn chain<E: std::fmt::Debug + std::fmt::Display>(
    err: impl std::fmt::Display,
) -> ClientError<E> {
    ClientError::Chain(err.to_string())
}

/// What a failed alloy call means for the caller: a transport failure (the node was not
/// reached, or did not answer in time, after the transport's own retries) or the node's
/// refusal.
pub fn ledger_error(err: &alloy::contract::Error) -> LedgerError {
    match err {
        alloy::contract::Error::TransportError(e) => rpc_error(e),
        _ => LedgerError::Rejected(err.to_string()),
    }
}

/// [`ledger_error`] of a provider's own request (`eth_chainId`, `eth_getBalance`, …).
pub fn rpc_error(err: &alloy::transports::TransportError) -> LedgerError {
    match err {
        alloy::transports::RpcError::Transport(_) => LedgerError::Transport(err.to_string()),
        _ => LedgerError::Rejected(err.to_string()),
    }
}

/// A failed provider request as a client error.
pub(crate) fn rpc<E: std::fmt::Debug + std::fmt::Display>(
    err: alloy::transports::TransportError,
) -> ClientError<E> {
    rpc_error(&err).into()
}

/// A revert decoded by `decode` (one of `tokenrail-evm`'s error mappings) is the spec's code;
/// anything else is the node's refusal or a transport failure ([`ledger_error`]).
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: alloy::contract::Error,
    decode: fn(&alloy::contract::Error) -> Option<E>,
) -> ClientError<E> {
    match decode(&err) {
        Some(code) => ClientError::Spec(code),
        None => ledger_error(&err).into(),
    }
}

/// A failed `eth_sendRawTransaction`: a transport failure may have reached the node, so its
/// outcome is unknown; anything else is mapped by `refusal`.
pub(crate) fn send_failure<E: std::fmt::Debug + std::fmt::Display>(
    err: alloy::contract::Error,
    refusal: impl FnOnce(alloy::contract::Error) -> ClientError<E>,
) -> ClientError<E> {
    match ledger_error(&err) {
        LedgerError::Transport(detail) => ClientError::Unknown { tx: None, detail },
        _ => refusal(err),
    }
}

/// Sends a contract call from the provider `$from` and waits for a successful receipt; a
/// refusal (found when estimating gas) is mapped by `$refusal` onto the spec's code. The receipt
/// is polled with a bound ([`transport::wait_for_receipt`]), so a transaction that is never
/// mined ends in [`ClientError::Unknown`] with its hash instead of a wait without end.
macro_rules! send {
    ($from:expr, $call:expr, $refusal:expr) => {
        async {
            let call = $call;
            // Estimating first keeps a refusal from reaching the wallet's nonce filler, which
            // would count the nonce of a transaction that was never sent.
            let gas = call.estimate_gas().await.map_err($refusal)?;
            let hash = *call
                .gas(gas)
                .send()
                .await
                .map_err(|e| $crate::evm::send_failure(e, $refusal))?
                .tx_hash();
            let receipt = $crate::evm::transport::wait_for_receipt(
                &$from,
                hash,
                $crate::evm::RECEIPT_TIMEOUT,
            )
            .await?;
            if receipt.status() {
                Ok(receipt)
            } else {
                Err($crate::evm::chain("the transaction reverted when mined"))
            }
        }
    };
}

mod channel;
pub mod deploy;
mod escrow;
mod payout;
mod token;
pub mod transport;

pub use channel::{EvmChannel, EvmParty, SentTransaction};
pub use deploy::{EvmDeployment, EvmSuite};
pub use escrow::EvmEscrow;
pub use payout::{EvmDistribution, EvmPayout};
pub use token::EvmToken;

evm_clock!(EvmChannel);
evm_clock!(EvmEscrow);
evm_clock!(EvmPayout);
evm_clock!(EvmToken);
