//! A Solana JSON-RPC front for a program-test bank, so the clients' cluster transport (the
//! Solana CLI's `--url`) runs against real programs here, where no validator can be built.
//!
//! It answers the methods a client needs to send, confirm and simulate transactions and read
//! accounts, with Agave's own response types (`solana-rpc-client-types`), and runs every
//! transaction on the bank: a send is preflighted like a validator's (a refused transaction
//! comes back as error -32002 carrying the simulation), and lands at once, so its status is
//! final when first asked. What it leaves out (slots that advance, forks, commitment levels,
//! rate limits, the methods no Tokenrail client calls) is what separates it from a validator.
//!
//! Like other local Solana nodes' "time travel" cheat codes, one method of its own moves the
//! clock: `tokenrail_advanceClock [seconds]` (a development node's convenience, as anvil's
//! `evm_increaseTime` is on EVM; no cluster answers it).

// solana-program-test 3.x marks its whole API deprecated-as-unstable.
#![allow(deprecated)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;

use base64::Engine;
use serde_json::{json, Value};
use solana_account_decoder_client_types::{UiAccount, UiAccountData, UiAccountEncoding};
use solana_program_test::BanksClientError;
use solana_rpc_client_types::response::{
    Response, RpcBlockhash, RpcResponseContext, RpcSimulateTransactionResult, RpcVersionInfo,
};
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use solana_transaction_status_client_types::{
    TransactionConfirmationStatus, TransactionStatus, UiReturnDataEncoding, UiTransactionReturnData,
};

use crate::Chain;

/// The front's own method that moves the clock forward: params `[seconds]`, result the new
/// Unix time.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// A running front: its URL, and the bank behind it on a thread of its own.
pub struct RpcFront {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    stop: mpsc::Sender<()>,
    port: u16,
}

impl Drop for RpcFront {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        // Wake the accept loop so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Starts `chain()` (built on the front's thread: a bank stays with the runtime that drives it)
/// and serves it on a free loopback port.
pub fn serve(chain: impl FnOnce() -> Chain + Send + 'static) -> RpcFront {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    let (stop, stopped) = mpsc::channel::<()>();
    let (ready, is_ready) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut bank = Bank {
            chain: chain(),
            statuses: HashMap::new(),
        };
        let _ = ready.send(());
        for stream in listener.incoming() {
            if stopped.try_recv().is_ok() {
                break;
            }
            if let Ok(stream) = stream {
                let _ = bank.answer(stream);
            }
        }
    });
    is_ready.recv().expect("the bank starts");
    RpcFront {
        url: format!("http://127.0.0.1:{port}"),
        stop,
        port,
    }
}

struct Bank {
    chain: Chain,
    /// Outcome of every transaction sent, by signature.
    statuses: HashMap<String, Result<(), TransactionError>>,
}

/// A JSON-RPC error: code, message, data.
type RpcFailure = (i64, String, Option<Value>);

fn invalid(why: impl std::fmt::Display) -> RpcFailure {
    (-32602, format!("Invalid params: {why}"), None)
}

impl Bank {
    /// Reads one HTTP request, answers it and closes the connection.
    fn answer(&mut self, stream: TcpStream) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let reply = match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Array(calls)) => Value::Array(calls.iter().map(|c| self.call(c)).collect()),
            Ok(call) => self.call(&call),
            Err(e) => json!({"jsonrpc": "2.0", "id": null,
                "error": {"code": -32700, "message": format!("Parse error: {e}")}}),
        };
        let text = reply.to_string();
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{text}",
            text.len()
        )?;
        stream.flush()
    }

    fn call(&mut self, call: &Value) -> Value {
        let id = call.get("id").cloned().unwrap_or(Value::Null);
        let method = call.get("method").and_then(Value::as_str).unwrap_or("");
        let params = call.get("params").cloned().unwrap_or(json!([]));
        match self.dispatch(method, &params) {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err((code, message, data)) => {
                let mut error = json!({"code": code, "message": message});
                if let Some(data) = data {
                    error["data"] = data;
                }
                json!({"jsonrpc": "2.0", "id": id, "error": error})
            }
        }
    }

    fn context(&mut self) -> RpcResponseContext {
        let slot = self
            .chain
            .rt
            .block_on(self.chain.ctx.banks_client.get_root_slot())
            .unwrap_or(0);
        RpcResponseContext::new(slot)
    }

    fn respond<T: serde::Serialize>(&mut self, value: T) -> Result<Value, RpcFailure> {
        let context = self.context();
        Ok(serde_json::to_value(Response { context, value }).expect("serializable"))
    }

    fn dispatch(&mut self, method: &str, params: &Value) -> Result<Value, RpcFailure> {
        let rt = &self.chain.rt;
        let banks = &mut self.chain.ctx.banks_client;
        match method {
            "getVersion" => Ok(serde_json::to_value(RpcVersionInfo {
                solana_core: "3.1.12 (tokenrail program-test front)".into(),
                feature_set: None,
            })
            .expect("serializable")),
            "getHealth" => Ok(json!("ok")),
            "getGenesisHash" => Ok(json!(self.chain.ctx.genesis_config().hash().to_string())),
            "getLatestBlockhash" => {
                let blockhash = rt
                    .block_on(banks.get_latest_blockhash())
                    .map_err(|e| (-32000, e.to_string(), None))?;
                let height = rt.block_on(banks.get_root_block_height()).unwrap_or(0);
                self.respond(RpcBlockhash {
                    blockhash: blockhash.to_string(),
                    last_valid_block_height: height + 150,
                })
            }
            // Every blockhash the bank handed out stays good for as long as it runs.
            "isBlockhashValid" => self.respond(true),
            "getAccountInfo" => {
                let key = params[0]
                    .as_str()
                    .and_then(|k| k.parse().ok())
                    .ok_or_else(|| invalid("expected a base-58 public key"))?;
                let account = rt
                    .block_on(banks.get_account(key))
                    .map_err(|e| (-32000, e.to_string(), None))?;
                let value = account.map(|a| UiAccount {
                    lamports: a.lamports,
                    space: Some(a.data.len() as u64),
                    data: UiAccountData::Binary(
                        base64::engine::general_purpose::STANDARD.encode(&a.data),
                        UiAccountEncoding::Base64,
                    ),
                    owner: a.owner.to_string(),
                    executable: a.executable,
                    rent_epoch: a.rent_epoch,
                });
                self.respond(value)
            }
            "sendTransaction" => {
                let tx = decode_transaction(params)?;
                let signature = tx.signatures[0].to_string();
                match rt.block_on(banks.process_transaction_with_preflight(tx)) {
                    Ok(()) => {
                        self.statuses.insert(signature.clone(), Ok(()));
                        Ok(json!(signature))
                    }
                    Err(BanksClientError::SimulationError {
                        err,
                        logs,
                        units_consumed,
                        ..
                    }) => {
                        let sim = RpcSimulateTransactionResult {
                            err: Some(err.clone().into()),
                            logs: Some(logs),
                            units_consumed: Some(units_consumed),
                            ..blank_simulation()
                        };
                        Err((
                            -32002,
                            format!("Transaction simulation failed: {err}"),
                            Some(serde_json::to_value(sim).expect("serializable")),
                        ))
                    }
                    Err(BanksClientError::TransactionError(err)) => {
                        self.statuses.insert(signature.clone(), Err(err));
                        Ok(json!(signature))
                    }
                    Err(e) => Err((-32000, e.to_string(), None)),
                }
            }
            "getSignatureStatuses" => {
                let signatures = params[0]
                    .as_array()
                    .ok_or_else(|| invalid("expected an array of signatures"))?;
                let slot = self.context().slot;
                let value: Vec<Option<TransactionStatus>> = signatures
                    .iter()
                    .map(|s| {
                        let outcome = self.statuses.get(s.as_str().unwrap_or(""))?;
                        Some(TransactionStatus {
                            slot,
                            confirmations: None,
                            status: outcome.clone(),
                            err: outcome.clone().err(),
                            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
                        })
                    })
                    .collect();
                self.respond(value)
            }
            "simulateTransaction" => {
                let tx = decode_transaction(params)?;
                let sim = rt
                    .block_on(banks.simulate_transaction(tx))
                    .map_err(|e| (-32000, e.to_string(), None))?;
                let details = sim.simulation_details;
                let value = RpcSimulateTransactionResult {
                    err: sim.result.and_then(|r| r.err()).map(TransactionError::into),
                    logs: details.as_ref().map(|d| d.logs.clone()),
                    units_consumed: details.as_ref().map(|d| d.units_consumed),
                    return_data: details.and_then(|d| d.return_data).map(|r| {
                        UiTransactionReturnData {
                            program_id: r.program_id.to_string(),
                            data: (
                                base64::engine::general_purpose::STANDARD.encode(r.data),
                                UiReturnDataEncoding::Base64,
                            ),
                        }
                    }),
                    ..blank_simulation()
                };
                self.respond(value)
            }
            ADVANCE_CLOCK => {
                let seconds = params[0]
                    .as_u64()
                    .ok_or_else(|| invalid("expected seconds"))?;
                let clock: anchor_lang::prelude::Clock = rt
                    .block_on(banks.get_sysvar())
                    .map_err(|e| (-32000, e.to_string(), None))?;
                let offset = u64::try_from(clock.unix_timestamp - crate::T0)
                    .map_err(|_| (-32000, "the clock is before T0".to_string(), None))?;
                self.chain.set_time(offset + seconds);
                Ok(json!(clock.unix_timestamp as u64 + seconds))
            }
            other => Err((-32601, format!("Method not found: {other}"), None)),
        }
    }
}

fn blank_simulation() -> RpcSimulateTransactionResult {
    RpcSimulateTransactionResult {
        err: None,
        logs: None,
        accounts: None,
        units_consumed: None,
        loaded_accounts_data_size: None,
        return_data: None,
        inner_instructions: None,
        replacement_blockhash: None,
        fee: None,
        pre_balances: None,
        post_balances: None,
        pre_token_balances: None,
        post_token_balances: None,
        loaded_addresses: None,
    }
}

/// The transaction in `params[0]`, base64 (what clients send; base58 is refused).
fn decode_transaction(params: &Value) -> Result<VersionedTransaction, RpcFailure> {
    let text = params[0]
        .as_str()
        .ok_or_else(|| invalid("expected an encoded transaction"))?;
    if params[1]["encoding"].as_str() == Some("base58") {
        return Err(invalid("this front reads base64 transactions only"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(invalid)?;
    bincode::deserialize(&bytes).map_err(invalid)
}
