//! [`EscrowClient`] on `cw-escrow`, in a bank denom or a cw20 token.

use cosmwasm_std::{coins, to_json_binary, Addr, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use tokenrail_core::escrow::{EscrowError, EscrowStatus};
use tokenrail_cosmwasm::cw20::{Cw20ExecuteMsg, Cw20QueryMsg};
use tokenrail_cosmwasm::escrow::{self as msg, CreateMsg, EscrowResponse, ExecuteMsg, QueryMsg};
use tokenrail_cosmwasm::{Contract, Cw20, Escrow, SpecError};

use tokenrail_cw_test_chain::{AssetKind, DENOM};

use super::refusal_by;
use crate::{ClientError, EscrowClient, EscrowState, NewEscrow, Result};

/// The asset an escrow client holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CwAsset {
    /// A bank denom, attached to `Create`.
    Native(String),
    /// A cw20 token, sent to the escrow with `Send { msg: ReceiveMsg::Create }`.
    Cw20(Contract<Cw20>),
}

/// `cw-escrow` on an embedded chain.
pub struct CwEscrow {
    /// The chain.
    pub app: App,
    escrow: Contract<Escrow>,
    asset: CwAsset,
}

impl CwEscrow {
    /// Starts an embedded chain with `cw-escrow`, one actor per name holding `balances[i]` of
    /// the asset `kind` (the bank denom [`DENOM`] or a fresh cw20 token). Returns the client and
    /// the actors' addresses.
    pub fn embedded(kind: AssetKind, names: &[String], balances: &[u128]) -> (Self, Vec<Addr>) {
        let code = Box::new(cw_multi_test::ContractWrapper::new(
            cw_escrow::contract::execute,
            cw_escrow::contract::instantiate,
            cw_escrow::contract::query,
        ));
        let funded: Vec<(usize, u128)> = balances.iter().copied().enumerate().collect();
        let booted =
            tokenrail_cw_test_chain::boot(kind, names, &funded, code, &msg::InstantiateMsg {});
        let asset = match kind {
            AssetKind::Native => CwAsset::Native(DENOM.into()),
            AssetKind::Cw20 => CwAsset::Cw20(Contract::new(booted.token.clone())),
        };
        let client = CwEscrow {
            app: booted.app,
            escrow: Contract::new(booted.contract),
            asset,
        };
        (client, booted.actors)
    }

    fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<AppResponse, EscrowError> {
        let msg = self.escrow.execute(msg, vec![]).map_err(chain)?;
        self.app.execute(sender.clone(), msg).map_err(refusal)
    }
}

use super::chain;

fn refusal(err: impl std::fmt::Debug) -> ClientError<EscrowError> {
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
        let cosmos = match &self.asset {
            CwAsset::Native(denom) => self
                .escrow
                .execute(&ExecuteMsg::Create(create), coins(total, denom.as_str())),
            CwAsset::Cw20(token) => token.execute(
                &Cw20ExecuteMsg::Send {
                    contract: self.escrow.addr.to_string(),
                    amount: Uint128::new(total),
                    msg: to_json_binary(&msg::ReceiveMsg::Create(create)).map_err(chain)?,
                },
                vec![],
            ),
        }
        .map_err(chain)?;
        let res = self
            .app
            .execute(depositor.clone(), cosmos)
            .map_err(refusal)?;
        res.events
            .iter()
            .filter(|ev| ev.ty == "wasm")
            .flat_map(|ev| ev.attributes.iter())
            .find(|a| a.key == "id")
            .and_then(|a| a.value.parse().ok())
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
            .query(&self.app.wrap(), &QueryMsg::Escrow { id: *id })
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
        match &self.asset {
            CwAsset::Native(denom) => {
                let coin = self.app.wrap().query_balance(who, denom).map_err(chain)?;
                Uint128::try_from(coin.amount)
                    .map(|a| a.u128())
                    .map_err(chain)
            }
            CwAsset::Cw20(token) => {
                let r: tokenrail_cosmwasm::cw20::BalanceResponse = token
                    .query(
                        &self.app.wrap(),
                        &Cw20QueryMsg::Balance {
                            address: who.to_string(),
                        },
                    )
                    .map_err(chain)?;
                Ok(r.balance.u128())
            }
        }
    }
}
