//! [`TokenClient`] on `cw-asset-token` (cw20-compatible) and the `cw-registry` it reads.

use cosmwasm_std::{Addr, HexBinary, Uint128};
use cw_multi_test::{App, AppResponse, ContractWrapper, Executor};
use tokenrail_cosmwasm::registry::{
    EntryInput, ExecuteMsg as RegistryMsg, InstantiateMsg as RegistryInit, InvestorStatus,
    RegistryRole,
};
use tokenrail_cosmwasm::token::{
    CanTransferResponse, ExecuteMsg, InstantiateMsg, QueryMsg, TokenRole,
};
use tokenrail_cosmwasm::{AssetToken, Contract, Registry, SpecError};

use super::{chain, refusal_by};
use crate::token::{reason, Investor, TokenClient, TokenError, TokenTerms};
use crate::{ClientError, Result};

fn refusal(err: impl std::fmt::Debug) -> ClientError<TokenError> {
    refusal_by(err, |e| match e {
        SpecError::Token(code) => Some(code),
        _ => None,
    })
}

/// One asset token and its registry on an embedded chain.
pub struct CwToken {
    /// The chain.
    pub app: App,
    /// The token.
    pub token: Contract<AssetToken>,
    /// The registry the token reads.
    pub registry: Contract<Registry>,
}

impl CwToken {
    /// Starts an embedded chain (clock at [`tokenrail_cw_test_chain::T0`]) where `issuer`
    /// instantiates a registry and a token on it with `terms` and takes every role; `holders`
    /// are the names of further addresses. Returns the client, the issuer and the holders.
    pub fn issue(
        terms: &TokenTerms,
        issuer: &str,
        holders: &[&str],
    ) -> Result<(Self, Addr, Vec<Addr>), TokenError> {
        let probe = App::default();
        let others = holders.iter().map(|h| probe.api().addr_make(h)).collect();
        Self::issue_with(terms, probe.api().addr_make(issuer), others)
    }

    /// [`Self::issue`] with the addresses given (valid bech32 with the chain's `cosmwasm`
    /// prefix).
    pub fn issue_with(
        terms: &TokenTerms,
        admin: Addr,
        others: Vec<Addr>,
    ) -> Result<(Self, Addr, Vec<Addr>), TokenError> {
        let mut app = App::default();
        tokenrail_cw_test_chain::set_time(&mut app, 0);
        let registry_code = app.store_code(Box::new(ContractWrapper::new(
            cw_registry::contract::execute,
            cw_registry::contract::instantiate,
            cw_registry::contract::query,
        )));
        let token_code = app.store_code(Box::new(ContractWrapper::new(
            cw_asset_token::contract::execute,
            cw_asset_token::contract::instantiate,
            cw_asset_token::contract::query,
        )));
        let registry = app
            .instantiate_contract(
                registry_code,
                admin.clone(),
                &RegistryInit {},
                &[],
                "registry",
                None,
            )
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
        let token = app
            .instantiate_contract(token_code, admin.clone(), &init, &[], "token", None)
            .map_err(refusal)?;
        let mut client = CwToken {
            app,
            token: Contract::new(token),
            registry: Contract::new(registry),
        };
        client.on_registry(
            &admin,
            &RegistryMsg::GrantRole {
                role: RegistryRole::RegistryAgent,
                account: admin.to_string(),
            },
        )?;
        for role in [TokenRole::Issuer, TokenRole::Agent, TokenRole::Pauser] {
            let account = admin.to_string();
            client.on_token(&admin, &ExecuteMsg::GrantRole { role, account })?;
        }
        Ok((client, admin, others))
    }

    fn on_token(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<AppResponse, TokenError> {
        let msg = self.token.execute(msg, vec![]).map_err(chain)?;
        self.app.execute(sender.clone(), msg).map_err(refusal)
    }

    fn on_registry(&mut self, sender: &Addr, msg: &RegistryMsg) -> Result<AppResponse, TokenError> {
        let msg = self.registry.execute(msg, vec![]).map_err(chain)?;
        self.app.execute(sender.clone(), msg).map_err(refusal)
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
            .query(
                &self.app.wrap(),
                &QueryMsg::CanTransfer {
                    from: from.to_string(),
                    to: to.to_string(),
                    amount: Uint128::new(amount),
                },
            )
            .map_err(refusal)?;
        reason(r.code)
    }

    fn set_frozen(&mut self, agent: &Addr, account: &Addr, frozen: bool) -> Result<(), TokenError> {
        let msg = ExecuteMsg::SetAccountFrozen {
            account: account.to_string(),
            frozen,
        };
        self.on_token(agent, &msg).map(drop)
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
            .query(
                &self.app.wrap(),
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
            .query(&self.app.wrap(), &QueryMsg::TokenInfo {})
            .map_err(refusal)?;
        Ok(r.total_supply.u128())
    }
}
