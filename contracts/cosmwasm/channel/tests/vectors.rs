//! Runs every shared channel vector (`tests/vectors/channel`) on cw-multi-test, once in a native
//! denom and once in a cw20 token: parties are accounts of secp256k1 keys (their canonical
//! address is `ripemd160(sha256(key))`), states are signed with `tokenrail-channel`'s CosmWasm
//! encoding, and the contract recovers the signers.

use std::collections::HashMap;

use cosmwasm_std::{coins, to_json_binary, Addr, Empty, HexBinary, Uint128};
use cw20_basic::Cw20ExecuteMsg;
use cw_channel::msg::{
    Asset, CloseMsg, ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg, StateMsg,
};
use cw_channel::state::{Channel, Status};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use tokenrail_channel::{malleate_secp256k1, Domain, Kind as SignedKind, Message, Secp256k1Key};
use tokenrail_core::channel::ChannelError;
use tokenrail_core::vectors::channel::{
    run_all, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind, Party, SignRequest, Tamper,
};
use tokenrail_core::vectors::channel_events::Event;
use tokenrail_devnet::cosmwasm::app::{balance_of, boot_with_addresses, AssetKind, DENOM};
use tokenrail_ledger::cosmwasm::{records, CwContract};
use tokenrail_ledger::vector_events::{channel_events, PaymentNames};
use tokenrail_ledger::Position;

fn channel_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            cw_channel::contract::execute,
            cw_channel::contract::instantiate,
            cw_channel::contract::query,
        )
        .with_reply(cw_channel::contract::reply),
    )
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
    kind: AssetKind,
    contract: Addr,
    token: Addr,
    /// Label → (opener, counterparty) of the last open attempt.
    channels: HashMap<String, (Party, Party)>,
    signed: HashMap<String, Signed>,
    /// The events of the last successful execution.
    last_events: Vec<cosmwasm_std::Event>,
}

impl PaymentNames<Party> for Driver {
    fn actor(&self, address_: &str) -> Option<Party> {
        Party::ALL
            .into_iter()
            .find(|p| address(*p).as_str() == address_)
    }

    /// A label's channel id, as the contract derives it (`0x` hex in the rows).
    fn label(&self, id: &str) -> Option<String> {
        self.channels
            .keys()
            .find(|label| format!("0x{}", self.id(label).to_hex()) == id)
            .cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - tokenrail_devnet::cosmwasm::app::T0
    }
}

fn to_failure(err: cosmwasm_std::StdError) -> Failure {
    let text = format!("{err:?}");
    match ChannelError::find_tag(&text) {
        Some(code) => Failure::Spec(code),
        // cw20 refuses a zero `Send` itself, before the channel sees it: the same refusal.
        None if text.contains("invalid zero amount") => Failure::Spec(ChannelError::ZeroAmount),
        None => Failure::Other(text),
    }
}

impl Driver {
    fn new(kind: AssetKind, balances: &[(Party, u128)]) -> Self {
        let parties = Party::ALL.iter().map(|p| address(*p)).collect();
        let booted = boot_with_addresses(
            kind,
            parties,
            balances,
            channel_contract(),
            &InstantiateMsg {},
        );
        Driver {
            app: booted.app,
            kind,
            contract: booted.contract,
            token: booted.token,
            channels: HashMap::new(),
            signed: HashMap::new(),
            last_events: Vec::new(),
        }
    }

    fn asset(&self) -> Asset {
        match self.kind {
            AssetKind::Native => Asset::Native {
                denom: DENOM.into(),
            },
            AssetKind::Cw20 => Asset::Cw20 {
                address: self.token.clone(),
            },
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
                    asset: self.asset(),
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

    /// A deposit-bearing message: native coins attached, or a cw20 `Send` carrying `receive`.
    fn deposit_msg(
        &mut self,
        by: Party,
        msg: ExecuteMsg,
        receive: ReceiveMsg,
        amount: u128,
    ) -> Result<(), Failure> {
        match self.kind {
            AssetKind::Native => self.exec(by, &msg, amount).map(|_| ()),
            AssetKind::Cw20 => {
                let send = Cw20ExecuteMsg::Send {
                    contract: self.contract.to_string(),
                    amount: Uint128::new(amount),
                    msg: to_json_binary(&receive).unwrap(),
                };
                let token = self.token.clone();
                let res = self
                    .app
                    .execute_contract(address(by), token, &send, &[])
                    .map_err(to_failure)?;
                self.last_events = res.events;
                Ok(())
            }
        }
    }

    fn exec(&mut self, by: Party, msg: &ExecuteMsg, funds: u128) -> Result<AppResponse, Failure> {
        let funds = if funds == 0 {
            vec![]
        } else {
            coins(funds, DENOM)
        };
        let res = self
            .app
            .execute_contract(address(by), self.contract.clone(), msg, &funds)
            .map_err(to_failure)?;
        self.last_events = res.events.clone();
        Ok(res)
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
        tokenrail_devnet::cosmwasm::app::set_time(&mut self.app, offset);
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
        let counterparty = address(counterparty).to_string();
        let msg = ExecuteMsg::Open {
            counterparty: counterparty.clone(),
            period,
        };
        let receive = ReceiveMsg::Open {
            counterparty,
            period,
        };
        self.deposit_msg(by, msg, receive, amount)
    }

    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure> {
        let channel_id = self.id(channel);
        let msg = ExecuteMsg::Deposit {
            channel_id: channel_id.clone(),
        };
        self.deposit_msg(by, msg, ReceiveMsg::Deposit { channel_id }, amount)
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
            Tamper::OtherNetwork => Domain::CosmWasm {
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
        let kind = match r.kind {
            Kind::State => SignedKind::State,
            Kind::Close => SignedKind::Close,
        };
        let msg = Message::new(kind, id, epoch, nonce, r.sent_a.0, r.sent_b.0);
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
        balance_of(&self.app, self.kind, &self.token, &address(who))
    }

    fn custody(&mut self) -> u128 {
        balance_of(&self.app, self.kind, &self.token, &self.contract)
    }

    /// The call's events through the ledger's CometBFT decoder, as a node's `tx_search` gives
    /// them.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let events = tokenrail_devnet::cosmwasm::abci_events(std::mem::take(&mut self.last_events));
        let contracts = [CwContract::Channel(self.contract.to_string())];
        let rows = records(
            "multi-test",
            &contracts,
            &Position::default(),
            "tx",
            &events,
        );
        channel_events(rows.iter().map(|r| &r.data), self)
    }
}

fn balances(v: &tokenrail_core::vectors::channel::ChannelVector) -> Vec<(Party, u128)> {
    v.balances.iter().map(|(p, a)| (*p, a.0)).collect()
}

#[test]
fn channel_vectors_native() {
    let ran = run_all("cosmwasm/native", |v| {
        Driver::new(AssetKind::Native, &balances(v))
    });
    assert!(ran >= 5, "every channel vector ran");
}

#[test]
fn channel_vectors_cw20() {
    let ran = run_all("cosmwasm/cw20", |v| {
        Driver::new(AssetKind::Cw20, &balances(v))
    });
    assert!(ran >= 5, "every channel vector ran");
}
