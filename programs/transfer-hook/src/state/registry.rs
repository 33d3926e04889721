//! The investor registry and its agent role.

use anchor_lang::prelude::*;

/// An investor registry: `["registry", authority, id]`. One registry may serve several mints.
#[account]
#[derive(InitSpace)]
pub struct Registry {
    /// Grants and revokes the agent role; hands over in two steps.
    pub admin: Pubkey,
    /// A proposed admin that has not accepted yet (`Pubkey::default()`: none).
    pub pending_admin: Pubkey,
    /// Who created it (part of the seeds).
    pub authority: Pubkey,
    /// The creator's registry number (part of the seeds).
    pub id: u64,
    /// PDA bump.
    pub bump: u8,
}

/// The registry-agent role: the account exists while `agent` holds it,
/// `["agent", registry, agent]`.
#[account]
#[derive(InitSpace)]
pub struct RegistryAgent {
    /// The registry.
    pub registry: Pubkey,
    /// The agent.
    pub agent: Pubkey,
    /// PDA bump.
    pub bump: u8,
}
