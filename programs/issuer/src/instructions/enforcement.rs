//! The compliance agent's and pauser's instructions, and the admin's deactivation.

use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{
    check_recipient, load, HolderState, Investor, RulesInput, TokenError, TokenPolicy,
    EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED,
};

use crate::instructions::token_cpi::{
    bypassing, is_paused, issuer_seeds, require_role, set_paused, HookedTransfer,
};
use crate::instructions::wallets::{apply_freeze_rule, require_live_account, HookRecord};
use crate::state::{Issuer, Role};
use tokenrail_transfer_hook::client::associated_account;

/// Accounts of `forced_transfer` and `recover`: both parties and every account the hook reads.
#[derive(Accounts)]
pub struct ForcedMove<'info> {
    /// Holds the agent role; pays rent of restriction records `recover` moves.
    #[account(mut)]
    pub signer: Signer<'info>,
    /// CHECK: the signer's agent-role grant (checked in the handler).
    pub role: UncheckedAccount<'info>,
    /// The issuer (the mint's permanent delegate).
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// Source token account.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Destination token account (may be the source: a forced self-transfer moves nothing).
    #[account(mut, dup, token::mint = mint, token::token_program = token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the sender's investor entry (the hook reads it).
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), source.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_investor: UncheckedAccount<'info>,
    /// CHECK: the recipient's investor entry.
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), destination.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub destination_investor: UncheckedAccount<'info>,
    /// CHECK: the sender's restrictions.
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), source.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub source_holder: UncheckedAccount<'info>,
    /// CHECK: the recipient's restrictions.
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), destination.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub destination_holder: UncheckedAccount<'info>,
    /// CHECK: the hook's validation account.
    #[account(
        seeds = [EXTRA_ACCOUNT_METAS_SEED, mint.key().as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub extra_account_meta_list: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates restriction records.
    pub system_program: Program<'info, System>,
}

impl<'info> ForcedMove<'info> {
    fn record(&self) -> HookRecord<'_, 'info> {
        HookRecord {
            issuer: &self.issuer,
            payer: self.signer.to_account_info(),
            policy: self.policy.to_account_info(),
            hook_program: self.hook_program.to_account_info(),
            system_program: self.system_program.to_account_info(),
        }
    }
}

/// Moves `amount` as the permanent delegate through Token-2022's `transfer_checked`, so the hook
/// runs (it recognises the forced authority, cuts a frozen amount and keeps the holder count),
/// with the pause lifted and both accounts thawed for the movement and refrozen after. Both must
/// be live accounts (associated token accounts), and the destination gets its record in the hook
/// program first, so it is counted like any holder.
fn forced_move(a: &ForcedMove, amount: u64) -> Result<()> {
    require_live_account(&a.source.key(), &a.source.owner, &a.mint.key())?;
    require_live_account(&a.destination.key(), &a.destination.owner, &a.mint.key())?;
    let (mint, issuer_info) = (a.mint.to_account_info(), a.issuer.to_account_info());
    let (source, destination) = (a.source.to_account_info(), a.destination.to_account_info());
    // A forced self-transfer names one account twice: thaw and refreeze it once.
    let same = source.key() == destination.key();
    if !same {
        a.record().note_balance(
            &a.destination_holder.to_account_info(),
            a.destination.owner,
            a.destination.amount,
        )?;
    }
    let frozen = [
        (&source, a.source.is_frozen()),
        (&destination, a.destination.is_frozen() && !same),
    ];
    let issuer = &a.issuer;
    bypassing(&mint, &issuer_info, issuer, &frozen, || {
        HookedTransfer {
            source: &source,
            mint: &mint,
            destination: &destination,
            authority: &issuer_info,
            extras: [
                (a.policy.to_account_info(), true),
                (a.source_investor.to_account_info(), false),
                (a.destination_investor.to_account_info(), false),
                (a.source_holder.to_account_info(), true),
                (a.destination_holder.to_account_info(), true),
                (a.hook_program.to_account_info(), false),
                (a.extra_account_meta_list.to_account_info(), false),
            ],
        }
        .invoke(amount, a.mint.decimals, Some(issuer))
    })
}

/// The documented bypass: an agent moves tokens regardless of pause, freezes, lock-ups and
/// compliance (court orders, corrections). Each account keeps its frozen state.
pub fn handle_forced_transfer(ctx: Context<ForcedMove>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    a.policy.require_active()?;
    require!(amount > 0, TokenError::ZeroAmount);
    require!(amount <= a.source.amount, TokenError::InsufficientBalance);
    forced_move(a, amount)
}

/// An investor lost its keys: moves the whole balance, the frozen amount, the lock-up and the
/// account freeze from the lost wallet to a new wallet that passes a transfer's recipient checks
/// and holds nothing; the new wallet keeps the stricter of both wallets' restrictions. Both
/// accounts end in the frozen state the model gives them: the new one onboarded unless frozen,
/// the lost one (which keeps no restriction) frozen only if the registry no longer verifies it.
pub fn handle_recover(ctx: Context<ForcedMove>) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    a.policy.require_active()?;
    let amount = a.source.amount;
    require!(amount > 0, TokenError::ZeroAmount);
    // The recipient's registry checks, as a transfer to the new wallet would run them.
    let now = Clock::get()?.unix_timestamp;
    let target = load::<Investor>(&a.destination_investor)?;
    check_recipient(&a.policy.rules, now, target.as_ref())?;
    require!(a.destination.amount == 0, TokenError::RecoveryTargetHolds);
    let moved = load::<HolderState>(&a.source_holder)?.unwrap_or_default();
    let kept = load::<HolderState>(&a.destination_holder)?.unwrap_or_default();
    forced_move(a, amount)?;
    // The new wallet held nothing, so its frozen amount becomes the lost wallet's; its freeze and
    // lock-up are the stricter of both (a recovery never lifts a restriction).
    let merged = HolderState {
        frozen_amount: moved.frozen_amount,
        locked_until: moved.locked_until.max(kept.locked_until),
        account_frozen: moved.account_frozen || kept.account_frozen,
        ..HolderState::default()
    };
    let record = a.record();
    let (mint, destination_holder) = (
        a.mint.to_account_info(),
        a.destination_holder.to_account_info(),
    );
    record.set_restrictions(&destination_holder, a.destination.owner, &merged)?;
    record.set_restrictions(
        &a.source_holder.to_account_info(),
        a.source.owner,
        &HolderState::default(),
    )?;
    apply_freeze_rule(
        &a.destination.to_account_info(),
        a.destination.is_frozen(),
        &mint,
        &a.issuer,
        &merged,
        target.as_ref(),
    )?;
    apply_freeze_rule(
        &a.source.to_account_info(),
        a.source.is_frozen(),
        &mint,
        &a.issuer,
        &HolderState::default(),
        load::<Investor>(&a.source_investor)?.as_ref(),
    )
}

/// Accounts of the agent's instructions on one holder.
#[derive(Accounts)]
pub struct AgentOnAccount<'info> {
    /// Holds the agent role; pays rent for a new restriction record.
    #[account(mut)]
    pub signer: Signer<'info>,
    /// CHECK: the signer's agent-role grant (checked in the handler).
    pub role: UncheckedAccount<'info>,
    /// The issuer.
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The holder's live token account (its associated token account).
    #[account(
        mut,
        token::mint = mint,
        token::token_program = token_program,
        address = associated_account(&account.owner, &mint.key()) @ TokenError::InvalidAccount,
    )]
    pub account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the holder's investor entry (whether an unfrozen account may thaw).
    #[account(
        seeds = [INVESTOR_SEED, policy.registry.as_ref(), account.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub investor: UncheckedAccount<'info>,
    /// CHECK: the holder's record (created by the hook on first write).
    #[account(
        mut,
        seeds = [HOLDER_SEED, mint.key().as_ref(), account.owner.as_ref()],
        bump,
        seeds::program = hook_program.key(),
    )]
    pub holder: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates restriction records.
    pub system_program: Program<'info, System>,
}

impl AgentOnAccount<'_> {
    fn restrictions(&self) -> Result<HolderState> {
        Ok(load::<HolderState>(&self.holder)?.unwrap_or_default())
    }

    fn write(&self, state: &HolderState) -> Result<()> {
        HookRecord {
            issuer: &self.issuer,
            payer: self.signer.to_account_info(),
            policy: self.policy.to_account_info(),
            hook_program: self.hook_program.to_account_info(),
            system_program: self.system_program.to_account_info(),
        }
        .set_restrictions(&self.holder.to_account_info(), self.account.owner, state)
    }
}

/// An agent freezes or unfreezes a wallet. The decision is kept in the wallet's record (so that
/// no permissionless thaw undoes it) and applied to its live account: frozen at once; on
/// unfreezing, thawed if the registry verifies the wallet (otherwise it stays frozen, as an
/// unverified wallet's account does).
pub fn handle_set_account_frozen(ctx: Context<AgentOnAccount>, frozen: bool) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    let mut state = a.restrictions()?;
    state.account_frozen = frozen;
    a.write(&state)?;
    apply_freeze_rule(
        &a.account.to_account_info(),
        a.account.is_frozen(),
        &a.mint.to_account_info(),
        &a.issuer,
        &state,
        load::<Investor>(&a.investor)?.as_ref(),
    )
}

/// An agent sets the frozen part of the holder's balance (absolute; at most the balance).
pub fn handle_set_frozen_amount(ctx: Context<AgentOnAccount>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    require!(amount <= a.account.amount, TokenError::FreezeExceedsBalance);
    let mut state = a.restrictions()?;
    state.frozen_amount = amount;
    a.write(&state)
}

/// An agent locks the holder's sending until `until` (Unix seconds; 0 lifts it).
pub fn handle_set_lockup(ctx: Context<AgentOnAccount>, until: i64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    let mut state = a.restrictions()?;
    state.locked_until = until;
    a.write(&state)
}

/// Accounts of `set_rules`.
#[derive(Accounts)]
pub struct AgentOnPolicy<'info> {
    /// Holds the agent role.
    pub signer: Signer<'info>,
    /// CHECK: the signer's agent-role grant (checked in the handler).
    pub role: UncheckedAccount<'info>,
    /// The issuer.
    pub issuer: Box<Account<'info, Issuer>>,
    /// The hook's policy of the issuer's mint.
    #[account(
        mut,
        seeds = [POLICY_SEED, issuer.mint.as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
}

/// An agent replaces the token's rules.
pub fn handle_set_rules(ctx: Context<AgentOnPolicy>, rules: RulesInput) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    as_controller(&a.issuer, &a.policy, &a.hook_program, |cpi| {
        tokenrail_transfer_hook::cpi::set_rules(cpi, rules)
    })
}

/// Runs a controller instruction of the hook on `policy`, signed by the issuer PDA.
fn as_controller<'info>(
    issuer: &Account<'info, Issuer>,
    policy: &Account<'info, TokenPolicy>,
    hook_program: &Program<'info, TokenrailTransferHook>,
    call: impl FnOnce(
        CpiContext<'_, '_, '_, 'info, tokenrail_transfer_hook::cpi::accounts::Control<'info>>,
    ) -> Result<()>,
) -> Result<()> {
    let seeds = issuer_seeds(issuer);
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let signer = [seeds.as_slice()];
    call(CpiContext::new_with_signer(
        hook_program.key(),
        tokenrail_transfer_hook::cpi::accounts::Control {
            controller: issuer.to_account_info(),
            policy: policy.to_account_info(),
        },
        &signer,
    ))
}

/// Accounts of `pause` and `unpause`.
#[derive(Accounts)]
pub struct Pausing<'info> {
    /// Holds the pauser role.
    pub signer: Signer<'info>,
    /// CHECK: the signer's pauser-role grant (checked in the handler).
    pub role: UncheckedAccount<'info>,
    /// The issuer.
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// The hook's policy, which knows whether the token was deactivated (then nothing unpauses
    /// it).
    #[account(
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = tokenrail_transfer_hook::ID,
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
}

/// A pauser pauses (`true`) or unpauses the token (Token-2022's Pausable extension).
pub fn handle_set_paused(ctx: Context<Pausing>, paused: bool) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Pauser, &a.signer.key())?;
    if !paused {
        a.policy.require_active()?;
    }
    let mint = a.mint.to_account_info();
    match (is_paused(&mint)?, paused) {
        (true, true) => return err!(TokenError::Paused),
        (false, false) => return err!(TokenError::NotPaused),
        _ => {}
    }
    set_paused(&mint, &a.issuer.to_account_info(), &a.issuer, paused)
}

/// Accounts of `deactivate`.
#[derive(Accounts)]
pub struct Deactivate<'info> {
    /// The admin.
    #[account(address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer (the policy's controller).
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint, which must be paused.
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The hook's policy of the mint.
    #[account(
        mut,
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
}

/// The admin ends the token's life (`docs/spec/token.md`, deactivate): the mint stays paused for
/// good (`unpause` refuses), the issuer's paths that lift the pause refuse, and the hook passes no
/// transfer. The token must be paused first.
pub fn handle_deactivate(ctx: Context<Deactivate>) -> Result<()> {
    let a = &ctx.accounts;
    a.policy.require_active()?;
    require!(is_paused(&a.mint.to_account_info())?, TokenError::NotPaused);
    as_controller(
        &a.issuer,
        &a.policy,
        &a.hook_program,
        tokenrail_transfer_hook::cpi::deactivate,
    )
}
