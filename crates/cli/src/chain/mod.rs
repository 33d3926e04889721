//! What the CLI knows of a chain family, below every target and the session: the family's
//! clients and handles ([`family`]), how it spells accounts ([`address`]), what a command asks
//! ([`ops`]) and what is recorded between commands ([`record`]).

pub mod address;
pub mod family;
pub mod ops;
pub mod record;

/// The family's `--chain` spelling.
pub fn chain_name(chain: ChainArg) -> &'static str {
    match chain {
        ChainArg::Evm => "evm",
        ChainArg::Solana => "solana",
        ChainArg::Cosmwasm => "cosmwasm",
        ChainArg::Ink => "ink",
    }
}

/// The family's name in messages.
pub fn chain_title(chain: ChainArg) -> &'static str {
    match chain {
        ChainArg::Evm => "EVM",
        ChainArg::Solana => "Solana",
        ChainArg::Cosmwasm => "CosmWasm",
        ChainArg::Ink => "ink!",
    }
}

/// A chain family, as flags and channel message files name it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ChainArg {
    /// An EVM chain.
    Evm,
    /// Solana.
    Solana,
    /// A Cosmos chain with CosmWasm.
    Cosmwasm,
    /// A Substrate chain with pallet-contracts (ink!).
    Ink,
}
