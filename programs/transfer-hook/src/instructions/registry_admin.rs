//! Registry instructions: create, agent role, two-step admin, investor entries.

use anchor_lang::prelude::*;

use crate::constants::{AGENT_SEED, INVESTOR_SEED, REGISTRY_SEED};
use crate::error::TokenError;
use crate::events::{InvestorRemoved, InvestorUpdated};
use crate::state::{Investor, InvestorStatus, Registry, RegistryAgent};

/// Accounts of `create_registry`.
#[derive(Accounts)]
#[instruction(id: u64)]
pub struct CreateRegistry<'info> {
    /// Becomes the admin; pays rent.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// The new registry; `init` fails if this authority already used `id`.
    #[account(
        init,
        payer = authority,
        space = 8 + Registry::INIT_SPACE,
        seeds = [REGISTRY_SEED, authority.key().as_ref(), &id.to_le_bytes()],
        bump,
    )]
    pub registry: Box<Account<'info, Registry>>,
    /// Creates the account.
    pub system_program: Program<'info, System>,
}

/// Creates registry `id` of the signer, who becomes its admin (and holds no agent role).
pub fn handle_create_registry(ctx: Context<CreateRegistry>, id: u64) -> Result<()> {
    let authority = ctx.accounts.authority.key();
    ctx.accounts.registry.set_inner(Registry {
        admin: authority,
        pending_admin: Pubkey::default(),
        authority,
        id,
        bump: ctx.bumps.registry,
    });
    Ok(())
}

/// Accounts of `grant_registry_agent`.
#[derive(Accounts)]
pub struct GrantRegistryAgent<'info> {
    /// The registry admin; pays rent.
    #[account(mut, address = registry.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The registry.
    pub registry: Box<Account<'info, Registry>>,
    /// CHECK: any wallet may be made an agent.
    pub agent: UncheckedAccount<'info>,
    /// The role account; `init` fails if the agent already holds the role.
    #[account(
        init,
        payer = admin,
        space = 8 + RegistryAgent::INIT_SPACE,
        seeds = [AGENT_SEED, registry.key().as_ref(), agent.key().as_ref()],
        bump,
    )]
    pub role: Box<Account<'info, RegistryAgent>>,
    /// Creates the account.
    pub system_program: Program<'info, System>,
}

/// The admin grants the agent role.
pub fn handle_grant_registry_agent(ctx: Context<GrantRegistryAgent>) -> Result<()> {
    ctx.accounts.role.set_inner(RegistryAgent {
        registry: ctx.accounts.registry.key(),
        agent: ctx.accounts.agent.key(),
        bump: ctx.bumps.role,
    });
    Ok(())
}

/// Accounts of `revoke_registry_agent`.
#[derive(Accounts)]
pub struct RevokeRegistryAgent<'info> {
    /// The registry admin; receives the rent.
    #[account(mut, address = registry.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The registry.
    pub registry: Box<Account<'info, Registry>>,
    /// The agent whose role is revoked: the instruction says whose role it was, as
    /// `grant_registry_agent` does (the role account is gone afterwards; the ledger reads the
    /// agent here).
    /// CHECK: bound by the role account's seeds.
    pub agent: UncheckedAccount<'info>,
    /// The role account, closed.
    #[account(
        mut,
        close = admin,
        seeds = [AGENT_SEED, registry.key().as_ref(), agent.key().as_ref()],
        bump = role.bump,
    )]
    pub role: Box<Account<'info, RegistryAgent>>,
}

/// The admin revokes the agent role.
pub fn handle_revoke_registry_agent(_ctx: Context<RevokeRegistryAgent>) -> Result<()> {
    Ok(())
}

/// Accounts of the admin hand-over.
#[derive(Accounts)]
pub struct RegistryAdmin<'info> {
    /// The admin (propose) or the proposed admin (accept).
    pub signer: Signer<'info>,
    /// The registry.
    #[account(mut)]
    pub registry: Box<Account<'info, Registry>>,
}

/// The admin proposes `new` as the next admin (`None` cancels).
pub fn handle_propose_registry_admin(
    ctx: Context<RegistryAdmin>,
    new: Option<Pubkey>,
) -> Result<()> {
    let registry = &mut ctx.accounts.registry;
    require_keys_eq!(
        ctx.accounts.signer.key(),
        registry.admin,
        TokenError::Unauthorized
    );
    registry.pending_admin = new.unwrap_or_default();
    Ok(())
}

/// The proposed admin accepts.
pub fn handle_accept_registry_admin(ctx: Context<RegistryAdmin>) -> Result<()> {
    let registry = &mut ctx.accounts.registry;
    let signer = ctx.accounts.signer.key();
    require!(
        registry.pending_admin != Pubkey::default() && registry.pending_admin == signer,
        TokenError::NoPendingAdmin
    );
    registry.admin = signer;
    registry.pending_admin = Pubkey::default();
    Ok(())
}

/// Accounts of `upsert_investor`.
#[derive(Accounts)]
pub struct UpsertInvestor<'info> {
    /// A registry agent; pays rent for a new entry.
    #[account(mut)]
    pub agent: Signer<'info>,
    /// The registry.
    pub registry: Box<Account<'info, Registry>>,
    /// CHECK: the agent's role account, whose existence is the role (`Unauthorized` if absent).
    pub role: UncheckedAccount<'info>,
    /// CHECK: the investor's wallet; any address may be registered.
    pub wallet: UncheckedAccount<'info>,
    /// The entry, created on first write.
    #[account(
        init_if_needed,
        payer = agent,
        space = 8 + Investor::INIT_SPACE,
        seeds = [INVESTOR_SEED, registry.key().as_ref(), wallet.key().as_ref()],
        bump,
    )]
    pub investor: Box<Account<'info, Investor>>,
    /// Creates the account.
    pub system_program: Program<'info, System>,
}

/// An agent adds or updates one entry (a transaction may carry several, all or nothing).
pub fn handle_upsert_investor(
    ctx: Context<UpsertInvestor>,
    status: InvestorStatus,
    jurisdiction: u16,
    kyc_expiry: i64,
) -> Result<()> {
    let a = &ctx.accounts;
    require_agent(&a.role, &a.registry.key(), &a.agent.key())?;
    require!(
        (1..=999).contains(&jurisdiction),
        TokenError::InvalidJurisdiction
    );
    let now = Clock::get()?.unix_timestamp;
    require!(
        status == InvestorStatus::Revoked || kyc_expiry > now,
        TokenError::InvalidExpiry
    );
    let registry = ctx.accounts.registry.key();
    let wallet = ctx.accounts.wallet.key();
    ctx.accounts.investor.set_inner(Investor {
        registry,
        wallet,
        status,
        jurisdiction,
        kyc_expiry,
        bump: ctx.bumps.investor,
    });
    emit!(InvestorUpdated {
        registry,
        wallet,
        status,
        jurisdiction,
        kyc_expiry,
    });
    Ok(())
}

/// `Unauthorized` unless `role` is `agent`'s live agent-role account in `registry`.
pub fn require_agent(role: &AccountInfo, registry: &Pubkey, agent: &Pubkey) -> Result<()> {
    let (expected, _) =
        Pubkey::find_program_address(&[AGENT_SEED, registry.as_ref(), agent.as_ref()], &crate::ID);
    require_keys_eq!(role.key(), expected, TokenError::Unauthorized);
    require!(
        role.owner == &crate::ID && !role.data_is_empty(),
        TokenError::Unauthorized
    );
    Ok(())
}

/// Accounts of `remove_investor`.
#[derive(Accounts)]
#[instruction(wallet: Pubkey)]
pub struct RemoveInvestor<'info> {
    /// A registry agent; receives the entry's rent.
    #[account(mut)]
    pub agent: Signer<'info>,
    /// The registry.
    pub registry: Box<Account<'info, Registry>>,
    /// CHECK: the agent's role account (`Unauthorized` if absent).
    pub role: UncheckedAccount<'info>,
    /// CHECK: the entry, closed (`NotRegistered` if absent).
    #[account(mut, seeds = [INVESTOR_SEED, registry.key().as_ref(), wallet.as_ref()], bump)]
    pub investor: UncheckedAccount<'info>,
}

/// An agent removes `wallet`'s entry; its tokens are not touched. A transaction may carry
/// several removals, all or nothing.
pub fn handle_remove_investor(ctx: Context<RemoveInvestor>, wallet: Pubkey) -> Result<()> {
    let a = &ctx.accounts;
    require_agent(&a.role, &a.registry.key(), &a.agent.key())?;
    let entry = a.investor.to_account_info();
    require!(
        entry.owner == &crate::ID && !entry.data_is_empty(),
        TokenError::NotRegistered
    );
    let agent = a.agent.to_account_info();
    **agent.try_borrow_mut_lamports()? += entry.lamports();
    **entry.try_borrow_mut_lamports()? = 0;
    entry.assign(&anchor_lang::system_program::ID);
    entry.resize(0)?;
    emit!(InvestorRemoved {
        registry: a.registry.key(),
        wallet,
    });
    Ok(())
}
