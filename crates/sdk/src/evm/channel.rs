//! [`ChannelClient`] on `TokenrailChannel`, in one ERC-20 or the chain's native coin. States are
//! signed with `tokenrail-channel`'s EIP-712 encoding (domain: chain id and the channel
//! contract).

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider as _};
use tokenrail_channel::{Domain, Kind, Message, Secp256k1Key, Signature};
use tokenrail_evm::channel::{channel_error, channel_id};
use tokenrail_evm::ITokenrailChannel::{self, ChannelKey};
use tokenrail_evm::TokenrailChannel;

use super::{chain, refusal_by, rpc, EvmSigner, IERC20};
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

/// A transaction a client sent: which contract function, and its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentTransaction {
    /// The function called (`approve`, `open`, `closeCooperative`, …).
    pub call: &'static str,
    /// The mined transaction.
    pub hash: B256,
}

/// `TokenrailChannel` at one address, for channels in one ERC-20, or in the chain's native coin
/// when the asset is the zero address (deposits then travel as the call's value).
pub struct EvmChannel {
    pub(crate) rt: tokio::runtime::Handle,
    pub(crate) reader: DynProvider,
    contract: Address,
    token: Address,
    chain_id: u64,
    sent: Vec<SentTransaction>,
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
        let chain_id = rt.block_on(reader.get_chain_id()).map_err(rpc)?;
        let code = rt
            .block_on(async { reader.get_code_at(contract).await })
            .map_err(rpc)?;
        if code.is_empty() {
            return Err(chain(format!("no contract at {contract}")));
        }
        Ok(EvmChannel {
            rt,
            reader,
            contract,
            token,
            chain_id,
            sent: Vec::new(),
        })
    }

    /// The asset: an ERC-20, or the zero address for the native coin.
    pub fn asset(&self) -> Address {
        self.token
    }

    /// The transactions sent since the last call, oldest first (for a receipt to show the
    /// user).
    pub fn take_sent(&mut self) -> Vec<SentTransaction> {
        std::mem::take(&mut self.sent)
    }

    /// Everything the contract records of a channel, including its challenge period and the
    /// amounts of the recorded state (status 0: never opened).
    pub fn view(&self, key: &ChannelKey) -> Result<ITokenrailChannel::ChannelView, ChannelError> {
        let c = TokenrailChannel::new(self.contract, self.reader.clone());
        let id = channel_id(key.a, key.b, key.asset);
        self.rt
            .block_on(async { c.getChannel(id).call().await })
            .map_err(refusal)
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

    /// What a deposit of `amount` attaches: the amount itself in the native coin; nothing for
    /// an ERC-20, whose allowance is raised first (an `approve`) when it is short.
    fn fund(&mut self, owner: &EvmSigner, amount: u128) -> Result<U256, ChannelError> {
        if self.token == Address::ZERO {
            return Ok(U256::from(amount));
        }
        let token = IERC20::new(self.token, owner.provider.clone());
        let allowance = self
            .rt
            .block_on(async { token.allowance(owner.address, self.contract).call().await })
            .map_err(refusal)?;
        if allowance < U256::from(amount) {
            let receipt = self.rt.block_on(send!(
                owner.provider,
                token.approve(self.contract, U256::from(amount)),
                refusal
            ))?;
            self.record("approve", &receipt);
        }
        Ok(U256::ZERO)
    }

    fn record(&mut self, call: &'static str, receipt: &alloy::rpc::types::TransactionReceipt) {
        self.sent.push(SentTransaction {
            call,
            hash: receipt.transaction_hash,
        });
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
        let value = self.fund(&opener.signer, amount)?;
        let c = self.as_party(opener);
        let receipt = self.rt.block_on(send!(
            opener.signer.provider,
            c.open(*counterparty, self.token, amount, period)
                .value(value),
            refusal
        ))?;
        self.record("open", &receipt);
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
        let value = self.fund(&party.signer, amount)?;
        let c = self.as_party(party);
        let receipt = self.rt.block_on(send!(
            party.signer.provider,
            c.deposit(key.clone(), amount).value(value),
            refusal
        ))?;
        self.record("deposit", &receipt);
        Ok(())
    }

    fn channel(&mut self, key: &ChannelKey) -> Result<ChannelState, ChannelError> {
        let v = self.view(key)?;
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
        let receipt = self.rt.block_on(send!(
            submitter.signer.provider,
            c.closeCooperative(key.clone(), msg, sa, sb),
            refusal
        ))?;
        self.record("closeCooperative", &receipt);
        Ok(())
    }

    fn close_unilateral(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state);
        let c = self.as_party(party);
        let receipt = self.rt.block_on(send!(
            party.signer.provider,
            c.closeUnilateral(key.clone(), state_of(&state.message), sa, sb),
            refusal
        ))?;
        self.record("closeUnilateral", &receipt);
        Ok(())
    }

    fn challenge(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let (sa, sb) = sigs(state);
        let c = self.as_party(party);
        let receipt = self.rt.block_on(send!(
            party.signer.provider,
            c.challenge(key.clone(), state_of(&state.message), sa, sb),
            refusal
        ))?;
        self.record("challenge", &receipt);
        Ok(())
    }

    fn close_without_state(
        &mut self,
        party: &EvmParty,
        key: &ChannelKey,
    ) -> Result<(), ChannelError> {
        let c = self.as_party(party);
        let receipt = self.rt.block_on(send!(
            party.signer.provider,
            c.closeWithoutState(key.clone()),
            refusal
        ))?;
        self.record("closeWithoutState", &receipt);
        Ok(())
    }

    fn settle(&mut self, caller: &EvmParty, key: &ChannelKey) -> Result<(), ChannelError> {
        let c = self.as_party(caller);
        let receipt = self.rt.block_on(send!(
            caller.signer.provider,
            c.settle(key.clone()),
            refusal
        ))?;
        self.record("settle", &receipt);
        Ok(())
    }

    fn balance(&mut self, who: &Address) -> Result<u128, ChannelError> {
        if self.token == Address::ZERO {
            let b = self
                .rt
                .block_on(async { self.reader.get_balance(*who).await })
                .map_err(rpc)?;
            return u128::try_from(b).map_err(chain);
        }
        let token = IERC20::new(self.token, self.reader.clone());
        let b = self
            .rt
            .block_on(async { token.balanceOf(*who).call().await })
            .map_err(refusal)?;
        u128::try_from(b).map_err(chain)
    }
}
