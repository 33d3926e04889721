//! The history methods an indexer reads (`getSlot`, `getSignaturesForAddress`,
//! `getTransaction`, `getBlock`), answered with Agave's response types from the bank's history
//! ([`tokenrail_devnet::solana::history`]): each landed transaction sealed a slot of its own, and
//! every sealed slot is final at once, so every commitment sees the same history.

use serde_json::{json, Value};
use solana_rpc_client_types::response::RpcConfirmedTransactionStatusWithSignature;
use solana_transaction_status_client_types::{TransactionConfirmationStatus, UiConfirmedBlock};
use tokenrail_devnet::solana::bank::anchor_lang::prelude::Pubkey;
use tokenrail_devnet::solana::history::{genesis_blockhash, Landed};
use tokenrail_json_rpc_front::RpcError;

/// The most signatures one `getSignaturesForAddress` answers (Agave's limit).
const MAX_SIGNATURES: usize = 1_000;

/// The newest sealed slot (0 before any transaction).
pub(crate) fn slot(history: &[Landed]) -> u64 {
    history.len() as u64
}

/// `getSignaturesForAddress [address, {limit, before, until}]`: the signatures of the
/// transactions naming `address`, newest first.
pub(crate) fn signatures_for_address(
    history: &[Landed],
    params: &Value,
) -> Result<Value, RpcError> {
    let address = params[0]
        .as_str()
        .and_then(|a| a.parse::<Pubkey>().ok())
        .ok_or_else(|| RpcError::invalid("expected a base-58 address"))?;
    let config = &params[1];
    let limit = match config["limit"].as_u64() {
        None => MAX_SIGNATURES,
        Some(n) if (1..=MAX_SIGNATURES as u64).contains(&n) => n as usize,
        Some(n) => {
            return Err(RpcError::invalid(format!(
                "limit {n} is outside 1..={MAX_SIGNATURES}"
            )))
        }
    };
    let until = config["until"].as_str();
    let mut newest_first = history.iter().enumerate().rev();
    if let Some(before) = config["before"].as_str() {
        // Agave answers nothing after a signature it does not know.
        if !newest_first.any(|(_, l)| l.signature == before) {
            return Ok(json!([]));
        }
    }
    let mut out = vec![];
    for (i, l) in newest_first {
        if Some(l.signature.as_str()) == until || out.len() == limit {
            break;
        }
        if !l
            .transaction
            .message
            .static_account_keys()
            .contains(&address)
        {
            continue;
        }
        out.push(RpcConfirmedTransactionStatusWithSignature {
            signature: l.signature.clone(),
            slot: i as u64 + 1,
            err: l.err.clone().map(Into::into),
            memo: None,
            block_time: Some(l.block_time),
            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
        });
    }
    Ok(serde_json::to_value(out).expect("serializable"))
}

/// `getTransaction [signature, {encoding}]`: the transaction (base64 only) with its status
/// meta, or null when no slot holds it.
pub(crate) fn transaction(history: &[Landed], params: &Value) -> Result<Value, RpcError> {
    let signature = params[0]
        .as_str()
        .ok_or_else(|| RpcError::invalid("expected a base-58 signature"))?;
    if params[1]["encoding"].as_str() != Some("base64") {
        return Err(RpcError::invalid(
            "this front answers getTransaction with encoding base64 only",
        ));
    }
    Ok(history
        .iter()
        .position(|l| l.signature == signature)
        .map_or(Value::Null, |i| {
            serde_json::to_value(history[i].encoded(i as u64 + 1)).expect("serializable")
        }))
}

/// `getBlock [slot, {transactionDetails: "signatures" | "none"}]`: the slot's hash, parent,
/// time and signatures.
pub(crate) fn block(history: &[Landed], params: &Value) -> Result<Value, RpcError> {
    let slot = params[0]
        .as_u64()
        .ok_or_else(|| RpcError::invalid("expected a slot"))?;
    let details = params[1]["transactionDetails"].as_str().unwrap_or("full");
    if !matches!(details, "signatures" | "none") {
        return Err(RpcError::invalid(
            "this front answers getBlock with transactionDetails signatures or none only",
        ));
    }
    let Some(landed) = slot
        .checked_sub(1)
        .and_then(|i| history.get(usize::try_from(i).ok()?))
    else {
        return Err(RpcError::new(
            -32004,
            format!("Block not available for slot {slot}"),
        ));
    };
    let previous_blockhash = match slot {
        1 => genesis_blockhash(),
        _ => history[slot as usize - 2].blockhash.clone(),
    };
    let block = UiConfirmedBlock {
        previous_blockhash,
        blockhash: landed.blockhash.clone(),
        parent_slot: slot - 1,
        transactions: None,
        signatures: (details == "signatures").then(|| vec![landed.signature.clone()]),
        rewards: None,
        num_reward_partitions: None,
        block_time: Some(landed.block_time),
        block_height: Some(slot),
    };
    Ok(serde_json::to_value(block).expect("serializable"))
}
