//! Merkle trees in OpenZeppelin's `standard-v1` layout.
//!
//! Byte-for-byte the tree `@openzeppelin/merkle-tree`'s `StandardMerkleTree`
//! builds and `MerkleProof.verify` in Solidity accepts:
//!
//! - a leaf is `keccak256(keccak256(abi.encode(values…)))`; hashing twice
//!   makes a leaf's preimage 32 bytes, so a 64-byte internal node can never
//!   pass as a leaf;
//! - an internal node is `keccak256(min(a, b) ‖ max(a, b))` (sorted pairs, so
//!   proofs carry no left/right flags);
//! - leaves are sorted by hash and stored at the end of one flat array in
//!   reverse order; node `i` has children `2i + 1` and `2i + 2`, the root is
//!   node 0;
//! - a proof is the sibling of each node on the path from the leaf to the root.
//!
//! The same layout serves the chains whose native hash is not Keccak-256 (see
//! `docs/spec/payout.md`): [`MerkleTree`] is generic over a [`MerkleHasher`], with
//! [`Keccak`] (EVM), [`Sha256`] (CosmWasm) and [`Blake2b256`] (ink!).
//! [`StandardTree`] is the Keccak tree that OpenZeppelin's library builds.

use std::marker::PhantomData;

use sha3::{Digest, Keccak256};

/// A 32-byte node or leaf hash.
pub type Hash = [u8; 32];

/// The hash function of a tree. Leaves are `hash(hash(preimage))` and internal nodes
/// `hash(min(a, b) ‖ max(a, b))` whatever the function, so a 64-byte internal node is never
/// accepted as a leaf.
pub trait MerkleHasher {
    /// The 32-byte digest of `data`.
    fn hash(data: &[u8]) -> Hash;

    /// A leaf over its encoded values: hashed twice.
    fn leaf(preimage: &[u8]) -> Hash {
        Self::hash(&Self::hash(preimage))
    }

    /// An internal node over two children, in sorted order.
    fn node(a: &Hash, b: &Hash) -> Hash {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let mut buf = [0u8; 64];
        buf[..32].copy_from_slice(lo);
        buf[32..].copy_from_slice(hi);
        Self::hash(&buf)
    }

    /// The root a proof leads to from `leaf`.
    fn process_proof(leaf: &Hash, proof: &[Hash]) -> Hash {
        proof
            .iter()
            .fold(*leaf, |acc, sibling| Self::node(&acc, sibling))
    }
}

/// Keccak-256: EVM trees (OpenZeppelin `standard-v1`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Keccak;

impl MerkleHasher for Keccak {
    fn hash(data: &[u8]) -> Hash {
        keccak256(data)
    }
}

/// SHA-256: CosmWasm trees (the hash Cosmos tooling uses for Merkle airdrops).
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256;

impl MerkleHasher for Sha256 {
    fn hash(data: &[u8]) -> Hash {
        sha2::Sha256::digest(data).into()
    }
}

/// BLAKE2b-256: ink! trees (Substrate's native hash; `ink::env::hash::Blake2x256`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Blake2b256;

impl MerkleHasher for Blake2b256 {
    fn hash(data: &[u8]) -> Hash {
        blake2::Blake2b::<blake2::digest::consts::U32>::digest(data).into()
    }
}

/// Keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> Hash {
    Keccak256::digest(data).into()
}

/// A standard-v1 leaf: `keccak256(keccak256(abi_encoded))`.
pub fn leaf_hash(abi_encoded: &[u8]) -> Hash {
    keccak256(&keccak256(abi_encoded))
}

/// An internal node over two children, in sorted order.
pub fn node_hash(a: &Hash, b: &Hash) -> Hash {
    Keccak::node(a, b)
}

/// The root a proof leads to from `leaf`.
pub fn process_proof(leaf: &Hash, proof: &[Hash]) -> Hash {
    Keccak::process_proof(leaf, proof)
}

/// Whether `proof` proves `leaf` under `root`.
pub fn verify(root: &Hash, leaf: &Hash, proof: &[Hash]) -> bool {
    process_proof(leaf, proof) == *root
}

/// ABI-encoding helpers for static leaf values (each value is one 32-byte word).
pub mod abi {
    /// `uint256` word of an unsigned integer.
    pub fn uint(value: u128) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[16..].copy_from_slice(&value.to_be_bytes());
        w
    }

    /// `address` word (left-padded 20 bytes).
    pub fn address(addr: &[u8; 20]) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(addr);
        w
    }

    /// `abi.encode` of static words: their concatenation.
    pub fn encode(words: &[[u8; 32]]) -> Vec<u8> {
        words.concat()
    }
}

/// Why a tree cannot be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MerkleError {
    /// A tree needs at least one leaf.
    #[error("a Merkle tree needs at least one leaf")]
    Empty,
}

/// A complete tree in the standard-v1 layout, over hash `H`.
#[derive(Clone, Debug)]
pub struct MerkleTree<H> {
    nodes: Vec<Hash>,
    /// Tree index of each input leaf, in input order.
    leaf_index: Vec<usize>,
    hasher: PhantomData<H>,
}

/// The OpenZeppelin `standard-v1` tree (Keccak-256).
pub type StandardTree = MerkleTree<Keccak>;

impl<H: MerkleHasher> MerkleTree<H> {
    /// Builds the tree over `leaves` (already hashed with [`leaf_hash`]), sorting them by hash
    /// as OpenZeppelin's `StandardMerkleTree.of` does by default. Equal hashes keep their input
    /// order (the JavaScript sort is stable too).
    pub fn new(leaves: &[Hash]) -> Result<Self, MerkleError> {
        let n = leaves.len();
        if n == 0 {
            return Err(MerkleError::Empty);
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| leaves[a].cmp(&leaves[b]));
        let len = 2 * n - 1;
        let mut nodes = vec![[0u8; 32]; len];
        let mut leaf_index = vec![0; n];
        for (sorted_pos, &input) in order.iter().enumerate() {
            let at = len - 1 - sorted_pos;
            nodes[at] = leaves[input];
            leaf_index[input] = at;
        }
        for i in (0..len - n).rev() {
            nodes[i] = H::node(&nodes[2 * i + 1], &nodes[2 * i + 2]);
        }
        Ok(MerkleTree {
            nodes,
            leaf_index,
            hasher: PhantomData,
        })
    }

    /// The root.
    pub fn root(&self) -> Hash {
        self.nodes[0]
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        self.leaf_index.len()
    }

    /// Always false: a tree has at least one leaf.
    pub fn is_empty(&self) -> bool {
        self.leaf_index.is_empty()
    }

    /// The flat node array (root first), as in the `tree` field of a standard-v1 dump.
    pub fn nodes(&self) -> &[Hash] {
        &self.nodes
    }

    /// Tree index of input leaf `i` (the `treeIndex` of a standard-v1 dump).
    pub fn tree_index(&self, i: usize) -> usize {
        self.leaf_index[i]
    }

    /// The proof of input leaf `i`.
    pub fn proof(&self, i: usize) -> Vec<Hash> {
        let mut at = self.leaf_index[i];
        let mut proof =
            Vec::with_capacity(usize::BITS as usize - self.nodes.len().leading_zeros() as usize);
        while at > 0 {
            let sibling = if at % 2 == 1 { at + 1 } else { at - 1 };
            proof.push(self.nodes[sibling]);
            at = (at - 1) / 2;
        }
        proof
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n as u128)
            .map(|i| leaf_hash(&abi::encode(&[abi::uint(i), abi::uint(i * 7)])))
            .collect()
    }

    #[test]
    fn single_leaf_is_its_own_root() {
        let l = leaves(1);
        let t = StandardTree::new(&l).unwrap();
        assert_eq!(t.root(), l[0]);
        assert!(t.proof(0).is_empty());
        assert_eq!(StandardTree::new(&[]).unwrap_err(), MerkleError::Empty);
    }

    #[test]
    fn keccak_of_empty_input() {
        assert_eq!(
            hex::encode(keccak256(b"")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
    }

    #[test]
    fn internal_node_is_not_a_leaf() {
        // An internal node's 64-byte preimage hashed once is not any leaf: leaves are hashed
        // twice, so "proving" the node pair as a leaf yields a different hash.
        let l = leaves(4);
        let t = StandardTree::new(&l).unwrap();
        let (a, b) = (t.nodes()[1], t.nodes()[2]);
        let mut pair = [0u8; 64];
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        pair[..32].copy_from_slice(&lo);
        pair[32..].copy_from_slice(&hi);
        assert_ne!(leaf_hash(&pair), t.root());
        assert!(!t.nodes()[t.len() - 1..].contains(&leaf_hash(&pair)));
    }

    /// Known answers pin each hasher to the function the chains compute.
    #[test]
    fn hashers_known_answers() {
        assert_eq!(
            hex::encode(Sha256::hash(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex::encode(Blake2b256::hash(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
    }

    #[test]
    fn generic_trees_prove_every_leaf() {
        fn check<H: MerkleHasher>() {
            let l: Vec<Hash> = (0u8..7).map(|i| H::leaf(&[i; 40])).collect();
            let t = MerkleTree::<H>::new(&l).unwrap();
            for (i, leaf) in l.iter().enumerate() {
                assert_eq!(H::process_proof(leaf, &t.proof(i)), t.root());
            }
            // The internal node pair hashed as a leaf is not in the tree.
            assert_ne!(H::leaf(&[0u8; 64]), t.root());
        }
        check::<Sha256>();
        check::<Blake2b256>();
        check::<Keccak>();
    }

    proptest! {
        #[test]
        fn every_proof_verifies_and_no_other(n in 1usize..200, probe in 0usize..200) {
            let l = leaves(n);
            let t = StandardTree::new(&l).unwrap();
            let i = probe % n;
            let proof = t.proof(i);
            prop_assert!(verify(&t.root(), &l[i], &proof));
            if n > 1 {
                let j = (i + 1) % n;
                prop_assert!(!verify(&t.root(), &l[j], &proof));
            }
        }
    }
}
