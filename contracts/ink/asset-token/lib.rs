//! Tokenrail asset token for ink! (pallet-contracts), `docs/spec/token.md` and
//! `docs/spec/whitelist.md`.
//!
//! A PSP22-compatible contract (the PSP22, PSP22Metadata and PSP22Burnable messages and selectors
//! unchanged; balances and allowances kept by the `psp22` crate's `PSP22Data`) with Tokenrail's
//! roles, cap, pause, freezes, lock-ups, forced transfer and recovery, metadata naming the legal
//! document, and compliance rules checked against an investor registry contract
//! ([`ink_registry`]) on every path that moves a balance.
//!
//! Errors: Tokenrail messages return [`TokenError`], whose SCALE byte is the spec's code. PSP22
//! messages return `PSP22Error`: `InsufficientBalance` (code 8), `InsufficientAllowance` (18), and
//! `Custom("[token:<code> <Name>]")` for every other code. A zero-amount transfer is accepted
//! as PSP22 has it (a no-op), after every other check. Difference from a plain PSP22: an
//! allowance of `u128::MAX` is unlimited (never decreased).
//!
//! Chain notes: times are Unix seconds (pallet-contracts' milliseconds divided by 1000). The
//! registry is called read-only without `ALLOW_REENTRY`.

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

/// The asset token contract.
#[ink::contract]
pub mod asset_token {
    use ink::prelude::string::String;
    use ink::prelude::vec::Vec;
    use ink::storage::{Lazy, Mapping};
    use ink_registry::{
        AdminProposed, AdminTransferred, Entry, InvestorRegistry, InvestorStatus, RoleChanged,
        Roles, TokenError,
    };
    use psp22::{PSP22Burnable, PSP22Data, PSP22Error, PSP22Event, PSP22Metadata, PSP22};
    use tokenrail_core::token::{check_document, LEGAL_DOCUMENT, MAX_DOCUMENTS};

    /// Role byte: mints within the cap, redeems.
    pub const ISSUER: u8 = 1;
    /// Role byte: compliance agent (rules, freezes, lock-ups, forced transfer, recovery).
    pub const AGENT: u8 = 2;
    /// Role byte: pauses and unpauses.
    pub const PAUSER: u8 = 3;
    /// Most legs of one `batch_transfer`.
    pub const MAX_BATCH: usize = 100;
    /// Most jurisdictions in each rules list.
    pub const MAX_JURISDICTIONS: usize = 32;
    /// Longest metadata URI in bytes.
    pub const MAX_URI_LEN: usize = tokenrail_core::token::MAX_URI_LEN;

    /// Result of Tokenrail messages.
    pub type Result<T> = core::result::Result<T, TokenError>;

    /// The token's compliance rules (`docs/spec/whitelist.md`).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Rules {
        /// If non-empty, the only jurisdictions that may receive (at most 32).
        pub allowed_jurisdictions: Vec<u16>,
        /// Jurisdictions that may not receive (at most 32).
        pub blocked_jurisdictions: Vec<u16>,
        /// Largest number of holders; 0 = unlimited.
        pub max_holders: u32,
        /// Largest balance one address may reach by receiving; 0 = unlimited.
        pub max_balance: u128,
        /// An expired KYC also blocks sending.
        pub expired_kyc_blocks_sending: bool,
    }

    /// An account's restrictions, one record so a transfer reads each party once.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Restriction {
        /// Can neither send nor receive.
        pub account_frozen: bool,
        /// Part of the balance that cannot be sent.
        pub frozen_amount: u128,
        /// Unix seconds before which the account cannot send.
        pub locked_until: u64,
    }

    /// Name, symbol and the legal-document metadata (read only by their getters).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Metadata {
        /// 1–64 bytes.
        pub name: String,
        /// 1–16 bytes.
        pub symbol: String,
        /// Up to 256 bytes.
        pub uri: String,
        /// SHA-256 of the legal document.
        pub legal_document_hash: [u8; 32],
        /// When the metadata (the document `legal`) last changed, in Unix seconds.
        pub modified: u64,
    }

    /// A document (ERC-1643, `docs/spec/token.md`); `legal` is the [`Metadata`].
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Document {
        /// Up to 256 bytes.
        pub uri: String,
        /// Its hash.
        pub hash: [u8; 32],
        /// When it last changed, in Unix seconds.
        pub last_modified: u64,
    }

    // PSP22's `Transfer` (also for mints, burns, forced transfers and recoveries) and `Approval`
    // are the `psp22` crate's own events: a second definition with the same signature topic would
    // make the contract's metadata ambiguous (ink! refuses to generate it).

    /// The documented bypass was used.
    #[ink(event)]
    pub struct ForcedTransfer {
        /// The compliance agent.
        #[ink(topic)]
        pub agent: AccountId,
        /// Source.
        pub from: AccountId,
        /// Recipient.
        pub to: AccountId,
        /// Amount.
        pub amount: u128,
    }

    /// A lost wallet's position moved to a new wallet.
    #[ink(event)]
    pub struct Recovered {
        /// The compliance agent.
        #[ink(topic)]
        pub agent: AccountId,
        /// The lost wallet.
        pub lost: AccountId,
        /// The new wallet.
        pub new: AccountId,
        /// The balance moved.
        pub amount: u128,
    }

    /// An issuer redeemed a holder's tokens.
    #[ink(event)]
    pub struct Redeemed {
        /// The issuer.
        #[ink(topic)]
        pub issuer: AccountId,
        /// The holder.
        pub from: AccountId,
        /// Amount burned.
        pub amount: u128,
    }

    /// An account's restrictions changed.
    #[ink(event)]
    pub struct RestrictionSet {
        /// The account.
        #[ink(topic)]
        pub account: AccountId,
        /// Its restrictions now.
        pub restriction: Restriction,
    }

    /// The token was paused or unpaused.
    #[ink(event)]
    pub struct PauseSet {
        /// The pauser.
        pub by: AccountId,
        /// Paused now or not.
        pub paused: bool,
    }

    /// The token was deactivated, for good.
    #[ink(event)]
    pub struct Deactivated {
        /// The admin.
        pub by: AccountId,
    }

    /// The compliance rules were replaced.
    #[ink(event)]
    pub struct RulesUpdated {
        /// The rules now.
        pub rules: Rules,
    }

    /// The metadata changed.
    #[ink(event)]
    pub struct MetadataUpdated {
        /// The metadata URI now.
        pub uri: String,
        /// The legal document's hash now.
        pub legal_document_hash: [u8; 32],
    }

    /// A document other than `legal` was created or replaced.
    #[ink(event)]
    pub struct DocumentUpdated {
        /// Its name.
        pub name: String,
        /// Its URI now.
        pub uri: String,
        /// Its hash now.
        pub hash: [u8; 32],
    }

    /// A document was removed.
    #[ink(event)]
    pub struct DocumentRemoved {
        /// Its name.
        pub name: String,
    }

    /// The token's storage.
    #[ink(storage)]
    pub struct AssetToken {
        data: PSP22Data,
        roles: Roles,
        decimals: u8,
        cap: u128,
        registry: AccountId,
        paused: bool,
        /// The token's life ended (`docs/spec/token.md`, deactivate): set once, never cleared.
        deactivated: bool,
        holders: u32,
        rules: Lazy<Rules>,
        metadata: Lazy<Metadata>,
        restrictions: Mapping<AccountId, Restriction>,
        /// Documents besides `legal`, by name (their own keys: a transfer loads none of them).
        documents: Mapping<String, Document>,
        /// Their names, in the order they were first set.
        document_names: Lazy<Vec<String>>,
    }

    fn zero() -> AccountId {
        AccountId::from([0u8; 32])
    }

    fn nonzero_account(a: AccountId) -> Result<()> {
        if a == zero() {
            return Err(TokenError::InvalidAddress);
        }
        Ok(())
    }

    /// The PSP22 error of a spec code.
    fn psp22_error(e: TokenError) -> PSP22Error {
        match e {
            TokenError::InsufficientBalance => PSP22Error::InsufficientBalance,
            TokenError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
            other => PSP22Error::Custom(other.tag()),
        }
    }

    impl AssetToken {
        /// Deploys the token; the deployer becomes the admin and holds no other role.
        #[ink(constructor)]
        pub fn new(
            name: String,
            symbol: String,
            decimals: u8,
            cap: u128,
            registry: AccountId,
            uri: String,
            legal_document_hash: [u8; 32],
        ) -> Result<Self> {
            if name.is_empty() || name.len() > 64 || symbol.is_empty() || symbol.len() > 16 {
                return Err(TokenError::InvalidMetadata);
            }
            if decimals > 18 || cap == 0 || uri.len() > MAX_URI_LEN {
                return Err(TokenError::InvalidMetadata);
            }
            nonzero_account(registry)?;
            let mut metadata = Lazy::new();
            metadata.set(&Metadata {
                name,
                symbol,
                uri,
                legal_document_hash,
                modified: Self::env().block_timestamp() / 1000,
            });
            let mut rules = Lazy::new();
            rules.set(&Rules::default());
            Ok(Self {
                data: PSP22Data::default(),
                roles: Roles::new(Self::env().caller()),
                decimals,
                cap,
                registry,
                paused: false,
                deactivated: false,
                holders: 0,
                rules,
                metadata,
                restrictions: Mapping::default(),
                documents: Mapping::default(),
                document_names: Lazy::new(),
            })
        }

        fn now(&self) -> u64 {
            self.env().block_timestamp() / 1000
        }

        fn emit_events(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(e) => self.env().emit_event(e),
                    PSP22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }

        fn restriction(&self, a: AccountId) -> Restriction {
            self.restrictions.get(a).unwrap_or_default()
        }

        fn set_restriction(&mut self, a: AccountId, r: Restriction) {
            if r == Restriction::default() {
                self.restrictions.remove(a);
            } else {
                self.restrictions.insert(a, &r);
            }
            self.env().emit_event(RestrictionSet {
                account: a,
                restriction: r,
            });
        }

        fn registry(&self) -> ink::contract_ref!(InvestorRegistry) {
            self.registry.into()
        }

        // ----- the checks, in the spec's order -----

        /// `Deactivated` once the token's life ended: every movement's first check after the
        /// role and the addresses.
        fn active(&self) -> Result<()> {
            if self.deactivated {
                return Err(TokenError::Deactivated);
            }
            Ok(())
        }

        fn not_paused(&self) -> Result<()> {
            if self.paused {
                return Err(TokenError::Paused);
            }
            Ok(())
        }

        fn spendable(&self, from: AccountId, r: &Restriction, amount: u128) -> Result<()> {
            let balance = self.data.balance_of(from);
            if amount > balance {
                return Err(TokenError::InsufficientBalance);
            }
            if amount > balance - r.frozen_amount {
                return Err(TokenError::InsufficientUnfrozenBalance);
            }
            Ok(())
        }

        fn check_sender(rules: &Rules, now: u64, e: Option<Entry>) -> Result<()> {
            match e {
                Some(e) if e.status == InvestorStatus::Verified => {
                    if now >= e.kyc_expiry && rules.expired_kyc_blocks_sending {
                        return Err(TokenError::SenderKycExpired);
                    }
                    Ok(())
                }
                _ => Err(TokenError::SenderNotVerified),
            }
        }

        fn check_recipient(rules: &Rules, now: u64, e: Option<Entry>) -> Result<()> {
            let e = match e {
                Some(e) if e.status == InvestorStatus::Verified => e,
                _ => return Err(TokenError::RecipientNotVerified),
            };
            if now >= e.kyc_expiry {
                return Err(TokenError::RecipientKycExpired);
            }
            let j = e.jurisdiction;
            let allowed = &rules.allowed_jurisdictions;
            if rules.blocked_jurisdictions.contains(&j)
                || (!allowed.is_empty() && !allowed.contains(&j))
            {
                return Err(TokenError::JurisdictionNotAllowed);
            }
            Ok(())
        }

        fn check_limits(
            &self,
            rules: &Rules,
            from: Option<AccountId>,
            to: AccountId,
            amount: u128,
        ) -> Result<()> {
            if from == Some(to) {
                return Ok(());
            }
            let to_balance = self.data.balance_of(to);
            if rules.max_balance > 0 && to_balance.saturating_add(amount) > rules.max_balance {
                return Err(TokenError::MaxBalanceExceeded);
            }
            if rules.max_holders > 0 && to_balance == 0 && amount > 0 {
                let leaves = from.is_some_and(|f| self.data.balance_of(f) == amount);
                if self.holders + 1 - u32::from(leaves) > rules.max_holders {
                    return Err(TokenError::MaxHoldersReached);
                }
            }
            Ok(())
        }

        /// Every check of `transfer(from, to, amount)`: the one function behind PSP22
        /// `transfer`, `transfer_from`, each batch leg and `can_transfer`.
        /// A zero amount is a normal transfer, as PSP22 has it: every other check applies.
        fn transfer_checks(&self, from: AccountId, to: AccountId, amount: u128) -> Result<()> {
            nonzero_account(to)?;
            self.active()?;
            self.not_paused()?;
            let rf = self.restriction(from);
            if rf.account_frozen {
                return Err(TokenError::SenderFrozen);
            }
            if self.restriction(to).account_frozen {
                return Err(TokenError::RecipientFrozen);
            }
            let now = self.now();
            if now < rf.locked_until {
                return Err(TokenError::LockedUp);
            }
            self.spendable(from, &rf, amount)?;
            let rules = self.rules.get_or_default();
            let (ef, et) = self.registry().entries_of(from, to);
            Self::check_sender(&rules, now, ef)?;
            Self::check_recipient(&rules, now, et)?;
            self.check_limits(&rules, Some(from), to, amount)
        }

        /// Moves `amount` through `PSP22Data`, keeping the holder count (`None` = mint/burn).
        fn move_tokens(&mut self, from: Option<AccountId>, to: Option<AccountId>, amount: u128) {
            let before_from = from.map(|f| self.data.balance_of(f));
            let before_to = to.map(|t| self.data.balance_of(t));
            let events = match (from, to) {
                (Some(f), Some(t)) => self.data.transfer(f, t, amount),
                (None, Some(t)) => self.data.mint(t, amount),
                (Some(f), None) => self.data.burn(f, amount),
                (None, None) => Ok(Vec::new()),
            }
            .expect("balances and the cap were checked");
            if from == to || amount == 0 {
                return;
            }
            if before_from == Some(amount) {
                self.holders -= 1;
            }
            if before_to == Some(0) {
                self.holders += 1;
            }
            self.emit_events(events);
        }

        fn transfer_checked(&mut self, from: AccountId, to: AccountId, amount: u128) -> Result<()> {
            self.transfer_checks(from, to, amount)?;
            self.move_tokens(Some(from), Some(to), amount);
            Ok(())
        }

        fn burn_checked(&mut self, from: AccountId, amount: u128) -> Result<()> {
            self.active()?;
            if amount == 0 {
                return Err(TokenError::ZeroAmount);
            }
            self.not_paused()?;
            let r = self.restriction(from);
            if r.account_frozen {
                return Err(TokenError::SenderFrozen);
            }
            let now = self.now();
            if now < r.locked_until {
                return Err(TokenError::LockedUp);
            }
            self.spendable(from, &r, amount)?;
            let rules = self.rules.get_or_default();
            Self::check_sender(&rules, now, self.registry().entry(from))?;
            self.move_tokens(Some(from), None, amount);
            Ok(())
        }

        // ----- Tokenrail messages -----

        /// The code `transfer(to, amount)` signed by `from` would fail with now (0: allowed).
        #[ink(message)]
        pub fn can_transfer(&self, from: AccountId, to: AccountId, amount: u128) -> u16 {
            match self.transfer_checks(from, to, amount) {
                Ok(()) => 0,
                Err(e) => e.code(),
            }
        }

        /// The message of restriction `code` (ERC-1404's `messageForTransferRestriction`):
        /// "allowed" for 0, "unknown restriction" for a number outside the spec's table.
        #[ink(message)]
        pub fn restriction_message(&self, code: u16) -> String {
            String::from(tokenrail_core::token::restriction_message(code))
        }

        /// An issuer mints to an eligible investor within the cap.
        #[ink(message)]
        pub fn mint(&mut self, to: AccountId, amount: u128) -> Result<()> {
            self.roles.require(ISSUER, self.env().caller())?;
            nonzero_account(to)?;
            self.active()?;
            if amount == 0 {
                return Err(TokenError::ZeroAmount);
            }
            if self
                .data
                .total_supply()
                .checked_add(amount)
                .is_none_or(|s| s > self.cap)
            {
                return Err(TokenError::CapExceeded);
            }
            if self.restriction(to).account_frozen {
                return Err(TokenError::RecipientFrozen);
            }
            let rules = self.rules.get_or_default();
            Self::check_recipient(&rules, self.now(), self.registry().entry(to))?;
            self.check_limits(&rules, None, to, amount)?;
            self.move_tokens(None, Some(to), amount);
            Ok(())
        }

        /// The caller pays `amounts[i]` to `recipients[i]`, in order, all or nothing.
        #[ink(message)]
        pub fn batch_transfer(
            &mut self,
            recipients: Vec<AccountId>,
            amounts: Vec<u128>,
        ) -> Result<()> {
            self.active()?;
            if recipients.len() != amounts.len() {
                return Err(TokenError::LengthMismatch);
            }
            if recipients.is_empty() {
                return Err(TokenError::EmptyBatch);
            }
            if recipients.len() > MAX_BATCH {
                return Err(TokenError::MaxBatch);
            }
            let from = self.env().caller();
            for (to, amount) in recipients.into_iter().zip(amounts) {
                self.transfer_checked(from, to, amount)?;
            }
            Ok(())
        }

        /// An issuer burns from a holder; only the balance and the frozen amount are checked.
        #[ink(message)]
        pub fn redeem(&mut self, from: AccountId, amount: u128) -> Result<()> {
            let issuer = self.env().caller();
            self.roles.require(ISSUER, issuer)?;
            nonzero_account(from)?;
            self.active()?;
            if amount == 0 {
                return Err(TokenError::ZeroAmount);
            }
            self.spendable(from, &self.restriction(from), amount)?;
            self.move_tokens(Some(from), None, amount);
            self.env().emit_event(Redeemed {
                issuer,
                from,
                amount,
            });
            Ok(())
        }

        /// The documented bypass of pause, freezes, lock-ups and compliance; a frozen amount
        /// above the new balance is cut to it.
        #[ink(message)]
        pub fn forced_transfer(
            &mut self,
            from: AccountId,
            to: AccountId,
            amount: u128,
        ) -> Result<()> {
            let agent = self.env().caller();
            self.roles.require(AGENT, agent)?;
            nonzero_account(from)?;
            nonzero_account(to)?;
            self.active()?;
            if amount == 0 {
                return Err(TokenError::ZeroAmount);
            }
            let balance = self.data.balance_of(from);
            if amount > balance {
                return Err(TokenError::InsufficientBalance);
            }
            self.move_tokens(Some(from), Some(to), amount);
            let mut r = self.restriction(from);
            let left = self.data.balance_of(from);
            if r.frozen_amount > left {
                r.frozen_amount = left;
                self.set_restriction(from, r);
            }
            self.env().emit_event(ForcedTransfer {
                agent,
                from,
                to,
                amount,
            });
            Ok(())
        }

        /// Moves a lost wallet's whole position to an eligible new wallet that holds nothing.
        #[ink(message)]
        pub fn recover(&mut self, lost: AccountId, new: AccountId) -> Result<()> {
            let agent = self.env().caller();
            self.roles.require(AGENT, agent)?;
            nonzero_account(lost)?;
            nonzero_account(new)?;
            self.active()?;
            let amount = self.data.balance_of(lost);
            if amount == 0 {
                return Err(TokenError::ZeroAmount);
            }
            // The recipient's registry checks, as a transfer to `new` would run them.
            let rules = self.rules.get_or_default();
            Self::check_recipient(&rules, self.now(), self.registry().entry(new))?;
            if self.data.balance_of(new) > 0 {
                return Err(TokenError::RecoveryTargetHolds);
            }
            self.move_tokens(Some(lost), Some(new), amount);
            // The stricter of both wallets' restrictions: a recovery never lifts one. `new` held
            // nothing, so its own frozen amount was zero.
            let moved = self.restriction(lost);
            let kept = self.restriction(new);
            if moved != Restriction::default() {
                self.set_restriction(lost, Restriction::default());
            }
            let merged = Restriction {
                account_frozen: moved.account_frozen || kept.account_frozen,
                frozen_amount: moved.frozen_amount,
                locked_until: moved.locked_until.max(kept.locked_until),
            };
            if merged != kept {
                self.set_restriction(new, merged);
            }
            self.env().emit_event(Recovered {
                agent,
                lost,
                new,
                amount,
            });
            Ok(())
        }

        /// A compliance agent freezes or unfreezes a whole account.
        #[ink(message)]
        pub fn set_account_frozen(&mut self, account: AccountId, frozen: bool) -> Result<()> {
            self.roles.require(AGENT, self.env().caller())?;
            nonzero_account(account)?;
            let mut r = self.restriction(account);
            r.account_frozen = frozen;
            self.set_restriction(account, r);
            Ok(())
        }

        /// A compliance agent sets the frozen part of a balance (absolute; ≤ the balance).
        #[ink(message)]
        pub fn set_frozen_amount(&mut self, account: AccountId, amount: u128) -> Result<()> {
            self.roles.require(AGENT, self.env().caller())?;
            nonzero_account(account)?;
            if amount > self.data.balance_of(account) {
                return Err(TokenError::FreezeExceedsBalance);
            }
            let mut r = self.restriction(account);
            r.frozen_amount = amount;
            self.set_restriction(account, r);
            Ok(())
        }

        /// A compliance agent locks an account's sending until `until` (Unix seconds; 0 lifts).
        #[ink(message)]
        pub fn set_lockup(&mut self, account: AccountId, until: u64) -> Result<()> {
            self.roles.require(AGENT, self.env().caller())?;
            nonzero_account(account)?;
            let mut r = self.restriction(account);
            r.locked_until = until;
            self.set_restriction(account, r);
            Ok(())
        }

        /// A compliance agent replaces the rules.
        #[ink(message)]
        pub fn set_rules(&mut self, rules: Rules) -> Result<()> {
            self.roles.require(AGENT, self.env().caller())?;
            if rules.allowed_jurisdictions.len() > MAX_JURISDICTIONS
                || rules.blocked_jurisdictions.len() > MAX_JURISDICTIONS
            {
                return Err(TokenError::InvalidRules);
            }
            self.rules.set(&rules);
            self.env().emit_event(RulesUpdated { rules });
            Ok(())
        }

        /// A pauser pauses holder-initiated movements.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.set_paused(true)
        }

        /// A pauser lifts the pause.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.set_paused(false)
        }

        fn set_paused(&mut self, paused: bool) -> Result<()> {
            let by = self.env().caller();
            self.roles.require(PAUSER, by)?;
            if !paused {
                self.active()?;
            }
            match (self.paused, paused) {
                (true, true) => return Err(TokenError::Paused),
                (false, false) => return Err(TokenError::NotPaused),
                _ => {}
            }
            self.paused = paused;
            self.env().emit_event(PauseSet { by, paused });
            Ok(())
        }

        /// The admin ends the token's life, irreversibly (CMTAT's `deactivateContract`): the
        /// token must be paused, and afterwards nothing moves a balance and nothing unpauses it.
        #[ink(message)]
        pub fn deactivate(&mut self) -> Result<()> {
            let by = self.env().caller();
            self.roles.require_admin(by)?;
            self.active()?;
            if !self.paused {
                return Err(TokenError::NotPaused);
            }
            self.deactivated = true;
            self.env().emit_event(Deactivated { by });
            Ok(())
        }

        /// The admin replaces the metadata URI and the legal document's hash (the document
        /// `legal`).
        #[ink(message)]
        pub fn set_metadata(&mut self, uri: String, legal_document_hash: [u8; 32]) -> Result<()> {
            self.roles.require_admin(self.env().caller())?;
            self.write_metadata(uri, legal_document_hash)
        }

        fn write_metadata(&mut self, uri: String, legal_document_hash: [u8; 32]) -> Result<()> {
            if uri.len() > MAX_URI_LEN {
                return Err(TokenError::InvalidMetadata);
            }
            let mut m = self.metadata.get_or_default();
            m.uri = uri.clone();
            m.legal_document_hash = legal_document_hash;
            m.modified = self.now();
            self.metadata.set(&m);
            self.env().emit_event(MetadataUpdated {
                uri,
                legal_document_hash,
            });
            Ok(())
        }

        /// The admin creates or replaces document `name` (ERC-1643's `setDocument`); under
        /// `legal` this is [`set_metadata`](Self::set_metadata).
        #[ink(message)]
        pub fn set_document(&mut self, name: String, uri: String, hash: [u8; 32]) -> Result<()> {
            self.roles.require_admin(self.env().caller())?;
            if name == LEGAL_DOCUMENT {
                return self.write_metadata(uri, hash);
            }
            check_document(name.as_bytes(), uri.as_bytes())?;
            let mut names = self.document_names.get_or_default();
            if !names.contains(&name) {
                // `legal` is one of the token's documents too.
                if names.len() + 1 >= MAX_DOCUMENTS {
                    return Err(TokenError::TooManyDocuments);
                }
                names.push(name.clone());
                self.document_names.set(&names);
            }
            let last_modified = self.now();
            self.documents.insert(
                &name,
                &Document {
                    uri: uri.clone(),
                    hash,
                    last_modified,
                },
            );
            self.env().emit_event(DocumentUpdated { name, uri, hash });
            Ok(())
        }

        /// The admin removes document `name` (never `legal`, which is the metadata).
        #[ink(message)]
        pub fn remove_document(&mut self, name: String) -> Result<()> {
            self.roles.require_admin(self.env().caller())?;
            if name == LEGAL_DOCUMENT {
                return Err(TokenError::InvalidMetadata);
            }
            let mut names = self.document_names.get_or_default();
            let at = names
                .iter()
                .position(|n| *n == name)
                .ok_or(TokenError::DocumentNotFound)?;
            names.remove(at);
            self.document_names.set(&names);
            self.documents.remove(&name);
            self.env().emit_event(DocumentRemoved { name });
            Ok(())
        }

        /// The admin grants (`granted`) or revokes a role ([`ISSUER`], [`AGENT`], [`PAUSER`]).
        #[ink(message)]
        pub fn set_role(&mut self, role: u8, account: AccountId, granted: bool) -> Result<()> {
            if !matches!(role, ISSUER | AGENT | PAUSER) {
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

        /// The admin proposes the next admin (`None` cancels).
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

        /// Whether `account` holds `role`.
        #[ink(message)]
        pub fn has_role(&self, role: u8, account: AccountId) -> bool {
            self.roles.has(role, account)
        }

        /// The admin and any pending proposal.
        #[ink(message)]
        pub fn admin(&self) -> (AccountId, Option<AccountId>) {
            (self.roles.admin(), self.roles.pending_admin())
        }

        /// An account's balance and restrictions.
        #[ink(message)]
        pub fn account(&self, a: AccountId) -> (u128, Restriction) {
            (self.data.balance_of(a), self.restriction(a))
        }

        /// Cap, supply, holder count, pause and registry.
        #[ink(message)]
        pub fn status(&self) -> (u128, u128, u32, bool, AccountId) {
            let supply = self.data.total_supply();
            (self.cap, supply, self.holders, self.paused, self.registry)
        }

        /// Whether the token was deactivated.
        #[ink(message)]
        pub fn deactivated(&self) -> bool {
            self.deactivated
        }

        /// The compliance rules.
        #[ink(message)]
        pub fn rules(&self) -> Rules {
            self.rules.get_or_default()
        }

        /// Name, symbol, URI and legal document hash.
        #[ink(message)]
        pub fn metadata(&self) -> Metadata {
            self.metadata.get_or_default()
        }

        /// Document `name` (`legal`: the metadata's URI and hash), or `DocumentNotFound`.
        #[ink(message)]
        pub fn document(&self, name: String) -> Result<Document> {
            if name == LEGAL_DOCUMENT {
                let m = self.metadata.get_or_default();
                return Ok(Document {
                    uri: m.uri,
                    hash: m.legal_document_hash,
                    last_modified: m.modified,
                });
            }
            self.documents
                .get(&name)
                .ok_or(TokenError::DocumentNotFound)
        }

        /// Every document's name: `legal` first, then the others in the order they were set.
        #[ink(message)]
        pub fn document_names(&self) -> Vec<String> {
            let mut names = Vec::from([String::from(LEGAL_DOCUMENT)]);
            names.extend(self.document_names.get_or_default());
            names
        }
    }

    impl PSP22 for AssetToken {
        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.data.total_supply()
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128 {
            self.data.balance_of(owner)
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
            self.data.allowance(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            let from = self.env().caller();
            self.transfer_checked(from, to, value).map_err(psp22_error)
        }

        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> core::result::Result<(), PSP22Error> {
            let spender = self.env().caller();
            self.active().map_err(psp22_error)?;
            let allowance = self.data.allowance(from, spender);
            if value > allowance {
                return Err(PSP22Error::InsufficientAllowance);
            }
            self.transfer_checks(from, to, value).map_err(psp22_error)?;
            if allowance != u128::MAX {
                let events = self.data.approve(from, spender, allowance - value)?;
                self.emit_events(events);
            }
            self.move_tokens(Some(from), Some(to), value);
            Ok(())
        }

        #[ink(message)]
        fn approve(
            &mut self,
            spender: AccountId,
            value: u128,
        ) -> core::result::Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta_value: u128,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            let events = self.data.increase_allowance(owner, spender, delta_value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta_value: u128,
        ) -> core::result::Result<(), PSP22Error> {
            let owner = self.env().caller();
            let events = self.data.decrease_allowance(owner, spender, delta_value)?;
            self.emit_events(events);
            Ok(())
        }
    }

    impl PSP22Metadata for AssetToken {
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            Some(self.metadata.get_or_default().name)
        }

        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            Some(self.metadata.get_or_default().symbol)
        }

        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            self.decimals
        }
    }

    impl PSP22Burnable for AssetToken {
        /// The holder burn: pause, freeze, lock-up, balance and the sender's registry entry.
        #[ink(message)]
        fn burn(&mut self, value: u128) -> core::result::Result<(), PSP22Error> {
            let from = self.env().caller();
            self.burn_checked(from, value).map_err(psp22_error)
        }
    }
}
