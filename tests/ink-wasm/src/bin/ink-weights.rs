//! Prints the pallet-contracts weight of each ink! escrow and payout operation, and of a plain
//! PSP22 transfer in the same run (the peer), as JSON lines for `scripts/bench`.

use tokenrail_devnet::ink::sandbox::ink_sandbox::AccountId32;
use tokenrail_devnet::ink::sandbox::{read_artifact, CallOutcome, Chain};

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
    payout_weights(&mut chain, &token, &admin, &depositor);
    asset_token_weights(&mut chain, &admin);
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

/// Payout operations: PSP22 and native multi-sends of 1, 10 and 25 recipients (all new
/// holders), a 1,024-leaf distribution, two claims and a clawback.
fn payout_weights(
    chain: &mut Chain,
    token: &AccountId32,
    admin: &AccountId32,
    funder: &AccountId32,
) {
    use tokenrail_core::merkle::{Blake2b256, MerkleTree};
    use tokenrail_core::payout::leaf;

    let (payout, deploy_weight) = chain.deploy(read_artifact("ink_payout"), "new", (), admin);
    println!(
        "{{\"contract\":\"ink\",\"op\":\"payout deploy\",\"ref_time\":{},\"proof_size\":{}}}",
        deploy_weight.ref_time(),
        deploy_weight.proof_size()
    );
    let approve = chain.call(
        token,
        "PSP22::approve",
        (payout.clone(), u128::MAX),
        funder,
        0,
    );
    assert!(!approve.reverted);
    chain.mint_native(funder, 1_000_000_000);
    let mut next = 100u8;
    for n in [1usize, 10, 25] {
        for native in [false, true] {
            // Fresh 32-byte accounts that hold nothing yet.
            let recipients: Vec<AccountId32> = (0..n)
                .map(|i| {
                    let mut id = [next; 32];
                    id[..8].copy_from_slice(&(i as u64).to_be_bytes());
                    AccountId32::new(id)
                })
                .collect();
            next += 1;
            // Native legs must reach the existential deposit of a new account.
            let amount = if native { 1_000_000u128 } else { 10 };
            let asset = if native { None } else { Some(token.clone()) };
            let total = amount * n as u128;
            let value = if native { total } else { 0 };
            let args = (asset, recipients, vec![amount; n], total);
            let out = chain.call(&payout, "multisend", args, funder, value);
            let r: Result<(), u8> = out.value();
            assert_eq!(r, Ok(()), "multisend");
            let kind = if native { "native" } else { "PSP22" };
            let holders = if n == 1 { "holder" } else { "holders" };
            report(
                &format!("payout multisend ({kind}, {n} new {holders})"),
                &out,
            );
        }
    }
    let me: [u8; 32] = *payout.as_ref();
    let holders: Vec<[u8; 32]> = (0..1024u32)
        .map(|i| {
            let mut id = [200u8; 32];
            id[..4].copy_from_slice(&i.to_be_bytes());
            id
        })
        .collect();
    let leaves: Vec<[u8; 32]> = holders
        .iter()
        .enumerate()
        .map(|(i, h)| leaf::ink(&me, 1, i as u32, h, 10))
        .collect();
    let tree = MerkleTree::<Blake2b256>::new(&leaves).unwrap();
    let args = (
        Some(token.clone()),
        tree.root(),
        1024 * 10u128,
        T0,
        T0 + 1000,
        admin.clone(),
    );
    let out = chain.call(&payout, "create_distribution", args, funder, 0);
    report("payout create distribution (PSP22)", &out);
    for (i, what) in [(0usize, "new bitmap word"), (1, "same bitmap word")] {
        let args = (
            1u64,
            i as u32,
            AccountId32::new(holders[i]),
            10u128,
            tree.proof(i),
        );
        let out = chain.call(&payout, "claim", args, admin, 0);
        let r: Result<(), u8> = out.value();
        assert_eq!(r, Ok(()), "claim");
        report(&format!("payout claim (PSP22, 1,024 leaves, {what})"), &out);
    }
    chain.set_timestamp_ms((T0 + 1000) * 1000);
    let out = chain.call(&payout, "clawback", 1u64, admin, 0);
    report("payout clawback (PSP22)", &out);
    chain.set_timestamp_ms(T0 * 1000);
}

/// The asset token: a PSP22 transfer between two verified investors who both hold the token
/// (pause, freezes, lock-up, both registry entries in one cross-contract call, rules).
fn asset_token_weights(chain: &mut Chain, admin: &AccountId32) {
    use tokenrail_devnet::ink::sandbox::{deploy_asset_token, roles};
    let (registry, token) = deploy_asset_token(chain, admin, 1_000_000_000);
    let (alice, bob) = (chain.account(20), chain.account(21));
    let ok = |out: &CallOutcome| {
        let r: Result<(), u8> = out.value();
        assert_eq!(r, Ok(()));
    };
    ok(&chain.call(
        &registry,
        "set_role",
        (roles::REGISTRY_AGENT, admin.clone(), true),
        admin,
        0,
    ));
    ok(&chain.call(
        &token,
        "set_role",
        (roles::ISSUER, admin.clone(), true),
        admin,
        0,
    ));
    let entry = (0u8, 276u16, T0 + 1_000_000);
    let entries = vec![(alice.clone(), entry), (bob.clone(), entry)];
    ok(&chain.call(&registry, "upsert", entries, admin, 0));
    for who in [&alice, &bob] {
        ok(&chain.call(&token, "mint", (who.clone(), 1_000u128), admin, 0));
    }
    let out = chain.call(
        &token,
        "PSP22::transfer",
        (bob.clone(), 10u128, Vec::<u8>::new()),
        &alice,
        0,
    );
    let r: Result<(), tokenrail_devnet::ink::sandbox::Psp22Error> = out.value();
    assert!(r.is_ok(), "whitelisted transfer: {r:?}");
    report("token whitelisted transfer (both hold)", &out);
}
