//! What the CLI needs to know about one chain family, in one place: its SDK clients, how it
//! issues the token, and how the handles a session creates (escrows, distributions, channels) are
//! written into a record and read back. Every target (the devnet, each endpoint) and the session
//! are generic over it.

use serde_json::Value;
use tokenrail_sdk::{
    ChannelClient, ClientError, Clock, EscrowClient, PayoutClient, Suite, TokenClient, TokenError,
    TokenTerms,
};

use super::address::ChainAddress;
use crate::chain::ChainArg;

/// One chain family's four clients on one chain, with its signers.
pub type Dn<F> = Suite<
    <F as Family>::Token,
    <F as Family>::Escrow,
    <F as Family>::Payout,
    <F as Family>::Channel,
    <F as Family>::Signer,
    <F as Family>::Party,
>;
/// A family's escrow handle.
pub type EscrowRef<F> = <<F as Family>::Escrow as EscrowClient>::EscrowRef;
/// A family's distribution handle.
pub type Distribution<F> = <<F as Family>::Payout as PayoutClient>::Distribution;
/// A family's channel handle.
pub type ChannelRef<F> = <<F as Family>::Channel as ChannelClient>::ChannelRef;

/// A chain family as the CLI drives it.
pub trait Family: Sized + 'static {
    /// The family's `--chain` value.
    const CHAIN: ChainArg;
    /// An account.
    type Address: ChainAddress;
    /// What signs token, escrow and payout transactions.
    type Signer;
    /// What signs channel transactions and states.
    type Party;
    /// The asset-token client.
    type Token: TokenClient<Signer = Self::Signer, Address = Self::Address> + Clock;
    /// The escrow client.
    type Escrow: EscrowClient<Signer = Self::Signer, Address = Self::Address> + Clock;
    /// The payout client.
    type Payout: PayoutClient<Signer = Self::Signer, Address = Self::Address> + Clock;
    /// The channel client.
    type Channel: ChannelClient<Signer = Self::Party, Address = Self::Address> + Clock;

    /// Issues the asset token, `issuer` taking every role.
    fn issue(
        dn: &mut Dn<Self>,
        terms: &TokenTerms,
        issuer: &str,
    ) -> Result<(), ClientError<TokenError>>;

    /// An escrow handle as recorded.
    fn escrow_record(escrow: &EscrowRef<Self>) -> Value;
    /// An escrow handle from its record.
    fn escrow_from(record: &Value) -> Result<EscrowRef<Self>, String>;
    /// A distribution as recorded: its handle and its claims (from which proofs are rebuilt).
    fn distribution_record(d: &Distribution<Self>) -> (Value, Vec<(Self::Address, u128)>);
    /// A distribution from its record.
    fn distribution_from(
        payout: &mut Self::Payout,
        handle: &Value,
        claims: Vec<(Self::Address, u128)>,
    ) -> Result<Distribution<Self>, String>;
    /// A channel handle as recorded (its parties are recorded beside it).
    fn channel_record(channel: &ChannelRef<Self>) -> String;
    /// A channel handle from its record.
    fn channel_from(
        id: &str,
        a: &Self::Address,
        b: &Self::Address,
    ) -> Result<ChannelRef<Self>, String>;
}
