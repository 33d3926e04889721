//! Direct payouts cut into transaction-sized multi-send batches.
//!
//! A multi-send is all-or-nothing and bounded by what one transaction may spend (EVM block gas,
//! a CosmWasm transaction's gas, an ink! call's weight). `split` keeps the file order, puts at
//! most `batch_size` recipients in each batch and gives each batch its declared total, ready to
//! be sent as one `multisend` each. The output is deterministic and written atomically.

use std::io::{self, Write};
use std::path::Path;

use crate::address::Chain;
use crate::input::Row;
use crate::plan::{write_atomically, PlanError};

/// The `format` field of split files.
pub const FORMAT: &str = "tokenrail-split-v1";

/// The default number of recipients per batch on `chain`, or `None` where the chain has no
/// multi-send yet. The figures come from `docs/benchmarks.md`:
///
/// - EVM: 400 new holders cost about 10.5 M gas (≈ 26.2 k each), a third of a 30 M block;
/// - CosmWasm: 100 recipients, about 1.6 G VM gas in the contract (≈ 11 k SDK gas) plus one
///   bank send or cw20 transfer each, well inside common per-transaction gas limits;
/// - ink!: 25 PSP22 legs use about 78 % of ink_sandbox's default 100 G `ref_time` per call
///   (each leg is a cross-contract `transfer_from`);
/// - Solana: 21 recipient token accounts fill a 1,232-byte transaction without an address
///   lookup table (57 fit with one; see `docs/spec/payout.md`).
pub fn default_batch_size(chain: &Chain) -> usize {
    match chain {
        Chain::Evm => 400,
        Chain::Cosmwasm { .. } => 100,
        Chain::Ink { .. } => 25,
        Chain::Solana => 21,
    }
}

/// One batch: a multi-send's recipients, amounts and declared total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch<'a> {
    /// The rows of this batch, in file order.
    pub rows: &'a [Row],
    /// Their sum (the multi-send's `declared_total`).
    pub total: u128,
}

/// A direct payout cut into batches.
#[derive(Clone, Debug)]
pub struct Split {
    chain: &'static str,
    batch_size: usize,
    rows: Vec<Row>,
    totals: Vec<u128>,
    total: u128,
}

/// Summary of a split, for humans and `--json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SplitSummary {
    /// Chain family.
    pub chain: String,
    /// Number of recipients.
    pub recipients: usize,
    /// Number of batches.
    pub batches: usize,
    /// Largest batch.
    pub batch_size: usize,
    /// Sum of all amounts (decimal string).
    pub total: String,
}

impl Split {
    /// Cuts `rows` into batches of at most `batch_size` (file order kept).
    pub fn new(chain: &Chain, rows: Vec<Row>, batch_size: usize) -> Result<Self, PlanError> {
        if rows.is_empty() {
            return Err(PlanError::Empty);
        }
        if batch_size == 0 {
            return Err(PlanError::Format(
                "the batch size must be at least 1".into(),
            ));
        }
        let mut totals = Vec::with_capacity(rows.len().div_ceil(batch_size));
        let mut total: u128 = 0;
        for chunk in rows.chunks(batch_size) {
            let mut sum: u128 = 0;
            for r in chunk {
                sum = sum.checked_add(r.amount).ok_or(PlanError::TotalOverflow)?;
            }
            total = total.checked_add(sum).ok_or(PlanError::TotalOverflow)?;
            totals.push(sum);
        }
        Ok(Split {
            chain: chain.name(),
            batch_size,
            rows,
            totals,
            total,
        })
    }

    /// The batches, in order.
    pub fn batches(&self) -> impl Iterator<Item = Batch<'_>> {
        self.rows
            .chunks(self.batch_size)
            .zip(&self.totals)
            .map(|(rows, total)| Batch {
                rows,
                total: *total,
            })
    }

    /// A summary for output.
    pub fn summary(&self) -> SplitSummary {
        SplitSummary {
            chain: self.chain.into(),
            recipients: self.rows.len(),
            batches: self.totals.len(),
            batch_size: self.batch_size,
            total: self.total.to_string(),
        }
    }

    /// Writes the batches as JSON.
    pub fn write_json<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        writeln!(w, "{{")?;
        writeln!(w, "  \"format\": \"{FORMAT}\",")?;
        writeln!(w, "  \"chain\": \"{}\",", self.chain)?;
        writeln!(w, "  \"batchSize\": {},", self.batch_size)?;
        writeln!(w, "  \"recipients\": {},", self.rows.len())?;
        writeln!(w, "  \"total\": \"{}\",", self.total)?;
        write!(w, "  \"batches\": [")?;
        for (i, b) in self.batches().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let first = b.rows.first().map_or(0, |r| r.line);
            let last = b.rows.last().map_or(0, |r| r.line);
            write!(
                w,
                "{sep}\n    {{\"batch\": {i}, \"firstLine\": {first}, \"lastLine\": {last}, \"count\": {}, \"declaredTotal\": \"{}\",\n     \"recipients\": [",
                b.rows.len(),
                b.total
            )?;
            for (k, r) in b.rows.iter().enumerate() {
                write!(w, "{}\"{}\"", if k == 0 { "" } else { ", " }, r.address)?;
            }
            write!(w, "],\n     \"amounts\": [")?;
            for (k, r) in b.rows.iter().enumerate() {
                write!(w, "{}\"{}\"", if k == 0 { "" } else { ", " }, r.amount)?;
            }
            w.write_all(b"]}")?;
        }
        writeln!(w, "\n  ]")?;
        writeln!(w, "}}")?;
        Ok(())
    }

    /// Writes the batches to `path` atomically.
    pub fn write_file(&self, path: &Path) -> Result<(), PlanError> {
        write_atomically(path, |w| self.write_json(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_holders;

    fn rows(n: usize) -> Vec<Row> {
        let csv: String = (1..=n)
            .map(|i| format!("0x{:040x},{}\n", i, i * 10))
            .collect();
        read_holders(csv.as_bytes(), &Chain::Evm, None).unwrap()
    }

    #[test]
    fn batches_keep_order_and_totals() {
        let s = Split::new(&Chain::Evm, rows(7), 3).unwrap();
        let batches: Vec<_> = s.batches().collect();
        assert_eq!(batches.len(), 3);
        assert_eq!(
            batches.iter().map(|b| b.rows.len()).collect::<Vec<_>>(),
            [3, 3, 1]
        );
        assert_eq!(
            batches.iter().map(|b| b.total).collect::<Vec<_>>(),
            [60, 150, 70]
        );
        assert_eq!(batches[2].rows[0].line, 7);
        assert_eq!(s.summary().total, "280");
        let mut out = Vec::new();
        s.write_json(&mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["batches"][1]["declaredTotal"], "150");
        assert_eq!(v["batches"][1]["firstLine"], 4);
        assert_eq!(v["batches"][2]["recipients"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn zero_batch_size_and_empty_input_are_refused() {
        assert!(Split::new(&Chain::Evm, rows(2), 0).is_err());
        assert!(matches!(
            Split::new(&Chain::Evm, vec![], 5),
            Err(PlanError::Empty)
        ));
        assert_eq!(default_batch_size(&Chain::Solana), 21);
    }
}
