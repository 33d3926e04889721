//! A bank's history of landed transactions, kept on request ([`super::bank::Chain::keep_history`]):
//! what an indexer reads from a cluster (`getTransaction`: the transaction, its logs, inner
//! instructions and token balances before and after), for the JSON-RPC front's history methods
//! and the demo's ledger.
//!
//! Each landed transaction seals a slot of its own (slot `n` holds the `n`th transaction; slot 0
//! is genesis), as the CometBFT front seals a block per transaction: program-test never advances
//! its slot by itself, and a history needs positions that do. A slot's hash chains to the
//! previous one's (SHA-256 of the previous hash and the transaction's signature).

use base64::Engine;
use sha2::{Digest, Sha256};
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use solana_transaction_status_client_types::{
    EncodedConfirmedTransactionWithStatusMeta, EncodedTransaction,
    EncodedTransactionWithStatusMeta, TransactionBinaryEncoding, UiTransactionStatusMeta,
};

/// One landed transaction and what its execution left.
#[derive(Clone, Debug)]
pub struct Landed {
    /// Its first signature (base58): the transaction's id.
    pub signature: String,
    /// The transaction as sent.
    pub transaction: VersionedTransaction,
    /// Its status meta: error, logs, inner instructions, token balances before and after.
    pub meta: UiTransactionStatusMeta,
    /// Why it failed, if it did (a failed transaction lands, pays its fee and changes nothing).
    pub err: Option<TransactionError>,
    /// The clock's Unix time when it ran.
    pub block_time: i64,
    /// Its slot's hash (base58).
    pub blockhash: String,
}

impl Landed {
    /// The transaction as `getTransaction` answers it (base64), in `slot`.
    pub fn encoded(&self, slot: u64) -> EncodedConfirmedTransactionWithStatusMeta {
        let bytes = bincode::serialize(&self.transaction).expect("a transaction serializes");
        EncodedConfirmedTransactionWithStatusMeta {
            slot,
            transaction: EncodedTransactionWithStatusMeta {
                transaction: EncodedTransaction::Binary(
                    base64::engine::general_purpose::STANDARD.encode(bytes),
                    TransactionBinaryEncoding::Base64,
                ),
                meta: Some(self.meta.clone()),
                version: Some(self.transaction.version()),
            },
            block_time: Some(self.block_time),
        }
    }
}

/// The hash of slot 0 in a history.
pub fn genesis_blockhash() -> String {
    bs58::encode(Sha256::digest(b"tokenrail solana devnet: slot 0")).into_string()
}

/// The hash of the slot after one hashed `previous`, holding `signature`.
pub(crate) fn next_blockhash(previous: &str, signature: &str) -> String {
    let mut h = Sha256::new();
    h.update(bs58::decode(previous).into_vec().unwrap_or_default());
    h.update(signature.as_bytes());
    bs58::encode(h.finalize()).into_string()
}
