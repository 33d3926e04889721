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
//! It also keeps every transaction that lands and answers the history methods an indexer reads
//! (`getSlot`, `getSignaturesForAddress`, `getTransaction` with inner instructions, logs and
//! token balances, `getBlock`): the bank keeps its history, and each landed transaction seals a
//! slot of its own ([`tokenrail_devnet::solana::history`]).
//!
//! Like other local Solana nodes' "time travel" cheat codes, one method of its own moves the
//! clock: `tokenrail_advanceClock [seconds]` (a development node's convenience, as anvil's
//! `evm_increaseTime` is on EVM; no cluster answers it).

// solana-program-test 3.x marks its whole API deprecated-as-unstable.
#![allow(deprecated)]

mod history;

use std::collections::HashMap;

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use serde_json::{json, Value};
use solana_account_decoder_client_types::{UiAccount, UiAccountData, UiAccountEncoding};
use solana_keypair::Keypair;
use solana_program_test::BanksClientError;
use solana_rpc_client_types::response::{
    Response, RpcBlockhash, RpcResponseContext, RpcSimulateTransactionResult, RpcVersionInfo,
};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use solana_transaction_status_client_types::{
    TransactionConfirmationStatus, TransactionStatus, UiReturnDataEncoding, UiTransactionReturnData,
};
use tokenrail_devnet::solana::bank::anchor_lang;
pub use tokenrail_json_rpc_front::Front as RpcFront;
use tokenrail_json_rpc_front::{Node, RpcError};

use tokenrail_devnet::solana::bank::{Chain, T0};

/// The front's own method that moves the clock forward: params `[seconds]`, result the new
/// Unix time.
pub const ADVANCE_CLOCK: &str = "tokenrail_advanceClock";

/// The front's fault switch: params `[n]`; the next `n` transactions are accepted by
/// `sendTransaction` (their signature is returned) and then lost, never run and never given a
/// status, as a validator under load may drop them; a client's wait for them ends with their
/// outcome unknown.
pub const DROP_NEXT_TRANSACTIONS: &str = "tokenrail_dropNextTransactions";

/// Starts `chain()` (built on the front's thread: a bank stays with the runtime that drives it)
/// and serves it on a free loopback port.
pub fn serve(chain: impl FnOnce() -> Chain + Send + 'static) -> RpcFront {
    tokenrail_json_rpc_front::serve(move || {
        let mut chain = chain();
        chain.keep_history();
        Bank {
            chain,
            statuses: HashMap::new(),
            dropping: 0,
        }
    })
}

struct Bank {
    chain: Chain,
    /// Outcome of every transaction sent, by signature.
    statuses: HashMap<String, Result<(), TransactionError>>,
    /// How many more transactions to accept and lose ([`DROP_NEXT_TRANSACTIONS`]).
    dropping: u32,
}

fn invalid(why: impl std::fmt::Display) -> RpcError {
    RpcError::invalid(why)
}

fn failed(why: impl std::fmt::Display) -> RpcError {
    RpcError::new(-32000, why.to_string())
}

impl Bank {
    fn context(&mut self) -> RpcResponseContext {
        RpcResponseContext::new(history::slot(self.chain.history()))
    }

    fn respond<T: serde::Serialize>(&mut self, value: T) -> Result<Value, RpcError> {
        let context = self.context();
        Ok(serde_json::to_value(Response { context, value }).expect("serializable"))
    }
}

impl Node for Bank {
    fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        let rt = &self.chain.rt;
        let banks = &mut self.chain.ctx.banks_client;
        match method {
            DROP_NEXT_TRANSACTIONS => {
                let n = params[0]
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| invalid("expected a count"))?;
                self.dropping = n;
                Ok(json!(n))
            }
            "getVersion" => Ok(serde_json::to_value(RpcVersionInfo {
                solana_core: "3.1.12 (tokenrail program-test front)".into(),
                feature_set: None,
            })
            .expect("serializable")),
            "getHealth" => Ok(json!("ok")),
            "getGenesisHash" => Ok(json!(self.chain.ctx.genesis_config().hash().to_string())),
            "getLatestBlockhash" => {
                let blockhash = rt.block_on(banks.get_latest_blockhash()).map_err(failed)?;
                let height = rt.block_on(banks.get_root_block_height()).unwrap_or(0);
                self.respond(RpcBlockhash {
                    blockhash: blockhash.to_string(),
                    last_valid_block_height: height + 150,
                })
            }
            "getMinimumBalanceForRentExemption" => {
                let space = params[0]
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| invalid("expected a data length"))?;
                let rent = rt.block_on(banks.get_rent()).map_err(failed)?;
                Ok(json!(rent.minimum_balance(space)))
            }
            // Every blockhash the bank handed out stays good for as long as it runs.
            "isBlockhashValid" => self.respond(true),
            "getAccountInfo" => {
                let key = params[0]
                    .as_str()
                    .and_then(|k| k.parse().ok())
                    .ok_or_else(|| invalid("expected a base-58 public key"))?;
                let account = rt.block_on(banks.get_account(key)).map_err(failed)?;
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
                if self.dropping > 0 {
                    self.dropping -= 1;
                    return Ok(json!(signature));
                }
                match self.chain.land(tx) {
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
                        Err(RpcError {
                            code: -32002,
                            message: format!("Transaction simulation failed: {err}"),
                            data: Some(serde_json::to_value(sim).expect("serializable")),
                        })
                    }
                    Err(BanksClientError::TransactionError(err)) => {
                        self.statuses.insert(signature.clone(), Err(err));
                        Ok(json!(signature))
                    }
                    Err(e) => Err(failed(e)),
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
                    .map_err(failed)?;
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
            "getSlot" => Ok(json!(history::slot(self.chain.history()))),
            "getSignaturesForAddress" => {
                history::signatures_for_address(self.chain.history(), params)
            }
            "getTransaction" => history::transaction(self.chain.history(), params),
            "getBlock" => history::block(self.chain.history(), params),
            ADVANCE_CLOCK => {
                let seconds = params[0]
                    .as_u64()
                    .ok_or_else(|| invalid("expected seconds"))?;
                let clock: anchor_lang::prelude::Clock =
                    rt.block_on(banks.get_sysvar()).map_err(failed)?;
                let offset = u64::try_from(clock.unix_timestamp - T0)
                    .map_err(|_| failed("the clock is before T0"))?;
                self.chain.set_time(offset + seconds);
                Ok(json!(clock.unix_timestamp as u64 + seconds))
            }
            other => Err(RpcError::no_method(other)),
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
fn decode_transaction(params: &Value) -> Result<VersionedTransaction, RpcError> {
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

/// A local Solana node for tests and development: the front over a devnet bank running the five
/// Tokenrail programs, with `keys` funded (10 SOL each) and `balances[i]` of a new payment mint
/// of `token_program` in `keys[i]`'s associated token account. Returns the front and the
/// payment mint.
pub fn local_cluster(
    keys: &[Keypair],
    token_program: Pubkey,
    balances: &[u64],
) -> (RpcFront, Pubkey) {
    use spl_associated_token_account_interface::{address, instruction};
    use spl_token_2022_interface::instruction::mint_to;
    let keys: Vec<Keypair> = keys.iter().map(Keypair::insecure_clone).collect();
    let balances = balances.to_vec();
    let (mint_tx, mint_rx) = std::sync::mpsc::channel();
    let front = serve(move || {
        let owners: Vec<Pubkey> = keys.iter().map(Signer::pubkey).collect();
        let mut chain = Chain::start_with_keys::<usize>(
            tokenrail_devnet::solana::cluster_program_test(),
            keys,
            token_program,
            &[],
        );
        let (mint, payer) = (chain.mint, chain.ctx.payer.pubkey());
        for (owner, amount) in owners.iter().zip(balances) {
            let ata =
                address::get_associated_token_address_with_program_id(owner, &mint, &token_program);
            let ixs = [
                instruction::create_associated_token_account_idempotent(
                    &payer,
                    owner,
                    &mint,
                    &token_program,
                ),
                mint_to(&token_program, &mint, &ata, &payer, &[], amount).expect("mint_to"),
            ];
            chain.send(&ixs, &[]).expect("funds the account");
        }
        let _ = mint_tx.send(mint);
        chain
    });
    let mint = mint_rx.recv().expect("the cluster starts");
    (front, mint)
}
