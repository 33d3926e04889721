//! Signing keys read from files in each chain's usual format. Key material is never printed
//! (errors name the file and the problem only) and every copy this module makes of it (the
//! file's text, the decoded bytes) is wiped from memory when dropped.

use std::path::Path;

use zeroize::Zeroizing;

use tokenrail_channel::{Ed25519Key, Secp256k1Key};
use tokenrail_planner::Chain;

use crate::error::BadInput;

/// A key able to sign for one chain family.
pub enum SigningKey {
    /// EVM, CosmWasm and ink!.
    Secp256k1(Secp256k1Key),
    /// Solana.
    Ed25519(Ed25519Key),
}

/// The key file's text, wiped when dropped.
fn read_secret(path: &Path) -> Result<Zeroizing<String>, BadInput> {
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| BadInput(format!("cannot read key file {}: {e}", path.display())))
}

/// Reads `path` as `chain`'s key format:
/// - EVM and CosmWasm: the secp256k1 secret as 64 hex digits, `0x` optional (what
///   `cast wallet new` prints, and `<chaind> keys export --unarmored-hex --unsafe`);
/// - ink!: the ECDSA secret seed as 64 hex digits (`subkey generate --scheme ecdsa`);
/// - Solana: a keypair file, a JSON array of 64 bytes (`solana-keygen new`).
pub fn load(chain: &Chain, path: &Path) -> Result<SigningKey, BadInput> {
    let text = read_secret(path)?;
    match chain {
        Chain::Solana => {
            solana_seed(path, &text).map(|seed| SigningKey::Ed25519(Ed25519Key::from_bytes(&seed)))
        }
        _ => secp256k1_secret(path, &text).map(|(key, _)| SigningKey::Secp256k1(key)),
    }
}

/// The secret seed of a Solana keypair file (a JSON array of 64 bytes: the seed, then the
/// public key, which must match it).
fn solana_seed(path: &Path, text: &str) -> Result<Zeroizing<[u8; 32]>, BadInput> {
    let bad = |why: &str| BadInput(format!("key file {}: {why}", path.display()));
    let bytes: Zeroizing<Vec<u8>> = Zeroizing::new(
        serde_json::from_str(text.trim())
            .map_err(|_| bad("not a Solana keypair file (a JSON array of 64 bytes)"))?,
    );
    if bytes.len() != 64 {
        return Err(bad("a Solana keypair has 64 bytes"));
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&bytes[..32]);
    if Ed25519Key::from_bytes(&seed).public() != bytes[32..] {
        return Err(bad("the public half does not match the secret half"));
    }
    Ok(seed)
}

/// A Solana transaction signer from a keypair file (`solana-keygen new`).
pub fn solana_keypair(path: &Path) -> Result<tokenrail_sdk::solana::Keypair, BadInput> {
    let text = read_secret(path)?;
    solana_seed(path, &text).map(|seed| tokenrail_sdk::solana::Keypair::new_from_array(*seed))
}

/// The Solana CLI's default keypair: `~/.config/solana/id.json`.
pub fn default_solana_keypair() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME")
        .map(|home| std::path::PathBuf::from(home).join(".config/solana/id.json"))
}

/// Parses a secp256k1 secret (64 hex digits, `0x` optional), checked against the curve.
fn secp256k1_secret(
    path: &Path,
    text: &str,
) -> Result<(Secp256k1Key, Zeroizing<[u8; 32]>), BadInput> {
    let bad = |why: &str| BadInput(format!("key file {}: {why}", path.display()));
    let hex_text = text.trim();
    let hex_text = hex_text.strip_prefix("0x").unwrap_or(hex_text);
    let mut bytes = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(hex_text, bytes.as_mut_slice()).map_err(|e| match e {
        hex::FromHexError::InvalidStringLength | hex::FromHexError::OddLength => {
            bad("a secp256k1 secret has 32 bytes (64 hex digits)")
        }
        _ => bad("expected a secp256k1 secret as 64 hex digits"),
    })?;
    let key = Secp256k1Key::from_bytes(&bytes)
        .ok_or_else(|| bad("not a valid secp256k1 secret (zero or above the curve order)"))?;
    Ok((key, bytes))
}

/// The secp256k1 secret in a key file (64 hex digits, `0x` optional; a Cosmos chain's
/// `<chaind> keys export --unarmored-hex --unsafe`).
pub fn secp256k1_secret_file(path: &Path) -> Result<Zeroizing<[u8; 32]>, BadInput> {
    let text = read_secret(path)?;
    secp256k1_secret(path, &text).map(|(_, secret)| secret)
}

/// An EVM transaction signer from a key file (64 hex digits).
pub fn evm_signer(path: &Path) -> Result<alloy::signers::local::PrivateKeySigner, BadInput> {
    let text = read_secret(path)?;
    let (_, secret) = secp256k1_secret(path, &text)?;
    alloy::signers::local::PrivateKeySigner::from_bytes(&(*secret).into())
        .map_err(|_| BadInput(format!("key file {}: not a valid key", path.display())))
}

/// A Substrate signer from a key file holding a secret URI (the secret phrase or `0x` seed
/// that `subkey generate` prints, optional `//derivations`), in `scheme`.
pub fn ink_key(
    path: &Path,
    scheme: tokenrail_sdk::ink::Scheme,
) -> Result<tokenrail_sdk::ink::InkKey, BadInput> {
    let text = read_secret(path)?;
    tokenrail_sdk::ink::InkKey::from_suri(text.trim(), scheme)
        .map_err(|e| BadInput(format!("key file {}: {e}", path.display())))
}
