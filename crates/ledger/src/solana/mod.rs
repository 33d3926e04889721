//! The Solana sync: the transactions that touched an asset's mint, its registry or its issuer
//! PDA, found with `getSignaturesForAddress` over slot ranges, ordered by `getBlock`, read with
//! `getTransaction`, decoded into rows from the instructions they ran ([`records`]), and written
//! with the cursor in one transaction.
//!
//! The token's rows come from instructions, not Anchor events: natively (program-test) `emit!`
//! writes nowhere, nodes truncate logs, and `emit_cpi!` would add accounts and compute to every
//! transfer. The payment programs' rows come from their `emit_cpi!` events, which the
//! transaction's inner instructions record (`docs/spec/events.md`). Slots are read at
//! `finalized` commitment, which does not roll back, so no block hashes are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use solana_rpc_client::nonblocking::rpc_client::RpcClient;
use solana_rpc_client_api::request::RpcRequest;
use solana_transaction_status_client_types::{
    EncodedConfirmedTransactionWithStatusMeta, UiConfirmedBlock,
};
use tokenrail_core::Amount;
use tokenrail_solana::addresses::{issuer_address, policy_address};
use tokenrail_solana::anchor_lang::prelude::Pubkey;
use tokenrail_solana::anchor_lang::AccountDeserialize;
use tokenrail_solana::tokenrail_transfer_hook as hook;

use crate::event::{EventRecord, Family, Position};
use crate::store::{source_id, At, Store};
mod decode;
mod payments;

pub use decode::records;
pub use payments::{deployment_rows, PROGRAMS as PAYMENT_PROGRAMS};

use crate::sync::{commit_final, final_range, FinalSource, Source, Step, SyncError, SyncOptions};

/// How many signatures one `getSignaturesForAddress` page asks for (Agave's maximum).
const PAGE: usize = 1_000;

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// An asset on Solana: its Token-2022 mint, the registry its transfer hook reads, and the
/// mint's issuer PDA and hook policy (what the issuer's and the hook's instructions on this
/// asset name; derived once, not per transaction read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolanaAsset {
    mint: String,
    registry: String,
    issuer: String,
    policy: String,
}

impl SolanaAsset {
    /// The asset issued at `mint` whose hook reads `registry`.
    pub fn new(mint: &Pubkey, registry: &Pubkey) -> Self {
        SolanaAsset {
            mint: mint.to_string(),
            registry: registry.to_string(),
            issuer: issuer_address(mint).to_string(),
            policy: policy_address(mint).to_string(),
        }
    }

    /// The mint (base58).
    pub fn mint(&self) -> &str {
        &self.mint
    }

    /// The hook program's registry account (base58).
    pub fn registry(&self) -> &str {
        &self.registry
    }
}

/// A sync source on a Solana cluster: one asset's mint and registry, and with
/// [`SolanaSource::with_payments`] its deployment's escrows, distributions and channels.
pub struct SolanaSource {
    client: RpcClient,
    network: String,
    asset: SolanaAsset,
    /// The mint and the registry (and the payment programs when it reads them), sorted.
    names: Vec<String>,
    id: String,
    /// The deployment's payments, when it reads them.
    payments: Option<Payments>,
    /// The last listing of signatures, kept between steps: finalized slots never change, so a
    /// catch-up lists the history after its cursor once, not once per step.
    listed: std::sync::Mutex<Option<Listing>>,
}

/// What a source that reads a deployment's payments follows.
struct Payments {
    /// The deployment's payment mint (base58).
    mint: String,
    /// The accounts created in it: loaded from the store on the first step, then kept.
    followed: std::sync::Mutex<Option<payments::Followed>>,
}

/// The successful transactions of the asset in slots `from..=to`, by slot.
struct Listing {
    from: u64,
    to: u64,
    by_slot: BTreeMap<u64, BTreeSet<String>>,
}

impl SolanaSource {
    /// The source of the asset issued at `mint` on the cluster at `url` (its genesis hash, and
    /// the registry from the hook's policy of the mint, are read once).
    pub async fn connect(url: &str, mint: &str) -> Result<Self, SyncError> {
        let mint_key: Pubkey = mint
            .parse()
            .map_err(|e| SyncError::Node(format!("`{mint}` is not a base-58 address: {e}")))?;
        let client = RpcClient::new_with_timeout(url.to_owned(), TIMEOUT);
        let network: String = client
            .send(RpcRequest::GetGenesisHash, Value::Null)
            .await
            .map_err(|e| SyncError::Node(format!("cannot reach {url}: {e}")))?;
        let policy = policy_address(&mint_key);
        let data = account_data(&client, &policy.to_string())
            .await?
            .ok_or_else(|| {
                SyncError::Node(format!(
                    "{mint} has no transfer-hook policy on this cluster: not a Tokenrail asset"
                ))
            })?;
        let policy = hook::accounts::TokenPolicy::try_deserialize(&mut data.as_slice())
            .map_err(|e| SyncError::Node(format!("the policy of {mint} does not decode: {e}")))?;
        let asset = SolanaAsset::new(&mint_key, &policy.registry);
        let mut names = vec![asset.mint.clone(), asset.registry.clone()];
        names.sort();
        let id = source_id(Family::Solana, &network, &names);
        Ok(SolanaSource {
            client,
            network,
            asset,
            names,
            id,
            payments: None,
            listed: std::sync::Mutex::new(None),
        })
    }

    /// Reads the escrow, payout and channel programs' events of the deployment paying in
    /// `payment_mint` too: the transactions naming the programs are listed, and of their events
    /// those of the accounts created in `payment_mint` are kept. The cursor's key names the
    /// programs and the payment mint, so this is another source than the asset alone.
    pub fn with_payments(mut self, payment_mint: &Pubkey) -> Self {
        self.names
            .extend(payments::PROGRAMS.iter().map(ToString::to_string));
        self.names.sort();
        let mut key = self.names.clone();
        key.push(format!("payments in {payment_mint}"));
        self.id = source_id(Family::Solana, &self.network, &key);
        self.payments = Some(Payments {
            mint: payment_mint.to_string(),
            followed: std::sync::Mutex::new(None),
        });
        self
    }

    /// Keeps, of `rows`' payment rows, those of the deployment's accounts (none without
    /// [`SolanaSource::with_payments`]).
    async fn keep_ours(&self, store: &Store, rows: &mut Vec<EventRecord>) -> Result<(), SyncError> {
        let programs = payments::PROGRAMS.map(|id| id.to_string());
        let Some(p) = &self.payments else {
            rows.retain(|r| !programs.contains(&r.contract));
            return Ok(());
        };
        if p.followed.lock().expect("not poisoned").is_none() {
            let names: Vec<&str> = programs.iter().map(String::as_str).collect();
            let mut stored = store
                .events(Family::Solana, &self.network, &names, At::Latest)
                .await?;
            let mut followed = payments::Followed::default();
            followed.retain(&p.mint, &mut stored);
            *p.followed.lock().expect("not poisoned") = Some(followed);
        }
        let mut followed = p.followed.lock().expect("not poisoned");
        followed
            .as_mut()
            .expect("loaded above")
            .retain(&p.mint, rows);
        Ok(())
    }

    /// The asset it reads.
    pub fn asset(&self) -> &SolanaAsset {
        &self.asset
    }

    /// The newest finalized slot.
    pub async fn head(&self) -> Result<u64, SyncError> {
        self.client
            .send(RpcRequest::GetSlot, json!([{ "commitment": "finalized" }]))
            .await
            .map_err(node)
    }

    /// The mint's supply, as the chain holds it.
    pub async fn supply(&self) -> Result<Amount, SyncError> {
        use spl_token_2022_interface::extension::StateWithExtensions;
        use spl_token_2022_interface::state::Mint;
        let data = account_data(&self.client, &self.asset.mint)
            .await?
            .ok_or_else(|| SyncError::Node(format!("the mint {} is gone", self.asset.mint)))?;
        let mint = StateWithExtensions::<Mint>::unpack(&data).map_err(node)?;
        Ok(Amount(u128::from(mint.base.supply)))
    }

    /// What `wallet` holds in its associated token account of the mint (where the issuer's
    /// model keeps every holder's balance); 0 when it has none.
    pub async fn balance(&self, wallet: &str) -> Result<Amount, SyncError> {
        use spl_token_2022_interface::extension::StateWithExtensions;
        use spl_token_2022_interface::state::Account;
        use tokenrail_solana::addresses::{associated_token_address, TOKEN_2022};
        let owner: Pubkey = wallet.parse().map_err(node)?;
        let mint: Pubkey = self.asset.mint.parse().map_err(node)?;
        let account = associated_token_address(&owner, &mint, &TOKEN_2022);
        match account_data(&self.client, &account.to_string()).await? {
            None => Ok(Amount(0)),
            Some(data) => {
                let state = StateWithExtensions::<Account>::unpack(&data).map_err(node)?;
                Ok(Amount(u128::from(state.base.amount)))
            }
        }
    }

    /// The successful transactions of the asset in slots `from..=to`, by slot: from the kept
    /// listing when it covers them, else from a new listing of `from..=head`.
    async fn listing(
        &self,
        from: u64,
        to: u64,
        head: u64,
    ) -> Result<BTreeMap<u64, BTreeSet<String>>, SyncError> {
        let kept = |listing: &Listing| {
            listing
                .by_slot
                .range(from..=to)
                .map(|(slot, sigs)| (*slot, sigs.clone()))
                .collect()
        };
        if let Some(listing) = self.listed.lock().expect("not poisoned").as_ref() {
            if listing.from <= from && to <= listing.to {
                return Ok(kept(listing));
            }
        }
        let mut by_slot = BTreeMap::new();
        // The issuer PDA too: its role grants and admin handovers name neither of the others.
        let mut addresses = vec![
            self.asset.mint.clone(),
            self.asset.registry.clone(),
            self.asset.issuer.clone(),
        ];
        if self.payments.is_some() {
            addresses.extend(payments::PROGRAMS.iter().map(ToString::to_string));
        }
        for address in &addresses {
            self.signatures(address, from, head, &mut by_slot).await?;
        }
        let listing = Listing {
            from,
            to: head,
            by_slot,
        };
        let found = kept(&listing);
        *self.listed.lock().expect("not poisoned") = Some(listing);
        Ok(found)
    }

    /// The signatures of the successful transactions naming `address` in slots `from..=to`,
    /// by slot (pages of `getSignaturesForAddress`, newest first, down to `from`).
    async fn signatures(
        &self,
        address: &str,
        from: u64,
        to: u64,
        found: &mut BTreeMap<u64, BTreeSet<String>>,
    ) -> Result<(), SyncError> {
        let mut before: Option<String> = None;
        loop {
            let mut config = json!({ "limit": PAGE, "commitment": "finalized" });
            if let Some(b) = &before {
                config["before"] = json!(b);
            }
            let page: Vec<Value> = self
                .client
                .send(
                    RpcRequest::GetSignaturesForAddress,
                    json!([address, config]),
                )
                .await
                .map_err(node)?;
            for s in &page {
                let (Some(signature), Some(slot)) = (s["signature"].as_str(), s["slot"].as_u64())
                else {
                    return Err(SyncError::Node(format!("a malformed signature entry: {s}")));
                };
                if slot < from {
                    return Ok(());
                }
                // A failed transaction changed nothing.
                if slot <= to && s["err"].is_null() {
                    found.entry(slot).or_default().insert(signature.to_owned());
                }
            }
            match page.last() {
                Some(last) if page.len() == PAGE => {
                    before = last["signature"].as_str().map(str::to_owned);
                }
                _ => return Ok(()),
            }
        }
    }
}

impl Source for SolanaSource {
    fn id(&self) -> &str {
        &self.id
    }

    /// The genesis hash (base58).
    fn network(&self) -> &str {
        &self.network
    }

    /// One step: read up to `options.max_range` finalized slots and commit their events with
    /// the cursor.
    async fn step(&self, store: &Store, options: &SyncOptions) -> Result<Step, SyncError> {
        let cursor = store.cursor(&self.id).await?;
        let head = self.head().await?;
        let Some((next, to)) = final_range(cursor, options, head) else {
            return Ok(Step::UpToDate { head });
        };

        let found = self.listing(next, to, head).await?;
        let mut events = Vec::new();
        for (slot, ours) in &found {
            let block: UiConfirmedBlock = self
                .client
                .send(
                    RpcRequest::GetBlock,
                    json!([slot, {
                        "transactionDetails": "signatures",
                        "rewards": false,
                        "commitment": "finalized",
                        "maxSupportedTransactionVersion": 0,
                    }]),
                )
                .await
                .map_err(node)?;
            let in_block = block.signatures.unwrap_or_default();
            if let Some(missing) = ours.iter().find(|s| !in_block.contains(s)) {
                return Err(SyncError::Node(format!(
                    "slot {slot}'s block does not list {missing}, which the node said it holds"
                )));
            }
            for (tx_position, signature) in in_block.iter().enumerate() {
                if !ours.contains(signature) {
                    continue;
                }
                let tx: EncodedConfirmedTransactionWithStatusMeta = self
                    .client
                    .send(
                        RpcRequest::GetTransaction,
                        json!([signature, {
                            "encoding": "base64",
                            "commitment": "finalized",
                            "maxSupportedTransactionVersion": 0,
                        }]),
                    )
                    .await
                    .map_err(node)?;
                let position = Position {
                    block: *slot,
                    block_hash: block.blockhash.clone(),
                    block_time: u64::try_from(block.block_time.unwrap_or(0)).unwrap_or(0),
                    tx_position: tx_position as u64,
                };
                let rows = records(&self.network, &self.asset, &position, signature, &tx);
                events.extend(rows);
            }
        }
        self.keep_ours(store, &mut events).await?;
        let source = FinalSource {
            id: &self.id,
            family: Family::Solana,
            network: &self.network,
            contracts: &self.names,
        };
        commit_final(store, source, cursor, to, &events).await
    }
}

fn node(e: impl std::fmt::Display) -> SyncError {
    SyncError::Node(e.to_string())
}

/// An account's data at `finalized`, or `None` when it does not exist.
async fn account_data(client: &RpcClient, address: &str) -> Result<Option<Vec<u8>>, SyncError> {
    let answer: Value = client
        .send(
            RpcRequest::GetAccountInfo,
            json!([address, { "encoding": "base64", "commitment": "finalized" }]),
        )
        .await
        .map_err(node)?;
    let value = &answer["value"];
    if value.is_null() {
        return Ok(None);
    }
    let text = value["data"][0]
        .as_str()
        .ok_or_else(|| SyncError::Node(format!("account {address}: no base64 data")))?;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map(Some)
        .map_err(node)
}
