//! The HTTP transport for an EVM endpoint on a real network: every request has a timeout, and
//! what a node reports as worth retrying (rate limits: HTTP 429, Infura's -32005 and the other
//! providers' codes alloy's [`RetryBackoffLayer`] knows; a missing response) is retried with a
//! growing backoff. A retried request is one the node did not act on, so a retried
//! `eth_sendRawTransaction` cannot send a transaction twice.

use std::time::Duration;

use alloy::network::EthereumWallet;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::client::{ClientBuilder, RpcClient};
use alloy::transports::http::{reqwest, Http};
use alloy::transports::layers::RetryBackoffLayer;

/// How long one JSON-RPC request may take before it fails.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How many times a retryable failure is retried before it is reported.
pub const RETRIES: u32 = 8;
/// The first retry's delay in milliseconds (later ones grow with the node's hints and load).
pub const INITIAL_BACKOFF_MS: u64 = 250;

/// A JSON-RPC client of the node at `url` with the timeout and retries above.
pub fn client(url: reqwest::Url) -> Result<RpcClient, String> {
    let http = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let transport = Http::with_client(http, url);
    let is_local = transport.guess_local();
    // The compute-unit budget is the provider's business; this only backs off when told to.
    let retry = RetryBackoffLayer::new(RETRIES, INITIAL_BACKOFF_MS, 10_000);
    Ok(ClientBuilder::default()
        .layer(retry)
        .transport(transport, is_local))
}

/// A provider of the node at `url` over [`client`], signing with `wallet` if given.
pub fn provider(url: reqwest::Url, wallet: Option<EthereumWallet>) -> Result<DynProvider, String> {
    let client = client(url)?;
    Ok(match wallet {
        Some(wallet) => ProviderBuilder::new()
            .wallet(wallet)
            .connect_client(client)
            .erased(),
        None => ProviderBuilder::new().connect_client(client).erased(),
    })
}
