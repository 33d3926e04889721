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
