//! Milestone escrow (`docs/spec/escrow.md`).

use crate::{ClientError, Result};

pub use tokenrail_core::escrow::{EscrowError, EscrowStatus};

/// A new escrow (`docs/spec/escrow.md`, create).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEscrow<A> {
    /// Receives released milestones; may cancel before the first release.
    pub beneficiary: A,
    /// May release and refund early.
    pub arbiter: Option<A>,
    /// Milestone amounts in base units, released in order.
    pub milestones: Vec<u128>,
    /// Unix seconds: release before it, refund by anyone from it on.
    pub deadline: u64,
}

impl<A> NewEscrow<A> {
    /// The milestone total the depositor funds; `AmountOverflow` past `u128`.
    pub fn total(&self) -> Result<u128, EscrowError> {
        self.milestones
            .iter()
            .try_fold(0u128, |acc, m| acc.checked_add(*m))
            .ok_or(ClientError::Spec(EscrowError::AmountOverflow))
    }
}

/// One escrow as the chain reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscrowState {
    /// Lifecycle state.
    pub status: EscrowStatus,
    /// Milestone amounts.
    pub milestones: Vec<u128>,
    /// Sum of released milestones.
    pub released: u128,
    /// Index of the next milestone to release.
    pub next_milestone: u32,
}

/// Milestone escrow (`docs/spec/escrow.md`) on one chain, in the one asset the client was built
/// for. The depositor funds the whole milestone total at creation.
pub trait EscrowClient {
    /// An account that signs calls.
    type Signer;
    /// An address on this chain.
    type Address: Clone;
    /// How this chain names one escrow.
    type EscrowRef: Clone + std::fmt::Debug;

    /// The address of `signer`.
    fn address_of(&self, signer: &Self::Signer) -> Self::Address;
    /// Creates and funds an escrow.
    fn create(
        &mut self,
        depositor: &Self::Signer,
        escrow: NewEscrow<Self::Address>,
    ) -> Result<Self::EscrowRef, EscrowError>;
    /// Releases milestone `milestone` (depositor or arbiter, in order, before the deadline).
    fn release(
        &mut self,
        caller: &Self::Signer,
        escrow: &Self::EscrowRef,
        milestone: u32,
    ) -> Result<(), EscrowError>;
    /// Returns the unreleased remainder to the depositor (anyone from the deadline, the
    /// arbiter at any time).
    fn refund(
        &mut self,
        caller: &Self::Signer,
        escrow: &Self::EscrowRef,
    ) -> Result<(), EscrowError>;
    /// The beneficiary gives the escrow up before any release.
    fn cancel(
        &mut self,
        caller: &Self::Signer,
        escrow: &Self::EscrowRef,
    ) -> Result<(), EscrowError>;
    /// The escrow's state; `EscrowNotFound` if there is none.
    fn escrow(&mut self, escrow: &Self::EscrowRef) -> Result<EscrowState, EscrowError>;
    /// The balance of `who` in the client's asset.
    fn balance(&mut self, who: &Self::Address) -> Result<u128, EscrowError>;
}
