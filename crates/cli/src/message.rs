//! The channel message file: a State or Close with its domain and the signatures gathered so
//! far, as the parties pass it between them (`tokenrail channel sign`) and either submits; and
//! how each chain spells the fields it names.

use std::path::Path;

use alloy::primitives::Address;
use anyhow::Context;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use tokenrail_channel::{Close, Domain, Message, Party, State};
use tokenrail_evm::ITokenrailChannel::ChannelKey;
use tokenrail_planner::address::{eip55, ss58_encode};
use tokenrail_planner::Chain;

use crate::chain::ChainArg;
use crate::error::BadInput;

/// The message file both parties sign and either submits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageFile {
    /// Whose encoding and scheme.
    pub chain: ChainArg,
    /// EVM and CosmWasm: the chain id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
    /// Solana and ink!: the network (the genesis hash; base58 on Solana, `0x`-hex on ink!).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// The channel contract, or the Solana program.
    pub contract: String,
    /// State or Close.
    pub kind: KindArg,
    /// EVM: the channel's parties and asset, so the file names everything a transaction needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<EvmChannel>,
    /// The channel id, `0x` + 64 hex digits.
    pub channel_id: String,
    /// The epoch.
    pub epoch: u64,
    /// The nonce (States).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<u64>,
    /// Cumulative amount A paid B (decimal base units).
    pub sent_a: String,
    /// Cumulative amount B paid A.
    pub sent_b: String,
    /// The signatures gathered so far (hex).
    #[serde(default)]
    pub signatures: Signatures,
}

/// EVM channel identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvmChannel {
    /// Party A.
    pub a: String,
    /// Party B.
    pub b: String,
    /// The token, or `native`.
    pub asset: String,
}

/// A's and B's signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatures {
    /// Party A's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    /// Party B's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}

pub(crate) fn planner_chain(chain: ChainArg) -> Chain {
    match chain {
        ChainArg::Evm => Chain::Evm,
        ChainArg::Solana => Chain::Solana,
        // Channel parties are accounts; any bech32 prefix is accepted.
        ChainArg::Cosmwasm => Chain::Cosmwasm {
            prefix: String::new(),
        },
        ChainArg::Ink => Chain::Ink { ss58_prefix: 42 },
    }
}

/// Parses an address of `chain`, naming the flag in the error.
pub(crate) fn parse_address(chain: ChainArg, flag: &str, text: &str) -> Result<Vec<u8>, BadInput> {
    let parsed = match chain {
        ChainArg::Cosmwasm => tokenrail_planner::address::parse_bech32_any_prefix(text)
            .map(|a| a.bytes)
            .map_err(|e| e.to_string()),
        _ => planner_chain(chain)
            .parse_address(text)
            .map(|a| a.bytes)
            .map_err(|e| e.to_string()),
    };
    parsed.map_err(|e| BadInput(format!("{flag} `{text}`: {e}")))
}

pub(crate) fn evm_address(flag: &str, text: &str) -> Result<Address, BadInput> {
    Ok(Address::from_slice(&parse_address(
        ChainArg::Evm,
        flag,
        text,
    )?))
}

/// An EVM asset: `native` (the zero address) or a token address.
pub(crate) fn evm_asset(text: &str) -> Result<Address, BadInput> {
    if text == "native" {
        Ok(Address::ZERO)
    } else {
        evm_address("--asset", text)
    }
}

/// A whole number of base units (no decimals, no floats).
/// A whole number of base units, read by the grammar every amount flag uses (digits only: no
/// sign, fraction, exponent or separator); zero is allowed, as a state's cumulative amounts
/// start there.
pub(crate) fn parse_amount(flag: &str, text: &str) -> Result<u128, BadInput> {
    use tokenrail_planner::amount::{parse_amount, AmountError};
    match parse_amount(text, None, 128) {
        Ok(v) => Ok(v),
        Err(AmountError::Zero) => Ok(0),
        Err(AmountError::UnexpectedFraction(_)) => Err(BadInput(format!(
            "{flag}: `{text}` has a fraction; amounts are whole numbers of base units"
        ))),
        Err(e) => Err(BadInput(format!("{flag}: {e}"))),
    }
}

pub(crate) fn parse_id(chain: ChainArg, text: &str) -> Result<[u8; 32], BadInput> {
    let bad = || BadInput(format!("--channel-id `{text}`: expected 32 bytes"));
    let hex_text = text.strip_prefix("0x").unwrap_or(text);
    if let Ok(bytes) = hex::decode(hex_text) {
        return bytes.try_into().map_err(|_| bad());
    }
    if chain == ChainArg::Solana {
        let bytes = bs58::decode(text).into_vec().map_err(|_| bad())?;
        return bytes.try_into().map_err(|_| bad());
    }
    Err(bad())
}

impl MessageFile {
    /// The unsigned file of `message` in `domain`.
    pub(crate) fn of(
        chain: ChainArg,
        domain: &Domain,
        message: &Message,
    ) -> Result<MessageFile, BadInput> {
        let (chain_id, network, contract) = match (chain, domain) {
            (
                ChainArg::Evm,
                Domain::Evm {
                    chain_id,
                    verifying_contract,
                },
            ) => (Some(chain_id.to_string()), None, eip55(verifying_contract)),
            (
                ChainArg::Solana,
                Domain::Solana {
                    program_id,
                    network,
                },
            ) => (
                None,
                Some(bs58::encode(network).into_string()),
                bs58::encode(program_id).into_string(),
            ),
            (ChainArg::Cosmwasm, Domain::CosmWasm { chain_id, contract }) => {
                (Some(chain_id.clone()), None, contract.clone())
            }
            (ChainArg::Ink, Domain::Ink { contract, network }) => (
                None,
                Some(format!("0x{}", hex::encode(network))),
                ss58_encode(contract, 42),
            ),
            _ => return Err(BadInput("the domain is not this chain's".into())),
        };
        let (kind, channel_id, epoch, nonce, sent_a, sent_b) = match message {
            Message::State(st) => (
                KindArg::State,
                st.channel_id,
                st.epoch,
                Some(st.nonce),
                st.sent_a,
                st.sent_b,
            ),
            Message::Close(c) => (
                KindArg::Close,
                c.channel_id,
                c.epoch,
                None,
                c.sent_a,
                c.sent_b,
            ),
        };
        Ok(MessageFile {
            chain,
            chain_id,
            network,
            contract,
            kind,
            channel: None,
            channel_id: format!("0x{}", hex::encode(channel_id)),
            epoch,
            nonce,
            sent_a: sent_a.to_string(),
            sent_b: sent_b.to_string(),
            signatures: Signatures::default(),
        })
    }

    pub(crate) fn read(path: &Path) -> Result<MessageFile, BadInput> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
        let m: MessageFile = serde_json::from_str(&text).map_err(|e| {
            BadInput(format!(
                "{}: not a channel message file: {e}",
                path.display()
            ))
        })?;
        m.domain()?;
        m.message()?;
        Ok(m)
    }

    /// Writes the file atomically (a partial file is never left behind).
    pub(crate) fn write(&self, path: &Path, overwrite: bool) -> anyhow::Result<()> {
        if !overwrite && path.exists() {
            return Err(BadInput(format!(
                "{} exists; add a signature to it with --message",
                path.display()
            ))
            .into());
        }
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
            .with_context(|| format!("cannot write next to {}", path.display()))?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        std::io::Write::write_all(&mut tmp, b"\n")?;
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    }

    /// The signing domain.
    pub(crate) fn domain(&self) -> Result<Domain, BadInput> {
        let chain_id = || {
            self.chain_id
                .clone()
                .ok_or_else(|| BadInput(format!("a {:?} message needs --chain-id", self.chain)))
        };
        Ok(match self.chain {
            ChainArg::Evm => {
                let id = chain_id()?;
                let chain_id = id
                    .parse()
                    .map_err(|_| BadInput(format!("--chain-id `{id}` is not an EVM chain id")))?;
                Domain::Evm {
                    chain_id,
                    verifying_contract: evm_address("--contract", &self.contract)?.into(),
                }
            }
            ChainArg::Solana => Domain::Solana {
                program_id: bytes32(parse_address(
                    ChainArg::Solana,
                    "--contract",
                    &self.contract,
                )?),
                network: self.network()?,
            },
            ChainArg::Cosmwasm => {
                parse_address(ChainArg::Cosmwasm, "--contract", &self.contract)?;
                Domain::CosmWasm {
                    chain_id: chain_id()?,
                    contract: self.contract.clone(),
                }
            }
            ChainArg::Ink => Domain::Ink {
                contract: bytes32(parse_address(ChainArg::Ink, "--contract", &self.contract)?),
                network: self.network()?,
            },
        })
    }

    /// Solana and ink!: the network (genesis hash) the states bind, base58 or `0x`-hex.
    pub(crate) fn network(&self) -> Result<[u8; 32], BadInput> {
        let text = self.network.as_deref().ok_or_else(|| {
            BadInput(format!(
                "a {:?} message needs --network (the chain's genesis hash)",
                self.chain
            ))
        })?;
        let bytes = match text.strip_prefix("0x") {
            Some(h) => hex::decode(h).ok(),
            None => bs58::decode(text).into_vec().ok(),
        };
        bytes
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                BadInput(format!(
                    "--network `{text}` is not a 32-byte genesis hash (base58 or 0x + 64 hex digits)"
                ))
            })
    }

    /// The message itself.
    pub(crate) fn message(&self) -> Result<Message, BadInput> {
        let channel_id = parse_id(self.chain, &self.channel_id)?;
        let sent_a = parse_amount("sent_a", &self.sent_a)?;
        let sent_b = parse_amount("sent_b", &self.sent_b)?;
        Ok(match self.kind {
            KindArg::State => Message::State(State {
                channel_id,
                epoch: self.epoch,
                nonce: self
                    .nonce
                    .ok_or_else(|| BadInput("a State has a nonce".into()))?,
                sent_a,
                sent_b,
            }),
            KindArg::Close => Message::Close(Close {
                channel_id,
                epoch: self.epoch,
                sent_a,
                sent_b,
            }),
        })
    }

    /// The EVM channel key (EVM messages only).
    pub(crate) fn evm_key(&self) -> Result<ChannelKey, BadInput> {
        let c = self
            .channel
            .as_ref()
            .filter(|_| self.chain == ChainArg::Evm)
            .ok_or_else(|| BadInput("not an EVM message (no channel parties)".into()))?;
        Ok(ChannelKey {
            a: evm_address("a", &c.a)?,
            b: evm_address("b", &c.b)?,
            asset: evm_asset(&c.asset)?,
        })
    }
}

pub(crate) fn bytes32(v: Vec<u8>) -> [u8; 32] {
    v.try_into().expect("32-byte addresses")
}

/// The party an address names on `chain`.
pub(crate) fn party(chain: ChainArg, flag: &str, text: &str) -> Result<Party, BadInput> {
    let bytes = parse_address(chain, flag, text)?;
    let wrong = || BadInput(format!("{flag} `{text}` is not an account address"));
    Ok(match chain {
        ChainArg::Evm => Party::EvmAddress(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Solana => Party::Ed25519(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Cosmwasm => Party::CosmosCanonical(bytes.try_into().map_err(|_| wrong())?),
        ChainArg::Ink => Party::SubstrateEcdsa(bytes.try_into().map_err(|_| wrong())?),
    })
}

/// How the signer's address is spelled on `chain`.
pub(crate) fn spell(party: &Party, m: &MessageFile) -> String {
    match party {
        Party::EvmAddress(a) => eip55(a),
        Party::Ed25519(k) => bs58::encode(k).into_string(),
        Party::CosmosCanonical(c) => {
            let hrp = m
                .contract
                .split_once('1')
                .and_then(|(hrp, _)| bech32::Hrp::parse(hrp).ok())
                .unwrap_or_else(|| bech32::Hrp::parse("cosmos").expect("valid hrp"));
            bech32::encode::<bech32::Bech32>(hrp, c).expect("20 bytes encode")
        }
        Party::SubstrateEcdsa(a) => ss58_encode(a, 42),
    }
}

/// Which message: a State (exchanged after every payment) or a Close (the agreement to close now).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindArg {
    State,
    Close,
}
