//! Merkle distribution plans for the chains without an OpenZeppelin format: Solana, CosmWasm
//! and ink!.
//!
//! A plan is Tokenrail's own `tokenrail-v1` JSON: the deployment context bound into every leaf
//! (see "Leaves" in `docs/spec/payout.md`), the root, the total and every claim with its proof,
//! in file order. Plans are deterministic, written atomically, and verified by recomputing every
//! leaf from its claim and context and following every proof to the root.

use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;
use tokenrail_core::merkle::{Blake2b256, Hash, MerkleHasher, MerkleTree, Sha256};

/// The Tokenrail payout program's id (`programs/payout`), the default `programId` of Solana plans.
pub const SOLANA_PAYOUT_PROGRAM: &str = "AnCMC25J76G5eYDauryYBLUAkU7WLGUKVSppnTGhk2vW";
use tokenrail_core::payout::leaf;

use crate::address::{ss58_encode, Address, Chain};
use crate::input::Row;
use crate::plan::{
    hex32, parse_hash, parse_u128, write_atomically, write_hash, PlanError, PlanSummary,
};

/// The `format` field of these plans.
pub const FORMAT: &str = "tokenrail-v1";

/// Where a Solana, CosmWasm or ink! distribution lives; bound into every leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainContext {
    /// A distribution account of the Tokenrail payout program.
    Solana {
        /// The payout program.
        program: Address,
        /// The distribution account (PDA `["distribution", funder, id_le]`).
        distribution: Address,
    },
    /// A `cw-payout` contract.
    Cosmwasm {
        /// The chain id (`env.block.chain_id`), e.g. `osmosis-1`.
        chain_id: String,
        /// The contract address, validated and normalised (lowercase bech32).
        contract: Address,
        /// The distribution id the tree is for (the contract's next id).
        distribution_id: u64,
    },
    /// An `ink-payout` contract.
    Ink {
        /// The contract account.
        contract: Address,
        /// SS58 prefix used to print accounts.
        ss58_prefix: u16,
        /// The distribution id the tree is for (the contract's next id).
        distribution_id: u64,
    },
}

impl ChainContext {
    fn chain_name(&self) -> &'static str {
        match self {
            ChainContext::Solana { .. } => "solana",
            ChainContext::Cosmwasm { .. } => "cosmwasm",
            ChainContext::Ink { .. } => "ink",
        }
    }

    fn hash_name(&self) -> &'static str {
        match self {
            ChainContext::Solana { .. } | ChainContext::Cosmwasm { .. } => "sha256",
            ChainContext::Ink { .. } => "blake2b256",
        }
    }

    /// The leaf of claim `index`, exactly as the contract computes it.
    pub fn leaf(&self, index: u32, account: &Address, amount: u128) -> Hash {
        match self {
            ChainContext::Solana {
                program,
                distribution,
            } => leaf::solana(
                &bytes32(&program.bytes),
                &bytes32(&distribution.bytes),
                index,
                &bytes32(&account.bytes),
                // The reader bounds Solana amounts to 64 bits.
                u64::try_from(amount).expect("Solana amounts are 64-bit"),
            ),
            ChainContext::Cosmwasm {
                chain_id,
                contract,
                distribution_id,
            } => leaf::cosmwasm(
                chain_id,
                &contract.canonical,
                *distribution_id,
                index,
                &account.canonical,
                amount,
            ),
            ChainContext::Ink {
                contract,
                distribution_id,
                ..
            } => leaf::ink(
                &bytes32(&contract.bytes),
                *distribution_id,
                index,
                &bytes32(&account.bytes),
                amount,
            ),
        }
    }

    fn root_of(&self, proof: &[Hash], leaf: &Hash) -> Hash {
        match self {
            ChainContext::Solana { .. } | ChainContext::Cosmwasm { .. } => {
                Sha256::process_proof(leaf, proof)
            }
            ChainContext::Ink { .. } => Blake2b256::process_proof(leaf, proof),
        }
    }
}

fn bytes32(b: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(b);
    out
}

/// A tree over the chain's hash.
enum Tree {
    Sha256(MerkleTree<Sha256>),
    Blake2b256(MerkleTree<Blake2b256>),
}

impl Tree {
    fn root(&self) -> Hash {
        match self {
            Tree::Sha256(t) => t.root(),
            Tree::Blake2b256(t) => t.root(),
        }
    }

    fn proof(&self, i: usize) -> Vec<Hash> {
        match self {
            Tree::Sha256(t) => t.proof(i),
            Tree::Blake2b256(t) => t.proof(i),
        }
    }
}

/// A built CosmWasm or ink! plan, ready to be written.
pub struct ChainPlan {
    ctx: ChainContext,
    rows: Vec<Row>,
    tree: Tree,
    total: u128,
}

impl ChainPlan {
    /// Builds the tree over `rows` (leaf `i` is row `i`, in file order).
    pub fn build(ctx: ChainContext, rows: Vec<Row>) -> Result<Self, PlanError> {
        if rows.is_empty() {
            return Err(PlanError::Empty);
        }
        if u32::try_from(rows.len()).is_err() {
            return Err(PlanError::Format("more than 2^32 claims".into()));
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
            .map(|(i, r)| ctx.leaf(i as u32, &r.address, r.amount))
            .collect();
        if matches!(ctx, ChainContext::Solana { .. }) && total > u128::from(u64::MAX) {
            return Err(PlanError::TotalOverflow);
        }
        let tree = match ctx {
            ChainContext::Solana { .. } | ChainContext::Cosmwasm { .. } => {
                Tree::Sha256(MerkleTree::new(&leaves).map_err(|_| PlanError::Empty)?)
            }
            ChainContext::Ink { .. } => {
                Tree::Blake2b256(MerkleTree::new(&leaves).map_err(|_| PlanError::Empty)?)
            }
        };
        Ok(ChainPlan {
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
            chain: self.ctx.chain_name().into(),
            root: hex32(&self.root()),
            total: self.total.to_string(),
            claims: self.rows.len(),
        }
    }

    /// Writes the plan as JSON, streaming (a million-claim plan is not held twice in memory).
    pub fn write_json<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        writeln!(w, "{{")?;
        writeln!(w, "  \"format\": \"{FORMAT}\",")?;
        writeln!(w, "  \"chain\": \"{}\",", self.ctx.chain_name())?;
        writeln!(w, "  \"hash\": \"{}\",", self.ctx.hash_name())?;
        match &self.ctx {
            ChainContext::Solana {
                program,
                distribution,
            } => {
                writeln!(w, "  \"programId\": \"{program}\",")?;
                writeln!(w, "  \"distributor\": \"{distribution}\",")?;
            }
            ChainContext::Cosmwasm {
                chain_id,
                contract,
                distribution_id,
            } => {
                writeln!(w, "  \"chainId\": {},", serde_json::to_string(chain_id)?)?;
                writeln!(w, "  \"distributor\": \"{contract}\",")?;
                writeln!(w, "  \"distributionId\": \"{distribution_id}\",")?;
            }
            ChainContext::Ink {
                contract,
                ss58_prefix,
                distribution_id,
            } => {
                writeln!(w, "  \"ss58Prefix\": {ss58_prefix},")?;
                writeln!(w, "  \"distributor\": \"{contract}\",")?;
                writeln!(w, "  \"distributionId\": \"{distribution_id}\",")?;
            }
        }
        w.write_all(b"  \"root\": ")?;
        write_hash(w, &self.root())?;
        writeln!(w, ",")?;
        writeln!(w, "  \"total\": \"{}\",", self.total)?;
        writeln!(w, "  \"count\": {},", self.rows.len())?;
        write!(w, "  \"claims\": [")?;
        for (i, r) in self.rows.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(
                w,
                "{sep}\n    {{\"index\": {i}, \"account\": \"{}\", \"amount\": \"{}\", \"line\": {}, \"proof\": [",
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
        writeln!(w, "\n  ]")?;
        writeln!(w, "}}")?;
        Ok(())
    }

    /// Writes the plan to `path` atomically.
    pub fn write_file(&self, path: &Path) -> Result<(), PlanError> {
        write_atomically(path, |w| self.write_json(w))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PlanFile {
    format: String,
    chain: String,
    hash: String,
    #[serde(default)]
    chain_id: Option<String>,
    #[serde(default)]
    ss58_prefix: Option<u16>,
    #[serde(default)]
    program_id: Option<String>,
    distributor: String,
    #[serde(default)]
    distribution_id: Option<String>,
    root: String,
    total: String,
    count: usize,
    claims: Vec<ClaimEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimEntry {
    index: usize,
    account: String,
    amount: String,
    #[allow(dead_code)]
    line: u64,
    proof: Vec<String>,
}

/// Whether `json` is a `tokenrail-v1` plan (rather than an EVM `standard-v1` one).
pub fn is_chain_plan(json: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        format: String,
    }
    serde_json::from_slice::<Probe>(json).is_ok_and(|p| p.format == FORMAT)
}

/// Verifies a CosmWasm or ink! plan: the context parses, every claim's leaf is recomputed from
/// its account, amount and index, every proof leads to the root, and the total and count match.
pub fn verify_chain_plan(json: &[u8]) -> Result<PlanSummary, PlanError> {
    let plan: PlanFile =
        serde_json::from_slice(json).map_err(|e| PlanError::Format(e.to_string()))?;
    let invalid = |m: String| Err(PlanError::Invalid(m));
    if plan.format != FORMAT {
        return invalid(format!("format `{}` is not {FORMAT}", plan.format));
    }
    let distribution_id = || -> Result<u64, PlanError> {
        let id = plan
            .distribution_id
            .as_deref()
            .ok_or_else(|| PlanError::Format("the plan needs distributionId".into()))?;
        id.parse()
            .map_err(|_| PlanError::Format(format!("distribution id `{id}`")))
    };
    let (ctx, chain) = match (plan.chain.as_str(), plan.hash.as_str()) {
        ("solana", "sha256") => {
            let chain = Chain::Solana;
            let parse = |what: &str, text: Option<&str>| {
                let text =
                    text.ok_or_else(|| PlanError::Format(format!("a Solana plan needs {what}")))?;
                chain
                    .parse_address(text)
                    .map_err(|e| PlanError::Format(e.to_string()))
            };
            let ctx = ChainContext::Solana {
                program: parse("programId", plan.program_id.as_deref())?,
                distribution: parse("distributor", Some(&plan.distributor))?,
            };
            (ctx, chain)
        }
        ("cosmwasm", "sha256") => {
            let chain_id = plan
                .chain_id
                .clone()
                .ok_or_else(|| PlanError::Format("a CosmWasm plan needs chainId".into()))?;
            let prefix = plan
                .distributor
                .split_once('1')
                .map(|(hrp, _)| hrp.to_owned())
                .ok_or_else(|| PlanError::Format("distributor is not bech32".into()))?;
            let chain = Chain::Cosmwasm { prefix };
            let contract = chain
                .parse_address(&plan.distributor)
                .map_err(|e| PlanError::Format(e.to_string()))?;
            let ctx = ChainContext::Cosmwasm {
                chain_id,
                contract,
                distribution_id: distribution_id()?,
            };
            (ctx, chain)
        }
        ("ink", "blake2b256") => {
            let ss58_prefix = plan
                .ss58_prefix
                .ok_or_else(|| PlanError::Format("an ink! plan needs ss58Prefix".into()))?;
            let chain = Chain::Ink { ss58_prefix };
            let contract = chain
                .parse_address(&plan.distributor)
                .map_err(|e| PlanError::Format(e.to_string()))?;
            let ctx = ChainContext::Ink {
                contract,
                ss58_prefix,
                distribution_id: distribution_id()?,
            };
            (ctx, chain)
        }
        (c, h) => return invalid(format!("unknown chain/hash pair `{c}`/`{h}`")),
    };
    let root = parse_hash(&plan.root)?;
    let n = plan.claims.len();
    if n == 0 || plan.count != n {
        return invalid("count and claims disagree, or no claims".into());
    }
    let mut total: u128 = 0;
    for (i, c) in plan.claims.iter().enumerate() {
        if c.index != i {
            return invalid(format!("claim {i} carries index {}", c.index));
        }
        let account = chain
            .parse_address(&c.account)
            .map_err(|e| PlanError::Format(format!("claim {i}: {e}")))?;
        if account.canonical != c.account {
            return invalid(format!("claim {i}: account is not in canonical form"));
        }
        let amount = parse_u128(&c.amount, "amount")?;
        let proof: Vec<Hash> = c
            .proof
            .iter()
            .map(|h| parse_hash(h))
            .collect::<Result<_, _>>()?;
        let leaf = ctx.leaf(i as u32, &account, amount);
        if ctx.root_of(&proof, &leaf) != root {
            return invalid(format!("proof of claim {i} does not lead to the root"));
        }
        total = total.checked_add(amount).ok_or(PlanError::TotalOverflow)?;
    }
    if parse_u128(&plan.total, "total")? != total {
        return invalid("total differs from the sum of claims".into());
    }
    Ok(PlanSummary {
        chain: plan.chain,
        root: hex32(&root),
        total: total.to_string(),
        claims: n,
    })
}

/// The SS58 spelling of a 32-byte account (for printing ink! contexts).
pub fn ink_account(bytes: &[u8; 32], prefix: u16) -> String {
    ss58_encode(bytes, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_holders;

    fn cosmos(byte: u8, len: usize) -> String {
        let hrp = bech32::Hrp::parse("cosmos").unwrap();
        bech32::encode::<bech32::Bech32>(hrp, &vec![byte; len]).unwrap()
    }

    fn cosmwasm_rows() -> Vec<Row> {
        let chain = Chain::Cosmwasm {
            prefix: "cosmos".into(),
        };
        let csv = format!("{},100\n{},250\n", cosmos(1, 20), cosmos(2, 20));
        read_holders(csv.as_bytes(), &chain, None).unwrap()
    }

    fn cosmwasm_ctx() -> ChainContext {
        let chain = Chain::Cosmwasm {
            prefix: "cosmos".into(),
        };
        ChainContext::Cosmwasm {
            chain_id: "testing-1".into(),
            contract: chain.parse_address(&cosmos(9, 32)).unwrap(),
            distribution_id: 3,
        }
    }

    #[test]
    fn cosmwasm_plans_round_trip_and_detect_tampering() {
        let plan = ChainPlan::build(cosmwasm_ctx(), cosmwasm_rows()).unwrap();
        let mut out = Vec::new();
        plan.write_json(&mut out).unwrap();
        assert!(is_chain_plan(&out));
        let summary = verify_chain_plan(&out).unwrap();
        assert_eq!(summary, plan.summary());
        assert_eq!(summary.total, "350");
        // The contract's own encoding: leaf 1 with its proof reaches the root.
        let rows = cosmwasm_rows();
        let contract = cosmos(9, 32);
        let leaf = leaf::cosmwasm(
            "testing-1",
            &contract,
            3,
            1,
            &rows[1].address.canonical,
            250,
        );
        assert_eq!(Sha256::process_proof(&leaf, &plan.proof(1)), plan.root());

        let text = String::from_utf8(out).unwrap();
        for (from, to) in [
            ("\"250\"", "\"251\""),
            ("\"testing-1\"", "\"testing-2\""),
            ("\"distributionId\": \"3\"", "\"distributionId\": \"4\""),
            ("\"total\": \"350\"", "\"total\": \"351\""),
        ] {
            let tampered = text.replacen(from, to, 1);
            assert_ne!(tampered, text, "{from} present");
            assert!(
                verify_chain_plan(tampered.as_bytes()).is_err(),
                "{from} → {to}"
            );
        }
    }

    #[test]
    fn solana_plans_round_trip() {
        let chain = Chain::Solana;
        let key = |b: u8| bs58::encode([b; 32]).into_string();
        let csv = format!("{},5\n{},7\n", key(1), key(2));
        let rows = read_holders(csv.as_bytes(), &chain, None).unwrap();
        let ctx = ChainContext::Solana {
            program: chain.parse_address(SOLANA_PAYOUT_PROGRAM).unwrap(),
            distribution: chain.parse_address(&key(9)).unwrap(),
        };
        let plan = ChainPlan::build(ctx, rows).unwrap();
        let program = bs58::decode(SOLANA_PAYOUT_PROGRAM).into_vec().unwrap();
        let leaf = leaf::solana(&bytes32(&program), &[9; 32], 1, &[2; 32], 7);
        assert_eq!(Sha256::process_proof(&leaf, &plan.proof(1)), plan.root());
        let mut out = Vec::new();
        plan.write_json(&mut out).unwrap();
        assert_eq!(verify_chain_plan(&out).unwrap(), plan.summary());
        let tampered = String::from_utf8(out)
            .unwrap()
            .replacen(&key(9), &key(8), 1);
        assert!(verify_chain_plan(tampered.as_bytes()).is_err());
    }

    #[test]
    fn ink_plans_round_trip() {
        let chain = Chain::Ink { ss58_prefix: 42 };
        let alice = ink_account(&[1; 32], 42);
        let bob = ink_account(&[2; 32], 42);
        let csv = format!("{alice},5\n{bob},7\n");
        let rows = read_holders(csv.as_bytes(), &chain, None).unwrap();
        let ctx = ChainContext::Ink {
            contract: chain.parse_address(&ink_account(&[9; 32], 42)).unwrap(),
            ss58_prefix: 42,
            distribution_id: 1,
        };
        let plan = ChainPlan::build(ctx, rows).unwrap();
        let leaf = leaf::ink(&[9; 32], 1, 0, &[1; 32], 5);
        assert_eq!(
            Blake2b256::process_proof(&leaf, &plan.proof(0)),
            plan.root()
        );
        let mut out = Vec::new();
        plan.write_json(&mut out).unwrap();
        assert_eq!(verify_chain_plan(&out).unwrap(), plan.summary());
    }
}
