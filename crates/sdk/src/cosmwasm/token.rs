//! [`TokenClient`] on `cw-asset-token` (cw20-compatible) and the `cw-registry` it reads.

use cosmwasm_std::{Addr, HexBinary, Uint128};
use tokenrail_cosmwasm::registry::{
    EntryInput, ExecuteMsg as RegistryMsg, InstantiateMsg as RegistryInit, InvestorStatus,
    RegistryRole,
};
use tokenrail_cosmwasm::token::{
    CanTransferResponse, DocumentNamesResponse, DocumentResponse, ExecuteMsg, InstantiateMsg,
    QueryMsg, RestrictionMessageResponse, TokenRole,
};
use tokenrail_cosmwasm::{AssetToken, Contract, Registry, SpecError};

use super::{chain, refusal_by, QueryOn};
use crate::token::{reason, Document, Investor, TokenClient, TokenError, TokenTerms};
use crate::{ClientError, Result};

fn refusal(err: impl Into<crate::LedgerError>) -> ClientError<TokenError> {
    refusal_by(err, |e| match e {
        SpecError::Token(code) => Some(code),
        _ => None,
    })
}

/// One asset token and its registry on a CosmWasm ledger.
pub struct CwToken {
    /// The ledger.
    pub chain: super::CwLedger,
    /// The token.
    pub token: Contract<AssetToken>,
    /// The registry the token reads.
    pub registry: Contract<Registry>,
}

impl CwToken {
    /// Issues a token on `chain` (the embedded chain, or a Cosmos chain where `codes` are the
    /// stored `cw-registry` and `cw-asset-token`): `admin` instantiates a registry and the
    /// token on it with `terms` and takes every role.
    pub fn issue_on(
        mut chain: super::CwLedger,
        terms: &TokenTerms,
        admin: &Addr,
        [registry_code, token_code]: [u64; 2],
    ) -> Result<Self, TokenError> {
        let registry = chain
            .instantiate(admin, registry_code, &RegistryInit {}, "registry")
            .map_err(refusal)?;
        let init = InstantiateMsg {
            name: terms.name.clone(),
            symbol: terms.symbol.clone(),
            decimals: terms.decimals,
            cap: Uint128::new(terms.cap),
            registry: registry.to_string(),
            metadata_uri: terms.uri.clone(),
            legal_document_hash: HexBinary::from(&terms.legal_document_hash[..]),
        };
        let token = chain
            .instantiate(admin, token_code, &init, "token")
            .map_err(refusal)?;
        let mut client = CwToken {
            chain,
            token: Contract::new(token),
            registry: Contract::new(registry),
        };
        client.on_registry(
            admin,
            &RegistryMsg::GrantRole {
                role: RegistryRole::RegistryAgent,
                account: admin.to_string(),
            },
        )?;
        for role in [TokenRole::Issuer, TokenRole::Agent, TokenRole::Pauser] {
            let account = admin.to_string();
            client.on_token(admin, &ExecuteMsg::GrantRole { role, account })?;
        }
        Ok(client)
    }

    /// The token at `token` on `chain`; its registry is read from the token.
    pub fn connect(chain: super::CwLedger, token: Addr) -> Result<Self, TokenError> {
        let token = Contract::<AssetToken>::new(token);
        let status: tokenrail_cosmwasm::token::TokenStatusResponse = token
            .query_on(&chain, &QueryMsg::Status {})
            .map_err(refusal)?;
        Ok(CwToken {
            registry: Contract::new(status.registry),
            token,
            chain,
        })
    }

    fn on_token(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<super::Outcome, TokenError> {
        let msg = self.token.execute(msg, vec![]).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal)
    }

    fn on_registry(
        &mut self,
        sender: &Addr,
        msg: &RegistryMsg,
    ) -> Result<super::Outcome, TokenError> {
        let msg = self.registry.execute(msg, vec![]).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal)
    }
}

impl TokenClient for CwToken {
    type Signer = Addr;
    type Address = Addr;

    fn address_of(&self, signer: &Addr) -> Addr {
        signer.clone()
    }

    fn register(
        &mut self,
        agent: &Addr,
        investor: &Addr,
        entry: Investor,
    ) -> Result<(), TokenError> {
        let entries = vec![EntryInput {
            address: investor.to_string(),
            status: InvestorStatus::Verified,
            jurisdiction: entry.jurisdiction,
            kyc_expiry: entry.kyc_expiry,
        }];
        self.on_registry(agent, &RegistryMsg::Upsert { entries })
            .map(drop)
    }

    fn mint(&mut self, issuer: &Addr, to: &Addr, amount: u128) -> Result<(), TokenError> {
        let msg = ExecuteMsg::Mint {
            recipient: to.to_string(),
            amount: Uint128::new(amount),
        };
        self.on_token(issuer, &msg).map(drop)
    }

    fn transfer(&mut self, holder: &Addr, to: &Addr, amount: u128) -> Result<(), TokenError> {
        let msg = ExecuteMsg::Transfer {
            recipient: to.to_string(),
            amount: Uint128::new(amount),
        };
        self.on_token(holder, &msg).map(drop)
    }

    fn can_transfer(
        &mut self,
        from: &Addr,
        to: &Addr,
        amount: u128,
    ) -> Result<Option<TokenError>, TokenError> {
        let r: CanTransferResponse = self
            .token
            .query_on(
                &self.chain,
                &QueryMsg::CanTransfer {
                    from: from.to_string(),
                    to: to.to_string(),
                    amount: Uint128::new(amount),
                },
            )
            .map_err(refusal)?;
        reason(r.code)
    }

    fn restriction_message(&mut self, code: u16) -> Result<String, TokenError> {
        let r: RestrictionMessageResponse = self
            .token
            .query_on(&self.chain, &QueryMsg::RestrictionMessage { code })
            .map_err(refusal)?;
        Ok(r.message)
    }

    fn set_frozen(&mut self, agent: &Addr, account: &Addr, frozen: bool) -> Result<(), TokenError> {
        let msg = ExecuteMsg::SetAccountFrozen {
            account: account.to_string(),
            frozen,
        };
        self.on_token(agent, &msg).map(drop)
    }

    fn set_paused(&mut self, pauser: &Addr, paused: bool) -> Result<(), TokenError> {
        let msg = if paused {
            ExecuteMsg::Pause {}
        } else {
            ExecuteMsg::Unpause {}
        };
        self.on_token(pauser, &msg).map(drop)
    }

    fn deactivate(&mut self, admin: &Addr) -> Result<(), TokenError> {
        self.on_token(admin, &ExecuteMsg::Deactivate {}).map(drop)
    }

    fn forced_transfer(
        &mut self,
        agent: &Addr,
        from: &Addr,
        to: &Addr,
        amount: u128,
    ) -> Result<(), TokenError> {
        let msg = ExecuteMsg::ForcedTransfer {
            from: from.to_string(),
            to: to.to_string(),
            amount: Uint128::new(amount),
        };
        self.on_token(agent, &msg).map(drop)
    }

    fn balance(&mut self, who: &Addr) -> Result<u128, TokenError> {
        let r: tokenrail_cosmwasm::cw20::BalanceResponse = self
            .token
            .query_on(
                &self.chain,
                &QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .map_err(refusal)?;
        Ok(r.balance.u128())
    }

    fn supply(&mut self) -> Result<u128, TokenError> {
        let r: tokenrail_cosmwasm::cw20::TokenInfoResponse = self
            .token
            .query_on(&self.chain, &QueryMsg::TokenInfo {})
            .map_err(refusal)?;
        Ok(r.total_supply.u128())
    }

    fn set_document(
        &mut self,
        admin: &Addr,
        name: &str,
        uri: &str,
        hash: [u8; 32],
    ) -> Result<(), TokenError> {
        let msg = ExecuteMsg::SetDocument {
            name: name.to_owned(),
            uri: uri.to_owned(),
            hash: HexBinary::from(hash),
        };
        self.on_token(admin, &msg).map(drop)
    }

    fn remove_document(&mut self, admin: &Addr, name: &str) -> Result<(), TokenError> {
        let msg = ExecuteMsg::RemoveDocument {
            name: name.to_owned(),
        };
        self.on_token(admin, &msg).map(drop)
    }

    fn document(&mut self, name: &str) -> Result<Document, TokenError> {
        let query = QueryMsg::Document {
            name: name.to_owned(),
        };
        let r: DocumentResponse = self.token.query_on(&self.chain, &query).map_err(refusal)?;
        Ok(Document {
            uri: r.uri,
            hash: r.hash.to_array().map_err(chain)?,
            last_modified: r.last_modified,
        })
    }

    fn document_names(&mut self) -> Result<Vec<String>, TokenError> {
        let r: DocumentNamesResponse = self
            .token
            .query_on(&self.chain, &QueryMsg::DocumentNames {})
            .map_err(refusal)?;
        Ok(r.names)
    }
}
