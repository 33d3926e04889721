//! Entry points and message handlers.

use std::collections::HashSet;

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, Binary, Coin, CosmosMsg, Deps, DepsMut, Env,
    MessageInfo, Order, Response, StdError, StdResult, Uint128, WasmMsg,
};
use cw20_basic::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use cw_storage_plus::Bound;

use crate::error::{fail, ContractError, PayoutError as E};
use crate::merkle::{self, Hash};
use crate::msg::{
    Asset, CreateDistributionMsg, DistributionResponse, DistributionStatus, ExecuteMsg,
    InstantiateMsg, ListDistributionsResponse, MultiSendMsg, QueryMsg, ReceiveMsg,
};
use crate::state::{Distribution, CLAIMED_WORDS, DISTRIBUTIONS, DISTRIBUTION_COUNT, WORD_BITS};

const CONTRACT_NAME: &str = "crates.io:cw-payout";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;
/// Longest accepted proof: a tree of 2^64 leaves is deeper than any real distribution.
pub const MAX_PROOF_LEN: usize = 64;

/// Records the contract version; batches and distributions carry all their parameters.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    _msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    DISTRIBUTION_COUNT.save(deps.storage, &0)?;
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
    match msg {
        ExecuteMsg::MultiSend(batch) => execute_multisend_native(deps, info, batch),
        ExecuteMsg::CreateDistribution(create) => {
            execute_create_distribution_native(deps, env, info, create)
        }
        ExecuteMsg::Receive(wrapper) => execute_receive(deps, env, info, wrapper),
        ExecuteMsg::Claim {
            id,
            index,
            account,
            amount,
            proof,
        } => {
            ensure_no_funds(&info)?;
            execute_claim(deps, env, id, index, account, amount, proof)
        }
        ExecuteMsg::Clawback { id } => {
            ensure_no_funds(&info)?;
            execute_clawback(deps, env, info, id)
        }
    }
}

/// Pays a batch from the single native coin attached.
pub fn execute_multisend_native(
    deps: DepsMut,
    info: MessageInfo,
    batch: MultiSendMsg,
) -> Result<Response, ContractError> {
    let legs = validate_batch(deps.as_ref(), &batch)?;
    let funds = attached(&info.funds, E::TotalMismatch)?;
    if funds.amount() != batch.declared_total.u128() {
        return Err(total_mismatch(batch.declared_total.u128(), funds.amount()));
    }
    let asset = Asset::Native {
        denom: funds.denom(),
    };
    multisend_response(&asset, &info.sender, legs, batch.declared_total)
}

/// cw20 `Send` hook: the sending token contract is the asset, the cw20 sender the payer.
pub fn execute_receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    ensure_no_funds(&info)?;
    let payer = validate_addr(deps.as_ref(), &wrapper.sender)?;
    let asset = Asset::Cw20 {
        address: info.sender,
    };
    match from_json(&wrapper.msg)? {
        ReceiveMsg::MultiSend(batch) => {
            let legs = validate_batch(deps.as_ref(), &batch)?;
            if wrapper.amount != batch.declared_total {
                return Err(total_mismatch(
                    batch.declared_total.u128(),
                    wrapper.amount.u128(),
                ));
            }
            multisend_response(&asset, &payer, legs, batch.declared_total)
        }
        ReceiveMsg::CreateDistribution(create) => {
            create_distribution(deps, &env, payer, asset, wrapper.amount, create)
        }
    }
}

/// Creates a distribution funded with the single native coin attached.
pub fn execute_create_distribution_native(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    create: CreateDistributionMsg,
) -> Result<Response, ContractError> {
    let funds = attached(&info.funds, E::FundsMismatch)?;
    let received = Uint128::new(funds.amount());
    let asset = Asset::Native {
        denom: funds.denom(),
    };
    create_distribution(deps, &env, info.sender, asset, received, create)
}

/// Claims leaf `index` for `account`; anyone may submit, only `account` is paid.
pub fn execute_claim(
    deps: DepsMut,
    env: Env,
    id: u64,
    index: u32,
    account: String,
    amount: Uint128,
    proof: Vec<cosmwasm_std::HexBinary>,
) -> Result<Response, ContractError> {
    let mut d = load_open(deps.as_ref(), id)?;
    let now = env.block.time.seconds();
    if now < d.start {
        return Err(fail(
            E::NotStarted,
            format!("distribution {id} has not started"),
        ));
    }
    if now >= d.expiry {
        return Err(fail(E::Expired, format!("distribution {id} has expired")));
    }
    let account = validate_addr(deps.as_ref(), &account)?;
    let (word_key, bit) = ((id, index / WORD_BITS), 1u64 << (index % WORD_BITS));
    let word = CLAIMED_WORDS
        .may_load(deps.storage, word_key)?
        .unwrap_or_default();
    if word & bit != 0 {
        return Err(fail(
            E::AlreadyClaimed,
            format!("index {index} of distribution {id} was already claimed"),
        ));
    }
    let proof = to_hashes(&proof).ok_or_else(|| invalid_proof(id))?;
    let root = to_hash(&d.root).ok_or_else(|| invalid_proof(id))?;
    let leaf = merkle::leaf(
        &env.block.chain_id,
        env.contract.address.as_str(),
        id,
        index,
        account.as_str(),
        amount.u128(),
    );
    if !merkle::verify(&root, leaf, &proof) {
        return Err(invalid_proof(id));
    }
    let claimed = d
        .claimed
        .checked_add(amount)
        .ok()
        .filter(|c| *c <= d.total)
        .ok_or_else(|| {
            fail(
                E::ExceedsTotal,
                format!("the claim exceeds what distribution {id} was funded with"),
            )
        })?;
    d.claimed = claimed;
    CLAIMED_WORDS.save(deps.storage, word_key, &(word | bit))?;
    DISTRIBUTIONS.save(deps.storage, id, &d)?;
    Ok(Response::new()
        .add_message(pay(&d.asset, &account, amount)?)
        .add_attribute("action", "claim")
        .add_attribute("id", id.to_string())
        .add_attribute("index", index.to_string())
        .add_attribute("account", account)
        .add_attribute("amount", amount))
}

/// Moves the unclaimed remainder to the clawback receiver once the distribution expired.
pub fn execute_clawback(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut d = load_open(deps.as_ref(), id)?;
    if env.block.time.seconds() < d.expiry {
        return Err(fail(
            E::NotExpired,
            format!("distribution {id} has not expired"),
        ));
    }
    let remainder = d.total - d.claimed;
    d.status = DistributionStatus::ClawedBack;
    DISTRIBUTIONS.save(deps.storage, id, &d)?;
    let mut res = Response::new()
        .add_attribute("action", "clawback")
        .add_attribute("id", id.to_string())
        .add_attribute("receiver", d.clawback_receiver.as_str())
        .add_attribute("amount", remainder)
        .add_attribute("by", info.sender);
    // A bank or cw20 transfer of zero fails; a fully claimed distribution just closes.
    if !remainder.is_zero() {
        res = res.add_message(pay(&d.asset, &d.clawback_receiver, remainder)?);
    }
    Ok(res)
}

/// Answers queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Distribution { id } => {
            let d = DISTRIBUTIONS.load(deps.storage, id)?;
            to_json_binary(&to_response(id, d))
        }
        QueryMsg::ListDistributions { start_after, limit } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let distributions = DISTRIBUTIONS
                .range(
                    deps.storage,
                    start_after.map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .map(|item| item.map(|(id, d)| to_response(id, d)))
                .collect::<StdResult<_>>()?;
            to_json_binary(&ListDistributionsResponse { distributions })
        }
        QueryMsg::IsClaimed { id, index } => {
            let word = CLAIMED_WORDS
                .may_load(deps.storage, (id, index / WORD_BITS))?
                .unwrap_or_default();
            to_json_binary(&(word & (1u64 << (index % WORD_BITS)) != 0))
        }
    }
}

/// Checks a batch in the spec's order (lengths, emptiness, then each recipient: zero amount,
/// address, duplicate; then the sum) and returns its validated legs.
fn validate_batch(deps: Deps, batch: &MultiSendMsg) -> Result<Vec<(Addr, Uint128)>, ContractError> {
    if batch.recipients.len() != batch.amounts.len() {
        return Err(fail(
            E::LengthMismatch,
            format!(
                "{} recipients but {} amounts",
                batch.recipients.len(),
                batch.amounts.len()
            ),
        ));
    }
    if batch.recipients.is_empty() {
        return Err(fail(E::EmptyBatch, "a batch needs at least one recipient"));
    }
    let mut seen = HashSet::with_capacity(batch.recipients.len());
    let mut legs = Vec::with_capacity(batch.recipients.len());
    // `None` once the sum overflows: it can then never equal a 128-bit declared total.
    let mut sum = Some(0u128);
    for (i, (recipient, amount)) in batch.recipients.iter().zip(&batch.amounts).enumerate() {
        if amount.is_zero() {
            return Err(fail(E::ZeroAmount, format!("amount at index {i} is zero")));
        }
        let addr = validate_addr(deps, recipient)?;
        if !seen.insert(addr.clone()) {
            return Err(fail(
                E::DuplicateRecipient,
                format!("recipient at index {i} appears earlier in the batch"),
            ));
        }
        sum = sum.and_then(|s| s.checked_add(amount.u128()));
        legs.push((addr, *amount));
    }
    if sum != Some(batch.declared_total.u128()) {
        return Err(total_mismatch(
            sum.unwrap_or(u128::MAX),
            batch.declared_total.u128(),
        ));
    }
    Ok(legs)
}

/// One transfer per leg, all in this message's transaction (all or nothing).
fn multisend_response(
    asset: &Asset,
    payer: &Addr,
    legs: Vec<(Addr, Uint128)>,
    total: Uint128,
) -> Result<Response, ContractError> {
    let count = legs.len();
    let msgs = legs
        .iter()
        .map(|(to, amount)| pay(asset, to, *amount))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(Response::new()
        .add_messages(msgs)
        .add_attribute("action", "multisend")
        .add_attribute("payer", payer.as_str())
        .add_attribute("asset", asset_attr(asset))
        .add_attribute("count", count.to_string())
        .add_attribute("total", total))
}

/// Validates and stores a distribution funded with `received` of `asset`.
fn create_distribution(
    deps: DepsMut,
    env: &Env,
    funder: Addr,
    asset: Asset,
    received: Uint128,
    msg: CreateDistributionMsg,
) -> Result<Response, ContractError> {
    let now = env.block.time.seconds();
    if msg.start >= msg.expiry || msg.expiry <= now || msg.total.is_zero() {
        return Err(fail(
            E::InvalidSchedule,
            "start must be before expiry, expiry in the future, total positive",
        ));
    }
    if msg.root.len() != 32 {
        return Err(StdError::msg("root must be 32 bytes").into());
    }
    let clawback_receiver = validate_addr(deps.as_ref(), &msg.clawback_receiver)?;
    if received != msg.total {
        return Err(funds_mismatch(msg.total.u128(), received.u128()));
    }
    let d = Distribution {
        funder,
        asset,
        root: msg.root,
        total: msg.total,
        claimed: Uint128::zero(),
        start: msg.start,
        expiry: msg.expiry,
        clawback_receiver,
        status: DistributionStatus::Open,
    };
    let id = DISTRIBUTION_COUNT.update(deps.storage, |n| -> StdResult<_> { Ok(n + 1) })?;
    DISTRIBUTIONS.save(deps.storage, id, &d)?;
    Ok(Response::new()
        .add_attribute("action", "create_distribution")
        .add_attribute("id", id.to_string())
        .add_attribute("asset", asset_attr(&d.asset))
        .add_attribute("root", d.root.to_hex())
        .add_attribute("total", d.total)
        .add_attribute("start", d.start.to_string())
        .add_attribute("expiry", d.expiry.to_string())
        .add_attribute("clawback_receiver", d.clawback_receiver)
        .set_data(to_json_binary(&id)?))
}

/// The coins attached to a message, as one of the shapes the contract accepts.
enum Attached {
    /// No coin.
    Nothing,
    /// Exactly one coin whose amount fits 128 bits.
    One(String, u128),
}

/// Reads the attached coins; several coins, or an amount beyond 128 bits, are refused with
/// `code` (never read as a sentinel amount that a declared total could equal).
fn attached(funds: &[Coin], code: E) -> Result<Attached, ContractError> {
    match funds {
        [] => Ok(Attached::Nothing),
        [coin] => match Uint128::try_from(coin.amount) {
            Ok(a) => Ok(Attached::One(coin.denom.clone(), a.u128())),
            Err(_) => Err(fail(code, format!("{coin} does not fit 128 bits"))),
        },
        several => Err(fail(
            code,
            format!("{} coins attached; exactly one is expected", several.len()),
        )),
    }
}

impl Attached {
    fn amount(&self) -> u128 {
        match self {
            Attached::Nothing => 0,
            Attached::One(_, a) => *a,
        }
    }

    fn denom(self) -> String {
        match self {
            Attached::Nothing => String::new(),
            Attached::One(denom, _) => denom,
        }
    }
}

/// Funds attached to a message that takes none would be stranded in the contract.
fn ensure_no_funds(info: &MessageInfo) -> Result<(), ContractError> {
    match attached(&info.funds, E::FundsMismatch)?.amount() {
        0 => Ok(()),
        received => Err(funds_mismatch(0, received)),
    }
}

/// Validates an address and insists on its canonical (normalised) form, so that one account
/// cannot appear under two spellings (which would defeat the duplicate check).
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

fn load_open(deps: Deps, id: u64) -> Result<Distribution, ContractError> {
    let d = DISTRIBUTIONS.may_load(deps.storage, id)?.ok_or_else(|| {
        fail(
            E::DistributionNotFound,
            format!("distribution {id} not found"),
        )
    })?;
    if d.status == DistributionStatus::ClawedBack {
        return Err(fail(
            E::ClawedBack,
            format!("distribution {id} was clawed back"),
        ));
    }
    Ok(d)
}

fn to_hash(bytes: &[u8]) -> Option<Hash> {
    bytes.try_into().ok()
}

fn to_hashes(proof: &[cosmwasm_std::HexBinary]) -> Option<Vec<Hash>> {
    if proof.len() > MAX_PROOF_LEN {
        return None;
    }
    proof.iter().map(|h| to_hash(h)).collect()
}

fn asset_attr(asset: &Asset) -> String {
    match asset {
        Asset::Native { denom } => format!("native:{denom}"),
        Asset::Cw20 { address } => format!("cw20:{address}"),
    }
}

fn pay(asset: &Asset, to: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
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

fn to_response(id: u64, d: Distribution) -> DistributionResponse {
    DistributionResponse {
        id,
        funder: d.funder,
        asset: d.asset,
        root: d.root,
        total: d.total,
        claimed: d.claimed,
        start: d.start,
        expiry: d.expiry,
        clawback_receiver: d.clawback_receiver,
        status: d.status,
    }
}

/// The declared total differs from the amounts' sum (`u128::MAX` if it overflows) or from the
/// funds that came with the batch.
fn total_mismatch(sum: u128, declared: u128) -> ContractError {
    fail(
        E::TotalMismatch,
        format!("expected {sum}, but {declared} was declared or attached"),
    )
}

/// The funds that came with a message differ from the distribution's total (or from none).
fn funds_mismatch(expected: u128, received: u128) -> ContractError {
    fail(
        E::FundsMismatch,
        format!("received {received}, expected {expected}"),
    )
}

fn invalid_proof(id: u64) -> ContractError {
    fail(
        E::InvalidProof,
        format!("the proof does not verify against the root of distribution {id}"),
    )
}

fn invalid_address(input: &str, why: impl std::fmt::Display) -> ContractError {
    fail(
        E::InvalidAddress,
        format!("invalid address `{input}`: {why}"),
    )
}
