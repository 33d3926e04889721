//! The HTTP transport for an EVM endpoint on a real network: every request has a timeout, and
//! what a node reports as worth retrying (rate limits: HTTP 429, Infura's -32005 and the other
//! providers' codes alloy's [`RetryBackoffLayer`] knows; a missing response) is retried with a
//! growing backoff. A retried request is one the node did not act on, so a retried
//! `eth_sendRawTransaction` cannot send a transaction twice.

use std::time::{Duration, Instant};

use alloy::network::EthereumWallet;
use alloy::primitives::B256;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::client::{ClientBuilder, RpcClient};
use alloy::rpc::types::TransactionReceipt;
use alloy::transports::http::{reqwest, Http};
use alloy::transports::layers::RetryBackoffLayer;

use crate::LedgerError;

/// How long one JSON-RPC request may take before it fails.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How many times a retryable failure is retried before it is reported.
pub const RETRIES: u32 = 8;
/// The first retry's delay in milliseconds (later ones grow with the node's hints and load).
pub const INITIAL_BACKOFF_MS: u64 = 250;

/// The HTTP client could not be built (its TLS backend failed to start): nothing was sent.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
pub struct HttpClientError(#[from] reqwest::Error);

/// A JSON-RPC client of the node at `url` with the timeout and retries above.
pub fn client(url: reqwest::Url) -> Result<RpcClient, HttpClientError> {
    let http = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()?;
    let transport = Http::with_client(http, url);
    let is_local = transport.guess_local();
    // The compute-unit budget is the provider's business; this only backs off when told to.
    let retry = RetryBackoffLayer::new(RETRIES, INITIAL_BACKOFF_MS, 10_000);
    Ok(ClientBuilder::default()
        .layer(retry)
        .transport(transport, is_local))
}

/// A provider of the node at `url` over [`client`], signing with `wallet` if given.
pub fn provider(
    url: reqwest::Url,
    wallet: Option<EthereumWallet>,
) -> Result<DynProvider, HttpClientError> {
    let client = client(url)?;
    Ok(match wallet {
        Some(wallet) => ProviderBuilder::new()
            .wallet(wallet)
            .connect_client(client)
            .erased(),
        None => ProviderBuilder::new().connect_client(client).erased(),
    })
}

/// Waits for the receipt of the transaction `hash`, polling fast first (a development node
/// mines at once) and then less and less often, up to [`super::RECEIPT_POLL_MAX`] between polls.
/// A node that fails to answer a poll is asked again; after `timeout` without a receipt the
/// transaction's outcome is unknown ([`LedgerError::Unknown`] with its hash): it may still be
/// mined, so look it up before sending it again.
pub async fn wait_for_receipt<P: Provider + ?Sized>(
    provider: &P,
    hash: B256,
    timeout: Duration,
) -> Result<TransactionReceipt, LedgerError> {
    let started = Instant::now();
    let mut poll = Duration::from_millis(25);
    let mut last_error = None;
    loop {
        match provider.get_transaction_receipt(hash).await {
            Ok(Some(receipt)) => return Ok(receipt),
            Ok(None) => {}
            Err(e) => last_error = Some(e),
        }
        if started.elapsed() >= timeout {
            let why = match last_error {
                Some(e) => format!("no receipt after {timeout:?}; the node last answered {e}"),
                None => format!("no receipt after {timeout:?}"),
            };
            return Err(LedgerError::unknown(hash, why));
        }
        tokio::time::sleep(poll).await;
        poll = (poll * 3 / 2).min(super::RECEIPT_POLL_MAX);
    }
}
