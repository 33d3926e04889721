//! The ink! sync: each finalized block's `System::Events` read through subxt, the deployment's
//! `Contracts::ContractEmitted` events decoded with the types generated from the committed ink!
//! metadata (`tokenrail-ink`'s `events` modules: the first topic names the event, the data is
//! the SCALE-encoded event), and written with the cursor in one transaction.
//!
//! Only finalized blocks are read (GRANDPA finality does not revert), so no hashes are kept and
//! `confirmations` does not apply. A block's time is its `Timestamp::Now`; a row's transaction
//! is the extrinsic's hash, its index the event's position among that extrinsic's
//! `ContractEmitted` events.

use std::collections::HashMap;

use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::events::Phase;
use subxt::{OnlineClient, SubstrateConfig};
use tokenrail_core::Amount;
use tokenrail_ink::ink_asset_token::events::Event as TokenEvent;
use tokenrail_ink::ink_registry::events::Event as RegistryEvent;
use tokenrail_ink::scale::Decode;

use crate::event::{hash_hex, EventData, EventRecord, Family, Position};
use crate::store::{source_id, Store};
use crate::sync::{commit_final, final_range, FinalSource, Source, Step, SyncError, SyncOptions};

mod payments;

/// What a contract of the source is, so its events decode with the right metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InkContract {
    /// `ink-asset-token`.
    Token([u8; 32]),
    /// `ink-registry`.
    Registry([u8; 32]),
    /// `ink-escrow`.
    Escrow([u8; 32]),
    /// `ink-payout` (multi-send and Merkle distributions).
    Payout([u8; 32]),
    /// `ink-channel`.
    Channel([u8; 32]),
}

impl InkContract {
    /// The contract's account.
    pub fn account(self) -> [u8; 32] {
        match self {
            InkContract::Token(a)
            | InkContract::Registry(a)
            | InkContract::Escrow(a)
            | InkContract::Payout(a)
            | InkContract::Channel(a) => a,
        }
    }
}

/// A sync source on a Substrate chain: a set of ink! contracts on one network.
#[derive(Clone)]
pub struct InkSource {
    api: OnlineClient<SubstrateConfig>,
    rpc: LegacyRpcMethods<SubstrateConfig>,
    network: String,
    ss58_format: u16,
    contracts: Vec<InkContract>,
    /// The contracts' addresses as stored (SS58 in the chain's format), sorted.
    names: Vec<String>,
    id: String,
}

impl InkSource {
    /// The source of `contracts` on the Substrate node at `url` (`ws://` or `wss://`), whose
    /// accounts are spelled in SS58 format `ss58_format`.
    pub async fn connect(
        url: &str,
        contracts: Vec<InkContract>,
        ss58_format: u16,
    ) -> Result<Self, SyncError> {
        let client = RpcClient::from_url(url)
            .await
            .map_err(|e| SyncError::Node(format!("cannot reach {url}: {e}")))?;
        let api = OnlineClient::<SubstrateConfig>::from_rpc_client(client.clone())
            .await
            .map_err(node)?;
        let network = format!("0x{}", hex(api.genesis_hash().as_ref()));
        let mut names: Vec<String> = contracts
            .iter()
            .map(|c| ss58(&c.account(), ss58_format))
            .collect();
        names.sort();
        let id = source_id(Family::Ink, &network, &names);
        Ok(InkSource {
            api,
            rpc: LegacyRpcMethods::new(client),
            network,
            ss58_format,
            contracts,
            names,
            id,
        })
    }

    /// The newest finalized block number.
    pub async fn head(&self) -> Result<u64, SyncError> {
        let hash = self.rpc.chain_get_finalized_head().await.map_err(node)?;
        let header = self
            .rpc
            .chain_get_header(Some(hash))
            .await
            .map_err(node)?
            .ok_or_else(|| SyncError::Node("the finalized head has no header".into()))?;
        Ok(u64::from(header.number))
    }

    /// A read-only call of `contract` with `input` (a message's call data), dry-run at the
    /// finalized head through pallet-contracts' `ContractsApi_call`: the message's return
    /// bytes. What a reconciliation reads the supply and balances with.
    pub async fn query(&self, contract: &[u8; 32], input: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        use tokenrail_ink::scale::{Compact, Encode};
        // pallet-contracts v31's `ContractsApi_call` arguments: origin, dest, value,
        // gas_limit (none: the node's maximum), storage_deposit_limit (none), input.
        let origin = [0u8; 32];
        let args = (origin, *contract, 0u128, None::<()>, None::<u128>, input).encode();
        let head = self.rpc.chain_get_finalized_head().await.map_err(node)?;
        let out = self
            .rpc
            .state_call("ContractsApi_call", Some(&args), Some(head))
            .await
            .map_err(node)?;
        // Its answer up to `result`: gas consumed and required (two compact weights each), the
        // storage deposit (variant + u128), the debug message, then `Result<ExecReturnValue,
        // DispatchError>`.
        type Answer = (
            (Compact<u64>, Compact<u64>),
            (Compact<u64>, Compact<u64>),
            (u8, u128),
            Vec<u8>,
            u8,
        );
        let mut rest = &out[..];
        let (_, _, _, debug, outcome) = Answer::decode(&mut rest).map_err(|e| {
            SyncError::Node(format!("an undecodable ContractsApi_call answer: {e}"))
        })?;
        if outcome != 0 {
            return Err(SyncError::Node(format!(
                "the dry run of a call to {} failed{}",
                ss58(contract, self.ss58_format),
                if debug.is_empty() {
                    String::new()
                } else {
                    format!(": {}", String::from_utf8_lossy(&debug))
                }
            )));
        }
        let (flags, data) = <(u32, Vec<u8>)>::decode(&mut rest)
            .map_err(|e| SyncError::Node(format!("an undecodable ExecReturnValue: {e}")))?;
        if flags & 1 != 0 {
            return Err(SyncError::Node(format!(
                "the call to {} reverted",
                ss58(contract, self.ss58_format)
            )));
        }
        Ok(data)
    }
}

impl Source for InkSource {
    fn id(&self) -> &str {
        &self.id
    }

    /// The genesis hash (`0x` hex).
    fn network(&self) -> &str {
        &self.network
    }

    /// One step: read up to `options.max_range` finalized blocks and commit their events with
    /// the cursor.
    async fn step(&self, store: &Store, options: &SyncOptions) -> Result<Step, SyncError> {
        let cursor = store.cursor(&self.id).await?;
        let head = self.head().await?;
        let Some((next, to)) = final_range(cursor, options, head) else {
            return Ok(Step::UpToDate { head });
        };
        let mut events = Vec::new();
        for number in next..=to {
            events.extend(self.block(number).await?);
        }
        let source = FinalSource {
            id: &self.id,
            family: Family::Ink,
            network: &self.network,
            contracts: &self.names,
        };
        commit_final(store, source, cursor, to, &events).await
    }
}

impl InkSource {
    /// The rows of block `number`.
    async fn block(&self, number: u64) -> Result<Vec<EventRecord>, SyncError> {
        let hash = self
            .rpc
            .chain_get_block_hash(Some(number.into()))
            .await
            .map_err(node)?
            .ok_or_else(|| SyncError::Node(format!("block {number} is not on the chain")))?;
        let block = self.api.blocks().at(hash).await.map_err(node)?;
        let block_events = block.events().await.map_err(node)?;
        let mut per_extrinsic: HashMap<u32, u64> = HashMap::new();
        let mut emitted = Vec::new();
        for event in block_events.iter() {
            let event = event.map_err(node)?;
            if event.pallet_name() != "Contracts" || event.variant_name() != "ContractEmitted" {
                continue;
            }
            let Phase::ApplyExtrinsic(extrinsic) = event.phase() else {
                continue;
            };
            let index = per_extrinsic.entry(extrinsic).or_default();
            let position = *index;
            *index += 1;
            // pallet-contracts: `ContractEmitted { contract, data }`; the ink! topics are the
            // event record's.
            let (contract, data) = <([u8; 32], Vec<u8>)>::decode(&mut event.field_bytes())
                .map_err(|e| SyncError::Node(format!("an undecodable ContractEmitted: {e}")))?;
            let Some(contract) = self.contracts.iter().find(|c| c.account() == contract) else {
                continue;
            };
            let topic = event.topics().first().map(|t| t.0);
            emitted.push((extrinsic, position, *contract, topic, data));
        }
        if emitted.is_empty() {
            return Ok(vec![]);
        }
        let extrinsics = block.extrinsics().await.map_err(node)?;
        let tx_hash = |i: u32| {
            extrinsics
                .iter()
                .find(|x| x.index() == i)
                .map(|x| format!("0x{}", hex(x.hash().as_ref())))
                .unwrap_or_else(|| format!("0x{}-{i}", hex(hash.as_ref())))
        };
        let time = self
            .api
            .storage()
            .at(hash)
            .fetch(&subxt::dynamic::storage("Timestamp", "Now", vec![]))
            .await
            .map_err(node)?
            .map(|v| u64::decode(&mut v.encoded()))
            .transpose()
            .map_err(|e| SyncError::Node(format!("Timestamp::Now: {e}")))?
            .unwrap_or(0)
            / 1_000;
        let mut rows = Vec::new();
        for (extrinsic, index, contract, topic, bytes) in emitted {
            let position = Position {
                block: number,
                block_hash: format!("0x{}", hex(hash.as_ref())),
                block_time: time,
                tx_position: u64::from(extrinsic),
            };
            let at = Emitted {
                position: &position,
                tx: &tx_hash(extrinsic),
                index,
            };
            rows.extend(records(
                &self.network,
                self.ss58_format,
                contract,
                &at,
                topic,
                &bytes,
            ));
        }
        Ok(rows)
    }
}

fn node(e: impl std::fmt::Display) -> SyncError {
    SyncError::Node(e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An account in SS58 with the chain's format.
pub fn ss58(account: &[u8; 32], format: u16) -> String {
    tokenrail_planner::address::ss58_encode(account, format)
}

/// Where a `ContractEmitted` sits: its block, its extrinsic and its index among that
/// extrinsic's `ContractEmitted` events.
pub struct Emitted<'a> {
    /// The block.
    pub position: &'a Position,
    /// The extrinsic's id.
    pub tx: &'a str,
    /// The index.
    pub index: u64,
}

/// The rows of one `ContractEmitted` of `contract` on `network` (accounts in SS58 format
/// `ss58_format`), decoded from its first topic and data. What the sync does with a node's
/// events, and what a chain that keeps its own (the embedded sandbox) does with its events.
pub fn records(
    network: &str,
    ss58_format: u16,
    contract: InkContract,
    at: &Emitted<'_>,
    topic: Option<[u8; 32]>,
    data: &[u8],
) -> Vec<EventRecord> {
    let raw = serde_json::json!({
        "topic": topic.map(|t| format!("0x{}", hex(&t))),
        "data": format!("0x{}", hex(data)),
    })
    .to_string();
    decode(contract, topic, data, ss58_format)
        .into_iter()
        .enumerate()
        .map(|(part, (data, token))| EventRecord {
            family: Family::Ink,
            network: network.to_owned(),
            contract: ss58(&contract.account(), ss58_format),
            position: at.position.clone(),
            tx: at.tx.to_owned(),
            index: at.index,
            part: part as u32,
            token,
            data,
            raw: raw.clone(),
        })
        .collect()
}

/// The rows of a chain that keeps its own `ContractEmitted` events and seals no extrinsics
/// (the embedded sandbox): each `(contract, topics, data)` of `contracts` is decoded at
/// `position`, and the n-th event of `emitted` is its own transaction `sandbox:<n>`; events of
/// other contracts are skipped.
pub fn sandbox_records<'a>(
    network: &str,
    ss58_format: u16,
    contracts: &[InkContract],
    position: &Position,
    emitted: impl IntoIterator<Item = ([u8; 32], &'a [[u8; 32]], &'a [u8])>,
) -> Vec<EventRecord> {
    let mut rows = Vec::new();
    for (n, (account, topics, data)) in emitted.into_iter().enumerate() {
        let Some(contract) = contracts.iter().find(|c| c.account() == account) else {
            continue;
        };
        let at = Emitted {
            position,
            tx: &format!("sandbox:{n}"),
            index: 0,
        };
        let topic = topics.first().copied();
        rows.extend(records(network, ss58_format, *contract, &at, topic, data));
    }
    rows
}

/// The rows of one `ContractEmitted` of `contract` (a restriction yields three: freeze, frozen
/// amount and lock-up, parts 0–2), each with the token it belongs to.
fn decode(
    contract: InkContract,
    topic: Option<[u8; 32]>,
    data: &[u8],
    format: u16,
) -> Vec<(EventData, Option<String>)> {
    let unknown = |reason: String| vec![EventData::Unknown { reason }];
    let account = |a: &tokenrail_ink::AccountId| ss58(&a.0, format);
    let Some(topic) = topic else {
        return vec![(
            EventData::Unknown {
                reason: "an anonymous event (no signature topic)".into(),
            },
            None,
        )];
    };
    let (rows, token) = match contract {
        InkContract::Token(t) => {
            let rows = match tokenrail_ink::ink_asset_token::events::decode(&topic, data) {
                None => unknown("no ink-asset-token event has this signature topic".into()),
                Some(Err(e)) => unknown(format!("undecodable ink-asset-token event: {e}")),
                Some(Ok(event)) => token_rows(event, &account),
            };
            (rows, Some(ss58(&t, format)))
        }
        InkContract::Registry(_) => {
            let rows = match tokenrail_ink::ink_registry::events::decode(&topic, data) {
                None => unknown("no ink-registry event has this signature topic".into()),
                Some(Err(e)) => unknown(format!("undecodable ink-registry event: {e}")),
                Some(Ok(event)) => registry_rows(event, &account),
            };
            (rows, None)
        }
        InkContract::Escrow(_) => {
            let rows = match tokenrail_ink::ink_escrow::events::decode(&topic, data) {
                None => unknown("no ink-escrow event has this signature topic".into()),
                Some(Err(e)) => unknown(format!("undecodable ink-escrow event: {e}")),
                Some(Ok(event)) => vec![payments::escrow(event, &account)],
            };
            (rows, None)
        }
        InkContract::Payout(_) => {
            let rows = match tokenrail_ink::ink_payout::events::decode(&topic, data) {
                None => unknown("no ink-payout event has this signature topic".into()),
                Some(Err(e)) => unknown(format!("undecodable ink-payout event: {e}")),
                Some(Ok(event)) => vec![payments::payout(event, &account)],
            };
            (rows, None)
        }
        InkContract::Channel(_) => {
            let rows = match tokenrail_ink::ink_channel::events::decode(&topic, data) {
                None => unknown("no ink-channel event has this signature topic".into()),
                Some(Err(e)) => unknown(format!("undecodable ink-channel event: {e}")),
                Some(Ok(event)) => vec![payments::channel(event, &account)],
            };
            (rows, None)
        }
    };
    rows.into_iter().map(|r| (r, token.clone())).collect()
}

fn token_rows(
    event: TokenEvent,
    account: &impl Fn(&tokenrail_ink::AccountId) -> String,
) -> Vec<EventData> {
    match event {
        TokenEvent::Transfer(t) => vec![match (t.from, t.to) {
            (None, Some(to)) => EventData::Minted {
                to: account(&to),
                amount: Amount(t.value),
            },
            (Some(from), None) => EventData::Burned {
                from: account(&from),
                amount: Amount(t.value),
            },
            (Some(from), Some(to)) => EventData::Transferred {
                from: account(&from),
                to: account(&to),
                amount: Amount(t.value),
            },
            (None, None) => EventData::Unknown {
                reason: "a Transfer from nobody to nobody".into(),
            },
        }],
        TokenEvent::Approval(a) => vec![EventData::Approved {
            owner: account(&a.owner),
            spender: account(&a.spender),
            amount: Amount(a.amount),
        }],
        TokenEvent::ForcedTransfer(f) => vec![EventData::ForcedTransfer {
            from: account(&f.from),
            to: account(&f.to),
            amount: Amount(f.amount),
        }],
        TokenEvent::Recovered(r) => vec![EventData::Recovered {
            lost: account(&r.lost),
            new: account(&r.new),
            amount: Amount(r.amount),
        }],
        TokenEvent::Redeemed(r) => vec![EventData::Redeemed {
            from: account(&r.from),
            amount: Amount(r.amount),
            by: account(&r.issuer),
        }],
        // The whole restriction: all three rows, so the fold sets each part (an unchanged part
        // is set to the value it had).
        TokenEvent::RestrictionSet(r) => {
            let who = account(&r.account);
            vec![
                EventData::AccountFrozen {
                    account: who.clone(),
                    frozen: r.restriction.account_frozen,
                },
                EventData::FrozenAmountSet {
                    account: who.clone(),
                    amount: Amount(r.restriction.frozen_amount),
                },
                EventData::LockupSet {
                    account: who,
                    until: r.restriction.locked_until,
                },
            ]
        }
        TokenEvent::PauseSet(p) if p.paused => vec![EventData::Paused],
        TokenEvent::PauseSet(_) => vec![EventData::Unpaused],
        TokenEvent::Deactivated(_) => vec![EventData::Deactivated],
        TokenEvent::RulesUpdated(u) => vec![EventData::RulesUpdated {
            allowed_jurisdictions: u.rules.allowed_jurisdictions,
            blocked_jurisdictions: u.rules.blocked_jurisdictions,
            max_holders: u.rules.max_holders,
            max_balance: Amount(u.rules.max_balance),
            expired_kyc_blocks_sending: u.rules.expired_kyc_blocks_sending,
        }],
        TokenEvent::MetadataUpdated(m) => vec![EventData::MetadataUpdated {
            uri: m.uri,
            legal_document_hash: hash_hex(&m.legal_document_hash),
        }],
        TokenEvent::DocumentUpdated(d) => vec![EventData::DocumentUpdated {
            name: d.name,
            uri: d.uri,
            hash: hash_hex(&d.hash),
        }],
        TokenEvent::DocumentRemoved(d) => vec![EventData::DocumentRemoved { name: d.name }],
        // The registry's events, which the token emits too (roles and handovers).
        TokenEvent::RoleChanged(r) => {
            let role = match r.role {
                1 => "issuer".to_owned(),
                2 => "agent".to_owned(),
                3 => "pauser".to_owned(),
                other => other.to_string(),
            };
            vec![role_row(role, account(&r.account), r.granted)]
        }
        TokenEvent::AdminProposed(p) => vec![admin_proposed(p.account.as_ref(), account)],
        TokenEvent::AdminTransferred(t) => vec![EventData::AdminTransferred {
            account: account(&t.account),
        }],
        // The registry's entry events, linked into the token's metadata; only the registry
        // emits them.
        TokenEvent::InvestorUpdated(_) | TokenEvent::InvestorRemoved(_) => vec![],
    }
}

/// A proposal of the next admin (`None`: cancelled, an empty account as on the other chains).
fn admin_proposed(
    proposed: Option<&tokenrail_ink::AccountId>,
    account: &impl Fn(&tokenrail_ink::AccountId) -> String,
) -> EventData {
    EventData::AdminProposed {
        account: proposed.map(account).unwrap_or_default(),
    }
}

fn registry_rows(
    event: RegistryEvent,
    account: &impl Fn(&tokenrail_ink::AccountId) -> String,
) -> Vec<EventData> {
    use tokenrail_ink::ink_registry::types::InvestorStatus;
    match event {
        RegistryEvent::InvestorUpdated(u) => vec![EventData::InvestorUpdated {
            investor: account(&u.investor),
            status: match u.entry.status {
                InvestorStatus::Verified => 1,
                InvestorStatus::Revoked => 2,
            },
            jurisdiction: u.entry.jurisdiction,
            kyc_expiry: u.entry.kyc_expiry,
        }],
        RegistryEvent::InvestorRemoved(r) => vec![EventData::InvestorRemoved {
            investor: account(&r.investor),
        }],
        RegistryEvent::RoleChanged(r) => {
            let role = match r.role {
                1 => "registry_agent".to_owned(),
                other => other.to_string(),
            };
            vec![role_row(role, account(&r.account), r.granted)]
        }
        RegistryEvent::AdminProposed(p) => vec![admin_proposed(p.account.as_ref(), account)],
        RegistryEvent::AdminTransferred(t) => vec![EventData::AdminTransferred {
            account: account(&t.account),
        }],
    }
}

/// A role granted to or revoked from `account` (the token's and the registry's `RoleChanged`,
/// whose role byte is named as the other chains name it: the token's 1–3 are `issuer`, `agent`
/// and `pauser` (`ink-asset-token`'s `roles`), the registry's 1 is `registry_agent`; a byte
/// neither contract defines stays a number).
fn role_row(role: String, account: String, granted: bool) -> EventData {
    if granted {
        EventData::RoleGranted { role, account }
    } else {
        EventData::RoleRevoked { role, account }
    }
}
