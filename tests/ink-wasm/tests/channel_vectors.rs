//! Runs every shared channel vector on the built `ink_channel.wasm` in pallet-contracts, once
//! in a PSP22 token and once in the native balance. Parties are the Substrate accounts of
//! secp256k1 keys (`blake2_256(compressed key)`); states are signed with `tokenrail-channel`'s
//! ink! encoding and the contract recovers the signers with `ecdsa_recover`.

use std::collections::HashMap;

use scale::{Decode, Encode};
use tokenrail_channel::{
    malleate_secp256k1, Domain, Kind as SignedKind, Message, Party as Key, Secp256k1Key,
};
use tokenrail_core::channel::ChannelError;
use tokenrail_core::vectors::channel::{
    run_all, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind, Party, SignRequest, Tamper,
};
use tokenrail_core::vectors::channel_events::Event;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{AssetKind, CallOutcome, Chain, Funded};
use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
use tokenrail_ledger::vector_events::{channel_events, opened_channel, PaymentNames};
use tokenrail_ledger::Position;

/// The SS58 format the rows spell accounts in.
const SS58: u16 = 42;

const T0: u64 = 1_700_000_000;

/// The contract's `Asset`, as it is encoded.
#[derive(Encode, Decode, Debug, Clone, PartialEq, Eq)]
enum Asset {
    Native,
    Psp22(AccountId32),
}

/// The contract's `Channel`, as it is encoded.
#[derive(Decode, Debug)]
#[allow(dead_code)] // every field is decoded; the driver reads some
struct ChannelMirror {
    a: AccountId32,
    b: AccountId32,
    asset: Asset,
    epoch: u64,
    status: u8,
    period: u64,
    deadline: u64,
    nonce: u64,
    deposit_a: u128,
    deposit_b: u128,
    sent_a: u128,
    sent_b: u128,
}

/// The contract's `StateMsg` (and, without the nonce, `CloseMsg`).
#[derive(Encode, Clone, Copy)]
struct StateMsg {
    channel_id: [u8; 32],
    epoch: u64,
    nonce: u64,
    sent_a: u128,
    sent_b: u128,
}

#[derive(Encode, Clone, Copy)]
struct CloseMsg {
    channel_id: [u8; 32],
    epoch: u64,
    sent_a: u128,
    sent_b: u128,
}

fn key(p: Party) -> Secp256k1Key {
    Secp256k1Key::from_bytes(&[usize::from(p) as u8 + 1; 32]).unwrap()
}

/// The Substrate account of a party's ECDSA key.
fn account(p: Party) -> AccountId32 {
    match key(p).party(&Domain::Ink {
        contract: [0; 32],
        network: [0; 32],
    }) {
        Some(Key::SubstrateEcdsa(id)) => AccountId32::new(id),
        other => panic!("not a Substrate account: {other:?}"),
    }
}

fn outcome<T: Decode>(out: &CallOutcome) -> Result<T, Failure> {
    let r: Result<T, u8> = out.value();
    r.map_err(|code| match ChannelError::from_code(code.into()) {
        Some(e) => Failure::Spec(e),
        None => Failure::Other(format!("unknown ink! channel error {code}")),
    })
}

/// A message both signers signed, kept for later steps.
struct Signed {
    state: StateMsg,
    sig_a: [u8; 65],
    sig_b: [u8; 65],
}

struct Driver {
    f: Funded,
    channels: HashMap<String, (Party, Party)>,
    signed: HashMap<String, Signed>,
    /// The label of the channel the last call opened, until its events name its id.
    opening: Option<String>,
    /// The scenario's label of each channel id the rows name.
    labels: HashMap<String, String>,
    /// How many of the sandbox's contract events [`ChannelDriver::events`] has read.
    events_read: usize,
}

impl PaymentNames<Party> for Driver {
    fn actor(&self, address: &str) -> Option<Party> {
        Party::ALL
            .into_iter()
            .find(|p| ss58(account(*p).as_ref(), SS58) == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0
    }
}

impl Driver {
    fn new(kind: AssetKind, balances: &[(Party, u128)]) -> Self {
        let accounts = Party::ALL.iter().map(|p| account(*p)).collect();
        let mut f =
            Funded::with_accounts(Chain::new(), kind, "ink_channel", accounts, balances, T0);
        let events_read = f.chain.contract_events().len();
        Driver {
            f,
            channels: HashMap::new(),
            signed: HashMap::new(),
            opening: None,
            labels: HashMap::new(),
            events_read,
        }
    }

    fn asset(&self) -> Asset {
        match &self.f.token {
            Some(t) => Asset::Psp22(t.clone()),
            None => Asset::Native,
        }
    }

    fn id(&mut self, label: &str) -> [u8; 32] {
        let (a, b) = self
            .channels
            .get(label)
            .copied()
            .unwrap_or((Party::Alice, Party::Bob));
        let args = (account(a), account(b), self.asset());
        self.f.query("channel_id", args)
    }

    fn channel(&mut self, label: &str) -> Option<ChannelMirror> {
        let id = self.id(label);
        self.f.query("channel", id)
    }

    fn exec(
        &mut self,
        by: Party,
        message: &str,
        args: impl Encode,
        value: u128,
    ) -> Result<(), Failure> {
        let out = self.f.exec(by, message, args, value);
        outcome::<()>(&out)
    }

    /// Value attached to a deposit: the amount for a native channel, nothing for PSP22.
    fn value(&self, amount: u128) -> u128 {
        if self.f.kind == AssetKind::Native {
            amount
        } else {
            0
        }
    }
}

impl ChannelDriver for Driver {
    fn set_time(&mut self, offset: u64) {
        self.f.chain.set_timestamp_ms((T0 + offset) * 1000);
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
        let args = (account(counterparty), self.asset(), amount, period);
        let value = self.value(amount);
        let out = self.f.exec(by, "open", args, value);
        outcome::<[u8; 32]>(&out).map(|_| ())
    }

    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure> {
        let id = self.id(channel);
        let value = self.value(amount);
        self.exec(by, "deposit", (id, amount), value)
    }

    fn sign(&mut self, message: &str, r: &SignRequest) {
        let (a, b) = self.channels[&r.channel];
        let id = self.id(&r.channel);
        let epoch = r
            .epoch
            .unwrap_or_else(|| self.channel(&r.channel).map_or(0, |c| c.epoch));
        let contract: [u8; 32] = *self.f.contract.as_ref();
        let domain = Domain::Ink {
            contract: if r.tamper == Tamper::OtherDeployment {
                [0x42; 32]
            } else {
                contract
            },
            // The same contract account on another chain.
            network: if r.tamper == Tamper::OtherNetwork {
                [0xee; 32]
            } else {
                self.f.chain.genesis_hash()
            },
        };
        let nonce = if r.kind == Kind::State { r.nonce } else { 0 };
        let state = StateMsg {
            channel_id: id,
            epoch,
            nonce,
            sent_a: r.sent_a.0,
            sent_b: r.sent_b.0,
        };
        let kind = match r.kind {
            Kind::State => SignedKind::State,
            Kind::Close => SignedKind::Close,
        };
        let msg = Message::new(kind, id, epoch, nonce, r.sent_a.0, r.sent_b.0);
        let [signer_a, signer_b] = r.signers.unwrap_or([a, b]);
        let sign = |p: Party| -> [u8; 65] {
            let sig = key(p).sign(&domain, &msg).unwrap();
            let sig = if r.tamper == Tamper::HighS {
                malleate_secp256k1(&sig)
            } else {
                sig
            };
            sig.try_into().unwrap()
        };
        let signed = Signed {
            state,
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
        let id = self.id(channel);
        let s = &self.signed[message];
        let close = CloseMsg {
            channel_id: s.state.channel_id,
            epoch: s.state.epoch,
            sent_a: s.state.sent_a,
            sent_b: s.state.sent_b,
        };
        let args = (id, close, s.sig_a, s.sig_b);
        self.exec(by, "close_cooperative", args, 0)
    }

    fn close_unilateral(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let id = self.id(channel);
        let s = &self.signed[message];
        let args = (id, s.state, s.sig_a, s.sig_b);
        self.exec(by, "close_unilateral", args, 0)
    }

    fn close_without_state(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let id = self.id(channel);
        self.exec(by, "close_without_state", id, 0)
    }

    fn challenge(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let id = self.id(channel);
        let s = &self.signed[message];
        let args = (id, s.state, s.sig_a, s.sig_b);
        self.exec(by, "challenge", args, 0)
    }

    fn settle(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let id = self.id(channel);
        self.exec(by, "settle", id, 0)
    }

    fn view(&mut self, channel: &str) -> Option<ChannelView> {
        self.channel(channel).map(|c| ChannelView {
            status: match c.status {
                0 => ChannelStatus::Open,
                1 => ChannelStatus::Closing,
                2 => ChannelStatus::Settled,
                other => panic!("unknown status {other}"),
            },
            epoch: c.epoch,
            nonce: c.nonce,
        })
    }

    fn balance(&mut self, who: Party) -> u128 {
        self.f.balance(who)
    }

    fn custody(&mut self) -> u128 {
        self.f.custody()
    }

    /// The call's `ContractEmitted` events through the ledger's ink! decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let emitted = self.f.chain.contract_events();
        let fresh = emitted
            .get(self.events_read..)
            .ok_or("the sandbox's event list shrank")?;
        self.events_read = emitted.len();
        let contracts = [InkContract::Channel(*self.f.contract.as_ref())];
        let rows: Vec<_> = sandbox_records(
            "sandbox",
            SS58,
            &contracts,
            &Position::default(),
            fresh
                .iter()
                .map(|e| (e.contract, &e.topics[..], &e.data[..])),
        )
        .into_iter()
        .map(|r| r.data)
        .collect();
        if let (Some(label), Some(id)) = (self.opening.take(), opened_channel(&rows)) {
            self.labels.insert(id, label);
        }
        channel_events(&rows, self)
    }
}

fn balances(v: &tokenrail_core::vectors::channel::ChannelVector) -> Vec<(Party, u128)> {
    v.balances.iter().map(|(p, a)| (*p, a.0)).collect()
}

#[test]
fn channel_vectors_psp22() {
    let ran = run_all("ink/psp22", |v| Driver::new(AssetKind::Psp22, &balances(v)));
    assert!(ran >= 5, "every channel vector ran");
}

#[test]
fn channel_vectors_native() {
    let ran = run_all("ink/native", |v| {
        Driver::new(AssetKind::Native, &balances(v))
    });
    assert!(ran >= 5, "every channel vector ran");
}
