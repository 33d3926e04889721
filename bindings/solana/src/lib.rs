//! Rust client bindings for Tokenrail's Solana programs.
//!
//! Every module is generated at compile time by Anchor's `declare_program!` from the IDL JSON in
//! `idls/`, which `scripts/gen-bindings` writes from the programs themselves (a staleness check
//! in the test suite regenerates and diffs them). A dapp builds instructions with
//! `<program>::client::{accounts, args}` and reads accounts with `<program>::accounts`, without
//! depending on the program crates. Beside them, what every client derives by hand: the programs'
//! addresses ([`addresses`]), the asset token's transfer accounts ([`transfer_hook`]), the channel
//! program's Ed25519 instruction ([`ed25519`]) and the payout program's claimed bitmap
//! ([`claims`]). The programs' own tests build their instructions from these.

#![allow(missing_docs)]

/// The `anchor_lang` these bindings are generated against (the generated modules name it from
/// the crate root; dapps should use this one).
pub use anchor_lang;
use anchor_lang::declare_program;

declare_program!(tokenrail_escrow);
declare_program!(tokenrail_payout);
declare_program!(tokenrail_transfer_hook);
declare_program!(tokenrail_issuer);
declare_program!(tokenrail_channel_program);

/// The key of the issuer program's token-metadata field that holds the legal document's SHA-256
/// (lower-case hex) beside the mint's URI: with it, the document `legal` (`docs/spec/token.md`).
pub const LEGAL_DOCUMENT_FIELD: &str = "legal_document_hash";

pub mod addresses;
pub mod claims;
pub mod ed25519;
pub mod transfer_hook;
