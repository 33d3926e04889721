//! Roles shared by the registry and the asset token (`docs/spec/token.md#roles`): exactly one
//! admin, handed over in two steps, who grants and revokes named roles. No role is implicit: the
//! instantiator is admin only.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, Response, StdResult, Storage};
use cw_storage_plus::{Item, Map};

use crate::error::{ContractError, TokenError};

/// The admin.
const ADMIN: Item<Addr> = Item::new("admin");
/// A proposed admin that has not accepted yet.
const PENDING_ADMIN: Item<Addr> = Item::new("pending_admin");
/// `(role, account)` pairs that hold a role.
const MEMBERS: Map<(&str, &Addr), Empty> = Map::new("role_members");

/// Answer to an `Admin {}` query.
#[cw_serde]
pub struct AdminResponse {
    /// The admin.
    pub admin: Addr,
    /// A proposed admin that has not accepted yet.
    pub pending_admin: Option<Addr>,
}

/// Makes `admin` the only admin (instantiation).
pub fn init(store: &mut dyn Storage, admin: &Addr) -> StdResult<()> {
    ADMIN.save(store, admin)
}

/// The admin and any pending proposal.
pub fn admin(store: &dyn Storage) -> StdResult<AdminResponse> {
    Ok(AdminResponse {
        admin: ADMIN.load(store)?,
        pending_admin: PENDING_ADMIN.may_load(store)?,
    })
}

/// `Unauthorized` unless `who` is the admin.
pub fn require_admin(store: &dyn Storage, who: &Addr) -> Result<(), ContractError> {
    if ADMIN.load(store)? == *who {
        Ok(())
    } else {
        Err(ContractError::spec(
            TokenError::Unauthorized,
            format!("{who} is not the admin"),
        ))
    }
}

/// Whether `who` holds `role`.
pub fn has(store: &dyn Storage, role: &str, who: &Addr) -> bool {
    MEMBERS.has(store, (role, who))
}

/// `Unauthorized` unless `who` holds `role`.
pub fn require(store: &dyn Storage, role: &str, who: &Addr) -> Result<(), ContractError> {
    if has(store, role, who) {
        Ok(())
    } else {
        Err(ContractError::spec(
            TokenError::Unauthorized,
            format!("{who} lacks the {role} role"),
        ))
    }
}

/// Admin grants (`granted`) or revokes `role` of `account`. Granting a held role or revoking a
/// missing one changes nothing and adds no role attributes.
pub fn set(
    store: &mut dyn Storage,
    sender: &Addr,
    role: &str,
    account: &Addr,
    granted: bool,
) -> Result<Response, ContractError> {
    require_admin(store, sender)?;
    let action = if granted { "grant_role" } else { "revoke_role" };
    let res = Response::new().add_attribute("action", action);
    if has(store, role, account) == granted {
        return Ok(res);
    }
    if granted {
        MEMBERS.save(store, (role, account), &Empty {})?;
    } else {
        MEMBERS.remove(store, (role, account));
    }
    Ok(res
        .add_attribute("role", role)
        .add_attribute("account", account))
}

/// Admin proposes `new` as the next admin, replacing any proposal; `None` cancels.
pub fn propose_admin(
    store: &mut dyn Storage,
    sender: &Addr,
    new: Option<Addr>,
) -> Result<Response, ContractError> {
    require_admin(store, sender)?;
    let res = Response::new().add_attribute("action", "propose_admin");
    Ok(match new {
        Some(new) => {
            PENDING_ADMIN.save(store, &new)?;
            res.add_attribute("pending_admin", new)
        }
        None => {
            PENDING_ADMIN.remove(store);
            res.add_attribute("pending_admin", "none")
        }
    })
}

/// The proposed admin takes over; `NoPendingAdmin` for anyone else.
pub fn accept_admin(store: &mut dyn Storage, sender: &Addr) -> Result<Response, ContractError> {
    if PENDING_ADMIN.may_load(store)?.as_ref() != Some(sender) {
        return Err(ContractError::spec(
            TokenError::NoPendingAdmin,
            format!("no admin proposal for {sender}"),
        ));
    }
    PENDING_ADMIN.remove(store);
    ADMIN.save(store, sender)?;
    Ok(Response::new()
        .add_attribute("action", "accept_admin")
        .add_attribute("admin", sender))
}
