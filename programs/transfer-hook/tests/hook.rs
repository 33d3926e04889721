//! The transfer hook on the real Token-2022 program (solana-program-test; the hook runs
//! natively, Token-2022 in the SBF VM and calls it inside every `transfer_checked`): the
//! registry, the rules, lock-ups and partial freezes, the forced authority's bypass, the holder
//! count, the `check_transfer` dry run, and the attacks (the hook called outside a transfer,
//! policies attached by strangers, unauthorized registry and rule writes).

#![allow(deprecated)]

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_keypair::Keypair;
use solana_signer::Signer;
use tokenrail_core::token::TokenError as Spec;
use tokenrail_devnet::solana::bank::{
    anchor_program_test, custom_code, Chain, DECIMALS, T0, TOKEN_2022,
};
use tokenrail_transfer_hook::{
    accounts, instruction, InvestorStatus, RulesInput, TokenError, TokenPolicy, AGENT_SEED,
    EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED, REGISTRY_SEED,
};

use spl_token_2022_interface::extension::ExtensionType;

const ADMIN: usize = 0;
const AGENT: usize = 1;
const ALICE: usize = 2;
const BOB: usize = 3;
const MALLORY: usize = 4;
const DELEGATE: usize = 5;
const YEAR: i64 = 365 * 24 * 3600;
const HOOK: Pubkey = tokenrail_transfer_hook::ID;

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &HOOK).0
}

/// A chain with a hooked Token-2022 mint (TransferHook → this program, PermanentDelegate →
/// DELEGATE, Pausable), a registry with an agent, Alice and Bob verified, a policy, and Alice
/// holding 1,000.
struct Hooked {
    c: Chain,
    mint: Pubkey,
    registry: Pubkey,
    accounts: Vec<Pubkey>,
}

impl Hooked {
    fn new() -> Self {
        let pt = anchor_program_test!("tokenrail_transfer_hook", tokenrail_transfer_hook);
        let mut c = Chain::start::<usize>(pt, 6, TOKEN_2022, &[]);
        let mint = Self::create_mint(&mut c);
        let owners: Vec<Pubkey> = (0..6usize).map(|a| c.key(a)).collect();
        let accounts = owners
            .iter()
            .map(|o| c.create_token_account(mint, o))
            .collect();
        let registry = pda(&[REGISTRY_SEED, c.key(ADMIN).as_ref(), &1u64.to_le_bytes()]);
        let mut h = Hooked {
            c,
            mint,
            registry,
            accounts,
        };
        h.send(
            ADMIN,
            accounts::CreateRegistry {
                authority: h.c.key(ADMIN),
                registry,
                system_program: anchor_lang::system_program::ID,
            },
            instruction::CreateRegistry { id: 1 },
        )
        .unwrap();
        h.send(
            ADMIN,
            accounts::GrantRegistryAgent {
                admin: h.c.key(ADMIN),
                registry,
                agent: h.c.key(AGENT),
                role: h.agent_role(AGENT),
                system_program: anchor_lang::system_program::ID,
            },
            instruction::GrantRegistryAgent {},
        )
        .unwrap();
        for who in [ALICE, BOB] {
            h.register(who, InvestorStatus::Verified, 276, T0 + YEAR)
                .unwrap();
        }
        h.send(
            ADMIN,
            accounts::InitPolicy {
                hook_authority: h.c.key(ADMIN),
                payer: h.c.key(ADMIN),
                mint,
                registry,
                policy: h.policy(),
                extra_account_meta_list: pda(&[EXTRA_ACCOUNT_METAS_SEED, mint.as_ref()]),
                system_program: anchor_lang::system_program::ID,
            },
            instruction::InitPolicy {
                controller: h.c.key(AGENT),
                forced_authority: h.c.key(DELEGATE),
            },
        )
        .unwrap();
        // Every wallet's record, as the issuer program creates it when it onboards a wallet.
        for who in 0..6usize {
            h.note_balance(who, 0);
        }
        h.mint_to(ALICE, 1_000);
        h
    }

    /// Creates the mint: TransferHook (authority ADMIN), PermanentDelegate (DELEGATE), Pausable
    /// (ADMIN), the test payer as mint authority and ADMIN as freeze authority.
    fn create_mint(c: &mut Chain) -> Pubkey {
        use spl_token_2022_interface::extension::{pausable, transfer_hook};
        let mint = Keypair::new();
        let space =
            ExtensionType::try_calculate_account_len::<spl_token_2022_interface::state::Mint>(&[
                ExtensionType::TransferHook,
                ExtensionType::PermanentDelegate,
                ExtensionType::Pausable,
            ])
            .unwrap();
        let rent = c.rent(space);
        let payer = c.ctx.payer.pubkey();
        let (admin, delegate) = (c.key(ADMIN), c.key(DELEGATE));
        let ixs = [
            solana_system_interface::instruction::create_account(
                &payer,
                &mint.pubkey(),
                rent,
                space as u64,
                &TOKEN_2022,
            ),
            transfer_hook::instruction::initialize(
                &TOKEN_2022,
                &mint.pubkey(),
                Some(admin),
                Some(HOOK),
            )
            .unwrap(),
            spl_token_2022_interface::instruction::initialize_permanent_delegate(
                &TOKEN_2022,
                &mint.pubkey(),
                &delegate,
            )
            .unwrap(),
            pausable::instruction::initialize(&TOKEN_2022, &mint.pubkey(), &admin).unwrap(),
            spl_token_2022_interface::instruction::initialize_mint2(
                &TOKEN_2022,
                &mint.pubkey(),
                &payer,
                Some(&admin),
                DECIMALS,
            )
            .unwrap(),
        ];
        c.send(&ixs, &[&mint]).unwrap();
        mint.pubkey()
    }

    fn send(
        &mut self,
        by: usize,
        accounts: impl ToAccountMetas,
        data: impl InstructionData,
    ) -> Result<(), Option<u32>> {
        let ix = Instruction {
            program_id: HOOK,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        };
        let signer = self.c.signer(by);
        self.c.send(&[ix], &[&signer]).map_err(|e| custom_code(&e))
    }

    fn policy(&self) -> Pubkey {
        pda(&[POLICY_SEED, self.mint.as_ref()])
    }

    fn agent_role(&self, who: usize) -> Pubkey {
        pda(&[AGENT_SEED, self.registry.as_ref(), self.c.key(who).as_ref()])
    }

    fn investor(&self, who: usize) -> Pubkey {
        pda(&[
            INVESTOR_SEED,
            self.registry.as_ref(),
            self.c.key(who).as_ref(),
        ])
    }

    fn holder(&self, who: usize) -> Pubkey {
        pda(&[HOLDER_SEED, self.mint.as_ref(), self.c.key(who).as_ref()])
    }

    fn register(
        &mut self,
        who: usize,
        status: InvestorStatus,
        jurisdiction: u16,
        kyc_expiry: i64,
    ) -> Result<(), Option<u32>> {
        let accounts = accounts::UpsertInvestor {
            agent: self.c.key(AGENT),
            registry: self.registry,
            role: self.agent_role(AGENT),
            wallet: self.c.key(who),
            investor: self.investor(who),
            system_program: anchor_lang::system_program::ID,
        };
        let data = instruction::UpsertInvestor {
            status,
            jurisdiction,
            kyc_expiry,
        };
        self.send(AGENT, accounts, data)
    }

    /// Mints straight through Token-2022 (no hook runs on a mint) and records the wallet's new
    /// balance, as the issuer program does.
    fn mint_to(&mut self, who: usize, amount: u64) {
        self.c.mint_to(self.accounts[who], amount);
        let balance = self.c.token_balance(&self.accounts[who]);
        self.note_balance(who, balance);
    }

    /// The controller records `who`'s balance (creating its record).
    fn note_balance(&mut self, who: usize, balance: u64) {
        let accounts = accounts::SetHolderState {
            controller: self.c.key(AGENT),
            payer: self.c.key(AGENT),
            policy: self.policy(),
            holder: self.holder(who),
            system_program: anchor_lang::system_program::ID,
        };
        let data = instruction::NoteBalance {
            wallet: self.c.key(who),
            balance,
        };
        self.send(AGENT, accounts, data).unwrap();
    }

    fn control(&mut self, data: impl InstructionData) -> Result<(), Option<u32>> {
        let accounts = accounts::Control {
            controller: self.c.key(AGENT),
            policy: self.policy(),
        };
        self.send(AGENT, accounts, data)
    }

    fn set_rules(&mut self, rules: RulesInput) {
        self.control(instruction::SetRules { rules }).unwrap();
    }

    /// Records the agent's freeze of `who` (the issuer program also freezes the account).
    fn set_frozen_flag(&mut self, who: usize, account_frozen: bool) {
        let accounts = accounts::SetHolderState {
            controller: self.c.key(AGENT),
            payer: self.c.key(AGENT),
            policy: self.policy(),
            holder: self.holder(who),
            system_program: anchor_lang::system_program::ID,
        };
        let data = instruction::SetHolderState {
            wallet: self.c.key(who),
            frozen_amount: 0,
            locked_until: 0,
            account_frozen,
        };
        self.send(AGENT, accounts, data).unwrap();
    }

    fn set_holder_state(&mut self, who: usize, frozen_amount: u64, locked_until: i64) {
        let accounts = accounts::SetHolderState {
            controller: self.c.key(AGENT),
            payer: self.c.key(AGENT),
            policy: self.policy(),
            holder: self.holder(who),
            system_program: anchor_lang::system_program::ID,
        };
        let data = instruction::SetHolderState {
            wallet: self.c.key(who),
            frozen_amount,
            locked_until,
            account_frozen: false,
        };
        self.send(AGENT, accounts, data).unwrap();
    }

    /// The hook's accounts for a movement `from` → `to` (token accounts of those actors).
    fn hook_accounts(&self, from: usize, to: usize, authority: Pubkey) -> accounts::Execute {
        accounts::Execute {
            source: self.accounts[from],
            mint: self.mint,
            destination: self.accounts[to],
            authority,
            extra_account_meta_list: pda(&[EXTRA_ACCOUNT_METAS_SEED, self.mint.as_ref()]),
            policy: self.policy(),
            source_investor: self.investor(from),
            destination_investor: self.investor(to),
            source_holder: self.holder(from),
            destination_holder: self.holder(to),
        }
    }

    /// `transfer_checked` with the extra accounts a wallet resolves from the validation account.
    fn transfer_ix(&self, from: usize, to: usize, amount: u64, authority: Pubkey) -> Instruction {
        let mut ix = spl_token_2022_interface::instruction::transfer_checked(
            &TOKEN_2022,
            &self.accounts[from],
            &self.mint,
            &self.accounts[to],
            &authority,
            &[],
            amount,
            DECIMALS,
        )
        .unwrap();
        let (source_owner, destination_owner) = (self.c.key(from), self.c.key(to));
        let extras = tokenrail_transfer_hook::client::transfer_extra_accounts(
            &self.mint,
            &self.registry,
            &source_owner,
            &destination_owner,
        );
        ix.accounts.extend(extras);
        ix
    }

    /// A holder's transfer; `Err` carries the custom error code (hook: 6000 + spec code).
    fn transfer(&mut self, from: usize, to: usize, amount: u64) -> Result<(), Option<u32>> {
        let ix = self.transfer_ix(from, to, amount, self.c.key(from));
        let signer = self.c.signer(from);
        self.c.send(&[ix], &[&signer]).map_err(|e| custom_code(&e))
    }

    /// The `check_transfer` dry run's code, read from a simulation.
    fn can_transfer(&mut self, from: usize, to: usize, amount: u64) -> u16 {
        let ix = Instruction {
            program_id: HOOK,
            accounts: self
                .hook_accounts(from, to, self.c.key(from))
                .to_account_metas(None),
            data: instruction::CheckTransfer { amount }.data(),
        };
        let (result, data) = self.c.simulate(&[ix], &[]);
        result.expect("check_transfer itself succeeds");
        let data = data.expect("return data");
        u16::from_le_bytes([data[0], data[1]])
    }

    fn balance(&mut self, who: usize) -> u64 {
        self.c.token_balance(&self.accounts[who])
    }

    fn holders(&mut self) -> u32 {
        let policy = self.policy();
        self.c.anchor_account::<TokenPolicy>(&policy).holders
    }
}

fn code(e: Spec) -> Result<(), Option<u32>> {
    Err(Some(6000 + u32::from(e.code())))
}

#[test]
fn transfers_run_the_hook_and_obey_the_registry() {
    let mut h = Hooked::new();
    assert_eq!(h.can_transfer(ALICE, BOB, 100), 0);
    h.transfer(ALICE, BOB, 100).unwrap();
    assert_eq!((h.balance(ALICE), h.balance(BOB)), (900, 100));
    assert_eq!(h.holders(), 2);
    assert_eq!(
        h.can_transfer(ALICE, MALLORY, 1),
        Spec::RecipientNotVerified.code()
    );
    assert_eq!(
        h.transfer(ALICE, MALLORY, 1),
        code(Spec::RecipientNotVerified)
    );
    assert_eq!(
        h.can_transfer(ALICE, BOB, 901),
        Spec::InsufficientBalance.code()
    );
    // A transfer of zero is a normal transfer, as SPL Token has it: every other check applies.
    assert_eq!(h.can_transfer(ALICE, BOB, 0), 0);
    assert_eq!(
        h.can_transfer(ALICE, MALLORY, 0),
        Spec::RecipientNotVerified.code()
    );
    // Bob leaves the holder set by sending everything back.
    h.transfer(BOB, ALICE, 100).unwrap();
    assert_eq!(h.holders(), 1);
    // A revoked or expired sender or recipient is refused.
    h.register(BOB, InvestorStatus::Revoked, 276, 0).unwrap();
    assert_eq!(h.transfer(ALICE, BOB, 1), code(Spec::RecipientNotVerified));
    h.register(BOB, InvestorStatus::Verified, 276, T0 + 10)
        .unwrap();
    h.c.set_time(10);
    assert_eq!(h.transfer(ALICE, BOB, 1), code(Spec::RecipientKycExpired));
}

#[test]
fn the_hook_rejects_calls_outside_a_transfer() {
    let mut h = Hooked::new();
    // Called directly, with every account it expects: not inside a transfer.
    let ix = Instruction {
        program_id: HOOK,
        accounts: h
            .hook_accounts(ALICE, BOB, h.c.key(ALICE))
            .to_account_metas(None),
        data: instruction::Execute { amount: 10 }.data(),
    };
    let err = h.c.send(&[ix], &[]).unwrap_err();
    assert_eq!(
        custom_code(&err),
        Some(6000 + u32::from(Spec::NotInTransfer.code()))
    );
    assert_eq!(h.holders(), 1, "the holder count did not move");
}

#[test]
fn the_forced_authority_bypasses_compliance_and_cuts_the_frozen_amount() {
    let mut h = Hooked::new();
    h.set_holder_state(ALICE, 800, T0 + 1_000);
    // The permanent delegate moves Alice's tokens to an unregistered wallet despite the lock-up
    // and the frozen amount (a court order).
    let delegate = h.c.key(DELEGATE);
    let ix = h.transfer_ix(ALICE, MALLORY, 900, delegate);
    let signer = h.c.signer(DELEGATE);
    h.c.send(&[ix], &[&signer]).unwrap();
    assert_eq!((h.balance(ALICE), h.balance(MALLORY)), (100, 900));
    let holder = h.holder(ALICE);
    let state: tokenrail_transfer_hook::HolderState = h.c.anchor_account(&holder);
    assert_eq!(
        state.frozen_amount, 100,
        "frozen ≤ balance after a forced transfer"
    );
    assert_eq!(h.holders(), 2);
    // Mallory itself still cannot send: the bypass belongs to the delegate only.
    assert_eq!(h.transfer(MALLORY, ALICE, 1), code(Spec::SenderNotVerified));
}

#[test]
fn lockups_and_partial_freezes_hold() {
    let mut h = Hooked::new();
    h.set_holder_state(ALICE, 900, T0 + 100);
    assert_eq!(h.can_transfer(ALICE, BOB, 50), Spec::LockedUp.code());
    assert_eq!(h.transfer(ALICE, BOB, 50), code(Spec::LockedUp));
    h.c.set_time(100);
    assert_eq!(
        h.can_transfer(ALICE, BOB, 101),
        Spec::InsufficientUnfrozenBalance.code()
    );
    assert_eq!(
        h.transfer(ALICE, BOB, 101),
        code(Spec::InsufficientUnfrozenBalance)
    );
    h.transfer(ALICE, BOB, 100).unwrap();
}

#[test]
fn the_rules_are_enforced() {
    let mut h = Hooked::new();
    h.set_rules(RulesInput {
        blocked_jurisdictions: vec![276],
        ..Default::default()
    });
    assert_eq!(
        h.transfer(ALICE, BOB, 1),
        code(Spec::JurisdictionNotAllowed)
    );
    h.set_rules(RulesInput {
        allowed_jurisdictions: vec![840],
        ..Default::default()
    });
    assert_eq!(
        h.can_transfer(ALICE, BOB, 1),
        Spec::JurisdictionNotAllowed.code()
    );
    h.set_rules(RulesInput {
        max_balance: 50,
        ..Default::default()
    });
    assert_eq!(h.transfer(ALICE, BOB, 51), code(Spec::MaxBalanceExceeded));
    h.set_rules(RulesInput {
        max_holders: 1,
        ..Default::default()
    });
    assert_eq!(h.transfer(ALICE, BOB, 1), code(Spec::MaxHoldersReached));
    // Emptying the sender into a new holder keeps the count: allowed at the limit.
    h.transfer(ALICE, BOB, 1_000).unwrap();
    assert_eq!(h.holders(), 1);
    h.set_rules(RulesInput {
        expired_kyc_blocks_sending: true,
        ..Default::default()
    });
    h.c.set_time(YEAR as u64);
    h.register(ALICE, InvestorStatus::Verified, 276, T0 + 2 * YEAR)
        .unwrap();
    assert_eq!(h.transfer(BOB, ALICE, 1), code(Spec::SenderKycExpired));
    let too_long = RulesInput {
        blocked_jurisdictions: vec![1; 33],
        ..Default::default()
    };
    assert_eq!(
        h.control(instruction::SetRules { rules: too_long }),
        code(Spec::InvalidRules)
    );
}

#[test]
fn pause_and_account_freezes_are_token_2022s_and_check_transfer_reports_them() {
    use spl_token_2022_interface::extension::pausable;
    let mut h = Hooked::new();
    let admin = h.c.signer(ADMIN);
    let freeze = spl_token_2022_interface::instruction::freeze_account(
        &TOKEN_2022,
        &h.accounts[BOB],
        &h.mint,
        &h.c.key(ADMIN),
        &[],
    )
    .unwrap();
    h.c.send(&[freeze], &[&admin]).unwrap();
    // Frozen by Token-2022 alone: under the Token ACL model, an account never onboarded.
    assert_eq!(h.can_transfer(ALICE, BOB, 1), Spec::NotOnboarded.code());
    // The agent's freeze, recorded in the wallet's state as the issuer program records it.
    h.set_frozen_flag(BOB, true);
    assert_eq!(h.can_transfer(ALICE, BOB, 1), Spec::RecipientFrozen.code());
    assert!(h.transfer(ALICE, BOB, 1).is_err());
    let pause = pausable::instruction::pause(&TOKEN_2022, &h.mint, &h.c.key(ADMIN), &[]).unwrap();
    h.c.send(&[pause], &[&admin]).unwrap();
    assert_eq!(h.can_transfer(ALICE, BOB, 1), Spec::Paused.code());
    assert!(
        h.transfer(ALICE, BOB, 1).is_err(),
        "Token-2022 refuses a paused mint"
    );
}

#[test]
fn only_the_right_signers_write() {
    let mut h = Hooked::new();
    let unauthorized = Err(Some(6000 + u32::from(Spec::Unauthorized.code())));
    // Rules and restrictions: the controller only.
    let accounts = accounts::Control {
        controller: h.c.key(MALLORY),
        policy: h.policy(),
    };
    let data = instruction::SetRules {
        rules: RulesInput::default(),
    };
    assert_eq!(h.send(MALLORY, accounts, data), unauthorized);
    // Registry entries: agents only.
    let accounts = accounts::UpsertInvestor {
        agent: h.c.key(MALLORY),
        registry: h.registry,
        role: h.agent_role(MALLORY),
        wallet: h.c.key(MALLORY),
        investor: h.investor(MALLORY),
        system_program: anchor_lang::system_program::ID,
    };
    let data = instruction::UpsertInvestor {
        status: InvestorStatus::Verified,
        jurisdiction: 276,
        kyc_expiry: T0 + YEAR,
    };
    assert_eq!(h.send(MALLORY, accounts, data), unauthorized);
    // Removing: agents only, and only existing entries (all or nothing per transaction).
    let remove = |h: &Hooked, by: usize, who: usize| Instruction {
        program_id: HOOK,
        accounts: accounts::RemoveInvestor {
            agent: h.c.key(by),
            registry: h.registry,
            role: h.agent_role(by),
            investor: h.investor(who),
        }
        .to_account_metas(None),
        data: instruction::RemoveInvestor {
            wallet: h.c.key(who),
        }
        .data(),
    };
    let mallory = h.c.signer(MALLORY);
    let ix = remove(&h, MALLORY, ALICE);
    let err = h.c.send(&[ix], &[&mallory]).unwrap_err();
    assert_eq!(Err(custom_code(&err)), unauthorized);
    let agent = h.c.signer(AGENT);
    let ixs = [remove(&h, AGENT, ALICE), remove(&h, AGENT, MALLORY)];
    let err = h.c.send(&ixs, &[&agent]).unwrap_err();
    assert_eq!(Err(custom_code(&err)), code(Spec::NotRegistered));
    // The failed batch removed nothing: Alice is still a verified recipient.
    assert_eq!(h.can_transfer(BOB, ALICE, 0), 0);
    let rent_before = h.c.lamports(&h.c.key(AGENT));
    let ix = remove(&h, AGENT, ALICE);
    h.c.send(&[ix], &[&agent]).unwrap();
    assert!(
        h.c.lamports(&h.c.key(AGENT)) > rent_before,
        "the entry's rent is refunded"
    );
    assert_eq!(h.transfer(ALICE, BOB, 1), code(Spec::SenderNotVerified));
    // The agent role: the admin only; the admin hands over in two steps.
    let accounts = accounts::GrantRegistryAgent {
        admin: h.c.key(MALLORY),
        registry: h.registry,
        agent: h.c.key(MALLORY),
        role: h.agent_role(MALLORY),
        system_program: anchor_lang::system_program::ID,
    };
    assert_eq!(
        h.send(MALLORY, accounts, instruction::GrantRegistryAgent {}),
        unauthorized
    );
    let handover = |h: &Hooked, who| accounts::RegistryAdmin {
        signer: h.c.key(who),
        registry: h.registry,
    };
    let propose = instruction::ProposeRegistryAdmin {
        new: Some(h.c.key(BOB)),
    };
    assert_eq!(
        h.send(MALLORY, handover(&h, MALLORY), propose),
        unauthorized
    );
    let propose = instruction::ProposeRegistryAdmin {
        new: Some(h.c.key(BOB)),
    };
    h.send(ADMIN, handover(&h, ADMIN), propose).unwrap();
    assert_eq!(
        h.send(
            MALLORY,
            handover(&h, MALLORY),
            instruction::AcceptRegistryAdmin {}
        ),
        code(Spec::NoPendingAdmin)
    );
    h.send(BOB, handover(&h, BOB), instruction::AcceptRegistryAdmin {})
        .unwrap();
    // Entries are validated.
    assert_eq!(
        h.register(MALLORY, InvestorStatus::Verified, 0, T0 + YEAR),
        code(Spec::InvalidJurisdiction)
    );
    assert_eq!(
        h.register(MALLORY, InvestorStatus::Verified, 276, T0),
        code(Spec::InvalidExpiry)
    );
}

#[test]
fn only_the_mints_hook_authority_attaches_a_policy() {
    let pt = anchor_program_test!("tokenrail_transfer_hook", tokenrail_transfer_hook);
    let mut c = Chain::start::<usize>(pt, 6, TOKEN_2022, &[]);
    let mint = Hooked::create_mint(&mut c);
    let registry = pda(&[REGISTRY_SEED, c.key(MALLORY).as_ref(), &1u64.to_le_bytes()]);
    let create = Instruction {
        program_id: HOOK,
        accounts: accounts::CreateRegistry {
            authority: c.key(MALLORY),
            registry,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: instruction::CreateRegistry { id: 1 }.data(),
    };
    let mallory = c.signer(MALLORY);
    c.send(&[create], &[&mallory]).unwrap();
    // Mallory tries to attach her own lax policy (and registry) to the issuer's mint.
    let init = Instruction {
        program_id: HOOK,
        accounts: accounts::InitPolicy {
            hook_authority: c.key(MALLORY),
            payer: c.key(MALLORY),
            mint,
            registry,
            policy: pda(&[POLICY_SEED, mint.as_ref()]),
            extra_account_meta_list: pda(&[EXTRA_ACCOUNT_METAS_SEED, mint.as_ref()]),
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: instruction::InitPolicy {
            controller: c.key(MALLORY),
            forced_authority: c.key(MALLORY),
        }
        .data(),
    };
    let err = c.send(&[init], &[&mallory]).unwrap_err();
    assert_eq!(
        custom_code(&err),
        Some(6000 + u32::from(Spec::Unauthorized.code()))
    );
}

#[test]
fn error_codes_are_the_specs() {
    let pinned = [
        (TokenError::Unauthorized, Spec::Unauthorized),
        (TokenError::ZeroAmount, Spec::ZeroAmount),
        (TokenError::Paused, Spec::Paused),
        (TokenError::SenderFrozen, Spec::SenderFrozen),
        (TokenError::RecipientFrozen, Spec::RecipientFrozen),
        (TokenError::LockedUp, Spec::LockedUp),
        (TokenError::InsufficientBalance, Spec::InsufficientBalance),
        (
            TokenError::InsufficientUnfrozenBalance,
            Spec::InsufficientUnfrozenBalance,
        ),
        (TokenError::SenderNotVerified, Spec::SenderNotVerified),
        (TokenError::SenderKycExpired, Spec::SenderKycExpired),
        (TokenError::RecipientNotVerified, Spec::RecipientNotVerified),
        (TokenError::RecipientKycExpired, Spec::RecipientKycExpired),
        (
            TokenError::JurisdictionNotAllowed,
            Spec::JurisdictionNotAllowed,
        ),
        (TokenError::MaxBalanceExceeded, Spec::MaxBalanceExceeded),
        (TokenError::MaxHoldersReached, Spec::MaxHoldersReached),
        (TokenError::CapExceeded, Spec::CapExceeded),
        (TokenError::FreezeExceedsBalance, Spec::FreezeExceedsBalance),
        (TokenError::NoPendingAdmin, Spec::NoPendingAdmin),
        (TokenError::NotPaused, Spec::NotPaused),
        (TokenError::InvalidMetadata, Spec::InvalidMetadata),
        (TokenError::LengthMismatch, Spec::LengthMismatch),
        (TokenError::EmptyBatch, Spec::EmptyBatch),
        (TokenError::RecoveryTargetHolds, Spec::RecoveryTargetHolds),
        (TokenError::InvalidJurisdiction, Spec::InvalidJurisdiction),
        (TokenError::InvalidExpiry, Spec::InvalidExpiry),
        (TokenError::NotRegistered, Spec::NotRegistered),
        (TokenError::InvalidRules, Spec::InvalidRules),
        (TokenError::NotInTransfer, Spec::NotInTransfer),
        (TokenError::InvalidAccount, Spec::InvalidAccount),
    ];
    for (ours, spec) in pinned {
        let number = u32::from(ours);
        assert_eq!(number, 6000 + u32::from(spec.code()), "{spec:?}");
        assert!(ours.to_string().starts_with(&spec.tag()), "{ours}");
    }
}

#[test]
fn a_self_transfer_moves_nothing_and_token_2022_does_not_call_the_hook() {
    let mut h = Hooked::new();
    h.set_holder_state(ALICE, 0, T0 + 100);
    assert_eq!(h.transfer(ALICE, BOB, 5), code(Spec::LockedUp));
    // Token-2022 completes a transfer to the same account without the hook: nothing moves, so
    // nothing is got around; the dry run says the same.
    assert_eq!(h.can_transfer(ALICE, ALICE, 5), 0);
    h.transfer(ALICE, ALICE, 5).unwrap();
    assert_eq!(h.balance(ALICE), 1_000);
    // A zero transfer runs the hook like any other: the lock-up still applies.
    assert_eq!(h.transfer(ALICE, BOB, 0), code(Spec::LockedUp));
}
