//! Runs every shared escrow vector against the Solidity escrow on a real `anvil` node, through
//! the generated alloy bindings.

mod common;

use std::collections::HashMap;

use alloy::primitives::{Address, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::Filter;
use common::{Clock, Node};
use tokenrail_core::escrow::EscrowStatus;
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::escrow_events::Event;
use tokenrail_core::vectors::Actor;
use tokenrail_evm::{escrow_error, MockERC20, TokenrailEscrow};
use tokenrail_ledger::evm::{decode, EvmContract};
use tokenrail_ledger::vector_events::{escrow_events, PaymentNames};

fn to_failure(e: alloy::contract::Error) -> Failure {
    match escrow_error(&e) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(e.to_string()),
    }
}

/// A state-changing escrow call.
enum Call {
    Create {
        beneficiary: Address,
        arbiter: Address,
        milestones: Vec<u128>,
        deadline: u64,
    },
    Release(U256, u32),
    Refund(U256),
    Cancel(U256),
}

struct Driver<'a> {
    node: &'a Node,
    escrow: Address,
    token: Address,
    clock: Clock,
    /// The scenario's label of each escrow id created.
    labels: HashMap<String, String>,
    /// The first block [`EscrowDriver::events`] has not read.
    next_block: u64,
}

impl PaymentNames<Actor> for Driver<'_> {
    fn actor(&self, address: &str) -> Option<Actor> {
        let address: Address = address.parse().ok()?;
        Actor::ALL.into_iter().find(|a| self.addr(*a) == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(self.clock.t0) / common::SCALE
    }
}

impl<'a> Driver<'a> {
    fn new(node: &'a Node, balances: &[(Actor, u128)]) -> Self {
        let deployer = &node.providers[0];
        let (escrow, token) = node.rt.block_on(async {
            let token = *MockERC20::deploy(deployer.clone()).await.unwrap().address();
            let escrow = *TokenrailEscrow::deploy(deployer.clone())
                .await
                .unwrap()
                .address();
            let erc20 = MockERC20::new(token, deployer.clone());
            for (actor, amount) in balances {
                let to = node.anvil.addresses()[*actor as usize + 1];
                erc20
                    .mint(to, U256::from(*amount))
                    .send()
                    .await
                    .unwrap()
                    .get_receipt()
                    .await
                    .unwrap();
            }
            for a in Actor::ALL {
                let p = node.providers[a as usize + 1].clone();
                MockERC20::new(token, p)
                    .approve(escrow, U256::MAX)
                    .send()
                    .await
                    .unwrap()
                    .get_receipt()
                    .await
                    .unwrap();
            }
            (escrow, token)
        });
        let head = node
            .rt
            .block_on(async { deployer.get_block_number().await })
            .unwrap();
        Driver {
            node,
            escrow,
            token,
            clock: Clock::new(node.fresh_t0()),
            labels: HashMap::new(),
            next_block: head + 1,
        }
    }

    fn provider(&self, a: Actor) -> DynProvider {
        self.node.providers[a as usize + 1].clone()
    }

    fn addr(&self, a: Actor) -> Address {
        self.node.anvil.addresses()[a as usize + 1]
    }

    fn transact(&mut self, by: Actor, call: Call) -> Result<(), Failure> {
        let node = self.node;
        let contract = TokenrailEscrow::new(self.escrow, self.provider(by));
        let result = node.rt.block_on(async {
            self.clock.pin_next_block(&node.providers[0]).await;
            match call {
                Call::Create {
                    beneficiary,
                    arbiter,
                    milestones,
                    deadline,
                } => common::send!(
                    contract.create(self.token, beneficiary, arbiter, milestones, deadline),
                    to_failure
                ),
                Call::Release(id, k) => common::send!(contract.release(id, k), to_failure),
                Call::Refund(id) => common::send!(contract.refund(id), to_failure),
                Call::Cancel(id) => common::send!(contract.cancel(id), to_failure),
            }
        });
        result
    }

    fn erc20_balance(&self, who: Address) -> u128 {
        let token = MockERC20::new(self.token, self.node.providers[0].clone());
        let b = self
            .node
            .rt
            .block_on(async { token.balanceOf(who).call().await })
            .unwrap();
        b.try_into().unwrap()
    }
}

impl EscrowDriver for Driver<'_> {
    type Handle = U256;

    fn set_time(&mut self, offset: u64) {
        self.clock.set(offset);
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<U256, Failure> {
        let call = Call::Create {
            beneficiary: self.addr(req.beneficiary),
            arbiter: req.arbiter.map_or(Address::ZERO, |a| self.addr(a)),
            milestones: req.milestones.clone(),
            deadline: self.clock.at(req.deadline_offset),
        };
        self.transact(by, call)?;
        // Ids are sequential; the one just created is the count.
        let c = TokenrailEscrow::new(self.escrow, self.node.providers[0].clone());
        let id = self
            .node
            .rt
            .block_on(async { c.escrowCount().call().await })
            .unwrap();
        self.labels.insert(id.to_string(), req.label.clone());
        Ok(id)
    }

    fn release(&mut self, by: Actor, id: &U256, k: u32) -> Result<(), Failure> {
        self.transact(by, Call::Release(*id, k))
    }

    fn refund(&mut self, by: Actor, id: &U256) -> Result<(), Failure> {
        self.transact(by, Call::Refund(*id))
    }

    fn cancel(&mut self, by: Actor, id: &U256) -> Result<(), Failure> {
        self.transact(by, Call::Cancel(*id))
    }

    fn missing_escrow(&mut self) -> U256 {
        U256::from(u64::MAX)
    }

    fn view(&mut self, id: &U256) -> EscrowView {
        let c = TokenrailEscrow::new(self.escrow, self.node.providers[0].clone());
        let v = self
            .node
            .rt
            .block_on(async { c.getEscrow(*id).call().await })
            .unwrap();
        EscrowView {
            status: match v.status {
                1 => EscrowStatus::Active,
                2 => EscrowStatus::Completed,
                3 => EscrowStatus::Refunded,
                4 => EscrowStatus::Cancelled,
                other => panic!("unexpected status {other}"),
            },
            released: v.released,
            next_milestone: v.nextMilestone,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.erc20_balance(self.addr(actor))
    }

    fn custody(&mut self) -> u128 {
        self.erc20_balance(self.escrow)
    }

    /// The escrow's logs of the blocks since the last call (`eth_getLogs`), through the
    /// ledger's EVM decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let provider = &self.node.providers[0];
        let (head, logs) = self.node.rt.block_on(async {
            let head = provider.get_block_number().await.unwrap();
            let filter = Filter::new()
                .address(self.escrow)
                .from_block(self.next_block)
                .to_block(head);
            (head, provider.get_logs(&filter).await.unwrap())
        });
        self.next_block = head + 1;
        let rows: Vec<_> = logs
            .iter()
            .map(|log| decode(Some(EvmContract::Escrow(self.escrow)), &log.inner).0)
            .collect();
        escrow_events(&rows, self)
    }
}

#[test]
fn escrow_vectors_on_anvil() {
    let node = Node::start(5);
    run_all("evm/anvil", |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(&node, &balances)
    });
}
