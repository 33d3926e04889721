//! [`EscrowClient`] on `ink_escrow`, in the native balance or a PSP22 token.

use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_ink::scale::Decode;
use tokenrail_ink::{ink_escrow as escrow, Message};

use super::{asset_balance, call, id, pay_with, query, AccountId32, InkAsset, InkLedger};

use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

/// `ink_escrow` on an ink! chain.
pub struct InkEscrow {
    /// The chain.
    pub chain: InkLedger,
    contract: AccountId32,
    asset: InkAsset,
}

impl InkEscrow {
    /// The escrow contract at `contract` on `chain`, holding `asset`.
    pub fn on(chain: InkLedger, contract: AccountId32, asset: InkAsset) -> Self {
        InkEscrow {
            chain,
            contract,
            asset,
        }
    }

    fn call<R: Decode>(
        &mut self,
        msg: Message<std::result::Result<R, tokenrail_ink::LangError>>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<R, EscrowError> {
        let contract = self.contract.clone();
        call(&mut self.chain, &contract, msg, caller, value)
    }

    fn exec(
        &mut self,
        msg: Message<
            std::result::Result<std::result::Result<(), EscrowError>, tokenrail_ink::LangError>,
        >,
        caller: &AccountId32,
    ) -> Result<(), EscrowError> {
        self.call(msg, caller, 0)?.map_err(ClientError::Spec)
    }
}

impl EscrowClient for InkEscrow {
    type Signer = AccountId32;
    type Address = AccountId32;
    type EscrowRef = u64;

    fn address_of(&self, signer: &AccountId32) -> AccountId32 {
        signer.clone()
    }

    fn create(
        &mut self,
        depositor: &AccountId32,
        e: NewEscrow<AccountId32>,
    ) -> Result<u64, EscrowError> {
        let total = e.total()?;
        let contract = self.contract.clone();
        let (token, value) = pay_with(&mut self.chain, &self.asset, depositor, &contract, total)?;
        let create = escrow::messages::create(
            token,
            id(&e.beneficiary),
            e.arbiter.as_ref().map(id),
            e.milestones,
            e.deadline,
        );
        self.call(create, depositor, value)?
            .map_err(ClientError::Spec)
    }

    fn release(
        &mut self,
        caller: &AccountId32,
        escrow_id: &u64,
        milestone: u32,
    ) -> Result<(), EscrowError> {
        self.exec(escrow::messages::release(*escrow_id, milestone), caller)
    }

    fn refund(&mut self, caller: &AccountId32, escrow_id: &u64) -> Result<(), EscrowError> {
        self.exec(escrow::messages::refund(*escrow_id), caller)
    }

    fn cancel(&mut self, caller: &AccountId32, escrow_id: &u64) -> Result<(), EscrowError> {
        self.exec(escrow::messages::cancel(*escrow_id), caller)
    }

    fn escrow(&mut self, escrow_id: &u64) -> Result<EscrowState, EscrowError> {
        let contract = self.contract.clone();
        let data = query(
            &mut self.chain,
            &contract,
            escrow::messages::get(*escrow_id),
        )?
        .ok_or(ClientError::Spec(EscrowError::EscrowNotFound))?;
        Ok(EscrowState {
            status: match data.status {
                escrow::types::Status::Active => EscrowStatus::Active,
                escrow::types::Status::Completed => EscrowStatus::Completed,
                escrow::types::Status::Refunded => EscrowStatus::Refunded,
                escrow::types::Status::Cancelled => EscrowStatus::Cancelled,
            },
            milestones: data.milestones,
            released: data.released,
            next_milestone: data.next_milestone,
        })
    }

    fn balance(&mut self, who: &AccountId32) -> Result<u128, EscrowError> {
        asset_balance(&mut self.chain, &self.asset, who)
    }
}
