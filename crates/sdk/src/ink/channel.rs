//! [`ChannelClient`] on `ink_channel`, in the native balance or a PSP22 token. Parties are the
//! Substrate accounts of secp256k1 keys (`blake2_256(compressed pubkey)`); states are
//! `tokenrail-channel`'s ink! encoding, bound to the contract account and the chain's genesis
//! hash (which the contract records when it is instantiated).

use tokenrail_channel::{Domain, Kind, Message, Party, Secp256k1Key, Signature};
use tokenrail_ink::scale::Decode;
use tokenrail_ink::{ink_channel as channel, LangError};

use super::{
    asset_balance, call, chain_error, id, pay_with, query, AccountId32, InkAsset, InkLedger,
};
use crate::channel::{fields, ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
use crate::{ClientError, Result};

/// A channel party: its account and the key it derives from.
#[derive(Clone)]
pub struct InkParty {
    /// The account (`blake2_256` of the compressed public key).
    pub account: AccountId32,
    /// The key.
    pub key: Secp256k1Key,
}

impl std::fmt::Debug for InkParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("InkParty")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl InkParty {
    /// The party of `key`.
    pub fn new(key: Secp256k1Key) -> Self {
        let probe = Domain::Ink {
            contract: [0; 32],
            network: [0; 32],
        };
        let account = match key.party(&probe) {
            Some(Party::SubstrateEcdsa(account)) => AccountId32::new(account),
            _ => unreachable!("a secp256k1 key always has a Substrate ECDSA account"),
        };
        InkParty { account, key }
    }
}

/// `ink_channel` on an ink! chain.
pub struct InkChannel {
    /// The chain.
    pub chain: InkLedger,
    contract: AccountId32,
    asset: InkAsset,
    /// The chain's genesis hash, as the contract recorded it: bound into every signed state.
    network: [u8; 32],
}

type Exec<R> =
    tokenrail_ink::Message<std::result::Result<std::result::Result<R, ChannelError>, LangError>>;

impl InkChannel {
    /// The channel contract at `contract` on `chain`, holding `asset`. Refused when the contract
    /// records another network than the chain's: its states would verify on another chain, so
    /// no party should deposit into it or sign for it.
    pub fn on(
        mut chain: InkLedger,
        contract: AccountId32,
        asset: InkAsset,
    ) -> Result<Self, ChannelError> {
        let recorded = query(&mut chain, &contract, channel::messages::network())?;
        let here = chain.network();
        if recorded != here {
            return Err(ClientError::Chain(format!(
                "channel contract {contract} records network 0x{}, not this chain's (0x{})",
                hex::encode(recorded),
                hex::encode(here)
            )));
        }
        Ok(InkChannel {
            chain,
            contract,
            asset,
            network: here,
        })
    }

    fn exec<R: Decode>(
        &mut self,
        msg: Exec<R>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<R, ChannelError> {
        let contract = self.contract.clone();
        call(&mut self.chain, &contract, msg, caller, value)?.map_err(ClientError::Spec)
    }

    fn fetch(&mut self, ch: &[u8; 32]) -> Result<channel::types::Channel, ChannelError> {
        let contract = self.contract.clone();
        query(&mut self.chain, &contract, channel::messages::channel(*ch))?
            .ok_or(ClientError::Spec(ChannelError::ChannelNotFound))
    }

    /// Approves a PSP22 deposit; the asset and the value the call attaches.
    fn pay(
        &mut self,
        owner: &AccountId32,
        amount: u128,
    ) -> Result<(channel::types::Asset, u128), ChannelError> {
        let contract = self.contract.clone();
        let (token, value) = pay_with(&mut self.chain, &self.asset, owner, &contract, amount)?;
        let asset = match token {
            Some(t) => channel::types::Asset::Psp22(t),
            None => channel::types::Asset::Native,
        };
        Ok((asset, value))
    }
}

fn state_msg(m: &Message) -> channel::types::StateMsg {
    let (channel_id, epoch, nonce, sent_a, sent_b) = fields(m);
    channel::types::StateMsg {
        channel_id,
        epoch,
        nonce,
        sent_a,
        sent_b,
    }
}

fn sigs(s: &Signed) -> Result<([u8; 65], [u8; 65]), ChannelError> {
    let fit = |sig: &Signature| -> Result<[u8; 65], ChannelError> {
        sig.as_slice()
            .try_into()
            .map_err(|_| ClientError::Spec(ChannelError::InvalidSignature))
    };
    Ok((fit(&s.sig_a)?, fit(&s.sig_b)?))
}

impl ChannelClient for InkChannel {
    type Signer = InkParty;
    type Address = AccountId32;
    type ChannelRef = [u8; 32];

    fn address_of(&self, p: &InkParty) -> AccountId32 {
        p.account.clone()
    }

    fn open(
        &mut self,
        opener: &InkParty,
        counterparty: &AccountId32,
        amount: u128,
        period: u64,
    ) -> Result<[u8; 32], ChannelError> {
        let (asset, value) = self.pay(&opener.account, amount)?;
        let msg = channel::messages::open(id(counterparty), asset, amount, period);
        self.exec(msg, &opener.account.clone(), value)
    }

    fn deposit(
        &mut self,
        party: &InkParty,
        ch: &[u8; 32],
        amount: u128,
    ) -> Result<(), ChannelError> {
        let (_, value) = self.pay(&party.account, amount)?;
        self.exec(
            channel::messages::deposit(*ch, amount),
            &party.account.clone(),
            value,
        )
    }

    fn channel(&mut self, ch: &[u8; 32]) -> Result<ChannelState, ChannelError> {
        let c = self.fetch(ch)?;
        Ok(ChannelState {
            status: match c.status {
                channel::types::Status::Open => ChannelStatus::Open,
                channel::types::Status::Closing => ChannelStatus::Closing,
                channel::types::Status::Settled => ChannelStatus::Settled,
            },
            epoch: c.epoch,
            nonce: c.nonce,
            deposit_a: c.deposit_a,
            deposit_b: c.deposit_b,
            deadline: c.deadline,
        })
    }

    fn message(
        &mut self,
        ch: &[u8; 32],
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Message, ChannelError> {
        let epoch = self.fetch(ch)?.epoch;
        Ok(Message::new(kind, *ch, epoch, nonce, sent_a, sent_b))
    }

    fn domain(&self) -> Domain {
        Domain::Ink {
            contract: *self.contract.as_ref(),
            network: self.network,
        }
    }

    fn sign(&mut self, party: &InkParty, message: &Message) -> Result<Signature, ChannelError> {
        party.key.sign(&self.domain(), message).map_err(chain_error)
    }

    fn close_cooperative(
        &mut self,
        submitter: &InkParty,
        ch: &[u8; 32],
        close: &Signed,
    ) -> Result<(), ChannelError> {
        let (channel_id, epoch, _, sent_a, sent_b) = fields(&close.message);
        let msg = channel::types::CloseMsg {
            channel_id,
            epoch,
            sent_a,
            sent_b,
        };
        let (sa, sb) = sigs(close)?;
        self.exec(
            channel::messages::close_cooperative(*ch, msg, sa, sb),
            &submitter.account.clone(),
            0,
        )
    }

    fn close_unilateral(
        &mut self,
        party: &InkParty,
        ch: &[u8; 32],
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state)?;
        let msg = channel::messages::close_unilateral(*ch, state_msg(&state.message), sa, sb);
        self.exec(msg, &party.account.clone(), 0)
    }

    fn challenge(
        &mut self,
        party: &InkParty,
        ch: &[u8; 32],
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state)?;
        let msg = channel::messages::challenge(*ch, state_msg(&state.message), sa, sb);
        self.exec(msg, &party.account.clone(), 0)
    }

    fn close_without_state(&mut self, party: &InkParty, ch: &[u8; 32]) -> Result<(), ChannelError> {
        self.exec(
            channel::messages::close_without_state(*ch),
            &party.account.clone(),
            0,
        )
    }

    fn settle(&mut self, caller: &InkParty, ch: &[u8; 32]) -> Result<(), ChannelError> {
        self.exec(channel::messages::settle(*ch), &caller.account.clone(), 0)
    }

    fn balance(&mut self, who: &AccountId32) -> Result<u128, ChannelError> {
        asset_balance(&mut self.chain, &self.asset, who)
    }
}
