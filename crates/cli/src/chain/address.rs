//! How each chain family spells its accounts, for flags, records and output: one parser per
//! family (the planner's, which the holders files use too), with the endpoint's account prefix
//! where the family has one.

use tokenrail_planner::address::{eip55, ss58_encode};
use tokenrail_planner::Chain;

/// How a chain spells its addresses.
pub trait ChainAddress: Sized + Clone + PartialEq {
    /// Parses the chain's own spelling.
    fn parse(text: &str) -> Result<Self, String>;
    /// Parses the spelling of an endpoint whose account prefix is `prefix` (where the chain
    /// family has one: a bech32 prefix on Cosmos, an SS58 format on ink!).
    fn parse_with(text: &str, _prefix: Option<&str>) -> Result<Self, String> {
        Self::parse(text)
    }
    /// The canonical spelling.
    fn show(&self) -> String;
    /// The spelling on an endpoint whose account prefix is `prefix` (see [`Self::parse_with`]).
    fn show_with(&self, _prefix: Option<&str>) -> String {
        self.show()
    }
}

impl ChainAddress for alloy::primitives::Address {
    fn parse(text: &str) -> Result<Self, String> {
        let a = Chain::Evm.parse_address(text).map_err(|e| e.to_string())?;
        Ok(Self::from_slice(&a.bytes))
    }
    fn show(&self) -> String {
        eip55(&self.0 .0)
    }
}

impl ChainAddress for tokenrail_sdk::solana::Pubkey {
    fn parse(text: &str) -> Result<Self, String> {
        let a = Chain::Solana
            .parse_address(text)
            .map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = a.bytes.try_into().map_err(|_| "not 32 bytes".to_string())?;
        Ok(Self::new_from_array(bytes))
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

impl ChainAddress for tokenrail_sdk::cosmwasm::Addr {
    fn parse(text: &str) -> Result<Self, String> {
        Self::parse_with(text, None)
    }
    fn parse_with(text: &str, prefix: Option<&str>) -> Result<Self, String> {
        let chain = Chain::Cosmwasm {
            prefix: prefix.unwrap_or("cosmwasm").into(),
        };
        let a = chain.parse_address(text).map_err(|e| e.to_string())?;
        Ok(Self::unchecked(a.canonical))
    }
    fn show(&self) -> String {
        self.to_string()
    }
}

/// The SS58 format of ink! accounts where a chain names none: the generic substrate format.
const GENERIC_SS58: u16 = 42;

/// An SS58 format given as text (a deployment's recorded `ss58_prefix`).
pub fn ss58_format(prefix: Option<&str>) -> Result<u16, String> {
    prefix.map_or(Ok(GENERIC_SS58), |p| {
        p.parse()
            .map_err(|_| format!("`{p}` is not an SS58 format (0 to 16383)"))
    })
}

impl ChainAddress for tokenrail_sdk::ink::AccountId32 {
    fn parse(text: &str) -> Result<Self, String> {
        Self::parse_with(text, None)
    }
    fn parse_with(text: &str, prefix: Option<&str>) -> Result<Self, String> {
        let a = Chain::Ink {
            ss58_prefix: ss58_format(prefix)?,
        }
        .parse_address(text)
        .map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = a.bytes.try_into().map_err(|_| "not 32 bytes".to_string())?;
        Ok(Self::new(bytes))
    }
    fn show(&self) -> String {
        ss58_encode(self.as_ref(), GENERIC_SS58)
    }
    fn show_with(&self, prefix: Option<&str>) -> String {
        ss58_encode(self.as_ref(), ss58_format(prefix).unwrap_or(GENERIC_SS58))
    }
}
