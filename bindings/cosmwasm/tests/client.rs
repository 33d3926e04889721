//! The typed client drives the real contracts on cw-multi-test: every message below is built by
//! [`Contract`] from the bindings' message types, every query decodes into the response type
//! the contract names, and a refusal's error text yields the spec's numbered code.

use cosmwasm_std::{coins, Addr, Uint128};
use cw_multi_test::{ContractWrapper, Executor};
use tokenrail_core::escrow::EscrowError;
use tokenrail_cosmwasm::escrow::{CreateMsg, EscrowResponse, EscrowStatus, ExecuteMsg, QueryMsg};
use tokenrail_cosmwasm::{spec_error, Contract, Escrow, SpecError};
use tokenrail_devnet::cosmwasm::app::{boot, AssetKind, DENOM};

#[test]
fn escrow_through_the_typed_client() {
    let names = ["depositor".to_string(), "beneficiary".to_string()];
    let code = Box::new(ContractWrapper::new(
        cw_escrow::contract::execute,
        cw_escrow::contract::instantiate,
        cw_escrow::contract::query,
    ));
    let init = tokenrail_cosmwasm::escrow::InstantiateMsg {};
    let mut booted = boot(AssetKind::Native, &names, &[(0usize, 1_000)], code, &init);
    let (depositor, beneficiary) = (booted.actors[0].clone(), booted.actors[1].clone());
    let escrow: Contract<Escrow> = Contract::new(booted.contract.clone());
    let app = &mut booted.app;

    let create = ExecuteMsg::Create(CreateMsg {
        beneficiary: beneficiary.to_string(),
        arbiter: None,
        milestones: vec![Uint128::new(300), Uint128::new(200)],
        deadline: tokenrail_devnet::cosmwasm::app::T0 + 86_400,
    });
    app.execute(
        depositor.clone(),
        escrow.execute(&create, coins(500, DENOM)).unwrap(),
    )
    .expect("create");
    for milestone in 0..2 {
        let release = ExecuteMsg::Release { id: 1, milestone };
        app.execute(depositor.clone(), escrow.execute(&release, vec![]).unwrap())
            .expect("release");
    }
    let state: EscrowResponse = escrow
        .query(&app.wrap(), &QueryMsg::Escrow { id: 1 })
        .expect("the escrow query decodes");
    assert_eq!(state.status, EscrowStatus::Completed);
    assert_eq!(state.released, Uint128::new(500));
    assert_eq!(state.beneficiary, beneficiary);
    let paid = app
        .wrap()
        .query_balance(&beneficiary, DENOM)
        .unwrap()
        .amount;
    assert_eq!(paid.to_string(), "500", "the beneficiary was paid");

    // Refusals carry the spec code.
    let again = ExecuteMsg::Release {
        id: 1,
        milestone: 2,
    };
    let err = app
        .execute(depositor.clone(), escrow.execute(&again, vec![]).unwrap())
        .expect_err("a completed escrow refuses");
    assert_eq!(
        spec_error(&format!("{err:?}")),
        Some(SpecError::Escrow(EscrowError::NotActive))
    );
    let stranger = Addr::unchecked("stranger");
    let missing = ExecuteMsg::Release {
        id: 9,
        milestone: 0,
    };
    let err = app
        .execute(stranger, escrow.execute(&missing, vec![]).unwrap())
        .expect_err("no such escrow");
    assert_eq!(
        spec_error(&format!("{err:?}")),
        Some(SpecError::Escrow(EscrowError::EscrowNotFound))
    );
}

#[test]
fn spec_errors_are_read_only_from_well_formed_tags() {
    use tokenrail_core::token::TokenError;
    assert_eq!(
        spec_error("Generic error: [token:12 RecipientNotVerified] bob"),
        Some(SpecError::Token(TokenError::RecipientNotVerified))
    );
    assert_eq!(
        spec_error("[token:12 Paused]"),
        None,
        "name and code disagree"
    );
    assert_eq!(spec_error("out of gas"), None);
}
