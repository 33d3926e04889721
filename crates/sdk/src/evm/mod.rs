//! The capability traits over any EVM JSON-RPC endpoint, through the alloy bindings generated
//! from the forge artifacts (`tokenrail-evm`). Each client drives its providers' futures on a
//! runtime handle it is given, so the traits stay synchronous.

use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider};
use alloy::sol;

use crate::ClientError;

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
) -> std::result::Result<u64, String> {
    rt.block_on(async {
        let latest = p.get_block_number().await.map_err(|e| e.to_string())?;
        let block = p
            .get_block_by_number(latest.into())
            .await
            .map_err(|e| e.to_string())?
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
) -> std::result::Result<(), String> {
    use alloy::providers::ext::AnvilApi;
    let latest = now(rt, p)?;
    rt.block_on(async {
        p.anvil_set_next_block_timestamp(latest.saturating_add(seconds))
            .await
            .map_err(|e| format!("the endpoint cannot move its clock: {e}"))?;
        p.evm_mine(None).await.map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Implements [`crate::Clock`] for a client with `rt` and `reader` fields.
macro_rules! evm_clock {
    ($client:ty) => {
        impl $crate::Clock for $client {
            fn now(&mut self) -> std::result::Result<u64, String> {
                $crate::evm::now(&self.rt, &self.reader)
            }

            fn advance(&mut self, seconds: u64) -> std::result::Result<(), String> {
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

/// A revert decoded by `decode` (one of `tokenrail-evm`'s error mappings) is the spec's code;
/// anything else is a chain error.
pub(crate) fn refusal_by<E: std::fmt::Debug + std::fmt::Display>(
    err: alloy::contract::Error,
    decode: fn(&alloy::contract::Error) -> Option<E>,
) -> ClientError<E> {
    match decode(&err) {
        Some(code) => ClientError::Spec(code),
        None => ClientError::Chain(err.to_string()),
    }
}

/// Sends a contract call from the provider `$from` and waits for a successful receipt; a
/// refusal (found when estimating gas) is mapped by `$refusal` onto the spec's code. The receipt
/// is polled with a bound, so a transaction that is never mined ends in an error instead of a
/// wait without end.
macro_rules! send {
    ($from:expr, $call:expr, $refusal:expr) => {
        async {
            use alloy::providers::Provider as _;
            let call = $call;
            // Estimating first keeps a refusal from reaching the wallet's nonce filler, which
            // would count the nonce of a transaction that was never sent.
            let gas = call.estimate_gas().await.map_err($refusal)?;
            let hash = *call.gas(gas).send().await.map_err($refusal)?.tx_hash();
            let started = std::time::Instant::now();
            // A development node mines at once; a real chain takes seconds: poll fast first,
            // then less and less often.
            let mut poll = std::time::Duration::from_millis(25);
            let receipt = loop {
                match $from
                    .get_transaction_receipt(hash)
                    .await
                    .map_err($crate::evm::chain)?
                {
                    Some(receipt) => break receipt,
                    None if started.elapsed() > $crate::evm::RECEIPT_TIMEOUT => {
                        return Err($crate::evm::chain(format!(
                            "no receipt for {hash} after {:?}",
                            $crate::evm::RECEIPT_TIMEOUT
                        )));
                    }
                    None => {
                        tokio::time::sleep(poll).await;
                        poll = (poll * 3 / 2).min($crate::evm::RECEIPT_POLL_MAX);
                    }
                }
            };
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
