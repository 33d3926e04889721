//! Attack tests of the ink! asset token and registry on pallet-contracts: each path that could
//! deliver tokens to an ineligible account, allowance bypasses, role escalation, the zero
//! account, cap overflow, frozen amounts above the balance, value sent to the token, and a token
//! pointed at something that is not a registry.

mod token_common;

use token_common::{Driver, EntryMirror, T0};
use tokenrail_core::token::TokenError as E;
use tokenrail_core::vectors::token::{Actor, Failure, Investor, InvestorStatus, Op, Role};
use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{read_artifact, roles};

const CAP: u128 = 1_000_000;
const YEAR: u64 = 365 * 24 * 3600;

/// A token with the usual roles, Alice and Bob verified, Alice holding 1,000.
fn driver() -> Driver {
    let mut d = Driver::new(CAP);
    for (role, who) in [
        (Role::Issuer, Actor::Issuer),
        (Role::Agent, Actor::Agent),
        (Role::Pauser, Actor::Pauser),
        (Role::RegistryAgent, Actor::Agent),
    ] {
        d.apply(Actor::Admin, &Op::GrantRole { role, account: who })
            .unwrap();
    }
    let entries = [Actor::Alice, Actor::Bob]
        .map(|investor| Investor {
            investor,
            status: InvestorStatus::Verified,
            jurisdiction: 276,
            kyc_expiry: YEAR,
        })
        .to_vec();
    d.apply(Actor::Agent, &Op::Register { entries }).unwrap();
    d.apply(
        Actor::Issuer,
        &Op::Mint {
            to: Actor::Alice,
            amount: 1_000.into(),
        },
    )
    .unwrap();
    d
}

fn code(r: Result<(), Failure>) -> E {
    match r {
        Err(Failure::Spec(e)) => e,
        other => panic!("expected a spec error, got {other:?}"),
    }
}

fn balance(d: &mut Driver, a: Actor) -> u128 {
    let who = d.who(a);
    d.query("PSP22::balance_of", who)
}

#[test]
fn no_path_delivers_to_an_unregistered_account() {
    let mut d = driver();
    d.apply(
        Actor::Alice,
        &Op::Approve {
            spender: Actor::Bob,
            amount: 500.into(),
        },
    )
    .unwrap();
    let m = Actor::Mallory;
    let paths = [
        (
            Actor::Alice,
            Op::Transfer {
                to: m,
                amount: 10.into(),
            },
        ),
        (
            Actor::Bob,
            Op::TransferFrom {
                from: Actor::Alice,
                to: m,
                amount: 10.into(),
            },
        ),
        (
            Actor::Alice,
            Op::BatchTransfer {
                legs: vec![(Actor::Bob, 10.into()), (m, 10.into())],
            },
        ),
        (
            Actor::Issuer,
            Op::Mint {
                to: m,
                amount: 10.into(),
            },
        ),
        (
            Actor::Agent,
            Op::Recover {
                lost: Actor::Alice,
                new: m,
            },
        ),
    ];
    for (by, op) in paths {
        assert_eq!(code(d.apply(by, &op)), E::RecipientNotVerified, "{op:?}");
    }
    assert_eq!(balance(&mut d, m), 0);
    assert_eq!(balance(&mut d, Actor::Bob), 0, "the batch reverted whole");
    let allowance: u128 = {
        let (a, b) = (d.who(Actor::Alice), d.who(Actor::Bob));
        d.query("PSP22::allowance", (a, b))
    };
    assert_eq!(allowance, 500, "the failed transfer_from spent nothing");
}

#[test]
fn an_unlimited_allowance_is_not_spent_and_does_not_bypass_the_owner() {
    let mut d = driver();
    d.apply(
        Actor::Alice,
        &Op::Approve {
            spender: Actor::Mallory,
            amount: u128::MAX.into(),
        },
    )
    .unwrap();
    let take = Op::TransferFrom {
        from: Actor::Alice,
        to: Actor::Bob,
        amount: 5.into(),
    };
    d.apply(Actor::Mallory, &take).unwrap();
    let (a, m) = (d.who(Actor::Alice), d.who(Actor::Mallory));
    let left: u128 = d.query("PSP22::allowance", (a, m));
    assert_eq!(left, u128::MAX);
    d.apply(
        Actor::Agent,
        &Op::SetLockup {
            account: Actor::Alice,
            until: 100,
        },
    )
    .unwrap();
    assert_eq!(code(d.apply(Actor::Mallory, &take)), E::LockedUp);
    d.apply(Actor::Pauser, &Op::Pause).unwrap();
    assert_eq!(code(d.apply(Actor::Mallory, &take)), E::Paused);
}

#[test]
fn roles_cannot_be_escalated() {
    let mut d = driver();
    for by in [Actor::Issuer, Actor::Agent, Actor::Pauser, Actor::Mallory] {
        for role in [Role::Issuer, Role::RegistryAgent] {
            let grant = Op::GrantRole { role, account: by };
            assert_eq!(
                code(d.apply(by, &grant)),
                E::Unauthorized,
                "{by:?} {role:?}"
            );
        }
    }
    // Unknown role bytes are refused even to the admin.
    let who = d.who(Actor::Alice);
    assert_eq!(
        code(d.tokenrail(Actor::Admin, "set_role", (9u8, who, true))),
        E::Unauthorized
    );
    let mint = Op::Mint {
        to: Actor::Alice,
        amount: 1.into(),
    };
    assert_eq!(
        code(d.apply(Actor::Admin, &mint)),
        E::Unauthorized,
        "no implicit role"
    );
    assert_eq!(code(d.apply(Actor::Issuer, &Op::Pause)), E::Unauthorized);
    let forced = Op::ForcedTransfer {
        from: Actor::Alice,
        to: Actor::Mallory,
        amount: 1.into(),
    };
    assert_eq!(code(d.apply(Actor::Issuer, &forced)), E::Unauthorized);
    d.apply(
        Actor::Admin,
        &Op::ProposeAdmin {
            new: Some(Actor::Bob),
        },
    )
    .unwrap();
    assert_eq!(
        code(d.apply(Actor::Mallory, &Op::AcceptAdmin)),
        E::NoPendingAdmin
    );
    d.apply(Actor::Bob, &Op::AcceptAdmin).unwrap();
    // The token's new admin is not the registry's.
    let grant = Op::GrantRole {
        role: Role::RegistryAgent,
        account: Actor::Mallory,
    };
    assert_eq!(code(d.apply(Actor::Bob, &grant)), E::Unauthorized);
    let is_agent: bool = {
        let m = d.who(Actor::Mallory);
        let registry = d.registry.clone();
        let admin = d.who(Actor::Admin);
        d.chain
            .call(&registry, "has_role", (roles::REGISTRY_AGENT, m), &admin, 0)
            .value()
    };
    assert!(!is_agent);
}

#[test]
fn the_zero_account_and_cap_overflow_are_refused() {
    let mut d = driver();
    let zero = AccountId32::new([0u8; 32]);
    assert_eq!(
        code(d.psp22(
            Actor::Alice,
            "PSP22::transfer",
            (zero.clone(), 1u128, Vec::<u8>::new())
        )),
        E::InvalidAddress
    );
    assert_eq!(
        code(d.tokenrail(Actor::Issuer, "mint", (zero.clone(), 1u128))),
        E::InvalidAddress
    );
    let entry = EntryMirror {
        status: 0,
        jurisdiction: 276,
        kyc_expiry: T0 + YEAR,
    };
    assert_eq!(
        code(d.registry_call(Actor::Agent, "upsert", vec![(zero, entry)])),
        E::InvalidAddress
    );
    for amount in [CAP, u128::MAX] {
        let bob = d.who(Actor::Bob);
        assert_eq!(
            code(d.tokenrail(Actor::Issuer, "mint", (bob, amount))),
            E::CapExceeded
        );
    }
}

#[test]
fn frozen_amount_never_exceeds_the_balance() {
    let mut d = driver();
    let freeze = |amount: u128| Op::SetFrozenAmount {
        account: Actor::Alice,
        amount: amount.into(),
    };
    assert_eq!(
        code(d.apply(Actor::Agent, &freeze(1_001))),
        E::FreezeExceedsBalance
    );
    d.apply(Actor::Agent, &freeze(800)).unwrap();
    let forced = Op::ForcedTransfer {
        from: Actor::Alice,
        to: Actor::Mallory,
        amount: 900.into(),
    };
    d.apply(Actor::Agent, &forced).unwrap();
    let alice = d.who(Actor::Alice);
    let (balance, r) = d.account_of(alice.clone());
    assert_eq!((balance, r.frozen_amount), (100, 100));
    // PSP22 callers see the spec's codes: code 9 in a Custom error, code 8 as PSP22's own.
    let bob = d.who(Actor::Bob);
    assert_eq!(
        code(d.psp22(
            Actor::Alice,
            "PSP22::transfer",
            (bob.clone(), 1u128, Vec::<u8>::new())
        )),
        E::InsufficientUnfrozenBalance
    );
    assert_eq!(
        code(d.psp22(
            Actor::Bob,
            "PSP22::transfer",
            (alice, 1u128, Vec::<u8>::new())
        )),
        E::InsufficientBalance
    );
}

#[test]
fn the_token_takes_no_value() {
    let mut d = driver();
    let (token, alice, bob) = (d.token.clone(), d.who(Actor::Alice), d.who(Actor::Bob));
    let sent = d.chain.try_call(
        &token,
        "PSP22::transfer",
        (bob, 1u128, Vec::<u8>::new()),
        &alice,
        1_000,
    );
    let trapped = match sent {
        Err(_) => true,
        Ok(out) => out.reverted,
    };
    assert!(
        trapped,
        "value sent to a non-payable message must not be accepted"
    );
}

/// A token whose registry address is not a registry cannot move anything: the read traps
/// instead of being taken as "no entry" or "eligible".
#[test]
fn a_token_pointed_at_a_non_registry_moves_nothing() {
    let mut d = Driver::new(CAP);
    let admin = d.who(Actor::Admin);
    let (plain, _) = d
        .chain
        .deploy(read_artifact("ink_psp22_token"), "new", 1u128, &admin);
    let args = (
        String::from("Bad"),
        String::from("BAD"),
        6u8,
        CAP,
        plain,
        String::new(),
        [0u8; 32],
    );
    let (bad, _) = d
        .chain
        .deploy(read_artifact("ink_asset_token"), "new", args, &admin);
    d.token = bad;
    d.apply(
        Actor::Admin,
        &Op::GrantRole {
            role: Role::Issuer,
            account: Actor::Issuer,
        },
    )
    .unwrap();
    let minted = d.apply(
        Actor::Issuer,
        &Op::Mint {
            to: Actor::Alice,
            amount: 1.into(),
        },
    );
    assert!(matches!(minted, Err(Failure::Other(_))), "{minted:?}");
    assert_eq!(balance(&mut d, Actor::Alice), 0);
}
