//! Roles and the two-step admin hand-over.

use anchor_lang::prelude::*;
use tokenrail_transfer_hook::TokenError;

use crate::constants::ROLE_SEED;
use crate::state::{Issuer, Role, RoleGrant};

/// Accounts of `grant_role`.
#[derive(Accounts)]
#[instruction(role: Role)]
pub struct GrantRole<'info> {
    /// The admin; pays rent.
    #[account(mut, address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer.
    pub issuer: Box<Account<'info, Issuer>>,
    /// CHECK: any account may receive a role.
    pub account: UncheckedAccount<'info>,
    /// The grant, created here (granting a held role is a no-op).
    #[account(
        init_if_needed,
        payer = admin,
        space = 8 + RoleGrant::INIT_SPACE,
        seeds = [ROLE_SEED, issuer.key().as_ref(), &[role.seed()], account.key().as_ref()],
        bump,
    )]
    pub grant: Box<Account<'info, RoleGrant>>,
    /// Creates the account.
    pub system_program: Program<'info, System>,
}

/// The admin grants `role`.
pub fn handle_grant_role(ctx: Context<GrantRole>, role: Role) -> Result<()> {
    let issuer = ctx.accounts.issuer.key();
    let account = ctx.accounts.account.key();
    ctx.accounts.grant.set_inner(RoleGrant {
        issuer,
        account,
        role: role.seed(),
        bump: ctx.bumps.grant,
    });
    Ok(())
}

/// Accounts of `revoke_role`.
#[derive(Accounts)]
#[instruction(role: Role)]
pub struct RevokeRole<'info> {
    /// The admin; receives the rent.
    #[account(mut, address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer.
    pub issuer: Box<Account<'info, Issuer>>,
    /// The holder whose role is revoked: the instruction says whose role it was, as
    /// `grant_role` does (the grant is gone afterwards; the ledger reads the holder here).
    /// CHECK: bound by the grant's seeds.
    pub account: UncheckedAccount<'info>,
    /// The grant, closed.
    #[account(
        mut,
        close = admin,
        seeds = [ROLE_SEED, issuer.key().as_ref(), &[role.seed()], account.key().as_ref()],
        bump = grant.bump,
    )]
    pub grant: Box<Account<'info, RoleGrant>>,
}

/// The admin revokes `role`.
pub fn handle_revoke_role(_ctx: Context<RevokeRole>, _role: Role) -> Result<()> {
    Ok(())
}

/// Accounts of the admin hand-over.
#[derive(Accounts)]
pub struct AdminHandover<'info> {
    /// The admin (propose) or the proposed admin (accept).
    pub signer: Signer<'info>,
    /// The issuer.
    #[account(mut)]
    pub issuer: Box<Account<'info, Issuer>>,
}

/// The admin proposes the next admin (`None` cancels).
pub fn handle_propose_admin(ctx: Context<AdminHandover>, new: Option<Pubkey>) -> Result<()> {
    let issuer = &mut ctx.accounts.issuer;
    require_keys_eq!(
        ctx.accounts.signer.key(),
        issuer.admin,
        TokenError::Unauthorized
    );
    issuer.pending_admin = new.unwrap_or_default();
    Ok(())
}

/// The proposed admin accepts.
pub fn handle_accept_admin(ctx: Context<AdminHandover>) -> Result<()> {
    let issuer = &mut ctx.accounts.issuer;
    let signer = ctx.accounts.signer.key();
    require!(
        issuer.pending_admin != Pubkey::default() && issuer.pending_admin == signer,
        TokenError::NoPendingAdmin
    );
    issuer.admin = signer;
    issuer.pending_admin = Pubkey::default();
    Ok(())
}
