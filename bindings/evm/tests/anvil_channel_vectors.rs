//! Runs every shared channel vector against `TokenrailChannel` on a real `anvil` node, in an
//! ERC-20: parties are anvil's keys, states are signed with `tokenrail-channel`'s EIP-712
//! encoding (the bytes the contract verifies), and the contract recovers the signers.

mod common;

use std::collections::HashMap;

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::Filter;
use common::{Clock, Node};
use tokenrail_channel::{malleate_secp256k1, Domain, Kind as SignedKind, Message, Secp256k1Key};
use tokenrail_core::vectors::channel::{
    run_all, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind, Party, SignRequest, Tamper,
};
use tokenrail_core::vectors::channel_events::Event;
use tokenrail_evm::channel::{channel_error, channel_id};
use tokenrail_evm::ITokenrailChannel::{self, ChannelKey};
use tokenrail_evm::TokenrailChannel::TokenrailChannelInstance;
use tokenrail_evm::{MockERC20, TokenrailChannel};
use tokenrail_ledger::evm::{decode, EvmContract};
use tokenrail_ledger::vector_events::{channel_events, opened_channel, PaymentNames};

/// Anvil key of each party (key 0 deploys and queries).
fn key_index(p: Party) -> usize {
    usize::from(p) + 1
}

fn to_failure(e: alloy::contract::Error) -> Failure {
    match channel_error(&e) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(e.to_string()),
    }
}

/// A message both signers signed, kept for later steps.
struct Signed {
    channel_id: B256,
    epoch: u64,
    nonce: u64,
    sent_a: u128,
    sent_b: u128,
    sig_a: Bytes,
    sig_b: Bytes,
}

struct Driver<'a> {
    node: &'a Node,
    channel: Address,
    token: Address,
    clock: Clock,
    /// Label → (opener, counterparty) of the last open attempt.
    channels: HashMap<String, (Party, Party)>,
    signed: HashMap<String, Signed>,
    /// The label of the channel the last call opened, until its events name its id.
    opening: Option<String>,
    /// The scenario's label of each channel id the rows name.
    labels: HashMap<String, String>,
    /// The first block [`ChannelDriver::events`] has not read.
    next_block: u64,
}

impl PaymentNames<Party> for Driver<'_> {
    fn actor(&self, address: &str) -> Option<Party> {
        let address: Address = address.parse().ok()?;
        Party::ALL.into_iter().find(|p| self.addr(*p) == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(self.clock.t0)
    }
}

impl<'a> Driver<'a> {
    fn new(node: &'a Node, balances: &[(Party, u128)]) -> Self {
        let deployer = node.providers[0].clone();
        let (channel, token) = node.rt.block_on(async {
            let channel = *TokenrailChannel::deploy(deployer.clone())
                .await
                .unwrap()
                .address();
            let token = MockERC20::deploy(deployer.clone()).await.unwrap();
            for (p, amount) in balances {
                let who = node.address(key_index(*p));
                token
                    .mint(who, U256::from(*amount))
                    .send()
                    .await
                    .unwrap()
                    .watch()
                    .await
                    .unwrap();
            }
            for p in Party::ALL {
                MockERC20::new(*token.address(), node.providers[key_index(p)].clone())
                    .approve(channel, U256::MAX)
                    .send()
                    .await
                    .unwrap()
                    .watch()
                    .await
                    .unwrap();
            }
            (channel, *token.address())
        });
        let head = node
            .rt
            .block_on(async { deployer.get_block_number().await })
            .unwrap();
        Driver {
            node,
            channel,
            token,
            clock: Clock::exact(node.fresh_t0()),
            channels: HashMap::new(),
            signed: HashMap::new(),
            opening: None,
            labels: HashMap::new(),
            next_block: head + 1,
        }
    }

    fn addr(&self, p: Party) -> Address {
        self.node.address(key_index(p))
    }

    fn secret(&self, p: Party) -> Secp256k1Key {
        let bytes: [u8; 32] = self.node.anvil.keys()[key_index(p)].to_bytes().into();
        Secp256k1Key::from_bytes(&bytes).unwrap()
    }

    fn as_party(&self, p: Party) -> TokenrailChannelInstance<DynProvider> {
        TokenrailChannel::new(self.channel, self.node.providers[key_index(p)].clone())
    }

    fn reader(&self) -> TokenrailChannelInstance<DynProvider> {
        TokenrailChannel::new(self.channel, self.node.providers[0].clone())
    }

    /// The key of the channel labelled `label` (Alice and Bob before any open).
    fn key(&self, label: &str) -> ChannelKey {
        let (a, b) = self
            .channels
            .get(label)
            .copied()
            .unwrap_or((Party::Alice, Party::Bob));
        ChannelKey {
            a: self.addr(a),
            b: self.addr(b),
            asset: self.token,
        }
    }

    fn get(&self, label: &str) -> ITokenrailChannel::ChannelView {
        let k = self.key(label);
        let c = self.reader();
        self.node.rt.block_on(async {
            let id = c.channelId(k.clone()).call().await.unwrap();
            assert_eq!(
                id,
                channel_id(k.a, k.b, k.asset),
                "the bindings derive the id"
            );
            c.getChannel(id).call().await.unwrap()
        })
    }

    fn state(s: &Signed) -> ITokenrailChannel::State {
        ITokenrailChannel::State {
            channelId: s.channel_id,
            epoch: s.epoch,
            nonce: s.nonce,
            sentA: s.sent_a,
            sentB: s.sent_b,
        }
    }
}

/// Sends `$call`, built on `$c` (the channel as party `$by`), at the scenario time.
macro_rules! send_as {
    ($driver:ident, $by:expr, |$c:ident| $call:expr) => {{
        let $c = $driver.as_party($by);
        let node = $driver.node;
        let clock = &mut $driver.clock;
        node.rt.block_on(async {
            clock.pin_next_block(&node.providers[0]).await;
            common::send!($call, to_failure)
        })
    }};
}

impl ChannelDriver for Driver<'_> {
    fn set_time(&mut self, offset: u64) {
        self.clock.set(offset);
    }

    fn open(
        &mut self,
        by: Party,
        channel: &str,
        counterparty: Party,
        amount: u128,
        period: u64,
    ) -> Result<(), Failure> {
        self.channels.insert(channel.into(), (by, counterparty));
        self.opening = Some(channel.into());
        let (b, asset) = (self.addr(counterparty), self.token);
        let period = u32::try_from(period).unwrap_or(u32::MAX);
        send_as!(self, by, |c| c.open(b, asset, amount, period))
    }

    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure> {
        let k = self.key(channel);
        send_as!(self, by, |c| c.deposit(k, amount))
    }

    fn sign(&mut self, message: &str, r: &SignRequest) {
        let (a, b) = self.channels[&r.channel];
        let k = self.key(&r.channel);
        let id = channel_id(k.a, k.b, k.asset);
        let epoch = r.epoch.unwrap_or_else(|| self.get(&r.channel).epoch);
        let chain_id = self.node.chain_id();
        let domain = Domain::Evm {
            chain_id: if r.tamper == Tamper::OtherNetwork {
                chain_id + 1
            } else {
                chain_id
            },
            verifying_contract: if r.tamper == Tamper::OtherDeployment {
                Address::repeat_byte(0x42).into()
            } else {
                self.channel.into()
            },
        };
        let nonce = if r.kind == Kind::State { r.nonce } else { 0 };
        let kind = match r.kind {
            Kind::State => SignedKind::State,
            Kind::Close => SignedKind::Close,
        };
        let msg = Message::new(kind, id.0, epoch, nonce, r.sent_a.0, r.sent_b.0);
        let [signer_a, signer_b] = r.signers.unwrap_or([a, b]);
        let sign = |p: Party| {
            let sig = self.secret(p).sign(&domain, &msg).unwrap();
            Bytes::from(if r.tamper == Tamper::HighS {
                malleate_secp256k1(&sig)
            } else {
                sig
            })
        };
        let signed = Signed {
            channel_id: id,
            epoch,
            nonce,
            sent_a: r.sent_a.0,
            sent_b: r.sent_b.0,
            sig_a: sign(signer_a),
            sig_b: sign(signer_b),
        };
        self.signed.insert(message.into(), signed);
    }

    fn close_cooperative(
        &mut self,
        by: Party,
        channel: &str,
        message: &str,
    ) -> Result<(), Failure> {
        let k = self.key(channel);
        let s = &self.signed[message];
        // The contract takes whatever kind was signed: a State submitted here must fail.
        let close = ITokenrailChannel::Close {
            channelId: s.channel_id,
            epoch: s.epoch,
            sentA: s.sent_a,
            sentB: s.sent_b,
        };
        let (sa, sb) = (s.sig_a.clone(), s.sig_b.clone());
        send_as!(self, by, |c| c.closeCooperative(k, close, sa, sb))
    }

    fn close_unilateral(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let k = self.key(channel);
        let s = &self.signed[message];
        let (state, sa, sb) = (Self::state(s), s.sig_a.clone(), s.sig_b.clone());
        send_as!(self, by, |c| c.closeUnilateral(k, state, sa, sb))
    }

    fn close_without_state(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let k = self.key(channel);
        send_as!(self, by, |c| c.closeWithoutState(k))
    }

    fn challenge(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let k = self.key(channel);
        let s = &self.signed[message];
        let (state, sa, sb) = (Self::state(s), s.sig_a.clone(), s.sig_b.clone());
        send_as!(self, by, |c| c.challenge(k, state, sa, sb))
    }

    fn settle(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let k = self.key(channel);
        send_as!(self, by, |c| c.settle(k))
    }

    fn view(&mut self, channel: &str) -> Option<ChannelView> {
        let v = self.get(channel);
        let status = match v.status {
            0 => return None,
            1 => ChannelStatus::Open,
            2 => ChannelStatus::Closing,
            3 => ChannelStatus::Settled,
            other => panic!("unknown status {other}"),
        };
        Some(ChannelView {
            status,
            epoch: v.epoch,
            nonce: v.nonce,
        })
    }

    fn balance(&mut self, who: Party) -> u128 {
        let t = MockERC20::new(self.token, self.node.providers[0].clone());
        let who = self.addr(who);
        let b = self
            .node
            .rt
            .block_on(async { t.balanceOf(who).call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    fn custody(&mut self) -> u128 {
        let t = MockERC20::new(self.token, self.node.providers[0].clone());
        let channel = self.channel;
        let b = self
            .node
            .rt
            .block_on(async { t.balanceOf(channel).call().await })
            .unwrap();
        b.try_into().unwrap()
    }

    /// The channel contract's logs of the blocks since the last call (`eth_getLogs`), through
    /// the ledger's EVM decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let provider = &self.node.providers[0];
        let (head, logs) = self.node.rt.block_on(async {
            let head = provider.get_block_number().await.unwrap();
            let filter = Filter::new()
                .address(self.channel)
                .from_block(self.next_block)
                .to_block(head);
            (head, provider.get_logs(&filter).await.unwrap())
        });
        self.next_block = head + 1;
        let rows: Vec<_> = logs
            .iter()
            .map(|log| decode(Some(EvmContract::Channel(self.channel)), &log.inner).0)
            .collect();
        if let (Some(label), Some(id)) = (self.opening.take(), opened_channel(&rows)) {
            self.labels.insert(id, label);
        }
        channel_events(&rows, self)
    }
}

#[test]
fn channel_vectors_on_anvil() {
    let node = Node::start(Party::ALL.len() + 1);
    let ran = run_all("evm/anvil", |v| {
        let balances: Vec<(Party, u128)> = v.balances.iter().map(|(p, a)| (*p, a.0)).collect();
        Driver::new(&node, &balances)
    });
    assert!(ran >= 5, "every channel vector ran");
}
