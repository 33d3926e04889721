//! Writes the asset token JSON schema (`scripts/gen-bindings`, or `cargo run -p cw-asset-token --bin cw-asset-token-schema`).
use cosmwasm_schema::write_api;
use cw_asset_token::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
