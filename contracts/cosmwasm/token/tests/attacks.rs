//! Attack tests of the CosmWasm asset token and registry (`docs/spec/token.md`): each path that
//! could deliver tokens to a non-eligible address, allowance bypasses, self-transfers, frozen
//! amounts above the balance, role escalation, cap overflow, unnormalised addresses, stray funds,
//! and cw20 `Send` into a contract that pays the token onward.

mod common;

use common::{code_of, Chain, YEAR};
use cosmwasm_std::{coins, to_json_binary, Addr, Binary, Uint128};
use cw20_basic::msg::Cw20Coin;
use cw_asset_token::msg::{ExecuteMsg, QueryMsg, TokenRole};
use cw_multi_test::Executor;
use cw_registry::msg::{EntryInput, ExecuteMsg as RegistryMsg, InvestorStatus, RegistryRole};
use tokenrail_core::token::TokenError as E;
use tokenrail_core::vectors::token::{Actor, Op, Role, TokenDriver};

const CAP: u128 = 1_000_000;

fn chain() -> Chain {
    let mut c = Chain::onboarded(CAP, &[Actor::Alice, Actor::Bob]);
    c.mint(Actor::Alice, 1_000);
    c
}

fn mallory(c: &Chain) -> String {
    c.addr(Actor::Mallory).to_string()
}

#[test]
fn no_path_delivers_to_an_unregistered_address() {
    let mut c = chain();
    c.apply(
        Actor::Alice,
        &Op::Approve {
            spender: Actor::Bob,
            amount: 500.into(),
        },
    )
    .unwrap();
    let amount = Uint128::new(10);
    let m = mallory(&c);
    let cases: Vec<(Actor, ExecuteMsg)> = vec![
        (
            Actor::Alice,
            ExecuteMsg::Transfer {
                recipient: m.clone(),
                amount,
            },
        ),
        (
            Actor::Alice,
            ExecuteMsg::Send {
                contract: m.clone(),
                amount,
                msg: Binary::default(),
            },
        ),
        (
            Actor::Bob,
            ExecuteMsg::TransferFrom {
                owner: c.addr(Actor::Alice).to_string(),
                recipient: m.clone(),
                amount,
            },
        ),
        (
            Actor::Bob,
            ExecuteMsg::SendFrom {
                owner: c.addr(Actor::Alice).to_string(),
                contract: m.clone(),
                amount,
                msg: Binary::default(),
            },
        ),
        (
            Actor::Alice,
            ExecuteMsg::BatchTransfer {
                transfers: vec![
                    Cw20Coin {
                        address: c.addr(Actor::Bob).to_string(),
                        amount,
                    },
                    Cw20Coin {
                        address: m.clone(),
                        amount,
                    },
                ],
            },
        ),
        (
            Actor::Issuer,
            ExecuteMsg::Mint {
                recipient: m.clone(),
                amount,
            },
        ),
    ];
    for (by, msg) in cases {
        assert_eq!(
            code_of(c.exec(by, &msg)),
            E::RecipientNotVerified,
            "{msg:?}"
        );
    }
    assert_eq!(c.account(&c.addr(Actor::Mallory)).balance.u128(), 0);
    assert_eq!(
        c.account(&c.addr(Actor::Bob)).balance.u128(),
        0,
        "the batch reverted whole"
    );
    assert_eq!(c.status().total_supply.u128(), 1_000);
}

#[test]
fn a_revoked_or_expired_investor_receives_through_no_path() {
    let mut c = chain();
    c.exec_registry(
        Actor::Agent,
        &RegistryMsg::Upsert {
            entries: vec![EntryInput {
                address: c.addr(Actor::Bob).to_string(),
                status: InvestorStatus::Revoked,
                jurisdiction: 276,
                kyc_expiry: 0,
            }],
        },
    )
    .unwrap();
    let bob = c.addr(Actor::Bob).to_string();
    let send = ExecuteMsg::Transfer {
        recipient: bob.clone(),
        amount: Uint128::new(1),
    };
    assert_eq!(
        code_of(c.exec(Actor::Alice, &send)),
        E::RecipientNotVerified
    );
    c.register(&[Actor::Bob], 276);
    common::set_time(&mut c, YEAR);
    assert_eq!(code_of(c.exec(Actor::Alice, &send)), E::RecipientKycExpired);
    let mint = ExecuteMsg::Mint {
        recipient: bob,
        amount: Uint128::new(1),
    };
    assert_eq!(
        code_of(c.exec(Actor::Issuer, &mint)),
        E::RecipientKycExpired
    );
}

#[test]
fn a_spender_cannot_bypass_the_owners_restrictions() {
    let mut c = chain();
    c.apply(
        Actor::Alice,
        &Op::Approve {
            spender: Actor::Mallory,
            amount: u128::MAX.into(),
        },
    )
    .unwrap();
    let alice = c.addr(Actor::Alice).to_string();
    let bob = c.addr(Actor::Bob).to_string();
    let from = ExecuteMsg::TransferFrom {
        owner: alice.clone(),
        recipient: bob.clone(),
        amount: Uint128::new(5),
    };
    // An unregistered spender may move an investor's tokens to an investor: it never holds them.
    c.exec(Actor::Mallory, &from).unwrap();
    // But not past the owner's lock-up, freeze, frozen amount or the pause.
    c.apply(
        Actor::Agent,
        &Op::SetLockup {
            account: Actor::Alice,
            until: 100,
        },
    )
    .unwrap();
    assert_eq!(code_of(c.exec(Actor::Mallory, &from)), E::LockedUp);
    let burn_from = ExecuteMsg::BurnFrom {
        owner: alice.clone(),
        amount: Uint128::new(5),
    };
    assert_eq!(code_of(c.exec(Actor::Mallory, &burn_from)), E::LockedUp);
    common::set_time(&mut c, 100);
    c.apply(
        Actor::Agent,
        &Op::SetFrozenAmount {
            account: Actor::Alice,
            amount: 990.into(),
        },
    )
    .unwrap();
    let too_much = ExecuteMsg::TransferFrom {
        owner: alice,
        recipient: bob,
        amount: Uint128::new(6),
    };
    assert_eq!(
        code_of(c.exec(Actor::Mallory, &too_much)),
        E::InsufficientUnfrozenBalance
    );
    c.apply(Actor::Pauser, &Op::Pause).unwrap();
    assert_eq!(code_of(c.exec(Actor::Mallory, &from)), E::Paused);
    // The unlimited allowance was never decreased.
    let a: cw_asset_token::msg::AllowanceResponse = c.query(&QueryMsg::Allowance {
        owner: c.addr(Actor::Alice).to_string(),
        spender: mallory(&c),
    });
    assert_eq!(a.allowance, Uint128::MAX);
}

#[test]
fn allowances_are_spent_and_expire() {
    let mut c = chain();
    let bob = c.addr(Actor::Bob).to_string();
    let alice = c.addr(Actor::Alice).to_string();
    let grant = ExecuteMsg::IncreaseAllowance {
        spender: mallory(&c),
        amount: Uint128::new(10),
        expires: Some(cw_utils::Expiration::AtTime(
            c.app.block_info().time.plus_seconds(50),
        )),
    };
    c.exec(Actor::Alice, &grant).unwrap();
    let take = |n| ExecuteMsg::TransferFrom {
        owner: alice.clone(),
        recipient: bob.clone(),
        amount: Uint128::new(n),
    };
    c.exec(Actor::Mallory, &take(6)).unwrap();
    assert_eq!(
        code_of(c.exec(Actor::Mallory, &take(5))),
        E::InsufficientAllowance
    );
    common::set_time(&mut c, 50);
    assert_eq!(
        code_of(c.exec(Actor::Mallory, &take(1))),
        E::InsufficientAllowance
    );
    let own = ExecuteMsg::IncreaseAllowance {
        spender: alice.clone(),
        amount: Uint128::new(1),
        expires: None,
    };
    assert_eq!(code_of(c.exec(Actor::Alice, &own)), E::InvalidAddress);
}

#[test]
fn self_transfers_are_not_a_way_around_any_check() {
    let mut c = chain();
    let alice = c.addr(Actor::Alice).to_string();
    let to_self = ExecuteMsg::Transfer {
        recipient: alice.clone(),
        amount: Uint128::new(1_000),
    };
    // Allowed, moves nothing, and is not counted against the balance limit.
    let rules = tokenrail_core::vectors::token::Rules {
        max_balance: 1_000.into(),
        max_holders: 1,
        ..Default::default()
    };
    c.apply(Actor::Agent, &Op::SetRules { rules }).unwrap();
    c.exec(Actor::Alice, &to_self).unwrap();
    assert_eq!(c.account(&c.addr(Actor::Alice)).balance.u128(), 1_000);
    assert_eq!(c.status().holders, 1);
    for (op, code) in [
        (
            Op::SetLockup {
                account: Actor::Alice,
                until: 10,
            },
            E::LockedUp,
        ),
        (
            Op::SetAccountFrozen {
                account: Actor::Alice,
                frozen: true,
            },
            E::SenderFrozen,
        ),
    ] {
        c.apply(Actor::Agent, &op).unwrap();
        assert_eq!(code_of(c.exec(Actor::Alice, &to_self)), code);
    }
    c.apply(
        Actor::Agent,
        &Op::SetAccountFrozen {
            account: Actor::Alice,
            frozen: false,
        },
    )
    .unwrap();
    c.apply(
        Actor::Agent,
        &Op::SetLockup {
            account: Actor::Alice,
            until: 0,
        },
    )
    .unwrap();
    c.apply(
        Actor::Agent,
        &Op::RemoveInvestors {
            investors: vec![Actor::Alice],
        },
    )
    .unwrap();
    assert_eq!(
        code_of(c.exec(Actor::Alice, &to_self)),
        E::SenderNotVerified
    );
}

#[test]
fn frozen_amount_never_exceeds_the_balance() {
    let mut c = chain();
    let freeze = |amount: u128| Op::SetFrozenAmount {
        account: Actor::Alice,
        amount: amount.into(),
    };
    assert_eq!(
        code_of(c.apply(Actor::Agent, &freeze(1_001))),
        E::FreezeExceedsBalance
    );
    c.apply(Actor::Agent, &freeze(800)).unwrap();
    // A forced transfer into the frozen part cuts the frozen amount to the new balance.
    let forced = Op::ForcedTransfer {
        from: Actor::Alice,
        to: Actor::Mallory,
        amount: 900.into(),
    };
    c.apply(Actor::Agent, &forced).unwrap();
    let a = c.account(&c.addr(Actor::Alice));
    assert_eq!((a.balance.u128(), a.frozen_amount.u128()), (100, 100));
    // Redemption cannot burn into the frozen part.
    let redeem = Op::Redeem {
        from: Actor::Alice,
        amount: 1.into(),
    };
    assert_eq!(
        code_of(c.apply(Actor::Issuer, &redeem)),
        E::InsufficientUnfrozenBalance
    );
}

#[test]
fn roles_cannot_be_escalated() {
    let mut c = chain();
    // Only the admin grants, on the token and on the registry; roles do not cross contracts.
    for by in [Actor::Issuer, Actor::Agent, Actor::Pauser, Actor::Mallory] {
        let grant = Op::GrantRole {
            role: Role::Issuer,
            account: by,
        };
        assert_eq!(code_of(c.apply(by, &grant)), E::Unauthorized, "{by:?}");
        let grant = Op::GrantRole {
            role: Role::RegistryAgent,
            account: by,
        };
        assert_eq!(code_of(c.apply(by, &grant)), E::Unauthorized, "{by:?}");
    }
    // The admin holds no role it was not granted.
    let mint = Op::Mint {
        to: Actor::Alice,
        amount: 1.into(),
    };
    assert_eq!(code_of(c.apply(Actor::Admin, &mint)), E::Unauthorized);
    // Each role does only its own job.
    assert_eq!(code_of(c.apply(Actor::Issuer, &Op::Pause)), E::Unauthorized);
    let forced = Op::ForcedTransfer {
        from: Actor::Alice,
        to: Actor::Bob,
        amount: 1.into(),
    };
    assert_eq!(code_of(c.apply(Actor::Issuer, &forced)), E::Unauthorized);
    assert_eq!(code_of(c.apply(Actor::Pauser, &mint)), E::Unauthorized);
    let entry = RegistryMsg::Upsert {
        entries: vec![EntryInput {
            address: mallory(&c),
            status: InvestorStatus::Verified,
            jurisdiction: 276,
            kyc_expiry: u64::MAX,
        }],
    };
    assert_eq!(
        code_of(c.exec_registry(Actor::Issuer, &entry)),
        E::Unauthorized
    );
    // Only the proposed admin can accept; the token's admin is not the registry's.
    let propose = Op::ProposeAdmin {
        new: Some(Actor::Bob),
    };
    c.apply(Actor::Admin, &propose).unwrap();
    assert_eq!(
        code_of(c.apply(Actor::Mallory, &Op::AcceptAdmin)),
        E::NoPendingAdmin
    );
    c.apply(Actor::Bob, &Op::AcceptAdmin).unwrap();
    assert_eq!(
        code_of(c.exec_registry(
            Actor::Bob,
            &RegistryMsg::GrantRole {
                role: RegistryRole::RegistryAgent,
                account: mallory(&c),
            }
        )),
        E::Unauthorized
    );
    let has: bool = c.query(&QueryMsg::HasRole {
        role: TokenRole::Issuer,
        account: c.addr(Actor::Admin).to_string(),
    });
    assert!(!has);
}

#[test]
fn minting_cannot_overflow_the_cap() {
    let mut c = chain();
    for amount in [CAP, u128::MAX] {
        let mint = Op::Mint {
            to: Actor::Bob,
            amount: amount.into(),
        };
        assert_eq!(code_of(c.apply(Actor::Issuer, &mint)), E::CapExceeded);
    }
    c.mint(Actor::Bob, CAP - 1_000);
    assert_eq!(c.status().total_supply.u128(), CAP);
}

#[test]
fn addresses_must_be_valid_and_normalised() {
    let mut c = chain();
    let upper = c.addr(Actor::Bob).to_string().to_uppercase();
    for recipient in [upper.clone(), "not-an-address".into(), String::new()] {
        let msg = ExecuteMsg::Transfer {
            recipient: recipient.clone(),
            amount: Uint128::new(1),
        };
        assert_eq!(
            code_of(c.exec(Actor::Alice, &msg)),
            E::InvalidAddress,
            "{recipient:?}"
        );
        let alice = c.addr(Actor::Alice).to_string();
        assert_eq!(
            c.can_transfer_addr(&alice, &recipient, 1),
            E::InvalidAddress.code()
        );
    }
    // One investor cannot be registered under two spellings.
    let entry = RegistryMsg::Upsert {
        entries: vec![EntryInput {
            address: upper,
            status: InvestorStatus::Verified,
            jurisdiction: 276,
            kyc_expiry: u64::MAX,
        }],
    };
    assert_eq!(
        code_of(c.exec_registry(Actor::Agent, &entry)),
        E::InvalidAddress
    );
}

#[test]
fn registry_batches_are_all_or_nothing() {
    let mut c = chain();
    let good = EntryInput {
        address: c.addr(Actor::Carol).to_string(),
        status: InvestorStatus::Verified,
        jurisdiction: 276,
        kyc_expiry: u64::MAX,
    };
    let bad = EntryInput {
        address: mallory(&c),
        jurisdiction: 1000,
        ..good.clone()
    };
    let upsert = RegistryMsg::Upsert {
        entries: vec![good.clone(), bad],
    };
    assert_eq!(
        code_of(c.exec_registry(Actor::Agent, &upsert)),
        E::InvalidJurisdiction
    );
    assert_eq!(
        c.can_transfer(Actor::Alice, Actor::Carol, 1),
        E::RecipientNotVerified.code(),
        "the good entry was not written"
    );
    let too_many = RegistryMsg::Upsert {
        entries: vec![good; 101],
    };
    assert_eq!(
        code_of(c.exec_registry(Actor::Agent, &too_many)),
        E::MaxBatch
    );
    let remove = RegistryMsg::Remove {
        addresses: vec![c.addr(Actor::Bob).to_string(), mallory(&c)],
    };
    assert_eq!(
        code_of(c.exec_registry(Actor::Agent, &remove)),
        E::NotRegistered
    );
    assert_eq!(
        c.can_transfer(Actor::Alice, Actor::Bob, 1),
        0,
        "Bob kept his entry"
    );
}

#[test]
fn neither_contract_takes_funds() {
    let mut c = chain();
    let alice = c.addr(Actor::Alice);
    c.app
        .init_modules(|router, _, storage| {
            router.bank.init_balance(storage, &alice, coins(5, "uusd"))
        })
        .unwrap();
    let msg = ExecuteMsg::Transfer {
        recipient: c.addr(Actor::Bob).to_string(),
        amount: Uint128::new(1),
    };
    let err = c
        .app
        .execute_contract(alice.clone(), c.token.clone(), &msg, &coins(5, "uusd"))
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("does no accept funds"),
        "{err:?}"
    );
    let reg = RegistryMsg::Remove { addresses: vec![] };
    let err = c
        .app
        .execute_contract(alice, c.registry.clone(), &reg, &coins(5, "uusd"))
        .unwrap_err();
    assert!(
        format!("{err:?}").contains("does no accept funds"),
        "{err:?}"
    );
}

#[test]
fn invalid_metadata_is_refused_at_instantiation() {
    let mut c = chain();
    let code = c.app.store_code(common::token_contract());
    let admin = c.addr(Actor::Admin);
    let base = common::token_init(CAP, &c.registry);
    let cases = [
        cw_asset_token::msg::InstantiateMsg {
            name: String::new(),
            ..base.clone()
        },
        cw_asset_token::msg::InstantiateMsg {
            symbol: "S".repeat(17),
            ..base.clone()
        },
        cw_asset_token::msg::InstantiateMsg {
            decimals: 19,
            ..base.clone()
        },
        cw_asset_token::msg::InstantiateMsg {
            cap: Uint128::zero(),
            ..base.clone()
        },
        cw_asset_token::msg::InstantiateMsg {
            metadata_uri: "u".repeat(257),
            ..base.clone()
        },
        cw_asset_token::msg::InstantiateMsg {
            legal_document_hash: vec![1u8; 31].into(),
            ..base.clone()
        },
    ];
    for init in cases {
        let err = c
            .app
            .instantiate_contract(code, admin.clone(), &init, &[], "bad", None)
            .unwrap_err();
        assert_eq!(common::to_failure(err), common::failure(E::InvalidMetadata));
    }
    let meta = ExecuteMsg::SetMetadata {
        uri: "ipfs://v2".into(),
        legal_document_hash: vec![7u8; 32].into(),
    };
    assert_eq!(code_of(c.exec(Actor::Agent, &meta)), E::Unauthorized);
    c.exec(Actor::Admin, &meta).unwrap();
    assert_eq!(c.status().metadata_uri, "ipfs://v2");
}

/// The cw-payout contract, registered as an investor, receives the token with cw20 `Send` and
/// pays it on with cw20 `Transfer`s: each leg is a transfer with every check, so a leg to an
/// unregistered address fails the whole multi-send with the token's own reason.
#[test]
fn cw20_send_into_a_payout_contract_obeys_compliance_on_every_leg() {
    let mut c = chain();
    let code = c
        .app
        .store_code(Box::new(cw_multi_test::ContractWrapper::new(
            cw_payout::contract::execute,
            cw_payout::contract::instantiate,
            cw_payout::contract::query,
        )));
    let payout = c
        .app
        .instantiate_contract(
            code,
            c.addr(Actor::Admin),
            &cw_payout::msg::InstantiateMsg {},
            &[],
            "payout",
            None,
        )
        .unwrap();
    let batch = |recipients: Vec<&Addr>| {
        cw_payout::msg::ReceiveMsg::MultiSend(cw_payout::msg::MultiSendMsg {
            recipients: recipients.iter().map(|a| a.to_string()).collect(),
            amounts: vec![Uint128::new(10); recipients.len()],
            declared_total: Uint128::new(10 * recipients.len() as u128),
        })
    };
    let send = |msg| ExecuteMsg::Send {
        contract: payout.to_string(),
        amount: Uint128::new(20),
        msg: to_json_binary(&msg).unwrap(),
    };
    let (bob, mallory) = (c.addr(Actor::Bob), c.addr(Actor::Mallory));
    let carol = c.addr(Actor::Carol);
    // The payout contract itself must be an eligible investor to receive.
    assert_eq!(
        code_of(c.exec(Actor::Alice, &send(batch(vec![&bob, &carol])))),
        E::RecipientNotVerified
    );
    c.exec_registry(
        Actor::Agent,
        &RegistryMsg::Upsert {
            entries: vec![EntryInput {
                address: payout.to_string(),
                status: InvestorStatus::Verified,
                jurisdiction: 276,
                kyc_expiry: u64::MAX,
            }],
        },
    )
    .unwrap();
    c.register(&[Actor::Carol], 276);
    assert_eq!(
        code_of(c.exec(Actor::Alice, &send(batch(vec![&bob, &mallory])))),
        E::RecipientNotVerified
    );
    assert_eq!(
        c.account(&bob).balance.u128(),
        0,
        "the whole multi-send reverted"
    );
    c.exec(Actor::Alice, &send(batch(vec![&bob, &carol])))
        .unwrap();
    assert_eq!(c.account(&bob).balance.u128(), 10);
    assert_eq!(c.account(&carol).balance.u128(), 10);
    assert_eq!(c.account(&payout).balance.u128(), 0);
    assert_eq!(c.status().holders, 3);
}

/// The token reads its registry's entries raw (`docs/spec/whitelist.md`, CosmWasm). A token
/// instantiated with a contract that is not a registry finds no entry for anyone and refuses
/// every movement that needs one (fail safe), rather than failing open or trusting whatever
/// that contract answers.
#[test]
fn a_token_whose_registry_is_not_a_registry_lets_no_one_receive() {
    let mut c = chain();
    let code = c.app.store_code(common::token_contract());
    let admin = c.addr(Actor::Admin);
    let not_a_registry = c.token.clone();
    let init = common::token_init(CAP, &not_a_registry);
    let token = c
        .app
        .instantiate_contract(code, admin.clone(), &init, &[], "misbound", None)
        .unwrap();
    let grant = ExecuteMsg::GrantRole {
        role: TokenRole::Issuer,
        account: admin.to_string(),
    };
    c.app
        .execute_contract(admin.clone(), token.clone(), &grant, &[])
        .unwrap();
    let alice = c.addr(Actor::Alice).to_string();
    let mint = ExecuteMsg::Mint {
        recipient: alice.clone(),
        amount: Uint128::new(10),
    };
    let refused = c
        .app
        .execute_contract(admin, token.clone(), &mint, &[])
        .map_err(common::to_failure);
    assert_eq!(code_of(refused), E::RecipientNotVerified);
    // The same investor is verified in the real registry, and the first token mints to her.
    c.mint(Actor::Alice, 10);
}
