//! The channel program on the shared solana-program-test chain: parties are the chain's actor
//! keypairs, whose Ed25519 keys sign the states, and a signed step is the two-signature
//! Ed25519 instruction followed by the channel instruction.

// solana-program-test 3.x marks its whole API deprecated-as-unstable; it is still the harness
// that runs the real SPL programs.
#![allow(dead_code, missing_docs, deprecated, unused_imports)]

pub mod client;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use client::{channel_address, channel_vault_address as vault_address, PayoutKeys};
use solana_program_test::BanksClientError;
use tokenrail_channel::{Domain, Ed25519Key, Message};
use tokenrail_channel_program::{Channel, SignedClose, SignedState};
use tokenrail_core::channel::ChannelError;
use tokenrail_core::vectors::channel::{Failure, Party};

pub use tokenrail_devnet::solana::bank::{
    custom_code, Chain, MintExtension, ANCHOR_ACCOUNT_NOT_INITIALIZED, TOKEN, TOKEN_2022,
};

/// A chain running the channel program (and the real SPL programs), one funded keypair and
/// token account per party.
pub fn new_chain(token_program: Pubkey, balances: &[(Party, u64)]) -> Chain {
    let pt = tokenrail_devnet::anchor_program_test!(
        "tokenrail_channel_program",
        tokenrail_channel_program
    );
    Chain::start(pt, Party::ALL.len(), token_program, balances)
}

/// Maps a failed transaction onto the spec's code (a never-opened channel account surfaces as
/// Anchor's "account not initialized").
pub fn to_failure(err: BanksClientError) -> Failure {
    match custom_code(&err) {
        Some(ANCHOR_ACCOUNT_NOT_INITIALIZED) => Failure::Spec(ChannelError::ChannelNotFound),
        Some(code) if code >= 6000 => match ChannelError::from_code((code - 6000) as u16) {
            Some(e) => Failure::Spec(e),
            None => Failure::Other(format!("unknown channel error {code}")),
        },
        _ => Failure::Other(format!("{err:?}")),
    }
}

/// Party `p`'s Ed25519 signing key (its actor keypair's secret).
pub fn signing_key(chain: &Chain, p: Party) -> Ed25519Key {
    let bytes = chain.signer(p).to_bytes();
    Ed25519Key::from_bytes(bytes[..32].try_into().unwrap())
}

/// A message signed by two keys, ready to submit.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The fields, as a State (a Close ignores the nonce).
    pub state: SignedState,
    /// The exact bytes signed.
    pub bytes: Vec<u8>,
    /// (public key, signature) of the A and B signers.
    pub signatures: [([u8; 32], [u8; 64]); 2],
}

impl Signed {
    /// The fields as a Close.
    pub fn close(&self) -> SignedClose {
        SignedClose {
            channel_id: self.state.channel_id,
            epoch: self.state.epoch,
            sent_a: self.state.sent_a,
            sent_b: self.state.sent_b,
        }
    }

    /// The Ed25519 instruction verifying both signatures.
    pub fn ed25519(&self) -> Instruction {
        client::ed25519_instruction(&self.bytes, self.signatures)
    }
}

/// Signs `message` for `program_id` on `network` (a genesis hash) with `signers` (A's, B's).
pub fn sign(
    chain: &Chain,
    program_id: &Pubkey,
    network: [u8; 32],
    message: Message,
    signers: [Party; 2],
) -> Vec<([u8; 32], [u8; 64])> {
    let domain = Domain::Solana {
        program_id: program_id.to_bytes(),
        network,
    };
    signers
        .iter()
        .map(|p| {
            let key = signing_key(chain, *p);
            let sig = key.sign(&domain, &message).expect("expressible");
            (key.public(), sig.try_into().unwrap())
        })
        .collect()
}

/// The channel of `a` and `b` in the chain's mint.
pub fn channel_of(chain: &Chain, a: Party, b: Party) -> Pubkey {
    channel_address(&chain.key(a), &chain.key(b), &chain.mint)
}

/// The payout accounts of `channel`, paying each party's token account.
pub fn payout_keys(chain: &Chain, channel: Pubkey, a: Party, b: Party) -> PayoutKeys {
    PayoutKeys {
        channel,
        mint: chain.mint,
        a_token: chain.token_account(a),
        b_token: chain.token_account(b),
        token_program: chain.token_program,
    }
}

/// The channel account, if it exists.
pub fn channel_state(chain: &mut Chain, channel: &Pubkey) -> Option<Channel> {
    (chain.lamports(channel) > 0).then(|| chain.anchor_account(channel))
}

/// What the channel's vault holds.
pub fn vault_balance(chain: &mut Chain, channel: &Pubkey) -> u64 {
    chain.token_balance(&vault_address(channel))
}
