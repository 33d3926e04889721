//! The CosmWasm sync: the transactions that executed a deployment's contracts, found with
//! CometBFT's `tx_search` by `execute._contract_address` over height ranges; their `wasm` and
//! `wasm-*` events decoded into the normalized record and written with the cursor in one
//! transaction.
//!
//! A committed CometBFT block is final (no reorganisation), so every block up to the node's
//! latest height is read at once and no block hashes are kept; `confirmations` does not apply.
//! Each event's `index` is its position in its transaction's events, which every node reports
//! in the same order.

use std::collections::{BTreeMap, HashMap};

use cosmrs::rpc::endpoint::tx;
use cosmrs::rpc::query::Query;
use cosmrs::rpc::{Client, HttpClient, Order};
use cosmrs::tendermint::abci;
/// The event type [`records`] decodes (CometBFT's ABCI event).
pub use cosmrs::tendermint::abci::Event;
use tokenrail_core::Amount;

use crate::event::{EventData, EventRecord, Family, Position};
use crate::store::{source_id, Store};
use crate::sync::{commit_final, final_range, FinalSource, Source, Step, SyncError, SyncOptions};

mod payments;

/// What a contract of the source is, so its events decode with the right meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CwContract {
    /// `cw-asset-token` (bech32 address).
    Token(String),
    /// `cw-registry`.
    Registry(String),
    /// `cw-escrow`.
    Escrow(String),
    /// `cw-payout` (multi-send and Merkle distributions).
    Payout(String),
    /// `cw-channel`.
    Channel(String),
}

impl CwContract {
    /// The contract's address.
    pub fn address(&self) -> &str {
        match self {
            CwContract::Token(a)
            | CwContract::Registry(a)
            | CwContract::Escrow(a)
            | CwContract::Payout(a)
            | CwContract::Channel(a) => a,
        }
    }
}

/// How many transactions one `tx_search` page asks for (CometBFT's maximum).
const PER_PAGE: u8 = 100;

/// A sync source on a Cosmos chain: a set of CosmWasm contracts on one network.
#[derive(Clone, Debug)]
pub struct CosmwasmSource {
    client: HttpClient,
    network: String,
    contracts: Vec<CwContract>,
    /// The contracts' addresses, sorted.
    names: Vec<String>,
    id: String,
}

impl CosmwasmSource {
    /// The source of `contracts` on the CometBFT node at `url` (its chain id and RPC dialect
    /// are read once).
    pub async fn connect(url: &str, contracts: Vec<CwContract>) -> Result<Self, SyncError> {
        let mut client = HttpClient::new(url)
            .map_err(|e| SyncError::Node(format!("`{url}` is not a CometBFT RPC URL: {e}")))?;
        let status = client.status().await.map_err(node)?;
        // Speak the node's dialect (0.34, 0.37 and 0.38 encode events differently).
        let compat = cosmrs::rpc::client::CompatMode::from_version(status.node_info.version)
            .map_err(node)?;
        client.set_compat_mode(compat);
        let network = status.node_info.network.to_string();
        let mut names: Vec<String> = contracts.iter().map(|c| c.address().to_owned()).collect();
        names.sort();
        let id = source_id(Family::Cosmwasm, &network, &names);
        Ok(CosmwasmSource {
            client,
            network,
            contracts,
            names,
            id,
        })
    }

    /// The latest committed height.
    pub async fn head(&self) -> Result<u64, SyncError> {
        let status = self.client.status().await.map_err(node)?;
        Ok(status.sync_info.latest_block_height.value())
    }

    /// A smart query of `contract` (wasmd's `QuerySmartContractState`), answered as JSON: what
    /// a reconciliation reads the supply and balances with.
    pub async fn query(
        &self,
        contract: &str,
        msg: &serde_json::Value,
    ) -> Result<serde_json::Value, SyncError> {
        use cosmrs::proto::cosmwasm::wasm::v1::{
            QuerySmartContractStateRequest, QuerySmartContractStateResponse,
        };
        use cosmrs::proto::prost::Message;
        let request = QuerySmartContractStateRequest {
            address: contract.to_owned(),
            query_data: msg.to_string().into_bytes(),
        };
        let answer = self
            .client
            .abci_query(
                Some("/cosmwasm.wasm.v1.Query/SmartContractState".into()),
                request.encode_to_vec(),
                None,
                false,
            )
            .await
            .map_err(node)?;
        if answer.code.is_err() {
            return Err(SyncError::Node(format!(
                "the query {msg} of {contract} failed: {}",
                answer.log
            )));
        }
        let response =
            QuerySmartContractStateResponse::decode(answer.value.as_slice()).map_err(node)?;
        serde_json::from_slice(&response.data).map_err(node)
    }
}

impl Source for CosmwasmSource {
    fn id(&self) -> &str {
        &self.id
    }

    /// The chain id.
    fn network(&self) -> &str {
        &self.network
    }

    /// One step: read up to `options.max_range` heights and commit their events with the
    /// cursor.
    async fn step(&self, store: &Store, options: &SyncOptions) -> Result<Step, SyncError> {
        let cursor = store.cursor(&self.id).await?;
        let head = self.head().await?;
        let Some((next, to)) = final_range(cursor, options, head) else {
            return Ok(Step::UpToDate { head });
        };

        // CometBFT's queries have no OR: one search per contract, merged by transaction. By
        // the `execute` event, which wasmd emits for every execution of a contract (sub-messages
        // included): a contract whose response has no attributes emits no `wasm` event (only
        // `wasm-*` ones), so `wasm._contract_address` would miss it.
        let mut found: BTreeMap<(u64, u32, String), tx::Response> = BTreeMap::new();
        for contract in &self.contracts {
            let query = Query::eq("execute._contract_address", contract.address())
                .and_gte("tx.height", next)
                .and_lte("tx.height", to);
            let mut page = 1;
            loop {
                let result = self
                    .client
                    .tx_search(query.clone(), false, page, PER_PAGE, Order::Ascending)
                    .await
                    .map_err(node)?;
                let got = result.txs.len();
                for t in result.txs {
                    found.insert((t.height.value(), t.index, t.hash.to_string()), t);
                }
                if got == 0 || page as usize * PER_PAGE as usize >= result.total_count as usize {
                    break;
                }
                page += 1;
            }
        }

        let mut headers: HashMap<u64, (String, u64)> = HashMap::new();
        let mut events = Vec::new();
        for ((height, tx_position, hash), t) in &found {
            if !t.tx_result.code.is_ok() {
                continue; // a failed transaction changed nothing
            }
            let (block_hash, block_time) = match headers.get(height) {
                Some(h) => h.clone(),
                None => {
                    let at = cosmrs::tendermint::block::Height::try_from(*height).map_err(node)?;
                    let header = self.client.header(at).await.map_err(node)?.header;
                    let h = (
                        header.hash().to_string(),
                        header.time.unix_timestamp() as u64,
                    );
                    headers.insert(*height, h.clone());
                    h
                }
            };
            let position = Position {
                block: *height,
                block_hash,
                block_time,
                tx_position: u64::from(*tx_position),
            };
            let rows = records(
                &self.network,
                &self.contracts,
                &position,
                hash,
                &t.tx_result.events,
            );
            events.extend(rows);
        }
        let source = FinalSource {
            id: &self.id,
            family: Family::Cosmwasm,
            network: &self.network,
            contracts: &self.names,
        };
        commit_final(store, source, cursor, to, &events).await
    }
}

/// The rows of one successful transaction's events on `network` at `position`: every event of
/// one of `contracts`, decoded (`unknown` where it does not decode), in the transaction's order.
/// What the sync does with a node's `tx_search` results, and what a chain that keeps its own log
/// (the embedded devnet) does with its events.
pub fn records(
    network: &str,
    contracts: &[CwContract],
    position: &Position,
    tx: &str,
    events: &[abci::Event],
) -> Vec<EventRecord> {
    let mut rows = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let Some(contract) = attribute(event, "_contract_address")
            .and_then(|a| contracts.iter().find(|c| c.address() == a))
        else {
            continue;
        };
        let Some(decoded) = decode(contract, event) else {
            continue;
        };
        rows.push(EventRecord {
            family: Family::Cosmwasm,
            network: network.to_owned(),
            contract: contract.address().to_owned(),
            position: position.clone(),
            tx: tx.to_owned(),
            index: index as u64,
            part: 0,
            token: match contract {
                CwContract::Token(a) => Some(a.clone()),
                _ => None,
            },
            data: decoded.unwrap_or_else(|reason| EventData::Unknown { reason }),
            raw: raw(event),
        });
    }
    rows
}

fn node(e: impl std::fmt::Display) -> SyncError {
    SyncError::Node(e.to_string())
}

/// The value of an event's attribute `key`, if it has one.
fn attribute<'a>(event: &'a abci::Event, key: &str) -> Option<&'a str> {
    event
        .attributes
        .iter()
        .find(|a| a.key_str().is_ok_and(|k| k == key))
        .and_then(|a| a.value_str().ok())
}

/// The event as read: its type and attributes in order.
fn raw(event: &abci::Event) -> String {
    let attributes: Vec<(String, String)> = event
        .attributes
        .iter()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key_bytes()).into_owned(),
                String::from_utf8_lossy(a.value_bytes()).into_owned(),
            )
        })
        .collect();
    serde_json::json!({ "type": event.kind, "attributes": attributes }).to_string()
}

/// The normalized event of one of `contract`'s events: `None` for events that record no
/// change of their own (`instantiate`, the envelope of a batch, a role grant that changed
/// nothing, the `execute` and `message` events of the SDK), `Some(Err)` for one that does not
/// decode (stored as `unknown`).
fn decode(contract: &CwContract, event: &abci::Event) -> Option<Result<EventData, String>> {
    let custom = event.kind.strip_prefix("wasm-");
    if event.kind != "wasm" && custom.is_none() {
        return None;
    }
    let fields = Attributes(event);
    let token = match contract {
        CwContract::Token(_) => true,
        CwContract::Registry(_) => false,
        CwContract::Escrow(_) => return payments::escrow(&Attributes(event), custom),
        CwContract::Payout(_) => return payments::payout(&Attributes(event), custom),
        CwContract::Channel(_) => return payments::channel(&Attributes(event), custom),
    };
    let decoded = match (custom, token) {
        // Both contracts' roles module (`wasm` actions).
        (None, _) => match attribute(event, "action").unwrap_or("") {
            "instantiate" | "batch_transfer" | "upsert" | "remove" => return None,
            "grant_role" | "revoke_role" if attribute(event, "role").is_none() => return None,
            "grant_role" => (|| {
                Ok(EventData::RoleGranted {
                    role: fields.text("role")?,
                    account: fields.text("account")?,
                })
            })(),
            "revoke_role" => (|| {
                Ok(EventData::RoleRevoked {
                    role: fields.text("role")?,
                    account: fields.text("account")?,
                })
            })(),
            "propose_admin" => {
                fields
                    .text("pending_admin")
                    .map(|account| EventData::AdminProposed {
                        account: if account == "none" {
                            String::new()
                        } else {
                            account
                        },
                    })
            }
            "accept_admin" => fields
                .text("admin")
                .map(|account| EventData::AdminTransferred { account }),
            // The token's balance moves: one row per movement, whatever the path.
            "mint" if token => (|| {
                Ok(EventData::Minted {
                    to: fields.text("to")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "burn" | "redeem" if token => (|| {
                Ok(EventData::Burned {
                    from: fields.text("from")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "transfer" | "send" | "transfer_from" | "send_from" | "forced_transfer" | "recover"
                if token =>
            {
                (|| {
                    Ok(EventData::Transferred {
                        from: fields.text("from")?,
                        to: fields.text("to")?,
                        amount: fields.amount("amount")?,
                    })
                })()
            }
            "increase_allowance" | "decrease_allowance" if token => (|| {
                Ok(EventData::Approved {
                    owner: fields.text("owner")?,
                    spender: fields.text("spender")?,
                    amount: fields.amount("allowance")?,
                })
            })(),
            other => Err(format!("unknown action `{other}`")),
        },
        (Some(kind), true) => match kind {
            // A leg of a batch transfer.
            "transfer" => (|| {
                Ok(EventData::Transferred {
                    from: fields.text("from")?,
                    to: fields.text("to")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "redeemed" => (|| {
                Ok(EventData::Redeemed {
                    from: fields.text("from")?,
                    amount: fields.amount("amount")?,
                    by: fields.text("issuer")?,
                })
            })(),
            "forced_transfer" => (|| {
                Ok(EventData::ForcedTransfer {
                    from: fields.text("from")?,
                    to: fields.text("to")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "recovered" => (|| {
                Ok(EventData::Recovered {
                    lost: fields.text("lost")?,
                    new: fields.text("new")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "account_frozen" => (|| {
                Ok(EventData::AccountFrozen {
                    account: fields.text("account")?,
                    frozen: flag(&fields.text("frozen")?)?,
                })
            })(),
            "frozen_amount_set" => (|| {
                Ok(EventData::FrozenAmountSet {
                    account: fields.text("account")?,
                    amount: fields.amount("amount")?,
                })
            })(),
            "lockup_set" => (|| {
                Ok(EventData::LockupSet {
                    account: fields.text("account")?,
                    until: fields.parsed("until")?,
                })
            })(),
            "paused" => Ok(EventData::Paused),
            "unpaused" => Ok(EventData::Unpaused),
            "deactivated" => Ok(EventData::Deactivated),
            "metadata_updated" => (|| {
                Ok(EventData::MetadataUpdated {
                    uri: fields.text("uri")?,
                    legal_document_hash: fields.hex("legal_document_hash")?,
                })
            })(),
            "document_updated" => (|| {
                Ok(EventData::DocumentUpdated {
                    name: fields.text("name")?,
                    uri: fields.text("uri")?,
                    hash: fields.hex("hash")?,
                })
            })(),
            "document_removed" => fields
                .text("name")
                .map(|name| EventData::DocumentRemoved { name }),
            "rules_updated" => (|| {
                Ok(EventData::RulesUpdated {
                    allowed_jurisdictions: codes(&fields.text("allowed_jurisdictions")?)?,
                    blocked_jurisdictions: codes(&fields.text("blocked_jurisdictions")?)?,
                    max_holders: fields.parsed("max_holders")?,
                    max_balance: fields.amount("max_balance")?,
                    expired_kyc_blocks_sending: flag(&fields.text("expired_kyc_blocks_sending")?)?,
                })
            })(),
            other => Err(format!("unknown token event `wasm-{other}`")),
        },
        (Some(kind), false) => match kind {
            "investor_updated" => (|| {
                let status = match fields.text("status")?.as_str() {
                    "verified" => 1,
                    "revoked" => 2,
                    other => return Err(format!("unknown investor status `{other}`")),
                };
                Ok(EventData::InvestorUpdated {
                    investor: fields.text("address")?,
                    status,
                    jurisdiction: fields.parsed("jurisdiction")?,
                    kyc_expiry: fields.parsed("kyc_expiry")?,
                })
            })(),
            "investor_removed" => fields
                .text("address")
                .map(|investor| EventData::InvestorRemoved { investor }),
            other => Err(format!("unknown registry event `wasm-{other}`")),
        },
    };
    Some(decoded)
}

/// An event's attributes, read as the normalized record's fields.
struct Attributes<'a>(&'a abci::Event);

impl Attributes<'_> {
    fn text(&self, key: &str) -> Result<String, String> {
        attribute(self.0, key)
            .map(str::to_owned)
            .ok_or_else(|| format!("`{}` has no `{key}` attribute", self.0.kind))
    }

    fn parsed<T: std::str::FromStr>(&self, key: &str) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        let text = self.text(key)?;
        text.parse()
            .map_err(|e| format!("`{}.{key}` = `{text}`: {e}", self.0.kind))
    }

    fn amount(&self, key: &str) -> Result<Amount, String> {
        self.parsed(key)
    }

    /// An asset as the contracts spell it (`native:<denom>` or `<denom>`, `cw20:<address>`),
    /// as the record spells it: the denomination or the cw20 contract.
    fn asset(&self, key: &str) -> Result<String, String> {
        let text = self.text(key)?;
        Ok(text
            .strip_prefix("cw20:")
            .or_else(|| text.strip_prefix("native:"))
            .unwrap_or(&text)
            .to_owned())
    }

    /// A 32-byte hash or id the contracts write in bare hex, as the record spells it (`0x`
    /// and 64 lowercase hex digits, what the other chains' rows hold).
    fn hex(&self, key: &str) -> Result<String, String> {
        let text = self.text(key)?;
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "`{}.{key}` = `{text}` is not 32 bytes of hex",
                self.0.kind
            ));
        }
        Ok(format!("0x{}", text.to_ascii_lowercase()))
    }
}

fn flag(text: &str) -> Result<bool, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is neither true nor false"))
}

/// A comma-separated list of jurisdiction codes (empty: none).
fn codes(text: &str) -> Result<Vec<u16>, String> {
    if text.is_empty() {
        return Ok(vec![]);
    }
    text.split(',')
        .map(|c| c.parse().map_err(|e| format!("jurisdiction `{c}`: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata_updated(hash: &str) -> abci::Event {
        abci::Event::new(
            "wasm-metadata_updated",
            [
                ("_contract_address", "cosmwasm1token"),
                ("uri", "ipfs://terms"),
                ("legal_document_hash", hash),
            ],
        )
    }

    #[test]
    fn a_legal_document_hash_reads_as_0x_hex_and_one_not_32_bytes_of_hex_stays_unknown() {
        let token = CwContract::Token("cosmwasm1token".into());
        let hash = "ab".repeat(32);
        assert_eq!(
            decode(&token, &metadata_updated(&hash)),
            Some(Ok(EventData::MetadataUpdated {
                uri: "ipfs://terms".into(),
                legal_document_hash: format!("0x{hash}"),
            }))
        );
        let short = "ab".repeat(31);
        for bad in ["", "not-a-hash", &format!("0x{hash}"), &short] {
            let decoded = decode(&token, &metadata_updated(bad));
            assert!(
                matches!(&decoded, Some(Err(e)) if e.contains("is not 32 bytes of hex")),
                "`{bad}`: {decoded:?}"
            );
        }
    }
}
