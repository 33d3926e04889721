//! Token amounts in base units.
//!
//! Amounts are unsigned 128-bit integers on every chain Tokenrail targets
//! (EVM contracts additionally reject values above `u128::MAX`). In JSON they
//! are decimal *strings*, never floats, so no tool in the pipeline can round
//! them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of a fungible asset in its smallest unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub u128);

/// Why a string is not a valid [`Amount`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AmountError {
    /// The string was empty.
    #[error("amount is empty")]
    Empty,
    /// The string contained something other than ASCII digits.
    #[error("amount `{0}` is not a whole number of base units (digits only)")]
    NotDigits(String),
    /// The value does not fit into 128 bits.
    #[error("amount `{0}` exceeds the largest supported amount (2^128 - 1)")]
    Overflow(String),
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(AmountError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::NotDigits(s.to_owned()));
        }
        s.parse::<u128>()
            .map(Amount)
            .map_err(|_| AmountError::Overflow(s.to_owned()))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<u128> for Amount {
    fn from(v: u128) -> Self {
        Amount(v)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_digits_only() {
        assert_eq!("0".parse(), Ok(Amount(0)));
        assert_eq!(
            "340282366920938463463374607431768211455".parse(),
            Ok(Amount(u128::MAX))
        );
        assert_eq!("".parse::<Amount>(), Err(AmountError::Empty));
        assert!(matches!(
            "1.5".parse::<Amount>(),
            Err(AmountError::NotDigits(_))
        ));
        assert!(matches!(
            "-1".parse::<Amount>(),
            Err(AmountError::NotDigits(_))
        ));
        assert!(matches!(
            "1e3".parse::<Amount>(),
            Err(AmountError::NotDigits(_))
        ));
        assert!(matches!(
            "340282366920938463463374607431768211456".parse::<Amount>(),
            Err(AmountError::Overflow(_))
        ));
    }

    #[test]
    fn json_is_a_string() {
        assert_eq!(serde_json::to_string(&Amount(7)).unwrap(), "\"7\"");
        assert!(serde_json::from_str::<Amount>("7").is_err());
        assert!(serde_json::from_str::<Amount>("7.0").is_err());
    }
}
