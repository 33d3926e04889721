//! Prints the gas of every escrow, payout and channel entry point, of an asset-token transfer, and of a
//! cw20 transfer, as JSON lines (used by `scripts/bench`).

use tokenrail_cosmwasm_vm::{
    asset_token_transfer_gas, channel_walkthrough, cw20_transfer_gas, escrow_walkthrough,
    payout_walkthrough, read_artifact,
};

fn main() {
    let escrow = read_artifact("cw_escrow");
    for m in escrow_walkthrough(&escrow) {
        println!(
            "{}",
            serde_json::json!({"contract": "cw_escrow", "op": m.op, "vm_gas": m.gas.vm})
        );
    }
    let payout = read_artifact("cw_payout");
    for m in payout_walkthrough(&payout) {
        println!(
            "{}",
            serde_json::json!({"contract": "cw_payout", "op": m.op, "vm_gas": m.gas.vm})
        );
    }
    for m in channel_walkthrough(&read_artifact("cw_channel")) {
        println!(
            "{}",
            serde_json::json!({"contract": "cw_channel", "op": m.op, "vm_gas": m.gas.vm})
        );
    }
    let token = read_artifact("cw20_basic");
    let gas = cw20_transfer_gas(&token);
    println!(
        "{}",
        serde_json::json!({"contract": "cw20_basic", "op": "transfer (peer)", "vm_gas": gas.vm})
    );
    let asset = asset_token_transfer_gas(
        &read_artifact("cw_asset_token"),
        &read_artifact("cw_registry"),
    );
    println!(
        "{}",
        serde_json::json!({"contract": "cw_asset_token", "op": "whitelisted transfer", "vm_gas": asset.token.vm})
    );
    println!(
        "{}",
        serde_json::json!({"contract": "cw_registry", "op": "raw entry reads", "reads": asset.registry_reads})
    );
}
