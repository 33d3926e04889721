//! Entry points of the cw20 token.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult, Storage,
    Uint128,
};

use crate::error::ContractError;
use crate::msg::{
    BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, Cw20ReceiveMsg, InstantiateMsg,
    TokenInfoResponse,
};
use crate::state::{BALANCES, TOKEN_INFO};

const CONTRACT_NAME: &str = "crates.io:cw20-basic";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Mints the initial balances.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let mut total_supply = Uint128::zero();
    for coin in msg.initial_balances {
        let addr = deps.api.addr_validate(&coin.address)?;
        BALANCES.update(deps.storage, &addr, |b| -> StdResult<_> {
            Ok(b.unwrap_or_default().checked_add(coin.amount)?)
        })?;
        total_supply = total_supply
            .checked_add(coin.amount)
            .map_err(cosmwasm_std::StdError::from)?;
    }
    TOKEN_INFO.save(
        deps.storage,
        &TokenInfoResponse {
            name: msg.name,
            symbol: msg.symbol,
            decimals: msg.decimals,
            total_supply,
        },
    )?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

/// Dispatches cw20 messages.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: Cw20ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        Cw20ExecuteMsg::Transfer { recipient, amount } => {
            let recipient = deps.api.addr_validate(&recipient)?;
            move_tokens(deps.storage, &info.sender, &recipient, amount)?;
            Ok(Response::new()
                .add_attribute("action", "transfer")
                .add_attribute("from", info.sender)
                .add_attribute("to", recipient)
                .add_attribute("amount", amount))
        }
        Cw20ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => {
            let contract = deps.api.addr_validate(&contract)?;
            move_tokens(deps.storage, &info.sender, &contract, amount)?;
            let hook = Cw20ReceiveMsg {
                sender: info.sender.to_string(),
                amount,
                msg,
            }
            .into_cosmos_msg(contract.clone())?;
            Ok(Response::new()
                .add_message(hook)
                .add_attribute("action", "send")
                .add_attribute("from", info.sender)
                .add_attribute("to", contract)
                .add_attribute("amount", amount))
        }
        Cw20ExecuteMsg::Burn { amount } => {
            debit(deps.storage, &info.sender, amount)?;
            TOKEN_INFO.update(deps.storage, |mut t| -> StdResult<_> {
                t.total_supply = t.total_supply.checked_sub(amount)?;
                Ok(t)
            })?;
            Ok(Response::new()
                .add_attribute("action", "burn")
                .add_attribute("from", info.sender)
                .add_attribute("amount", amount))
        }
    }
}

/// Answers cw20 queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: Cw20QueryMsg) -> StdResult<Binary> {
    match msg {
        Cw20QueryMsg::Balance { address } => {
            let addr = deps.api.addr_validate(&address)?;
            let balance = BALANCES.may_load(deps.storage, &addr)?.unwrap_or_default();
            to_json_binary(&BalanceResponse { balance })
        }
        Cw20QueryMsg::TokenInfo {} => to_json_binary(&TOKEN_INFO.load(deps.storage)?),
    }
}

fn debit(store: &mut dyn Storage, from: &Addr, amount: Uint128) -> Result<(), ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount);
    }
    let balance = BALANCES.may_load(store, from)?.unwrap_or_default();
    let rest = balance
        .checked_sub(amount)
        .map_err(|_| ContractError::InsufficientFunds {
            balance: balance.u128(),
            required: amount.u128(),
        })?;
    BALANCES.save(store, from, &rest)?;
    Ok(())
}

fn move_tokens(
    store: &mut dyn Storage,
    from: &Addr,
    to: &Addr,
    amount: Uint128,
) -> Result<(), ContractError> {
    debit(store, from, amount)?;
    BALANCES.update(store, to, |b| -> StdResult<_> {
        Ok(b.unwrap_or_default().checked_add(amount)?)
    })?;
    Ok(())
}
