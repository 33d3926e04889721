//! Entry points and message handlers.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Env, Event, MessageInfo, Order, Response,
    StdError, StdResult, Storage, Uint128,
};
use cw20_basic::msg::{BalanceResponse, Cw20Coin, TokenInfoResponse};
use cw20_basic::Cw20ReceiveMsg;
use cw_registry::contract::validate_addr;
use cw_registry::error::{ContractError, TokenError};
use cw_registry::roles;
use cw_storage_plus::Bound;

use crate::checks;
use crate::documents::{self, check_metadata};
use crate::msg::{
    AccountResponse, AllAccountsResponse, AllAllowancesResponse, AllowanceInfo,
    CanTransferResponse, ExecuteMsg, InstantiateMsg, QueryMsg, RestrictionMessageResponse, Rules,
    TokenRole, TokenStatusResponse,
};
use crate::state::{
    Config, Restriction, Totals, ALLOWANCES, BALANCES, CONFIG, DEACTIVATED, PAUSED, REGISTRY,
    RESTRICTIONS, RULES, TOTALS,
};

const CONTRACT_NAME: &str = "crates.io:cw-asset-token";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Most legs of one `BatchTransfer` (`MaxBatch` beyond).
pub const MAX_BATCH: usize = 100;
/// Most jurisdictions in each rules list (`InvalidRules` beyond).
pub const MAX_JURISDICTIONS: usize = 32;
const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

fn fail(code: TokenError, detail: impl Into<String>) -> ContractError {
    ContractError::spec(code, detail)
}

/// Validates the metadata and makes the sender the admin (no other role).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let invalid = |what: &str| Err(fail(TokenError::InvalidMetadata, what));
    if msg.name.is_empty() || msg.name.len() > 64 {
        return invalid("name must be 1-64 bytes");
    }
    if msg.symbol.is_empty() || msg.symbol.len() > 16 {
        return invalid("symbol must be 1-16 bytes");
    }
    if msg.decimals > 18 {
        return invalid("decimals must be 0-18");
    }
    if msg.cap.is_zero() {
        return invalid("the cap must be positive");
    }
    check_metadata(&msg.metadata_uri, &msg.legal_document_hash)?;
    let registry = validate_addr(deps.api, &msg.registry)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    roles::init(deps.storage, &info.sender)?;
    CONFIG.save(
        deps.storage,
        &Config {
            name: msg.name,
            symbol: msg.symbol,
            decimals: msg.decimals,
            cap: msg.cap,
            registry: registry.clone(),
            metadata_uri: msg.metadata_uri,
            legal_document_hash: msg.legal_document_hash,
            metadata_modified: env.block.time.seconds(),
        },
    )?;
    REGISTRY.save(deps.storage, &registry)?;
    RULES.save(deps.storage, &Rules::default())?;
    TOTALS.save(deps.storage, &Totals::default())?;
    PAUSED.save(deps.storage, &false)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", info.sender))
}

/// Dispatches execute messages.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let now = env.block.time.seconds();
    let sender = info.sender;
    let api = deps.api;
    match msg {
        ExecuteMsg::Transfer { recipient, amount } => {
            let to = validate_addr(api, &recipient)?;
            let m = checks::active(deps.storage)?;
            execute_transfer(deps, now, m, &sender, &to, amount, "transfer")
        }
        ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => {
            let to = validate_addr(api, &contract)?;
            let m = checks::active(deps.storage)?;
            let res = execute_transfer(deps, now, m, &sender, &to, amount, "send")?;
            Ok(res.add_message(receive_hook(&sender, amount, msg, &to)?))
        }
        ExecuteMsg::Burn { amount } => {
            let m = checks::active(deps.storage)?;
            execute_burn(deps, now, m, &sender, amount)
        }
        ExecuteMsg::IncreaseAllowance {
            spender,
            amount,
            expires,
        } => execute_allowance(deps, env, &sender, &spender, amount, expires, true),
        ExecuteMsg::DecreaseAllowance {
            spender,
            amount,
            expires,
        } => execute_allowance(deps, env, &sender, &spender, amount, expires, false),
        ExecuteMsg::TransferFrom {
            owner,
            recipient,
            amount,
        } => {
            let owner = validate_addr(api, &owner)?;
            let to = validate_addr(api, &recipient)?;
            let m = checks::active(deps.storage)?;
            spend_allowance(deps.storage, &env, &owner, &sender, amount)?;
            execute_transfer(deps, now, m, &owner, &to, amount, "transfer_from")
        }
        ExecuteMsg::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => {
            let owner = validate_addr(api, &owner)?;
            let to = validate_addr(api, &contract)?;
            let m = checks::active(deps.storage)?;
            spend_allowance(deps.storage, &env, &owner, &sender, amount)?;
            let res = execute_transfer(deps, now, m, &owner, &to, amount, "send_from")?;
            Ok(res.add_message(receive_hook(&sender, amount, msg, &to)?))
        }
        ExecuteMsg::BurnFrom { owner, amount } => {
            let owner = validate_addr(api, &owner)?;
            let m = checks::active(deps.storage)?;
            spend_allowance(deps.storage, &env, &owner, &sender, amount)?;
            execute_burn(deps, now, m, &owner, amount)
        }
        ExecuteMsg::Mint { recipient, amount } => {
            execute_mint(deps, now, &sender, &recipient, amount)
        }
        ExecuteMsg::BatchTransfer { transfers } => {
            execute_batch_transfer(deps, now, &sender, transfers)
        }
        ExecuteMsg::Redeem { owner, amount } => execute_redeem(deps, &sender, &owner, amount),
        ExecuteMsg::ForcedTransfer { from, to, amount } => {
            execute_forced_transfer(deps, &sender, &from, &to, amount)
        }
        ExecuteMsg::Recover { lost, new } => execute_recover(deps, now, &sender, &lost, &new),
        ExecuteMsg::SetAccountFrozen { account, frozen } => {
            require(deps.storage, TokenRole::Agent, &sender)?;
            let account = validate_addr(api, &account)?;
            update_restriction(deps.storage, &account, |r| r.account_frozen = frozen)?;
            Ok(Response::new().add_event(
                Event::new("account_frozen")
                    .add_attribute("account", account)
                    .add_attribute("frozen", frozen.to_string()),
            ))
        }
        ExecuteMsg::SetFrozenAmount { account, amount } => {
            require(deps.storage, TokenRole::Agent, &sender)?;
            let account = validate_addr(api, &account)?;
            let balance = checks::balance(deps.storage, &account)?;
            if amount.u128() > balance {
                return Err(fail(
                    TokenError::FreezeExceedsBalance,
                    format!("{account} holds {balance}; cannot freeze {amount}"),
                ));
            }
            update_restriction(deps.storage, &account, |r| r.frozen_amount = amount)?;
            Ok(Response::new().add_event(
                Event::new("frozen_amount_set")
                    .add_attribute("account", account)
                    .add_attribute("amount", amount),
            ))
        }
        ExecuteMsg::SetLockup { account, until } => {
            require(deps.storage, TokenRole::Agent, &sender)?;
            let account = validate_addr(api, &account)?;
            update_restriction(deps.storage, &account, |r| r.locked_until = until)?;
            Ok(Response::new().add_event(
                Event::new("lockup_set")
                    .add_attribute("account", account)
                    .add_attribute("until", until.to_string()),
            ))
        }
        ExecuteMsg::SetRules { rules } => {
            require(deps.storage, TokenRole::Agent, &sender)?;
            if rules.allowed_jurisdictions.len() > MAX_JURISDICTIONS
                || rules.blocked_jurisdictions.len() > MAX_JURISDICTIONS
            {
                return Err(fail(
                    TokenError::InvalidRules,
                    format!("each jurisdiction list holds at most {MAX_JURISDICTIONS} codes"),
                ));
            }
            RULES.save(deps.storage, &rules)?;
            // The whole rule set, so a ledger can say which rules held at any point.
            let codes = |list: &[u16]| {
                list.iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            Ok(Response::new().add_event(
                Event::new("rules_updated")
                    .add_attribute("allowed_jurisdictions", codes(&rules.allowed_jurisdictions))
                    .add_attribute("blocked_jurisdictions", codes(&rules.blocked_jurisdictions))
                    .add_attribute("max_holders", rules.max_holders.to_string())
                    .add_attribute("max_balance", rules.max_balance)
                    .add_attribute(
                        "expired_kyc_blocks_sending",
                        rules.expired_kyc_blocks_sending.to_string(),
                    ),
            ))
        }
        ExecuteMsg::Pause {} => execute_set_paused(deps.storage, &sender, true),
        ExecuteMsg::Unpause {} => execute_set_paused(deps.storage, &sender, false),
        ExecuteMsg::Deactivate {} => execute_deactivate(deps.storage, &sender),
        ExecuteMsg::SetMetadata {
            uri,
            legal_document_hash,
        } => documents::execute_set_metadata(deps, now, &sender, uri, legal_document_hash),
        ExecuteMsg::SetDocument { name, uri, hash } => {
            documents::execute_set_document(deps, now, &sender, name, uri, hash)
        }
        ExecuteMsg::RemoveDocument { name } => {
            documents::execute_remove_document(deps, &sender, name)
        }
        ExecuteMsg::GrantRole { role, account } => {
            let account = validate_addr(api, &account)?;
            roles::set(deps.storage, &sender, role.as_str(), &account, true)
        }
        ExecuteMsg::RevokeRole { role, account } => {
            let account = validate_addr(api, &account)?;
            roles::set(deps.storage, &sender, role.as_str(), &account, false)
        }
        ExecuteMsg::ProposeAdmin { new } => {
            let new = new.map(|a| validate_addr(api, &a)).transpose()?;
            roles::propose_admin(deps.storage, &sender, new)
        }
        ExecuteMsg::AcceptAdmin {} => roles::accept_admin(deps.storage, &sender),
    }
}

fn require(store: &dyn Storage, role: TokenRole, who: &Addr) -> Result<(), ContractError> {
    roles::require(store, role.as_str(), who)
}

/// A checked transfer (the checks of [`checks::transfer`], then the movement); `m` from
/// [`checks::active`], read once per message.
pub fn execute_transfer(
    deps: DepsMut,
    now: u64,
    m: checks::Movements,
    from: &Addr,
    to: &Addr,
    amount: Uint128,
    action: &str,
) -> Result<Response, ContractError> {
    let held = checks::transfer(deps.as_ref(), now, m, from, to, amount.u128())?;
    let parties = (Some((from, held.from)), Some((to, held.to)));
    move_tokens(deps.storage, parties.0, parties.1, amount.u128())?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("from", from)
        .add_attribute("to", to)
        .add_attribute("amount", amount))
}

fn receive_hook(
    sender: &Addr,
    amount: Uint128,
    msg: Binary,
    contract: &Addr,
) -> StdResult<cosmwasm_std::CosmosMsg> {
    Cw20ReceiveMsg {
        sender: sender.to_string(),
        amount,
        msg,
    }
    .into_cosmos_msg(contract)
}

/// A holder burns its own tokens (also `BurnFrom`'s owner after the allowance).
pub fn execute_burn(
    deps: DepsMut,
    now: u64,
    m: checks::Movements,
    from: &Addr,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let held = checks::burn(deps.as_ref(), now, m, from, amount.u128())?;
    move_tokens(deps.storage, Some((from, held)), None, amount.u128())?;
    Ok(Response::new()
        .add_attribute("action", "burn")
        .add_attribute("from", from)
        .add_attribute("amount", amount))
}

/// An issuer mints to an eligible investor within the cap.
pub fn execute_mint(
    deps: DepsMut,
    now: u64,
    sender: &Addr,
    recipient: &str,
    amount: Uint128,
) -> Result<Response, ContractError> {
    require(deps.storage, TokenRole::Issuer, sender)?;
    let to = validate_addr(deps.api, recipient)?;
    let held = checks::mint(deps.as_ref(), now, &to, amount.u128())?;
    move_tokens(deps.storage, None, Some((&to, held)), amount.u128())?;
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("to", to)
        .add_attribute("amount", amount))
}

/// Pays every leg as a transfer, in order; the first failing leg fails (and reverts) the batch.
pub fn execute_batch_transfer(
    mut deps: DepsMut,
    now: u64,
    sender: &Addr,
    transfers: Vec<Cw20Coin>,
) -> Result<Response, ContractError> {
    let m = checks::active(deps.storage)?;
    if transfers.is_empty() {
        return Err(fail(TokenError::EmptyBatch, "a batch needs a leg"));
    }
    if transfers.len() > MAX_BATCH {
        return Err(fail(
            TokenError::MaxBatch,
            format!("{} legs; at most {MAX_BATCH}", transfers.len()),
        ));
    }
    let mut res = Response::new()
        .add_attribute("action", "batch_transfer")
        .add_attribute("from", sender);
    for (i, leg) in transfers.iter().enumerate() {
        let to = validate_addr(deps.api, &leg.address)?;
        let amount = leg.amount.u128();
        let held = checks::transfer(deps.as_ref(), now, m, sender, &to, amount)
            .map_err(|e| at_leg(e, i))?;
        let (from, to_party) = ((sender, held.from), (&to, held.to));
        move_tokens(deps.branch().storage, Some(from), Some(to_party), amount)?;
        res = res.add_event(
            Event::new("transfer")
                .add_attribute("from", sender)
                .add_attribute("to", to)
                .add_attribute("amount", leg.amount),
        );
    }
    Ok(res)
}

fn at_leg(e: ContractError, i: usize) -> ContractError {
    match e {
        ContractError::Spec { code, detail } => ContractError::Spec {
            code,
            detail: format!("leg {i}: {detail}"),
        },
        other => other,
    }
}

/// An issuer burns from a holder; only the balance and the frozen amount are checked.
pub fn execute_redeem(
    deps: DepsMut,
    sender: &Addr,
    owner: &str,
    amount: Uint128,
) -> Result<Response, ContractError> {
    require(deps.storage, TokenRole::Issuer, sender)?;
    let from = validate_addr(deps.api, owner)?;
    let held = checks::redeem(deps.as_ref(), &from, amount.u128())?;
    move_tokens(deps.storage, Some((&from, held)), None, amount.u128())?;
    Ok(Response::new()
        .add_attribute("action", "redeem")
        .add_attribute("from", &from)
        .add_attribute("amount", amount)
        .add_event(
            Event::new("redeemed")
                .add_attribute("issuer", sender)
                .add_attribute("from", from)
                .add_attribute("amount", amount),
        ))
}

/// The documented bypass: an agent moves tokens regardless of pause, freezes, lock-ups and
/// compliance; a frozen amount above the new balance is cut to it.
pub fn execute_forced_transfer(
    deps: DepsMut,
    sender: &Addr,
    from: &str,
    to: &str,
    amount: Uint128,
) -> Result<Response, ContractError> {
    require(deps.storage, TokenRole::Agent, sender)?;
    let from = validate_addr(deps.api, from)?;
    let to = validate_addr(deps.api, to)?;
    checks::active(deps.storage)?;
    let amount_u = amount.u128();
    if amount_u == 0 {
        return Err(fail(TokenError::ZeroAmount, "amount is zero"));
    }
    let balance = checks::balance(deps.storage, &from)?;
    if amount_u > balance {
        return Err(fail(
            TokenError::InsufficientBalance,
            format!("{from} holds {balance}, needs {amount}"),
        ));
    }
    let to_balance = checks::balance(deps.storage, &to)?;
    move_tokens(
        deps.storage,
        Some((&from, balance)),
        Some((&to, to_balance)),
        amount_u,
    )?;
    let left = balance - amount_u;
    update_restriction(deps.storage, &from, |r| {
        if r.frozen_amount.u128() > left {
            r.frozen_amount = Uint128::new(left);
        }
    })?;
    Ok(Response::new()
        .add_attribute("action", "forced_transfer")
        .add_attribute("from", &from)
        .add_attribute("to", &to)
        .add_attribute("amount", amount)
        .add_event(
            Event::new("forced_transfer")
                .add_attribute("agent", sender)
                .add_attribute("from", from)
                .add_attribute("to", to)
                .add_attribute("amount", amount),
        ))
}

/// Moves a lost wallet's whole position (balance, frozen amount, freeze, lock-up) to an eligible
/// new wallet that holds nothing.
pub fn execute_recover(
    deps: DepsMut,
    now: u64,
    sender: &Addr,
    lost: &str,
    new: &str,
) -> Result<Response, ContractError> {
    require(deps.storage, TokenRole::Agent, sender)?;
    let lost = validate_addr(deps.api, lost)?;
    let new = validate_addr(deps.api, new)?;
    checks::active(deps.storage)?;
    let amount = checks::balance(deps.storage, &lost)?;
    if amount == 0 {
        return Err(fail(
            TokenError::ZeroAmount,
            format!("{lost} holds nothing"),
        ));
    }
    checks::recovery_target(deps.as_ref(), now, &new)?;
    if checks::balance(deps.storage, &new)? > 0 {
        return Err(fail(
            TokenError::RecoveryTargetHolds,
            format!("{new} already holds tokens"),
        ));
    }
    move_tokens(deps.storage, Some((&lost, amount)), Some((&new, 0)), amount)?;
    // The stricter of both wallets' restrictions: a recovery never lifts one. `new` held
    // nothing, so its own frozen amount was zero.
    let moved = checks::restriction(deps.storage, &lost)?;
    RESTRICTIONS.remove(deps.storage, &lost);
    update_restriction(deps.storage, &new, |kept| {
        *kept = Restriction {
            frozen_amount: moved.frozen_amount,
            account_frozen: moved.account_frozen || kept.account_frozen,
            locked_until: moved.locked_until.max(kept.locked_until),
        }
    })?;
    Ok(Response::new()
        .add_attribute("action", "recover")
        .add_attribute("from", &lost)
        .add_attribute("to", &new)
        .add_attribute("amount", amount.to_string())
        .add_event(
            Event::new("recovered")
                .add_attribute("agent", sender)
                .add_attribute("lost", lost)
                .add_attribute("new", new)
                .add_attribute("amount", amount.to_string()),
        ))
}

fn execute_set_paused(
    store: &mut dyn Storage,
    sender: &Addr,
    pause: bool,
) -> Result<Response, ContractError> {
    require(store, TokenRole::Pauser, sender)?;
    if !pause {
        checks::active(store)?;
    }
    let paused = PAUSED.load(store)?;
    if pause && paused {
        return Err(fail(TokenError::Paused, "already paused"));
    }
    if !pause && !paused {
        return Err(fail(TokenError::NotPaused, "not paused"));
    }
    PAUSED.save(store, &pause)?;
    let event = if pause { "paused" } else { "unpaused" };
    Ok(Response::new().add_event(Event::new(event).add_attribute("by", sender)))
}

/// The admin ends the token's life (`docs/spec/token.md`, deactivate): irreversible, and only
/// for a paused token.
fn execute_deactivate(store: &mut dyn Storage, sender: &Addr) -> Result<Response, ContractError> {
    roles::require_admin(store, sender)?;
    if checks::active(store)? != checks::Movements::Paused {
        return Err(fail(TokenError::NotPaused, "pause the token first"));
    }
    DEACTIVATED.save(store, &true)?;
    Ok(Response::new().add_event(Event::new("deactivated").add_attribute("by", sender)))
}

/// cw20 allowance changes. Setting an allowance on oneself is refused as cw20-base does.
fn execute_allowance(
    deps: DepsMut,
    env: Env,
    owner: &Addr,
    spender: &str,
    amount: Uint128,
    expires: Option<cw_utils::Expiration>,
    increase: bool,
) -> Result<Response, ContractError> {
    let spender = validate_addr(deps.api, spender)?;
    if spender == owner {
        return Err(fail(
            TokenError::InvalidAddress,
            "cannot set an allowance on one's own account",
        ));
    }
    if expires.is_some_and(|e| e.is_expired(&env.block)) {
        return Err(StdError::msg("the allowance's expiry has already passed").into());
    }
    let key = (owner, &spender);
    let mut allowance = ALLOWANCES.may_load(deps.storage, key)?.unwrap_or_default();
    if let Some(expires) = expires {
        allowance.expires = expires;
    }
    allowance.allowance = if increase {
        allowance.allowance.saturating_add(amount)
    } else {
        allowance.allowance.saturating_sub(amount)
    };
    if allowance.allowance.is_zero() {
        ALLOWANCES.remove(deps.storage, key);
    } else {
        ALLOWANCES.save(deps.storage, key, &allowance)?;
    }
    let action = if increase {
        "increase_allowance"
    } else {
        "decrease_allowance"
    };
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("owner", owner)
        .add_attribute("spender", spender)
        .add_attribute("amount", amount)
        // The allowance now (ERC-20's `Approval` carries it too): `amount` is only the change.
        .add_attribute("allowance", allowance.allowance))
}

/// `InsufficientAllowance` unless `spender` may move `amount` of `owner`'s tokens; an
/// unlimited (`u128::MAX`) allowance is not decreased.
fn spend_allowance(
    store: &mut dyn Storage,
    env: &Env,
    owner: &Addr,
    spender: &Addr,
    amount: Uint128,
) -> Result<(), ContractError> {
    let key = (owner, spender);
    let mut a = ALLOWANCES.may_load(store, key)?.unwrap_or_default();
    let live = if a.expires.is_expired(&env.block) {
        Uint128::zero()
    } else {
        a.allowance
    };
    if amount > live {
        return Err(fail(
            TokenError::InsufficientAllowance,
            format!("{spender} may move {live} of {owner}'s tokens; {amount} asked"),
        ));
    }
    if live != Uint128::MAX {
        a.allowance = live - amount;
        if a.allowance.is_zero() {
            ALLOWANCES.remove(store, key);
        } else {
            ALLOWANCES.save(store, key, &a)?;
        }
    }
    Ok(())
}

/// Applies `f` to `a`'s restrictions, deleting the record when it ends up empty.
fn update_restriction(
    store: &mut dyn Storage,
    a: &Addr,
    f: impl FnOnce(&mut Restriction),
) -> Result<(), ContractError> {
    let mut r = checks::restriction(store, a)?;
    f(&mut r);
    if r.is_empty() {
        RESTRICTIONS.remove(store, a);
    } else {
        RESTRICTIONS.save(store, a, &r)?;
    }
    Ok(())
}

/// Moves `amount` between balances (`None` = mint or burn), keeping supply and the holder count
/// (spec invariants 1 and 3). Each party comes with its balance as the caller's checks read it,
/// so the movement reads no balance again. Callers have checked the balance and the cap.
fn move_tokens(
    store: &mut dyn Storage,
    from: Option<(&Addr, u128)>,
    to: Option<(&Addr, u128)>,
    amount: u128,
) -> Result<(), ContractError> {
    if let (Some((f, _)), Some((t, _))) = (from, to) {
        if f == t {
            return Ok(());
        }
    }
    // Supply and holder count change together in one item; a transfer between two holders
    // that stay holders changes neither, and leaves the item unread.
    let mut supply_delta: i8 = 0;
    let mut holders_delta: i8 = 0;
    match from {
        Some((from, balance)) => {
            let left = balance - amount;
            holders_delta -= i8::from(left == 0);
            BALANCES.save(store, from, &Uint128::new(left))?;
        }
        None => supply_delta = 1,
    }
    match to {
        Some((to, before)) => {
            holders_delta += i8::from(before == 0);
            BALANCES.save(store, to, &Uint128::new(before + amount))?;
        }
        None => supply_delta = -1,
    }
    if supply_delta == 0 && holders_delta == 0 {
        return Ok(());
    }
    let mut totals = TOTALS.load(store)?;
    match supply_delta {
        1 => totals.supply += Uint128::new(amount),
        -1 => totals.supply -= Uint128::new(amount),
        _ => {}
    }
    totals.holders = totals.holders.wrapping_add_signed(i32::from(holders_delta));
    TOTALS.save(store, &totals).map_err(Into::into)
}

/// Answers queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Balance { address } => {
            let a = deps.api.addr_validate(&address)?;
            let balance = BALANCES.may_load(deps.storage, &a)?.unwrap_or_default();
            to_json_binary(&BalanceResponse { balance })
        }
        QueryMsg::TokenInfo {} => {
            let c = CONFIG.load(deps.storage)?;
            to_json_binary(&TokenInfoResponse {
                name: c.name,
                symbol: c.symbol,
                decimals: c.decimals,
                total_supply: TOTALS.load(deps.storage)?.supply,
            })
        }
        QueryMsg::Allowance { owner, spender } => {
            let owner = deps.api.addr_validate(&owner)?;
            let spender = deps.api.addr_validate(&spender)?;
            let a = ALLOWANCES
                .may_load(deps.storage, (&owner, &spender))?
                .unwrap_or_default();
            to_json_binary(&a)
        }
        QueryMsg::AllAllowances {
            owner,
            start_after,
            limit,
        } => {
            let owner = deps.api.addr_validate(&owner)?;
            let start = start_after
                .map(|s| deps.api.addr_validate(&s))
                .transpose()?;
            let allowances = ALLOWANCES
                .prefix(&owner)
                .range(
                    deps.storage,
                    start.as_ref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page(limit))
                .map(|item| {
                    let (spender, a) = item?;
                    Ok(AllowanceInfo {
                        spender: spender.into_string(),
                        allowance: a.allowance,
                        expires: a.expires,
                    })
                })
                .collect::<StdResult<_>>()?;
            to_json_binary(&AllAllowancesResponse { allowances })
        }
        QueryMsg::AllAccounts { start_after, limit } => {
            let start = start_after
                .map(|s| deps.api.addr_validate(&s))
                .transpose()?;
            let accounts = BALANCES
                .keys(
                    deps.storage,
                    start.as_ref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(page(limit))
                .map(|k| k.map(Addr::into_string))
                .collect::<StdResult<_>>()?;
            to_json_binary(&AllAccountsResponse { accounts })
        }
        QueryMsg::CanTransfer { from, to, amount } => {
            to_json_binary(&can_transfer(deps, &env, &from, &to, amount)?)
        }
        QueryMsg::RestrictionMessage { code } => to_json_binary(&RestrictionMessageResponse {
            message: tokenrail_core::token::restriction_message(code).to_owned(),
        }),
        QueryMsg::Account { address } => {
            let a = deps.api.addr_validate(&address)?;
            let r = RESTRICTIONS.may_load(deps.storage, &a)?.unwrap_or_default();
            to_json_binary(&AccountResponse {
                balance: BALANCES.may_load(deps.storage, &a)?.unwrap_or_default(),
                account_frozen: r.account_frozen,
                frozen_amount: r.frozen_amount,
                locked_until: r.locked_until,
            })
        }
        QueryMsg::Status {} => {
            let c = CONFIG.load(deps.storage)?;
            let totals = TOTALS.load(deps.storage)?;
            to_json_binary(&TokenStatusResponse {
                cap: c.cap,
                total_supply: totals.supply,
                holders: totals.holders,
                paused: PAUSED.load(deps.storage)?,
                deactivated: DEACTIVATED.may_load(deps.storage)?.unwrap_or(false),
                registry: c.registry,
                metadata_uri: c.metadata_uri,
                legal_document_hash: c.legal_document_hash,
            })
        }
        QueryMsg::Rules {} => to_json_binary(&RULES.load(deps.storage)?),
        QueryMsg::Admin {} => to_json_binary(&roles::admin(deps.storage)?),
        QueryMsg::HasRole { role, account } => {
            let account = deps.api.addr_validate(&account)?;
            to_json_binary(&roles::has(deps.storage, role.as_str(), &account))
        }
        QueryMsg::Document { name } => to_json_binary(
            &documents::query_document(deps.storage, &name)
                .map_err(|e| StdError::msg(e.to_string()))?,
        ),
        QueryMsg::DocumentNames {} => {
            to_json_binary(&documents::query_document_names(deps.storage)?)
        }
    }
}

fn page(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize
}

/// The code a transfer would fail with now (a malformed address answers `InvalidAddress`). An
/// error outside the spec (the registry cannot be queried) fails the query rather than answer a
/// code the transfer might not fail with.
fn can_transfer(
    deps: Deps,
    env: &Env,
    from: &str,
    to: &str,
    amount: Uint128,
) -> StdResult<CanTransferResponse> {
    let now = env.block.time.seconds();
    let outcome = validate_addr(deps.api, from)
        .and_then(|from| Ok((from, validate_addr(deps.api, to)?)))
        .and_then(|(from, to)| {
            let m = checks::active(deps.storage)?;
            checks::transfer(deps, now, m, &from, &to, amount.u128())
        });
    let code = match outcome {
        Ok(_) => None,
        Err(ContractError::Spec { code, .. }) => Some(code),
        Err(ContractError::Std(e)) => return Err(e),
        Err(ContractError::Payment(e)) => return Err(StdError::msg(e.to_string())),
    };
    Ok(CanTransferResponse {
        code: code.map_or(0, TokenError::code),
        reason: code.map(|c| c.name().to_owned()),
    })
}
