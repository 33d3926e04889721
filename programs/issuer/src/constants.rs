//! Seeds and limits.

/// Seed prefix of the issuer PDA, which holds every authority of the mint: `["issuer", mint]`.
pub const ISSUER_SEED: &[u8] = b"issuer";
/// Seed prefix of the mint's documents: `["documents", mint]`.
pub const DOCUMENTS_SEED: &[u8] = b"documents";
/// Seed prefix of role grants: `["role", issuer, role_byte, account]`.
pub const ROLE_SEED: &[u8] = b"role";
/// The token-metadata field that carries the legal document's SHA-256 (hex).
pub const LEGAL_DOCUMENT_FIELD: &str = "legal_document_hash";
/// Longest name in bytes.
pub const MAX_NAME_LEN: usize = 64;
/// Longest symbol in bytes.
pub const MAX_SYMBOL_LEN: usize = 16;
/// Longest metadata URI in bytes.
pub const MAX_URI_LEN: usize = 256;
