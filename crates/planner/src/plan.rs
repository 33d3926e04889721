//! Merkle distribution plans.
//!
//! An EVM plan is an OpenZeppelin `standard-v1` tree dump (loadable unchanged with
//! `StandardMerkleTree.load`) over `(chainId, distributor, distributionId, index, account,
//! amount)`, with a `tokenrail` section holding the root, the total and every claim's proof.
//! Plans are deterministic: the same input and context always give the same bytes.

use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;
use tokenrail_core::merkle::{abi, leaf_hash, node_hash, process_proof, Hash, StandardTree};

use crate::address::{eip55, Chain};
use crate::input::Row;

/// The leaf encoding of EVM plans.
pub const EVM_LEAF_ENCODING: [&str; 6] = [
    "uint256", "address", "uint256", "uint256", "address", "uint256",
];

/// Where an EVM distribution lives; bound into every leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvmContext {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// The `TokenrailMerkleDistributor` contract (20 bytes).
    pub distributor: [u8; 20],
    /// The distribution id the tree is for.
    pub distribution_id: u128,
}

impl EvmContext {
    /// The leaf of claim `index`, exactly as the contract's `leafHash` computes it.
    pub fn leaf(&self, index: u64, account: &[u8; 20], amount: u128) -> Hash {
        leaf_hash(&abi::encode(&[
            abi::uint(self.chain_id.into()),
            abi::address(&self.distributor),
            abi::uint(self.distribution_id),
            abi::uint(index.into()),
            abi::address(account),
            abi::uint(amount),
        ]))
    }
}

/// Why a plan cannot be made, written or verified.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// No recipients.
    #[error("a plan needs at least one recipient")]
    Empty,
    /// The amounts overflow the total.
    #[error("the total of all amounts overflows 128 bits")]
    TotalOverflow,
    /// I/O while writing or reading.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The plan file is not valid JSON of the expected shape.
    #[error("not a plan file: {0}")]
    Format(String),
    /// The plan does not verify.
    #[error("plan does not verify: {0}")]
    Invalid(String),
}

/// A built plan, ready to be written.
pub struct EvmPlan {
    ctx: EvmContext,
    rows: Vec<Row>,
    tree: StandardTree,
    total: u128,
}

/// Summary of a plan, for humans and `--json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PlanSummary {
    /// Chain family.
    pub chain: String,
    /// Merkle root, 0x-hex.
    pub root: String,
    /// Sum of all claims (decimal string).
    pub total: String,
    /// Number of claims.
    pub claims: usize,
}

pub(crate) fn hex32(h: &Hash) -> String {
    let mut s = String::with_capacity(66);
    s.push_str("0x");
    s.push_str(&hex::encode(h));
    s
}

/// Writes `"0x<64 hex digits>"` (quoted) without allocating.
pub(crate) fn write_hash<W: Write + ?Sized>(w: &mut W, h: &Hash) -> io::Result<()> {
    let mut buf = [0u8; 68];
    buf[0] = b'"';
    buf[1] = b'0';
    buf[2] = b'x';
    hex::encode_to_slice(h, &mut buf[3..67]).expect("64 hex digits fit");
    buf[67] = b'"';
    w.write_all(&buf)
}

impl EvmPlan {
    /// Builds the tree over `rows` (leaf `i` is row `i`, in file order).
    pub fn build(ctx: EvmContext, rows: Vec<Row>) -> Result<Self, PlanError> {
        if rows.is_empty() {
            return Err(PlanError::Empty);
        }
        let mut total: u128 = 0;
        for r in &rows {
            total = total
                .checked_add(r.amount)
                .ok_or(PlanError::TotalOverflow)?;
        }
        let leaves: Vec<Hash> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| ctx.leaf(i as u64, &account20(&r.address.bytes), r.amount))
            .collect();
        let tree = StandardTree::new(&leaves).map_err(|_| PlanError::Empty)?;
        Ok(EvmPlan {
            ctx,
            rows,
            tree,
            total,
        })
    }

    /// The root.
    pub fn root(&self) -> Hash {
        self.tree.root()
    }

    /// The proof of claim `i`.
    pub fn proof(&self, i: usize) -> Vec<Hash> {
        self.tree.proof(i)
    }

    /// A summary for output.
    pub fn summary(&self) -> PlanSummary {
        PlanSummary {
            chain: Chain::Evm.name().into(),
            root: hex32(&self.root()),
            total: self.total.to_string(),
            claims: self.rows.len(),
        }
    }

    /// Writes the plan as JSON. Hand-written rather than through a `serde_json::Value`, so a
    /// million-claim plan streams out without being held in memory twice.
    pub fn write_json<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        let ctx = &self.ctx;
        let distributor = eip55(&ctx.distributor);
        writeln!(w, "{{")?;
        writeln!(w, "  \"format\": \"standard-v1\",")?;
        writeln!(
            w,
            "  \"leafEncoding\": [{}],",
            EVM_LEAF_ENCODING.map(|t| format!("\"{t}\"")).join(", ")
        )?;
        write!(w, "  \"tree\": [")?;
        for (i, node) in self.tree.nodes().iter().enumerate() {
            w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            write_hash(w, node)?;
        }
        writeln!(w, "\n  ],")?;
        write!(w, "  \"values\": [")?;
        for (i, r) in self.rows.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(
                w,
                "{sep}\n    {{\"value\": [\"{}\", \"{distributor}\", \"{}\", \"{i}\", \"{}\", \"{}\"], \"treeIndex\": {}}}",
                ctx.chain_id,
                ctx.distribution_id,
                r.address.canonical,
                r.amount,
                self.tree.tree_index(i)
            )?;
        }
        writeln!(w, "\n  ],")?;
        writeln!(w, "  \"tokenrail\": {{")?;
        writeln!(w, "    \"version\": 1,")?;
        writeln!(w, "    \"chain\": \"evm\",")?;
        writeln!(w, "    \"chainId\": {},", ctx.chain_id)?;
        writeln!(w, "    \"distributor\": \"{distributor}\",")?;
        writeln!(w, "    \"distributionId\": \"{}\",", ctx.distribution_id)?;
        writeln!(w, "    \"root\": \"{}\",", hex32(&self.root()))?;
        writeln!(w, "    \"total\": \"{}\",", self.total)?;
        writeln!(w, "    \"count\": {},", self.rows.len())?;
        write!(w, "    \"claims\": [")?;
        for (i, r) in self.rows.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(
                w,
                "{sep}\n      {{\"index\": {i}, \"account\": \"{}\", \"amount\": \"{}\", \"line\": {}, \"proof\": [",
                r.address.canonical, r.amount, r.line,
            )?;
            for (k, h) in self.tree.proof(i).iter().enumerate() {
                if k > 0 {
                    w.write_all(b", ")?;
                }
                write_hash(w, h)?;
            }
            w.write_all(b"]}")?;
        }
        writeln!(w, "\n    ]")?;
        writeln!(w, "  }}")?;
        writeln!(w, "}}")?;
        Ok(())
    }

    /// Writes the plan to `path` atomically: to a temporary file in the same directory, renamed
    /// into place only once complete, so an interrupted run never leaves a plan that looks whole.
    pub fn write_file(&self, path: &Path) -> Result<(), PlanError> {
        write_atomically(path, |w| self.write_json(w))
    }
}

/// Writes `path` atomically ([`crate::files::write_atomically`]).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), PlanError> {
    crate::files::write_atomically(path, write).map_err(PlanError::Io)
}

fn account20(bytes: &[u8]) -> [u8; 20] {
    let mut a = [0u8; 20];
    a.copy_from_slice(bytes);
    a
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlanFile {
    format: String,
    leaf_encoding: Vec<String>,
    tree: Vec<String>,
    values: Vec<ValueEntry>,
    tokenrail: TokenrailSection,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ValueEntry {
    value: Vec<String>,
    tree_index: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenrailSection {
    chain: String,
    root: String,
    total: String,
    count: usize,
    claims: Vec<ClaimEntry>,
}

#[derive(Deserialize)]
struct ClaimEntry {
    index: usize,
    account: String,
    amount: String,
    proof: Vec<String>,
}

pub(crate) fn parse_hash(s: &str) -> Result<Hash, PlanError> {
    let h = s
        .strip_prefix("0x")
        .ok_or_else(|| PlanError::Format(format!("`{s}` is not 0x-hex")))?;
    let mut out = [0u8; 32];
    hex::decode_to_slice(h, &mut out).map_err(|e| PlanError::Format(format!("`{s}`: {e}")))?;
    Ok(out)
}

pub(crate) fn parse_u128(s: &str, what: &str) -> Result<u128, PlanError> {
    s.parse()
        .map_err(|_| PlanError::Format(format!("{what} `{s}` is not a number")))
}

/// Verifies an EVM plan: every leaf is recomputed from its values, every internal node from its
/// children, the root and total match the `tokenrail` section, and every claim's proof leads
/// from its leaf to the root. Returns the plan's summary.
pub fn verify_evm_plan(json: &[u8]) -> Result<PlanSummary, PlanError> {
    let plan: PlanFile =
        serde_json::from_slice(json).map_err(|e| PlanError::Format(e.to_string()))?;
    let invalid = |m: String| Err(PlanError::Invalid(m));
    if plan.format != "standard-v1" || plan.tokenrail.chain != "evm" {
        return invalid("not an EVM standard-v1 plan".into());
    }
    if plan.leaf_encoding != EVM_LEAF_ENCODING {
        return invalid(format!("unexpected leaf encoding {:?}", plan.leaf_encoding));
    }
    let nodes: Vec<Hash> = plan
        .tree
        .iter()
        .map(|h| parse_hash(h))
        .collect::<Result<_, _>>()?;
    let n = plan.values.len();
    if n == 0
        || nodes.len() != 2 * n - 1
        || plan.tokenrail.count != n
        || plan.tokenrail.claims.len() != n
    {
        return invalid("tree, values and claims disagree in size".into());
    }
    for i in 0..n - 1 {
        if nodes[i] != node_hash(&nodes[2 * i + 1], &nodes[2 * i + 2]) {
            return invalid(format!("internal node {i} does not hash its children"));
        }
    }
    let root = nodes[0];
    if parse_hash(&plan.tokenrail.root)? != root {
        return invalid("root differs from the tree".into());
    }
    let mut total: u128 = 0;
    let mut seen_index = vec![false; nodes.len()];
    for (i, (v, c)) in plan.values.iter().zip(&plan.tokenrail.claims).enumerate() {
        if v.value.len() != 6 || c.index != i {
            return invalid(format!("claim {i} is malformed"));
        }
        let chain_id: u64 = v.value[0]
            .parse()
            .map_err(|_| PlanError::Format(format!("chain id `{}`", v.value[0])))?;
        let distributor = Chain::Evm
            .parse_address(&v.value[1])
            .map_err(|e| PlanError::Format(e.to_string()))?;
        let ctx = EvmContext {
            chain_id,
            distributor: account20(&distributor.bytes),
            distribution_id: parse_u128(&v.value[2], "distribution id")?,
        };
        if v.value[3] != i.to_string() {
            return invalid(format!("value {i} carries index {}", v.value[3]));
        }
        let account = Chain::Evm
            .parse_address(&v.value[4])
            .map_err(|e| PlanError::Format(e.to_string()))?;
        let amount = parse_u128(&v.value[5], "amount")?;
        if c.account != account.canonical || parse_u128(&c.amount, "amount")? != amount {
            return invalid(format!("claim {i} differs from value {i}"));
        }
        let leaf = ctx.leaf(i as u64, &account20(&account.bytes), amount);
        let at = v.tree_index;
        if at < n - 1 || at >= nodes.len() || std::mem::replace(&mut seen_index[at], true) {
            return invalid(format!("value {i} has a bad tree index {at}"));
        }
        if nodes[at] != leaf {
            return invalid(format!("leaf of claim {i} does not match its values"));
        }
        let proof: Vec<Hash> = c
            .proof
            .iter()
            .map(|h| parse_hash(h))
            .collect::<Result<_, _>>()?;
        if process_proof(&leaf, &proof) != root {
            return invalid(format!("proof of claim {i} does not lead to the root"));
        }
        total = total.checked_add(amount).ok_or(PlanError::TotalOverflow)?;
    }
    if parse_u128(&plan.tokenrail.total, "total")? != total {
        return invalid("total differs from the sum of claims".into());
    }
    Ok(PlanSummary {
        chain: "evm".into(),
        root: hex32(&root),
        total: total.to_string(),
        claims: n,
    })
}
