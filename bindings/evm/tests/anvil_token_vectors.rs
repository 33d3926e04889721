//! Runs every shared token vector against `TokenrailAssetToken` and `TokenrailIdentityRegistry`
//! on a real `anvil` node.

mod common;

use alloy::primitives::{Address, FixedBytes, U256};
use alloy::providers::ext::AnvilApi;
use alloy::providers::Provider;
use alloy::rpc::types::Filter;
use common::{Clock, Node};
use tokenrail_core::token::TokenError;
use tokenrail_core::vectors::token::{
    run_all, Actor, Document, Failure, Hash32, InvestorStatus, Op, Role, TokenDriver,
    ZeroAmountTransfers,
};
use tokenrail_core::vectors::token_events::Event;
use tokenrail_evm::token::{document_name, document_name_text, token_error};
use tokenrail_evm::ITokenrailIdentityRegistry::Entry;
use tokenrail_evm::TokenrailAssetToken::TokenrailAssetTokenInstance;
use tokenrail_evm::TokenrailIdentityRegistry::TokenrailIdentityRegistryInstance;
use tokenrail_evm::{TokenrailAssetToken, TokenrailIdentityRegistry};
use tokenrail_ledger::evm::{decode, EvmContract};
use tokenrail_ledger::vector_events::{token_events, Names};
use tokenrail_ledger::EventData;

/// Anvil key of each actor (key 0 deploys and queries).
fn key(a: Actor) -> usize {
    a as usize + 1
}

fn to_failure(e: alloy::contract::Error) -> Failure {
    match token_error(&e) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(e.to_string()),
    }
}

struct Driver<'a> {
    node: &'a Node,
    token: Address,
    registry: Address,
    clock: Clock,
    /// Role ids, indexed by [`Role`].
    roles: [FixedBytes<32>; 4],
    /// The first block whose logs [`TokenDriver::events`] has not read.
    next_block: u64,
}

/// How this driver's rows name actors, roles and times.
struct EvmNames<'a>(&'a Driver<'a>);

impl Names for EvmNames<'_> {
    fn actor(&self, address: &str) -> Option<Actor> {
        let address: Address = address.parse().ok()?;
        Actor::ALL.into_iter().find(|a| self.0.addr(*a) == address)
    }

    fn role(&self, role: &str) -> Option<Role> {
        let id: FixedBytes<32> = role.parse().ok()?;
        let at = self.0.roles.iter().position(|r| *r == id)?;
        Some([Role::Issuer, Role::Agent, Role::Pauser, Role::RegistryAgent][at])
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(self.0.clock.t0) / common::SCALE
    }
}

impl<'a> Driver<'a> {
    fn new(node: &'a Node, cap: u128) -> Self {
        let deployer = node.providers[0].clone();
        let admin = node.address(key(Actor::Admin));
        let (token, registry) = node.rt.block_on(async {
            let registry = *TokenrailIdentityRegistry::deploy(deployer.clone(), admin)
                .await
                .unwrap()
                .address();
            let token = *TokenrailAssetToken::deploy(
                deployer.clone(),
                "Tokenrail Bond 2030".into(),
                "TRB30".into(),
                6,
                U256::from(cap),
                registry,
                admin,
                "ipfs://prospectus".into(),
                FixedBytes::repeat_byte(0x11),
            )
            .await
            .unwrap()
            .address();
            // The registry pushes entry changes only to the tokens bound to it.
            let as_admin = node.providers[key(Actor::Admin)].clone();
            let bound = TokenrailIdentityRegistry::new(registry, as_admin)
                .bindToken(token)
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap();
            assert!(bound.status(), "bindToken reverted");
            (token, registry)
        });
        let deployed = node
            .rt
            .block_on(node.providers[0].get_block_number())
            .unwrap();
        let mut d = Driver {
            node,
            token,
            registry,
            clock: Clock::new(node.fresh_t0()),
            roles: [FixedBytes::ZERO; 4],
            next_block: deployed + 1,
        };
        d.roles =
            [Role::Issuer, Role::Agent, Role::Pauser, Role::RegistryAgent].map(|r| d.role_id(r));
        d
    }

    fn addr(&self, a: Actor) -> Address {
        self.node.address(key(a))
    }

    fn token_as(&self, a: Actor) -> TokenrailAssetTokenInstance<alloy::providers::DynProvider> {
        TokenrailAssetToken::new(self.token, self.node.providers[key(a)].clone())
    }

    fn registry_as(
        &self,
        a: Actor,
    ) -> TokenrailIdentityRegistryInstance<alloy::providers::DynProvider> {
        TokenrailIdentityRegistry::new(self.registry, self.node.providers[key(a)].clone())
    }

    fn reader(&self) -> TokenrailAssetTokenInstance<alloy::providers::DynProvider> {
        TokenrailAssetToken::new(self.token, self.node.providers[0].clone())
    }

    fn role_id(&self, role: Role) -> FixedBytes<32> {
        let (t, r) = (self.reader(), self.registry_as(Actor::Admin));
        self.node.rt.block_on(async {
            match role {
                Role::Issuer => t.ISSUER().call().await,
                Role::Agent => t.COMPLIANCE_AGENT().call().await,
                Role::Pauser => t.PAUSER().call().await,
                Role::RegistryAgent => r.REGISTRY_AGENT().call().await,
            }
            .unwrap()
        })
    }
}

impl TokenDriver for Driver<'_> {
    fn set_time(&mut self, offset: u64) {
        self.clock.set(offset);
    }

    fn call(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        let node = self.node;
        let t = self.token_as(by);
        let r = self.registry_as(by);
        let addrs: Vec<Address> = Actor::ALL.iter().map(|a| self.addr(*a)).collect();
        let addr = |a: Actor| addrs[a as usize];
        let t0 = self.clock.t0;
        // Chain time of a scenario offset; 0 stays 0 (no lock-up).
        let time = |offset: u64| {
            if offset == 0 {
                0
            } else {
                t0 + offset * common::SCALE
            }
        };
        let roles = self.roles;
        let role_id = |role: Role| roles[role as usize];
        let u = |v: u128| U256::from(v);
        let clock = &mut self.clock;
        node.rt.block_on(async {
            // Each transaction gets its own timestamp inside the scenario second.
            macro_rules! go {
                ($call:expr) => {{
                    clock.pin_next_block(&node.providers[0]).await;
                    common::send!($call, to_failure)
                }};
            }
            match op {
                Op::GrantRole { role, account } if *role == Role::RegistryAgent => {
                    go!(r.grantRole(role_id(*role), addr(*account)))
                }
                Op::GrantRole { role, account } => go!(t.grantRole(role_id(*role), addr(*account))),
                Op::RevokeRole { role, account } if *role == Role::RegistryAgent => {
                    go!(r.revokeRole(role_id(*role), addr(*account)))
                }
                Op::RevokeRole { role, account } => {
                    go!(t.revokeRole(role_id(*role), addr(*account)))
                }
                // One admin for the token and its registry in these scenarios.
                Op::ProposeAdmin { new } => {
                    let who = new.map_or(Address::ZERO, addr);
                    go!(t.proposeAdmin(who))?;
                    go!(r.proposeAdmin(who))
                }
                Op::AcceptAdmin => {
                    go!(t.acceptAdmin())?;
                    go!(r.acceptAdmin())
                }
                Op::Register { entries } => {
                    let investors = entries.iter().map(|e| addr(e.investor)).collect();
                    let entries = entries
                        .iter()
                        .map(|e| Entry {
                            status: match e.status {
                                InvestorStatus::Verified => 1,
                                InvestorStatus::Revoked => 2,
                            },
                            jurisdiction: e.jurisdiction,
                            kycExpiry: time(e.kyc_expiry),
                        })
                        .collect();
                    go!(r.upsert(investors, entries))
                }
                Op::RemoveInvestors { investors } => {
                    go!(r.remove(investors.iter().map(|a| addr(*a)).collect()))
                }
                Op::SetRules { rules } => go!(t.setRules(
                    rules.allowed_jurisdictions.clone(),
                    rules.blocked_jurisdictions.clone(),
                    rules.max_holders,
                    u(rules.max_balance.0),
                    rules.expired_kyc_blocks_sending,
                )),
                Op::Mint { to, amount } => go!(t.mint(addr(*to), u(amount.0))),
                Op::Transfer { to, amount } => go!(t.transfer(addr(*to), u(amount.0))),
                Op::Approve { spender, amount } => go!(t.approve(addr(*spender), u(amount.0))),
                Op::TransferFrom { from, to, amount } => {
                    go!(t.transferFrom(addr(*from), addr(*to), u(amount.0)))
                }
                Op::BatchTransfer { legs } => {
                    let to = legs.iter().map(|(a, _)| addr(*a)).collect();
                    let amounts = legs.iter().map(|(_, m)| u(m.0)).collect();
                    go!(t.batchTransfer(to, amounts))
                }
                Op::Burn { amount } => go!(t.burn(u(amount.0))),
                Op::Redeem { from, amount } => go!(t.redeem(addr(*from), u(amount.0))),
                Op::ForcedTransfer { from, to, amount } => {
                    go!(t.forcedTransfer(addr(*from), addr(*to), u(amount.0)))
                }
                Op::Recover { lost, new } => go!(t.recover(addr(*lost), addr(*new))),
                Op::SetAccountFrozen { account, frozen } => {
                    go!(t.setAccountFrozen(addr(*account), *frozen))
                }
                Op::SetFrozenAmount { account, amount } => {
                    go!(t.setFrozenTokens(addr(*account), u(amount.0)))
                }
                Op::SetLockup { account, until } => {
                    go!(t.setLockup(addr(*account), time(*until)))
                }
                Op::Pause => go!(t.pause()),
                Op::Deactivate => go!(t.deactivate()),
                Op::Unpause => go!(t.unpause()),
                Op::SetDocument { name, uri, hash } => {
                    let name = document_name(name).map_err(Failure::Spec)?;
                    go!(t.setDocument(name, uri.clone(), hash.0.into()))
                }
                Op::RemoveDocument { name } => {
                    let name = document_name(name).map_err(Failure::Spec)?;
                    go!(t.removeDocument(name))
                }
            }
        })
    }

    fn events(&mut self) -> Result<Vec<Event>, String> {
        let provider = &self.node.providers[0];
        let (head, logs) = self.node.rt.block_on(async {
            let head = provider.get_block_number().await.unwrap();
            let filter = Filter::new()
                .address(vec![self.token, self.registry])
                .from_block(self.next_block)
                .to_block(head);
            (head, provider.get_logs(&filter).await.unwrap())
        });
        self.next_block = head + 1;
        let rows: Vec<EventData> = logs
            .iter()
            .filter_map(|log| {
                let contract = if log.address() == self.token {
                    EvmContract::Token(self.token)
                } else {
                    EvmContract::Registry(self.registry)
                };
                let (row, _) = decode(Some(contract), &log.inner);
                // The driver hands the registry over with the token (one admin in these
                // scenarios); the vectors list the token's handover.
                let registry_handover = matches!(contract, EvmContract::Registry(_))
                    && matches!(
                        row,
                        EventData::AdminProposed { .. } | EventData::AdminTransferred { .. }
                    );
                (!registry_handover).then_some(row)
            })
            .collect();
        token_events(&rows, &EvmNames(self))
    }

    fn can_transfer(&mut self, from: Actor, to: Actor, amount: u128) -> u16 {
        let node = self.node;
        let t = self.reader();
        let (from, to) = (self.addr(from), self.addr(to));
        let clock = &mut self.clock;
        node.rt.block_on(async {
            // Mine an empty block at the scenario time, so the view sees it.
            clock.pin_next_block(&node.providers[0]).await;
            node.providers[0].evm_mine(None).await.unwrap();
            t.transferStatus(from, to, U256::from(amount))
                .call()
                .await
                .unwrap()
                .into()
        })
    }

    fn balance(&mut self, a: Actor) -> u128 {
        let (t, who) = (self.reader(), self.addr(a));
        let b = self
            .node
            .rt
            .block_on(async { t.balanceOf(who).call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    fn frozen_amount(&mut self, a: Actor) -> u128 {
        let (t, who) = (self.reader(), self.addr(a));
        let b = self
            .node
            .rt
            .block_on(async { t.getFrozenTokens(who).call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    fn supply(&mut self) -> u128 {
        let t = self.reader();
        let b = self
            .node
            .rt
            .block_on(async { t.totalSupply().call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    fn holders(&mut self) -> u32 {
        let t = self.reader();
        let b = self
            .node
            .rt
            .block_on(async { t.holders().call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    fn zero_amount_transfers(&self) -> ZeroAmountTransfers {
        ZeroAmountTransfers::Accepted
    }

    fn document(&mut self, name: &str) -> Option<Document> {
        let t = self.reader();
        let word = document_name(name).ok()?;
        let got = self
            .node
            .rt
            .block_on(async { t.getDocument(word).call().await });
        match got {
            Ok(d) => Some(Document {
                uri: d._0,
                hash: Hash32(d._1.0),
                last_modified: EvmNames(self).offset(d._2.try_into().unwrap()),
            }),
            Err(e) if token_error(&e) == Some(TokenError::DocumentNotFound) => None,
            Err(e) => panic!("document `{name}`: {e}"),
        }
    }

    fn document_names(&mut self) -> Vec<String> {
        let t = self.reader();
        let words = self
            .node
            .rt
            .block_on(async { t.getAllDocuments().call().await })
            .unwrap();
        words.iter().map(document_name_text).collect()
    }
}

#[test]
fn token_vectors_on_anvil() {
    let node = Node::start(Actor::ALL.len() + 1);
    run_all("evm/anvil", |v| Driver::new(&node, v.cap.0));
}
