//! Each chain's encoding of a [`State`] or [`Close`]: the exact bytes (or digest) that are signed.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest as _};
use sha2::Sha256;
use sha3::Keccak256;

use crate::{Close, State};

/// Which message: an ordinary state or the agreement to close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// [`State`].
    State = 0,
    /// [`Close`].
    Close = 1,
}

/// Where a message is valid: the chain and the deployment it is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Domain {
    /// EIP-712 domain `{name: "Tokenrail Channels", version: "1", chainId, verifyingContract}`.
    Evm {
        /// EIP-155 chain id.
        chain_id: u64,
        /// The channel contract.
        verifying_contract: [u8; 20],
    },
    /// The channel program, the network, and the channel account (which is also the channel
    /// id). The same program id, parties and mint exist on every cluster, so the network is
    /// bound too: the cluster's genesis hash, recorded in the channel when it is opened (a
    /// program cannot read it; each party's client checks it before depositing or signing).
    Solana {
        /// The channel program.
        program_id: [u8; 32],
        /// The cluster's genesis hash, as recorded in the channel.
        network: [u8; 32],
    },
    /// The chain id and the contract's address.
    CosmWasm {
        /// e.g. `osmosis-1`.
        chain_id: String,
        /// The channel contract's address (normalised bech32).
        contract: String,
    },
    /// The contract account and the network. ink! contracts cannot read a chain id, so the
    /// contract records the chain's genesis hash when it is instantiated, and every state binds
    /// it (a contract account is deterministic, so the same one can exist on another chain).
    Ink {
        /// The channel contract.
        contract: [u8; 32],
        /// The chain's genesis hash, as the contract recorded it.
        network: [u8; 32],
    },
}

/// A message to sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// An ordinary state.
    State(State),
    /// The agreement to close now.
    Close(Close),
}

/// Solana's prefix of every signed message (v2: the network is bound).
pub const SOLANA_TAG: &[u8] = b"tokenrail:channel:solana:v2";
/// CosmWasm's prefix of every hashed message.
pub const COSMWASM_TAG: &[u8] = b"tokenrail:channel:cosmwasm:v1";
/// ink!'s prefix of every hashed message (v2: the network is bound).
pub const INK_TAG: &[u8] = b"tokenrail:channel:ink:v2";

fn keccak(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

fn word_u128(v: u128) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[16..].copy_from_slice(&v.to_be_bytes());
    w
}

impl Message {
    /// A State of these fields, or a Close of them (a Close has no nonce; `nonce` is ignored).
    pub fn new(
        kind: Kind,
        channel_id: [u8; 32],
        epoch: u64,
        nonce: u64,
        sent_a: u128,
        sent_b: u128,
    ) -> Message {
        match kind {
            Kind::State => Message::State(State {
                channel_id,
                epoch,
                nonce,
                sent_a,
                sent_b,
            }),
            Kind::Close => Message::Close(Close {
                channel_id,
                epoch,
                sent_a,
                sent_b,
            }),
        }
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        match self {
            Message::State(_) => Kind::State,
            Message::Close(_) => Kind::Close,
        }
    }

    fn fields(&self) -> ([u8; 32], u64, Option<u64>, u128, u128) {
        match self {
            Message::State(s) => (s.channel_id, s.epoch, Some(s.nonce), s.sent_a, s.sent_b),
            Message::Close(c) => (c.channel_id, c.epoch, None, c.sent_a, c.sent_b),
        }
    }

    /// The EIP-712 struct hash.
    pub fn eip712_struct_hash(&self) -> [u8; 32] {
        let (channel_id, epoch, nonce, sent_a, sent_b) = self.fields();
        let type_hash = match self {
            Message::State(_) => keccak(
                b"State(bytes32 channelId,uint64 epoch,uint64 nonce,uint128 sentA,uint128 sentB)",
            ),
            Message::Close(_) => {
                keccak(b"Close(bytes32 channelId,uint64 epoch,uint128 sentA,uint128 sentB)")
            }
        };
        let mut enc = Vec::with_capacity(6 * 32);
        enc.extend_from_slice(&type_hash);
        enc.extend_from_slice(&channel_id);
        enc.extend_from_slice(&word_u128(epoch.into()));
        if let Some(nonce) = nonce {
            enc.extend_from_slice(&word_u128(nonce.into()));
        }
        enc.extend_from_slice(&word_u128(sent_a));
        enc.extend_from_slice(&word_u128(sent_b));
        keccak(&enc)
    }

    /// The bytes signed on Solana (Ed25519 signs the message itself): tag, kind, program id,
    /// network (the cluster's genesis hash), channel account, epoch, nonce (states only), sent
    /// amounts, integers little-endian. `None` when an amount does not fit Solana's `u64`.
    pub fn solana_bytes(&self, program_id: &[u8; 32], network: &[u8; 32]) -> Option<Vec<u8>> {
        let (channel_id, epoch, nonce, sent_a, sent_b) = self.fields();
        let mut out = SOLANA_TAG.to_vec();
        out.push(self.kind() as u8);
        out.extend_from_slice(program_id);
        out.extend_from_slice(network);
        out.extend_from_slice(&channel_id);
        out.extend_from_slice(&epoch.to_le_bytes());
        if let Some(nonce) = nonce {
            out.extend_from_slice(&nonce.to_le_bytes());
        }
        out.extend_from_slice(&u64::try_from(sent_a).ok()?.to_le_bytes());
        out.extend_from_slice(&u64::try_from(sent_b).ok()?.to_le_bytes());
        Some(out)
    }

    fn hashed_preimage(&self, tag: &[u8], context: &[&[u8]], big_endian: bool) -> Vec<u8> {
        let (channel_id, epoch, nonce, sent_a, sent_b) = self.fields();
        let mut out = tag.to_vec();
        out.push(self.kind() as u8);
        for part in context {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part);
        }
        out.extend_from_slice(&channel_id);
        let (e, s_a, s_b) = if big_endian {
            (
                epoch.to_be_bytes(),
                sent_a.to_be_bytes(),
                sent_b.to_be_bytes(),
            )
        } else {
            (
                epoch.to_le_bytes(),
                sent_a.to_le_bytes(),
                sent_b.to_le_bytes(),
            )
        };
        out.extend_from_slice(&e);
        if let Some(nonce) = nonce {
            out.extend_from_slice(&if big_endian {
                nonce.to_be_bytes()
            } else {
                nonce.to_le_bytes()
            });
        }
        out.extend_from_slice(&s_a);
        out.extend_from_slice(&s_b);
        out
    }

    /// The bytes whose BLAKE2b-256 an ink! party signs: tag, kind, the length-prefixed contract
    /// account and network (the genesis hash), then the fields little-endian. Public so a
    /// contract can hash them with the host's BLAKE2 function instead of in wasm.
    pub fn ink_preimage(&self, contract: &[u8; 32], network: &[u8; 32]) -> Vec<u8> {
        self.hashed_preimage(INK_TAG, &[contract, network], false)
    }

    /// What the domain's scheme signs: the 32-byte digest (EVM, CosmWasm, ink!) or, on Solana,
    /// the message bytes. `None` when the message cannot be expressed on the chain (an amount
    /// beyond Solana's `u64`).
    pub fn signing_payload(&self, domain: &Domain) -> Option<Vec<u8>> {
        Some(match domain {
            Domain::Evm {
                chain_id,
                verifying_contract,
            } => {
                let mut enc = Vec::with_capacity(5 * 32);
                enc.extend_from_slice(&keccak(
                    b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
                ));
                enc.extend_from_slice(&keccak(b"Tokenrail Channels"));
                enc.extend_from_slice(&keccak(b"1"));
                enc.extend_from_slice(&word_u128((*chain_id).into()));
                let mut addr = [0u8; 32];
                addr[12..].copy_from_slice(verifying_contract);
                enc.extend_from_slice(&addr);
                let separator = keccak(&enc);
                let mut digest = vec![0x19, 0x01];
                digest.extend_from_slice(&separator);
                digest.extend_from_slice(&self.eip712_struct_hash());
                keccak(&digest).to_vec()
            }
            Domain::Solana {
                program_id,
                network,
            } => self.solana_bytes(program_id, network)?,
            Domain::CosmWasm { chain_id, contract } => {
                let pre = self.hashed_preimage(
                    COSMWASM_TAG,
                    &[chain_id.as_bytes(), contract.as_bytes()],
                    true,
                );
                Sha256::digest(&pre).to_vec()
            }
            Domain::Ink { contract, network } => {
                Blake2b::<U32>::digest(self.ink_preimage(contract, network)).to_vec()
            }
        })
    }
}
