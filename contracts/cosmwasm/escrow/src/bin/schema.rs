//! Writes the escrow JSON schema (`scripts/gen-bindings`, or `cargo run -p cw-escrow --bin cw-escrow-schema`).
use cosmwasm_schema::write_api;
use cw_escrow::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
