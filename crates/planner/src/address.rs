//! Per-chain address formats. Every accepted address has exactly one canonical
//! spelling, so duplicates are found whatever case or format a file used.

use std::fmt;

use blake2::{Blake2b512, Digest};
use sha3::Keccak256;

/// A chain family and the address format it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chain {
    /// `0x` + 40 hex digits; mixed case must be a valid EIP-55 checksum.
    Evm,
    /// A base58 ed25519 public key (32 bytes).
    Solana,
    /// bech32 with this human-readable prefix (20- or 32-byte payload), lowercase.
    Cosmwasm {
        /// The bech32 prefix, e.g. `cosmos`, `osmo`, `neutron`.
        prefix: String,
    },
    /// SS58 with this network prefix (32-byte account ids).
    Ink {
        /// The SS58 network prefix (42 is the generic Substrate prefix).
        ss58_prefix: u16,
    },
}

impl Chain {
    /// Short name as used on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Chain::Evm => "evm",
            Chain::Solana => "solana",
            Chain::Cosmwasm { .. } => "cosmwasm",
            Chain::Ink { .. } => "ink",
        }
    }

    /// Width of the chain's token amounts in bits.
    pub fn amount_bits(&self) -> u32 {
        match self {
            Chain::Solana => 64,
            _ => 128,
        }
    }

    /// Validates `input` and returns the address in canonical form.
    pub fn parse_address(&self, input: &str) -> Result<Address, AddressError> {
        match self {
            Chain::Evm => parse_evm(input),
            Chain::Solana => parse_solana(input),
            Chain::Cosmwasm { prefix } => parse_bech32(input, prefix),
            Chain::Ink { ss58_prefix } => parse_ss58(input, *ss58_prefix),
        }
    }
}

/// A validated address: its raw bytes and canonical text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    /// Canonical spelling (EIP-55 checksummed, base58, lowercase bech32, SS58).
    pub canonical: String,
    /// The raw account bytes (20 for EVM, 32 for Solana and ink!, 20 or 32 for CosmWasm).
    pub bytes: Vec<u8>,
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

/// Why an address was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    /// Not the chain's syntax at all.
    #[error("`{0}` is not a valid {1} address: {2}")]
    Malformed(String, &'static str, String),
    /// Mixed-case EVM address whose EIP-55 checksum is wrong (a typo, most likely).
    #[error("`{0}` has a wrong EIP-55 checksum (expected `{1}`)")]
    BadChecksum(String, String),
    /// A valid address of another network (bech32 prefix or SS58 prefix).
    #[error("`{0}` belongs to another network: {1}")]
    WrongNetwork(String, String),
}

fn malformed(input: &str, chain: &'static str, why: impl Into<String>) -> AddressError {
    AddressError::Malformed(input.to_owned(), chain, why.into())
}

/// EIP-55 checksummed spelling of 20 address bytes.
pub fn eip55(bytes: &[u8; 20]) -> String {
    let lower = hex::encode(bytes);
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        out.push(if c.is_ascii_alphabetic() && nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    out
}

fn parse_evm(input: &str) -> Result<Address, AddressError> {
    let hexpart = input
        .strip_prefix("0x")
        .ok_or_else(|| malformed(input, "EVM", "missing 0x prefix"))?;
    if hexpart.len() != 40 {
        return Err(malformed(input, "EVM", "expected 40 hex digits"));
    }
    let mut bytes = [0u8; 20];
    hex::decode_to_slice(hexpart, &mut bytes)
        .map_err(|e| malformed(input, "EVM", e.to_string()))?;
    let canonical = eip55(&bytes);
    let has_lower = hexpart.chars().any(|c| c.is_ascii_lowercase());
    let has_upper = hexpart.chars().any(|c| c.is_ascii_uppercase());
    // Single-case addresses carry no checksum; mixed case must be exactly EIP-55.
    if has_lower && has_upper && input != canonical {
        return Err(AddressError::BadChecksum(input.to_owned(), canonical));
    }
    if bytes == [0u8; 20] {
        return Err(malformed(
            input,
            "EVM",
            "the zero address cannot receive a payout",
        ));
    }
    Ok(Address {
        canonical,
        bytes: bytes.to_vec(),
    })
}

fn parse_solana(input: &str) -> Result<Address, AddressError> {
    let bytes = bs58::decode(input)
        .into_vec()
        .map_err(|e| malformed(input, "Solana", e.to_string()))?;
    if bytes.len() != 32 {
        return Err(malformed(
            input,
            "Solana",
            format!("decodes to {} bytes, expected 32", bytes.len()),
        ));
    }
    let canonical = bs58::encode(&bytes).into_string();
    if canonical != input {
        return Err(malformed(input, "Solana", "not in canonical base58 form"));
    }
    Ok(Address { canonical, bytes })
}

/// A bech32 account of any network (its own prefix), checked as [`Chain::parse_address`] checks
/// one of a given network: payload of 20 or 32 bytes, canonical lowercase spelling. For where
/// the network is not known, such as a channel message naming its parties.
pub fn parse_bech32_any_prefix(input: &str) -> Result<Address, AddressError> {
    let (hrp, _) = bech32::decode(input).map_err(|e| malformed(input, "bech32", e.to_string()))?;
    parse_bech32(input, hrp.as_str())
}

fn parse_bech32(input: &str, prefix: &str) -> Result<Address, AddressError> {
    let (hrp, data) =
        bech32::decode(input).map_err(|e| malformed(input, "bech32", e.to_string()))?;
    if hrp.as_str() != prefix {
        return Err(AddressError::WrongNetwork(
            input.to_owned(),
            format!("prefix `{}`, expected `{prefix}`", hrp.as_str()),
        ));
    }
    if data.len() != 20 && data.len() != 32 {
        return Err(malformed(
            input,
            "bech32",
            format!("{}-byte payload, expected 20 or 32", data.len()),
        ));
    }
    let canonical = bech32::encode::<bech32::Bech32>(hrp, &data)
        .map_err(|e| malformed(input, "bech32", e.to_string()))?;
    // Uppercase bech32 is valid but not what chains store: insist on the canonical lowercase.
    if canonical != input {
        return Err(malformed(
            input,
            "bech32",
            "not in canonical (lowercase) form",
        ));
    }
    Ok(Address {
        canonical,
        bytes: data,
    })
}

/// SS58 checksum: the first two bytes of BLAKE2b-512("SS58PRE" ‖ prefix ‖ account).
fn ss58_checksum(data: &[u8]) -> [u8; 2] {
    let mut h = Blake2b512::new();
    h.update(b"SS58PRE");
    h.update(data);
    let out = h.finalize();
    [out[0], out[1]]
}

fn ss58_prefix_bytes(prefix: u16) -> Vec<u8> {
    if prefix < 64 {
        vec![prefix as u8]
    } else {
        // Two-byte form of the SS58 spec for prefixes 64..16383.
        let first = (((prefix & 0b0000_0000_1111_1100) as u8) >> 2) | 0b0100_0000;
        let second = ((prefix >> 8) as u8) | (((prefix & 0b0000_0000_0000_0011) as u8) << 6);
        vec![first, second]
    }
}

/// SS58 spelling of a 32-byte account id under `prefix`.
pub fn ss58_encode(account: &[u8; 32], prefix: u16) -> String {
    let mut data = ss58_prefix_bytes(prefix);
    data.extend_from_slice(account);
    let checksum = ss58_checksum(&data);
    data.extend_from_slice(&checksum);
    bs58::encode(data).into_string()
}

fn parse_ss58(input: &str, prefix: u16) -> Result<Address, AddressError> {
    let data = bs58::decode(input)
        .into_vec()
        .map_err(|e| malformed(input, "SS58", e.to_string()))?;
    let prefix_len = match data.first() {
        Some(b) if *b < 64 => 1,
        Some(b) if *b < 128 => 2,
        _ => return Err(malformed(input, "SS58", "invalid prefix byte")),
    };
    if data.len() != prefix_len + 32 + 2 {
        return Err(malformed(input, "SS58", "expected a 32-byte account id"));
    }
    let (body, checksum) = data.split_at(data.len() - 2);
    if ss58_checksum(body) != checksum {
        return Err(malformed(input, "SS58", "checksum mismatch"));
    }
    let want = ss58_prefix_bytes(prefix);
    if body[..prefix_len] != want[..] {
        return Err(AddressError::WrongNetwork(
            input.to_owned(),
            format!("SS58 prefix differs from {prefix}"),
        ));
    }
    let mut account = [0u8; 32];
    account.copy_from_slice(&body[prefix_len..]);
    Ok(Address {
        canonical: ss58_encode(&account, prefix),
        bytes: account.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evm_checksums() {
        // EIP-55's own test vector.
        let ok = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assert_eq!(Chain::Evm.parse_address(ok).unwrap().canonical, ok);
        let lower = ok.to_lowercase();
        assert_eq!(Chain::Evm.parse_address(&lower).unwrap().canonical, ok);
        let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        assert!(matches!(
            Chain::Evm.parse_address(bad),
            Err(AddressError::BadChecksum(..))
        ));
        assert!(Chain::Evm
            .parse_address("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
            .is_err());
        assert!(Chain::Evm.parse_address("0x1234").is_err());
        assert!(Chain::Evm
            .parse_address(&format!("0x{}", "0".repeat(40)))
            .is_err());
    }

    #[test]
    fn solana_keys() {
        let key = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
        assert_eq!(Chain::Solana.parse_address(key).unwrap().bytes.len(), 32);
        assert!(Chain::Solana.parse_address("0OIl").is_err());
        assert!(Chain::Solana.parse_address("abc").is_err());
    }

    #[test]
    fn bech32_prefix_and_case() {
        let chain = Chain::Cosmwasm {
            prefix: "cosmos".into(),
        };
        let hrp = bech32::Hrp::parse("cosmos").unwrap();
        let addr = bech32::encode::<bech32::Bech32>(hrp, &[7u8; 20]).unwrap();
        assert_eq!(chain.parse_address(&addr).unwrap().bytes, vec![7u8; 20]);
        assert!(chain.parse_address(&addr.to_uppercase()).is_err());
        let osmo =
            bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("osmo").unwrap(), &[7u8; 20])
                .unwrap();
        assert!(matches!(
            chain.parse_address(&osmo),
            Err(AddressError::WrongNetwork(..))
        ));
    }

    /// Any network's prefix, but the same shape rules as a known network.
    #[test]
    fn bech32_of_any_prefix_keeps_the_shape_rules() {
        let enc = |hrp: &str, data: &[u8]| {
            bech32::encode::<bech32::Bech32>(bech32::Hrp::parse(hrp).unwrap(), data).unwrap()
        };
        let osmo = enc("osmo", &[7u8; 32]);
        assert_eq!(parse_bech32_any_prefix(&osmo).unwrap().bytes, vec![7u8; 32]);
        assert!(parse_bech32_any_prefix(&osmo.to_uppercase()).is_err());
        assert!(parse_bech32_any_prefix(&enc("osmo", &[7u8; 25])).is_err());
        assert!(parse_bech32_any_prefix("osmo1notbech32").is_err());
    }

    #[test]
    fn ss58_round_trip_and_checks() {
        // Alice's well-known dev account under the generic prefix 42.
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        let chain = Chain::Ink { ss58_prefix: 42 };
        let a = chain.parse_address(alice).unwrap();
        assert_eq!(a.canonical, alice);
        assert_eq!(
            hex::encode(&a.bytes),
            "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
        );
        let polkadot = Chain::Ink { ss58_prefix: 0 };
        assert!(matches!(
            polkadot.parse_address(alice),
            Err(AddressError::WrongNetwork(..))
        ));
        let mut corrupt = alice.to_owned();
        corrupt.replace_range(10..11, "Y"); // was `X`
        assert!(chain.parse_address(&corrupt).is_err());
        // Two-byte prefixes round-trip.
        let mut acct = [0u8; 32];
        acct.copy_from_slice(&a.bytes);
        let wide = ss58_encode(&acct, 1284);
        assert_eq!(
            Chain::Ink { ss58_prefix: 1284 }
                .parse_address(&wide)
                .unwrap()
                .bytes,
            a.bytes
        );
    }
}
