//! [`EscrowClient`] on `cw-escrow`, in a bank denom or a cw20 token.

use cosmwasm_std::{Addr, Uint128};
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_cosmwasm::escrow::{self as msg, CreateMsg, EscrowResponse, ExecuteMsg, QueryMsg};
use tokenrail_cosmwasm::{Contract, Escrow, SpecError};

use super::{asset_balance, funded_msg, refusal_by, wasm_attr, CwAsset, QueryOn};
use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

/// `cw-escrow` on a ledger (the embedded chain or a Cosmos chain).
pub struct CwEscrow {
    /// The ledger.
    pub chain: super::CwLedger,
    escrow: Contract<Escrow>,
    asset: CwAsset,
}

impl CwEscrow {
    /// `cw-escrow` at `escrow` on `chain`, in `asset`.
    pub fn on(chain: super::CwLedger, escrow: Addr, asset: CwAsset) -> Self {
        CwEscrow {
            chain,
            escrow: Contract::new(escrow),
            asset,
        }
    }

    fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<super::Outcome, EscrowError> {
        let msg = self.escrow.execute(msg, vec![]).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal)
    }
}

use super::chain;

fn refusal(err: impl Into<crate::LedgerError>) -> ClientError<EscrowError> {
    refusal_by(err, |e| match e {
        SpecError::Escrow(code) => Some(code),
        _ => None,
    })
}

impl EscrowClient for CwEscrow {
    type Signer = Addr;
    type Address = Addr;
    type EscrowRef = u64;

    fn address_of(&self, signer: &Addr) -> Addr {
        signer.clone()
    }

    fn create(&mut self, depositor: &Addr, e: NewEscrow<Addr>) -> Result<u64, EscrowError> {
        let total = e.total()?;
        let create = CreateMsg {
            beneficiary: e.beneficiary.to_string(),
            arbiter: e.arbiter.map(|a| a.to_string()),
            milestones: e.milestones.into_iter().map(Uint128::new).collect(),
            deadline: e.deadline,
        };
        let cosmos = funded_msg(
            &self.asset,
            &self.escrow,
            total,
            &ExecuteMsg::Create(create.clone()),
            &msg::ReceiveMsg::Create(create),
        )
        .map_err(chain)?;
        let res = self.chain.execute(depositor, cosmos).map_err(refusal)?;
        wasm_attr(&res, "id")
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| chain("create emitted no id"))
    }

    fn release(&mut self, caller: &Addr, id: &u64, milestone: u32) -> Result<(), EscrowError> {
        self.execute(caller, &ExecuteMsg::Release { id: *id, milestone })
            .map(drop)
    }

    fn refund(&mut self, caller: &Addr, id: &u64) -> Result<(), EscrowError> {
        self.execute(caller, &ExecuteMsg::Refund { id: *id })
            .map(drop)
    }

    fn cancel(&mut self, caller: &Addr, id: &u64) -> Result<(), EscrowError> {
        self.execute(caller, &ExecuteMsg::Cancel { id: *id })
            .map(drop)
    }

    fn escrow(&mut self, id: &u64) -> Result<EscrowState, EscrowError> {
        let r: EscrowResponse = self
            .escrow
            .query_on(&self.chain, &QueryMsg::Escrow { id: *id })
            .map_err(refusal)?;
        Ok(EscrowState {
            status: match r.status {
                msg::EscrowStatus::Active => EscrowStatus::Active,
                msg::EscrowStatus::Completed => EscrowStatus::Completed,
                msg::EscrowStatus::Refunded => EscrowStatus::Refunded,
                msg::EscrowStatus::Cancelled => EscrowStatus::Cancelled,
            },
            milestones: r.milestones.iter().map(|m| m.u128()).collect(),
            released: r.released.u128(),
            next_milestone: r.next_milestone,
        })
    }

    fn balance(&mut self, who: &Addr) -> Result<u128, EscrowError> {
        asset_balance(&self.chain, &self.asset, who).map_err(ClientError::from)
    }
}
