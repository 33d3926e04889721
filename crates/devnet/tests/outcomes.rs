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
