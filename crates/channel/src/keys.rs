//! Keys, signatures and verification with each chain's rules: the checks a contract makes,
//! so a signature this crate accepts is one the chain accepts, and the other way round.

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest as _};
use ed25519_dalek::Signer as _;
use k256::ecdsa::{RecoveryId, Signature as EcdsaSignature, SigningKey, VerifyingKey};
use ripemd::Ripemd160;
use sha2::Sha256;
use sha3::Keccak256;

use crate::{Domain, Message};

/// A signature as the chain takes it: 65 bytes for secp256k1 (`r ‖ s ‖ v`), 64 for Ed25519.
pub type Signature = Vec<u8>;

/// Who must have signed, as each chain identifies a party.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// An EVM address (`keccak256(pubkey)[12..]`).
    EvmAddress([u8; 20]),
    /// A Solana (Ed25519) public key.
    Ed25519([u8; 32]),
    /// A Cosmos SDK account's canonical address (`ripemd160(sha256(compressed pubkey))`).
    CosmosCanonical([u8; 20]),
    /// A Substrate account of an ECDSA key (`blake2_256(compressed pubkey)`).
    SubstrateEcdsa([u8; 32]),
}

/// Why a signature does not verify (the spec's `InvalidSignature` and `WrongSigner`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    /// Malformed, high-s, or a scheme the domain does not use (spec code 11).
    #[error("invalid signature: {0}")]
    InvalidSignature(&'static str),
    /// Well-formed, but by someone else (spec code 12).
    #[error("the signature is not the party's")]
    WrongSigner,
    /// The message cannot be expressed on the domain's chain (an amount beyond Solana's u64).
    #[error("the message does not fit the chain's encoding")]
    NotExpressible,
    /// A State at the largest nonce: nothing could ever supersede it (see [`signable`]).
    #[error(
        "a state at nonce {} can never be superseded; settle the channel instead",
        u64::MAX
    )]
    NonceExhausted,
}

/// Refuses what no party should sign: a State at `u64::MAX`. No challenge can be newer than it,
/// so it would win every dispute and end the channel's payments; parties close and reopen (a new
/// epoch starts at nonce 0) long before.
fn signable(message: &Message) -> Result<(), VerifyError> {
    match message {
        Message::State(s) if s.nonce == u64::MAX => Err(VerifyError::NonceExhausted),
        _ => Ok(()),
    }
}

/// A secp256k1 signing key (EVM, CosmWasm, ink!).
#[derive(Clone)]
pub struct Secp256k1Key(SigningKey);

impl Secp256k1Key {
    /// A key from its 32-byte secret; `None` for an invalid scalar.
    pub fn from_bytes(secret: &[u8; 32]) -> Option<Self> {
        SigningKey::from_bytes(secret.into()).ok().map(Self)
    }

    /// The 33-byte compressed public key.
    pub fn public_compressed(&self) -> [u8; 33] {
        let point = self.0.verifying_key().to_encoded_point(true);
        point.as_bytes().try_into().expect("33 bytes")
    }

    /// The EVM address.
    pub fn evm_address(&self) -> [u8; 20] {
        evm_address(self.0.verifying_key())
    }

    /// The key as a party on `domain`'s chain (`None` on Solana, which uses Ed25519).
    pub fn party(&self, domain: &Domain) -> Option<Party> {
        let pk = self.public_compressed();
        match domain {
            Domain::Evm { .. } => Some(Party::EvmAddress(self.evm_address())),
            Domain::CosmWasm { .. } => Some(Party::CosmosCanonical(cosmos_canonical(&pk))),
            Domain::Ink { .. } => Some(Party::SubstrateEcdsa(substrate_account(&pk))),
            Domain::Solana { .. } => None,
        }
    }

    /// Signs `message` for `domain` (EVM, CosmWasm or ink!): `r ‖ s ‖ v` with low `s`; `v` is
    /// 27/28 on EVM and the recovery id 0/1 elsewhere.
    pub fn sign(&self, domain: &Domain, message: &Message) -> Result<Signature, VerifyError> {
        if matches!(domain, Domain::Solana { .. }) {
            return Err(VerifyError::InvalidSignature("Solana uses Ed25519"));
        }
        signable(message)?;
        let digest = message
            .signing_payload(domain)
            .ok_or(VerifyError::NotExpressible)?;
        let (sig, recid) = self
            .0
            .sign_prehash_recoverable(&digest)
            .map_err(|_| VerifyError::InvalidSignature("signing failed"))?;
        let (sig, recid) = match sig.normalize_s() {
            Some(low) => (
                low,
                RecoveryId::new(!recid.is_y_odd(), recid.is_x_reduced()),
            ),
            None => (sig, recid),
        };
        let mut out = sig.to_bytes().to_vec();
        let v = recid.to_byte();
        out.push(if matches!(domain, Domain::Evm { .. }) {
            27 + v
        } else {
            v
        });
        Ok(out)
    }
}

/// An Ed25519 signing key (Solana).
pub struct Ed25519Key(ed25519_dalek::SigningKey);

impl Ed25519Key {
    /// A key from its 32-byte seed.
    pub fn from_bytes(seed: &[u8; 32]) -> Self {
        Self(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// The public key (the Solana address).
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs `message` for a Solana domain: 64 bytes over the message bytes.
    pub fn sign(&self, domain: &Domain, message: &Message) -> Result<Signature, VerifyError> {
        if !matches!(domain, Domain::Solana { .. }) {
            return Err(VerifyError::InvalidSignature("only Solana uses Ed25519"));
        }
        signable(message)?;
        let bytes = message
            .signing_payload(domain)
            .ok_or(VerifyError::NotExpressible)?;
        Ok(self.0.sign(&bytes).to_bytes().to_vec())
    }
}

fn evm_address(key: &VerifyingKey) -> [u8; 20] {
    let point = key.to_encoded_point(false);
    let hash = Keccak256::digest(&point.as_bytes()[1..]);
    hash[12..].try_into().expect("20 bytes")
}

fn cosmos_canonical(compressed: &[u8; 33]) -> [u8; 20] {
    Ripemd160::digest(Sha256::digest(compressed)).into()
}

fn substrate_account(compressed: &[u8; 33]) -> [u8; 32] {
    Blake2b::<U32>::digest(compressed).into()
}

/// Recovers the signer of a 65-byte `r ‖ s ‖ v` over `digest`, refusing high-s and any `v`
/// other than `v_base` or `v_base + 1`.
fn recover(digest: &[u8], signature: &[u8], v_base: u8) -> Result<VerifyingKey, VerifyError> {
    let bytes: &[u8; 65] = signature
        .try_into()
        .map_err(|_| VerifyError::InvalidSignature("a secp256k1 signature is 65 bytes"))?;
    let sig = EcdsaSignature::from_slice(&bytes[..64])
        .map_err(|_| VerifyError::InvalidSignature("r or s out of range"))?;
    if sig.normalize_s().is_some() {
        return Err(VerifyError::InvalidSignature("high s (malleable)"));
    }
    let v = bytes[64]
        .checked_sub(v_base)
        .filter(|v| *v <= 1)
        .ok_or(VerifyError::InvalidSignature("recovery id"))?;
    let recid = RecoveryId::from_byte(v).ok_or(VerifyError::InvalidSignature("recovery id"))?;
    VerifyingKey::recover_from_prehash(digest, &sig, recid)
        .map_err(|_| VerifyError::InvalidSignature("no key recovers"))
}

/// Verifies `signature` of `message` on `domain` by `party`, with the rules the chain's
/// contract applies.
pub fn verify(
    domain: &Domain,
    message: &Message,
    signature: &[u8],
    party: &Party,
) -> Result<(), VerifyError> {
    let payload = message
        .signing_payload(domain)
        .ok_or(VerifyError::NotExpressible)?;
    let matches = match (domain, party) {
        (Domain::Evm { .. }, Party::EvmAddress(addr)) => {
            evm_address(&recover(&payload, signature, 27)?) == *addr
        }
        (Domain::CosmWasm { .. }, Party::CosmosCanonical(canonical)) => {
            let key = recover(&payload, signature, 0)?;
            let pk: [u8; 33] = key
                .to_encoded_point(true)
                .as_bytes()
                .try_into()
                .expect("33");
            cosmos_canonical(&pk) == *canonical
        }
        (Domain::Ink { .. }, Party::SubstrateEcdsa(account)) => {
            let key = recover(&payload, signature, 0)?;
            let pk: [u8; 33] = key
                .to_encoded_point(true)
                .as_bytes()
                .try_into()
                .expect("33");
            substrate_account(&pk) == *account
        }
        (Domain::Solana { .. }, Party::Ed25519(public)) => {
            let sig = ed25519_dalek::Signature::from_slice(signature)
                .map_err(|_| VerifyError::InvalidSignature("an Ed25519 signature is 64 bytes"))?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(public)
                .map_err(|_| VerifyError::InvalidSignature("not an Ed25519 public key"))?;
            key.verify_strict(&payload, &sig).is_ok()
        }
        _ => return Err(VerifyError::InvalidSignature("party of another chain")),
    };
    if matches {
        Ok(())
    } else {
        Err(VerifyError::WrongSigner)
    }
}

/// secp256k1 group order `n`, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// The malleated twin of a 65-byte secp256k1 signature (`s' = n − s`, the other recovery id):
/// the same signer for lax verifiers, refused by every Tokenrail chain. For attack tests.
pub fn malleate_secp256k1(signature: &[u8]) -> Vec<u8> {
    let mut out = signature.to_vec();
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(ORDER[i]) - i16::from(signature[32 + i]) - borrow;
        out[32 + i] = d.rem_euclid(256) as u8;
        borrow = i16::from(d < 0);
    }
    // The other recovery id, in whichever form the signature carries it (EVM's 27/28 or 0/1).
    out[64] = match out[64] {
        v @ 27.. => 27 + ((v - 27) ^ 1),
        v => v ^ 1,
    };
    out
}
