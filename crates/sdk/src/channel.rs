//! Payment channels (`docs/spec/channel.md`): open and top up on chain, sign states off chain in
//! the chain's domain and encoding (`tokenrail-channel`), close cooperatively or unilaterally
//! with a challenge period.

use crate::Result;

pub use tokenrail_channel::{Domain, Kind, Message, Signature};
pub use tokenrail_core::channel::ChannelError;

/// Where a channel is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelStatus {
    /// Deposits and closes accepted.
    Open,
    /// A unilateral close is waiting out its challenge period.
    Closing,
    /// Paid out; may be opened again (next epoch).
    Settled,
}

/// One channel as the chain reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelState {
    /// Lifecycle state.
    pub status: ChannelStatus,
    /// Which opening of the channel; states name it.
    pub epoch: u64,
    /// The nonce of the state a unilateral close or challenge recorded (0 otherwise).
    pub nonce: u64,
    /// What the opener (party A) deposited.
    pub deposit_a: u128,
    /// What the counterparty (party B) deposited.
    pub deposit_b: u128,
    /// Unix seconds the challenge period ends (0 while open).
    pub deadline: u64,
}

/// A message with both parties' signatures, ready to submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// What was signed.
    pub message: Message,
    /// Party A's signature.
    pub sig_a: Signature,
    /// Party B's signature.
    pub sig_b: Signature,
}

/// Two-party payment channels (`docs/spec/channel.md`) on one chain, in the one asset the
/// client was built for. The opener is party A, the counterparty party B; a state's `sent_a`
/// and `sent_b` are what each has paid the other, cumulatively.
pub trait ChannelClient {
    /// An account that signs transactions and, off chain, channel states.
    type Signer;
    /// An address on this chain.
    type Address: Clone;
    /// How this chain names one channel.
    type ChannelRef: Clone + std::fmt::Debug + PartialEq;

    /// The address of `signer`.
    fn address_of(&self, signer: &Self::Signer) -> Self::Address;
    /// Opens a channel to `counterparty` with `amount` from the opener and a challenge period
    /// of `period` seconds.
    fn open(
        &mut self,
        opener: &Self::Signer,
        counterparty: &Self::Address,
        amount: u128,
        period: u64,
    ) -> Result<Self::ChannelRef, ChannelError>;
    /// Either party tops the channel up.
    fn deposit(
        &mut self,
        party: &Self::Signer,
        channel: &Self::ChannelRef,
        amount: u128,
    ) -> Result<(), ChannelError>;
    /// The channel's state; `ChannelNotFound` if it was never opened.
    fn channel(&mut self, channel: &Self::ChannelRef) -> Result<ChannelState, ChannelError>;
    /// The message of `kind` over the channel's current epoch (a Close ignores `nonce`).
    fn message(
        &mut self,
        channel: &Self::ChannelRef,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Message, ChannelError>;
    /// This deployment's signing domain (what binds a message to this chain and contract).
    fn domain(&self) -> Domain;
    /// Off chain: `party`'s signature of `message` in this deployment's domain.
    fn sign(&mut self, party: &Self::Signer, message: &Message) -> Result<Signature, ChannelError>;
    /// Pays out a Close both parties signed, at once.
    fn close_cooperative(
        &mut self,
        submitter: &Self::Signer,
        channel: &Self::ChannelRef,
        close: &Signed,
    ) -> Result<(), ChannelError>;
    /// A party submits a State both signed; the challenge period starts.
    fn close_unilateral(
        &mut self,
        party: &Self::Signer,
        channel: &Self::ChannelRef,
        state: &Signed,
    ) -> Result<(), ChannelError>;
    /// During the challenge period, anyone holding a State with a higher nonce submits it.
    fn challenge(
        &mut self,
        party: &Self::Signer,
        channel: &Self::ChannelRef,
        state: &Signed,
    ) -> Result<(), ChannelError>;
    /// The timeout refund: a party that never got a signed state closes on the implicit state
    /// (nonce 0, nothing sent), which needs no signature; the counterparty can still challenge
    /// with a signed state during the period.
    fn close_without_state(
        &mut self,
        party: &Self::Signer,
        channel: &Self::ChannelRef,
    ) -> Result<(), ChannelError>;
    /// After the challenge period, anyone pays the recorded state out.
    fn settle(
        &mut self,
        caller: &Self::Signer,
        channel: &Self::ChannelRef,
    ) -> Result<(), ChannelError>;
    /// The balance of `who` in the client's asset.
    fn balance(&mut self, who: &Self::Address) -> Result<u128, ChannelError>;

    /// Builds the message and has both parties sign it.
    fn sign_both(
        &mut self,
        [a, b]: [&Self::Signer; 2],
        channel: &Self::ChannelRef,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Signed, ChannelError> {
        let message = self.message(channel, kind, nonce, sent_a, sent_b)?;
        Ok(Signed {
            sig_a: self.sign(a, &message)?,
            sig_b: self.sign(b, &message)?,
            message,
        })
    }
}

/// The fields of a message as `(channel_id, epoch, nonce, sent_a, sent_b)` (nonce 0 for a
/// Close).
pub(crate) fn fields(m: &Message) -> ([u8; 32], u64, u64, u128, u128) {
    match m {
        Message::State(s) => (s.channel_id, s.epoch, s.nonce, s.sent_a, s.sent_b),
        Message::Close(c) => (c.channel_id, c.epoch, 0, c.sent_a, c.sent_b),
    }
}
