//! Every escrow, payout and channel entry point, and the asset token with its registry, executes
//! in the real VM with the optimised artifacts.

use tokenrail_cosmwasm_vm::{
    asset_token_transfer_gas, channel_walkthrough, cw20_transfer_gas, escrow_walkthrough,
    payout_walkthrough, read_artifact,
};

#[test]
fn escrow_entry_points_run_in_cosmwasm_vm() {
    let ms = escrow_walkthrough(&read_artifact("cw_escrow"));
    assert!(ms.len() >= 9, "every entry point measured");
    for m in &ms {
        assert!(m.gas.vm > 0, "{} used no gas", m.op);
    }
    let two = ms
        .iter()
        .find(|m| m.op == "create (native, 2 milestones)")
        .unwrap();
    let sixteen = ms
        .iter()
        .find(|m| m.op == "create (native, 16 milestones)")
        .unwrap();
    assert!(sixteen.gas.vm > two.gas.vm, "more milestones cost more gas");
}

#[test]
fn cw20_token_runs_in_cosmwasm_vm() {
    assert!(cw20_transfer_gas(&read_artifact("cw20_basic")).vm > 0);
}

#[test]
fn payout_entry_points_run_in_cosmwasm_vm() {
    let ms = payout_walkthrough(&read_artifact("cw_payout"));
    assert_eq!(ms.len(), 10, "every entry point measured");
    let gas = |op: &str| ms.iter().find(|m| m.op == op).unwrap().gas.vm;
    assert!(gas("native, 100 recipients") > gas("native, 10 recipients"));
    assert!(gas("cw20 hook, 100 recipients") > gas("cw20 hook, 10 recipients"));
    assert!(gas("claim (1,024 leaves, new bitmap word)") > 0);
}

#[test]
fn asset_token_runs_against_the_registry_in_cosmwasm_vm() {
    let gas = asset_token_transfer_gas(
        &read_artifact("cw_asset_token"),
        &read_artifact("cw_registry"),
    );
    assert!(gas.token.vm > 0);
    assert_eq!(
        gas.registry_reads, 2,
        "the transfer read both parties' entries from the registry's storage"
    );
}

#[test]
fn channel_entry_points_run_in_cosmwasm_vm() {
    let ms = channel_walkthrough(&read_artifact("cw_channel"));
    assert_eq!(ms.len(), 7, "every entry point measured");
    for m in &ms {
        assert!(m.gas.vm > 0, "{} used no gas", m.op);
    }
}
