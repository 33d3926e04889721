//! Tokenrail investor registry for ink! (pallet-contracts), `docs/spec/whitelist.md`.
//!
//! One entry per investor account (status, ISO 3166-1 numeric jurisdiction, KYC expiry in Unix
//! seconds), written by registry agents. Asset tokens (`ink-asset-token`) read it through the
//! [`InvestorRegistry`] trait, read-only and without `ALLOW_REENTRY`; one registry may serve
//! several tokens of different issuers.
//!
//! The crate also holds what the token shares with it: [`TokenError`] (the token spec's numbered
//! codes; the SCALE byte of a variant is its code) and [`Roles`] (one admin with a two-step
//! transfer, role sets, no implicit role).

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

use ink::primitives::AccountId;
use ink::storage::Mapping;

/// The token spec's codes (`docs/spec/token.md`), core's own enum: its SCALE encoding is the
/// variant index, which is the spec's number, so the error byte a client decodes is the code.
/// Codes that only other chains raise (permits, Solana accounts, EVM bindings) are never
/// returned here; `docs/spec/token.md` lists them.
pub use tokenrail_core::token::TokenError;

/// An investor's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum InvestorStatus {
    /// May hold tokens while the KYC is valid.
    Verified,
    /// Kept for audit; may neither receive nor send.
    Revoked,
}

/// One investor entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Entry {
    /// Status.
    pub status: InvestorStatus,
    /// ISO 3166-1 numeric jurisdiction (1–999).
    pub jurisdiction: u16,
    /// Unix seconds; the KYC is expired when `now ≥ kyc_expiry`.
    pub kyc_expiry: u64,
}

impl Entry {
    /// Whether the investor may hold tokens at `now` (Unix seconds).
    pub fn is_eligible(&self, now: u64) -> bool {
        self.status == InvestorStatus::Verified && now < self.kyc_expiry
    }
}

/// What a token reads from its registry.
#[ink::trait_definition]
pub trait InvestorRegistry {
    /// The entries of both parties of a movement, in one call.
    #[ink(message)]
    fn entries_of(&self, a: AccountId, b: AccountId) -> (Option<Entry>, Option<Entry>);

    /// One investor's entry (`None`: unregistered).
    #[ink(message)]
    fn entry(&self, investor: AccountId) -> Option<Entry>;
}

/// The role byte of a role a contract grants.
pub type RoleId = u8;

/// One admin, handed over in two steps, who grants and revokes role sets. No role is implicit:
/// the deployer is admin only.
#[ink::storage_item]
#[derive(Debug)]
pub struct Roles {
    admin: AccountId,
    pending_admin: Option<AccountId>,
    members: Mapping<(RoleId, AccountId), ()>,
}

impl Roles {
    /// `admin` is the only admin.
    pub fn new(admin: AccountId) -> Self {
        Roles {
            admin,
            pending_admin: None,
            members: Mapping::default(),
        }
    }

    /// The admin.
    pub fn admin(&self) -> AccountId {
        self.admin
    }

    /// A proposed admin that has not accepted yet.
    pub fn pending_admin(&self) -> Option<AccountId> {
        self.pending_admin
    }

    /// `Unauthorized` unless `who` is the admin.
    pub fn require_admin(&self, who: AccountId) -> Result<(), TokenError> {
        if who == self.admin {
            Ok(())
        } else {
            Err(TokenError::Unauthorized)
        }
    }

    /// Whether `who` holds `role`.
    pub fn has(&self, role: RoleId, who: AccountId) -> bool {
        self.members.contains((role, who))
    }

    /// `Unauthorized` unless `who` holds `role`.
    pub fn require(&self, role: RoleId, who: AccountId) -> Result<(), TokenError> {
        if self.has(role, who) {
            Ok(())
        } else {
            Err(TokenError::Unauthorized)
        }
    }

    /// Admin grants or revokes; returns whether anything changed (a no-op emits nothing).
    pub fn set(
        &mut self,
        caller: AccountId,
        role: RoleId,
        account: AccountId,
        granted: bool,
    ) -> Result<bool, TokenError> {
        self.require_admin(caller)?;
        if account == AccountId::from([0u8; 32]) {
            return Err(TokenError::InvalidAddress);
        }
        if self.has(role, account) == granted {
            return Ok(false);
        }
        if granted {
            self.members.insert((role, account), &());
        } else {
            self.members.remove((role, account));
        }
        Ok(true)
    }

    /// Admin proposes the next admin, replacing any proposal; `None` cancels.
    pub fn propose_admin(
        &mut self,
        caller: AccountId,
        new: Option<AccountId>,
    ) -> Result<(), TokenError> {
        self.require_admin(caller)?;
        self.pending_admin = new;
        Ok(())
    }

    /// The proposed admin takes over; `NoPendingAdmin` for anyone else.
    pub fn accept_admin(&mut self, caller: AccountId) -> Result<(), TokenError> {
        if self.pending_admin != Some(caller) {
            return Err(TokenError::NoPendingAdmin);
        }
        self.admin = caller;
        self.pending_admin = None;
        Ok(())
    }
}

/// A role was granted or revoked: a registry agent, or one of a token's roles (both contracts
/// keep their roles in [`Roles`] and log changes with this one event).
#[ink::event]
pub struct RoleChanged {
    /// The role byte.
    pub role: u8,
    /// The account.
    #[ink(topic)]
    pub account: AccountId,
    /// Granted (true) or revoked.
    pub granted: bool,
}

/// The admin proposed the next admin (`None`: a proposal cancelled).
#[ink::event]
pub struct AdminProposed {
    /// The proposed admin.
    #[ink(topic)]
    pub account: Option<AccountId>,
}

/// The proposed admin accepted and is the admin now.
#[ink::event]
pub struct AdminTransferred {
    /// The new admin.
    #[ink(topic)]
    pub account: AccountId,
}

/// The registry contract.
#[ink::contract]
pub mod registry {
    use super::{
        AdminProposed, AdminTransferred, Entry, InvestorStatus, RoleChanged, Roles, TokenError,
    };
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;

    /// The role byte of a registry agent.
    pub const REGISTRY_AGENT: u8 = 1;
    /// Most entries one `upsert` or `remove` may carry (`MaxBatch` beyond).
    pub const MAX_BATCH: usize = 100;

    /// Result of registry messages.
    pub type Result<T> = core::result::Result<T, TokenError>;

    /// An entry was added or updated.
    #[ink(event)]
    pub struct InvestorUpdated {
        /// The investor.
        #[ink(topic)]
        pub investor: AccountId,
        /// The new entry.
        pub entry: Entry,
    }

    /// An entry was removed.
    #[ink(event)]
    pub struct InvestorRemoved {
        /// The investor.
        #[ink(topic)]
        pub investor: AccountId,
    }

    /// The registry's storage.
    #[ink(storage)]
    pub struct Registry {
        roles: Roles,
        entries: Mapping<AccountId, Entry>,
    }

    impl Registry {
        /// The deployer becomes the admin, holding no other role.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {
                roles: Roles::new(Self::env().caller()),
                entries: Mapping::default(),
            }
        }

        fn now(&self) -> u64 {
            self.env().block_timestamp() / 1000
        }

        /// Adds or updates entries, all or nothing: every entry is checked first.
        #[ink(message)]
        pub fn upsert(&mut self, entries: Vec<(AccountId, Entry)>) -> Result<()> {
            self.roles.require(REGISTRY_AGENT, self.env().caller())?;
            if entries.len() > MAX_BATCH {
                return Err(TokenError::MaxBatch);
            }
            let now = self.now();
            for (investor, e) in &entries {
                if *investor == AccountId::from([0u8; 32]) {
                    return Err(TokenError::InvalidAddress);
                }
                if e.jurisdiction == 0 || e.jurisdiction > 999 {
                    return Err(TokenError::InvalidJurisdiction);
                }
                if e.status == InvestorStatus::Verified && e.kyc_expiry <= now {
                    return Err(TokenError::InvalidExpiry);
                }
            }
            for (investor, entry) in entries {
                self.entries.insert(investor, &entry);
                self.env().emit_event(InvestorUpdated { investor, entry });
            }
            Ok(())
        }

        /// Removes entries; every investor must have one.
        #[ink(message)]
        pub fn remove(&mut self, investors: Vec<AccountId>) -> Result<()> {
            self.roles.require(REGISTRY_AGENT, self.env().caller())?;
            if investors.len() > MAX_BATCH {
                return Err(TokenError::MaxBatch);
            }
            if investors.iter().any(|a| !self.entries.contains(a)) {
                return Err(TokenError::NotRegistered);
            }
            for investor in investors {
                self.entries.remove(investor);
                self.env().emit_event(InvestorRemoved { investor });
            }
            Ok(())
        }

        /// Whether an investor may hold tokens now.
        #[ink(message)]
        pub fn is_eligible(&self, investor: AccountId) -> bool {
            let now = self.now();
            self.entries
                .get(investor)
                .is_some_and(|e| e.is_eligible(now))
        }

        /// Admin grants (`granted`) or revokes a role.
        #[ink(message)]
        pub fn set_role(&mut self, role: u8, account: AccountId, granted: bool) -> Result<()> {
            if role != REGISTRY_AGENT {
                return Err(TokenError::Unauthorized);
            }
            if self
                .roles
                .set(self.env().caller(), role, account, granted)?
            {
                self.env().emit_event(RoleChanged {
                    role,
                    account,
                    granted,
                });
            }
            Ok(())
        }

        /// Whether `account` holds `role`.
        #[ink(message)]
        pub fn has_role(&self, role: u8, account: AccountId) -> bool {
            self.roles.has(role, account)
        }

        /// Admin proposes the next admin (`None` cancels).
        #[ink(message)]
        pub fn propose_admin(&mut self, new: Option<AccountId>) -> Result<()> {
            self.roles.propose_admin(self.env().caller(), new)?;
            self.env().emit_event(AdminProposed { account: new });
            Ok(())
        }

        /// The proposed admin accepts.
        #[ink(message)]
        pub fn accept_admin(&mut self) -> Result<()> {
            let caller = self.env().caller();
            self.roles.accept_admin(caller)?;
            self.env().emit_event(AdminTransferred { account: caller });
            Ok(())
        }

        /// The admin and any pending proposal.
        #[ink(message)]
        pub fn admin(&self) -> (AccountId, Option<AccountId>) {
            (self.roles.admin(), self.roles.pending_admin())
        }
    }

    impl Default for Registry {
        fn default() -> Self {
            Self::new()
        }
    }

    impl super::InvestorRegistry for Registry {
        #[ink(message)]
        fn entries_of(&self, a: AccountId, b: AccountId) -> (Option<Entry>, Option<Entry>) {
            (self.entries.get(a), self.entries.get(b))
        }

        #[ink(message)]
        fn entry(&self, investor: AccountId) -> Option<Entry> {
            self.entries.get(investor)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[ink::test]
        fn upsert_is_all_or_nothing_and_role_gated() {
            let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut r = Registry::new();
            let entry = Entry {
                status: InvestorStatus::Verified,
                jurisdiction: 276,
                kyc_expiry: 1_000,
            };
            assert_eq!(
                r.upsert(vec![(accounts.bob, entry)]),
                Err(TokenError::Unauthorized),
                "the admin holds no agent role"
            );
            r.set_role(REGISTRY_AGENT, accounts.alice, true).unwrap();
            let bad = Entry {
                jurisdiction: 0,
                ..entry
            };
            assert_eq!(
                r.upsert(vec![(accounts.bob, entry), (accounts.charlie, bad)]),
                Err(TokenError::InvalidJurisdiction)
            );
            assert!(!r.is_eligible(accounts.bob), "nothing was written");
            r.upsert(vec![(accounts.bob, entry)]).unwrap();
            assert!(r.is_eligible(accounts.bob));
            assert_eq!(
                r.remove(vec![accounts.bob, accounts.charlie]),
                Err(TokenError::NotRegistered)
            );
            assert!(r.is_eligible(accounts.bob));
        }
    }
}
