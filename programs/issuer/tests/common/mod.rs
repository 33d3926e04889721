//! The issuer and hook programs on a solana-program-test chain with the real Token-2022, and
//! helpers that build each instruction as a client would.

#![allow(dead_code, deprecated)]

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_keypair::Keypair;
use solana_signer::Signer;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use tokenrail_core::token::TokenError as Spec;
use tokenrail_devnet::solana::bank::{
    anchor_processor, anchor_program_test, custom_code, Chain, T0, TOKEN_2022,
};
use tokenrail_issuer::{accounts, instruction, Role, TokenParams, ISSUER_SEED, ROLE_SEED};
use tokenrail_solana::addresses::documents_address;
use tokenrail_transfer_hook::client::{
    extra_account_metas_address, holder_address, investor_address, policy_address,
    transfer_extra_accounts,
};
use tokenrail_transfer_hook::{InvestorStatus, TokenPolicy, AGENT_SEED, REGISTRY_SEED};

pub const ADMIN: usize = 0;
pub const ISSUER: usize = 1;
pub const AGENT: usize = 2;
pub const PAUSER: usize = 3;
pub const ALICE: usize = 4;
pub const BOB: usize = 5;
pub const CAROL: usize = 6;
pub const MALLORY: usize = 7;
pub const CAP: u64 = 1_000_000;
pub const YEAR: i64 = 365 * 24 * 3600;
pub const HOOK: Pubkey = tokenrail_transfer_hook::ID;
pub const LEGAL: [u8; 32] = [0x42; 32];

pub struct Token {
    pub c: Chain,
    pub mint: Pubkey,
    pub mint_key: Keypair,
    pub issuer: Pubkey,
    pub registry: Pubkey,
    pub accounts: Vec<Pubkey>,
}

/// The issuer PDA of the token on `mint`.
pub fn issuer_address(mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[ISSUER_SEED, mint.as_ref()], &tokenrail_issuer::ID).0
}

pub fn code(e: Spec) -> Result<(), Option<u32>> {
    Err(Some(6000 + u32::from(e.code())))
}

impl Token {
    /// Registry with Alice, Bob and Carol verified, the token initialised by ADMIN, the roles
    /// granted, a token account per actor.
    pub fn new() -> Self {
        let mut t = Token::bare(CAP);
        t.grant_registry_agent(ADMIN, AGENT).unwrap();
        for who in [ALICE, BOB, CAROL] {
            t.register(who, InvestorStatus::Verified, 276, T0 + YEAR)
                .unwrap();
        }
        for (role, who) in [
            (Role::Issuer, ISSUER),
            (Role::Agent, AGENT),
            (Role::Pauser, PAUSER),
        ] {
            t.grant(role, who).unwrap();
        }
        t
    }

    /// ADMIN's registry (no agent, no entries) and a token with `cap` initialised by ADMIN (no
    /// role granted), a token account per actor: where every shared vector starts.
    pub fn bare(cap: u64) -> Self {
        let mut pt = anchor_program_test!("tokenrail_issuer", tokenrail_issuer);
        pt.add_program(
            "tokenrail_transfer_hook",
            HOOK,
            anchor_processor!(tokenrail_transfer_hook),
        );
        let mut c = Chain::start::<usize>(pt, 8, TOKEN_2022, &[]);
        let registry = Pubkey::find_program_address(
            &[REGISTRY_SEED, c.key(ADMIN).as_ref(), &1u64.to_le_bytes()],
            &HOOK,
        )
        .0;
        let admin = c.signer(ADMIN);
        let create = Instruction {
            program_id: HOOK,
            accounts: tokenrail_transfer_hook::accounts::CreateRegistry {
                authority: c.key(ADMIN),
                registry,
                system_program: anchor_lang::system_program::ID,
            }
            .to_account_metas(None),
            data: tokenrail_transfer_hook::instruction::CreateRegistry { id: 1 }.data(),
        };
        c.send(&[create], &[&admin]).unwrap();
        let mint = Keypair::new();
        let issuer = issuer_address(&mint.pubkey());
        let mut t = Token {
            c,
            mint: mint.pubkey(),
            mint_key: mint.insecure_clone(),
            issuer,
            registry,
            accounts: vec![],
        };
        let init = t.initialize(
            ADMIN,
            t.mint,
            TokenParams {
                name: "Tokenrail Bond 2030".into(),
                symbol: "TRB30".into(),
                uri: "ipfs://bafy-legal-terms".into(),
                legal_document_hash: LEGAL,
                decimals: 6,
                cap,
            },
        );
        t.c.send(&[init], &[&admin, &mint]).unwrap();
        // Each wallet's associated token account: created frozen (the mint's default account
        // state), thawed when the registry verifies the wallet (`register` onboards it).
        let owners: Vec<Pubkey> = (0..8usize).map(|a| t.c.key(a)).collect();
        t.accounts = owners
            .iter()
            .map(|o| t.c.associated_token_account(t.mint, o))
            .collect();
        t
    }

    /// The accounts of `thaw_permissionless` / `freeze_permissionless` for `who`.
    pub fn onboard_accounts(&self, who: usize) -> accounts::Onboard {
        let wallet = self.c.key(who);
        accounts::Onboard {
            payer: self.c.ctx.payer.pubkey(),
            issuer: self.issuer,
            mint: self.mint,
            wallet,
            account: self.accounts[who],
            policy: policy_address(&self.mint),
            investor: investor_address(&self.registry, &wallet),
            holder: holder_address(&self.mint, &wallet),
            hook_program: HOOK,
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        }
    }

    /// Anyone (the test payer) thaws `who`'s account (Token ACL onboarding).
    pub fn thaw(&mut self, who: usize) -> Result<(), Option<u32>> {
        let ix = self.ix(
            self.onboard_accounts(who),
            instruction::ThawPermissionless {},
        );
        self.c.send(&[ix], &[]).map_err(|e| custom_code(&e))
    }

    /// Anyone (the test payer) freezes `who`'s account once the registry stops verifying it.
    pub fn freeze(&mut self, who: usize) -> Result<(), Option<u32>> {
        let ix = self.ix(
            self.onboard_accounts(who),
            instruction::FreezePermissionless {},
        );
        self.c.send(&[ix], &[]).map_err(|e| custom_code(&e))
    }

    /// The registry's admin `by` grants the agent role to `agent`.
    pub fn grant_registry_agent(&mut self, by: usize, agent: usize) -> Result<(), Option<u32>> {
        self.registry_role(by, agent, true)
    }

    /// The registry's admin `by` grants (`true`) or revokes the agent role of `agent`.
    pub fn registry_role(
        &mut self,
        by: usize,
        agent: usize,
        grant: bool,
    ) -> Result<(), Option<u32>> {
        let role = self.agent_role(agent);
        let ix = if grant {
            Instruction {
                program_id: HOOK,
                accounts: tokenrail_transfer_hook::accounts::GrantRegistryAgent {
                    admin: self.c.key(by),
                    registry: self.registry,
                    agent: self.c.key(agent),
                    role,
                    system_program: anchor_lang::system_program::ID,
                }
                .to_account_metas(None),
                data: tokenrail_transfer_hook::instruction::GrantRegistryAgent {}.data(),
            }
        } else {
            Instruction {
                program_id: HOOK,
                accounts: tokenrail_transfer_hook::accounts::RevokeRegistryAgent {
                    admin: self.c.key(by),
                    registry: self.registry,
                    agent: self.c.key(agent),
                    role,
                }
                .to_account_metas(None),
                data: tokenrail_transfer_hook::instruction::RevokeRegistryAgent {}.data(),
            }
        };
        let signer = self.c.signer(by);
        self.c.send(&[ix], &[&signer]).map_err(|e| custom_code(&e))
    }

    /// The agent-role account of `agent` in the registry.
    pub fn agent_role(&self, agent: usize) -> Pubkey {
        Pubkey::find_program_address(
            &[
                AGENT_SEED,
                self.registry.as_ref(),
                self.c.key(agent).as_ref(),
            ],
            &HOOK,
        )
        .0
    }

    /// `initialize` of a token on `mint` by `by`, with this chain's registry.
    pub fn initialize(&self, by: usize, mint: Pubkey, params: TokenParams) -> Instruction {
        self.ix(
            accounts::Initialize {
                admin: self.c.key(by),
                mint,
                issuer: issuer_address(&mint),
                registry: self.registry,
                policy: policy_address(&mint),
                extra_account_meta_list: extra_account_metas_address(&mint),
                hook_program: HOOK,
                documents: documents_address(&mint),
                token_program: TOKEN_2022,
                system_program: anchor_lang::system_program::ID,
            },
            instruction::Initialize { params },
        )
    }

    pub fn ix(&self, accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
        Instruction {
            program_id: tokenrail_issuer::ID,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        }
    }

    pub fn send(
        &mut self,
        by: usize,
        accounts: impl ToAccountMetas,
        data: impl InstructionData,
    ) -> Result<(), Option<u32>> {
        let ix = self.ix(accounts, data);
        let signer = self.c.signer(by);
        self.c.send(&[ix], &[&signer]).map_err(|e| custom_code(&e))
    }

    pub fn role(&self, role: Role, who: usize) -> Pubkey {
        Pubkey::find_program_address(
            &[
                ROLE_SEED,
                self.issuer.as_ref(),
                &[role.seed()],
                self.c.key(who).as_ref(),
            ],
            &tokenrail_issuer::ID,
        )
        .0
    }

    pub fn grant(&mut self, role: Role, who: usize) -> Result<(), Option<u32>> {
        let accounts = accounts::GrantRole {
            admin: self.c.key(ADMIN),
            issuer: self.issuer,
            account: self.c.key(who),
            grant: self.role(role, who),
            system_program: anchor_lang::system_program::ID,
        };
        self.send(ADMIN, accounts, instruction::GrantRole { role })
    }

    pub fn register(
        &mut self,
        who: usize,
        status: InvestorStatus,
        jurisdiction: u16,
        kyc_expiry: i64,
    ) -> Result<(), Option<u32>> {
        let agent_role = Pubkey::find_program_address(
            &[
                AGENT_SEED,
                self.registry.as_ref(),
                self.c.key(AGENT).as_ref(),
            ],
            &HOOK,
        )
        .0;
        let ix = Instruction {
            program_id: HOOK,
            accounts: tokenrail_transfer_hook::accounts::UpsertInvestor {
                agent: self.c.key(AGENT),
                registry: self.registry,
                role: agent_role,
                wallet: self.c.key(who),
                investor: investor_address(&self.registry, &self.c.key(who)),
                system_program: anchor_lang::system_program::ID,
            }
            .to_account_metas(None),
            data: tokenrail_transfer_hook::instruction::UpsertInvestor {
                status,
                jurisdiction,
                kyc_expiry,
            }
            .data(),
        };
        let agent = self.c.signer(AGENT);
        self.c.send(&[ix], &[&agent]).map_err(|e| custom_code(&e))?;
        // What a client does after writing the registry: onboard a verified wallet, offboard a
        // revoked one (an agent-frozen wallet stays frozen: its thaw is refused).
        let _ = match status {
            InvestorStatus::Verified => self.thaw(who),
            InvestorStatus::Revoked => self.freeze(who),
        };
        Ok(())
    }

    pub fn mint_tokens(&mut self, by: usize, to: usize, amount: u64) -> Result<(), Option<u32>> {
        let accounts = accounts::MintTokens {
            signer: self.c.key(by),
            role: self.role(Role::Issuer, by),
            issuer: self.issuer,
            mint: self.mint,
            destination: self.accounts[to],
            policy: policy_address(&self.mint),
            destination_investor: investor_address(&self.registry, &self.c.key(to)),
            destination_holder: holder_address(&self.mint, &self.c.key(to)),
            hook_program: HOOK,
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        };
        self.send(by, accounts, instruction::MintTokens { amount })
    }

    pub fn burn_accounts(&self, by: usize, from: usize) -> accounts::Burn {
        accounts::Burn {
            signer: self.c.key(by),
            role: self.role(Role::Issuer, by),
            issuer: self.issuer,
            mint: self.mint,
            source: self.accounts[from],
            policy: policy_address(&self.mint),
            source_investor: investor_address(&self.registry, &self.c.key(from)),
            source_holder: holder_address(&self.mint, &self.c.key(from)),
            hook_program: HOOK,
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        }
    }

    pub fn burn(&mut self, who: usize, amount: u64) -> Result<(), Option<u32>> {
        let accounts = self.burn_accounts(who, who);
        self.send(who, accounts, instruction::Burn { amount })
    }

    pub fn redeem(&mut self, by: usize, from: usize, amount: u64) -> Result<(), Option<u32>> {
        let accounts = self.burn_accounts(by, from);
        self.send(by, accounts, instruction::Redeem { amount })
    }

    pub fn forced_accounts(&self, by: usize, from: usize, to: usize) -> accounts::ForcedMove {
        let (f, t) = (self.c.key(from), self.c.key(to));
        accounts::ForcedMove {
            signer: self.c.key(by),
            role: self.role(Role::Agent, by),
            issuer: self.issuer,
            mint: self.mint,
            source: self.accounts[from],
            destination: self.accounts[to],
            policy: policy_address(&self.mint),
            source_investor: investor_address(&self.registry, &f),
            destination_investor: investor_address(&self.registry, &t),
            source_holder: holder_address(&self.mint, &f),
            destination_holder: holder_address(&self.mint, &t),
            extra_account_meta_list: extra_account_metas_address(&self.mint),
            hook_program: HOOK,
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        }
    }

    pub fn on_account(&self, by: usize, who: usize) -> accounts::AgentOnAccount {
        accounts::AgentOnAccount {
            signer: self.c.key(by),
            role: self.role(Role::Agent, by),
            issuer: self.issuer,
            mint: self.mint,
            account: self.accounts[who],
            policy: policy_address(&self.mint),
            investor: investor_address(&self.registry, &self.c.key(who)),
            holder: holder_address(&self.mint, &self.c.key(who)),
            hook_program: HOOK,
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        }
    }

    pub fn pausing(&self, by: usize) -> accounts::Pausing {
        accounts::Pausing {
            signer: self.c.key(by),
            role: self.role(Role::Pauser, by),
            issuer: self.issuer,
            mint: self.mint,
            token_program: TOKEN_2022,
            policy: policy_address(&self.mint),
        }
    }

    /// The accounts of `set_metadata` and `set_document` signed by `by`.
    pub fn documenting(&self, by: usize) -> accounts::Documenting {
        accounts::Documenting {
            admin: self.c.key(by),
            issuer: self.issuer,
            mint: self.mint,
            documents: documents_address(&self.mint),
            token_program: TOKEN_2022,
            system_program: anchor_lang::system_program::ID,
        }
    }

    /// The accounts of `remove_document` signed by `by`.
    pub fn removing_document(&self, by: usize) -> accounts::RemoveDocument {
        accounts::RemoveDocument {
            admin: self.c.key(by),
            issuer: self.issuer,
            documents: documents_address(&self.mint),
        }
    }

    /// The mint's documents account.
    pub fn documents(&mut self) -> tokenrail_issuer::Documents {
        self.c.anchor_account(&documents_address(&self.mint))
    }

    /// The accounts of `deactivate` signed by `by`.
    pub fn deactivating(&self, by: usize) -> accounts::Deactivate {
        accounts::Deactivate {
            admin: self.c.key(by),
            issuer: self.issuer,
            mint: self.mint,
            policy: policy_address(&self.mint),
            hook_program: tokenrail_transfer_hook::ID,
        }
    }

    /// A holder's own Token-2022 transfer, with the hook's extra accounts.
    pub fn transfer(&mut self, from: usize, to: usize, amount: u64) -> Result<(), Option<u32>> {
        let mut ix = spl_token_2022_interface::instruction::transfer_checked(
            &TOKEN_2022,
            &self.accounts[from],
            &self.mint,
            &self.accounts[to],
            &self.c.key(from),
            &[],
            amount,
            6,
        )
        .unwrap();
        ix.accounts.extend(transfer_extra_accounts(
            &self.mint,
            &self.registry,
            &self.c.key(from),
            &self.c.key(to),
        ));
        let signer = self.c.signer(from);
        match self.c.send(&[ix], &[&signer]).map_err(|e| custom_code(&e)) {
            // Token-2022 refuses a frozen account without a reason; a client names the one the
            // hook's dry run gives (the agent's freeze, the registry, or no onboarding).
            Err(Some(c))
                if c == spl_token_2022_interface::error::TokenError::AccountFrozen as u32 =>
            {
                Err(Some(6000 + u32::from(self.can_transfer(from, to, amount))))
            }
            other => other,
        }
    }

    /// The hook's `check_transfer` dry run of `from` → `to`: 0 or the spec code.
    pub fn can_transfer(&mut self, from: usize, to: usize, amount: u64) -> u16 {
        let (f, t) = (self.c.key(from), self.c.key(to));
        let accounts = tokenrail_transfer_hook::accounts::Execute {
            source: self.accounts[from],
            mint: self.mint,
            destination: self.accounts[to],
            authority: f,
            extra_account_meta_list: extra_account_metas_address(&self.mint),
            policy: policy_address(&self.mint),
            source_investor: investor_address(&self.registry, &f),
            destination_investor: investor_address(&self.registry, &t),
            source_holder: holder_address(&self.mint, &f),
            destination_holder: holder_address(&self.mint, &t),
        };
        let ix = Instruction {
            program_id: HOOK,
            accounts: accounts.to_account_metas(None),
            data: tokenrail_transfer_hook::instruction::CheckTransfer { amount }.data(),
        };
        let (result, data) = self.c.simulate(&[ix], &[]);
        result.expect("check_transfer itself succeeds");
        let data = data.expect("check_transfer returns its code");
        u16::from_le_bytes([data[0], data[1]])
    }

    pub fn balance(&mut self, who: usize) -> u64 {
        self.c.token_balance(&self.accounts[who])
    }

    pub fn frozen(&mut self, who: usize) -> bool {
        self.c.token(&self.accounts[who]).unwrap().is_frozen()
    }

    pub fn holders(&mut self) -> u32 {
        let policy = policy_address(&self.mint);
        self.c.anchor_account::<TokenPolicy>(&policy).holders
    }

    pub fn mint_data(&mut self) -> Vec<u8> {
        self.c
            .rt
            .block_on(self.c.ctx.banks_client.get_account(self.mint))
            .unwrap()
            .unwrap()
            .data
    }

    pub fn paused(&mut self) -> bool {
        use spl_token_2022_interface::extension::pausable::PausableConfig;
        let data = self.mint_data();
        let state =
            StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data).unwrap();
        bool::from(state.get_extension::<PausableConfig>().unwrap().paused)
    }
}
