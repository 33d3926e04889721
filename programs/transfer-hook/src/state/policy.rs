//! A mint's compliance policy.

use anchor_lang::prelude::*;

use crate::constants::MAX_JURISDICTIONS;
use crate::error::TokenError;

/// The token's compliance rules (`docs/spec/whitelist.md`), as instruction data.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesInput {
    /// If non-empty, the only jurisdictions that may receive (at most 32).
    pub allowed_jurisdictions: Vec<u16>,
    /// Jurisdictions that may not receive (at most 32).
    pub blocked_jurisdictions: Vec<u16>,
    /// Largest number of holders; 0 = unlimited.
    pub max_holders: u32,
    /// Largest balance one wallet may reach by receiving; 0 = unlimited.
    pub max_balance: u64,
    /// An expired KYC also blocks sending.
    pub expired_kyc_blocks_sending: bool,
}

/// The rules as stored: fixed-size lists, so the policy never reallocates.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default, PartialEq, Eq, InitSpace)]
pub struct Rules {
    /// Allowed jurisdictions; the first `allowed_len` count.
    pub allowed: [u16; MAX_JURISDICTIONS],
    /// Number of allowed jurisdictions (0: any).
    pub allowed_len: u8,
    /// Blocked jurisdictions; the first `blocked_len` count.
    pub blocked: [u16; MAX_JURISDICTIONS],
    /// Number of blocked jurisdictions.
    pub blocked_len: u8,
    /// Largest number of holders; 0 = unlimited.
    pub max_holders: u32,
    /// Largest balance by receiving; 0 = unlimited.
    pub max_balance: u64,
    /// An expired KYC also blocks sending.
    pub expired_kyc_blocks_sending: bool,
}

impl Rules {
    /// Whether jurisdiction `j` may receive.
    pub fn admits(&self, j: u16) -> bool {
        let allowed = &self.allowed[..self.allowed_len as usize];
        let blocked = &self.blocked[..self.blocked_len as usize];
        !blocked.contains(&j) && (allowed.is_empty() || allowed.contains(&j))
    }
}

/// A mint's policy: `["policy", mint]`, created by the mint's transfer-hook authority.
#[account]
#[derive(InitSpace)]
pub struct TokenPolicy {
    /// The mint (its first field: the validation account's seeds read `registry` right after).
    pub mint: Pubkey,
    /// The investor registry consulted.
    pub registry: Pubkey,
    /// Sets rules and holder restrictions and reports mints and burns (the issuer program's
    /// authority PDA, or any signer the deployer chooses).
    pub controller: Pubkey,
    /// A transfer signed by this authority is a forced transfer: the documented bypass of the
    /// compliance checks (the mint's permanent delegate).
    pub forced_authority: Pubkey,
    /// Wallets with a non-zero balance.
    pub holders: u32,
    /// The token's life ended (`docs/spec/token.md`, deactivate): set once, never cleared; no
    /// transfer passes the hook afterwards.
    pub deactivated: bool,
    /// The rules.
    pub rules: Rules,
    /// PDA bump.
    pub bump: u8,
}

impl TokenPolicy {
    /// `Deactivated` once the token's life ended: every path that moves a balance checks it
    /// right after its role (`docs/spec/token.md`).
    pub fn require_active(&self) -> Result<()> {
        require!(!self.deactivated, TokenError::Deactivated);
        Ok(())
    }
}
