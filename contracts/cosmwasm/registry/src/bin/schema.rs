//! Writes the registry JSON schema (`scripts/gen-bindings`, or `cargo run -p cw-registry --bin cw-registry-schema`).
use cosmwasm_schema::write_api;
use cw_registry::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
