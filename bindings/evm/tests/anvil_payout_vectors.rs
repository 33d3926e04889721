//! Runs every shared payout vector against the Solidity multi-send and Merkle distributor on a
//! real `anvil` node. Trees are built with `tokenrail-core`'s standard-v1 implementation over
//! the EVM leaf encoding.

mod common;

use std::collections::HashMap;

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::Filter;
use common::{Clock, Node};
use tokenrail_core::merkle::StandardTree;
use tokenrail_core::vectors::payout::{
    run_all, Actor, ClaimRequest, DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_core::vectors::payout_events::Event;
use tokenrail_evm::payout::{leaf, payout_error};
use tokenrail_evm::{MockERC20, TokenrailMerkleDistributor, TokenrailMultiSend};
use tokenrail_ledger::evm::{decode, EvmContract};
use tokenrail_ledger::vector_events::{payout_events, PaymentNames};

/// Anvil key of each actor (key 0 deploys).
fn key(a: Actor) -> usize {
    a as usize + 1
}

fn to_failure(e: alloy::contract::Error) -> Failure {
    match payout_error(&e) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(e.to_string()),
    }
}

#[derive(Clone, Debug)]
struct Distribution {
    id: U256,
    tree: StandardTree,
    leaves: Vec<B256>,
}

struct Driver<'a> {
    node: &'a Node,
    token: Address,
    multisend: Address,
    distributor: Address,
    clock: Clock,
    /// The scenario's label of each distribution id created.
    labels: HashMap<String, String>,
    /// The first block [`PayoutDriver::events`] has not read.
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
        let deployer = node.providers[0].clone();
        let (token, multisend, distributor) = node.rt.block_on(async {
            let token = *MockERC20::deploy(deployer.clone()).await.unwrap().address();
            let multisend = *TokenrailMultiSend::deploy(deployer.clone())
                .await
                .unwrap()
                .address();
            let distributor = *TokenrailMerkleDistributor::deploy(deployer.clone())
                .await
                .unwrap()
                .address();
            let erc20 = MockERC20::new(token, deployer.clone());
            for (actor, amount) in balances {
                let to = node.address(key(*actor));
                let pending = erc20.mint(to, U256::from(*amount)).send().await.unwrap();
                pending.get_receipt().await.unwrap();
            }
            for a in Actor::ALL {
                let erc20 = MockERC20::new(token, node.providers[key(a)].clone());
                for spender in [multisend, distributor] {
                    let pending = erc20.approve(spender, U256::MAX).send().await.unwrap();
                    pending.get_receipt().await.unwrap();
                }
            }
            (token, multisend, distributor)
        });
        let head = node
            .rt
            .block_on(async { deployer.get_block_number().await })
            .unwrap();
        Driver {
            node,
            token,
            multisend,
            distributor,
            clock: Clock::new(node.fresh_t0()),
            labels: HashMap::new(),
            next_block: head + 1,
        }
    }

    fn addr(&self, a: Actor) -> Address {
        self.node.address(key(a))
    }

    fn tree_for(&self, id: U256, claims: &[(Actor, u128)]) -> Distribution {
        let leaves: Vec<B256> = claims
            .iter()
            .enumerate()
            .map(|(i, (a, amount))| {
                leaf(
                    self.node.chain_id(),
                    self.distributor,
                    id,
                    i as u64,
                    self.addr(*a),
                    *amount,
                )
            })
            .collect();
        let hashes: Vec<[u8; 32]> = leaves.iter().map(|l| l.0).collect();
        Distribution {
            id,
            tree: StandardTree::new(&hashes).expect("at least one claim"),
            leaves,
        }
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

impl PayoutDriver for Driver<'_> {
    type Distribution = Distribution;

    fn set_time(&mut self, offset: u64) {
        self.clock.set(offset);
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure> {
        let node = self.node;
        let contract = TokenrailMultiSend::new(self.multisend, node.providers[key(by)].clone());
        let recipients: Vec<Address> = legs.iter().map(|(a, _)| self.addr(*a)).collect();
        let amounts: Vec<U256> = legs.iter().map(|(_, m)| U256::from(*m)).collect();
        let token = self.token;
        node.rt.block_on(async {
            self.clock.pin_next_block(&node.providers[0]).await;
            common::send!(
                contract.multisendToken(token, recipients, amounts, U256::from(declared_total)),
                to_failure
            )
        })
    }

    fn create_distribution(
        &mut self,
        by: Actor,
        req: &DistributionRequest,
    ) -> Result<Distribution, Failure> {
        let node = self.node;
        let contract =
            TokenrailMerkleDistributor::new(self.distributor, node.providers[key(by)].clone());
        let count = node
            .rt
            .block_on(async { contract.distributionCount().call().await })
            .unwrap();
        let d = self.tree_for(count + U256::from(1), &req.claims);
        // The Rust leaf must be the contract's own.
        let (a0, m0) = req.claims[0];
        let on_chain = node
            .rt
            .block_on(async {
                contract
                    .leafHash(d.id, U256::ZERO, self.addr(a0), U256::from(m0))
                    .call()
                    .await
            })
            .unwrap();
        assert_eq!(
            on_chain, d.leaves[0],
            "leaf encoding differs from the contract's"
        );
        let funded: u128 = req.funded;
        let (start, expiry) = (self.clock.at(req.start), self.clock.at(req.expiry));
        let (token, root, receiver) = (
            self.token,
            B256::from(d.tree.root()),
            self.addr(req.clawback_to),
        );
        node.rt.block_on(async {
            self.clock.pin_next_block(&node.providers[0]).await;
            common::send!(
                contract.create(token, root, funded, start, expiry, receiver),
                to_failure
            )
        })?;
        self.labels.insert(d.id.to_string(), req.label.clone());
        Ok(d)
    }

    fn claim(&mut self, by: Actor, req: &ClaimRequest<Distribution>) -> Result<(), Failure> {
        let node = self.node;
        let contract =
            TokenrailMerkleDistributor::new(self.distributor, node.providers[key(by)].clone());
        let proof: Vec<B256> = req
            .source
            .tree
            .proof(req.proof_of as usize)
            .into_iter()
            .map(B256::from)
            .collect();
        let (id, index, account, amount) = (
            req.target.id,
            U256::from(req.index),
            self.addr(req.account),
            U256::from(req.amount),
        );
        node.rt.block_on(async {
            self.clock.pin_next_block(&node.providers[0]).await;
            common::send!(
                contract.claim(id, index, account, amount, proof),
                to_failure
            )
        })
    }

    fn clawback(&mut self, by: Actor, d: &Distribution) -> Result<(), Failure> {
        let node = self.node;
        let contract =
            TokenrailMerkleDistributor::new(self.distributor, node.providers[key(by)].clone());
        let id = d.id;
        node.rt.block_on(async {
            self.clock.pin_next_block(&node.providers[0]).await;
            common::send!(contract.clawback(id), to_failure)
        })
    }

    fn missing_distribution(&mut self, claims: &[(Actor, u128)]) -> Distribution {
        let claims = if claims.is_empty() {
            vec![(Actor::Alice, 1)]
        } else {
            claims.to_vec()
        };
        self.tree_for(U256::from(u64::MAX), &claims)
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        self.erc20_balance(self.addr(actor))
    }

    fn custody(&mut self) -> u128 {
        self.erc20_balance(self.distributor) + self.erc20_balance(self.multisend)
    }

    fn claimed(&mut self, d: &Distribution) -> u128 {
        let c = TokenrailMerkleDistributor::new(self.distributor, self.node.providers[0].clone());
        let v = self
            .node
            .rt
            .block_on(async { c.getDistribution(d.id).call().await })
            .unwrap();
        v.claimed
    }

    fn is_claimed(&mut self, d: &Distribution, index: u32) -> bool {
        let c = TokenrailMerkleDistributor::new(self.distributor, self.node.providers[0].clone());
        self.node
            .rt
            .block_on(async { c.isClaimed(d.id, U256::from(index)).call().await })
            .unwrap()
    }

    /// The multi-send's and the distributor's logs of the blocks since the last call
    /// (`eth_getLogs`), through the ledger's EVM decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let provider = &self.node.providers[0];
        let (head, logs) = self.node.rt.block_on(async {
            let head = provider.get_block_number().await.unwrap();
            let filter = Filter::new()
                .address(vec![self.multisend, self.distributor])
                .from_block(self.next_block)
                .to_block(head);
            (head, provider.get_logs(&filter).await.unwrap())
        });
        self.next_block = head + 1;
        let rows: Vec<_> = logs
            .iter()
            .map(|log| {
                let contract = if log.address() == self.multisend {
                    EvmContract::MultiSend(self.multisend)
                } else {
                    EvmContract::Distributor(self.distributor)
                };
                decode(Some(contract), &log.inner).0
            })
            .collect();
        payout_events(&rows, self)
    }
}

#[test]
fn payout_vectors_on_anvil() {
    let node = Node::start(Actor::ALL.len() + 1);
    run_all("evm/anvil", |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(&node, &balances)
    });
}
