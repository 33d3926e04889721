//! [`ChannelClient`] on `TokenrailChannel`, in one ERC-20. States are signed with
//! `tokenrail-channel`'s EIP-712 encoding (domain: chain id and the channel contract).

use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::DynProvider;
use tokenrail_channel::{Domain, Kind, Message, Secp256k1Key, Signature};
use tokenrail_evm::channel::{channel_error, channel_id};
use tokenrail_evm::ITokenrailChannel::{self, ChannelKey};
use tokenrail_evm::TokenrailChannel;

use super::{chain, refusal_by, EvmSigner, IERC20};
use crate::channel::{fields, ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
use crate::{ClientError, Result};

fn refusal(err: alloy::contract::Error) -> ClientError<ChannelError> {
    refusal_by(err, channel_error)
}

/// A channel party: a transaction signer and the secp256k1 key behind its address, which
/// signs states.
#[derive(Clone)]
pub struct EvmParty {
    /// Sends the party's transactions.
    pub signer: EvmSigner,
    /// The account's key.
    pub key: Secp256k1Key,
}

impl std::fmt::Debug for EvmParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("EvmParty")
            .field("address", &self.signer.address)
            .finish_non_exhaustive()
    }
}

/// `TokenrailChannel` at one address, for channels in one ERC-20.
pub struct EvmChannel {
    pub(crate) rt: tokio::runtime::Handle,
    pub(crate) reader: DynProvider,
    contract: Address,
    token: Address,
    chain_id: u64,
}

impl EvmChannel {
    /// The channel contract at `contract`, for channels in `token`; `reader` serves the
    /// queries and `rt` drives the providers' futures.
    pub fn new(
        rt: tokio::runtime::Handle,
        reader: DynProvider,
        contract: Address,
        token: Address,
    ) -> Result<Self, ChannelError> {
        use alloy::providers::Provider as _;
        let chain_id = rt.block_on(reader.get_chain_id()).map_err(chain)?;
        Ok(EvmChannel {
            rt,
            reader,
            contract,
            token,
            chain_id,
        })
    }

    /// The channel contract's address.
    pub fn address(&self) -> Address {
        self.contract
    }

    /// Deploys the contract from `deployer`, for channels in `token`.
    pub fn deploy(
        rt: tokio::runtime::Handle,
        deployer: &EvmSigner,
        token: Address,
    ) -> Result<Self, ChannelError> {
        let p = deployer.provider.clone();
        let contract = rt
            .block_on(TokenrailChannel::deploy(p.clone()))
            .map_err(refusal)?;
        EvmChannel::new(rt, p, *contract.address(), token)
    }

    fn approve(&self, owner: &EvmSigner, amount: u128) -> Result<(), ChannelError> {
        let token = IERC20::new(self.token, owner.provider.clone());
        self.rt
            .block_on(send!(
                owner.provider,
                token.approve(self.contract, U256::from(amount)),
                refusal
            ))
            .map(drop)
    }

    fn as_party(&self, p: &EvmParty) -> TokenrailChannel::TokenrailChannelInstance<DynProvider> {
        TokenrailChannel::new(self.contract, p.signer.provider.clone())
    }
}

/// A's and B's signatures as the contract takes them.
fn sigs(s: &Signed) -> (Bytes, Bytes) {
    (Bytes::from(s.sig_a.clone()), Bytes::from(s.sig_b.clone()))
}

fn state_of(m: &Message) -> ITokenrailChannel::State {
    let (id, epoch, nonce, sent_a, sent_b) = fields(m);
    ITokenrailChannel::State {
        channelId: id.into(),
        epoch,
        nonce,
        sentA: sent_a,
        sentB: sent_b,
    }
}

impl ChannelClient for EvmChannel {
    type Signer = EvmParty;
    type Address = Address;
    type ChannelRef = ChannelKey;

    fn address_of(&self, p: &EvmParty) -> Address {
        p.signer.address
    }

    fn open(
        &mut self,
        opener: &EvmParty,
        counterparty: &Address,
        amount: u128,
        period: u64,
    ) -> Result<ChannelKey, ChannelError> {
        let period =
            u32::try_from(period).map_err(|_| ClientError::Spec(ChannelError::InvalidPeriod))?;
        self.approve(&opener.signer, amount)?;
        let c = self.as_party(opener);
        self.rt.block_on(send!(
            opener.signer.provider,
            c.open(*counterparty, self.token, amount, period),
            refusal
        ))?;
        Ok(ChannelKey {
            a: opener.signer.address,
            b: *counterparty,
            asset: self.token,
        })
    }

    fn deposit(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
        amount: u128,
    ) -> Result<(), ChannelError> {
        self.approve(&party.signer, amount)?;
        let c = self.as_party(party);
        self.rt
            .block_on(send!(
                party.signer.provider,
                c.deposit(key.clone(), amount),
                refusal
            ))
            .map(drop)
    }

    fn channel(&mut self, key: &ChannelKey) -> Result<ChannelState, ChannelError> {
        let c = TokenrailChannel::new(self.contract, self.reader.clone());
        let id = channel_id(key.a, key.b, key.asset);
        let v = self
            .rt
            .block_on(async { c.getChannel(id).call().await })
            .map_err(refusal)?;
        let status = match v.status {
            0 => return Err(ClientError::Spec(ChannelError::ChannelNotFound)),
            1 => ChannelStatus::Open,
            2 => ChannelStatus::Closing,
            3 => ChannelStatus::Settled,
            other => return Err(chain(format!("unknown channel status {other}"))),
        };
        Ok(ChannelState {
            status,
            epoch: v.epoch,
            nonce: v.nonce,
            deposit_a: v.depositA,
            deposit_b: v.depositB,
            deadline: v.deadline,
        })
    }

    fn message(
        &mut self,
        key: &ChannelKey,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Message, ChannelError> {
        let epoch = self.channel(key)?.epoch;
        let id = channel_id(key.a, key.b, key.asset);
        Ok(Message::new(kind, id.0, epoch, nonce, sent_a, sent_b))
    }

    fn domain(&self) -> Domain {
        Domain::Evm {
            chain_id: self.chain_id,
            verifying_contract: self.contract.into(),
        }
    }

    fn sign(&mut self, party: &EvmParty, message: &Message) -> Result<Signature, ChannelError> {
        party.key.sign(&self.domain(), message).map_err(chain)
    }

    fn close_cooperative(
        &mut self,
        submitter: &EvmParty,
        key: &ChannelKey,
        close: &Signed,
    ) -> Result<(), ChannelError> {
        let (id, epoch, _, sent_a, sent_b) = fields(&close.message);
        let msg = ITokenrailChannel::Close {
            channelId: id.into(),
            epoch,
            sentA: sent_a,
            sentB: sent_b,
        };
        let (sa, sb) = sigs(close);
        let c = self.as_party(submitter);
        self.rt
            .block_on(send!(
                submitter.signer.provider,
                c.closeCooperative(key.clone(), msg, sa, sb),
                refusal
            ))
            .map(drop)
    }

    fn close_unilateral(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state);
        let c = self.as_party(party);
        self.rt
            .block_on(send!(
                party.signer.provider,
                c.closeUnilateral(key.clone(), state_of(&state.message), sa, sb),
                refusal
            ))
            .map(drop)
    }

    fn challenge(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state);
        let c = self.as_party(party);
        self.rt
            .block_on(send!(
                party.signer.provider,
                c.challenge(key.clone(), state_of(&state.message), sa, sb),
                refusal
            ))
            .map(drop)
    }

    fn close_without_state(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
    ) -> Result<(), ChannelError> {
        let c = self.as_party(party);
        self.rt
            .block_on(send!(
                party.signer.provider,
                c.closeWithoutState(key.clone()),
                refusal
            ))
            .map(drop)
    }

    fn settle(&mut self, caller: &EvmParty, key: &ChannelKey) -> Result<(), ChannelError> {
        let c = self.as_party(caller);
        self.rt
            .block_on(send!(
                caller.signer.provider,
                c.settle(key.clone()),
                refusal
            ))
            .map(drop)
    }

    fn balance(&mut self, who: &Address) -> Result<u128, ChannelError> {
        let token = IERC20::new(self.token, self.reader.clone());
        let b = self
            .rt
            .block_on(async { token.balanceOf(*who).call().await })
            .map_err(refusal)?;
        u128::try_from(b).map_err(chain)
    }
}
