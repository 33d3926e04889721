//! Program accounts.

use anchor_lang::prelude::*;

/// The roles the issuer's admin grants (`docs/spec/token.md#roles`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Mints within the cap; redeems.
    Issuer,
    /// Compliance agent: rules, freezes, frozen amounts, lock-ups, forced transfer, recovery.
    Agent,
    /// Pauses and unpauses.
    Pauser,
}

impl Role {
    /// The byte in the role PDA's seeds.
    pub fn seed(self) -> u8 {
        self as u8 + 1
    }
}

/// The issuer of one mint: `["issuer", mint]`. It is the mint authority, freeze authority,
/// permanent delegate, pause authority, transfer-hook authority, metadata update authority and
/// the hook policy's controller, and acts only through this program's role-checked instructions.
#[account]
#[derive(InitSpace)]
pub struct Issuer {
    /// The mint.
    pub mint: Pubkey,
    /// Grants and revokes roles; sets metadata; hands over in two steps.
    pub admin: Pubkey,
    /// A proposed admin that has not accepted yet (`Pubkey::default()`: none).
    pub pending_admin: Pubkey,
    /// Largest supply.
    pub cap: u64,
    /// PDA bump.
    pub bump: u8,
}

/// A role held by an account: exists while held, `["role", issuer, role_byte, account]`.
#[account]
#[derive(InitSpace)]
pub struct RoleGrant {
    /// The issuer.
    pub issuer: Pubkey,
    /// The account.
    pub account: Pubkey,
    /// The role byte.
    pub role: u8,
    /// PDA bump.
    pub bump: u8,
}

/// One document besides `legal` (ERC-1643).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct DocumentEntry {
    /// 1–32 bytes without a zero byte.
    pub name: String,
    /// Up to 256 bytes.
    pub uri: String,
    /// The document's hash.
    pub hash: [u8; 32],
    /// When it last changed (Unix seconds).
    pub last_modified: i64,
}

/// The mint's documents: `["documents", mint]`, created with the mint. `legal` (the metadata)
/// lives in the mint's token metadata; only the time it last changed is kept here. The account
/// is exactly as large as its entries (`set_document` grows it, `remove_document` shrinks it).
#[account]
pub struct Documents {
    /// The mint.
    pub mint: Pubkey,
    /// When the metadata (the document `legal`) last changed (Unix seconds).
    pub legal_modified: i64,
    /// PDA bump.
    pub bump: u8,
    /// The other documents, in the order they were first set (at most 31).
    pub entries: Vec<DocumentEntry>,
}

impl Documents {
    /// The account's size with no entries.
    pub const EMPTY_SPACE: usize = 8 + 32 + 8 + 1 + 4;

    /// The account's size with its current entries.
    pub fn space(&self) -> usize {
        let entry = |e: &DocumentEntry| 4 + e.name.len() + 4 + e.uri.len() + 32 + 8;
        Self::EMPTY_SPACE + self.entries.iter().map(entry).sum::<usize>()
    }
}
