//! The ink! registry and asset token on a pallet-contracts sandbox, and the driver that replays
//! the shared token vectors on them.

#![allow(dead_code)]

use scale::{Decode, Encode};
use tokenrail_core::token::TokenError;
use tokenrail_core::vectors::token::{
    Actor, Document, Failure, Hash32, InvestorStatus, Op, Role, Rules, TokenDriver,
    ZeroAmountTransfers,
};
use tokenrail_core::vectors::token_events::Event;
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{deploy_asset_token, roles, CallOutcome, Chain, Psp22Error};
use tokenrail_ledger::ink::{sandbox_records, ss58, InkContract};
use tokenrail_ledger::vector_events::{token_events, Names};
use tokenrail_ledger::{EventData, Position};

/// The SS58 format the rows spell accounts in.
const SS58: u16 = 42;

/// Unix seconds at which every scenario starts (the pallet clock counts milliseconds).
pub const T0: u64 = 1_700_000_000;

/// Mirror of the registry's `Entry`.
#[derive(Encode, Decode, Clone, Copy, Debug)]
pub struct EntryMirror {
    /// 0 verified, 1 revoked.
    pub status: u8,
    pub jurisdiction: u16,
    pub kyc_expiry: u64,
}

/// Mirror of the token's `Rules`.
#[derive(Encode, Decode, Clone, Debug, Default)]
pub struct RulesMirror {
    pub allowed_jurisdictions: Vec<u16>,
    pub blocked_jurisdictions: Vec<u16>,
    pub max_holders: u32,
    pub max_balance: u128,
    pub expired_kyc_blocks_sending: bool,
}

impl From<&Rules> for RulesMirror {
    fn from(r: &Rules) -> Self {
        RulesMirror {
            allowed_jurisdictions: r.allowed_jurisdictions.clone(),
            blocked_jurisdictions: r.blocked_jurisdictions.clone(),
            max_holders: r.max_holders,
            max_balance: r.max_balance.0,
            expired_kyc_blocks_sending: r.expired_kyc_blocks_sending,
        }
    }
}

/// Mirror of the token's `Document`.
#[derive(Decode, Clone, Debug)]
pub struct DocumentMirror {
    pub uri: String,
    pub hash: [u8; 32],
    pub last_modified: u64,
}

/// Mirror of the token's `Restriction`.
#[derive(Decode, Clone, Copy, Debug)]
pub struct RestrictionMirror {
    pub account_frozen: bool,
    pub frozen_amount: u128,
    pub locked_until: u64,
}

/// A Tokenrail message's outcome (`Result<(), TokenError>`, the error byte being the code).
pub fn tokenrail_outcome(out: &CallOutcome) -> Result<(), Failure> {
    let r: Result<(), u8> = out.value();
    r.map_err(|code| match TokenError::from_code(code.into()) {
        Some(e) => Failure::Spec(e),
        None => Failure::Other(format!("unknown ink! token error {code}")),
    })
}

/// A PSP22 message's outcome: `InsufficientBalance` is code 8, `InsufficientAllowance` 18, and
/// `Custom` carries the `[token:<code> <Name>]` tag.
pub fn psp22_outcome(out: &CallOutcome) -> Result<(), Failure> {
    let r: Result<(), Psp22Error> = out.value();
    r.map_err(|e| match e {
        Psp22Error::InsufficientBalance => Failure::Spec(TokenError::InsufficientBalance),
        Psp22Error::InsufficientAllowance => Failure::Spec(TokenError::InsufficientAllowance),
        Psp22Error::Custom(text) => match TokenError::find_tag(&text) {
            Some(code) => Failure::Spec(code),
            None => Failure::Other(format!("untagged PSP22 error {text:?}")),
        },
        other => Failure::Other(format!("{other:?}")),
    })
}

/// A registry and an asset token deployed by [`Actor::Admin`], one account per actor.
pub struct Driver {
    pub chain: Chain,
    pub registry: AccountId32,
    pub token: AccountId32,
    /// Each actor's account as the rows spell it.
    accounts: Vec<(String, Actor)>,
    /// How many `ContractEmitted` events [`TokenDriver::events`] has read.
    events_read: usize,
    /// The last call's operation.
    last_op: Option<Op>,
}

impl Names for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        self.accounts
            .iter()
            .find(|(spelled, _)| spelled == address)
            .map(|(_, a)| *a)
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(T0)
    }
}

impl Driver {
    pub fn new(cap: u128) -> Self {
        let mut chain = Chain::new();
        for a in Actor::ALL {
            chain.account(a as u8);
        }
        let admin = chain.account(Actor::Admin as u8);
        chain.set_timestamp_ms(T0 * 1000);
        let (registry, token) = deploy_asset_token(&mut chain, &admin, cap);
        let accounts = Actor::ALL
            .into_iter()
            .map(|a| (ss58(chain.account(a as u8).as_ref(), SS58), a))
            .collect();
        let events_read = chain.contract_events().len();
        Driver {
            chain,
            registry,
            token,
            accounts,
            events_read,
            last_op: None,
        }
    }

    pub fn who(&mut self, a: Actor) -> AccountId32 {
        self.chain.account(a as u8)
    }

    /// Calls the token as `by`; a trap is a non-spec failure.
    pub fn call(
        &mut self,
        by: Actor,
        message: &str,
        args: impl Encode,
    ) -> Result<CallOutcome, Failure> {
        let who = self.who(by);
        let token = self.token.clone();
        self.chain
            .try_call(&token, message, args, &who, 0)
            .map_err(Failure::Other)
    }

    pub fn tokenrail(
        &mut self,
        by: Actor,
        message: &str,
        args: impl Encode,
    ) -> Result<(), Failure> {
        tokenrail_outcome(&self.call(by, message, args)?)
    }

    pub fn psp22(&mut self, by: Actor, message: &str, args: impl Encode) -> Result<(), Failure> {
        psp22_outcome(&self.call(by, message, args)?)
    }

    pub fn registry_call(
        &mut self,
        by: Actor,
        message: &str,
        args: impl Encode,
    ) -> Result<(), Failure> {
        let who = self.who(by);
        let registry = self.registry.clone();
        let out = self
            .chain
            .try_call(&registry, message, args, &who, 0)
            .map_err(Failure::Other)?;
        tokenrail_outcome(&out)
    }

    pub fn query<T: Decode>(&mut self, message: &str, args: impl Encode) -> T {
        let admin = self.who(Actor::Admin);
        let token = self.token.clone();
        self.chain.call(&token, message, args, &admin, 0).value()
    }

    pub fn account_of(&mut self, a: AccountId32) -> (u128, RestrictionMirror) {
        self.query("account", a)
    }

    pub fn status(&mut self) -> (u128, u128, u32, bool, AccountId32) {
        self.query("status", ())
    }

    fn at(offset: u64) -> u64 {
        T0 + offset
    }

    /// Translates a vector operation into the contracts' messages.
    pub fn apply(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        match op {
            Op::GrantRole { role, account } | Op::RevokeRole { role, account } => {
                let granted = matches!(op, Op::GrantRole { .. });
                let account = self.who(*account);
                match role {
                    Role::RegistryAgent => self.registry_call(
                        by,
                        "set_role",
                        (roles::REGISTRY_AGENT, account, granted),
                    ),
                    Role::Issuer => {
                        self.tokenrail(by, "set_role", (roles::ISSUER, account, granted))
                    }
                    Role::Agent => self.tokenrail(by, "set_role", (roles::AGENT, account, granted)),
                    Role::Pauser => {
                        self.tokenrail(by, "set_role", (roles::PAUSER, account, granted))
                    }
                }
            }
            Op::ProposeAdmin { new } => {
                let new = new.map(|a| self.who(a));
                self.tokenrail(by, "propose_admin", new)
            }
            Op::AcceptAdmin => self.tokenrail(by, "accept_admin", ()),
            Op::Register { entries } => {
                let entries: Vec<(AccountId32, EntryMirror)> = entries
                    .iter()
                    .map(|e| {
                        let entry = EntryMirror {
                            status: match e.status {
                                InvestorStatus::Verified => 0,
                                InvestorStatus::Revoked => 1,
                            },
                            jurisdiction: e.jurisdiction,
                            kyc_expiry: Self::at(e.kyc_expiry),
                        };
                        (self.who(e.investor), entry)
                    })
                    .collect();
                self.registry_call(by, "upsert", entries)
            }
            Op::RemoveInvestors { investors } => {
                let investors: Vec<AccountId32> = investors.iter().map(|a| self.who(*a)).collect();
                self.registry_call(by, "remove", investors)
            }
            Op::SetRules { rules } => self.tokenrail(by, "set_rules", RulesMirror::from(rules)),
            Op::Mint { to, amount } => {
                let to = self.who(*to);
                self.tokenrail(by, "mint", (to, amount.0))
            }
            Op::Transfer { to, amount } => {
                let to = self.who(*to);
                self.psp22(by, "PSP22::transfer", (to, amount.0, Vec::<u8>::new()))
            }
            Op::Approve { spender, amount } => {
                let spender = self.who(*spender);
                self.psp22(by, "PSP22::approve", (spender, amount.0))
            }
            Op::TransferFrom { from, to, amount } => {
                let (from, to) = (self.who(*from), self.who(*to));
                self.psp22(
                    by,
                    "PSP22::transfer_from",
                    (from, to, amount.0, Vec::<u8>::new()),
                )
            }
            Op::BatchTransfer { legs } => {
                let recipients: Vec<AccountId32> = legs.iter().map(|(a, _)| self.who(*a)).collect();
                let amounts: Vec<u128> = legs.iter().map(|(_, n)| n.0).collect();
                self.tokenrail(by, "batch_transfer", (recipients, amounts))
            }
            Op::Burn { amount } => self.psp22(by, "PSP22Burnable::burn", amount.0),
            Op::Redeem { from, amount } => {
                let from = self.who(*from);
                self.tokenrail(by, "redeem", (from, amount.0))
            }
            Op::ForcedTransfer { from, to, amount } => {
                let (from, to) = (self.who(*from), self.who(*to));
                self.tokenrail(by, "forced_transfer", (from, to, amount.0))
            }
            Op::Recover { lost, new } => {
                let (lost, new) = (self.who(*lost), self.who(*new));
                self.tokenrail(by, "recover", (lost, new))
            }
            Op::SetAccountFrozen { account, frozen } => {
                let account = self.who(*account);
                self.tokenrail(by, "set_account_frozen", (account, *frozen))
            }
            Op::SetFrozenAmount { account, amount } => {
                let account = self.who(*account);
                self.tokenrail(by, "set_frozen_amount", (account, amount.0))
            }
            Op::SetLockup { account, until } => {
                let account = self.who(*account);
                let until = if *until == 0 { 0 } else { Self::at(*until) };
                self.tokenrail(by, "set_lockup", (account, until))
            }
            Op::Pause => self.tokenrail(by, "pause", ()),
            Op::Deactivate => self.tokenrail(by, "deactivate", ()),
            Op::Unpause => self.tokenrail(by, "unpause", ()),
            Op::SetDocument { name, uri, hash } => {
                self.tokenrail(by, "set_document", (name, uri, hash.0))
            }
            Op::RemoveDocument { name } => self.tokenrail(by, "remove_document", name),
        }
    }
}

impl TokenDriver for Driver {
    fn set_time(&mut self, offset: u64) {
        self.chain.set_timestamp_ms(Self::at(offset) * 1000);
    }

    fn call(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        self.last_op = Some(op.clone());
        self.apply(by, op)
    }

    /// The call's `ContractEmitted` events through the ledger's ink! decoder, as a node's
    /// `System::Events` gives them.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let emitted = self.chain.contract_events();
        let fresh = emitted
            .get(self.events_read..)
            .ok_or("the sandbox's event list shrank")?;
        self.events_read = emitted.len();
        let contracts = [
            InkContract::Token(*self.token.as_ref()),
            InkContract::Registry(*self.registry.as_ref()),
        ];
        let rows = sandbox_records(
            "sandbox",
            SS58,
            &contracts,
            &Position::default(),
            fresh
                .iter()
                .map(|e| (e.contract, &e.topics[..], &e.data[..])),
        );
        // PSP22's `transfer_from` logs the allowance it leaves (`Approval`); ERC-20, cw20 and
        // SPL Token do not, so the vectors list only the move (`docs/spec/events.md`).
        let spent_allowance = matches!(self.last_op, Some(Op::TransferFrom { .. }));
        let rows = rows
            .iter()
            .map(|r| &r.data)
            .filter(|d| !(spent_allowance && matches!(d, EventData::Approved { .. })));
        token_events(rows, self)
    }

    fn can_transfer(&mut self, from: Actor, to: Actor, amount: u128) -> u16 {
        let (from, to) = (self.who(from), self.who(to));
        self.query("can_transfer", (from, to, amount))
    }

    fn balance(&mut self, a: Actor) -> u128 {
        let who = self.who(a);
        self.query("PSP22::balance_of", who)
    }

    fn frozen_amount(&mut self, a: Actor) -> u128 {
        let who = self.who(a);
        self.account_of(who).1.frozen_amount
    }

    fn supply(&mut self) -> u128 {
        self.query("PSP22::total_supply", ())
    }

    fn holders(&mut self) -> u32 {
        self.status().2
    }

    fn zero_amount_transfers(&self) -> ZeroAmountTransfers {
        ZeroAmountTransfers::Accepted
    }

    fn document(&mut self, name: &str) -> Option<Document> {
        let got: Result<DocumentMirror, u8> = self.query("document", name);
        match got {
            Ok(d) => Some(Document {
                uri: d.uri,
                hash: Hash32(d.hash),
                last_modified: d.last_modified - T0,
            }),
            Err(code) if code == TokenError::DocumentNotFound as u8 => None,
            Err(code) => panic!("document `{name}` failed with {code}"),
        }
    }

    fn document_names(&mut self) -> Vec<String> {
        self.query("document_names", ())
    }
}
