//! [`ChannelClient`] on `cw-channel`, in a bank denom or a cw20 token. Parties are accounts of
//! secp256k1 keys (the canonical address is `ripemd160(sha256(compressed pubkey))`); states are
//! `tokenrail-channel`'s CosmWasm encoding, bound to the chain id and the contract.

use cosmwasm_std::{Addr, HexBinary, Uint128};
use tokenrail_channel::{Domain, Kind, Message, Party, Secp256k1Key, Signature};
use tokenrail_cosmwasm::channel::{Asset, CloseMsg, ExecuteMsg, QueryMsg, ReceiveMsg, StateMsg};
use tokenrail_cosmwasm::{ChannelRecord as Channel, ChannelRecordStatus as Status};
use tokenrail_cosmwasm::{Contract, SpecError};

use super::{asset_balance, chain, funded_msg, refusal_by, CwAsset, QueryOn};
use crate::channel::{fields, ChannelClient, ChannelError, ChannelState, ChannelStatus, Signed};
use crate::{ClientError, Result};

fn refusal(err: impl Into<crate::LedgerError>) -> ClientError<ChannelError> {
    refusal_by(err, |e| match e {
        SpecError::Channel(code) => Some(code),
        _ => None,
    })
}

/// A channel party: its account and the key it derives from.
#[derive(Clone)]
pub struct CwParty {
    /// The account (bech32 of the key's canonical address).
    pub addr: Addr,
    /// The key.
    pub key: Secp256k1Key,
}

impl std::fmt::Debug for CwParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("CwParty")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// A bech32 prefix no address can be spelled with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a bech32 prefix: {1}")]
pub struct BadPrefix(pub String, pub String);

impl CwParty {
    /// The party of `key` on a chain with bech32 prefix `prefix`.
    pub fn new(key: Secp256k1Key, prefix: &str) -> std::result::Result<Self, BadPrefix> {
        let probe = Domain::CosmWasm {
            chain_id: String::new(),
            contract: String::new(),
        };
        // Every secp256k1 key has a canonical Cosmos address; anything else is a bug in core.
        let Some(Party::CosmosCanonical(canonical)) = key.party(&probe) else {
            unreachable!("a secp256k1 key without a canonical Cosmos address");
        };
        let bad = |e: &dyn std::fmt::Display| BadPrefix(prefix.to_owned(), e.to_string());
        let hrp = bech32::Hrp::parse(prefix).map_err(|e| bad(&e))?;
        let addr = bech32::encode::<bech32::Bech32>(hrp, &canonical).map_err(|e| bad(&e))?;
        Ok(CwParty {
            addr: Addr::unchecked(addr),
            key,
        })
    }
}

/// `cw-channel` on a ledger (the embedded chain or a Cosmos chain).
pub struct CwChannel {
    /// The ledger.
    pub chain: super::CwLedger,
    contract: Contract<tokenrail_cosmwasm::Channel>,
    asset: CwAsset,
}

impl CwChannel {
    /// `cw-channel` at `contract` on `chain`, in `asset`.
    pub fn on(chain: super::CwLedger, contract: Addr, asset: CwAsset) -> Self {
        CwChannel {
            chain,
            contract: Contract::new(contract),
            asset,
        }
    }

    fn wire_asset(&self) -> Asset {
        match &self.asset {
            CwAsset::Native(denom) => Asset::Native {
                denom: denom.clone(),
            },
            CwAsset::Cw20(token) => Asset::Cw20 {
                address: token.addr.clone(),
            },
        }
    }

    fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<(), ChannelError> {
        let msg = self.contract.execute(msg, vec![]).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal).map(drop)
    }

    fn funded(
        &mut self,
        sender: &Addr,
        amount: u128,
        native: ExecuteMsg,
        hook: ReceiveMsg,
    ) -> Result<(), ChannelError> {
        let msg = funded_msg(&self.asset, &self.contract, amount, &native, &hook).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal).map(drop)
    }

    fn fetch(&self, id: &HexBinary) -> Result<Channel, ChannelError> {
        let found: Option<Channel> = self
            .contract
            .query_on(
                &self.chain,
                &QueryMsg::Channel {
                    channel_id: id.clone(),
                },
            )
            .map_err(refusal)?;
        found.ok_or(ClientError::Spec(ChannelError::ChannelNotFound))
    }
}

fn state_msg(m: &Message) -> StateMsg {
    let (id, epoch, nonce, sent_a, sent_b) = fields(m);
    StateMsg {
        channel_id: HexBinary::from(&id[..]),
        epoch,
        nonce,
        sent_a: Uint128::new(sent_a),
        sent_b: Uint128::new(sent_b),
    }
}

impl ChannelClient for CwChannel {
    type Signer = CwParty;
    type Address = Addr;
    type ChannelRef = HexBinary;

    fn address_of(&self, p: &CwParty) -> Addr {
        p.addr.clone()
    }

    fn open(
        &mut self,
        opener: &CwParty,
        counterparty: &Addr,
        amount: u128,
        period: u64,
    ) -> Result<HexBinary, ChannelError> {
        let cp = counterparty.to_string();
        self.funded(
            &opener.addr,
            amount,
            ExecuteMsg::Open {
                counterparty: cp.clone(),
                period,
            },
            ReceiveMsg::Open {
                counterparty: cp.clone(),
                period,
            },
        )?;
        self.contract
            .query_on(
                &self.chain,
                &QueryMsg::ChannelId {
                    a: opener.addr.to_string(),
                    b: cp,
                    asset: self.wire_asset(),
                },
            )
            .map_err(refusal)
    }

    fn deposit(
        &mut self,
        party: &CwParty,
        id: &HexBinary,
        amount: u128,
    ) -> Result<(), ChannelError> {
        self.funded(
            &party.addr,
            amount,
            ExecuteMsg::Deposit {
                channel_id: id.clone(),
            },
            ReceiveMsg::Deposit {
                channel_id: id.clone(),
            },
        )
    }

    fn channel(&mut self, id: &HexBinary) -> Result<ChannelState, ChannelError> {
        let c = self.fetch(id)?;
        Ok(ChannelState {
            status: match c.status {
                Status::Open => ChannelStatus::Open,
                Status::Closing => ChannelStatus::Closing,
                Status::Settled => ChannelStatus::Settled,
            },
            epoch: c.epoch,
            nonce: c.nonce,
            deposit_a: c.deposit_a.u128(),
            deposit_b: c.deposit_b.u128(),
            deadline: c.deadline,
        })
    }

    fn message(
        &mut self,
        id: &HexBinary,
        kind: Kind,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Result<Message, ChannelError> {
        let epoch = self.fetch(id)?.epoch;
        let id: [u8; 32] = id
            .as_slice()
            .try_into()
            .map_err(|_| ClientError::Spec(ChannelError::WrongChannel))?;
        Ok(Message::new(kind, id, epoch, nonce, sent_a, sent_b))
    }

    fn domain(&self) -> Domain {
        Domain::CosmWasm {
            chain_id: self.chain.chain_id(),
            contract: self.contract.addr.to_string(),
        }
    }

    fn sign(&mut self, party: &CwParty, message: &Message) -> Result<Signature, ChannelError> {
        party.key.sign(&self.domain(), message).map_err(chain)
    }

    fn close_cooperative(
        &mut self,
        submitter: &CwParty,
        id: &HexBinary,
        close: &Signed,
    ) -> Result<(), ChannelError> {
        let (cid, epoch, _, sent_a, sent_b) = fields(&close.message);
        let msg = ExecuteMsg::CloseCooperative {
            channel_id: id.clone(),
            close: CloseMsg {
                channel_id: HexBinary::from(&cid[..]),
                epoch,
                sent_a: Uint128::new(sent_a),
                sent_b: Uint128::new(sent_b),
            },
            sig_a: HexBinary::from(close.sig_a.clone()),
            sig_b: HexBinary::from(close.sig_b.clone()),
        };
        self.execute(&submitter.addr, &msg)
    }

    fn close_unilateral(
        &mut self,
        party: &CwParty,
        id: &HexBinary,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let msg = ExecuteMsg::CloseUnilateral {
            channel_id: id.clone(),
            state: state_msg(&state.message),
            sig_a: HexBinary::from(state.sig_a.clone()),
            sig_b: HexBinary::from(state.sig_b.clone()),
        };
        self.execute(&party.addr, &msg)
    }

    fn challenge(
        &mut self,
        party: &CwParty,
        id: &HexBinary,
        state: &Signed,
    ) -> Result<(), ChannelError> {
        let msg = ExecuteMsg::Challenge {
            channel_id: id.clone(),
            state: state_msg(&state.message),
            sig_a: HexBinary::from(state.sig_a.clone()),
            sig_b: HexBinary::from(state.sig_b.clone()),
        };
        self.execute(&party.addr, &msg)
    }

    fn close_without_state(&mut self, party: &CwParty, id: &HexBinary) -> Result<(), ChannelError> {
        let msg = ExecuteMsg::CloseWithoutState {
            channel_id: id.clone(),
        };
        self.execute(&party.addr, &msg)
    }

    fn settle(&mut self, caller: &CwParty, id: &HexBinary) -> Result<(), ChannelError> {
        let msg = ExecuteMsg::Settle {
            channel_id: id.clone(),
        };
        self.execute(&caller.addr, &msg)
    }

    fn balance(&mut self, who: &Addr) -> Result<u128, ChannelError> {
        asset_balance(&self.chain, &self.asset, who).map_err(ClientError::from)
    }
}
