//! Writes the escrow JSON schema (`cargo run -p cw-escrow --bin schema`).
use cosmwasm_schema::write_api;
use cw_escrow::msg::{ExecuteMsg, InstantiateMsg, QueryMsg};

fn main() {
    write_api! {
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
    }
}
