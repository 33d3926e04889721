//! Amounts from text: whole base units, or decimals scaled by a fixed number of decimals.
//! Parsing is exact integer arithmetic; nothing ever goes through floating point.

/// Why an amount was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AmountError {
    /// Empty field.
    #[error("amount is empty")]
    Empty,
    /// Not digits (with at most one `.`).
    #[error("amount `{0}` is not a plain decimal number (digits and at most one `.`; no signs, exponents or separators)")]
    Syntax(String),
    /// A fraction where whole base units are expected.
    #[error(
        "amount `{0}` has a fraction, but no --decimals was given (amounts are in base units)"
    )]
    UnexpectedFraction(String),
    /// More fractional digits than the token has.
    #[error("amount `{0}` has more than {1} decimal places")]
    TooPrecise(String, u32),
    /// Zero amounts are refused by every payout contract.
    #[error("amount is zero")]
    Zero,
    /// Larger than the chain's amount type.
    #[error("amount `{0}` does not fit in {1} bits")]
    TooLarge(String, u32),
}

/// Parses `text` into base units. With `decimals = None` the text must be a whole number of
/// base units; with `Some(d)` it may have up to `d` fractional digits (`1.5` with 6 decimals is
/// 1,500,000). The result must be positive and fit `bits` bits.
pub fn parse_amount(text: &str, decimals: Option<u32>, bits: u32) -> Result<u128, AmountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
        return Err(AmountError::Syntax(t.to_owned()));
    }
    let scale = decimals.unwrap_or(0);
    let frac = frac.unwrap_or("");
    if decimals.is_none() && !frac.is_empty() {
        return Err(AmountError::UnexpectedFraction(t.to_owned()));
    }
    if frac.len() as u32 > scale {
        return Err(AmountError::TooPrecise(t.to_owned(), scale));
    }
    let too_large = || AmountError::TooLarge(t.to_owned(), bits);
    let mut value: u128 = 0;
    for b in whole.bytes().chain(frac.bytes()) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(b - b'0')))
            .ok_or_else(too_large)?;
    }
    for _ in frac.len() as u32..scale {
        value = value.checked_mul(10).ok_or_else(too_large)?;
    }
    if bits < 128 && value >> bits != 0 {
        return Err(too_large());
    }
    if value == 0 {
        return Err(AmountError::Zero);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn base_units_and_decimals() {
        assert_eq!(parse_amount("1500000", None, 128), Ok(1_500_000));
        assert_eq!(parse_amount("1.5", Some(6), 128), Ok(1_500_000));
        assert_eq!(
            parse_amount("1.", Some(6), 128),
            Err(AmountError::Syntax("1.".into()))
        );
        assert_eq!(parse_amount("0.000001", Some(6), 128), Ok(1));
        assert_eq!(
            parse_amount("0.0000001", Some(6), 128),
            Err(AmountError::TooPrecise("0.0000001".into(), 6))
        );
        assert_eq!(
            parse_amount("1.5", None, 128),
            Err(AmountError::UnexpectedFraction("1.5".into()))
        );
        for bad in ["-1", "+1", "1e6", "1,000", "0x10", " ", "1.2.3", "١"] {
            assert!(parse_amount(bad, Some(6), 128).is_err(), "{bad}");
        }
        assert_eq!(parse_amount("0", None, 128), Err(AmountError::Zero));
        assert_eq!(parse_amount("0.0", Some(2), 128), Err(AmountError::Zero));
        assert_eq!(
            parse_amount("18446744073709551615", None, 64),
            Ok(u64::MAX.into())
        );
        assert!(matches!(
            parse_amount("18446744073709551616", None, 64),
            Err(AmountError::TooLarge(..))
        ));
        assert!(matches!(
            parse_amount("340282366920938463463374607431768211456", None, 128),
            Err(AmountError::TooLarge(..))
        ));
    }

    proptest! {
        /// Decimal text of any value with any scale parses back to the exact integer.
        #[test]
        fn decimal_round_trip(units in 1u128..u128::MAX / 1_000_000_000_000_000_000, scale in 0u32..18) {
            let s = units.to_string();
            let text = if scale == 0 {
                s.clone()
            } else if (s.len() as u32) > scale {
                format!("{}.{}", &s[..s.len() - scale as usize], &s[s.len() - scale as usize..])
            } else {
                format!("0.{}{}", "0".repeat((scale as usize) - s.len()), s)
            };
            prop_assert_eq!(parse_amount(&text, Some(scale), 128), Ok(units));
        }
    }
}
