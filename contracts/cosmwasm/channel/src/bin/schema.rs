//! Writes the channel JSON schema (`scripts/gen-bindings`, or `cargo run -p cw-channel --bin cw-channel-schema`).
use cosmwasm_schema::write_api;
use cw_channel::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
