//! CosmWasm-specific attack and edge tests: address normalisation, wrong or missing funds,
//! forged cw20 hooks, and the numbered error codes.

mod common;

use common::{AssetKind, Chain, DENOM, T0};
use cosmwasm_std::{coin, coins, to_json_binary, Uint128};
use cw20_basic::Cw20ReceiveMsg;
use cw_escrow::msg::{Asset, CreateMsg, ExecuteMsg, ReceiveMsg};
use tokenrail_core::escrow::EscrowError;
use tokenrail_core::vectors::escrow::Failure;
use tokenrail_core::vectors::Actor::{Arbiter, Beneficiary, Depositor, Stranger};

fn create_msg(chain: &Chain, beneficiary: String) -> CreateMsg {
    CreateMsg {
        beneficiary,
        arbiter: Some(chain.addr(Arbiter).to_string()),
        milestones: vec![Uint128::new(100), Uint128::new(200)],
        deadline: T0 + 1000,
    }
}

#[test]
fn unnormalised_addresses_are_rejected() {
    let mut chain = Chain::new(AssetKind::Native, &[(Depositor, 1000)]);
    let upper = chain.addr(Beneficiary).to_string().to_uppercase();
    let msg = create_msg(&chain, upper);
    let err = chain
        .exec_with(Depositor, &ExecuteMsg::Create(msg), &coins(300, DENOM))
        .unwrap_err();
    assert_eq!(err, Failure::Spec(EscrowError::InvalidAddress));

    // The arbiter spelled differently must not slip past the party-equality check either.
    let mut msg = create_msg(&chain, chain.addr(Beneficiary).to_string());
    msg.arbiter = Some(format!(" {}", chain.addr(Arbiter)));
    let err = chain
        .exec_with(Depositor, &ExecuteMsg::Create(msg), &coins(300, DENOM))
        .unwrap_err();
    assert_eq!(err, Failure::Spec(EscrowError::InvalidAddress));

    let msg = create_msg(&chain, "not-an-address".into());
    let err = chain
        .exec_with(Depositor, &ExecuteMsg::Create(msg), &coins(300, DENOM))
        .unwrap_err();
    assert_eq!(err, Failure::Spec(EscrowError::InvalidAddress));
    assert_eq!(
        chain.balance_of(&chain.addr(Depositor)),
        1000,
        "nothing moved"
    );
}

#[test]
fn native_funds_must_match_exactly_one_denom() {
    let mut chain = Chain::new(AssetKind::Native, &[(Depositor, 1000)]);
    let depositor = chain.addr(Depositor);
    chain
        .app
        .init_modules(|router, _, storage| {
            router.bank.init_balance(
                storage,
                &depositor,
                vec![coin(1000, DENOM), coin(1000, "uother")],
            )
        })
        .unwrap();
    let ben = chain.addr(Beneficiary).to_string();
    let cases: Vec<(Vec<cosmwasm_std::Coin>, EscrowError)> = vec![
        (vec![], EscrowError::FundsMismatch),
        (coins(299, DENOM), EscrowError::FundsMismatch),
        (coins(301, DENOM), EscrowError::FundsMismatch),
        (
            vec![coin(150, DENOM), coin(150, "uother")],
            EscrowError::WrongAsset,
        ),
    ];
    for (funds, want) in cases {
        let msg = ExecuteMsg::Create(create_msg(&chain, ben.clone()));
        let err = chain.exec_with(Depositor, &msg, &funds).unwrap_err();
        assert_eq!(err, Failure::Spec(want), "funds {funds:?}");
    }
    assert_eq!(chain.balance_of(&chain.addr(Depositor)), 1000);
}

#[test]
fn funds_on_other_messages_are_refused() {
    let mut chain = Chain::new(AssetKind::Native, &[(Depositor, 1000)]);
    let ben = chain.addr(Beneficiary).to_string();
    let id = chain.create(Depositor, create_msg(&chain, ben)).unwrap();
    let err = chain
        .exec_with(
            Depositor,
            &ExecuteMsg::Release { id, milestone: 0 },
            &coins(1, DENOM),
        )
        .unwrap_err();
    assert_eq!(err, Failure::Spec(EscrowError::WrongAsset));
}

#[test]
fn forged_cw20_hook_cannot_touch_real_custody() {
    let mut chain = Chain::new(AssetKind::Cw20, &[(Depositor, 1000)]);
    let ben = chain.addr(Beneficiary).to_string();
    let real = chain
        .create(Depositor, create_msg(&chain, ben.clone()))
        .unwrap();
    assert_eq!(chain.balance_of(&chain.escrow.clone()), 300);

    // A stranger calls the hook directly, claiming to have sent 300 tokens.
    let forged = ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: chain.addr(Stranger).to_string(),
        amount: Uint128::new(300),
        msg: to_json_binary(&ReceiveMsg::Create(create_msg(&chain, ben))).unwrap(),
    });
    let res = chain.exec(Stranger, &forged).unwrap();
    let fake = common::created_id(&res);
    // The forged escrow is denominated in the forger's "token", never in the real one.
    assert_eq!(
        chain.escrow(fake).asset,
        Asset::Cw20 {
            address: chain.addr(Stranger)
        }
    );
    // Releasing it cannot pay out real tokens: the payout goes to the forger's address, which is
    // no contract, so the whole release fails and custody is untouched.
    assert!(chain
        .exec(
            Stranger,
            &ExecuteMsg::Release {
                id: fake,
                milestone: 0
            }
        )
        .is_err());
    assert_eq!(chain.balance_of(&chain.escrow.clone()), 300);
    assert_eq!(chain.escrow(real).released, Uint128::zero());
}

#[test]
fn cw20_amount_must_match_total() {
    let mut chain = Chain::new(AssetKind::Cw20, &[(Depositor, 1000)]);
    let ben = chain.addr(Beneficiary).to_string();
    let msg = create_msg(&chain, ben);
    let err = chain
        .app
        .execute_contract(
            chain.addr(Depositor),
            chain.token.clone(),
            &cw20_basic::Cw20ExecuteMsg::Send {
                contract: chain.escrow.to_string(),
                amount: Uint128::new(299),
                msg: to_json_binary(&ReceiveMsg::Create(msg)).unwrap(),
            },
            &[],
        )
        .map_err(common::to_failure)
        .unwrap_err();
    assert_eq!(err, Failure::Spec(EscrowError::FundsMismatch));
    assert_eq!(
        chain.balance_of(&chain.addr(Depositor)),
        1000,
        "send rolled back"
    );
}

use cw_multi_test::Executor;
