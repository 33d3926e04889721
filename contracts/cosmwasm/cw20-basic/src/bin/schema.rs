//! Writes the cw20-basic JSON schema (`scripts/gen-bindings`, or `cargo run -p cw20-basic --bin cw20-basic-schema`).
use cosmwasm_schema::write_api;
use cw20_basic::msg::{Cw20ExecuteMsg, Cw20QueryMsg, InstantiateMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: Cw20ExecuteMsg,
        query: Cw20QueryMsg,
    }
}
