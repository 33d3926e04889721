//! A cw-multi-test chain with the payout contract, a cw20 token and funded actors, and the
//! driver that replays the shared payout vectors on it.

#![allow(dead_code, missing_docs, unused_imports)]

use std::rc::Rc;

use cosmwasm_std::{coins, to_json_binary, Addr, Coin, Empty, HexBinary, Uint128};
use cw20_basic::Cw20ExecuteMsg;
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use cw_payout::msg::{
    CreateDistributionMsg, DistributionResponse, ExecuteMsg, InstantiateMsg, MultiSendMsg,
    QueryMsg, ReceiveMsg,
};
use tokenrail_core::merkle::{MerkleTree, Sha256};
use tokenrail_core::payout::{leaf, PayoutError};
use tokenrail_core::vectors::payout::{
    Actor, ClaimRequest, DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_core::vectors::payout_events::Event;
use tokenrail_ledger::cosmwasm::{records, CwContract};
use tokenrail_ledger::vector_events::{payout_events, PaymentNames};
use tokenrail_ledger::Position;

pub use tokenrail_devnet::cosmwasm::app::{AssetKind, DENOM, T0};

pub fn payout_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw_payout::contract::execute,
        cw_payout::contract::instantiate,
        cw_payout::contract::query,
    ))
}

pub struct Chain {
    pub app: App,
    pub kind: AssetKind,
    pub payout: Addr,
    pub token: Addr,
    pub actors: Vec<Addr>,
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
            payout_contract(),
            &InstantiateMsg {},
        );
        Chain {
            app: b.app,
            kind,
            payout: b.contract,
            token: b.token,
            actors: b.actors,
            last_events: Vec::new(),
        }
    }

    pub fn addr(&self, a: Actor) -> Addr {
        self.actors[a as usize].clone()
    }

    pub fn set_time(&mut self, offset: u64) {
        tokenrail_devnet::cosmwasm::app::set_time(&mut self.app, offset);
    }

    pub fn chain_id(&self) -> String {
        self.app.block_info().chain_id
    }

    /// Sends `amount` of the chain's asset to the payout contract with `msg` (a native
    /// message with funds attached, or a cw20 `Send` with the matching payload). A zero amount
    /// is sent as no funds natively and as one unit through cw20, whose `Send` rejects zero,
    /// so the request still reaches the contract's own validation.
    pub fn send_funded(
        &mut self,
        by: &Addr,
        amount: u128,
        native: ExecuteMsg,
        cw20: ReceiveMsg,
    ) -> Result<AppResponse, Failure> {
        let res = match self.kind {
            AssetKind::Native => {
                let funds = if amount == 0 {
                    vec![]
                } else {
                    coins(amount, DENOM)
                };
                self.app
                    .execute_contract(by.clone(), self.payout.clone(), &native, &funds)
            }
            AssetKind::Cw20 => self.app.execute_contract(
                by.clone(),
                self.token.clone(),
                &Cw20ExecuteMsg::Send {
                    contract: self.payout.to_string(),
                    amount: Uint128::new(amount.max(1)),
                    msg: to_json_binary(&cw20).unwrap(),
                },
                &[],
            ),
        };
        let res = res.map_err(to_failure)?;
        self.last_events = res.events.clone();
        Ok(res)
    }

    pub fn multisend(&mut self, by: &Addr, batch: MultiSendMsg) -> Result<AppResponse, Failure> {
        let total = batch.declared_total.u128();
        self.send_funded(
            by,
            total,
            ExecuteMsg::MultiSend(batch.clone()),
            ReceiveMsg::MultiSend(batch),
        )
    }

    pub fn create(
        &mut self,
        by: &Addr,
        funded: u128,
        msg: CreateDistributionMsg,
    ) -> Result<u64, Failure> {
        self.send_funded(
            by,
            funded,
            ExecuteMsg::CreateDistribution(msg.clone()),
            ReceiveMsg::CreateDistribution(msg),
        )
        .map(|r| attr(&r, "id").parse().unwrap())
    }

    pub fn exec(&mut self, by: &Addr, msg: &ExecuteMsg) -> Result<AppResponse, Failure> {
        self.exec_with(by, msg, &[])
    }

    pub fn exec_with(
        &mut self,
        by: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> Result<AppResponse, Failure> {
        let res = self
            .app
            .execute_contract(by.clone(), self.payout.clone(), msg, funds)
            .map_err(to_failure)?;
        self.last_events = res.events.clone();
        Ok(res)
    }

    pub fn distribution(&self, id: u64) -> DistributionResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.payout.clone(), &QueryMsg::Distribution { id })
            .unwrap()
    }

    pub fn is_claimed(&self, id: u64, index: u32) -> bool {
        self.app
            .wrap()
            .query_wasm_smart(self.payout.clone(), &QueryMsg::IsClaimed { id, index })
            .unwrap()
    }

    pub fn balance_of(&self, addr: &Addr) -> u128 {
        tokenrail_devnet::cosmwasm::app::balance_of(&self.app, self.kind, &self.token, addr)
    }

    /// The tree of distribution `id` over `claims`, with this chain's leaf encoding.
    pub fn tree(&self, id: u64, claims: &[(Addr, u128)]) -> MerkleTree<Sha256> {
        let chain_id = self.chain_id();
        let leaves: Vec<_> = claims
            .iter()
            .enumerate()
            .map(|(i, (who, amount))| {
                leaf::cosmwasm(
                    &chain_id,
                    self.payout.as_str(),
                    id,
                    i as u32,
                    who.as_str(),
                    *amount,
                )
            })
            .collect();
        MerkleTree::new(&leaves).expect("a distribution has claims")
    }
}

/// The value of the first wasm attribute named `key`.
pub fn attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no `{key}` attribute"))
}

/// Maps a multi-test error onto the spec code in its `[payout:N Name]` tag.
pub fn to_failure(err: cosmwasm_std::StdError) -> Failure {
    let text = format!("{err:?}");
    match PayoutError::find_tag(&text) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(text),
    }
}

pub fn hex_proof(proof: &[[u8; 32]]) -> Vec<HexBinary> {
    proof.iter().map(|h| HexBinary::from(&h[..])).collect()
}

/// A distribution on the chain: its id and the tree built for it (none for a missing one).
#[derive(Clone, Debug)]
pub struct Dist {
    pub id: u64,
    pub tree: Option<Rc<MerkleTree<Sha256>>>,
}

/// Replays payout vectors on a [`Chain`].
pub struct Driver {
    pub chain: Chain,
    created: u64,
    /// The scenario's label of each distribution id created.
    labels: std::collections::HashMap<String, String>,
}

impl Driver {
    pub fn new(kind: AssetKind, balances: &[(Actor, u128)]) -> Self {
        Driver {
            chain: Chain::new(kind, balances),
            created: 0,
            labels: Default::default(),
        }
    }
}

impl PaymentNames<Actor> for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.chain.addr(*a).as_str() == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0
    }
}

impl PayoutDriver for Driver {
    type Distribution = Dist;

    fn set_time(&mut self, offset: u64) {
        self.chain.set_time(offset);
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure> {
        let batch = MultiSendMsg {
            recipients: legs
                .iter()
                .map(|(a, _)| self.chain.addr(*a).to_string())
                .collect(),
            amounts: legs.iter().map(|(_, m)| Uint128::new(*m)).collect(),
            declared_total: Uint128::new(declared_total),
        };
        let payer = self.chain.addr(by);
        self.chain.multisend(&payer, batch).map(drop)
    }

    fn create_distribution(
        &mut self,
        by: Actor,
        req: &DistributionRequest,
    ) -> Result<Dist, Failure> {
        // Ids are sequential, and the leaves bind the id, so the tree is built for the next one.
        let id = self.created + 1;
        let claims: Vec<(Addr, u128)> = req
            .claims
            .iter()
            .map(|(a, m)| (self.chain.addr(*a), *m))
            .collect();
        let tree = self.chain.tree(id, &claims);
        let msg = CreateDistributionMsg {
            root: HexBinary::from(&tree.root()[..]),
            total: Uint128::new(req.funded),
            start: T0 + req.start,
            expiry: T0 + req.expiry,
            clawback_receiver: self.chain.addr(req.clawback_to).to_string(),
        };
        let funder = self.chain.addr(by);
        let got = self.chain.create(&funder, req.funded, msg)?;
        assert_eq!(got, id, "distribution ids are sequential");
        self.created = id;
        self.labels.insert(id.to_string(), req.label.clone());
        Ok(Dist {
            id,
            tree: Some(Rc::new(tree)),
        })
    }

    fn claim(&mut self, by: Actor, req: &ClaimRequest<Dist>) -> Result<(), Failure> {
        let tree = req.source.tree.as_ref().expect("the proof's tree exists");
        let msg = ExecuteMsg::Claim {
            id: req.target.id,
            index: req.index,
            account: self.chain.addr(req.account).to_string(),
            amount: Uint128::new(req.amount),
            proof: hex_proof(&tree.proof(req.proof_of as usize)),
        };
        let sender = self.chain.addr(by);
        self.chain.exec(&sender, &msg).map(drop)
    }

    fn clawback(&mut self, by: Actor, d: &Dist) -> Result<(), Failure> {
        let sender = self.chain.addr(by);
        self.chain
            .exec(&sender, &ExecuteMsg::Clawback { id: d.id })
            .map(drop)
    }

    fn missing_distribution(&mut self, _claims: &[(Actor, u128)]) -> Dist {
        Dist {
            id: u64::MAX,
            tree: None,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        let addr = self.chain.addr(actor);
        self.chain.balance_of(&addr)
    }

    fn custody(&mut self) -> u128 {
        let payout = self.chain.payout.clone();
        self.chain.balance_of(&payout)
    }

    fn claimed(&mut self, d: &Dist) -> u128 {
        self.chain.distribution(d.id).claimed.u128()
    }

    fn is_claimed(&mut self, d: &Dist, index: u32) -> bool {
        self.chain.is_claimed(d.id, index)
    }

    /// The call's events through the ledger's CometBFT decoder, as a node's `tx_search` gives
    /// them.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let events =
            tokenrail_devnet::cosmwasm::abci_events(std::mem::take(&mut self.chain.last_events));
        let contracts = [CwContract::Payout(self.chain.payout.to_string())];
        let rows = records(
            "multi-test",
            &contracts,
            &Position::default(),
            "tx",
            &events,
        );
        payout_events(rows.iter().map(|r| &r.data), self)
    }
}
