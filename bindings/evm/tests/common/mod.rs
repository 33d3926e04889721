//! A real `anvil` node for the vector drivers: one provider per key, a scenario clock, and a
//! send that reads revert data of mined failures.

#![allow(dead_code)]

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::Address;
use alloy::providers::ext::AnvilApi;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use tokio::runtime::Runtime;

/// Chain seconds per scenario second. EVM blocks need strictly increasing timestamps, so each
/// transaction of a scenario second gets its own chain second inside a window of `SCALE`. Every
/// contract comparison is `now < t` or `now >= t` with `t` on a window boundary, so the scaling
/// changes no outcome.
pub const SCALE: u64 = 100;

/// The anvil binary installed by `scripts/setup` (override with `ANVIL_BIN`).
pub fn anvil_path() -> PathBuf {
    std::env::var_os("ANVIL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
        })
}

/// A running anvil with `accounts` funded keys.
pub struct Node {
    pub rt: Runtime,
    pub anvil: AnvilInstance,
    /// One provider per key, in key order.
    pub providers: Vec<DynProvider>,
}

impl Node {
    pub fn start(accounts: usize) -> Node {
        let path = anvil_path();
        assert!(
            path.exists(),
            "{} missing: run scripts/setup",
            path.display()
        );
        let anvil = Anvil::new()
            .path(path)
            .arg("--accounts")
            .arg(accounts.to_string())
            .spawn();
        let rt = Runtime::new().unwrap();
        let providers = anvil
            .keys()
            .iter()
            .map(|k| {
                let signer = PrivateKeySigner::from(k.clone());
                ProviderBuilder::new()
                    .wallet(EthereumWallet::from(signer))
                    .connect_http(anvil.endpoint_url())
                    .erased()
            })
            .collect();
        Node {
            rt,
            anvil,
            providers,
        }
    }

    pub fn address(&self, key: usize) -> Address {
        self.anvil.addresses()[key]
    }

    pub fn chain_id(&self) -> u64 {
        self.anvil.chain_id()
    }

    /// A chain time window start safely after everything mined so far.
    pub fn fresh_t0(&self) -> u64 {
        let p = &self.providers[0];
        self.rt.block_on(async {
            let latest = p.get_block_number().await.unwrap();
            let block = p.get_block_by_number(latest.into()).await.unwrap().unwrap();
            (block.header.timestamp / SCALE + 10) * SCALE
        })
    }
}

/// The scenario clock on chain: scenario second `s` is the window `t0 + s·SCALE ..+SCALE`.
pub struct Clock {
    pub t0: u64,
    window: u64,
    sent_in_window: u64,
    scale: u64,
}

impl Clock {
    pub fn new(t0: u64) -> Self {
        Clock {
            t0,
            window: 0,
            sent_in_window: 0,
            scale: SCALE,
        }
    }

    /// Scenario seconds are chain seconds, and every transaction of a second is mined at that
    /// exact timestamp (anvil accepts equal timestamps). For contracts that validate durations,
    /// such as a channel's challenge period, which scaling would change.
    pub fn exact(t0: u64) -> Self {
        Clock {
            scale: 1,
            ..Clock::new(t0)
        }
    }

    /// Chain time of scenario second `offset` (a window boundary).
    pub fn at(&self, offset: u64) -> u64 {
        self.t0 + offset * self.scale
    }

    pub fn set(&mut self, offset: u64) {
        self.window = offset;
        self.sent_in_window = 0;
    }

    /// Pins the next block's timestamp inside the current window.
    pub async fn pin_next_block(&mut self, provider: &DynProvider) {
        let spread = if self.scale == 1 {
            0
        } else {
            assert!(
                self.sent_in_window < self.scale,
                "more than {} transactions in one second",
                self.scale
            );
            self.sent_in_window
        };
        let ts = self.at(self.window) + spread;
        self.sent_in_window += 1;
        provider.anvil_set_next_block_timestamp(ts).await.unwrap();
    }
}

/// Sends a prepared call with a fixed gas limit (gas estimation would simulate at the previous
/// block's timestamp, not the pinned one), so a revert is mined rather than raised. A mined revert
/// is then replayed with `eth_call` at its own block, whose state and timestamp it saw, to read the
/// revert data. Evaluates to `Result<(), Failure>`, mapping errors with `$map`.
macro_rules! send {
    ($call:expr, $map:expr) => {
        async {
            let call = $call.gas(3_000_000);
            let receipt = call
                .send()
                .await
                .map_err($map)?
                .get_receipt()
                .await
                .map_err(|e| Failure::Other(e.to_string()))?;
            if receipt.status() {
                return Ok(());
            }
            let block = receipt.block_number.expect("mined receipt has a block");
            match call.call().block(block.into()).await {
                Err(e) => Err($map(e)),
                Ok(_) => Err(Failure::Other(
                    "reverted when mined, succeeded on replay".into(),
                )),
            }
        }
        .await
    };
}

pub(crate) use send;
