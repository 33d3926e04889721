//! Runs every shared escrow vector against the Solidity escrow on a real `anvil` node, through
//! the generated alloy bindings.

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, U256};
use alloy::providers::ext::AnvilApi;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tokenrail_core::escrow::EscrowStatus;
use tokenrail_core::vectors::escrow::{run_all, CreateRequest, EscrowDriver, EscrowView, Failure};
use tokenrail_core::vectors::Actor;
use tokenrail_evm::{escrow_error, MockERC20, TokenrailEscrow};
use tokio::runtime::Runtime;

/// Chain seconds per scenario second. EVM blocks need strictly increasing timestamps, so each
/// transaction of a scenario second gets its own chain second inside a window of `SCALE`. Every
/// contract comparison is `now < deadline` or `now >= deadline` with deadlines on window
/// boundaries, so the scaling changes no outcome.
const SCALE: u64 = 100;

/// The anvil binary installed by `scripts/setup` (override with `ANVIL_BIN`).
pub fn anvil_path() -> PathBuf {
    std::env::var_os("ANVIL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
        })
}

struct Node {
    rt: Runtime,
    anvil: AnvilInstance,
    /// One provider per key: deployer first, then one per actor.
    providers: Vec<DynProvider>,
}

impl Node {
    fn start() -> Node {
        let path = anvil_path();
        assert!(
            path.exists(),
            "{} missing: run scripts/setup",
            path.display()
        );
        let anvil = Anvil::new().path(path).arg("--accounts").arg("5").spawn();
        let rt = Runtime::new().unwrap();
        let providers = anvil
            .keys()
            .iter()
            .map(|k| {
                let signer = PrivateKeySigner::from(k.clone());
                ProviderBuilder::new()
                    .wallet(EthereumWallet::from(signer))
                    .connect_http(anvil.endpoint_url())
                    .erased()
            })
            .collect();
        Node {
            rt,
            anvil,
            providers,
        }
    }
}

/// Sends a prepared call with a fixed gas limit (gas estimation would simulate at the previous
/// block's timestamp, not the pinned one), so a revert is mined rather than raised. A mined revert
/// is then replayed with `eth_call` at its own block, whose state and timestamp it saw, to read the
/// revert data.
macro_rules! send {
    ($call:expr) => {
        async {
            let call = $call.gas(3_000_000);
            let receipt = call
                .send()
                .await
                .map_err(to_failure)?
                .get_receipt()
                .await
                .map_err(|e| Failure::Other(e.to_string()))?;
            if receipt.status() {
                return Ok(());
            }
            let block = receipt.block_number.expect("mined receipt has a block");
            match call.call().block(block.into()).await {
                Err(e) => Err(to_failure(e)),
                Ok(_) => Err(Failure::Other(
                    "reverted when mined, succeeded on replay".into(),
                )),
            }
        }
        .await
    };
}

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
    t0: u64,
    /// Scenario second of the current window and transactions sent in it.
    window: u64,
    sent_in_window: u64,
}

impl<'a> Driver<'a> {
    fn new(node: &'a Node, balances: &[(Actor, u128)]) -> Self {
        let deployer = &node.providers[0];
        let (escrow, token, t0) = node.rt.block_on(async {
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
            let latest = deployer.get_block_number().await.unwrap();
            let block = deployer
                .get_block_by_number(latest.into())
                .await
                .unwrap()
                .unwrap();
            // Start each scenario on a fresh window well after anything mined so far.
            let t0 = (block.header.timestamp / SCALE + 10) * SCALE;
            (escrow, token, t0)
        });
        Driver {
            node,
            escrow,
            token,
            t0,
            window: 0,
            sent_in_window: 0,
        }
    }

    fn provider(&self, a: Actor) -> DynProvider {
        self.node.providers[a as usize + 1].clone()
    }

    fn addr(&self, a: Actor) -> Address {
        self.node.anvil.addresses()[a as usize + 1]
    }

    /// Pins the next block's timestamp inside the current window.
    async fn next_timestamp(&mut self) {
        assert!(
            self.sent_in_window < SCALE,
            "more than {SCALE} transactions in one second"
        );
        let ts = self.t0 + self.window * SCALE + self.sent_in_window;
        self.sent_in_window += 1;
        self.node.providers[0]
            .anvil_set_next_block_timestamp(ts)
            .await
            .unwrap();
    }

    fn transact(&mut self, by: Actor, call: Call) -> Result<(), Failure> {
        let node = self.node;
        let contract = TokenrailEscrow::new(self.escrow, self.provider(by));
        let result = node.rt.block_on(async {
            self.next_timestamp().await;
            match call {
                Call::Create {
                    beneficiary,
                    arbiter,
                    milestones,
                    deadline,
                } => send!(contract.create(self.token, beneficiary, arbiter, milestones, deadline)),
                Call::Release(id, k) => send!(contract.release(id, k)),
                Call::Refund(id) => send!(contract.refund(id)),
                Call::Cancel(id) => send!(contract.cancel(id)),
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
        self.window = offset;
        self.sent_in_window = 0;
    }

    fn create(&mut self, by: Actor, req: &CreateRequest) -> Result<U256, Failure> {
        let call = Call::Create {
            beneficiary: self.addr(req.beneficiary),
            arbiter: req.arbiter.map_or(Address::ZERO, |a| self.addr(a)),
            milestones: req.milestones.clone(),
            deadline: self.t0 + req.deadline_offset * SCALE,
        };
        self.transact(by, call)?;
        // Ids are sequential; the one just created is the count.
        let c = TokenrailEscrow::new(self.escrow, self.node.providers[0].clone());
        Ok(self
            .node
            .rt
            .block_on(async { c.escrowCount().call().await })
            .unwrap())
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
}

#[test]
fn escrow_vectors_on_anvil() {
    let node = Node::start();
    run_all("evm/anvil", |v| {
        let balances: Vec<(Actor, u128)> = v.balances.iter().map(|(a, b)| (*a, b.0)).collect();
        Driver::new(&node, &balances)
    });
}
