//! Entry points and message handlers.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    to_json_binary, Addr, Api, Binary, Deps, DepsMut, Env, MessageInfo, Order, Response, StdError,
    StdResult,
};
use cw_storage_plus::Bound;

use crate::error::{ContractError, TokenError};
use crate::msg::{
    EntriesResponse, Entry, EntryInput, EntryResponse, ExecuteMsg, InstantiateMsg, InvestorStatus,
    ListEntriesResponse, QueryMsg, RegistryRole,
};
use crate::roles;
use crate::state::ENTRIES;

const CONTRACT_NAME: &str = "crates.io:cw-registry";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Most entries one `Upsert`, `Remove` or `Entries` may carry (`MaxBatch` beyond).
pub const MAX_BATCH: usize = 100;
const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 30;

/// The sender becomes the admin; no other role is granted.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    _msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    roles::init(deps.storage, &info.sender)?;
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
    let sender = &info.sender;
    match msg {
        ExecuteMsg::GrantRole { role, account } => {
            let account = validate_addr(deps.api, &account)?;
            roles::set(deps.storage, sender, role.as_str(), &account, true)
        }
        ExecuteMsg::RevokeRole { role, account } => {
            let account = validate_addr(deps.api, &account)?;
            roles::set(deps.storage, sender, role.as_str(), &account, false)
        }
        ExecuteMsg::ProposeAdmin { new } => {
            let new = new.map(|a| validate_addr(deps.api, &a)).transpose()?;
            roles::propose_admin(deps.storage, sender, new)
        }
        ExecuteMsg::AcceptAdmin {} => roles::accept_admin(deps.storage, sender),
        ExecuteMsg::Upsert { entries } => execute_upsert(deps, env, info, entries),
        ExecuteMsg::Remove { addresses } => execute_remove(deps, info, addresses),
    }
}

/// Adds or updates entries: every entry is checked before any is written.
pub fn execute_upsert(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    entries: Vec<EntryInput>,
) -> Result<Response, ContractError> {
    roles::require(
        deps.storage,
        RegistryRole::RegistryAgent.as_str(),
        &info.sender,
    )?;
    check_batch(entries.len())?;
    let now = env.block.time.seconds();
    let mut checked = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let address = validate_addr(deps.api, &e.address)?;
        if e.jurisdiction == 0 || e.jurisdiction > 999 {
            return Err(ContractError::spec(
                TokenError::InvalidJurisdiction,
                format!("entry {i}: jurisdiction {} is not 1-999", e.jurisdiction),
            ));
        }
        if e.status == InvestorStatus::Verified && e.kyc_expiry <= now {
            return Err(ContractError::spec(
                TokenError::InvalidExpiry,
                format!("entry {i}: a verified entry's KYC expiry must be after {now}"),
            ));
        }
        let entry = Entry {
            status: e.status,
            jurisdiction: e.jurisdiction,
            kyc_expiry: e.kyc_expiry,
        };
        checked.push((address, entry));
    }
    let mut res = Response::new()
        .add_attribute("action", "upsert")
        .add_attribute("count", checked.len().to_string());
    for (address, entry) in checked {
        ENTRIES.save(deps.storage, &address, &entry)?;
        res = res.add_event(
            cosmwasm_std::Event::new("investor_updated")
                .add_attribute("address", address)
                .add_attribute("status", format!("{:?}", entry.status).to_lowercase())
                .add_attribute("jurisdiction", entry.jurisdiction.to_string())
                .add_attribute("kyc_expiry", entry.kyc_expiry.to_string()),
        );
    }
    Ok(res)
}

/// Removes entries; every address must have one.
pub fn execute_remove(
    deps: DepsMut,
    info: MessageInfo,
    addresses: Vec<String>,
) -> Result<Response, ContractError> {
    roles::require(
        deps.storage,
        RegistryRole::RegistryAgent.as_str(),
        &info.sender,
    )?;
    check_batch(addresses.len())?;
    let mut checked = Vec::with_capacity(addresses.len());
    for a in &addresses {
        let address = validate_addr(deps.api, a)?;
        if !ENTRIES.has(deps.storage, &address) {
            return Err(ContractError::spec(
                TokenError::NotRegistered,
                format!("{address} has no entry"),
            ));
        }
        checked.push(address);
    }
    let mut res = Response::new().add_attribute("action", "remove");
    for address in checked {
        ENTRIES.remove(deps.storage, &address);
        res = res.add_event(
            cosmwasm_std::Event::new("investor_removed").add_attribute("address", address),
        );
    }
    Ok(res)
}

fn check_batch(len: usize) -> Result<(), ContractError> {
    if len > MAX_BATCH {
        return Err(ContractError::spec(
            TokenError::MaxBatch,
            format!("{len} entries; at most {MAX_BATCH}"),
        ));
    }
    Ok(())
}

/// Validates an address and insists on its normalised form, so one investor cannot have two
/// entries under two spellings.
pub fn validate_addr(api: &dyn Api, input: &str) -> Result<Addr, ContractError> {
    let addr = api
        .addr_validate(input)
        .map_err(|e| ContractError::spec(TokenError::InvalidAddress, format!("`{input}`: {e}")))?;
    if addr.as_str() != input {
        return Err(ContractError::spec(
            TokenError::InvalidAddress,
            format!("`{input}` is not in normalised form"),
        ));
    }
    Ok(addr)
}

/// Answers queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Entry { address } => {
            let address = deps.api.addr_validate(&address)?;
            let entry = ENTRIES.may_load(deps.storage, &address)?;
            to_json_binary(&EntryResponse { entry })
        }
        QueryMsg::Entries { addresses } => {
            if addresses.len() > MAX_BATCH {
                return Err(StdError::msg(format!(
                    "at most {MAX_BATCH} addresses per query"
                )));
            }
            let entries = addresses
                .iter()
                .map(|a| {
                    let a = deps.api.addr_validate(a)?;
                    ENTRIES.may_load(deps.storage, &a)
                })
                .collect::<StdResult<_>>()?;
            to_json_binary(&EntriesResponse { entries })
        }
        QueryMsg::IsEligible { address } => {
            let address = deps.api.addr_validate(&address)?;
            let entry = ENTRIES.may_load(deps.storage, &address)?;
            let now = env.block.time.seconds();
            to_json_binary(&entry.is_some_and(|e| e.is_eligible(now)))
        }
        QueryMsg::ListEntries { start_after, limit } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let start = start_after
                .map(|a| deps.api.addr_validate(&a))
                .transpose()?;
            let entries = ENTRIES
                .range(
                    deps.storage,
                    start.as_ref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .collect::<StdResult<_>>()?;
            to_json_binary(&ListEntriesResponse { entries })
        }
        QueryMsg::Admin {} => to_json_binary(&roles::admin(deps.storage)?),
        QueryMsg::HasRole { role, account } => {
            let account = deps.api.addr_validate(&account)?;
            to_json_binary(&roles::has(deps.storage, role.as_str(), &account))
        }
    }
}
