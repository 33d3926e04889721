//! Runs every shared channel vector on the channel program (natively) with the real SPL Token
//! and Token-2022 programs; states are Ed25519-signed with `tokenrail-channel`'s Solana
//! encoding and verified by the Ed25519 program, which the channel program checks by
//! instruction introspection.

mod common;

use std::collections::HashMap;

use anchor_lang::prelude::Pubkey;
use common::client;
use common::*;
use tokenrail_channel::{Kind as SignedKind, Message};
use tokenrail_channel_program::{ChannelStatus as OnChain, SignedState};
use tokenrail_core::vectors::channel::{
    run_all, ChannelDriver, ChannelStatus, ChannelView, Failure, Kind, Party, SignRequest, Tamper,
};
use tokenrail_core::vectors::channel_events::Event;
use tokenrail_ledger::solana::{records, SolanaAsset};
use tokenrail_ledger::vector_events::{channel_events, PaymentNames};
use tokenrail_ledger::Position;

struct Driver {
    chain: Chain,
    /// Label → (opener, counterparty) of the last open attempt.
    channels: HashMap<String, (Party, Party)>,
    signed: HashMap<String, Signed>,
    /// How many of the bank's landed transactions [`ChannelDriver::events`] has read.
    landed_read: usize,
}

impl PaymentNames<Party> for Driver {
    fn actor(&self, address: &str) -> Option<Party> {
        Party::ALL
            .into_iter()
            .find(|p| self.chain.key(*p).to_string() == address)
    }

    /// The channel account of a label is its PDA (`["channel", a, b, mint]`).
    fn label(&self, id: &str) -> Option<String> {
        self.channels
            .keys()
            .find(|label| self.channel(label).to_string() == id)
            .cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - tokenrail_devnet::solana::bank::T0 as u64
    }
}

impl Driver {
    fn new(token_program: Pubkey, balances: &[(Party, u64)]) -> Self {
        let mut chain = new_chain(token_program, balances);
        chain.keep_history();
        Driver {
            chain,
            channels: HashMap::new(),
            signed: HashMap::new(),
            landed_read: 0,
        }
    }

    fn parties(&self, label: &str) -> (Party, Party) {
        self.channels
            .get(label)
            .copied()
            .unwrap_or((Party::Alice, Party::Bob))
    }

    fn channel(&self, label: &str) -> Pubkey {
        let (a, b) = self.parties(label);
        channel_of(&self.chain, a, b)
    }

    /// Sends `ixs`, signed by `by` when the instruction names a signer (payouts are
    /// permissionless and take none; the test payer pays the fee).
    fn send(
        &mut self,
        ixs: &[anchor_lang::solana_program::instruction::Instruction],
        by: Option<Party>,
    ) -> Result<(), Failure> {
        let signer = by.map(|p| self.chain.signer(p));
        let signers: Vec<_> = signer.iter().collect();
        self.chain.send(ixs, &signers).map_err(to_failure)
    }
}

impl ChannelDriver for Driver {
    fn set_time(&mut self, offset: u64) {
        self.chain.set_time(offset);
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
        let c = &self.chain;
        let ix = client::open(
            c.key(by),
            c.key(counterparty),
            c.mint,
            c.token_account(by),
            c.token_program,
            amount as u64,
            period,
            c.genesis_hash(),
        );
        self.send(&[ix], Some(by))
    }

    fn deposit(&mut self, by: Party, channel: &str, amount: u128) -> Result<(), Failure> {
        let c = &self.chain;
        let ix = client::deposit(
            c.key(by),
            self.channel(channel),
            c.mint,
            c.token_account(by),
            c.token_program,
            amount as u64,
        );
        self.send(&[ix], Some(by))
    }

    fn sign(&mut self, message: &str, r: &SignRequest) {
        let (a, b) = self.parties(&r.channel);
        let channel = self.channel(&r.channel);
        let epoch = r
            .epoch
            .unwrap_or_else(|| channel_state(&mut self.chain, &channel).map_or(0, |c| c.epoch));
        let nonce = if r.kind == Kind::State { r.nonce } else { 0 };
        let state = SignedState {
            channel_id: channel,
            epoch,
            nonce,
            sent_a: r.sent_a.0 as u64,
            sent_b: r.sent_b.0 as u64,
        };
        let kind = match r.kind {
            Kind::State => SignedKind::State,
            Kind::Close => SignedKind::Close,
        };
        let msg = Message::new(
            kind,
            channel.to_bytes(),
            epoch,
            nonce,
            r.sent_a.0,
            r.sent_b.0,
        );
        let program = if r.tamper == Tamper::OtherDeployment {
            Pubkey::new_from_array([0x42; 32])
        } else {
            tokenrail_channel_program::ID
        };
        // Another cluster where the same program, parties and mint exist.
        let network = if r.tamper == Tamper::OtherNetwork {
            [0xee; 32]
        } else {
            self.chain.genesis_hash()
        };
        let signers = r.signers.unwrap_or([a, b]);
        let signatures = sign(&self.chain, &program, network, msg, signers);
        let bytes = msg.solana_bytes(&program.to_bytes(), &network).unwrap();
        self.signed.insert(
            message.into(),
            Signed {
                state,
                bytes,
                signatures: [signatures[0], signatures[1]],
            },
        );
    }

    fn close_cooperative(
        &mut self,
        by: Party,
        channel: &str,
        message: &str,
    ) -> Result<(), Failure> {
        let (a, b) = self.parties(channel);
        let keys = payout_keys(&self.chain, self.channel(channel), a, b);
        let s = self.signed[message].clone();
        let _ = by; // anyone may submit; no signer is named
        self.send(
            &[s.ed25519(), client::close_cooperative(&keys, s.close())],
            None,
        )
    }

    fn close_unilateral(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let ix = client::close_unilateral(
            self.chain.key(by),
            self.channel(channel),
            self.signed[message].state,
        );
        let s = self.signed[message].clone();
        self.send(&[s.ed25519(), ix], Some(by))
    }

    fn close_without_state(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let ix = client::close_without_state(self.chain.key(by), self.channel(channel));
        self.send(&[ix], Some(by))
    }

    fn challenge(&mut self, by: Party, channel: &str, message: &str) -> Result<(), Failure> {
        let s = self.signed[message].clone();
        let ix = client::challenge(self.chain.key(by), self.channel(channel), s.state);
        self.send(&[s.ed25519(), ix], Some(by))
    }

    fn settle(&mut self, by: Party, channel: &str) -> Result<(), Failure> {
        let (a, b) = self.parties(channel);
        let keys = payout_keys(&self.chain, self.channel(channel), a, b);
        let _ = by; // anyone may settle; no signer is named
        self.send(&[client::settle(&keys)], None)
    }

    fn view(&mut self, channel: &str) -> Option<ChannelView> {
        let key = self.channel(channel);
        channel_state(&mut self.chain, &key).map(|c| ChannelView {
            status: match c.status {
                OnChain::Open => ChannelStatus::Open,
                OnChain::Closing => ChannelStatus::Closing,
                OnChain::Settled => ChannelStatus::Settled,
            },
            epoch: c.epoch,
            nonce: c.nonce,
        })
    }

    fn balance(&mut self, who: Party) -> u128 {
        let account = self.chain.token_account(who);
        self.chain.token_balance(&account).into()
    }

    fn custody(&mut self) -> u128 {
        let labels: Vec<String> = self.channels.keys().cloned().collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut total = 0u128;
        for label in labels {
            let channel = self.channel(&label);
            if seen.insert(channel) {
                total += u128::from(vault_balance(&mut self.chain, &channel));
            }
        }
        total
    }

    /// Ed25519 has no high-`s` twin the program could be shown (the Ed25519 program verifies
    /// strictly), and the Solana domain has no chain id (the program id and channel account
    /// bind it).
    fn supports(&self, tamper: Tamper) -> bool {
        matches!(
            tamper,
            Tamper::None | Tamper::OtherDeployment | Tamper::OtherNetwork
        )
    }

    fn amount_bits(&self) -> u32 {
        64
    }

    /// The call's transactions as `getTransaction` serves them, through the ledger's Solana
    /// decoder: the channel program's `emit_cpi!` events.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        // No token asset here: only the channel program's rows are asked for.
        let asset = SolanaAsset::new(&Pubkey::new_unique(), &Pubkey::new_unique());
        let program = tokenrail_channel_program::ID.to_string();
        let history = self.chain.history();
        let mut rows = Vec::new();
        for (slot, landed) in history.iter().enumerate().skip(self.landed_read) {
            let tx = landed.encoded(slot as u64 + 1);
            let read = records("bank", &asset, &Position::default(), &landed.signature, &tx);
            rows.extend(read.into_iter().filter(|r| r.contract == program));
        }
        self.landed_read = history.len();
        channel_events(rows.iter().map(|r| &r.data), self)
    }
}

fn balances(v: &tokenrail_core::vectors::channel::ChannelVector) -> Vec<(Party, u64)> {
    v.balances
        .iter()
        .map(|(p, a)| (*p, u64::try_from(a.0).expect("u64 balance")))
        .collect()
}

#[test]
fn channel_vectors_spl_token() {
    let ran = run_all("solana/spl-token", |v| Driver::new(TOKEN, &balances(v)));
    assert!(ran >= 5, "every channel vector ran");
}

#[test]
fn channel_vectors_token_2022() {
    let ran = run_all("solana/token-2022", |v| {
        Driver::new(TOKEN_2022, &balances(v))
    });
    assert!(ran >= 5, "every channel vector ran");
}
