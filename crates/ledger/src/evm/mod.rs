//! The EVM sync: a deployment's logs read with `eth_getLogs`, decoded with the bindings' event
//! types, and written with the cursor in one transaction.
//!
//! Blocks at least `confirmations` deep are read in ranges. Newer blocks are read one by one
//! *by hash* (EIP-234 `blockHash` filter), and their hashes are kept: at the start of every step
//! the newest kept hash is compared with the chain's, and when the chain reorganised, the rows
//! from the first differing block on are rolled back and read again.

use std::collections::HashMap;

use alloy::primitives::{Address, Log as PrimitiveLog, B256, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::{Filter, Log};
use alloy::sol_types::SolEventInterface;
use tokenrail_core::Amount;
use tokenrail_evm::token::document_name_text;
use tokenrail_evm::TokenrailAssetToken::TokenrailAssetTokenEvents as TokenEvent;
use tokenrail_evm::TokenrailIdentityRegistry::TokenrailIdentityRegistryEvents as RegistryEvent;

use crate::event::{EventData, EventRecord, Family, Position};
use payments::{decode_channel, decode_distributor, decode_escrow, decode_multisend};

mod payments;
use crate::store::{source_id, Batch, Store};
use crate::sync::{Source, Step, SyncError, SyncOptions};

/// What a contract of the source is, so its logs decode with the right ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvmContract {
    /// `TokenrailAssetToken`.
    Token(Address),
    /// `TokenrailIdentityRegistry`.
    Registry(Address),
    /// `TokenrailEscrow`.
    Escrow(Address),
    /// `TokenrailMultiSend`.
    MultiSend(Address),
    /// `TokenrailMerkleDistributor`.
    Distributor(Address),
    /// `TokenrailChannel`.
    Channel(Address),
}

impl EvmContract {
    /// The contract's address.
    pub fn address(self) -> Address {
        match self {
            EvmContract::Token(a)
            | EvmContract::Registry(a)
            | EvmContract::Escrow(a)
            | EvmContract::MultiSend(a)
            | EvmContract::Distributor(a)
            | EvmContract::Channel(a) => a,
        }
    }
}

/// A sync source on an EVM chain: a set of contracts on one network.
#[derive(Clone, Debug)]
pub struct EvmSource {
    provider: DynProvider,
    network: String,
    contracts: Vec<EvmContract>,
    /// The contracts' addresses as stored (EIP-55).
    names: Vec<String>,
    id: String,
}

impl EvmSource {
    /// The source of `contracts` on the chain `provider` talks to (its chain id is read once).
    pub async fn connect(
        provider: DynProvider,
        contracts: Vec<EvmContract>,
    ) -> Result<Self, SyncError> {
        let chain_id = provider.get_chain_id().await.map_err(node)?;
        let network = chain_id.to_string();
        let mut names: Vec<String> = contracts
            .iter()
            .map(|c| c.address().to_checksum(None))
            .collect();
        names.sort();
        let id = source_id(Family::Evm, &network, &names);
        Ok(EvmSource {
            provider,
            network,
            contracts,
            names,
            id,
        })
    }

    /// The provider it reads with (what a reconciliation reads balances through).
    pub fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// The newest block number.
    pub async fn head(&self) -> Result<u64, SyncError> {
        self.provider.get_block_number().await.map_err(node)
    }

    async fn block_hash(&self, number: u64) -> Result<Option<(B256, u64)>, SyncError> {
        let block = self
            .provider
            .get_block_by_number(number.into())
            .await
            .map_err(node)?;
        Ok(block.map(|b| (b.header.hash, b.header.timestamp)))
    }
}

impl Source for EvmSource {
    fn id(&self) -> &str {
        &self.id
    }

    /// The chain id.
    fn network(&self) -> &str {
        &self.network
    }

    /// One step: roll back a reorganisation if there was one, else read up to
    /// `options.max_range` blocks and commit them with the cursor.
    async fn step(&self, store: &Store, options: &SyncOptions) -> Result<Step, SyncError> {
        let cursor = store.cursor(&self.id).await?;
        let next = cursor.unwrap_or(options.from_block);

        // A reorganisation shows at the newest kept block: hashes chain, so if it still
        // matches, every older kept block does too.
        let recent = store.recent_blocks(&self.id).await?;
        if let Some((newest, hash)) = recent.last() {
            if !self.matches(*newest, hash).await? {
                let mut first_bad = *newest;
                for (number, hash) in recent.iter().rev().skip(1) {
                    if self.matches(*number, hash).await? {
                        break;
                    }
                    first_bad = *number;
                }
                let removed = store
                    .roll_back(
                        &self.id,
                        Family::Evm,
                        &self.network,
                        &self.names,
                        cursor.unwrap_or(next),
                        first_bad,
                    )
                    .await?;
                return Ok(Step::RolledBack {
                    from: first_bad,
                    removed,
                });
            }
        }

        let head = self.head().await?;
        if next > head {
            return Ok(Step::UpToDate { head });
        }
        let to = head.min(next.saturating_add(options.max_range.max(1) - 1));
        // Block n is final once `confirmations` blocks sit on top of it.
        let final_head = head.checked_sub(options.confirmations);
        let mut logs = Vec::new();
        let mut headers: HashMap<B256, u64> = HashMap::new();
        let mut recent_blocks = Vec::new();
        let addresses: Vec<Address> = self.contracts.iter().map(|c| c.address()).collect();

        if let Some(final_to) = final_head.map(|f| f.min(to)).filter(|f| *f >= next) {
            let filter = Filter::new()
                .address(addresses.clone())
                .from_block(next)
                .to_block(final_to);
            logs.extend(self.provider.get_logs(&filter).await.map_err(node)?);
        }
        let unconfirmed_from = final_head.map_or(next, |f| next.max(f + 1));
        for number in unconfirmed_from..=to {
            let Some((hash, time)) = self.block_hash(number).await? else {
                // The chain got shorter since `head` was read: stop before this block.
                return self
                    .commit(
                        store,
                        cursor,
                        number,
                        logs,
                        headers,
                        recent_blocks,
                        final_head,
                    )
                    .await;
            };
            headers.insert(hash, time);
            recent_blocks.push((number, format!("{hash}")));
            let filter = Filter::new().address(addresses.clone()).at_block_hash(hash);
            logs.extend(self.provider.get_logs(&filter).await.map_err(node)?);
        }
        self.commit(
            store,
            cursor,
            to + 1,
            logs,
            headers,
            recent_blocks,
            final_head,
        )
        .await
    }
}

impl EvmSource {
    async fn matches(&self, number: u64, hash: &str) -> Result<bool, SyncError> {
        Ok(self
            .block_hash(number)
            .await?
            .is_some_and(|(h, _)| format!("{h}") == hash))
    }

    #[allow(clippy::too_many_arguments)]
    async fn commit(
        &self,
        store: &Store,
        cursor: Option<u64>,
        next_block: u64,
        logs: Vec<Log>,
        mut headers: HashMap<B256, u64>,
        recent_blocks: Vec<(u64, String)>,
        final_head: Option<u64>,
    ) -> Result<Step, SyncError> {
        let mut events = Vec::with_capacity(logs.len());
        let mut unknown = 0;
        for log in &logs {
            let (Some(block), Some(block_hash), Some(tx), Some(tx_position), Some(index)) = (
                log.block_number,
                log.block_hash,
                log.transaction_hash,
                log.transaction_index,
                log.log_index,
            ) else {
                return Err(SyncError::Node(
                    "the node returned a pending log (no block, transaction or index)".into(),
                ));
            };
            if log.removed {
                continue;
            }
            let block_time = match (headers.get(&block_hash), log.block_timestamp) {
                (Some(t), _) => *t,
                (None, Some(t)) => t,
                (None, None) => {
                    let (hash, time) = self.block_hash(block).await?.ok_or_else(|| {
                        SyncError::Node(format!("block {block} of a log is gone"))
                    })?;
                    if hash != block_hash {
                        return Err(SyncError::Node(format!(
                            "block {block} changed while it was read; read again"
                        )));
                    }
                    headers.insert(hash, time);
                    time
                }
            };
            let contract = self
                .contracts
                .iter()
                .find(|c| c.address() == log.address())
                .copied();
            let (data, token) = decode(contract, &log.inner);
            if matches!(data, EventData::Unknown { .. }) {
                unknown += 1;
            }
            events.push(EventRecord {
                family: Family::Evm,
                network: self.network.clone(),
                contract: log.address().to_checksum(None),
                position: Position {
                    block,
                    block_hash: format!("{block_hash}"),
                    block_time,
                    tx_position,
                },
                tx: format!("{tx}"),
                index,
                part: 0,
                token,
                data,
                raw: serde_json::json!({
                    "topics": log.topics(),
                    "data": log.data().data,
                })
                .to_string(),
            });
        }
        let committed = store
            .commit(&Batch {
                source: &self.id,
                family: Family::Evm,
                network: &self.network,
                contracts: &self.names,
                expected: cursor,
                next_block,
                events: &events,
                recent_blocks: &recent_blocks,
                final_below: final_head.map_or(0, |f| f + 1),
            })
            .await?;
        Ok(Step::Read {
            next_block,
            inserted: committed.inserted,
            already_stored: committed.already_stored,
            unknown,
        })
    }
}

fn node(e: impl std::fmt::Display) -> SyncError {
    SyncError::Node(e.to_string())
}

fn addr(a: Address) -> String {
    a.to_checksum(None)
}

/// A uint256 amount as the spec's 128-bit amount.
fn amount(v: U256) -> Result<Amount, String> {
    u128::try_from(v)
        .map(Amount)
        .map_err(|_| format!("amount {v} exceeds 128 bits"))
}

/// The normalized event of one log of `contract` (`None`: a contract the caller does not know),
/// and the token it belongs to; a log that does not decode is an `unknown` row. What the sync
/// stores for each log, and what the EVM token vector runner compares with the vectors.
pub fn decode(contract: Option<EvmContract>, log: &PrimitiveLog) -> (EventData, Option<String>) {
    let result = match contract {
        Some(EvmContract::Token(token)) => decode_token(log).map(|d| (d, Some(addr(token)))),
        Some(EvmContract::Registry(_)) => decode_registry(log).map(|d| (d, None)),
        Some(EvmContract::Escrow(_)) => decode_escrow(log).map(|d| (d, None)),
        Some(EvmContract::MultiSend(_)) => decode_multisend(log).map(|d| (d, None)),
        Some(EvmContract::Distributor(_)) => decode_distributor(log).map(|d| (d, None)),
        Some(EvmContract::Channel(_)) => decode_channel(log).map(|d| (d, None)),
        None => Err("the log's contract is not one of the source's".into()),
    };
    result.unwrap_or_else(|reason| (EventData::Unknown { reason }, None))
}

fn decode_token(log: &PrimitiveLog) -> Result<EventData, String> {
    let event = TokenEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailAssetToken event: {e}"))?;
    Ok(match event {
        TokenEvent::Transfer(t) if t.from == Address::ZERO => EventData::Minted {
            to: addr(t.to),
            amount: amount(t.value)?,
        },
        TokenEvent::Transfer(t) if t.to == Address::ZERO => EventData::Burned {
            from: addr(t.from),
            amount: amount(t.value)?,
        },
        TokenEvent::Transfer(t) => EventData::Transferred {
            from: addr(t.from),
            to: addr(t.to),
            amount: amount(t.value)?,
        },
        TokenEvent::Approval(a) => EventData::Approved {
            owner: addr(a.owner),
            spender: addr(a.spender),
            amount: amount(a.value)?,
        },
        TokenEvent::ForcedTransfer(f) => EventData::ForcedTransfer {
            from: addr(f.from),
            to: addr(f.to),
            amount: amount(f.amount)?,
        },
        TokenEvent::Recovered(r) => EventData::Recovered {
            lost: addr(r.lost),
            new: addr(r.recovered),
            amount: amount(r.amount)?,
        },
        TokenEvent::Redeemed(r) => EventData::Redeemed {
            from: addr(r.from),
            amount: amount(r.amount)?,
            by: addr(r.issuer),
        },
        TokenEvent::Frozen(f) => EventData::FrozenAmountSet {
            account: addr(f.account),
            amount: amount(f.amount)?,
        },
        TokenEvent::AccountFrozen(f) => EventData::AccountFrozen {
            account: addr(f.account),
            frozen: f.frozen,
        },
        TokenEvent::LockupSet(l) => EventData::LockupSet {
            account: addr(l.account),
            until: l.until,
        },
        TokenEvent::TokenPaused(_) => EventData::Paused,
        TokenEvent::TokenUnpaused(_) => EventData::Unpaused,
        TokenEvent::TokenDeactivated(_) => EventData::Deactivated,
        TokenEvent::RoleGranted(r) => EventData::RoleGranted {
            role: format!("{}", r.role),
            account: addr(r.account),
        },
        TokenEvent::RoleRevoked(r) => EventData::RoleRevoked {
            role: format!("{}", r.role),
            account: addr(r.account),
        },
        TokenEvent::AdminProposed(a) => EventData::AdminProposed {
            account: addr(a.proposed),
        },
        TokenEvent::AdminTransferred(a) => EventData::AdminTransferred {
            account: addr(a.admin),
        },
        TokenEvent::MetadataUpdated(m) => EventData::MetadataUpdated {
            uri: m.uri,
            legal_document_hash: format!("{}", m.legalDocumentHash),
        },
        TokenEvent::DocumentUpdated(d) => EventData::DocumentUpdated {
            name: document_name_text(&d.name),
            uri: d.uri,
            hash: format!("{}", d.documentHash),
        },
        TokenEvent::DocumentRemoved(d) => EventData::DocumentRemoved {
            name: document_name_text(&d.name),
        },
        TokenEvent::RulesUpdated(r) => EventData::RulesUpdated {
            allowed_jurisdictions: r.allowedJurisdictions,
            blocked_jurisdictions: r.blockedJurisdictions,
            max_holders: r.maxHolders,
            max_balance: amount(r.maxBalance)?,
            expired_kyc_blocks_sending: r.expiredKycBlocksSending,
        },
        TokenEvent::RegistryMirrorReset(r) => EventData::RegistryMirrorReset {
            generation: r.generation,
        },
        TokenEvent::EIP712DomainChanged(_) => EventData::PermitDomainChanged,
    })
}

fn decode_registry(log: &PrimitiveLog) -> Result<EventData, String> {
    let event = RegistryEvent::decode_raw_log(log.topics(), &log.data.data)
        .map_err(|e| format!("not a TokenrailIdentityRegistry event: {e}"))?;
    Ok(match event {
        RegistryEvent::InvestorUpdated(i) => EventData::InvestorUpdated {
            investor: addr(i.investor),
            status: i.status,
            jurisdiction: i.jurisdiction,
            kyc_expiry: i.kycExpiry,
        },
        RegistryEvent::InvestorRemoved(i) => EventData::InvestorRemoved {
            investor: addr(i.investor),
        },
        RegistryEvent::TokenBound(t) => EventData::TokenBound {
            token: addr(t.token),
        },
        RegistryEvent::TokenUnbound(t) => EventData::TokenUnbound {
            token: addr(t.token),
        },
        RegistryEvent::RoleGranted(r) => EventData::RoleGranted {
            role: format!("{}", r.role),
            account: addr(r.account),
        },
        RegistryEvent::RoleRevoked(r) => EventData::RoleRevoked {
            role: format!("{}", r.role),
            account: addr(r.account),
        },
        RegistryEvent::AdminProposed(a) => EventData::AdminProposed {
            account: addr(a.proposed),
        },
        RegistryEvent::AdminTransferred(a) => EventData::AdminTransferred {
            account: addr(a.admin),
        },
    })
}

#[cfg(test)]
mod tests {
    use alloy::primitives::{Address, Log as PrimitiveLog, U256};
    use alloy::sol_types::SolEvent;
    use tokenrail_core::Amount;
    use tokenrail_evm::{TokenrailChannel, TokenrailEscrow, TokenrailMultiSend};

    use super::{decode, EvmContract};
    use crate::event::EventData;

    fn log(event: &impl SolEvent) -> PrimitiveLog {
        PrimitiveLog {
            address: Address::ZERO,
            data: event.encode_log_data(),
        }
    }

    const CHANNEL: EvmContract = EvmContract::Channel(Address::ZERO);

    #[test]
    fn the_channels_pull_payments_decode() {
        let (asset, owner, to) = (
            Address::repeat_byte(1),
            Address::repeat_byte(2),
            Address::repeat_byte(3),
        );
        let deferred = TokenrailChannel::PayoutDeferred {
            asset,
            to: owner,
            amount: U256::from(70),
        };
        assert_eq!(
            decode(Some(CHANNEL), &log(&deferred)).0,
            EventData::PayoutDeferred {
                asset: asset.to_checksum(None),
                to: owner.to_checksum(None),
                amount: Amount(70),
            }
        );
        let withdrawn = TokenrailChannel::Withdrawn {
            asset,
            owner,
            to,
            amount: U256::from(70),
        };
        assert_eq!(
            decode(Some(CHANNEL), &log(&withdrawn)).0,
            EventData::Withdrawn {
                asset: asset.to_checksum(None),
                owner: owner.to_checksum(None),
                to: to.to_checksum(None),
                amount: Amount(70),
            }
        );
    }

    #[test]
    fn a_log_of_another_contract_or_out_of_range_is_kept_as_unknown() {
        let completed = TokenrailEscrow::EscrowCompleted { id: U256::from(1) };
        let (data, token) = decode(Some(CHANNEL), &log(&completed));
        assert!(
            matches!(&data, EventData::Unknown { reason } if reason.contains("TokenrailChannel")),
            "{data:?}"
        );
        assert_eq!(token, None);
        let huge = TokenrailMultiSend::MultiSent {
            payer: Address::repeat_byte(1),
            token: Address::ZERO,
            count: U256::from(u64::from(u32::MAX) + 1),
            total: U256::from(1),
        };
        let multisend = EvmContract::MultiSend(Address::ZERO);
        let (data, _) = decode(Some(multisend), &log(&huge));
        assert!(
            matches!(&data, EventData::Unknown { reason } if reason.contains("32 bits")),
            "{data:?}"
        );
    }
}
