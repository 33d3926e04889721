//! Writes the payout JSON schema (`scripts/gen-bindings`, or `cargo run -p cw-payout --bin cw-payout-schema`).
use cosmwasm_schema::write_api;
use cw_payout::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
