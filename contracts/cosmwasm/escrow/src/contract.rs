//! Entry points and message handlers.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, Binary, CosmosMsg, Deps, DepsMut, Env, Event,
    MessageInfo, Order, Response, StdResult, Uint128, WasmMsg,
};
use cw20_basic::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_storage_plus::Bound;
use cw_utils::PaymentError;

use crate::error::{fail, ContractError, EscrowError as E};
use crate::msg::{
    Asset, CreateMsg, EscrowResponse, EscrowStatus, ExecuteMsg, InstantiateMsg,
    ListEscrowsResponse, QueryMsg, ReceiveMsg,
};
use crate::state::{Escrow, ESCROWS, ESCROW_COUNT};

const CONTRACT_NAME: &str = "crates.io:cw-escrow";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Largest number of milestones per escrow.
pub const MAX_MILESTONES: usize = 16;
const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// Records the contract version; escrows carry all their parameters.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    _msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    ESCROW_COUNT.save(deps.storage, &0)?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

/// Dispatches execute messages.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    if !matches!(msg, ExecuteMsg::Create(_)) && !info.funds.is_empty() {
        // Funds attached to anything but a native create would be stranded in the contract.
        return Err(fail(E::WrongAsset, "this message takes no native funds"));
    }
    match msg {
        ExecuteMsg::Create(create) => execute_create_native(deps, env, info, create),
        ExecuteMsg::Receive(wrapper) => execute_receive(deps, env, info, wrapper),
        ExecuteMsg::Release { id, milestone } => execute_release(deps, env, info, id, milestone),
        ExecuteMsg::Refund { id } => execute_refund(deps, env, info, id),
        ExecuteMsg::Cancel { id } => execute_cancel(deps, info, id),
    }
}

/// Creates an escrow funded with exactly one native coin.
pub fn execute_create_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: CreateMsg,
) -> Result<Response, ContractError> {
    let depositor = info.sender.clone();
    let valid = validate_create(deps.as_ref(), &env, depositor, msg)?;
    let coin = cw_utils::one_coin(&info).map_err(|e| match e {
        PaymentError::NoFunds {} => funds_mismatch(valid.total.u128(), 0),
        other => fail(E::WrongAsset, format!("wrong asset: {other}")),
    })?;
    // Bank amounts are 256-bit; escrow amounts are 128-bit like every other chain's.
    let received = Uint128::try_from(coin.amount)
        .map_err(|_| funds_mismatch(valid.total.u128(), u128::MAX))?;
    let asset = Asset::Native { denom: coin.denom };
    save_new(deps, valid, asset, received)
}

/// cw20 `Send` hook: the sending token contract is the asset, the cw20 sender the depositor.
pub fn execute_receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let depositor = validate_addr(deps.as_ref(), &wrapper.sender)?;
    let ReceiveMsg::Create(msg) = from_json(&wrapper.msg)?;
    let valid = validate_create(deps.as_ref(), &env, depositor, msg)?;
    let asset = Asset::Cw20 {
        address: info.sender,
    };
    save_new(deps, valid, asset, wrapper.amount)
}

/// Releases milestone `milestone` to the beneficiary.
pub fn execute_release(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    milestone: u32,
) -> Result<Response, ContractError> {
    let mut escrow = load_active(deps.as_ref(), id)?;
    if info.sender != escrow.depositor && escrow.arbiter.as_ref() != Some(&info.sender) {
        return Err(fail(E::Unauthorized, "unauthorized"));
    }
    let next = escrow.next_milestone;
    if milestone < next {
        return Err(fail(
            E::MilestoneAlreadyReleased,
            format!("milestone {milestone} of escrow {id} was already released"),
        ));
    }
    if milestone > next {
        return Err(fail(
            E::MilestoneOutOfOrder,
            format!("milestone {milestone} of escrow {id} is not the next one"),
        ));
    }
    if env.block.time.seconds() >= escrow.deadline {
        return Err(fail(
            E::DeadlinePassed,
            format!("escrow {id} is past its deadline"),
        ));
    }
    let amount = escrow.milestones[next as usize];
    escrow.next_milestone = next + 1;
    escrow.released += amount;
    let completed = escrow.next_milestone as usize == escrow.milestones.len();
    if completed {
        escrow.status = EscrowStatus::Completed;
    }
    ESCROWS.save(deps.storage, id, &escrow)?;

    let mut res = Response::new()
        .add_message(payout(&escrow.asset, &escrow.beneficiary, amount)?)
        .add_attribute("action", "release")
        .add_attribute("id", id.to_string())
        .add_attribute("milestone", milestone.to_string())
        .add_attribute("amount", amount)
        .add_attribute("by", info.sender);
    if completed {
        res = res
            .add_attribute("status", "completed")
            .add_event(Event::new("escrow_completed").add_attribute("id", id.to_string()));
    }
    Ok(res)
}

/// Returns the unreleased remainder to the depositor.
pub fn execute_refund(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut escrow = load_active(deps.as_ref(), id)?;
    let by_arbiter = escrow.arbiter.as_ref() == Some(&info.sender);
    if !by_arbiter && env.block.time.seconds() < escrow.deadline {
        return Err(fail(
            E::DeadlineNotReached,
            format!("escrow {id} has not reached its deadline"),
        ));
    }
    let amount = escrow.total - escrow.released;
    escrow.status = EscrowStatus::Refunded;
    ESCROWS.save(deps.storage, id, &escrow)?;
    Ok(Response::new()
        .add_message(payout(&escrow.asset, &escrow.depositor, amount)?)
        .add_attribute("action", "refund")
        .add_attribute("id", id.to_string())
        .add_attribute("amount", amount)
        .add_attribute("by", info.sender))
}

/// The beneficiary gives the escrow up while nothing is released.
pub fn execute_cancel(
    deps: DepsMut,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut escrow = load_active(deps.as_ref(), id)?;
    if info.sender != escrow.beneficiary {
        return Err(fail(E::Unauthorized, "unauthorized"));
    }
    if !escrow.released.is_zero() {
        return Err(fail(
            E::CancelAfterRelease,
            format!("escrow {id} has released milestones and cannot be cancelled"),
        ));
    }
    escrow.status = EscrowStatus::Cancelled;
    ESCROWS.save(deps.storage, id, &escrow)?;
    Ok(Response::new()
        .add_message(payout(&escrow.asset, &escrow.depositor, escrow.total)?)
        .add_attribute("action", "cancel")
        .add_attribute("id", id.to_string())
        .add_attribute("amount", escrow.total))
}

/// Answers queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Escrow { id } => {
            let escrow = ESCROWS.load(deps.storage, id)?;
            to_json_binary(&to_response(id, escrow))
        }
        QueryMsg::ListEscrows { start_after, limit } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let escrows = ESCROWS
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .map(|item| item.map(|(id, e)| to_response(id, e)))
                .collect::<StdResult<_>>()?;
            to_json_binary(&ListEscrowsResponse { escrows })
        }
    }
}

/// A create request whose parties, milestones and deadline passed validation.
struct ValidCreate {
    depositor: Addr,
    beneficiary: Addr,
    arbiter: Option<Addr>,
    milestones: Vec<Uint128>,
    total: Uint128,
    deadline: u64,
}

/// Checks parties, milestones and deadline in the spec's order; funds are checked by `save_new`.
fn validate_create(
    deps: Deps,
    env: &Env,
    depositor: Addr,
    msg: CreateMsg,
) -> Result<ValidCreate, ContractError> {
    let beneficiary = validate_addr(deps, &msg.beneficiary)?;
    let arbiter = msg
        .arbiter
        .as_deref()
        .map(|a| validate_addr(deps, a))
        .transpose()?;
    if beneficiary == depositor
        || arbiter
            .as_ref()
            .is_some_and(|a| *a == depositor || *a == beneficiary)
    {
        return Err(fail(
            E::InvalidParties,
            "beneficiary equals depositor, or arbiter equals a party",
        ));
    }
    if msg.milestones.is_empty() || msg.milestones.len() > MAX_MILESTONES {
        return Err(fail(
            E::InvalidMilestones,
            "an escrow needs 1 to 16 milestones",
        ));
    }
    if msg.milestones.iter().any(Uint128::is_zero) {
        return Err(fail(E::ZeroAmount, "milestone amounts must be positive"));
    }
    let total = msg
        .milestones
        .iter()
        .try_fold(Uint128::zero(), |acc, m| acc.checked_add(*m))
        .map_err(|_| fail(E::AmountOverflow, "milestone total overflows"))?;
    if msg.deadline <= env.block.time.seconds() {
        return Err(fail(
            E::DeadlineNotInFuture,
            "deadline must be after the current block time",
        ));
    }
    Ok(ValidCreate {
        depositor,
        beneficiary,
        arbiter,
        milestones: msg.milestones,
        total,
        deadline: msg.deadline,
    })
}

/// Stores a validated escrow after checking that exactly its total arrived.
fn save_new(
    deps: DepsMut,
    valid: ValidCreate,
    asset: Asset,
    received: Uint128,
) -> Result<Response, ContractError> {
    if received != valid.total {
        return Err(funds_mismatch(valid.total.u128(), received.u128()));
    }
    let escrow = Escrow {
        depositor: valid.depositor,
        beneficiary: valid.beneficiary,
        arbiter: valid.arbiter,
        asset,
        milestones: valid.milestones,
        next_milestone: 0,
        released: Uint128::zero(),
        total: valid.total,
        deadline: valid.deadline,
        status: EscrowStatus::Active,
    };
    let id = ESCROW_COUNT.update(deps.storage, |n| -> StdResult<_> { Ok(n + 1) })?;
    ESCROWS.save(deps.storage, id, &escrow)?;
    let asset_attr = match &escrow.asset {
        Asset::Native { denom } => format!("native:{denom}"),
        Asset::Cw20 { address } => format!("cw20:{address}"),
    };
    Ok(Response::new()
        .add_attribute("action", "create")
        .add_attribute("id", id.to_string())
        .add_attribute("depositor", escrow.depositor)
        .add_attribute("beneficiary", escrow.beneficiary)
        .add_attribute(
            "arbiter",
            escrow.arbiter.map(String::from).unwrap_or_default(),
        )
        .add_attribute("asset", asset_attr)
        .add_attribute("total", escrow.total)
        .add_attribute("deadline", escrow.deadline.to_string())
        .add_attribute("milestones", join(&escrow.milestones))
        .set_data(to_json_binary(&id)?))
}

/// The milestones' amounts, comma-separated (the `milestones` attribute of `create`).
fn join(milestones: &[Uint128]) -> String {
    let amounts: Vec<String> = milestones.iter().map(Uint128::to_string).collect();
    amounts.join(",")
}

/// Validates an address and insists on its canonical (normalised) form, so that one account
/// cannot appear under two spellings.
fn validate_addr(deps: Deps, input: &str) -> Result<Addr, ContractError> {
    let addr = deps
        .api
        .addr_validate(input)
        .map_err(|e| invalid_address(input, e))?;
    if addr.as_str() != input {
        return Err(invalid_address(input, "not in normalised form"));
    }
    Ok(addr)
}

fn load_active(deps: Deps, id: u64) -> Result<Escrow, ContractError> {
    let escrow = ESCROWS
        .may_load(deps.storage, id)?
        .ok_or_else(|| fail(E::EscrowNotFound, format!("escrow {id} not found")))?;
    if escrow.status != EscrowStatus::Active {
        return Err(fail(E::NotActive, format!("escrow {id} is not active")));
    }
    Ok(escrow)
}

fn payout(asset: &Asset, to: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
    Ok(match asset {
        Asset::Native { denom } => BankMsg::Send {
            to_address: to.to_string(),
            amount: vec![cosmwasm_std::coin(amount.u128(), denom)],
        }
        .into(),
        Asset::Cw20 { address } => WasmMsg::Execute {
            contract_addr: address.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount,
            })?,
            funds: vec![],
        }
        .into(),
    })
}

fn to_response(id: u64, e: Escrow) -> EscrowResponse {
    EscrowResponse {
        id,
        depositor: e.depositor,
        beneficiary: e.beneficiary,
        arbiter: e.arbiter,
        asset: e.asset,
        milestones: e.milestones,
        next_milestone: e.next_milestone,
        released: e.released,
        total: e.total,
        deadline: e.deadline,
        status: e.status,
    }
}

/// The funds that came with a create differ from its milestone total.
fn funds_mismatch(expected: u128, received: u128) -> ContractError {
    fail(
        E::FundsMismatch,
        format!("funds received ({received}) differ from the milestone total ({expected})"),
    )
}

fn invalid_address(input: &str, why: impl std::fmt::Display) -> ContractError {
    fail(
        E::InvalidAddress,
        format!("invalid address `{input}`: {why}"),
    )
}
