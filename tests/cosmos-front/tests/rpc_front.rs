//! The CometBFT front refuses what an SDK ante handler refuses, so that the Cosmos transport's
//! tests (which sign through cosmrs) would fail if the transport signed wrongly: a signature
//! over another chain id, a reused sequence, a message sent by someone other than the signer.

use std::io::{Read, Write};
use std::net::TcpStream;

use base64::Engine;
use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use cosmrs::proto::prost::Message;
use cosmrs::tx::{Body, Fee, Msg, SignDoc, SignerInfo};
use cosmrs::AccountId;
use serde_json::{json, Value};
use tokenrail_cosmos_front::{serve, FEE_DENOM};

fn post(url: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let json: Value = serde_json::from_str(reply.split_once("\r\n\r\n").unwrap().1).unwrap();
    json["result"].clone()
}

fn account(key: &SigningKey) -> AccountId {
    key.public_key().account_id("cosmwasm").unwrap()
}

/// A `MsgSend` of 5 of the fee denom from `from` to `to`, signed by `key` for account number
/// `number` at sequence `seq`.
fn send(
    key: &SigningKey,
    (from, to): (&AccountId, &AccountId),
    chain_id: &str,
    (number, seq): (u64, u64),
) -> String {
    let msg = cosmrs::bank::MsgSend {
        from_address: from.clone(),
        to_address: to.clone(),
        amount: vec![cosmrs::Coin {
            denom: FEE_DENOM.parse().unwrap(),
            amount: 5,
        }],
    };
    let body = Body::new(vec![msg.to_any().unwrap()], "", 0u32);
    let fee = cosmrs::Coin {
        denom: FEE_DENOM.parse().unwrap(),
        amount: 0,
    };
    let auth = SignerInfo::single_direct(Some(key.public_key()), seq)
        .auth_info(Fee::from_amount_and_gas(fee, 100_000u64));
    let doc = SignDoc::new(&body, &auth, &chain_id.parse().unwrap(), number).unwrap();
    let tx = doc.sign(key).unwrap().to_bytes().unwrap();
    base64::engine::general_purpose::STANDARD.encode(tx)
}

fn balance(url: &str, who: &AccountId) -> String {
    let q = QueryBalanceRequest {
        address: who.to_string(),
        denom: FEE_DENOM.into(),
    };
    let r = post(
        url,
        "abci_query",
        json!({"path": "/cosmos.bank.v1beta1.Query/Balance", "data": hex::encode(q.encode_to_vec())}),
    );
    let value = base64::engine::general_purpose::STANDARD
        .decode(r["response"]["value"].as_str().unwrap())
        .unwrap();
    QueryBalanceResponse::decode(value.as_slice())
        .unwrap()
        .balance
        .unwrap()
        .amount
}

#[test]
fn the_front_checks_transactions_as_an_ante_handler_does() {
    let alice = SigningKey::from_slice(&[1; 32]).unwrap();
    let mallory = SigningKey::from_slice(&[2; 32]).unwrap();
    let (a, m) = (account(&alice), account(&mallory));
    let funded = [a.to_string(), m.to_string()].map(cosmwasm_std::Addr::unchecked);
    let front = serve(
        move || {
            cw_multi_test::App::new(|router, _, storage| {
                for who in &funded {
                    router
                        .bank
                        .init_balance(storage, who, cosmwasm_std::coins(100, FEE_DENOM))
                        .unwrap();
                }
            })
        },
        "cosmwasm",
        vec![],
    );
    let chain_id = post(&front.url, "status", json!({}))["node_info"]["network"]
        .as_str()
        .unwrap()
        .to_string();
    let broadcast = |tx: String| post(&front.url, "broadcast_tx_sync", json!({ "tx": tx }));
    let refusal = |r: &Value| {
        (
            r["code"].as_u64().unwrap_or(0),
            r["log"].as_str().unwrap_or("").to_string(),
        )
    };
    // Accounts are numbered as first seen: alice signs first (1), mallory later (2).
    let ok = broadcast(send(&alice, (&a, &m), &chain_id, (1, 0)));
    assert_eq!(refusal(&ok).0, 0);
    // The result is found only once its block commits: a client must poll `tx`.
    let hash = hex::decode(ok["hash"].as_str().unwrap()).unwrap();
    let lookup = || {
        let hash = base64::engine::general_purpose::STANDARD.encode(&hash);
        post(&front.url, "tx", json!({ "hash": hash, "prove": false }))
    };
    assert!(lookup().is_null(), "not found before the block commits");
    assert!(lookup().is_null(), "not found before the block commits");
    let found = lookup();
    assert_eq!(
        found["tx_result"]["code"].as_u64().unwrap_or(0),
        0,
        "{found}"
    );
    assert_eq!(found["hash"], ok["hash"]);
    assert_eq!(balance(&front.url, &m), "105");

    let (code, log) = refusal(&broadcast(send(&alice, (&a, &m), &chain_id, (1, 0))));
    assert_eq!(code, 32, "{log}");
    assert!(
        log.contains("expected 1, got 0"),
        "the sequence is spent: {log}"
    );

    let (code, log) = refusal(&broadcast(send(&alice, (&a, &m), "another-chain", (1, 1))));
    assert_eq!(code, 4, "{log}");
    assert!(log.contains("signature verification failed"), "{log}");

    let (code, log) = refusal(&broadcast(send(&alice, (&a, &m), &chain_id, (2, 1))));
    assert_eq!(code, 4, "signed with another account's number: {log}");

    // Mallory's own, valid signature over a send from alice's account.
    let (code, log) = refusal(&broadcast(send(&mallory, (&a, &m), &chain_id, (2, 0))));
    assert_eq!(code, 4, "{log}");
    assert!(log.contains("sends a message but"), "{log}");
    assert_eq!(
        balance(&front.url, &m),
        "105",
        "only the valid send moved funds"
    );
}
