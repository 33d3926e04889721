//! [`TokenClient`] on `ink_asset_token` (PSP22-compatible) and the `ink_registry` it reads.

use tokenrail_ink::{ink_asset_token as asset, ink_registry as registry, LangError, Message};

use super::{call, id, query, AccountId32, InkCode, InkLedger};
use crate::token::{reason, Document, Investor, TokenClient, TokenError, TokenTerms};
use crate::{ClientError, Result};

/// Role numbers of `set_role` (the contracts' own constants).
const ISSUER: u8 = 1;
const AGENT: u8 = 2;
const PAUSER: u8 = 3;
const REGISTRY_AGENT: u8 = 1;

/// A PSP22 message's error: the standard's own variants, or the spec tag
/// (`[token:<code> <Name>]`) the token puts in `Custom`.
fn psp22_refusal(err: asset::types::PSP22Error) -> ClientError<TokenError> {
    use asset::types::PSP22Error as E;
    match err {
        E::InsufficientBalance => ClientError::Spec(TokenError::InsufficientBalance),
        E::InsufficientAllowance => ClientError::Spec(TokenError::InsufficientAllowance),
        E::ZeroRecipientAddress | E::ZeroSenderAddress => {
            ClientError::Spec(TokenError::InvalidAddress)
        }
        E::Custom(text) => match TokenError::find_tag(&text) {
            Some(code) => ClientError::Spec(code),
            None => ClientError::Chain(format!("untagged PSP22 error {text:?}")),
        },
        other => ClientError::Chain(format!("{other:?}")),
    }
}

type Exec<E> = Message<std::result::Result<std::result::Result<(), E>, LangError>>;

/// One asset token and its registry on an ink! chain.
pub struct InkToken {
    /// The chain.
    pub chain: InkLedger,
    /// The token contract.
    pub token: AccountId32,
    /// The registry contract the token reads.
    pub registry: AccountId32,
}

impl InkToken {
    /// Deploys a registry and a token with `terms` from `codes` (`ink_registry`'s and
    /// `ink_asset_token`'s) on `chain` as `admin` (a key of a node's keyring), who takes every
    /// role.
    pub fn issue_on(
        mut chain: InkLedger,
        terms: &TokenTerms,
        admin: &AccountId32,
        codes: [InkCode; 2],
    ) -> Result<Self, TokenError> {
        let [registry_code, token_code] = codes;
        let registry = chain
            .deploy(registry_code, registry::constructors::new().data, admin)
            .map_err(ClientError::from)?;
        let ctor = asset::constructors::new(
            terms.name.clone(),
            terms.symbol.clone(),
            terms.decimals,
            terms.cap,
            id(&registry),
            terms.uri.clone(),
            terms.legal_document_hash,
        );
        let token = chain
            .deploy(token_code, ctor.data, admin)
            .map_err(ClientError::from)?;
        let mut client = InkToken {
            chain,
            token,
            registry,
        };
        let on_registry = registry::messages::set_role(REGISTRY_AGENT, id(admin), true);
        client.exec_registry(on_registry, admin)?;
        for role in [ISSUER, AGENT, PAUSER] {
            client.exec(asset::messages::set_role(role, id(admin), true), admin)?;
        }
        Ok(client)
    }

    /// The token deployed at `token`, reading `registry`, on `chain`.
    pub fn connect(chain: InkLedger, token: AccountId32, registry: AccountId32) -> Self {
        InkToken {
            chain,
            token,
            registry,
        }
    }

    fn exec(&mut self, msg: Exec<TokenError>, caller: &AccountId32) -> Result<(), TokenError> {
        let token = self.token.clone();
        call(&mut self.chain, &token, msg, caller, 0)?.map_err(ClientError::Spec)
    }

    fn exec_registry(
        &mut self,
        msg: Exec<TokenError>,
        caller: &AccountId32,
    ) -> Result<(), TokenError> {
        let registry = self.registry.clone();
        call(&mut self.chain, &registry, msg, caller, 0)?.map_err(ClientError::Spec)
    }

    fn query<R: tokenrail_ink::scale::Decode>(
        &mut self,
        msg: Message<std::result::Result<R, LangError>>,
    ) -> Result<R, TokenError> {
        let token = self.token.clone();
        query(&mut self.chain, &token, msg)
    }
}

impl TokenClient for InkToken {
    type Signer = AccountId32;
    type Address = AccountId32;

    fn address_of(&self, signer: &AccountId32) -> AccountId32 {
        signer.clone()
    }

    fn register(
        &mut self,
        agent: &AccountId32,
        investor: &AccountId32,
        entry: Investor,
    ) -> Result<(), TokenError> {
        let entry = registry::types::Entry {
            status: registry::types::InvestorStatus::Verified,
            jurisdiction: entry.jurisdiction,
            kyc_expiry: entry.kyc_expiry,
        };
        self.exec_registry(
            registry::messages::upsert(vec![(id(investor), entry)]),
            agent,
        )
    }

    fn mint(
        &mut self,
        issuer: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), TokenError> {
        self.exec(asset::messages::mint(id(to), amount), issuer)
    }

    fn transfer(
        &mut self,
        holder: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), TokenError> {
        let token = self.token.clone();
        let msg = asset::messages::psp22_transfer(id(to), amount, vec![]);
        call(&mut self.chain, &token, msg, holder, 0)?.map_err(psp22_refusal)
    }

    fn can_transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<Option<TokenError>, TokenError> {
        let code = self.query(asset::messages::can_transfer(id(from), id(to), amount))?;
        reason(code)
    }

    fn restriction_message(&mut self, code: u16) -> Result<String, TokenError> {
        self.query(asset::messages::restriction_message(code))
    }

    fn set_document(
        &mut self,
        admin: &AccountId32,
        name: &str,
        uri: &str,
        hash: [u8; 32],
    ) -> Result<(), TokenError> {
        let call = asset::messages::set_document(name.to_owned(), uri.to_owned(), hash);
        self.exec(call, admin)
    }

    fn remove_document(&mut self, admin: &AccountId32, name: &str) -> Result<(), TokenError> {
        self.exec(asset::messages::remove_document(name.to_owned()), admin)
    }

    fn document(&mut self, name: &str) -> Result<Document, TokenError> {
        let d = self
            .query(asset::messages::document(name.to_owned()))?
            .map_err(ClientError::Spec)?;
        Ok(Document {
            uri: d.uri,
            hash: d.hash,
            last_modified: d.last_modified,
        })
    }

    fn document_names(&mut self) -> Result<Vec<String>, TokenError> {
        self.query(asset::messages::document_names())
    }

    fn set_frozen(
        &mut self,
        agent: &AccountId32,
        account: &AccountId32,
        frozen: bool,
    ) -> Result<(), TokenError> {
        self.exec(
            asset::messages::set_account_frozen(id(account), frozen),
            agent,
        )
    }

    fn set_paused(&mut self, pauser: &AccountId32, paused: bool) -> Result<(), TokenError> {
        let call = if paused {
            asset::messages::pause()
        } else {
            asset::messages::unpause()
        };
        self.exec(call, pauser)
    }

    fn deactivate(&mut self, admin: &AccountId32) -> Result<(), TokenError> {
        self.exec(asset::messages::deactivate(), admin)
    }

    fn forced_transfer(
        &mut self,
        agent: &AccountId32,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> Result<(), TokenError> {
        self.exec(
            asset::messages::forced_transfer(id(from), id(to), amount),
            agent,
        )
    }

    fn balance(&mut self, who: &AccountId32) -> Result<u128, TokenError> {
        self.query(asset::messages::psp22_balance_of(id(who)))
    }

    fn supply(&mut self) -> Result<u128, TokenError> {
        self.query(asset::messages::psp22_total_supply())
    }
}
