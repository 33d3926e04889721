//! Channel messages: EIP-712 against alloy's implementation, signatures that verify only for
//! their own channel, epoch, kind, fields and deployment on every chain, malleated and foreign
//! signatures refused, and the balance rule.

use alloy::primitives::{Address, FixedBytes};
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol_types::{eip712_domain, SolStruct};
use proptest::prelude::*;
use tokenrail_channel::{
    balances, malleate_secp256k1, verify, Close, Domain, Ed25519Key, Message, Party, Secp256k1Key,
    State, VerifyError,
};

const CONTRACT: [u8; 20] = [0x42; 20];

fn state() -> State {
    State {
        channel_id: [7; 32],
        epoch: 2,
        nonce: 9,
        sent_a: 1_500,
        sent_b: 250,
    }
}

fn domains() -> Vec<Domain> {
    vec![
        Domain::Evm {
            chain_id: 31337,
            verifying_contract: CONTRACT,
        },
        Domain::Solana {
            program_id: [3; 32],
            network: [8; 32],
        },
        Domain::CosmWasm {
            chain_id: "osmosis-1".into(),
            contract: "osmo1contract".into(),
        },
        Domain::Ink {
            contract: [5; 32],
            network: [9; 32],
        },
    ]
}

const SECRET: [u8; 32] = [0x11; 32];

/// Signs with the domain's scheme; returns the signature and the signer as a party.
fn sign(domain: &Domain, message: &Message) -> (Vec<u8>, Party) {
    match domain {
        Domain::Solana { .. } => {
            let key = Ed25519Key::from_bytes(&SECRET);
            (
                key.sign(domain, message).unwrap(),
                Party::Ed25519(key.public()),
            )
        }
        _ => {
            let key = Secp256k1Key::from_bytes(&SECRET).unwrap();
            (
                key.sign(domain, message).unwrap(),
                key.party(domain).unwrap(),
            )
        }
    }
}

#[test]
fn eip712_digest_and_signature_match_alloy() {
    // alloy names the struct by its Rust name; the type string is what the digest hashes, so
    // compare against a struct of the same type string.
    alloy::sol! {
        struct State { bytes32 channelId; uint64 epoch; uint64 nonce; uint128 sentA; uint128 sentB; }
    }
    let s = state();
    let ours = Message::State(s).signing_payload(&domains()[0]).unwrap();
    let domain = eip712_domain! {
        name: "Tokenrail Channels",
        version: "1",
        chain_id: 31337,
        verifying_contract: Address::from(CONTRACT),
    };
    let theirs = State {
        channelId: FixedBytes(s.channel_id),
        epoch: s.epoch,
        nonce: s.nonce,
        sentA: s.sent_a,
        sentB: s.sent_b,
    }
    .eip712_signing_hash(&domain);
    assert_eq!(ours, theirs.to_vec());
    // A signature by alloy's signer verifies here, and ours recovers to alloy's address.
    let signer = PrivateKeySigner::from_slice(&SECRET).unwrap();
    let sig = signer.sign_hash_sync(&theirs).unwrap();
    let mut bytes = sig.as_bytes().to_vec();
    if bytes[64] < 27 {
        bytes[64] += 27;
    }
    let party = Party::EvmAddress(signer.address().into_array());
    verify(&domains()[0], &Message::State(s), &bytes, &party).unwrap();
    let key = Secp256k1Key::from_bytes(&SECRET).unwrap();
    assert_eq!(key.evm_address(), signer.address().into_array());
}

#[test]
fn every_chain_verifies_its_own_signature_and_no_other() {
    let message = Message::State(state());
    for domain in domains() {
        let (sig, party) = sign(&domain, &message);
        verify(&domain, &message, &sig, &party).unwrap();
        for other in domains().into_iter().filter(|d| *d != domain) {
            assert!(
                verify(&other, &message, &sig, &party).is_err(),
                "{domain:?} → {other:?}"
            );
        }
        // Another deployment on the same chain.
        let moved = match &domain {
            Domain::Evm { chain_id, .. } => Domain::Evm {
                chain_id: *chain_id,
                verifying_contract: [0x43; 20],
            },
            Domain::Solana { network, .. } => Domain::Solana {
                program_id: [4; 32],
                network: *network,
            },
            Domain::CosmWasm { chain_id, .. } => Domain::CosmWasm {
                chain_id: chain_id.clone(),
                contract: "osmo1other".into(),
            },
            Domain::Ink { network, .. } => Domain::Ink {
                contract: [6; 32],
                network: *network,
            },
        };
        assert_eq!(
            verify(&moved, &message, &sig, &party),
            Err(VerifyError::WrongSigner),
            "{domain:?}"
        );
        // The same deployment on another network (a test network's state on the main one).
        let elsewhere = match &domain {
            Domain::Evm {
                verifying_contract, ..
            } => Domain::Evm {
                chain_id: 1,
                verifying_contract: *verifying_contract,
            },
            Domain::Solana { program_id, .. } => Domain::Solana {
                program_id: *program_id,
                network: [0xee; 32],
            },
            Domain::CosmWasm { contract, .. } => Domain::CosmWasm {
                chain_id: "osmo-test-5".into(),
                contract: contract.clone(),
            },
            Domain::Ink { contract, .. } => Domain::Ink {
                contract: *contract,
                network: [0xee; 32],
            },
        };
        assert_eq!(
            verify(&elsewhere, &message, &sig, &party),
            Err(VerifyError::WrongSigner),
            "{domain:?} on another network"
        );
    }
}

#[test]
fn a_state_is_never_a_close() {
    let s = state();
    let close = Message::Close(Close {
        channel_id: s.channel_id,
        epoch: s.epoch,
        sent_a: s.sent_a,
        sent_b: s.sent_b,
    });
    for domain in domains() {
        let (sig, party) = sign(&domain, &Message::State(s));
        assert_eq!(
            verify(&domain, &close, &sig, &party),
            Err(VerifyError::WrongSigner)
        );
    }
}

#[test]
fn malleated_and_malformed_signatures_are_refused() {
    let message = Message::State(state());
    for domain in domains()
        .into_iter()
        .filter(|d| !matches!(d, Domain::Solana { .. }))
    {
        let (sig, party) = sign(&domain, &message);
        // s' = n − s with the other recovery id: the same signature, malleated.
        let high = malleate_secp256k1(&sig);
        assert_eq!(
            verify(&domain, &message, &high, &party),
            Err(VerifyError::InvalidSignature("high s (malleable)")),
            "{domain:?}"
        );
        assert!(matches!(
            verify(&domain, &message, &sig[..64], &party),
            Err(VerifyError::InvalidSignature(_))
        ));
        let mut bad_v = sig.clone();
        bad_v[64] += 2;
        assert!(matches!(
            verify(&domain, &message, &bad_v, &party),
            Err(VerifyError::InvalidSignature(_))
        ));
        let stranger = Secp256k1Key::from_bytes(&[0x22; 32]).unwrap();
        assert_eq!(
            verify(&domain, &message, &sig, &stranger.party(&domain).unwrap()),
            Err(VerifyError::WrongSigner)
        );
    }
}

#[test]
fn solana_amounts_are_u64() {
    let big = Message::State(State {
        sent_a: u128::from(u64::MAX) + 1,
        ..state()
    });
    let key = Ed25519Key::from_bytes(&SECRET);
    assert_eq!(
        key.sign(&domains()[1], &big),
        Err(VerifyError::NotExpressible)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Changing any field of a signed state makes it a different message on every chain.
    #[test]
    fn every_field_is_signed(
        channel_id in any::<[u8; 32]>(),
        epoch in any::<u64>(),
        nonce in any::<u64>(),
        sent_a in 0..u128::from(u64::MAX),
        sent_b in 0..u128::from(u64::MAX),
        field in 0..5usize,
    ) {
        let s = State { channel_id, epoch, nonce, sent_a, sent_b };
        let mut t = s;
        match field {
            0 => t.channel_id[0] ^= 1,
            1 => t.epoch = t.epoch.wrapping_add(1),
            2 => t.nonce = t.nonce.wrapping_add(1),
            3 => t.sent_a ^= 1,
            _ => t.sent_b ^= 1,
        }
        for domain in domains() {
            let (sig, party) = sign(&domain, &Message::State(s));
            prop_assert!(verify(&domain, &Message::State(s), &sig, &party).is_ok());
            prop_assert_eq!(
                verify(&domain, &Message::State(t), &sig, &party),
                Err(VerifyError::WrongSigner)
            );
        }
    }

    /// Balances always sum to the deposits, and a state is refused exactly when it overdraws.
    #[test]
    fn balances_conserve_the_deposits(
        deposit_a in 0..1_000_000u128,
        deposit_b in 0..1_000_000u128,
        sent_a in 0..2_000_000u128,
        sent_b in 0..2_000_000u128,
    ) {
        match balances(deposit_a, deposit_b, sent_a, sent_b) {
            Some((a, b)) => prop_assert_eq!(a + b, deposit_a + deposit_b),
            None => prop_assert!(sent_a > deposit_a + sent_b || sent_b > deposit_b + sent_a),
        }
    }
}

/// Finding 8 (docs/security.md): a State at the largest nonce can never be superseded (no
/// challenge can be newer), so signing it would hand the counterparty a state that wins every
/// dispute and end the channel's payments. The signer refuses it on every chain; a Close has no
/// nonce and is unaffected.
#[test]
fn the_signer_refuses_a_state_at_the_largest_nonce() {
    for domain in domains() {
        let last = Message::State(State {
            nonce: u64::MAX,
            ..state()
        });
        let result = match &domain {
            Domain::Solana { .. } => Ed25519Key::from_bytes(&SECRET).sign(&domain, &last),
            _ => Secp256k1Key::from_bytes(&SECRET)
                .unwrap()
                .sign(&domain, &last),
        };
        assert_eq!(result, Err(VerifyError::NonceExhausted), "{domain:?}");
        let before_last = Message::State(State {
            nonce: u64::MAX - 1,
            ..state()
        });
        let (sig, party) = sign(&domain, &before_last);
        verify(&domain, &before_last, &sig, &party).unwrap();
        let close = Message::Close(Close {
            channel_id: [7; 32],
            epoch: 2,
            sent_a: 1,
            sent_b: 0,
        });
        let (sig, party) = sign(&domain, &close);
        verify(&domain, &close, &sig, &party).unwrap();
    }
}
