//! [`EscrowClient`] over any EVM JSON-RPC endpoint, through the alloy bindings generated from
//! the forge artifacts (`tokenrail-evm`).

use alloy::primitives::{Address, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::sol;
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_evm::{escrow_error, TokenrailEscrow};

use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

sol! {
    /// The two ERC-20 functions an escrow client needs of its token.
    #[sol(rpc)]
    interface IERC20 {
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address owner) external view returns (uint256);
    }
}

/// A signing account: a provider whose wallet signs for `address`.
#[derive(Clone, Debug)]
pub struct EvmSigner {
    /// Sends the account's transactions.
    pub provider: DynProvider,
    /// The account.
    pub address: Address,
}

/// `TokenrailEscrow` at one address, holding one ERC-20.
pub struct EvmEscrow {
    rt: tokio::runtime::Handle,
    reader: DynProvider,
    escrow: Address,
    token: Address,
}

impl EvmEscrow {
    /// The escrow contract at `escrow`, for escrows in `token`; `reader` serves the queries.
    /// `rt` drives the providers' futures (the runtime their connections and block watchers
    /// live on); call the client from outside that runtime's worker threads.
    pub fn new(
        rt: tokio::runtime::Handle,
        reader: DynProvider,
        escrow: Address,
        token: Address,
    ) -> Self {
        EvmEscrow {
            rt,
            reader,
            escrow,
            token,
        }
    }
}

/// How long a sent transaction may take to be mined before the call gives up (the transaction
/// may still be mined later: check the escrow's state before retrying).
pub const RECEIPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

fn refusal(err: alloy::contract::Error) -> ClientError<EscrowError> {
    match escrow_error(&err) {
        Some(code) => ClientError::Spec(code),
        None => ClientError::Chain(err.to_string()),
    }
}

fn chain(err: impl std::fmt::Display) -> ClientError<EscrowError> {
    ClientError::Chain(err.to_string())
}

/// Sends a contract call from `$from` and waits for a successful receipt; a refusal (found when
/// estimating gas) is mapped onto the spec's code. The receipt is polled with a bound, so a
/// transaction that is never mined ends in an error instead of a wait without end.
macro_rules! send {
    ($from:expr, $call:expr) => {
        async {
            let call = $call;
            // Estimating first keeps a refusal from reaching the wallet's nonce filler, which
            // would count the nonce of a transaction that was never sent.
            let gas = call.estimate_gas().await.map_err(refusal)?;
            let hash = *call.gas(gas).send().await.map_err(refusal)?.tx_hash();
            let started = std::time::Instant::now();
            let receipt = loop {
                match $from.get_transaction_receipt(hash).await.map_err(chain)? {
                    Some(receipt) => break receipt,
                    None if started.elapsed() > RECEIPT_TIMEOUT => {
                        return Err(chain(format!(
                            "no receipt for {hash} after {RECEIPT_TIMEOUT:?}"
                        )));
                    }
                    None => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
                }
            };
            if receipt.status() {
                Ok(receipt)
            } else {
                Err(ClientError::Chain(
                    "the transaction reverted when mined".into(),
                ))
            }
        }
    };
}

impl EscrowClient for EvmEscrow {
    type Signer = EvmSigner;
    type Address = Address;
    type EscrowRef = U256;

    fn address_of(&self, signer: &EvmSigner) -> Address {
        signer.address
    }

    fn create(
        &mut self,
        depositor: &EvmSigner,
        e: NewEscrow<Address>,
    ) -> Result<U256, EscrowError> {
        let total = e.total()?;
        let token = IERC20::new(self.token, depositor.provider.clone());
        let escrow = TokenrailEscrow::new(self.escrow, depositor.provider.clone());
        self.rt.block_on(async {
            send!(
                depositor.provider,
                token.approve(self.escrow, U256::from(total))
            )
            .await?;
            let receipt = send!(
                depositor.provider,
                escrow.create(
                    self.token,
                    e.beneficiary,
                    e.arbiter.unwrap_or(Address::ZERO),
                    e.milestones,
                    e.deadline,
                )
            )
            .await?;
            let created = receipt
                .decoded_log::<TokenrailEscrow::EscrowCreated>()
                .ok_or_else(|| chain("no EscrowCreated event in the receipt"))?;
            Ok(created.id)
        })
    }

    fn release(
        &mut self,
        caller: &EvmSigner,
        id: &U256,
        milestone: u32,
    ) -> Result<(), EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, escrow.release(*id, milestone)))
            .map(drop)
    }

    fn refund(&mut self, caller: &EvmSigner, id: &U256) -> Result<(), EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, escrow.refund(*id)))
            .map(drop)
    }

    fn cancel(&mut self, caller: &EvmSigner, id: &U256) -> Result<(), EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, escrow.cancel(*id)))
            .map(drop)
    }

    fn escrow(&mut self, id: &U256) -> Result<EscrowState, EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, self.reader.clone());
        self.rt.block_on(async {
            let view = escrow.getEscrow(*id).call().await.map_err(refusal)?;
            let status = match view.status {
                0 => return Err(ClientError::Spec(EscrowError::EscrowNotFound)),
                1 => EscrowStatus::Active,
                2 => EscrowStatus::Completed,
                3 => EscrowStatus::Refunded,
                4 => EscrowStatus::Cancelled,
                other => return Err(chain(format!("unknown escrow status {other}"))),
            };
            let milestones = escrow.milestonesOf(*id).call().await.map_err(refusal)?;
            Ok(EscrowState {
                status,
                milestones,
                released: view.released,
                next_milestone: view.nextMilestone,
            })
        })
    }

    fn balance(&mut self, who: &Address) -> Result<u128, EscrowError> {
        let token = IERC20::new(self.token, self.reader.clone());
        let balance = self
            .rt
            .block_on(async { token.balanceOf(*who).call().await })
            .map_err(refusal)?;
        u128::try_from(balance).map_err(chain)
    }
}
