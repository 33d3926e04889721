//! [`EscrowClient`] on `TokenrailEscrow`.

use alloy::primitives::{Address, U256};
use alloy::providers::DynProvider;
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_evm::{escrow_error, TokenrailEscrow};

use super::{chain, refusal_by, EvmSigner, IERC20};
use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

fn refusal(err: alloy::contract::Error) -> ClientError<EscrowError> {
    refusal_by(err, escrow_error)
}

/// `TokenrailEscrow` at one address, holding one ERC-20.
pub struct EvmEscrow {
    pub(crate) rt: tokio::runtime::Handle,
    pub(crate) reader: DynProvider,
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

impl EvmEscrow {
    /// How many escrows the contract holds (their ids are 1 to this).
    pub fn count(&self) -> Result<u64, EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, self.reader.clone());
        let n = self
            .rt
            .block_on(async { escrow.escrowCount().call().await })
            .map_err(refusal)?;
        u64::try_from(n).map_err(chain)
    }

    /// The escrow contract's address.
    pub fn address(&self) -> Address {
        self.escrow
    }
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
                token.approve(self.escrow, U256::from(total)),
                refusal
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
                ),
                refusal
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
            .block_on(send!(
                caller.provider,
                escrow.release(*id, milestone),
                refusal
            ))
            .map(drop)
    }

    fn refund(&mut self, caller: &EvmSigner, id: &U256) -> Result<(), EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, escrow.refund(*id), refusal))
            .map(drop)
    }

    fn cancel(&mut self, caller: &EvmSigner, id: &U256) -> Result<(), EscrowError> {
        let escrow = TokenrailEscrow::new(self.escrow, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, escrow.cancel(*id), refusal))
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
