//! Every check of `docs/spec/token.md` and `docs/spec/whitelist.md`, in the spec's order. The
//! execute handlers and the `CanTransfer` query call the same functions, so a dry run answers
//! with exactly the code the movement would fail with.

use cosmwasm_std::{Addr, Deps, Storage};
use cw_registry::error::{ContractError, TokenError};
use cw_registry::msg::{Entry, InvestorStatus};
use cw_registry::state::ENTRIES;

use crate::msg::Rules;
use crate::state::{
    Restriction, BALANCES, CONFIG, DEACTIVATED, PAUSED, REGISTRY, RESTRICTIONS, RULES, TOTALS,
};

fn fail(code: TokenError, detail: impl Into<String>) -> ContractError {
    ContractError::spec(code, detail)
}

/// `a`'s balance.
pub fn balance(store: &dyn Storage, a: &Addr) -> Result<u128, ContractError> {
    Ok(BALANCES.may_load(store, a)?.unwrap_or_default().u128())
}

/// `a`'s restrictions (all clear when it has none).
pub fn restriction(store: &dyn Storage, a: &Addr) -> Result<Restriction, ContractError> {
    Ok(RESTRICTIONS.may_load(store, a)?.unwrap_or_default())
}

/// Reads the registry entries of `addresses`, each with one raw query of the registry's
/// [`ENTRIES`] map (cw4's `is_member` pattern: the map's layout is part of the registry's
/// interface), so a movement runs no registry code.
pub fn entries<const N: usize>(
    deps: Deps,
    addresses: [&Addr; N],
) -> Result<[Option<Entry>; N], ContractError> {
    // An instance stored before the registry had its own item finds it in the configuration.
    let registry = match REGISTRY.may_load(deps.storage)? {
        Some(registry) => registry,
        None => CONFIG.load(deps.storage)?.registry,
    };
    let mut out = [None; N];
    for (slot, a) in out.iter_mut().zip(addresses) {
        *slot = ENTRIES.query(&deps.querier, registry.clone(), a)?;
    }
    Ok(out)
}

/// Whether movements run: open, paused, or ended for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movements {
    /// Nothing blocks them.
    Open,
    /// Holder-initiated movements are paused.
    Paused,
    /// The token was deactivated.
    Ended,
}

/// The token's [`Movements`]: one storage read while it is not paused (deactivation needs a
/// pause first).
pub fn movements(store: &dyn Storage) -> Result<Movements, ContractError> {
    if !PAUSED.may_load(store)?.unwrap_or(false) {
        return Ok(Movements::Open);
    }
    Ok(if DEACTIVATED.may_load(store)?.unwrap_or(false) {
        Movements::Ended
    } else {
        Movements::Paused
    })
}

/// `Deactivated` once the token's life ended, the first check of every movement after the
/// role; otherwise whether the token is paused.
pub fn active(store: &dyn Storage) -> Result<Movements, ContractError> {
    match movements(store)? {
        Movements::Ended => Err(fail(TokenError::Deactivated, "the token was deactivated")),
        m => Ok(m),
    }
}

/// `Paused` for a paused token (a holder's movement, after [`active`] and the amount).
fn not_paused(m: Movements) -> Result<(), ContractError> {
    if m == Movements::Paused {
        return Err(fail(TokenError::Paused, "the token is paused"));
    }
    Ok(())
}

fn nonzero(amount: u128) -> Result<(), ContractError> {
    if amount == 0 {
        return Err(fail(TokenError::ZeroAmount, "amount is zero"));
    }
    Ok(())
}

/// `InsufficientBalance`, then `InsufficientUnfrozenBalance`.
pub fn spendable(
    from: &Addr,
    balance: u128,
    r: &Restriction,
    amount: u128,
) -> Result<(), ContractError> {
    if amount > balance {
        return Err(fail(
            TokenError::InsufficientBalance,
            format!("{from} holds {balance}, needs {amount}"),
        ));
    }
    let unfrozen = balance - r.frozen_amount.u128();
    if amount > unfrozen {
        return Err(fail(
            TokenError::InsufficientUnfrozenBalance,
            format!("{from} may send {unfrozen} of {balance}; {amount} asked"),
        ));
    }
    Ok(())
}

/// Compliance step 1: the sender.
fn sender(rules: &Rules, now: u64, from: &Addr, e: Option<Entry>) -> Result<(), ContractError> {
    match e {
        Some(e) if e.status == InvestorStatus::Verified => {
            if now >= e.kyc_expiry && rules.expired_kyc_blocks_sending {
                return Err(fail(
                    TokenError::SenderKycExpired,
                    format!("{from}'s KYC expired at {}", e.kyc_expiry),
                ));
            }
            Ok(())
        }
        _ => Err(fail(
            TokenError::SenderNotVerified,
            format!("{from} is not a verified investor"),
        )),
    }
}

/// Compliance step 2: the recipient.
fn recipient(rules: &Rules, now: u64, to: &Addr, e: Option<Entry>) -> Result<(), ContractError> {
    let e = match e {
        Some(e) if e.status == InvestorStatus::Verified => e,
        _ => {
            return Err(fail(
                TokenError::RecipientNotVerified,
                format!("{to} is not a verified investor"),
            ))
        }
    };
    if now >= e.kyc_expiry {
        return Err(fail(
            TokenError::RecipientKycExpired,
            format!("{to}'s KYC expired at {}", e.kyc_expiry),
        ));
    }
    let j = e.jurisdiction;
    let allowed = &rules.allowed_jurisdictions;
    if rules.blocked_jurisdictions.contains(&j) || (!allowed.is_empty() && !allowed.contains(&j)) {
        return Err(fail(
            TokenError::JurisdictionNotAllowed,
            format!("jurisdiction {j} of {to} may not hold this token"),
        ));
    }
    Ok(())
}

/// Compliance step 3: the limits, for `amount` reaching `to`, which holds `to_balance`, from
/// `from` and its balance (`None` for a mint).
fn limits(
    store: &dyn Storage,
    rules: &Rules,
    from: Option<(&Addr, u128)>,
    (to, to_balance): (&Addr, u128),
    amount: u128,
) -> Result<(), ContractError> {
    if from.is_some_and(|(f, _)| f == to) {
        return Ok(());
    }
    let max_balance = rules.max_balance.u128();
    if max_balance > 0 && to_balance.saturating_add(amount) > max_balance {
        return Err(fail(
            TokenError::MaxBalanceExceeded,
            format!("{to} would hold more than {max_balance}"),
        ));
    }
    if rules.max_holders > 0 && to_balance == 0 {
        let leaves = from.is_some_and(|(_, from_balance)| from_balance == amount);
        let after = TOTALS.load(store)?.holders + 1 - u32::from(leaves);
        if after > rules.max_holders {
            return Err(fail(
                TokenError::MaxHoldersReached,
                format!("the token already has {} holders", rules.max_holders),
            ));
        }
    }
    Ok(())
}

/// The balances of a movement's parties as its checks read them, so that the movement does
/// not read them again.
#[derive(Clone, Copy, Debug)]
pub struct Held {
    /// The sender's balance.
    pub from: u128,
    /// The recipient's balance (the sender's for a self-transfer).
    pub to: u128,
}

/// Every check of `transfer(from, to, amount)` after address validation and [`active`]
/// (whose answer is `m`, read once per message, not once per batch leg): the one function
/// behind transfers, `transfer_from`, `send`, each batch leg and `CanTransfer`. Returns the
/// parties' balances.
pub fn transfer(
    deps: Deps,
    now: u64,
    m: Movements,
    from: &Addr,
    to: &Addr,
    amount: u128,
) -> Result<Held, ContractError> {
    nonzero(amount)?;
    not_paused(m)?;
    let rf = restriction(deps.storage, from)?;
    let rt = restriction(deps.storage, to)?;
    if rf.account_frozen {
        return Err(fail(TokenError::SenderFrozen, format!("{from} is frozen")));
    }
    if rt.account_frozen {
        return Err(fail(TokenError::RecipientFrozen, format!("{to} is frozen")));
    }
    if now < rf.locked_until {
        return Err(fail(
            TokenError::LockedUp,
            format!("{from} is locked up until {}", rf.locked_until),
        ));
    }
    let from_balance = balance(deps.storage, from)?;
    spendable(from, from_balance, &rf, amount)?;
    let rules = RULES.load(deps.storage)?;
    let [ef, et] = entries(deps, [from, to])?;
    sender(&rules, now, from, ef)?;
    recipient(&rules, now, to, et)?;
    let to_balance = if from == to {
        from_balance
    } else {
        balance(deps.storage, to)?
    };
    let from_party = Some((from, from_balance));
    limits(deps.storage, &rules, from_party, (to, to_balance), amount)?;
    Ok(Held {
        from: from_balance,
        to: to_balance,
    })
}

/// The checks of `mint(to, amount)` after the role and the address; returns `to`'s balance.
pub fn mint(deps: Deps, now: u64, to: &Addr, amount: u128) -> Result<u128, ContractError> {
    active(deps.storage)?;
    nonzero(amount)?;
    let cap = CONFIG.load(deps.storage)?.cap.u128();
    let supply = TOTALS.load(deps.storage)?.supply.u128();
    if supply.checked_add(amount).is_none_or(|s| s > cap) {
        return Err(fail(
            TokenError::CapExceeded,
            format!("supply {supply} + {amount} exceeds the cap {cap}"),
        ));
    }
    if restriction(deps.storage, to)?.account_frozen {
        return Err(fail(TokenError::RecipientFrozen, format!("{to} is frozen")));
    }
    let rules = RULES.load(deps.storage)?;
    let [et] = entries(deps, [to])?;
    recipient(&rules, now, to, et)?;
    let to_balance = balance(deps.storage, to)?;
    limits(deps.storage, &rules, None, (to, to_balance), amount)?;
    Ok(to_balance)
}

/// The checks of a holder's `burn(amount)` after [`active`] (whose answer is `m`); returns
/// `from`'s balance.
pub fn burn(
    deps: Deps,
    now: u64,
    m: Movements,
    from: &Addr,
    amount: u128,
) -> Result<u128, ContractError> {
    nonzero(amount)?;
    not_paused(m)?;
    let rf = restriction(deps.storage, from)?;
    if rf.account_frozen {
        return Err(fail(TokenError::SenderFrozen, format!("{from} is frozen")));
    }
    if now < rf.locked_until {
        return Err(fail(
            TokenError::LockedUp,
            format!("{from} is locked up until {}", rf.locked_until),
        ));
    }
    let from_balance = balance(deps.storage, from)?;
    spendable(from, from_balance, &rf, amount)?;
    let rules = RULES.load(deps.storage)?;
    let [ef] = entries(deps, [from])?;
    sender(&rules, now, from, ef)?;
    Ok(from_balance)
}

/// The checks of `redeem(from, amount)` after the role and the address: only the balance and
/// the frozen amount (the issuer's decision bypasses pause, lock-up and the registry); returns
/// `from`'s balance.
pub fn redeem(deps: Deps, from: &Addr, amount: u128) -> Result<u128, ContractError> {
    active(deps.storage)?;
    nonzero(amount)?;
    let r = restriction(deps.storage, from)?;
    let from_balance = balance(deps.storage, from)?;
    spendable(from, from_balance, &r, amount)?;
    Ok(from_balance)
}

/// The checks of `recover(lost, new)` on the new wallet: the recipient's registry checks, as a
/// transfer to `new` would run them (codes 12, 13, 14).
pub fn recovery_target(deps: Deps, now: u64, new: &Addr) -> Result<(), ContractError> {
    let rules = RULES.load(deps.storage)?;
    let [e] = entries(deps, [new])?;
    recipient(&rules, now, new, e)
}
