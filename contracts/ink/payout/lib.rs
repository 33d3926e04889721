//! Tokenrail batch payout for ink! (pallet-contracts).
//!
//! Semantics are specified once in `docs/spec/payout.md`. One contract does both mechanisms, in
//! a PSP22 token or the chain's native balance:
//!
//! - **multi-send**: pays N recipients in one message, all or nothing. PSP22 legs are
//!   `transfer_from(payer, recipient)` with the payer's allowance, so a permissioned token sees
//!   (and may refuse) every payer → recipient leg; a native batch takes exactly its total as the
//!   attached value.
//! - **Merkle distributions**: funded distributions with a BLAKE2b-256 root over leaves bound to
//!   this contract and the distribution id, claimed with proofs until the expiry, then clawed
//!   back to a receiver fixed at creation. Claimed state is a bitmap, 128 claims per word.
//!
//! Chain notes: times are Unix **seconds** as on every other chain (pallet-contracts reports
//! milliseconds, which the contract divides by 1000). Cross-contract calls are made without
//! `ALLOW_REENTRY`, so a token cannot call back into the payout contract. A failed leg reverts
//! the whole message.

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

/// The payout contract.
#[ink::contract]
pub mod payout {
    use ink::codegen::TraitCallBuilder;
    use ink::env::hash::{Blake2x256, HashOutput};
    use ink::prelude::collections::BTreeSet;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use psp22::PSP22;

    /// Domain tag that starts every leaf preimage.
    pub const LEAF_DOMAIN: &[u8] = b"tokenrail:payout:ink:v1";
    /// Longest accepted proof.
    pub const MAX_PROOF_LEN: usize = 64;
    /// Claims per bitmap word.
    const WORD_BITS: u32 = 128;

    /// A 32-byte hash.
    pub type Hash32 = [u8; 32];

    /// The spec's error codes, core's own enum (`tokenrail_core::payout::PayoutError`): its SCALE
    /// encoding is the variant index, which is the spec's number, so the error byte a client
    /// decodes is the code. Codes only other chains raise are never returned here.
    pub use tokenrail_core::payout::PayoutError as Error;

    /// Result of payout messages.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The asset a batch or distribution pays.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Asset {
        /// The chain's native balance.
        Native,
        /// A PSP22 token contract.
        Psp22(AccountId),
    }

    /// Lifecycle state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum Status {
        /// Funded; claims between start and expiry.
        Open,
        /// The remainder went to the clawback receiver.
        ClawedBack,
    }

    /// One Merkle distribution.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Distribution {
        /// Who funded it.
        pub funder: AccountId,
        /// Paid asset.
        pub asset: Asset,
        /// BLAKE2b-256 Merkle root.
        pub root: Hash32,
        /// Amount funded.
        pub total: Balance,
        /// Sum of claims paid; never exceeds `total`.
        pub claimed: Balance,
        /// Unix seconds.
        pub start: u64,
        /// Unix seconds.
        pub expiry: u64,
        /// Receives the remainder after the expiry.
        pub clawback_receiver: AccountId,
        /// Lifecycle state.
        pub status: Status,
    }

    /// A batch was paid.
    #[ink(event)]
    pub struct MultiSent {
        /// The payer.
        #[ink(topic)]
        pub payer: AccountId,
        /// Paid asset.
        pub asset: Asset,
        /// Number of recipients.
        pub count: u32,
        /// Sum paid.
        pub total: Balance,
    }

    /// A distribution was created and funded.
    #[ink(event)]
    pub struct DistributionCreated {
        /// Distribution id.
        #[ink(topic)]
        pub id: u64,
        /// Paid asset.
        pub asset: Asset,
        /// Merkle root.
        pub root: Hash32,
        /// Amount funded.
        pub total: Balance,
        /// Unix seconds.
        pub start: u64,
        /// Unix seconds.
        pub expiry: u64,
        /// Clawback receiver.
        pub clawback_receiver: AccountId,
    }

    /// A leaf was claimed.
    #[ink(event)]
    pub struct Claimed {
        /// Distribution id.
        #[ink(topic)]
        pub id: u64,
        /// Leaf index.
        pub index: u32,
        /// Paid account.
        #[ink(topic)]
        pub account: AccountId,
        /// Amount paid.
        pub amount: Balance,
    }

    /// The remainder went to the clawback receiver.
    #[ink(event)]
    pub struct Clawback {
        /// Distribution id.
        #[ink(topic)]
        pub id: u64,
        /// Receiver.
        pub receiver: AccountId,
        /// Amount moved.
        pub amount: Balance,
    }

    /// The payout contract's storage.
    #[ink(storage)]
    #[derive(Default)]
    pub struct Payout {
        count: u64,
        distributions: Mapping<u64, Distribution>,
        /// Claimed bitmap: word `index / 128` of distribution `id`, bit `index % 128`.
        claimed_words: Mapping<(u64, u32), u128>,
    }

    impl Payout {
        /// Creates an empty payout contract.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Pays `amounts[i]` to `recipients[i]`, all or nothing. `token: None` pays the native
        /// balance attached (exactly `declared_total`); `Some(token)` pays each leg with PSP22
        /// `transfer_from` from the caller (approve this contract first).
        #[ink(message, payable)]
        pub fn multisend(
            &mut self,
            token: Option<AccountId>,
            recipients: Vec<AccountId>,
            amounts: Vec<Balance>,
            declared_total: Balance,
        ) -> Result<()> {
            if recipients.len() != amounts.len() {
                return Err(Error::LengthMismatch);
            }
            if recipients.is_empty() {
                return Err(Error::EmptyBatch);
            }
            let mut seen = BTreeSet::new();
            // `None` once the sum overflows: it can then never equal the declared total.
            let mut sum = Some(0u128);
            for (to, amount) in recipients.iter().zip(&amounts) {
                if *amount == 0 {
                    return Err(Error::ZeroAmount);
                }
                if *to == AccountId::from([0u8; 32]) {
                    return Err(Error::InvalidAddress);
                }
                if !seen.insert(*to) {
                    return Err(Error::DuplicateRecipient);
                }
                sum = sum.and_then(|s| s.checked_add(*amount));
            }
            if sum != Some(declared_total) {
                return Err(Error::TotalMismatch);
            }
            let attached = self.env().transferred_value();
            let payer = self.env().caller();
            let asset = match token {
                None => {
                    if attached != declared_total {
                        return Err(Error::TotalMismatch);
                    }
                    for (to, amount) in recipients.iter().zip(&amounts) {
                        self.pay(Asset::Native, *to, *amount)?;
                    }
                    Asset::Native
                }
                Some(token) => {
                    if attached != 0 {
                        return Err(Error::TotalMismatch);
                    }
                    let mut psp22: ink::contract_ref!(PSP22) = token.into();
                    for (to, amount) in recipients.iter().zip(&amounts) {
                        let moved = psp22
                            .call_mut()
                            .transfer_from(payer, *to, *amount, Vec::new())
                            .try_invoke();
                        if !matches!(moved, Ok(Ok(Ok(())))) {
                            return Err(Error::TransferFailed);
                        }
                    }
                    Asset::Psp22(token)
                }
            };
            self.env().emit_event(MultiSent {
                payer,
                asset,
                count: recipients.len() as u32,
                total: declared_total,
            });
            Ok(())
        }

        /// Creates a distribution over `root`, funded with `total`: the native value attached
        /// (`token: None`) or pulled with PSP22 `transfer_from` (custody measured as the balance
        /// change). Returns the new id (ids start at 1).
        #[ink(message, payable)]
        pub fn create_distribution(
            &mut self,
            token: Option<AccountId>,
            root: Hash32,
            total: Balance,
            start: u64,
            expiry: u64,
            clawback_receiver: AccountId,
        ) -> Result<u64> {
            if start >= expiry || expiry <= self.now() || total == 0 {
                return Err(Error::InvalidSchedule);
            }
            if clawback_receiver == AccountId::from([0u8; 32]) {
                return Err(Error::InvalidAddress);
            }
            let funder = self.env().caller();
            let attached = self.env().transferred_value();
            let asset = match token {
                None => {
                    if attached != total {
                        return Err(Error::FundsMismatch);
                    }
                    Asset::Native
                }
                Some(token) => {
                    if attached != 0 {
                        return Err(Error::FundsMismatch);
                    }
                    self.pull_psp22(token, funder, total)?;
                    Asset::Psp22(token)
                }
            };
            let id = self.count.checked_add(1).ok_or(Error::InvalidSchedule)?;
            self.count = id;
            self.distributions.insert(
                id,
                &Distribution {
                    funder,
                    asset,
                    root,
                    total,
                    claimed: 0,
                    start,
                    expiry,
                    clawback_receiver,
                    status: Status::Open,
                },
            );
            self.env().emit_event(DistributionCreated {
                id,
                asset,
                root,
                total,
                start,
                expiry,
                clawback_receiver,
            });
            Ok(id)
        }

        /// Claims leaf `index` of distribution `id` for `account`; anyone may submit it, only
        /// `account` is paid.
        #[ink(message)]
        pub fn claim(
            &mut self,
            id: u64,
            index: u32,
            account: AccountId,
            amount: Balance,
            proof: Vec<Hash32>,
        ) -> Result<()> {
            let mut d = self.load_open(id)?;
            let now = self.now();
            if now < d.start {
                return Err(Error::NotStarted);
            }
            if now >= d.expiry {
                return Err(Error::Expired);
            }
            let key = (id, index / WORD_BITS);
            let bit = 1u128 << (index % WORD_BITS);
            let word = self.claimed_words.get(key).unwrap_or(0);
            if word & bit != 0 {
                return Err(Error::AlreadyClaimed);
            }
            if proof.len() > MAX_PROOF_LEN {
                return Err(Error::InvalidProof);
            }
            let leaf = self.leaf(id, index, account, amount);
            if process_proof(leaf, &proof) != d.root {
                return Err(Error::InvalidProof);
            }
            d.claimed = d
                .claimed
                .checked_add(amount)
                .filter(|c| *c <= d.total)
                .ok_or(Error::ExceedsTotal)?;
            self.claimed_words.insert(key, &(word | bit));
            self.distributions.insert(id, &d);
            self.pay(d.asset, account, amount)?;
            self.env().emit_event(Claimed {
                id,
                index,
                account,
                amount,
            });
            Ok(())
        }

        /// Sends the unclaimed remainder to the clawback receiver (anyone, from the expiry on).
        #[ink(message)]
        pub fn clawback(&mut self, id: u64) -> Result<()> {
            let mut d = self.load_open(id)?;
            if self.now() < d.expiry {
                return Err(Error::NotExpired);
            }
            let amount = d.total - d.claimed;
            d.status = Status::ClawedBack;
            self.distributions.insert(id, &d);
            if amount > 0 {
                self.pay(d.asset, d.clawback_receiver, amount)?;
            }
            self.env().emit_event(Clawback {
                id,
                receiver: d.clawback_receiver,
                amount,
            });
            Ok(())
        }

        /// Distribution `id`, if it exists.
        #[ink(message)]
        pub fn distribution(&self, id: u64) -> Option<Distribution> {
            self.distributions.get(id)
        }

        /// Whether leaf `index` of distribution `id` was claimed.
        #[ink(message)]
        pub fn is_claimed(&self, id: u64, index: u32) -> bool {
            let word = self.claimed_words.get((id, index / WORD_BITS)).unwrap_or(0);
            word & (1u128 << (index % WORD_BITS)) != 0
        }

        /// Number of distributions created so far (the latest id).
        #[ink(message)]
        pub fn count(&self) -> u64 {
            self.count
        }

        /// The leaf of claim `index` paying `amount` to `account` from distribution `id` of this
        /// contract: `blake2b256(blake2b256(domain ‖ contract ‖ id ‖ index ‖ account ‖ amount))`
        /// with big-endian integers (`tokenrail_core::payout::leaf::ink` off chain).
        #[ink(message)]
        pub fn leaf(&self, id: u64, index: u32, account: AccountId, amount: Balance) -> Hash32 {
            let mut pre = Vec::with_capacity(LEAF_DOMAIN.len() + 92);
            pre.extend_from_slice(LEAF_DOMAIN);
            pre.extend_from_slice(self.env().account_id().as_ref());
            pre.extend_from_slice(&id.to_be_bytes());
            pre.extend_from_slice(&index.to_be_bytes());
            pre.extend_from_slice(account.as_ref());
            pre.extend_from_slice(&amount.to_be_bytes());
            blake2(&blake2(&pre))
        }

        fn now(&self) -> u64 {
            self.env().block_timestamp() / 1000
        }

        fn load_open(&self, id: u64) -> Result<Distribution> {
            let d = self
                .distributions
                .get(id)
                .ok_or(Error::DistributionNotFound)?;
            if d.status == Status::ClawedBack {
                return Err(Error::ClawedBack);
            }
            Ok(d)
        }

        /// Pulls `amount` of `token` from `from` and checks that custody grew by exactly that.
        fn pull_psp22(&mut self, token: AccountId, from: AccountId, amount: Balance) -> Result<()> {
            let mut psp22: ink::contract_ref!(PSP22) = token.into();
            let me = self.env().account_id();
            let before = psp22.balance_of(me);
            let moved = psp22
                .call_mut()
                .transfer_from(from, me, amount, Vec::new())
                .try_invoke();
            if !matches!(moved, Ok(Ok(Ok(())))) {
                return Err(Error::TransferFailed);
            }
            if psp22.balance_of(me).checked_sub(before) != Some(amount) {
                return Err(Error::FundsMismatch);
            }
            Ok(())
        }

        fn pay(&mut self, asset: Asset, to: AccountId, amount: Balance) -> Result<()> {
            match asset {
                Asset::Native => self
                    .env()
                    .transfer(to, amount)
                    .map_err(|_| Error::TransferFailed),
                Asset::Psp22(token) => {
                    let mut psp22: ink::contract_ref!(PSP22) = token.into();
                    let moved = psp22
                        .call_mut()
                        .transfer(to, amount, Vec::new())
                        .try_invoke();
                    match moved {
                        Ok(Ok(Ok(()))) => Ok(()),
                        _ => Err(Error::TransferFailed),
                    }
                }
            }
        }
    }

    fn blake2(data: &[u8]) -> Hash32 {
        let mut out = <Blake2x256 as HashOutput>::Type::default();
        ink::env::hash_bytes::<Blake2x256>(data, &mut out);
        out
    }

    /// The root `proof` leads to from `leaf` (sorted-pair internal nodes over 64 bytes).
    fn process_proof(leaf: Hash32, proof: &[Hash32]) -> Hash32 {
        proof.iter().fold(leaf, |acc, sibling| {
            let (lo, hi) = if acc <= *sibling {
                (acc, *sibling)
            } else {
                (*sibling, acc)
            };
            let mut buf = [0u8; 64];
            buf[..32].copy_from_slice(&lo);
            buf[32..].copy_from_slice(&hi);
            blake2(&buf)
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        const T0_MS: u64 = 1_700_000_000_000;
        const T0: u64 = 1_700_000_000;

        fn setup() -> Payout {
            test::set_block_timestamp::<DefaultEnvironment>(T0_MS);
            Payout::new()
        }

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        #[ink::test]
        fn batch_checks_run_in_spec_order() {
            let mut p = setup();
            let a = accounts();
            assert_eq!(
                p.multisend(None, vec![a.bob], vec![], 0),
                Err(Error::LengthMismatch)
            );
            assert_eq!(p.multisend(None, vec![], vec![], 0), Err(Error::EmptyBatch));
            assert_eq!(
                p.multisend(None, vec![a.bob, a.bob], vec![1, 0], 1),
                Err(Error::ZeroAmount)
            );
            assert_eq!(
                p.multisend(None, vec![AccountId::from([0; 32])], vec![1], 1),
                Err(Error::InvalidAddress)
            );
            assert_eq!(
                p.multisend(None, vec![a.bob, a.charlie, a.bob], vec![1, 1, 1], 3),
                Err(Error::DuplicateRecipient)
            );
            assert_eq!(
                p.multisend(None, vec![a.bob, a.charlie], vec![u128::MAX, 1], 0),
                Err(Error::TotalMismatch)
            );
            // The right total but no value attached.
            assert_eq!(
                p.multisend(None, vec![a.bob], vec![5], 5),
                Err(Error::TotalMismatch)
            );
        }

        #[ink::test]
        fn schedules_are_validated() {
            let mut p = setup();
            let a = accounts();
            let bad = [(T0 + 10, T0 + 10, 1), (T0, T0, 1), (T0, T0 + 10, 0)];
            for (start, expiry, total) in bad {
                assert_eq!(
                    p.create_distribution(None, [1; 32], total, start, expiry, a.eve),
                    Err(Error::InvalidSchedule)
                );
            }
            assert_eq!(
                p.create_distribution(None, [1; 32], 5, T0, T0 + 10, AccountId::from([0; 32])),
                Err(Error::InvalidAddress)
            );
            assert_eq!(
                p.create_distribution(None, [1; 32], 5, T0, T0 + 10, a.eve),
                Err(Error::FundsMismatch)
            );
            assert_eq!(
                p.claim(1, 0, a.bob, 1, vec![]),
                Err(Error::DistributionNotFound)
            );
            assert_eq!(p.clawback(1), Err(Error::DistributionNotFound));
        }

        #[ink::test]
        fn leaves_match_the_off_chain_encoding() {
            let p = setup();
            let me: [u8; 32] = *ink::env::account_id::<DefaultEnvironment>().as_ref();
            let bob: [u8; 32] = *accounts().bob.as_ref();
            let want = tokenrail_core::payout::leaf::ink(&me, 7, 3, &bob, 1_000);
            assert_eq!(p.leaf(7, 3, accounts().bob, 1_000), want);
            // And a proof built off chain verifies with the contract's node hashing.
            use tokenrail_core::merkle::{Blake2b256, MerkleTree};
            let leaves: Vec<[u8; 32]> = (0..5u32)
                .map(|i| tokenrail_core::payout::leaf::ink(&me, 1, i, &bob, 10 + i as u128))
                .collect();
            let tree = MerkleTree::<Blake2b256>::new(&leaves).unwrap();
            for (i, leaf) in leaves.iter().enumerate() {
                assert_eq!(process_proof(*leaf, &tree.proof(i)), tree.root());
            }
        }
    }
}
