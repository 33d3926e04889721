//! The asset token and its investor registry (`docs/spec/token.md`, `docs/spec/whitelist.md`).

use crate::Result;

pub use tokenrail_core::token::TokenError;

/// The terms a token is issued with (`docs/spec/token.md`, initialise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenTerms {
    /// Name (1–64 bytes of UTF-8).
    pub name: String,
    /// Symbol (1–16 bytes of UTF-8).
    pub symbol: String,
    /// Decimals (at most 18).
    pub decimals: u8,
    /// Supply cap in base units (Solana: at most `u64::MAX`).
    pub cap: u128,
    /// Where the legal documents live (at most 256 bytes).
    pub uri: String,
    /// SHA-256 of the legal document.
    pub legal_document_hash: [u8; 32],
}

/// One of the token's documents (ERC-1643, `docs/spec/token.md`, Documents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Where it is (at most 256 bytes).
    pub uri: String,
    /// Its hash (SHA-256 by convention).
    pub hash: [u8; 32],
    /// When it last changed, in Unix seconds.
    pub last_modified: u64,
}

/// A verified investor's registry entry (`docs/spec/whitelist.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Investor {
    /// ISO 3166-1 numeric jurisdiction (1–999).
    pub jurisdiction: u16,
    /// Unix seconds the KYC stays valid until.
    pub kyc_expiry: u64,
}

/// One issued asset token and the registry it reads, on one chain. The client's issuer holds
/// every role (admin, issuer, compliance agent, pauser, registry agent) unless the deployment
/// granted them elsewhere; each call still names its signer, and the chain checks the role.
pub trait TokenClient {
    /// An account that signs calls.
    type Signer;
    /// An address on this chain.
    type Address: Clone;

    /// The address of `signer`.
    fn address_of(&self, signer: &Self::Signer) -> Self::Address;
    /// The registry agent registers (or updates) `investor` as verified.
    fn register(
        &mut self,
        agent: &Self::Signer,
        investor: &Self::Address,
        entry: Investor,
    ) -> Result<(), TokenError>;
    /// The issuer mints `amount` to `to`.
    fn mint(
        &mut self,
        issuer: &Self::Signer,
        to: &Self::Address,
        amount: u128,
    ) -> Result<(), TokenError>;
    /// A holder transfers `amount` of its own tokens to `to`, under the compliance rules.
    fn transfer(
        &mut self,
        holder: &Self::Signer,
        to: &Self::Address,
        amount: u128,
    ) -> Result<(), TokenError>;
    /// Whether `from` may transfer `amount` to `to` now: `None`, or the reason it may not.
    fn can_transfer(
        &mut self,
        from: &Self::Address,
        to: &Self::Address,
        amount: u128,
    ) -> Result<Option<TokenError>, TokenError>;
    /// The compliance agent freezes (`true`) or unfreezes an account.
    fn set_frozen(
        &mut self,
        agent: &Self::Signer,
        account: &Self::Address,
        frozen: bool,
    ) -> Result<(), TokenError>;
    /// The compliance agent moves `amount` from `from` to `to` (court orders, corrections): the
    /// one path that bypasses pause, freezes, lock-ups, the registry and the rules.
    fn forced_transfer(
        &mut self,
        agent: &Self::Signer,
        from: &Self::Address,
        to: &Self::Address,
        amount: u128,
    ) -> Result<(), TokenError>;
    /// The pauser pauses (`true`) or unpauses the token: holders' movements stop or resume;
    /// mint, redemption, forced transfer and recovery go on.
    fn set_paused(&mut self, pauser: &Self::Signer, paused: bool) -> Result<(), TokenError>;
    /// The admin ends the token's life, irreversibly (`docs/spec/token.md`, deactivate): the
    /// token must be paused, and afterwards nothing moves a balance and nothing unpauses it.
    fn deactivate(&mut self, admin: &Self::Signer) -> Result<(), TokenError>;
    /// The balance of `who`.
    fn balance(&mut self, who: &Self::Address) -> Result<u128, TokenError>;
    /// The total supply.
    fn supply(&mut self) -> Result<u128, TokenError>;
    /// The token's message for restriction `code`, as the chain answers it (ERC-1404's
    /// `messageForTransferRestriction` on EVM, `restriction_message` on the others): the text
    /// of [`tokenrail_core::token::restriction_message`].
    fn restriction_message(&mut self, code: u16) -> Result<String, TokenError>;
    /// The admin creates or replaces document `name` (`legal`: the metadata URI and the legal
    /// document's hash).
    fn set_document(
        &mut self,
        admin: &Self::Signer,
        name: &str,
        uri: &str,
        hash: [u8; 32],
    ) -> Result<(), TokenError>;
    /// The admin removes document `name` (never `legal`).
    fn remove_document(&mut self, admin: &Self::Signer, name: &str) -> Result<(), TokenError>;
    /// Document `name`; `DocumentNotFound` when the token has none of that name.
    fn document(&mut self, name: &str) -> Result<Document, TokenError>;
    /// Every document's name, `legal` first.
    fn document_names(&mut self) -> Result<Vec<String>, TokenError>;
}

/// `Some(code)` for a reason code, `None` for 0 ("allowed"); an unknown code is a chain error.
pub(crate) fn reason(code: u16) -> Result<Option<TokenError>, TokenError> {
    match code {
        0 => Ok(None),
        c => TokenError::from_code(c)
            .map(Some)
            .ok_or_else(|| crate::ClientError::Chain(format!("unknown reason code {c}"))),
    }
}
