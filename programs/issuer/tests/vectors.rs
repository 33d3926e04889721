//! Runs every shared token vector (`tests/vectors/token`) on Solana: the issuer and hook
//! programs natively, Token-2022 in the SBF VM. Holder transfers and `transfer_from` are
//! Token-2022's own `transfer_checked` (the hook runs inside); everything else is an issuer or
//! registry instruction.
//!
//! Token-2022 reports its own checks with its own errors. A client reads them as spec codes the
//! way the spec's Solana notes describe: `MintPaused` is `Paused` (`Deactivated` when the dry
//! run says so); `AccountFrozen` is
//! `SenderFrozen` or `RecipientFrozen`, as the `check_transfer` dry run made just before says;
//! `InsufficientFunds` is `InsufficientBalance`, or `InsufficientAllowance` when a spender moved
//! more than its delegated amount; `OwnerMismatch` from a spender that is not the delegate is
//! `InsufficientAllowance`; `AccountFrozen` on `approve` is `SenderFrozen`. A client refuses to
//! make an owner its own delegate (`InvalidAddress`, as cw20 does).

#![allow(deprecated)]

mod common;

use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use common::*;
use spl_token_2022_interface::error::TokenError as T22;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use spl_token_metadata_interface::state::TokenMetadata;
use tokenrail_core::token::{TokenError as Spec, LEGAL_DOCUMENT};
use tokenrail_core::vectors::token::{
    run_all, Actor, Document, Failure, Hash32, InvestorStatus as VStatus, Op, Role as VRole, Rules,
    TokenDriver, ZeroAmountTransfers,
};
use tokenrail_core::vectors::token_events::Event;
use tokenrail_devnet::solana::bank::{custom_code, T0, TOKEN_2022};
use tokenrail_issuer::{accounts, instruction, Role};
use tokenrail_ledger::solana::{records, SolanaAsset};
use tokenrail_ledger::vector_events::{token_events, Names};
use tokenrail_ledger::Position;
use tokenrail_solana::transfer_hook::{token_2022_refusal, TransferSigner};
use tokenrail_transfer_hook::client::{
    extra_account_metas_address, holder_address, investor_address, policy_address,
    transfer_extra_accounts,
};
use tokenrail_transfer_hook::{HolderState, InvestorStatus, RulesInput, TokenPolicy};

/// Replays token vectors on the Solana programs.
struct Driver {
    t: Token,
    /// How many landed transactions [`TokenDriver::events`] has read.
    landed_read: usize,
}

impl Names for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.key(*a).to_string() == address)
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(T0 as u64)
    }
}

fn at(offset: u64) -> i64 {
    T0 + offset as i64
}

fn amount64(a: u128) -> u64 {
    u64::try_from(a).unwrap_or(u64::MAX)
}

/// A failed transaction as the spec's outcome: the programs' custom errors are `6000 + code`.
fn spec_failure(code: Option<u32>) -> Failure {
    match code {
        Some(c) if c > 6000 => match Spec::from_code((c - 6000) as u16) {
            Some(e) => Failure::Spec(e),
            None => Failure::Other(format!("custom error {c}")),
        },
        other => Failure::Other(format!("transaction failed: {other:?}")),
    }
}

impl Driver {
    /// A token with `cap`, its history kept from here on (what `getTransaction` serves).
    fn new(cap: u64) -> Self {
        let mut t = Token::bare(cap);
        t.c.keep_history();
        Driver { t, landed_read: 0 }
    }

    fn who(&self, a: Actor) -> usize {
        a as usize
    }

    fn key(&self, a: Actor) -> Pubkey {
        self.t.c.key(a as usize)
    }

    fn send(&mut self, by: Actor, ixs: &[Instruction]) -> Result<(), Option<u32>> {
        let signer = self.t.c.signer(by as usize);
        self.t.c.send(ixs, &[&signer]).map_err(|e| custom_code(&e))
    }

    fn hook_ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
        Instruction {
            program_id: tokenrail_transfer_hook::ID,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        }
    }

    fn upsert_ix(
        &self,
        by: Actor,
        who: Actor,
        status: InvestorStatus,
        j: u16,
        expiry: i64,
    ) -> Instruction {
        Self::hook_ix(
            tokenrail_transfer_hook::accounts::UpsertInvestor {
                agent: self.key(by),
                registry: self.t.registry,
                role: self.t.agent_role(by as usize),
                wallet: self.key(who),
                investor: investor_address(&self.t.registry, &self.key(who)),
                system_program: anchor_lang::system_program::ID,
            },
            tokenrail_transfer_hook::instruction::UpsertInvestor {
                status,
                jurisdiction: j,
                kyc_expiry: expiry,
            },
        )
    }

    fn remove_ix(&self, by: Actor, who: Actor) -> Instruction {
        Self::hook_ix(
            tokenrail_transfer_hook::accounts::RemoveInvestor {
                agent: self.key(by),
                registry: self.t.registry,
                role: self.t.agent_role(by as usize),
                investor: investor_address(&self.t.registry, &self.key(who)),
            },
            tokenrail_transfer_hook::instruction::RemoveInvestor {
                wallet: self.key(who),
            },
        )
    }

    /// `transfer_checked` by `authority` (the owner, or a spender) with the hook's accounts.
    fn transfer_ix(&self, authority: Actor, from: Actor, to: Actor, amount: u64) -> Instruction {
        let mut ix = spl_token_2022_interface::instruction::transfer_checked(
            &TOKEN_2022,
            &self.t.accounts[from as usize],
            &self.t.mint,
            &self.t.accounts[to as usize],
            &self.key(authority),
            &[],
            amount,
            6,
        )
        .unwrap();
        ix.accounts.extend(transfer_extra_accounts(
            &self.t.mint,
            &self.t.registry,
            &self.key(from),
            &self.key(to),
        ));
        ix
    }

    /// The dry run (`check_transfer`) of `from` → `to`.
    fn dry_run(&mut self, from: Actor, to: Actor, amount: u64) -> u16 {
        let (f, t) = (self.key(from), self.key(to));
        let accounts = tokenrail_transfer_hook::accounts::Execute {
            source: self.t.accounts[from as usize],
            mint: self.t.mint,
            destination: self.t.accounts[to as usize],
            authority: f,
            extra_account_meta_list: extra_account_metas_address(&self.t.mint),
            policy: policy_address(&self.t.mint),
            source_investor: investor_address(&self.t.registry, &f),
            destination_investor: investor_address(&self.t.registry, &t),
            source_holder: holder_address(&self.t.mint, &f),
            destination_holder: holder_address(&self.t.mint, &t),
        };
        let ix = Self::hook_ix(
            accounts,
            tokenrail_transfer_hook::instruction::CheckTransfer { amount },
        );
        let (result, data) = self.t.c.simulate(&[ix], &[]);
        result.expect("check_transfer itself succeeds");
        let data = data.expect("check_transfer returns its code");
        u16::from_le_bytes([data[0], data[1]])
    }

    /// A holder transfer or a spender's `transfer_from` through Token-2022, its errors read as
    /// the module documentation says.
    fn token_transfer(
        &mut self,
        by: Actor,
        from: Actor,
        to: Actor,
        amount: u128,
    ) -> Result<(), Failure> {
        let amount = amount64(amount);
        let delegated = self.t.c.token(&self.t.accounts[from as usize]).unwrap();
        let ix = self.transfer_ix(by, from, to, amount);
        let code = match self.send(by, &[ix]) {
            Ok(()) => return Ok(()),
            Err(Some(c)) => c,
            Err(None) => return Err(Failure::Other("transfer failed without a code".into())),
        };
        if code > 6000 {
            return Err(spec_failure(Some(code)));
        }
        let signer = if by == from {
            TransferSigner::Owner
        } else {
            let is_delegate = Option::<Pubkey>::from(delegated.delegate) == Some(self.key(by));
            TransferSigner::Spender {
                delegated: is_delegate.then_some(delegated.delegated_amount),
            }
        };
        let dry_run = || Ok::<_, Failure>(self.dry_run(from, to, amount));
        match token_2022_refusal(code, signer, amount, dry_run)? {
            Some(spec) => Err(Failure::Spec(spec)),
            None => Err(Failure::Other(format!(
                "Token-2022 error {code}, dry run {}",
                self.dry_run(from, to, amount)
            ))),
        }
    }

    fn rules(r: &Rules) -> RulesInput {
        RulesInput {
            allowed_jurisdictions: r.allowed_jurisdictions.clone(),
            blocked_jurisdictions: r.blocked_jurisdictions.clone(),
            max_holders: r.max_holders,
            max_balance: amount64(r.max_balance.0),
            expired_kyc_blocks_sending: r.expired_kyc_blocks_sending,
        }
    }

    fn role(r: VRole) -> Role {
        match r {
            VRole::Issuer => Role::Issuer,
            VRole::Agent => Role::Agent,
            VRole::Pauser => Role::Pauser,
            VRole::RegistryAgent => unreachable!("the registry grants this role"),
        }
    }

    fn issuer_ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
        Instruction {
            program_id: tokenrail_issuer::ID,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        }
    }

    fn apply(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        let t = &self.t;
        let b = by as usize;
        let ixs: Vec<Instruction> = match op {
            Op::GrantRole {
                role: VRole::RegistryAgent,
                account,
            } => {
                let account = *account as usize;
                return self.t.registry_role(b, account, true).map_err(spec_failure);
            }
            Op::RevokeRole {
                role: VRole::RegistryAgent,
                account,
            } => {
                let account = *account as usize;
                return self
                    .t
                    .registry_role(b, account, false)
                    .map_err(spec_failure);
            }
            Op::GrantRole { role, account } => {
                let role = Self::role(*role);
                let a = *account as usize;
                vec![Self::issuer_ix(
                    accounts::GrantRole {
                        admin: t.c.key(b),
                        issuer: t.issuer,
                        account: t.c.key(a),
                        grant: t.role(role, a),
                        system_program: anchor_lang::system_program::ID,
                    },
                    instruction::GrantRole { role },
                )]
            }
            Op::RevokeRole { role, account } => {
                let role = Self::role(*role);
                vec![Self::issuer_ix(
                    accounts::RevokeRole {
                        admin: t.c.key(b),
                        issuer: t.issuer,
                        account: t.c.key(*account as usize),
                        grant: t.role(role, *account as usize),
                    },
                    instruction::RevokeRole { role },
                )]
            }
            Op::ProposeAdmin { new } => vec![Self::issuer_ix(
                accounts::AdminHandover {
                    signer: t.c.key(b),
                    issuer: t.issuer,
                },
                instruction::ProposeAdmin {
                    new: new.map(|a| t.c.key(a as usize)),
                },
            )],
            Op::AcceptAdmin => vec![Self::issuer_ix(
                accounts::AdminHandover {
                    signer: t.c.key(b),
                    issuer: t.issuer,
                },
                instruction::AcceptAdmin {},
            )],
            Op::Register { entries } => entries
                .iter()
                .map(|e| {
                    let status = match e.status {
                        VStatus::Verified => InvestorStatus::Verified,
                        VStatus::Revoked => InvestorStatus::Revoked,
                    };
                    self.upsert_ix(by, e.investor, status, e.jurisdiction, at(e.kyc_expiry))
                })
                .collect(),
            Op::RemoveInvestors { investors } => {
                investors.iter().map(|a| self.remove_ix(by, *a)).collect()
            }
            Op::SetRules { rules } => vec![Self::issuer_ix(
                accounts::AgentOnPolicy {
                    signer: t.c.key(b),
                    role: t.role(Role::Agent, b),
                    issuer: t.issuer,
                    policy: policy_address(&t.mint),
                    hook_program: tokenrail_transfer_hook::ID,
                },
                instruction::SetRules {
                    rules: Self::rules(rules),
                },
            )],
            Op::Mint { to, amount } => {
                let to = *to as usize;
                return self
                    .t
                    .mint_tokens(b, to, amount64(amount.0))
                    .map_err(spec_failure);
            }
            Op::Transfer { to, amount } => return self.token_transfer(by, by, *to, amount.0),
            Op::TransferFrom { from, to, amount } => {
                return self.token_transfer(by, *from, *to, amount.0)
            }
            Op::Approve { spender, amount } => {
                if *spender == by {
                    // A client never makes an owner its own delegate: Token-2022 would then
                    // treat the owner's transfers as the delegate's (refused as cw20 does).
                    return Err(Failure::Spec(Spec::InvalidAddress));
                }
                let ix = spl_token_2022_interface::instruction::approve(
                    &TOKEN_2022,
                    &t.accounts[b],
                    &t.c.key(*spender as usize),
                    &t.c.key(b),
                    &[],
                    amount64(amount.0),
                )
                .unwrap();
                // Token-2022 refuses to change a frozen account's delegate (see the spec's
                // Solana notes); every other chain lets a frozen holder approve.
                return match self.send(by, &[ix]) {
                    Err(Some(c)) if c == T22::AccountFrozen as u32 => {
                        Err(Failure::Spec(Spec::SenderFrozen))
                    }
                    other => other.map_err(spec_failure),
                };
            }
            Op::BatchTransfer { legs } => {
                let mut ix = Self::issuer_ix(
                    accounts::BatchTransfer {
                        owner: t.c.key(b),
                        mint: t.mint,
                        source: t.accounts[b],
                        policy: policy_address(&t.mint),
                        source_investor: investor_address(&t.registry, &t.c.key(b)),
                        source_holder: holder_address(&t.mint, &t.c.key(b)),
                        extra_account_meta_list: extra_account_metas_address(&t.mint),
                        hook_program: tokenrail_transfer_hook::ID,
                        token_program: TOKEN_2022,
                    },
                    instruction::BatchTransfer {
                        amounts: legs.iter().map(|(_, a)| amount64(a.0)).collect(),
                    },
                );
                for (to, _) in legs {
                    let wallet = t.c.key(*to as usize);
                    ix.accounts.extend([
                        AccountMeta::new(t.accounts[*to as usize], false),
                        AccountMeta::new_readonly(investor_address(&t.registry, &wallet), false),
                        AccountMeta::new(holder_address(&t.mint, &wallet), false),
                    ]);
                }
                vec![ix]
            }
            Op::Burn { amount } => return self.t.burn(b, amount64(amount.0)).map_err(spec_failure),
            Op::Redeem { from, amount } => {
                let from = *from as usize;
                return self
                    .t
                    .redeem(b, from, amount64(amount.0))
                    .map_err(spec_failure);
            }
            Op::ForcedTransfer { from, to, amount } => vec![Self::issuer_ix(
                t.forced_accounts(b, *from as usize, *to as usize),
                instruction::ForcedTransfer {
                    amount: amount64(amount.0),
                },
            )],
            Op::Recover { lost, new } => vec![Self::issuer_ix(
                t.forced_accounts(b, *lost as usize, *new as usize),
                instruction::Recover {},
            )],
            Op::SetAccountFrozen { account, frozen } => vec![Self::issuer_ix(
                t.on_account(b, *account as usize),
                instruction::SetAccountFrozen { frozen: *frozen },
            )],
            Op::SetFrozenAmount { account, amount } => vec![Self::issuer_ix(
                t.on_account(b, *account as usize),
                instruction::SetFrozenAmount {
                    amount: amount64(amount.0),
                },
            )],
            Op::SetLockup { account, until } => vec![Self::issuer_ix(
                t.on_account(b, *account as usize),
                instruction::SetLockup {
                    until: if *until == 0 { 0 } else { at(*until) },
                },
            )],
            Op::Pause => vec![Self::issuer_ix(t.pausing(b), instruction::Pause {})],
            Op::Unpause => vec![Self::issuer_ix(t.pausing(b), instruction::Unpause {})],
            Op::Deactivate => vec![Self::issuer_ix(
                t.deactivating(b),
                instruction::Deactivate {},
            )],
            Op::SetDocument { name, uri, hash } => vec![Self::issuer_ix(
                t.documenting(b),
                instruction::SetDocument {
                    name: name.clone(),
                    uri: uri.clone(),
                    hash: hash.0,
                },
            )],
            Op::RemoveDocument { name } => vec![Self::issuer_ix(
                t.removing_document(b),
                instruction::RemoveDocument { name: name.clone() },
            )],
        };
        self.send(by, &ixs).map_err(spec_failure)
    }
}

impl TokenDriver for Driver {
    fn set_time(&mut self, offset: u64) {
        self.t.c.set_time(offset);
    }

    /// Runs `op`; after a registry write, does what a client does (`docs/spec/token.md`,
    /// Solana): onboards each verified wallet (`thaw_permissionless`; refused, and left frozen,
    /// while the agent froze it) and offboards each revoked or removed one
    /// (`freeze_permissionless`).
    fn call(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        self.apply(by, op)?;
        match op {
            Op::Register { entries } => {
                for e in entries {
                    let who = e.investor as usize;
                    let _ = match e.status {
                        VStatus::Verified => self.t.thaw(who),
                        VStatus::Revoked => self.t.freeze(who),
                    };
                }
            }
            Op::RemoveInvestors { investors } => {
                for a in investors {
                    let _ = self.t.freeze(*a as usize);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The call's transactions (the client's onboarding after a registry write included) as
    /// `getTransaction` serves them, through the ledger's Solana decoder.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let asset = SolanaAsset::new(&self.t.mint, &self.t.registry);
        let history = self.t.c.history();
        let position = Position::default();
        let mut rows = Vec::new();
        for (slot, landed) in history.iter().enumerate().skip(self.landed_read) {
            let tx = landed.encoded(slot as u64 + 1);
            rows.extend(records("bank", &asset, &position, &landed.signature, &tx));
        }
        self.landed_read = history.len();
        token_events(rows.iter().map(|r| &r.data), self)
    }

    fn can_transfer(&mut self, from: Actor, to: Actor, amount: u128) -> u16 {
        self.dry_run(from, to, amount64(amount))
    }

    fn balance(&mut self, a: Actor) -> u128 {
        let who = self.who(a);
        self.t.balance(who).into()
    }

    fn frozen_amount(&mut self, a: Actor) -> u128 {
        let holder = holder_address(&self.t.mint, &self.key(a));
        if self.t.c.lamports(&holder) == 0 {
            return 0;
        }
        self.t
            .c
            .anchor_account::<HolderState>(&holder)
            .frozen_amount
            .into()
    }

    fn supply(&mut self) -> u128 {
        let mint = self.t.mint;
        let data = self
            .t
            .c
            .rt
            .block_on(self.t.c.ctx.banks_client.get_account(mint))
            .unwrap()
            .unwrap()
            .data;
        let state = spl_token_2022_interface::extension::StateWithExtensions::<
            spl_token_2022_interface::state::Mint,
        >::unpack(&data)
        .unwrap();
        state.base.supply.into()
    }

    fn holders(&mut self) -> u32 {
        let policy = policy_address(&self.t.mint);
        self.t.c.anchor_account::<TokenPolicy>(&policy).holders
    }

    fn zero_amount_transfers(&self) -> ZeroAmountTransfers {
        ZeroAmountTransfers::Accepted
    }

    fn amount_bits(&self) -> u32 {
        64
    }

    /// `legal` from the mint's token metadata (URI and the hash field) and the documents
    /// account's time; the others from the documents account.
    fn document(&mut self, name: &str) -> Option<Document> {
        let documents = self.t.documents();
        let offset = |unix: i64| u64::try_from(unix - T0).unwrap();
        if name == LEGAL_DOCUMENT {
            let bytes = self.t.mint_data();
            let mint = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&bytes)
                .unwrap();
            let metadata = mint.get_variable_len_extension::<TokenMetadata>().unwrap();
            let (_, hash) = &metadata.additional_metadata[0];
            return Some(Document {
                uri: metadata.uri,
                hash: hash.parse().unwrap(),
                last_modified: offset(documents.legal_modified),
            });
        }
        let e = documents.entries.into_iter().find(|e| e.name == name)?;
        Some(Document {
            uri: e.uri,
            hash: Hash32(e.hash),
            last_modified: offset(e.last_modified),
        })
    }

    fn document_names(&mut self) -> Vec<String> {
        let others = self.t.documents().entries.into_iter().map(|e| e.name);
        std::iter::once(LEGAL_DOCUMENT.to_owned())
            .chain(others)
            .collect()
    }
}

impl tokenrail_core::vectors::token_walk::InvariantProbe for Driver {
    fn is_eligible(&mut self, a: Actor) -> bool {
        let entry = investor_address(&self.t.registry, &self.key(a));
        if self.t.c.lamports(&entry) == 0 {
            return false;
        }
        let investor: tokenrail_transfer_hook::Investor = self.t.c.anchor_account(&entry);
        let clock: anchor_lang::prelude::Clock = self
            .t
            .c
            .rt
            .block_on(self.t.c.ctx.banks_client.get_sysvar())
            .unwrap();
        investor.is_eligible(clock.unix_timestamp)
    }
}

proptest::proptest! {
    // Each case starts a chain and runs every step as real transactions.
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Random operation walks keep the spec's invariants on Solana too, and the dry run predicts
    /// every holder transfer's outcome.
    #[test]
    fn random_operations_keep_the_invariants(steps in tokenrail_core::vectors::token_walk::walks(30)) {
        use tokenrail_core::vectors::token_walk::{check, set_up, WALK_CAP};
        let mut d = Driver::new(WALK_CAP as u64);
        set_up(&mut d).map_err(proptest::test_runner::TestCaseError::fail)?;
        check(&mut d, &steps).map_err(proptest::test_runner::TestCaseError::fail)?;
    }
}

#[test]
fn token_vectors() {
    let ran = run_all("solana", |v| Driver::new(amount64(v.cap.0)));
    assert!(ran >= 6, "every token vector ran");
}
