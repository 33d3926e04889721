//! A cw-multi-test chain with the investor registry and the asset token, one address per scenario
//! actor, and the driver that replays the shared token vectors on it.

#![allow(dead_code, missing_docs)]

use cosmwasm_std::{Addr, Empty, HexBinary, Uint128};
use cw20_basic::msg::Cw20Coin;
use cw_asset_token::msg::{
    AccountResponse, CanTransferResponse, DocumentNamesResponse, DocumentResponse, ExecuteMsg,
    InstantiateMsg, QueryMsg, Rules as ChainRules, TokenRole, TokenStatusResponse,
};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use cw_registry::msg::{
    EntryInput, ExecuteMsg as RegistryMsg, InstantiateMsg as RegistryInit,
    InvestorStatus as Status, RegistryRole,
};
use tokenrail_core::token::TokenError;
use tokenrail_core::vectors::token::{
    Actor, Document, Failure, Hash32, InvestorStatus, Op, Role, Rules, TokenDriver,
    ZeroAmountTransfers,
};
use tokenrail_core::vectors::token_events::Event;
use tokenrail_devnet::cosmwasm::abci_events;
pub use tokenrail_devnet::cosmwasm::app::T0;
use tokenrail_ledger::cosmwasm::{records, CwContract};
use tokenrail_ledger::vector_events::{token_events, Names};
use tokenrail_ledger::Position;

pub fn registry_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw_registry::contract::execute,
        cw_registry::contract::instantiate,
        cw_registry::contract::query,
    ))
}

pub fn token_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw_asset_token::contract::execute,
        cw_asset_token::contract::instantiate,
        cw_asset_token::contract::query,
    ))
}

/// The legal document hash every scenario token carries.
pub const LEGAL_HASH: [u8; 32] = [0x42; 32];

/// The token's instantiation message for `cap`, pointing at `registry`.
pub fn token_init(cap: u128, registry: &Addr) -> InstantiateMsg {
    InstantiateMsg {
        name: "Tokenrail Bond 2030".into(),
        symbol: "TRB30".into(),
        decimals: 6,
        cap: Uint128::new(cap),
        registry: registry.to_string(),
        metadata_uri: "ipfs://bafy-legal-terms".into(),
        legal_document_hash: HexBinary::from(&LEGAL_HASH[..]),
    }
}

pub struct Chain {
    pub app: App,
    pub registry: Addr,
    pub token: Addr,
    pub actors: Vec<Addr>,
    /// The events of the last successful call, as the node would report them.
    pub last_events: Vec<cosmwasm_std::Event>,
}

impl Names for Chain {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.addr(*a).as_str() == address)
    }

    fn offset(&self, unix: u64) -> u64 {
        unix.saturating_sub(T0)
    }
}

impl Chain {
    /// A registry and a token with `cap`, both instantiated by [`Actor::Admin`].
    pub fn new(cap: u128) -> Self {
        let mut app = App::default();
        tokenrail_devnet::cosmwasm::app::set_time(&mut app, 0);
        let actors: Vec<Addr> = Actor::ALL
            .iter()
            .map(|a| app.api().addr_make(&format!("{a:?}")))
            .collect();
        let admin = actors[Actor::Admin as usize].clone();
        let registry_code = app.store_code(registry_contract());
        let token_code = app.store_code(token_contract());
        let registry = app
            .instantiate_contract(
                registry_code,
                admin.clone(),
                &RegistryInit {},
                &[],
                "registry",
                None,
            )
            .unwrap();
        let token = app
            .instantiate_contract(
                token_code,
                admin,
                &token_init(cap, &registry),
                &[],
                "token",
                None,
            )
            .unwrap();
        Chain {
            app,
            registry,
            token,
            actors,
            last_events: Vec::new(),
        }
    }

    pub fn addr(&self, a: Actor) -> Addr {
        self.actors[a as usize].clone()
    }

    pub fn exec(&mut self, by: Actor, msg: &ExecuteMsg) -> Result<AppResponse, Failure> {
        let by = self.addr(by);
        self.app
            .execute_contract(by, self.token.clone(), msg, &[])
            .map_err(to_failure)
    }

    pub fn exec_registry(&mut self, by: Actor, msg: &RegistryMsg) -> Result<AppResponse, Failure> {
        let by = self.addr(by);
        self.app
            .execute_contract(by, self.registry.clone(), msg, &[])
            .map_err(to_failure)
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.token, msg).unwrap()
    }

    pub fn account(&self, a: &Addr) -> AccountResponse {
        self.query(&QueryMsg::Account {
            address: a.to_string(),
        })
    }

    pub fn status(&self) -> TokenStatusResponse {
        self.query(&QueryMsg::Status {})
    }

    pub fn can_transfer_addr(&self, from: &str, to: &str, amount: u128) -> u16 {
        let r: CanTransferResponse = self.query(&QueryMsg::CanTransfer {
            from: from.into(),
            to: to.into(),
            amount: Uint128::new(amount),
        });
        assert_eq!(
            r.reason.as_deref(),
            TokenError::from_code(r.code).map(TokenError::name),
            "the reason names the code"
        );
        r.code
    }

    fn at(offset: u64) -> u64 {
        T0 + offset
    }

    /// Translates a vector operation into the chain's messages.
    pub fn apply(&mut self, by: Actor, op: &Op) -> Result<AppResponse, Failure> {
        let s = |c: &Chain, a: &Actor| c.addr(*a).to_string();
        let amt = |a: &tokenrail_core::Amount| Uint128::new(a.0);
        match op {
            Op::GrantRole {
                role: Role::RegistryAgent,
                account,
            } => self.exec_registry(
                by,
                &RegistryMsg::GrantRole {
                    role: RegistryRole::RegistryAgent,
                    account: s(self, account),
                },
            ),
            Op::RevokeRole {
                role: Role::RegistryAgent,
                account,
            } => self.exec_registry(
                by,
                &RegistryMsg::RevokeRole {
                    role: RegistryRole::RegistryAgent,
                    account: s(self, account),
                },
            ),
            Op::GrantRole { role, account } => {
                let msg = ExecuteMsg::GrantRole {
                    role: token_role(*role),
                    account: s(self, account),
                };
                self.exec(by, &msg)
            }
            Op::RevokeRole { role, account } => {
                let msg = ExecuteMsg::RevokeRole {
                    role: token_role(*role),
                    account: s(self, account),
                };
                self.exec(by, &msg)
            }
            Op::ProposeAdmin { new } => {
                let new = new.map(|a| s(self, &a));
                self.exec(by, &ExecuteMsg::ProposeAdmin { new })
            }
            Op::AcceptAdmin => self.exec(by, &ExecuteMsg::AcceptAdmin {}),
            Op::Register { entries } => {
                let entries = entries
                    .iter()
                    .map(|e| EntryInput {
                        address: s(self, &e.investor),
                        status: match e.status {
                            InvestorStatus::Verified => Status::Verified,
                            InvestorStatus::Revoked => Status::Revoked,
                        },
                        jurisdiction: e.jurisdiction,
                        kyc_expiry: Self::at(e.kyc_expiry),
                    })
                    .collect();
                self.exec_registry(by, &RegistryMsg::Upsert { entries })
            }
            Op::RemoveInvestors { investors } => {
                let addresses = investors.iter().map(|a| s(self, a)).collect();
                self.exec_registry(by, &RegistryMsg::Remove { addresses })
            }
            Op::SetRules { rules } => {
                let rules = chain_rules(rules);
                self.exec(by, &ExecuteMsg::SetRules { rules })
            }
            Op::Mint { to, amount } => {
                let msg = ExecuteMsg::Mint {
                    recipient: s(self, to),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::Transfer { to, amount } => {
                let msg = ExecuteMsg::Transfer {
                    recipient: s(self, to),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::Approve { spender, amount } => self.approve(by, *spender, amount.0),
            Op::TransferFrom { from, to, amount } => {
                let msg = ExecuteMsg::TransferFrom {
                    owner: s(self, from),
                    recipient: s(self, to),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::BatchTransfer { legs } => {
                let transfers = legs
                    .iter()
                    .map(|(to, amount)| Cw20Coin {
                        address: s(self, to),
                        amount: amt(amount),
                    })
                    .collect();
                self.exec(by, &ExecuteMsg::BatchTransfer { transfers })
            }
            Op::Burn { amount } => self.exec(
                by,
                &ExecuteMsg::Burn {
                    amount: amt(amount),
                },
            ),
            Op::Redeem { from, amount } => {
                let msg = ExecuteMsg::Redeem {
                    owner: s(self, from),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::ForcedTransfer { from, to, amount } => {
                let msg = ExecuteMsg::ForcedTransfer {
                    from: s(self, from),
                    to: s(self, to),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::Recover { lost, new } => {
                let msg = ExecuteMsg::Recover {
                    lost: s(self, lost),
                    new: s(self, new),
                };
                self.exec(by, &msg)
            }
            Op::SetAccountFrozen { account, frozen } => {
                let msg = ExecuteMsg::SetAccountFrozen {
                    account: s(self, account),
                    frozen: *frozen,
                };
                self.exec(by, &msg)
            }
            Op::SetFrozenAmount { account, amount } => {
                let msg = ExecuteMsg::SetFrozenAmount {
                    account: s(self, account),
                    amount: amt(amount),
                };
                self.exec(by, &msg)
            }
            Op::SetLockup { account, until } => {
                let until = if *until == 0 { 0 } else { Self::at(*until) };
                let msg = ExecuteMsg::SetLockup {
                    account: s(self, account),
                    until,
                };
                self.exec(by, &msg)
            }
            Op::Pause => self.exec(by, &ExecuteMsg::Pause {}),
            Op::Deactivate => self.exec(by, &ExecuteMsg::Deactivate {}),
            Op::Unpause => self.exec(by, &ExecuteMsg::Unpause {}),
            Op::SetDocument { name, uri, hash } => {
                let msg = ExecuteMsg::SetDocument {
                    name: name.clone(),
                    uri: uri.clone(),
                    hash: HexBinary::from(&hash.0[..]),
                };
                self.exec(by, &msg)
            }
            Op::RemoveDocument { name } => {
                let msg = ExecuteMsg::RemoveDocument { name: name.clone() };
                self.exec(by, &msg)
            }
        }
    }

    /// Sets `spender`'s allowance over `by`'s tokens to exactly `amount` (cw20 only has
    /// increase and decrease, so the current allowance is read first).
    pub fn approve(
        &mut self,
        by: Actor,
        spender: Actor,
        amount: u128,
    ) -> Result<AppResponse, Failure> {
        let current: cw_asset_token::msg::AllowanceResponse = self.query(&QueryMsg::Allowance {
            owner: self.addr(by).to_string(),
            spender: self.addr(spender).to_string(),
        });
        let current = current.allowance.u128();
        let spender = self.addr(spender).to_string();
        let msg = if amount >= current {
            ExecuteMsg::IncreaseAllowance {
                spender,
                amount: Uint128::new(amount - current),
                expires: None,
            }
        } else {
            ExecuteMsg::DecreaseAllowance {
                spender,
                amount: Uint128::new(current - amount),
                expires: None,
            }
        };
        self.exec(by, &msg)
    }
}

pub fn token_role(role: Role) -> TokenRole {
    match role {
        Role::Issuer => TokenRole::Issuer,
        Role::Agent => TokenRole::Agent,
        Role::Pauser => TokenRole::Pauser,
        Role::RegistryAgent => unreachable!("the registry grants this role"),
    }
}

pub fn chain_rules(r: &Rules) -> ChainRules {
    ChainRules {
        allowed_jurisdictions: r.allowed_jurisdictions.clone(),
        blocked_jurisdictions: r.blocked_jurisdictions.clone(),
        max_holders: r.max_holders,
        max_balance: Uint128::new(r.max_balance.0),
        expired_kyc_blocks_sending: r.expired_kyc_blocks_sending,
    }
}

pub fn to_failure(err: cosmwasm_std::StdError) -> Failure {
    let text = format!("{err:?}");
    match TokenError::find_tag(&text) {
        Some(code) => Failure::Spec(code),
        None => Failure::Other(text),
    }
}

impl TokenDriver for Chain {
    fn set_time(&mut self, offset: u64) {
        tokenrail_devnet::cosmwasm::app::set_time(&mut self.app, offset);
    }

    fn call(&mut self, by: Actor, op: &Op) -> Result<(), Failure> {
        self.last_events = self.apply(by, op)?.events;
        Ok(())
    }

    /// The call's events through the ledger's CometBFT decoder, as a node's `tx_search` gives
    /// them (type and attributes; multi-test adds `_contract_address` as wasmd does).
    fn events(&mut self) -> Result<Vec<Event>, String> {
        let events = abci_events(std::mem::take(&mut self.last_events));
        let contracts = [
            CwContract::Token(self.token.to_string()),
            CwContract::Registry(self.registry.to_string()),
        ];
        let at = Position::default();
        let rows = records("multi-test", &contracts, &at, "tx", &events);
        token_events(rows.iter().map(|r| &r.data), self)
    }

    fn can_transfer(&mut self, from: Actor, to: Actor, amount: u128) -> u16 {
        let (from, to) = (self.addr(from), self.addr(to));
        self.can_transfer_addr(from.as_str(), to.as_str(), amount)
    }

    fn balance(&mut self, a: Actor) -> u128 {
        self.account(&self.addr(a)).balance.u128()
    }

    fn frozen_amount(&mut self, a: Actor) -> u128 {
        self.account(&self.addr(a)).frozen_amount.u128()
    }

    fn supply(&mut self) -> u128 {
        self.status().total_supply.u128()
    }

    fn holders(&mut self) -> u32 {
        self.status().holders
    }

    fn document(&mut self, name: &str) -> Option<Document> {
        let msg = QueryMsg::Document { name: name.into() };
        match self
            .app
            .wrap()
            .query_wasm_smart::<DocumentResponse>(&self.token, &msg)
        {
            Ok(d) => Some(Document {
                uri: d.uri,
                hash: Hash32(d.hash.to_array().unwrap()),
                last_modified: d.last_modified - T0,
            }),
            Err(e) if e.to_string().contains(&TokenError::DocumentNotFound.tag()) => None,
            Err(e) => panic!("document `{name}`: {e}"),
        }
    }

    fn document_names(&mut self) -> Vec<String> {
        self.query::<DocumentNamesResponse>(&QueryMsg::DocumentNames {})
            .names
    }

    fn zero_amount_transfers(&self) -> ZeroAmountTransfers {
        ZeroAmountTransfers::Refused
    }
}

/// KYC expiry of [`Chain::onboarded`] investors: a year after the scenario start.
pub const YEAR: u64 = 365 * 24 * 3600;

impl Chain {
    /// A token with the usual roles granted (issuer, agent + registry agent, pauser) and
    /// `investors` verified in jurisdiction 276 for a year.
    pub fn onboarded(cap: u128, investors: &[Actor]) -> Self {
        let mut c = Chain::new(cap);
        for (role, who) in [
            (Role::Issuer, Actor::Issuer),
            (Role::Agent, Actor::Agent),
            (Role::Pauser, Actor::Pauser),
            (Role::RegistryAgent, Actor::Agent),
        ] {
            c.apply(Actor::Admin, &Op::GrantRole { role, account: who })
                .unwrap();
        }
        c.register(investors, 276);
        c
    }

    /// Registers `investors` as verified in `jurisdiction` for a year.
    pub fn register(&mut self, investors: &[Actor], jurisdiction: u16) {
        let entries = investors
            .iter()
            .map(|a| tokenrail_core::vectors::token::Investor {
                investor: *a,
                status: InvestorStatus::Verified,
                jurisdiction,
                kyc_expiry: YEAR,
            })
            .collect();
        self.apply(Actor::Agent, &Op::Register { entries }).unwrap();
    }

    /// Mints `amount` to `to` (an eligible investor) as the issuer.
    pub fn mint(&mut self, to: Actor, amount: u128) {
        let op = Op::Mint {
            to,
            amount: amount.into(),
        };
        self.apply(Actor::Issuer, &op).unwrap();
    }
}

/// The spec code of a failed step (panics on success or on a non-spec failure).
pub fn code_of(r: Result<AppResponse, Failure>) -> TokenError {
    match r {
        Err(Failure::Spec(code)) => code,
        other => panic!("expected a spec error, got {other:?}"),
    }
}

/// The failure a spec error produces.
pub fn failure(code: TokenError) -> Failure {
    Failure::Spec(code)
}

/// Moves the chain clock to `offset` seconds after [`T0`].
pub fn set_time(c: &mut Chain, offset: u64) {
    tokenrail_devnet::cosmwasm::app::set_time(&mut c.app, offset);
}
