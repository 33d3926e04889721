//! What a client reports when a call fails outside the spec, by what the caller may do next:
//! a node that cannot be reached is a transport failure (nothing was sent, a retry is safe); a
//! transaction handed to the node whose result never comes has an unknown outcome, named by
//! its id (look it up before sending again); a refusal stays the spec's code.

mod common;

use std::time::Duration;

use alloy::network::TransactionBuilder;
use alloy::primitives::U256;
use alloy::providers::ext::AnvilApi;
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use tokenrail_sdk::escrow::NewEscrow;
use tokenrail_sdk::evm::transport::wait_for_receipt;
use tokenrail_sdk::evm::EvmEscrow;
use tokenrail_sdk::{ClientError, EscrowClient, EscrowError, LedgerError};

/// A node that stops answering: every call, read or send, is a retryable transport failure,
/// and nothing was sent.
#[test]
fn evm_an_unreachable_node_is_a_transport_failure() {
    let common::Node { anvil, signers, rt } = common::Node::start(2);
    let deployer = signers[1].provider.clone();
    let (escrow, token) = rt.block_on(async {
        let token = tokenrail_evm::MockERC20::deploy(deployer.clone())
            .await
            .unwrap();
        let escrow = tokenrail_evm::TokenrailEscrow::deploy(deployer.clone())
            .await
            .unwrap();
        (*escrow.address(), *token.address())
    });
    let mut client = EvmEscrow::new(rt.handle().clone(), deployer, escrow, token);
    let alice = signers[0].clone();
    drop(anvil);

    let read = client.balance(&alice.address);
    assert!(matches!(read, Err(ClientError::Transport(_))), "{read:?}");
    // The clock seam too: a retryable failure, not a refusal.
    let now = tokenrail_sdk::Clock::now(&mut client);
    assert!(matches!(now, Err(LedgerError::Transport(_))), "{now:?}");
    let moved = tokenrail_sdk::Clock::advance(&mut client, 60);
    assert!(matches!(moved, Err(LedgerError::Transport(_))), "{moved:?}");
    assert!(read.unwrap_err().is_retryable());
    let sent = client.create(
        &alice,
        NewEscrow {
            beneficiary: signers[1].address,
            arbiter: None,
            milestones: vec![10],
            deadline: u64::MAX / 2,
        },
    );
    assert!(matches!(sent, Err(ClientError::Transport(_))), "{sent:?}");
}

/// A transaction the node accepted but never mines: the wait ends at its bound with the
/// transaction's hash and an unknown outcome, not a refusal and not a retryable failure; once
/// mined, the same wait finds its receipt.
#[test]
fn evm_a_transaction_never_mined_has_an_unknown_outcome() {
    let node = common::Node::start(2);
    let (rt, signers) = (&node.rt, &node.signers);
    let p = signers[0].provider.clone();
    rt.block_on(async {
        p.anvil_set_auto_mine(false).await.unwrap();
        let tx = TransactionRequest::default()
            .with_to(signers[1].address)
            .with_value(U256::from(1));
        let hash = *p.send_transaction(tx).await.unwrap().tx_hash();
        let waited = wait_for_receipt(&p, hash, Duration::from_millis(300)).await;
        let err = waited.unwrap_err();
        assert_eq!(
            err,
            LedgerError::Unknown {
                tx: Some(hash.to_string()),
                detail: "no receipt after 300ms".into()
            }
        );
        assert!(!err.is_retryable());
        assert!(err.to_string().contains(&hash.to_string()), "{err}");
        let client: ClientError<EscrowError> = err.into();
        assert!(matches!(client, ClientError::Unknown { tx: Some(_), .. }));

        p.evm_mine(None).await.unwrap();
        let receipt = wait_for_receipt(&p, hash, Duration::from_secs(5))
            .await
            .unwrap();
        assert!(receipt.status());
    });
}

/// A Cosmos node that stops answering: reads and sends are transport failures (the send fails
/// before anything is broadcast: the signer's account cannot be read).
#[test]
fn cosmos_an_unreachable_node_is_a_transport_failure() {
    let (node, parties, _deployed, ledger) = common::cosmos_chain(&[1_000, 0]);
    let rpc = ledger.rpc().expect("a node").reconnect().unwrap();
    drop(node);
    let read = ledger.balance(&parties[0].addr, tokenrail_devnet::cosmwasm::DENOM);
    assert!(matches!(read, Err(LedgerError::Transport(_))), "{read:?}");
    let now = ledger.now();
    assert!(matches!(now, Err(LedgerError::Transport(_))), "{now:?}");
    let again = rpc.reconnect();
    assert!(
        matches!(&again, Err(LedgerError::Transport(e)) if e.contains("cannot reach")),
        "{:?}",
        again.err()
    );
    let mut ledger = ledger;
    let sent = ledger.execute(&parties[0].addr, bank_send(&parties[1].addr, 10));
    assert!(matches!(sent, Err(LedgerError::Transport(_))), "{sent:?}");
}

/// A transaction the node accepts and then loses: the wait ends at its bound with the
/// transaction's hash (the one CometBFT names it by) and an unknown outcome; nothing moved, and
/// the next transaction lands as usual.
#[test]
fn cosmos_a_transaction_never_included_has_an_unknown_outcome() {
    use tokenrail_devnet::cosmwasm::DENOM;
    let (node, parties, _deployed, ledger) = common::cosmos_chain(&[1_000, 0]);
    let rpc = ledger.rpc().expect("an RPC ledger").reconnect().unwrap();
    let mut ledger = tokenrail_sdk::cosmwasm::CwLedger::from(
        rpc.with_inclusion_timeout(Duration::from_millis(300)),
    );
    let (alice, bob) = (&parties[0].addr, &parties[1].addr);
    tokenrail_json_rpc_front::post(
        &node.url,
        tokenrail_cosmos_front::DROP_NEXT_TRANSACTIONS,
        serde_json::json!([1]),
    )
    .unwrap();
    let lost = ledger.execute(alice, bank_send(bob, 10)).unwrap_err();
    match &lost {
        LedgerError::Unknown {
            tx: Some(hash),
            detail,
        } => {
            assert_eq!(hash.len(), 64, "a CometBFT hash: {hash}");
            assert!(detail.contains("not in a block"), "{detail}");
        }
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
    assert!(!lost.is_retryable());
    assert_eq!(
        ledger.balance(bob, DENOM),
        Ok(0),
        "the lost transaction moved nothing"
    );
    ledger
        .execute(alice, bank_send(bob, 10))
        .expect("the next one lands");
    assert_eq!(ledger.balance(bob, DENOM), Ok(10));
}

fn bank_send(to: &cosmwasm_std::Addr, amount: u128) -> cosmwasm_std::CosmosMsg {
    cosmwasm_std::BankMsg::Send {
        to_address: to.to_string(),
        amount: cosmwasm_std::coins(amount, tokenrail_devnet::cosmwasm::DENOM),
    }
    .into()
}

/// A Solana node that stops answering: reads and sends are transport failures (the send fails
/// at its blockhash, before anything is sent).
#[test]
fn solana_an_unreachable_node_is_a_transport_failure() {
    use tokenrail_sdk::solana::{RpcLedger, SendError};
    let keys = [tokenrail_sdk::solana::Keypair::new()];
    let (front, mint) = tokenrail_solana_front::local_cluster(&keys, SPL_TOKEN, &[1_000]);
    let url = front.url.clone();
    let mut rpc = RpcLedger::connect(&url, keys[0].insecure_clone()).unwrap();
    drop(front);
    let read = rpc.account(&mint);
    assert!(matches!(read, Err(LedgerError::Transport(_))), "{read:?}");
    // Not "a cluster's clock cannot be moved": the node did not answer at all.
    let moved = rpc.advance(60);
    assert!(matches!(moved, Err(LedgerError::Transport(_))), "{moved:?}");
    let network = rpc.genesis_hash();
    assert!(
        matches!(network, Err(LedgerError::Transport(_))),
        "{network:?}"
    );
    let again = RpcLedger::connect(&url, keys[0].insecure_clone());
    assert!(
        matches!(&again, Err(LedgerError::Transport(e)) if e.contains("cannot reach")),
        "{:?}",
        again.err()
    );
    let sent = rpc.send(&[memo()], &[]);
    assert!(matches!(sent, Err(SendError::Transport(_))), "{sent:?}");
}

/// A transaction the node accepts and then loses: the wait for its confirmation ends at its
/// bound with the transaction's signature and an unknown outcome; the next one lands.
#[test]
fn solana_a_transaction_never_confirmed_has_an_unknown_outcome() {
    use tokenrail_sdk::solana::{RpcLedger, SendError};
    let keys = [tokenrail_sdk::solana::Keypair::new()];
    let (front, _mint) = tokenrail_solana_front::local_cluster(&keys, SPL_TOKEN, &[1_000]);
    let mut rpc = RpcLedger::connect(&front.url, keys[0].insecure_clone())
        .unwrap()
        .with_confirm_timeout(Duration::from_millis(300));
    tokenrail_json_rpc_front::post(
        &front.url,
        tokenrail_solana_front::DROP_NEXT_TRANSACTIONS,
        serde_json::json!([1]),
    )
    .unwrap();
    let lost = rpc.send(&[memo()], &[]).unwrap_err();
    let SendError::Unknown { signature, detail } = &lost else {
        panic!("expected an unknown outcome, got {lost:?}");
    };
    assert!(detail.contains("not confirmed"), "{detail}");
    let signature = signature.clone();
    let client: ClientError<EscrowError> = LedgerError::from(lost).into();
    assert!(matches!(&client, ClientError::Unknown { tx: Some(t), .. } if *t == signature));
    assert!(!client.is_retryable());
    rpc.send(&[memo()], &[]).expect("the next one lands");
}

const SPL_TOKEN: tokenrail_sdk::solana::Pubkey = tokenrail_sdk::solana::TOKEN;

/// An instruction any transaction may carry: a compute-unit price of 0 (no accounts; the
/// client adds its own compute-unit limit, a different compute-budget instruction).
fn memo() -> anchor_lang::solana_program::instruction::Instruction {
    let mut data = vec![3u8];
    data.extend_from_slice(&0u64.to_le_bytes());
    anchor_lang::solana_program::instruction::Instruction::new_with_bytes(
        solana_sdk_ids::compute_budget::ID,
        &data,
        vec![],
    )
}

/// A Substrate node that stops answering: reads are transport failures.
#[test]
fn substrate_an_unreachable_node_is_a_transport_failure() {
    use tokenrail_sdk::ink::{InkKey, Scheme, SubstrateRpc};
    let node = tokenrail_substrate_front::local_node();
    let alice = InkKey::from_suri("//Alice", Scheme::Sr25519).unwrap();
    let url = node.url().to_owned();
    let mut ledger = tokenrail_sdk::ink::InkLedger::from(
        SubstrateRpc::connect(&url, vec![alice.clone()]).unwrap(),
    );
    drop(node);
    let read = ledger.free_balance(&alice.account());
    assert!(matches!(read, Err(LedgerError::Transport(_))), "{read:?}");
    assert!(read.unwrap_err().is_retryable());
    let now = ledger.now();
    assert!(matches!(now, Err(LedgerError::Transport(_))), "{now:?}");
    let again = SubstrateRpc::connect(&url, vec![alice]);
    assert!(
        matches!(&again, Err(LedgerError::Transport(e)) if e.contains("cannot reach")),
        "{:?}",
        again.err()
    );
}

/// An extrinsic the node accepts and then loses: the wait for finality ends at its bound with
/// the extrinsic's hash and an unknown outcome; nothing moved, and the next one lands.
#[test]
fn substrate_an_extrinsic_never_final_has_an_unknown_outcome() {
    use tokenrail_sdk::ink::{InkKey, Scheme, SubstrateRpc};
    let node = tokenrail_substrate_front::local_node();
    let alice = InkKey::from_suri("//Alice", Scheme::Sr25519).unwrap();
    let bob = InkKey::from_suri("//Bob", Scheme::Sr25519)
        .unwrap()
        .account();
    let rpc = SubstrateRpc::connect(node.url(), vec![alice.clone()])
        .unwrap()
        .with_finality_timeout(Duration::from_millis(500));
    let before = tokenrail_sdk::ink::InkLedger::from(rpc.reconnect().unwrap())
        .free_balance(&bob)
        .unwrap();
    node.drop_next_transactions(1);
    let lost = rpc
        .transfer_native(&alice.account(), &bob, 1_000)
        .unwrap_err();
    match &lost {
        LedgerError::Unknown {
            tx: Some(hash),
            detail,
        } => {
            assert!(hash.starts_with("0x") && hash.len() == 66, "{hash}");
            assert!(detail.contains("not final"), "{detail}");
        }
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
    let mut ledger = tokenrail_sdk::ink::InkLedger::from(rpc);
    assert_eq!(
        ledger.free_balance(&bob),
        Ok(before),
        "the lost extrinsic moved nothing"
    );
    let rpc = ledger.node().unwrap();
    rpc.transfer_native(&alice.account(), &bob, 1_000)
        .expect("the next one lands");
    assert_eq!(ledger.free_balance(&bob), Ok(before + 1_000));
}
