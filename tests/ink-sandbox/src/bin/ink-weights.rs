//! Prints the pallet-contracts weight of each ink! escrow operation, and of a plain PSP22
//! transfer in the same run (the peer), as JSON lines for `scripts/bench`.

use tokenrail_ink_sandbox_tests::ink_sandbox::AccountId32;
use tokenrail_ink_sandbox_tests::{read_artifact, CallOutcome, Chain};

const T0: u64 = 1_700_000_000;

fn report(op: &str, out: &CallOutcome) {
    assert!(!out.reverted, "{op} reverted");
    println!(
        "{{\"contract\":\"ink\",\"op\":\"{op}\",\"ref_time\":{},\"proof_size\":{}}}",
        out.weight.ref_time(),
        out.weight.proof_size()
    );
}

fn main() {
    let mut chain = Chain::new();
    let admin = chain.account(9);
    let depositor = chain.account(0);
    let beneficiary = chain.account(1);
    let arbiter = chain.account(2);
    chain.set_timestamp_ms(T0 * 1000);
    let (escrow, deploy_weight) = chain.deploy(read_artifact("ink_escrow"), "new", (), &admin);
    println!(
        "{{\"contract\":\"ink\",\"op\":\"escrow deploy\",\"ref_time\":{},\"proof_size\":{}}}",
        deploy_weight.ref_time(),
        deploy_weight.proof_size()
    );
    let (token, _) = chain.deploy(
        read_artifact("ink_psp22_token"),
        "new",
        1_000_000u128,
        &admin,
    );
    let fund = chain.call(
        &token,
        "PSP22::transfer",
        (depositor.clone(), 100_000u128, Vec::<u8>::new()),
        &admin,
        0,
    );
    assert!(!fund.reverted);
    // The beneficiary already holds tokens, as in the EVM rows.
    let seed = chain.call(
        &token,
        "PSP22::transfer",
        (beneficiary.clone(), 1u128, Vec::<u8>::new()),
        &admin,
        0,
    );
    assert!(!seed.reverted);
    let approve = chain.call(
        &token,
        "PSP22::approve",
        (escrow.clone(), u128::MAX),
        &depositor,
        0,
    );
    assert!(!approve.reverted);

    let create = |chain: &mut Chain, n: usize, token: Option<AccountId32>, value: u128| {
        let args = (
            token,
            beneficiary.clone(),
            Some(arbiter.clone()),
            vec![1_000u128; n],
            T0 + 1000,
        );
        chain.call(&escrow, "create", args, &depositor, value)
    };
    report(
        "escrow create (PSP22, 2 milestones)",
        &create(&mut chain, 2, Some(token.clone()), 0),
    );
    report(
        "escrow create (PSP22, 16 milestones)",
        &create(&mut chain, 16, Some(token.clone()), 0),
    );
    report(
        "escrow create (native, 2 milestones)",
        &create(&mut chain, 2, None, 2_000),
    );
    report(
        "escrow release (PSP22)",
        &chain.call(&escrow, "release", (1u64, 0u32), &depositor, 0),
    );
    report(
        "escrow release (native)",
        &chain.call(&escrow, "release", (3u64, 0u32), &depositor, 0),
    );
    report(
        "escrow cancel (PSP22)",
        &chain.call(&escrow, "cancel", 2u64, &beneficiary, 0),
    );
    report(
        "escrow refund (PSP22, arbiter)",
        &chain.call(&escrow, "refund", 1u64, &arbiter, 0),
    );
    report(
        "peer: PSP22 transfer",
        &chain.call(
            &token,
            "PSP22::transfer",
            (beneficiary.clone(), 10u128, Vec::<u8>::new()),
            &depositor,
            0,
        ),
    );
}
