//! The holders file: `address,amount` per line (an `address,amount` header line is optional).
//! Every problem is reported with its line number, all at once, so an issuer fixes a file in one
//! pass instead of one error per run.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use crate::address::{Address, Chain};
use crate::amount::parse_amount;

/// One validated recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// 1-based line in the input.
    pub line: u64,
    /// Canonical address.
    pub address: Address,
    /// Amount in base units.
    pub amount: u128,
}

/// A problem on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line in the input (0 for problems with the file as a whole).
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputErrors(pub Vec<LineError>);

/// How many problems are listed before the rest are only counted.
const SHOWN: usize = 50;

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in self.0.iter().take(SHOWN) {
            if e.line == 0 {
                writeln!(f, "{}", e.message)?;
            } else {
                writeln!(f, "line {}: {}", e.line, e.message)?;
            }
        }
        if self.0.len() > SHOWN {
            writeln!(f, "… and {} more problems", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Reads and validates a holders file for `chain`. `decimals`: amounts are decimals with that
/// many places; `None`: whole base units.
pub fn read_holders<R: Read>(
    reader: R,
    chain: &Chain,
    decimals: Option<u32>,
) -> Result<Vec<Row>, InputErrors> {
    // Lines are split here, not by the csv reader: its line (and byte) positions drift after
    // blank lines, and exact line numbers are the point of the error report. Each line's fields
    // are then parsed as CSV (quoting included); a record cannot span lines.
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut first = true;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => line += 1,
            Err(e) => {
                errors.push(LineError {
                    line: line + 1,
                    message: format!("read error: {e}"),
                });
                break;
            }
        }
        let Ok(text) = std::str::from_utf8(&buf) else {
            errors.push(LineError {
                line,
                message: "not valid UTF-8".into(),
            });
            continue;
        };
        let mut text = text.trim_end_matches(['\n', '\r']);
        if line == 1 {
            // A UTF-8 byte-order mark, as spreadsheet programs write at the start of a CSV.
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Most lines have no quoting: split them directly. A quoted line goes through the csv
        // reader, so quoting keeps its CSV meaning.
        let mut record = csv::StringRecord::new();
        if text.contains('"') {
            let mut one = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .trim(csv::Trim::All)
                .from_reader(text.as_bytes());
            if let Err(e) = one.read_record(&mut record) {
                errors.push(LineError {
                    line,
                    message: format!("not a CSV record: {e}"),
                });
                continue;
            }
        } else {
            for field in text.split(',') {
                record.push_field(field.trim());
            }
        }
        let is_header = first
            && record.len() == 2
            && record[0].eq_ignore_ascii_case("address")
            && record[1].eq_ignore_ascii_case("amount");
        first = false;
        if is_header {
            continue;
        }
        if record.len() != 2 {
            errors.push(LineError {
                line,
                message: format!("expected 2 fields (address,amount), found {}", record.len()),
            });
            continue;
        }
        let address = chain.parse_address(&record[0]);
        let amount = parse_amount(&record[1], decimals, chain.amount_bits());
        match (address, amount) {
            (Ok(address), Ok(amount)) => {
                if let Some(earlier) = seen.insert(address.canonical.clone(), line) {
                    errors.push(LineError {
                        line,
                        message: format!("duplicate recipient {address} (first on line {earlier})"),
                    });
                } else {
                    rows.push(Row {
                        line,
                        address,
                        amount,
                    });
                }
            }
            (a, m) => {
                for message in [
                    a.err().map(|e| e.to_string()),
                    m.err().map(|e| e.to_string()),
                ]
                .into_iter()
                .flatten()
                {
                    errors.push(LineError { line, message });
                }
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 0,
            message: "no recipients in the input".into(),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(InputErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const B: &str = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    fn read(text: &str, decimals: Option<u32>) -> Result<Vec<Row>, InputErrors> {
        read_holders(text.as_bytes(), &Chain::Evm, decimals)
    }

    #[test]
    fn header_comments_and_blank_lines() {
        let text = format!("address,amount\n# a comment\n{A},1.5\n\n{B}, 2\n");
        let rows = read(&text, Some(6)).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].amount, 1_500_000);
        assert_eq!(rows[1].line, 5);
        assert_eq!(rows[1].amount, 2_000_000);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = format!(
            "{A},100\n{B},1.5\nnot-an-address,5\n{a_lower},7\n{A}\n{B},0\n",
            a_lower = A.to_lowercase()
        );
        let err = read(&text, None).unwrap_err();
        let lines: Vec<u64> = err.0.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6], "{err}");
        let text = err.to_string();
        assert!(
            text.contains("line 2: amount `1.5` has a fraction"),
            "{text}"
        );
        assert!(text.contains("line 4: duplicate recipient"), "{text}");
        assert!(text.contains("(first on line 1)"), "{text}");
        assert!(text.contains("line 5: expected 2 fields"), "{text}");
        assert!(text.contains("line 6: amount is zero"), "{text}");
    }

    #[test]
    fn quoted_fields_keep_csv_meaning() {
        let text = format!("\"{A}\",\"1,5\"\n\"{B}\",\"2\"\n");
        let err = read(&text, Some(6)).unwrap_err();
        // "1,5" is one field (not two), and not a number.
        assert_eq!(err.0.len(), 1, "{err}");
        assert!(err.0[0].message.contains("`1,5`"), "{err}");
        assert_eq!(
            read(&format!("\"{B}\",\"2\"\n"), None).unwrap()[0].amount,
            2
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = read("address,amount\n", None).unwrap_err();
        assert_eq!(err.0[0].message, "no recipients in the input");
    }
}
