//! Tokenrail milestone escrow for ink! (pallet-contracts).
//!
//! Semantics are specified once in `docs/spec/escrow.md`. One contract holds
//! any number of escrows, each in one asset: a PSP22 token (pulled with
//! `transfer_from`, custody measured as the balance change) or the chain's
//! native balance (attached to `create`).
//!
//! Chain notes: deadlines are Unix **seconds** as on every other chain;
//! pallet-contracts reports milliseconds, which the contract divides by 1000.
//! Cross-contract calls are made without `ALLOW_REENTRY`, so a token cannot
//! call back into the escrow.

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

/// The escrow contract.
#[ink::contract]
pub mod escrow {
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;
    use psp22::PSP22;

    /// Largest number of milestones per escrow.
    pub const MAX_MILESTONES: usize = 16;

    /// The spec's error codes, core's own enum (`tokenrail_core::escrow::EscrowError`): its SCALE
    /// encoding is the variant index, which is the spec's number, so the error byte a client
    /// decodes is the code. Codes only other chains raise are never returned here.
    pub use tokenrail_core::escrow::EscrowError as Error;

    /// Result of escrow messages.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The asset an escrow holds.
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
        /// Funded; milestones may be released.
        Active,
        /// Every milestone was released.
        Completed,
        /// The remainder went back to the depositor.
        Refunded,
        /// The beneficiary cancelled before any release.
        Cancelled,
    }

    /// One escrow.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct EscrowData {
        /// Funder; receives refunds.
        pub depositor: AccountId,
        /// Receives released milestones.
        pub beneficiary: AccountId,
        /// Optional arbiter.
        pub arbiter: Option<AccountId>,
        /// Held asset.
        pub asset: Asset,
        /// Milestone amounts.
        pub milestones: Vec<Balance>,
        /// Index of the next milestone to release.
        pub next_milestone: u32,
        /// Sum of released milestones.
        pub released: Balance,
        /// Sum of all milestones.
        pub total: Balance,
        /// Unix seconds.
        pub deadline: u64,
        /// Lifecycle state.
        pub status: Status,
    }

    /// An escrow was created and funded.
    #[ink(event)]
    pub struct EscrowCreated {
        /// Escrow id.
        #[ink(topic)]
        pub id: u64,
        /// Funder.
        #[ink(topic)]
        pub depositor: AccountId,
        /// Receiver.
        #[ink(topic)]
        pub beneficiary: AccountId,
        /// Optional arbiter.
        pub arbiter: Option<AccountId>,
        /// Held asset.
        pub asset: Asset,
        /// Milestone total.
        pub total: Balance,
        /// Unix seconds.
        pub deadline: u64,
        /// The milestones' amounts, in release order.
        pub milestones: Vec<Balance>,
    }

    /// A milestone went to the beneficiary.
    #[ink(event)]
    pub struct MilestoneReleased {
        /// Escrow id.
        #[ink(topic)]
        pub id: u64,
        /// Milestone index.
        pub milestone: u32,
        /// Amount paid.
        pub amount: Balance,
        /// Who released it.
        pub by: AccountId,
    }

    /// The last milestone was released.
    #[ink(event)]
    pub struct EscrowCompleted {
        /// Escrow id.
        #[ink(topic)]
        pub id: u64,
    }

    /// The remainder went back to the depositor.
    #[ink(event)]
    pub struct EscrowRefunded {
        /// Escrow id.
        #[ink(topic)]
        pub id: u64,
        /// Amount returned.
        pub amount: Balance,
        /// Who triggered the refund.
        pub by: AccountId,
    }

    /// The beneficiary cancelled; everything went back.
    #[ink(event)]
    pub struct EscrowCancelled {
        /// Escrow id.
        #[ink(topic)]
        pub id: u64,
        /// Amount returned.
        pub amount: Balance,
    }

    /// The escrow contract's storage.
    #[ink(storage)]
    #[derive(Default)]
    pub struct Escrow {
        count: u64,
        escrows: Mapping<u64, EscrowData>,
    }

    impl Escrow {
        /// Creates an empty escrow contract.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Creates an escrow. `token: None` means the native balance, which must be attached
        /// exactly; with `Some(token)` the milestone total is pulled with PSP22 `transfer_from`
        /// (approve this contract first). Returns the new id (ids start at 1).
        #[ink(message, payable)]
        pub fn create(
            &mut self,
            token: Option<AccountId>,
            beneficiary: AccountId,
            arbiter: Option<AccountId>,
            milestones: Vec<Balance>,
            deadline: u64,
        ) -> Result<u64> {
            let depositor = self.env().caller();
            if beneficiary == depositor
                || arbiter.is_some_and(|a| a == depositor || a == beneficiary)
            {
                return Err(Error::InvalidParties);
            }
            if milestones.is_empty() || milestones.len() > MAX_MILESTONES {
                return Err(Error::InvalidMilestones);
            }
            if milestones.contains(&0) {
                return Err(Error::ZeroAmount);
            }
            let total = milestones
                .iter()
                .try_fold(0u128, |acc, m| acc.checked_add(*m))
                .ok_or(Error::AmountOverflow)?;
            if deadline <= self.now() {
                return Err(Error::DeadlineNotInFuture);
            }

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
                        return Err(Error::WrongAsset);
                    }
                    self.pull_psp22(token, depositor, total)?;
                    Asset::Psp22(token)
                }
            };

            let id = self.count.checked_add(1).ok_or(Error::AmountOverflow)?;
            self.count = id;
            self.escrows.insert(
                id,
                &EscrowData {
                    depositor,
                    beneficiary,
                    arbiter,
                    asset,
                    milestones: milestones.clone(),
                    next_milestone: 0,
                    released: 0,
                    total,
                    deadline,
                    status: Status::Active,
                },
            );
            self.env().emit_event(EscrowCreated {
                id,
                depositor,
                beneficiary,
                arbiter,
                asset,
                total,
                deadline,
                milestones,
            });
            Ok(id)
        }

        /// Releases milestone `milestone` to the beneficiary (depositor or arbiter, in order,
        /// before the deadline).
        #[ink(message)]
        pub fn release(&mut self, id: u64, milestone: u32) -> Result<()> {
            self.ensure_no_value()?;
            let mut e = self.load_active(id)?;
            let caller = self.env().caller();
            if caller != e.depositor && e.arbiter != Some(caller) {
                return Err(Error::Unauthorized);
            }
            let next = e.next_milestone;
            if milestone < next {
                return Err(Error::MilestoneAlreadyReleased);
            }
            if milestone > next {
                return Err(Error::MilestoneOutOfOrder);
            }
            if self.now() >= e.deadline {
                return Err(Error::DeadlinePassed);
            }
            let amount = e.milestones[next as usize];
            e.next_milestone = next + 1;
            e.released += amount;
            let completed = e.next_milestone as usize == e.milestones.len();
            if completed {
                e.status = Status::Completed;
            }
            self.escrows.insert(id, &e);
            self.pay(e.asset, e.beneficiary, amount)?;
            self.env().emit_event(MilestoneReleased {
                id,
                milestone,
                amount,
                by: caller,
            });
            if completed {
                self.env().emit_event(EscrowCompleted { id });
            }
            Ok(())
        }

        /// Returns the unreleased remainder to the depositor (anyone from the deadline on; the
        /// arbiter at any time).
        #[ink(message)]
        pub fn refund(&mut self, id: u64) -> Result<()> {
            self.ensure_no_value()?;
            let mut e = self.load_active(id)?;
            let caller = self.env().caller();
            if e.arbiter != Some(caller) && self.now() < e.deadline {
                return Err(Error::DeadlineNotReached);
            }
            let amount = e.total - e.released;
            e.status = Status::Refunded;
            self.escrows.insert(id, &e);
            self.pay(e.asset, e.depositor, amount)?;
            self.env().emit_event(EscrowRefunded {
                id,
                amount,
                by: caller,
            });
            Ok(())
        }

        /// The beneficiary gives the escrow up while nothing is released.
        #[ink(message)]
        pub fn cancel(&mut self, id: u64) -> Result<()> {
            self.ensure_no_value()?;
            let mut e = self.load_active(id)?;
            if self.env().caller() != e.beneficiary {
                return Err(Error::Unauthorized);
            }
            if e.released != 0 {
                return Err(Error::CancelAfterRelease);
            }
            e.status = Status::Cancelled;
            self.escrows.insert(id, &e);
            self.pay(e.asset, e.depositor, e.total)?;
            self.env().emit_event(EscrowCancelled {
                id,
                amount: e.total,
            });
            Ok(())
        }

        /// Returns escrow `id`, if it exists.
        #[ink(message)]
        pub fn get(&self, id: u64) -> Option<EscrowData> {
            self.escrows.get(id)
        }

        /// Number of escrows created so far (the latest id).
        #[ink(message)]
        pub fn count(&self) -> u64 {
            self.count
        }

        fn now(&self) -> u64 {
            self.env().block_timestamp() / 1000
        }

        fn ensure_no_value(&self) -> Result<()> {
            // Value attached to anything but a native create would be stranded here.
            if self.env().transferred_value() != 0 {
                return Err(Error::WrongAsset);
            }
            Ok(())
        }

        fn load_active(&self, id: u64) -> Result<EscrowData> {
            let e = self.escrows.get(id).ok_or(Error::EscrowNotFound)?;
            if e.status != Status::Active {
                return Err(Error::NotActive);
            }
            Ok(e)
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
            let received = psp22.balance_of(me).checked_sub(before);
            if received != Some(amount) {
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

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        const T0_MS: u64 = 1_700_000_000_000;
        const DEADLINE: u64 = 1_700_001_000;

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn setup() -> Escrow {
            test::set_block_timestamp::<DefaultEnvironment>(T0_MS);
            let contract = Escrow::new();
            // The off-chain engine enforces an existential minimum; start above it.
            let me = ink::env::account_id::<DefaultEnvironment>();
            test::set_account_balance::<DefaultEnvironment>(me, 1_000_000);
            contract
        }

        fn call_as(who: AccountId, value: Balance) {
            test::set_caller::<DefaultEnvironment>(who);
            test::set_value_transferred::<DefaultEnvironment>(value);
        }

        /// Creates a native escrow; the off-chain engine does not move attached value, so the
        /// contract account is credited by hand to model it.
        fn create_native(c: &mut Escrow, milestones: Vec<Balance>) -> u64 {
            let a = accounts();
            let total: Balance = milestones.iter().sum();
            call_as(a.alice, total);
            let me = ink::env::account_id::<DefaultEnvironment>();
            let id = c
                .create(None, a.bob, Some(a.charlie), milestones, DEADLINE)
                .expect("create");
            let held = test::get_account_balance::<DefaultEnvironment>(me).unwrap_or(0);
            test::set_account_balance::<DefaultEnvironment>(me, held + total);
            call_as(a.alice, 0);
            id
        }

        #[ink::test]
        fn native_release_and_complete() {
            let a = accounts();
            let mut c = setup();
            let id = create_native(&mut c, vec![10, 20]);
            let before = test::get_account_balance::<DefaultEnvironment>(a.bob).unwrap();
            call_as(a.alice, 0);
            c.release(id, 0).unwrap();
            call_as(a.charlie, 0);
            c.release(id, 1).unwrap();
            let after = test::get_account_balance::<DefaultEnvironment>(a.bob).unwrap();
            assert_eq!(after - before, 30);
            let e = c.get(id).unwrap();
            assert_eq!(e.status, Status::Completed);
            assert_eq!(e.released, 30);
            assert_eq!(
                test::recorded_events().count(),
                4,
                "created, 2 released, completed"
            );
        }

        #[ink::test]
        fn wrong_signers_are_rejected() {
            let a = accounts();
            let mut c = setup();
            let id = create_native(&mut c, vec![10]);
            call_as(a.bob, 0);
            assert_eq!(c.release(id, 0), Err(Error::Unauthorized));
            call_as(a.django, 0);
            assert_eq!(c.release(id, 0), Err(Error::Unauthorized));
            call_as(a.alice, 0);
            assert_eq!(c.cancel(id), Err(Error::Unauthorized));
        }

        #[ink::test]
        fn native_value_must_match_and_is_refused_elsewhere() {
            let a = accounts();
            let mut c = setup();
            call_as(a.alice, 29);
            assert_eq!(
                c.create(None, a.bob, None, vec![10, 20], DEADLINE),
                Err(Error::FundsMismatch)
            );
            call_as(a.alice, 5);
            assert_eq!(
                c.create(Some(a.frank), a.bob, None, vec![10], DEADLINE),
                Err(Error::WrongAsset)
            );
            let id = create_native(&mut c, vec![10]);
            call_as(a.alice, 1);
            assert_eq!(c.release(id, 0), Err(Error::WrongAsset));
        }

        #[ink::test]
        fn deadline_edges_use_seconds() {
            let a = accounts();
            let mut c = setup();
            let id = create_native(&mut c, vec![10, 10]);
            // One millisecond before the deadline second still counts as deadline-1.
            test::set_block_timestamp::<DefaultEnvironment>(DEADLINE * 1000 - 1);
            call_as(a.django, 0);
            assert_eq!(c.refund(id), Err(Error::DeadlineNotReached));
            call_as(a.alice, 0);
            c.release(id, 0).unwrap();
            test::set_block_timestamp::<DefaultEnvironment>(DEADLINE * 1000);
            assert_eq!(c.release(id, 1), Err(Error::DeadlinePassed));
            call_as(a.django, 0);
            c.refund(id).unwrap();
            assert_eq!(c.refund(id), Err(Error::NotActive));
        }

        #[ink::test]
        fn create_validation() {
            let a = accounts();
            let mut c = setup();
            call_as(a.alice, 0);
            assert_eq!(
                c.create(None, a.alice, None, vec![1], DEADLINE),
                Err(Error::InvalidParties)
            );
            assert_eq!(
                c.create(None, a.bob, Some(a.bob), vec![1], DEADLINE),
                Err(Error::InvalidParties)
            );
            assert_eq!(
                c.create(None, a.bob, None, vec![], DEADLINE),
                Err(Error::InvalidMilestones)
            );
            assert_eq!(
                c.create(None, a.bob, None, vec![1; 17], DEADLINE),
                Err(Error::InvalidMilestones)
            );
            assert_eq!(
                c.create(None, a.bob, None, vec![1, 0], DEADLINE),
                Err(Error::ZeroAmount)
            );
            assert_eq!(
                c.create(None, a.bob, None, vec![u128::MAX, 1], DEADLINE),
                Err(Error::AmountOverflow)
            );
            assert_eq!(
                c.create(None, a.bob, None, vec![1], T0_MS / 1000),
                Err(Error::DeadlineNotInFuture)
            );
            assert_eq!(c.count(), 0);
        }
    }
}
