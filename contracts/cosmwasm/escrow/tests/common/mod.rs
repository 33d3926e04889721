//! A cw-multi-test chain with the escrow, a cw20 token and funded actors.

#![allow(dead_code, missing_docs, unused_imports)]

use cosmwasm_std::{coins, to_json_binary, Addr, Coin, Empty, Uint128};
use cw20_basic::Cw20ExecuteMsg;
use cw_escrow::msg::{CreateMsg, EscrowResponse, ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use tokenrail_core::escrow::EscrowError;
use tokenrail_core::vectors::escrow::Failure;
use tokenrail_core::vectors::Actor;

pub use tokenrail_devnet::cosmwasm::app::{AssetKind, DENOM, T0};

pub fn escrow_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw_escrow::contract::execute,
        cw_escrow::contract::instantiate,
        cw_escrow::contract::query,
    ))
}

pub struct Chain {
    pub app: App,
    pub kind: AssetKind,
    pub escrow: Addr,
    pub token: Addr,
    pub actors: [Addr; 4],
    /// The events of the last successful execution.
    pub last_events: Vec<cosmwasm_std::Event>,
}

impl Chain {
    /// Builds the chain, crediting `balances` in the chosen asset.
    pub fn new(kind: AssetKind, balances: &[(Actor, u128)]) -> Self {
        let names: Vec<String> = Actor::ALL.iter().map(|a| format!("{a:?}")).collect();
        let b = tokenrail_devnet::cosmwasm::app::boot(
            kind,
            &names,
            balances,
            escrow_contract(),
            &InstantiateMsg {},
        );
        Chain {
            app: b.app,
            kind,
            escrow: b.contract,
            token: b.token,
            actors: b.actors.try_into().expect("one address per actor"),
            last_events: Vec::new(),
        }
    }

    pub fn addr(&self, a: Actor) -> Addr {
        self.actors[a as usize].clone()
    }

    pub fn set_time(&mut self, offset: u64) {
        tokenrail_devnet::cosmwasm::app::set_time(&mut self.app, offset);
    }

    /// Creates an escrow in the chain's asset. The attached amount is the milestone sum; when that
    /// sum is zero or does not fit in 128 bits, one unit is attached so the request reaches the
    /// contract's own validation (a bank or cw20 transfer of zero would fail first).
    pub fn create(&mut self, by: Actor, msg: CreateMsg) -> Result<u64, Failure> {
        let sum = msg
            .milestones
            .iter()
            .try_fold(0u128, |acc, m| acc.checked_add(m.u128()))
            .filter(|s| *s > 0)
            .unwrap_or(1);
        let sender = self.addr(by);
        let res = match self.kind {
            AssetKind::Native => self.app.execute_contract(
                sender,
                self.escrow.clone(),
                &ExecuteMsg::Create(msg),
                &coins(sum, DENOM),
            ),
            AssetKind::Cw20 => self.app.execute_contract(
                sender,
                self.token.clone(),
                &Cw20ExecuteMsg::Send {
                    contract: self.escrow.to_string(),
                    amount: Uint128::new(sum),
                    msg: to_json_binary(&ReceiveMsg::Create(msg)).unwrap(),
                },
                &[],
            ),
        };
        let res = res.map_err(to_failure)?;
        let id = created_id(&res);
        self.last_events = res.events;
        Ok(id)
    }

    pub fn exec(&mut self, by: Actor, msg: &ExecuteMsg) -> Result<AppResponse, Failure> {
        self.exec_with(by, msg, &[])
    }

    pub fn exec_with(
        &mut self,
        by: Actor,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> Result<AppResponse, Failure> {
        let sender = self.addr(by);
        let res = self
            .app
            .execute_contract(sender, self.escrow.clone(), msg, funds)
            .map_err(to_failure)?;
        self.last_events = res.events.clone();
        Ok(res)
    }

    pub fn escrow(&self, id: u64) -> EscrowResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.escrow.clone(), &QueryMsg::Escrow { id })
            .unwrap()
    }

    pub fn balance_of(&self, addr: &Addr) -> u128 {
        tokenrail_devnet::cosmwasm::app::balance_of(&self.app, self.kind, &self.token, addr)
    }
}

/// The id a successful create returned in its data.
pub fn created_id(res: &AppResponse) -> u64 {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "id")
        .map(|a| a.value.parse().unwrap())
        .expect("create emits an id attribute")
}

/// Maps a multi-test error onto the spec code in its `[escrow:N Name]` tag.
pub fn to_failure(err: cosmwasm_std::StdError) -> Failure {
    let text = err.to_string();
    match EscrowError::find_tag(&text) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(text),
    }
}
