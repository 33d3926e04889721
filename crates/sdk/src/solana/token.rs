//! [`TokenClient`] on the issuer program and its transfer hook: a Token-2022 mint whose every
//! movement the hook checks against the registry, with the issuer PDA as the mint's only
//! authority.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anchor_lang::{InstructionData, ToAccountMetas};
use spl_token_2022_interface as t22;
use tokenrail_core::token::LEGAL_DOCUMENT;
use tokenrail_solana::addresses::{
    documents_address, extra_account_metas_address, holder_address, investor_address,
    policy_address, TOKEN_2022,
};
pub use tokenrail_solana::addresses::{issuer_address, registry_address};
use tokenrail_solana::tokenrail_issuer::{self as issuer_program, client as issuer, types};
use tokenrail_solana::tokenrail_transfer_hook::{
    self as hook_program, client as hook, types as hook_types,
};
use tokenrail_solana::transfer_hook::{
    token_2022_refusal, transfer_extra_accounts, TransferSigner,
};

use super::{chain, refusal_by, Keypair, Signer};
use crate::token::{reason, Document, Investor, TokenClient, TokenError, TokenTerms};
use crate::{ClientError, Result};

const SYSTEM: Pubkey = anchor_lang::system_program::ID;

fn refusal(err: super::SendError) -> ClientError<TokenError> {
    refusal_by(err, TokenError::from_code, None)
}

fn amount64(amount: u128) -> Result<u64, TokenError> {
    u64::try_from(amount).map_err(|_| ClientError::Chain("Solana amounts are u64".into()))
}

/// The issuer program's role seed byte (`Role::seed`).
fn role_seed(role: types::Role) -> u8 {
    match role {
        types::Role::Issuer => 1,
        types::Role::Agent => 2,
        types::Role::Pauser => 3,
    }
}

/// One issued Token-2022 asset token and its registry on a Solana ledger (the embedded chain or
/// a cluster).
pub struct SolanaToken {
    /// The chain.
    pub chain: super::SolanaLedger,
    /// The mint.
    pub mint: Pubkey,
    /// `["issuer", mint]`: the mint's authority.
    pub issuer: Pubkey,
    /// The hook program's registry the token reads.
    pub registry: Pubkey,
    decimals: u8,
}

impl SolanaToken {
    /// Issues a token on `ledger` (an embedded chain or a cluster where the issuer and hook
    /// programs are deployed): `admin` creates registry number `registry_id`, issues the token
    /// on it with `terms` and receives every role.
    pub fn issue_on(
        mut c: super::SolanaLedger,
        terms: &TokenTerms,
        admin: &Keypair,
        registry_id: u64,
    ) -> Result<Self, TokenError> {
        let a = admin.pubkey();
        let registry = registry_address(&a, registry_id);
        let create = Instruction {
            program_id: hook_program::ID,
            accounts: hook::accounts::CreateRegistry {
                authority: a,
                registry,
                system_program: SYSTEM,
            }
            .to_account_metas(None),
            data: hook::args::CreateRegistry { id: registry_id }.data(),
        };
        c.send(&[create], &[admin]).map_err(refusal)?;
        let mint = c.fresh_keypair();
        let issuer = issuer_address(&mint.pubkey());
        let init = Instruction {
            program_id: issuer_program::ID,
            accounts: issuer::accounts::Initialize {
                admin: a,
                mint: mint.pubkey(),
                issuer,
                registry,
                policy: policy_address(&mint.pubkey()),
                extra_account_meta_list: extra_account_metas_address(&mint.pubkey()),
                hook_program: hook_program::ID,
                documents: documents_address(&mint.pubkey()),
                token_program: TOKEN_2022,
                system_program: SYSTEM,
            }
            .to_account_metas(None),
            data: issuer::args::Initialize {
                params: types::TokenParams {
                    name: terms.name.clone(),
                    symbol: terms.symbol.clone(),
                    uri: terms.uri.clone(),
                    legal_document_hash: terms.legal_document_hash,
                    decimals: terms.decimals,
                    cap: amount64(terms.cap)?,
                },
            }
            .data(),
        };
        c.send(&[init], &[admin, &mint]).map_err(refusal)?;
        let mut token = SolanaToken {
            chain: c,
            mint: mint.pubkey(),
            issuer,
            registry,
            decimals: terms.decimals,
        };
        let grant_agent = Instruction {
            program_id: hook_program::ID,
            accounts: hook::accounts::GrantRegistryAgent {
                admin: a,
                registry,
                agent: a,
                role: token.agent_role(&a),
                system_program: SYSTEM,
            }
            .to_account_metas(None),
            data: hook::args::GrantRegistryAgent {}.data(),
        };
        token.send(grant_agent, admin)?;
        for role in [types::Role::Issuer, types::Role::Agent, types::Role::Pauser] {
            let ix = token.issuer_ix(
                issuer::accounts::GrantRole {
                    admin: a,
                    issuer,
                    account: a,
                    grant: token.role(role, &a),
                    system_program: SYSTEM,
                },
                issuer::args::GrantRole { role },
            );
            token.send(ix, admin)?;
        }
        Ok(token)
    }

    /// The token issued at `mint` on `ledger`: its registry is read from the hook's policy and
    /// its decimals from the mint.
    pub fn connect(mut ledger: super::SolanaLedger, mint: Pubkey) -> Result<Self, TokenError> {
        use anchor_lang::AccountDeserialize;
        use t22::extension::StateWithExtensions;
        let missing = |what: &str| ClientError::Chain(format!("no {what} for the token {mint}"));
        let account = ledger
            .account(&mint)
            .map_err(ClientError::from)?
            .ok_or_else(|| missing("mint"))?;
        let decimals = StateWithExtensions::<t22::state::Mint>::unpack(&account.data)
            .map_err(chain)?
            .base
            .decimals;
        let policy = ledger
            .account(&policy_address(&mint))
            .map_err(ClientError::from)?
            .ok_or_else(|| missing("transfer-hook policy"))?;
        let policy =
            hook_program::accounts::TokenPolicy::try_deserialize(&mut policy.data.as_slice())
                .map_err(chain)?;
        Ok(SolanaToken {
            chain: ledger,
            mint,
            issuer: issuer_address(&mint),
            registry: policy.registry,
            decimals,
        })
    }

    /// The Token-2022 account of `owner` in the mint, created on first use.
    pub fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        self.chain.token_account_of(self.mint, owner)
    }

    fn agent_role(&self, agent: &Pubkey) -> Pubkey {
        tokenrail_solana::addresses::registry_agent_address(&self.registry, agent)
    }

    fn role(&self, role: types::Role, who: &Pubkey) -> Pubkey {
        tokenrail_solana::addresses::role_address(&self.issuer, role_seed(role), who)
    }

    /// The accounts of `set_document` signed by `admin`.
    fn documenting(&self, admin: &Keypair) -> issuer::accounts::SetDocument {
        issuer::accounts::SetDocument {
            admin: admin.pubkey(),
            issuer: self.issuer,
            mint: self.mint,
            documents: documents_address(&self.mint),
            token_program: TOKEN_2022,
            system_program: SYSTEM,
        }
    }

    /// The mint's documents account.
    fn documents(&mut self) -> Result<issuer_program::accounts::Documents, TokenError> {
        let account = self
            .chain
            .account(&documents_address(&self.mint))
            .map_err(ClientError::from)?
            .ok_or_else(|| ClientError::Chain("the token has no documents account".into()))?;
        issuer_program::accounts::Documents::try_deserialize(&mut &account.data[..]).map_err(chain)
    }

    /// The mint account's data (its extensions included).
    fn mint_data(&mut self) -> Result<Vec<u8>, TokenError> {
        let account = self
            .chain
            .account(&self.mint)
            .map_err(ClientError::from)?
            .ok_or_else(|| ClientError::Chain("the mint does not exist".into()))?;
        Ok(account.data)
    }

    /// The metadata URI and the legal document's hash, from the mint's token metadata.
    fn legal_metadata(&mut self) -> Result<(String, [u8; 32]), TokenError> {
        use spl_token_metadata_interface::state::TokenMetadata;
        use t22::extension::{BaseStateWithExtensions, StateWithExtensions};
        let data = self.mint_data()?;
        let mint = StateWithExtensions::<t22::state::Mint>::unpack(&data).map_err(chain)?;
        let metadata = mint
            .get_variable_len_extension::<TokenMetadata>()
            .map_err(chain)?;
        let hex = metadata
            .additional_metadata
            .iter()
            .find(|(key, _)| key == tokenrail_solana::LEGAL_DOCUMENT_FIELD)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| ClientError::Chain("the mint has no legal document hash".into()))?;
        let mut hash = [0u8; 32];
        hex::decode_to_slice(hex, &mut hash).map_err(chain)?;
        Ok((metadata.uri, hash))
    }

    fn issuer_ix(&self, accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
        Instruction {
            program_id: issuer_program::ID,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        }
    }

    /// Simulates one of the hook's read-only instructions and returns what it wrote as return
    /// data (`check_transfer`, `restriction_message`); nothing is sent.
    fn hook_view(
        &mut self,
        accounts: impl ToAccountMetas,
        data: impl InstructionData,
    ) -> Result<Option<Vec<u8>>, TokenError> {
        let ix = Instruction {
            program_id: hook_program::ID,
            accounts: accounts.to_account_metas(None),
            data: data.data(),
        };
        let (result, data) = self.chain.simulate(&[ix], &[]).map_err(ClientError::from)?;
        result.map_err(chain)?;
        Ok(data)
    }

    fn send(&mut self, ix: Instruction, signer: &Keypair) -> Result<(), TokenError> {
        self.chain.send(&[ix], &[signer]).map_err(refusal)
    }

    /// The `thaw_permissionless` / `freeze_permissionless` accounts for `wallet`, paid by `payer`.
    fn onboarding(
        &mut self,
        payer: &Pubkey,
        wallet: &Pubkey,
    ) -> issuer::accounts::ThawPermissionless {
        let account = self.token_account(wallet);
        issuer::accounts::ThawPermissionless {
            payer: *payer,
            issuer: self.issuer,
            mint: self.mint,
            wallet: *wallet,
            account,
            policy: policy_address(&self.mint),
            investor: investor_address(&self.registry, wallet),
            holder: holder_address(&self.mint, wallet),
            hook_program: hook_program::ID,
            token_program: TOKEN_2022,
            system_program: SYSTEM,
        }
    }

    /// Onboards `wallet` (Token ACL): thaws its associated token account, which the registry
    /// must verify. Anyone may call it; `payer` pays for the wallet's record the first time.
    pub fn onboard(&mut self, payer: &Keypair, wallet: &Pubkey) -> Result<(), TokenError> {
        let accounts = self.onboarding(&payer.pubkey(), wallet);
        let ix = self.issuer_ix(accounts, issuer::args::ThawPermissionless {});
        self.send(ix, payer)
    }

    /// Offboards `wallet` once the registry no longer verifies it: freezes its associated token
    /// account. Anyone may call it.
    pub fn offboard(&mut self, payer: &Keypair, wallet: &Pubkey) -> Result<(), TokenError> {
        let accounts = self.onboarding(&payer.pubkey(), wallet);
        let ix = self.issuer_ix(accounts, issuer::args::FreezePermissionless {});
        self.send(ix, payer)
    }

    /// The hook's dry run (`check_transfer`): 0 or the reason code.
    fn dry_run(&mut self, from: &Pubkey, to: &Pubkey, amount: u64) -> Result<u16, TokenError> {
        let (source, destination) = (self.token_account(from), self.token_account(to));
        let accounts = hook::accounts::CheckTransfer {
            source,
            mint: self.mint,
            destination,
            authority: *from,
            extra_account_meta_list: extra_account_metas_address(&self.mint),
            policy: policy_address(&self.mint),
            source_investor: investor_address(&self.registry, from),
            destination_investor: investor_address(&self.registry, to),
            source_holder: holder_address(&self.mint, from),
            destination_holder: holder_address(&self.mint, to),
        };
        let data = self.hook_view(accounts, hook::args::CheckTransfer { amount })?;
        match data.as_deref() {
            Some([lo, hi, ..]) => Ok(u16::from_le_bytes([*lo, *hi])),
            _ => Err(ClientError::Chain("check_transfer returned no code".into())),
        }
    }
}

impl TokenClient for SolanaToken {
    type Signer = Keypair;
    type Address = Pubkey;

    fn address_of(&self, signer: &Keypair) -> Pubkey {
        signer.pubkey()
    }

    fn register(
        &mut self,
        agent: &Keypair,
        investor: &Pubkey,
        entry: Investor,
    ) -> Result<(), TokenError> {
        let kyc_expiry = i64::try_from(entry.kyc_expiry)
            .map_err(|_| ClientError::Spec(TokenError::InvalidExpiry))?;
        let ix = Instruction {
            program_id: hook_program::ID,
            accounts: hook::accounts::UpsertInvestor {
                agent: agent.pubkey(),
                registry: self.registry,
                role: self.agent_role(&agent.pubkey()),
                wallet: *investor,
                investor: investor_address(&self.registry, investor),
                system_program: SYSTEM,
            }
            .to_account_metas(None),
            data: hook::args::UpsertInvestor {
                status: hook_types::InvestorStatus::Verified,
                jurisdiction: entry.jurisdiction,
                kyc_expiry,
            }
            .data(),
        };
        self.send(ix, agent)?;
        // Token ACL onboarding: the wallet's associated token account starts frozen and thaws
        // once the registry verifies the wallet (anyone may ask; the agent pays here).
        self.onboard(agent, investor)
    }

    fn mint(&mut self, issuer: &Keypair, to: &Pubkey, amount: u128) -> Result<(), TokenError> {
        let amount = amount64(amount)?;
        let destination = self.token_account(to);
        let ix = self.issuer_ix(
            issuer::accounts::MintTokens {
                signer: issuer.pubkey(),
                role: self.role(types::Role::Issuer, &issuer.pubkey()),
                issuer: self.issuer,
                mint: self.mint,
                destination,
                policy: policy_address(&self.mint),
                destination_investor: investor_address(&self.registry, to),
                destination_holder: holder_address(&self.mint, to),
                hook_program: hook_program::ID,
                token_program: TOKEN_2022,
                system_program: SYSTEM,
            },
            issuer::args::MintTokens { amount },
        );
        self.send(ix, issuer)
    }

    /// A holder's own Token-2022 `transfer_checked` with the hook's extra accounts. Token-2022's
    /// own refusals map as `docs/spec/token.md` (Solana) says: `MintPaused` is `Paused` (or
    /// `Deactivated`, as the dry run names it),
    /// `AccountFrozen` is the reason the dry run names, `InsufficientFunds` is
    /// `InsufficientBalance`.
    fn transfer(&mut self, holder: &Keypair, to: &Pubkey, amount: u128) -> Result<(), TokenError> {
        let amount = amount64(amount)?;
        let from = holder.pubkey();
        let (source, destination) = (self.token_account(&from), self.token_account(to));
        let mut ix = t22::instruction::transfer_checked(
            &TOKEN_2022,
            &source,
            &self.mint,
            &destination,
            &from,
            &[],
            amount,
            self.decimals,
        )
        .map_err(chain)?;
        ix.accounts.extend(transfer_extra_accounts(
            &self.mint,
            &self.registry,
            &from,
            to,
        ));
        let err = match self.chain.send(&[ix], &[holder]) {
            Ok(()) => return Ok(()),
            Err(err) => err,
        };
        let Some(code) = err.custom_code() else {
            return Err(refusal(err));
        };
        let dry_run = || self.dry_run(&from, to, amount);
        match token_2022_refusal(code, TransferSigner::Owner, amount, dry_run)? {
            Some(why) => Err(ClientError::Spec(why)),
            None => Err(refusal(err)),
        }
    }

    fn can_transfer(
        &mut self,
        from: &Pubkey,
        to: &Pubkey,
        amount: u128,
    ) -> Result<Option<TokenError>, TokenError> {
        let amount = amount64(amount)?;
        reason(self.dry_run(from, to, amount)?)
    }

    fn restriction_message(&mut self, code: u16) -> Result<String, TokenError> {
        let data = self
            .hook_view(
                hook::accounts::RestrictionMessage {},
                hook::args::RestrictionMessage { code },
            )?
            .ok_or_else(|| ClientError::Chain("restriction_message returned no message".into()))?;
        String::from_utf8(data)
            .map_err(|_| ClientError::Chain("restriction_message returned no UTF-8".into()))
    }

    fn set_frozen(
        &mut self,
        agent: &Keypair,
        account: &Pubkey,
        frozen: bool,
    ) -> Result<(), TokenError> {
        let token_account = self.token_account(account);
        let ix = self.issuer_ix(
            issuer::accounts::SetAccountFrozen {
                signer: agent.pubkey(),
                role: self.role(types::Role::Agent, &agent.pubkey()),
                issuer: self.issuer,
                mint: self.mint,
                account: token_account,
                policy: policy_address(&self.mint),
                investor: investor_address(&self.registry, account),
                holder: holder_address(&self.mint, account),
                hook_program: hook_program::ID,
                token_program: TOKEN_2022,
                system_program: SYSTEM,
            },
            issuer::args::SetAccountFrozen { frozen },
        );
        self.send(ix, agent)
    }

    fn set_paused(&mut self, pauser: &Keypair, paused: bool) -> Result<(), TokenError> {
        // `unpause` takes the same accounts as `pause`.
        let accounts = issuer::accounts::Pause {
            signer: pauser.pubkey(),
            role: self.role(types::Role::Pauser, &pauser.pubkey()),
            issuer: self.issuer,
            mint: self.mint,
            token_program: TOKEN_2022,
            policy: policy_address(&self.mint),
        };
        let ix = if paused {
            self.issuer_ix(accounts, issuer::args::Pause {})
        } else {
            self.issuer_ix(accounts, issuer::args::Unpause {})
        };
        self.send(ix, pauser)
    }

    fn deactivate(&mut self, admin: &Keypair) -> Result<(), TokenError> {
        let ix = self.issuer_ix(
            issuer::accounts::Deactivate {
                admin: admin.pubkey(),
                issuer: self.issuer,
                mint: self.mint,
                policy: policy_address(&self.mint),
                hook_program: hook_program::ID,
            },
            issuer::args::Deactivate {},
        );
        self.send(ix, admin)
    }

    fn forced_transfer(
        &mut self,
        agent: &Keypair,
        from: &Pubkey,
        to: &Pubkey,
        amount: u128,
    ) -> Result<(), TokenError> {
        let amount = amount64(amount)?;
        let (source, destination) = (self.token_account(from), self.token_account(to));
        let ix = self.issuer_ix(
            issuer::accounts::ForcedTransfer {
                signer: agent.pubkey(),
                role: self.role(types::Role::Agent, &agent.pubkey()),
                issuer: self.issuer,
                mint: self.mint,
                source,
                destination,
                policy: policy_address(&self.mint),
                source_investor: investor_address(&self.registry, from),
                destination_investor: investor_address(&self.registry, to),
                source_holder: holder_address(&self.mint, from),
                destination_holder: holder_address(&self.mint, to),
                extra_account_meta_list: extra_account_metas_address(&self.mint),
                hook_program: hook_program::ID,
                token_program: TOKEN_2022,
                system_program: SYSTEM,
            },
            issuer::args::ForcedTransfer { amount },
        );
        self.send(ix, agent)
    }

    fn balance(&mut self, who: &Pubkey) -> Result<u128, TokenError> {
        let acct = self.token_account(who);
        Ok(self
            .chain
            .token_balance(&acct)
            .map_err(ClientError::from)?
            .into())
    }

    fn supply(&mut self) -> Result<u128, TokenError> {
        use t22::extension::StateWithExtensions;
        let data = self.mint_data()?;
        let mint = StateWithExtensions::<t22::state::Mint>::unpack(&data).map_err(chain)?;
        Ok(mint.base.supply.into())
    }

    fn set_document(
        &mut self,
        admin: &Keypair,
        name: &str,
        uri: &str,
        hash: [u8; 32],
    ) -> Result<(), TokenError> {
        let ix = self.issuer_ix(
            self.documenting(admin),
            issuer::args::SetDocument {
                name: name.to_owned(),
                uri: uri.to_owned(),
                hash,
            },
        );
        self.chain.send(&[ix], &[admin]).map_err(refusal)
    }

    fn remove_document(&mut self, admin: &Keypair, name: &str) -> Result<(), TokenError> {
        let ix = self.issuer_ix(
            issuer::accounts::RemoveDocument {
                admin: admin.pubkey(),
                issuer: self.issuer,
                documents: documents_address(&self.mint),
            },
            issuer::args::RemoveDocument {
                name: name.to_owned(),
            },
        );
        self.chain.send(&[ix], &[admin]).map_err(refusal)
    }

    /// `legal` from the mint's token metadata (its URI and the hash field) and the documents
    /// account's time; the others from the documents account.
    fn document(&mut self, name: &str) -> Result<Document, TokenError> {
        let documents = self.documents()?;
        let time = |t: i64| u64::try_from(t).map_err(chain);
        if name == LEGAL_DOCUMENT {
            let (uri, hash) = self.legal_metadata()?;
            return Ok(Document {
                uri,
                hash,
                last_modified: time(documents.legal_modified)?,
            });
        }
        let e = documents
            .entries
            .into_iter()
            .find(|e| e.name == name)
            .ok_or(ClientError::Spec(TokenError::DocumentNotFound))?;
        Ok(Document {
            uri: e.uri,
            hash: e.hash,
            last_modified: time(e.last_modified)?,
        })
    }

    fn document_names(&mut self) -> Result<Vec<String>, TokenError> {
        let others = self.documents()?.entries.into_iter().map(|e| e.name);
        Ok(std::iter::once(LEGAL_DOCUMENT.to_owned())
            .chain(others)
            .collect())
    }
}
