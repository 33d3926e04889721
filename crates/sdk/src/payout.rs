//! Batch payouts: multi-send and Merkle distributions (`docs/spec/payout.md`).

use crate::Result;

pub use tokenrail_core::payout::PayoutError;

/// A new Merkle distribution: the claims its tree commits to, claimable from `start` until
/// `expiry`, after which anyone may claw the remainder back to `clawback_to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDistribution<A> {
    /// `(account, amount)` per leaf, in leaf order.
    pub claims: Vec<(A, u128)>,
    /// Unix seconds: claims from then on.
    pub start: u64,
    /// Unix seconds: claims before it, clawback from it on.
    pub expiry: u64,
    /// Receives the unclaimed remainder.
    pub clawback_to: A,
}

impl<A> NewDistribution<A> {
    /// The claim total the funder deposits.
    pub fn total(&self) -> Result<u128, PayoutError> {
        legs_total(&self.claims)
    }
}

/// The sum of `(address, amount)` legs; an error past `u128` (no chain could hold it).
pub fn legs_total<A>(legs: &[(A, u128)]) -> Result<u128, PayoutError> {
    legs.iter()
        .try_fold(0u128, |acc, (_, m)| acc.checked_add(*m))
        .ok_or_else(|| crate::ClientError::Chain("the total overflows u128".into()))
}

/// Multi-send and Merkle distributions (`docs/spec/payout.md`) on one chain, in the one asset
/// the client was built for. A distribution handle carries its tree, so the client builds every
/// claim's proof itself, over the chain's own leaf encoding.
pub trait PayoutClient {
    /// An account that signs calls.
    type Signer;
    /// An address on this chain.
    type Address: Clone;
    /// One distribution, with its claims and tree.
    type Distribution: Clone + std::fmt::Debug;

    /// The address of `signer`.
    fn address_of(&self, signer: &Self::Signer) -> Self::Address;
    /// Pays every leg in one transaction, all or nothing.
    fn multisend(
        &mut self,
        payer: &Self::Signer,
        legs: &[(Self::Address, u128)],
    ) -> Result<(), PayoutError>;
    /// Creates a distribution and funds it with the claim total.
    fn create_distribution(
        &mut self,
        funder: &Self::Signer,
        distribution: NewDistribution<Self::Address>,
    ) -> Result<Self::Distribution, PayoutError>;
    /// Submits claim `index` (anyone may; the leaf's account is paid).
    fn claim(
        &mut self,
        submitter: &Self::Signer,
        distribution: &Self::Distribution,
        index: u32,
    ) -> Result<(), PayoutError>;
    /// Returns the unclaimed remainder to the clawback receiver (anyone, from the expiry on).
    fn clawback(
        &mut self,
        caller: &Self::Signer,
        distribution: &Self::Distribution,
    ) -> Result<(), PayoutError>;
    /// Whether claim `index` was paid.
    fn is_claimed(
        &mut self,
        distribution: &Self::Distribution,
        index: u32,
    ) -> Result<bool, PayoutError>;
    /// The balance of `who` in the client's asset.
    fn balance(&mut self, who: &Self::Address) -> Result<u128, PayoutError>;
}
