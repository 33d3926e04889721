//! cw20 messages, wire-compatible with cw-plus `cw20`.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{to_json_binary, Binary, CosmosMsg, StdResult, Uint128, WasmMsg};

/// An initial balance.
#[cw_serde]
pub struct Cw20Coin {
    /// Holder address.
    pub address: String,
    /// Balance in base units.
    pub amount: Uint128,
}

/// Instantiates the token.
#[cw_serde]
pub struct InstantiateMsg {
    /// Token name.
    pub name: String,
    /// Ticker symbol.
    pub symbol: String,
    /// Decimal places for display.
    pub decimals: u8,
    /// Balances minted at instantiation.
    pub initial_balances: Vec<Cw20Coin>,
}

/// The cw20 execute messages this token supports.
#[cw_serde]
pub enum Cw20ExecuteMsg {
    /// Moves `amount` from the sender to `recipient`.
    Transfer {
        /// Receiver.
        recipient: String,
        /// Base units.
        amount: Uint128,
    },
    /// Moves `amount` to `contract` and calls its `Receive` hook with `msg`.
    Send {
        /// Receiving contract.
        contract: String,
        /// Base units.
        amount: Uint128,
        /// Payload for the receiver.
        msg: Binary,
    },
    /// Destroys `amount` of the sender's tokens.
    Burn {
        /// Base units.
        amount: Uint128,
    },
}

/// The hook a contract receives from `Send`, wrapped as `{"receive": …}`.
#[cw_serde]
pub struct Cw20ReceiveMsg {
    /// The account that called `Send`.
    pub sender: String,
    /// Amount moved to the receiving contract.
    pub amount: Uint128,
    /// The sender's payload.
    pub msg: Binary,
}

impl Cw20ReceiveMsg {
    /// Wraps the hook in the receiver's `ExecuteMsg::Receive` JSON.
    pub fn into_cosmos_msg(self, contract_addr: impl Into<String>) -> StdResult<CosmosMsg> {
        #[cw_serde]
        enum ReceiverExecuteMsg {
            Receive(Cw20ReceiveMsg),
        }
        Ok(WasmMsg::Execute {
            contract_addr: contract_addr.into(),
            msg: to_json_binary(&ReceiverExecuteMsg::Receive(self))?,
            funds: vec![],
        }
        .into())
    }
}

/// cw20 queries.
#[cw_serde]
#[derive(QueryResponses)]
pub enum Cw20QueryMsg {
    /// Balance of `address`.
    #[returns(BalanceResponse)]
    Balance {
        /// Holder.
        address: String,
    },
    /// Name, symbol, decimals and supply.
    #[returns(TokenInfoResponse)]
    TokenInfo {},
}

/// Answer to [`Cw20QueryMsg::Balance`].
#[cw_serde]
pub struct BalanceResponse {
    /// Balance in base units.
    pub balance: Uint128,
}

/// Answer to [`Cw20QueryMsg::TokenInfo`].
#[cw_serde]
pub struct TokenInfoResponse {
    /// Token name.
    pub name: String,
    /// Ticker symbol.
    pub symbol: String,
    /// Decimal places.
    pub decimals: u8,
    /// Tokens in existence.
    pub total_supply: Uint128,
}
