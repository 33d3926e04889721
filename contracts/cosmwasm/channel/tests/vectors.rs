//! Runs every shared channel vector (`tests/vectors/channel`) on cw-multi-test: parties are
//! accounts of secp256k1 keys (their canonical address is `ripemd160(sha256(key))`), states are
//! signed with `tokenrail-channel`'s CosmWasm encoding, and the contract recovers the signers.

use std::collections::HashMap;

use cosmwasm_std::{coins, Addr, Empty, HexBinary, Timestamp, Uint128};
use cw_channel::msg::{CloseMsg, ExecuteMsg, InstantiateMsg, QueryMsg, StateMsg};
use cw_channel::state::{Channel, Status};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use tokenrail_channel::{malleate_secp256k1, Close, Domain, Message, Secp256k1Key, State};
use tokenrail_core::channel::ChannelError;
use tokenrail_core::vectors::channel::{
    run_all, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind, Party, SignRequest, Tamper,
};
use tokenrail_cw_test_chain::T0;

const DENOM: &str = "uusd";

fn channel_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw_channel::contract::execute,
        cw_channel::contract::instantiate,
        cw_channel::contract::query,
    ))
}

fn key(p: Party) -> Secp256k1Key {
    Secp256k1Key::from_bytes(&[p as u8 + 1; 32]).unwrap()
}

/// The account of a party's key, as the chain derives it.
fn address(p: Party) -> Addr {
    let canonical = Ripemd160::digest(Sha256::digest(key(p).public_compressed()));
    let hrp = bech32::Hrp::parse("cosmwasm").unwrap();
    Addr::unchecked(bech32::encode::<bech32::Bech32>(hrp, &canonical).unwrap())
}

/// A signed message kept for later steps.
struct Signed {
    kind: Kind,
    channel_id: HexBinary,
    epoch: u64,
    nonce: u64,
    sent_a: Uint128,
    sent_b: Uint128,
    sig_a: HexBinary,
    sig_b: HexBinary,
}

struct Driver {
    app: App,
    contract: Addr,
    /// Label → (opener, counterparty) of the last open attempt.
    channels: HashMap<String, (Party, Party)>,
    signed: HashMap<String, Signed>,
}

fn to_failure(err: cosmwasm_std::StdError) -> Failure {
    let text = format!("{err:?}");
    match ChannelError::find_tag(&text) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(text),
    }
}

impl Driver {
    fn new(balances: &[(Party, u128)]) -> Self {
        let funded: Vec<(Addr, u128)> = balances.iter().map(|(p, a)| (address(*p), *a)).collect();
        let mut app = App::new(|router, _api, storage| {
            for (addr, amount) in &funded {
                router
                    .bank
                    .init_balance(storage, addr, coins(*amount, DENOM))
                    .unwrap();
            }
        });
        app.update_block(|b| b.time = Timestamp::from_seconds(T0));
        let code = app.store_code(channel_contract());
        let owner = app.api().addr_make("deployer");
        let contract = app
            .instantiate_contract(code, owner, &InstantiateMsg {}, &[], "channels", None)
            .unwrap();
        Driver {
            app,
            contract,
            channels: HashMap::new(),
            signed: HashMap::new(),
        }
    }

    fn id(&self, label: &str) -> HexBinary {
        let (a, b) = self
            .channels
            .get(label)
            .copied()
            .unwrap_or((Party::Alice, Party::Bob));
        self.app
            .wrap()
            .query_wasm_smart(
                &self.contract,
                &QueryMsg::ChannelId {
                    a: address(a).to_string(),
                    b: address(b).to_string(),
                    denom: DENOM.into(),
                },
            )
            .unwrap()
    }

    fn channel(&self, label: &str) -> Option<Channel> {
        let channel_id = self.id(label);
        self.app
            .wrap()
            .query_wasm_smart(&self.contract, &QueryMsg::Channel { channel_id })
            .unwrap()
    }

    fn exec(&mut self, by: Party, msg: &ExecuteMsg, funds: u128) -> Result<AppResponse, Failure> {
        let funds = if funds == 0 {
            vec![]
        } else {
            coins(funds, DENOM)
        };
        self.app
            .execute_contract(address(by), self.contract.clone(), msg, &funds)
            .map_err(to_failure)
    }

    fn state_msg(s: &Signed) -> StateMsg {
        StateMsg {
            channel_id: s.channel_id.clone(),
            epoch: s.epoch,
            nonce: s.nonce,
            sent_a: s.sent_a,
            sent_b: s.sent_b,
        }
    }
}

impl ChannelDriver for Driver {
    fn set_time(&mut self, offset: u64) {
        tokenrail_cw_test_chain::set_time(&mut self.app, offset);
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
        let msg = ExecuteMsg::Open {
            counterparty: address(counterparty).to_string(),
            period,
        };
        self.exec(by, &msg, amount).map(|_| ())
    }

    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure> {
        let msg = ExecuteMsg::Deposit {
            channel_id: self.id(channel),
        };
        self.exec(by, &msg, amount).map(|_| ())
    }

    fn sign(&mut self, message: &str, r: &SignRequest) {
        let (a, b) = self.channels[&r.channel];
        let channel_id = self.id(&r.channel);
        let epoch = r
            .epoch
            .unwrap_or_else(|| self.channel(&r.channel).map_or(0, |c| c.epoch));
        let chain_id = self.app.block_info().chain_id;
        let domain = match r.tamper {
            Tamper::OtherDeployment => Domain::CosmWasm {
                chain_id,
                contract: self.app.api().addr_make("another deployment").to_string(),
            },
            Tamper::OtherChainId => Domain::CosmWasm {
                chain_id: format!("{chain_id}-fork"),
                contract: self.contract.to_string(),
            },
            _ => Domain::CosmWasm {
                chain_id,
                contract: self.contract.to_string(),
            },
        };
        let id: [u8; 32] = channel_id.as_slice().try_into().unwrap();
        let nonce = if r.kind == Kind::State { r.nonce } else { 0 };
        let msg = match r.kind {
            Kind::State => Message::State(State {
                channel_id: id,
                epoch,
                nonce,
                sent_a: r.sent_a.0,
                sent_b: r.sent_b.0,
            }),
            Kind::Close => Message::Close(Close {
                channel_id: id,
                epoch,
                sent_a: r.sent_a.0,
                sent_b: r.sent_b.0,
            }),
        };
        let [signer_a, signer_b] = r.signers.unwrap_or([a, b]);
        let sign = |p: Party| {
            let sig = key(p).sign(&domain, &msg).unwrap();
            let sig = if r.tamper == Tamper::HighS {
                malleate_secp256k1(&sig)
            } else {
                sig
            };
            HexBinary::from(sig)
        };
        self.signed.insert(
            message.into(),
            Signed {
                kind: r.kind,
                channel_id,
                epoch,
                nonce,
                sent_a: Uint128::new(r.sent_a.0),
                sent_b: Uint128::new(r.sent_b.0),
                sig_a: sign(signer_a),
                sig_b: sign(signer_b),
            },
        );
    }

    fn close_cooperative(
        &mut self,
        by: Party,
        channel: &str,
        message: &str,
    ) -> Result<(), Failure> {
        let s = &self.signed[message];
        let _ = s.kind;
        let msg = ExecuteMsg::CloseCooperative {
            channel_id: self.id(channel),
            close: CloseMsg {
                channel_id: s.channel_id.clone(),
                epoch: s.epoch,
                sent_a: s.sent_a,
                sent_b: s.sent_b,
            },
            sig_a: s.sig_a.clone(),
            sig_b: s.sig_b.clone(),
        };
        self.exec(by, &msg, 0).map(|_| ())
    }

    fn close_unilateral(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let s = &self.signed[message];
        let msg = ExecuteMsg::CloseUnilateral {
            channel_id: self.id(channel),
            state: Self::state_msg(s),
            sig_a: s.sig_a.clone(),
            sig_b: s.sig_b.clone(),
        };
        self.exec(by, &msg, 0).map(|_| ())
    }

    fn close_without_state(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let msg = ExecuteMsg::CloseWithoutState {
            channel_id: self.id(channel),
        };
        self.exec(by, &msg, 0).map(|_| ())
    }

    fn challenge(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let s = &self.signed[message];
        let msg = ExecuteMsg::Challenge {
            channel_id: self.id(channel),
            state: Self::state_msg(s),
            sig_a: s.sig_a.clone(),
            sig_b: s.sig_b.clone(),
        };
        self.exec(by, &msg, 0).map(|_| ())
    }

    fn settle(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let msg = ExecuteMsg::Settle {
            channel_id: self.id(channel),
        };
        self.exec(by, &msg, 0).map(|_| ())
    }

    fn view(&mut self, channel: &str) -> Option<ChannelView> {
        self.channel(channel).map(|c| ChannelView {
            status: match c.status {
                Status::Open => ChannelStatus::Open,
                Status::Closing => ChannelStatus::Closing,
                Status::Settled => ChannelStatus::Settled,
            },
            epoch: c.epoch,
            nonce: c.nonce,
        })
    }

    fn balance(&mut self, who: Party) -> u128 {
        let amount = self
            .app
            .wrap()
            .query_balance(address(who), DENOM)
            .unwrap()
            .amount;
        Uint128::try_from(amount).unwrap().u128()
    }

    fn custody(&mut self) -> u128 {
        let amount = self
            .app
            .wrap()
            .query_balance(&self.contract, DENOM)
            .unwrap()
            .amount;
        Uint128::try_from(amount).unwrap().u128()
    }
}

#[test]
fn channel_vectors() {
    let ran = run_all("cosmwasm", |v| {
        let balances: Vec<(Party, u128)> = v.balances.iter().map(|(p, a)| (*p, a.0)).collect();
        Driver::new(&balances)
    });
    assert!(ran >= 5, "every channel vector ran");
}
