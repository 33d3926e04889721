//! The compliance agent's and pauser's instructions, and the admin's metadata update.

use anchor_lang::prelude::*;
use anchor_spl::token_2022::{Token2022, ID as TOKEN_2022};
use anchor_spl::token_interface::{Mint, TokenAccount};
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use spl_token_metadata_interface::state::{Field, TokenMetadata};
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{
    check_recipient, load, HolderState, Investor, RulesInput, TokenError, TokenPolicy,
    EXTRA_ACCOUNT_METAS_SEED, HOLDER_SEED, INVESTOR_SEED, POLICY_SEED,
};

use crate::constants::{LEGAL_DOCUMENT_FIELD, MAX_URI_LEN};
use crate::instructions::initialize::hex;
use crate::instructions::token_cpi::{
    bypassing, invoke_as_issuer, is_paused, issuer_seeds, require_role, set_frozen, set_paused,
    HookedTransfer,
};
use crate::state::{Issuer, Role};

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

/// Moves `amount` as the permanent delegate through Token-2022's `transfer_checked`, so the hook
/// runs (it recognises the forced authority, cuts a frozen amount and keeps the holder count),
/// with the pause lifted and both accounts thawed for the movement.
fn forced_move(a: &ForcedMove, amount: u64, refreeze_source: bool) -> Result<()> {
    let (mint, issuer_info) = (a.mint.to_account_info(), a.issuer.to_account_info());
    let (source, destination) = (a.source.to_account_info(), a.destination.to_account_info());
    let issuer = &a.issuer;
    let (source_frozen, destination_frozen) = (a.source.is_frozen(), a.destination.is_frozen());
    // A forced self-transfer names one account twice: thaw and refreeze it once.
    let same = source.key() == destination.key();
    let frozen = [
        (&source, source_frozen && refreeze_source),
        (&destination, destination_frozen && !same),
    ];
    if source_frozen && !refreeze_source {
        set_frozen(&source, &mint, &issuer_info, issuer, false)?;
    }
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
                (a.destination_holder.to_account_info(), false),
                (a.hook_program.to_account_info(), false),
                (a.extra_account_meta_list.to_account_info(), false),
            ],
        }
        .invoke(amount, a.mint.decimals, Some(issuer))
    })
}

/// The documented bypass: an agent moves tokens regardless of pause, freezes, lock-ups and
/// compliance (court orders, corrections).
pub fn handle_forced_transfer(ctx: Context<ForcedMove>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    require!(amount > 0, TokenError::ZeroAmount);
    require!(amount <= a.source.amount, TokenError::InsufficientBalance);
    forced_move(a, amount, true)
}

/// Sets `wallet`'s restrictions through the hook (the issuer PDA is the policy's controller;
/// `payer` pays rent for a new record).
pub(crate) fn set_holder_state<'info>(
    issuer: &Issuer,
    issuer_info: &AccountInfo<'info>,
    payer: &AccountInfo<'info>,
    policy: &AccountInfo<'info>,
    holder: &AccountInfo<'info>,
    hook_program: &AccountInfo<'info>,
    system_program: &AccountInfo<'info>,
    wallet: Pubkey,
    state: (u64, i64),
) -> Result<()> {
    let seeds = issuer_seeds(issuer);
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let signer = [seeds.as_slice()];
    tokenrail_transfer_hook::cpi::set_holder_state(
        CpiContext::new_with_signer(
            hook_program.key(),
            tokenrail_transfer_hook::cpi::accounts::SetHolderState {
                controller: issuer_info.clone(),
                payer: payer.clone(),
                policy: policy.clone(),
                holder: holder.clone(),
                system_program: system_program.clone(),
            },
            &signer,
        ),
        wallet,
        state.0,
        state.1,
    )
}

/// An investor lost its keys: moves the whole balance, the frozen amount, the lock-up and the
/// account freeze from the lost wallet to a new wallet that passes a transfer's recipient checks
/// and holds nothing; the new wallet keeps the stricter of both wallets' restrictions.
pub fn handle_recover(ctx: Context<ForcedMove>) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    let amount = a.source.amount;
    require!(amount > 0, TokenError::ZeroAmount);
    // The recipient's registry checks, as a transfer to the new wallet would run them.
    let now = Clock::get()?.unix_timestamp;
    let target = load::<Investor>(&a.destination_investor)?;
    check_recipient(&a.policy.rules, now, target.as_ref())?;
    require!(a.destination.amount == 0, TokenError::RecoveryTargetHolds);
    let moved = load::<HolderState>(&a.source_holder)?;
    let kept = load::<HolderState>(&a.destination_holder)?;
    let was_frozen = a.source.is_frozen();
    forced_move(a, amount, false)?;
    let (mint, issuer_info) = (a.mint.to_account_info(), a.issuer.to_account_info());
    if was_frozen {
        set_frozen(
            &a.destination.to_account_info(),
            &mint,
            &issuer_info,
            &a.issuer,
            true,
        )?;
    }
    if moved.is_some() || kept.is_some() {
        // The new wallet held nothing, so its frozen amount becomes the lost wallet's; its
        // lock-up is the later of both (a recovery never lifts a restriction).
        let (moved, kept) = (moved.unwrap_or_default(), kept.unwrap_or_default());
        let merged = (
            moved.frozen_amount,
            moved.locked_until.max(kept.locked_until),
        );
        let (payer, policy) = (a.signer.to_account_info(), a.policy.to_account_info());
        let (hook, system) = (
            a.hook_program.to_account_info(),
            a.system_program.to_account_info(),
        );
        let moves = [
            (
                a.destination_holder.to_account_info(),
                a.destination.owner,
                merged,
            ),
            (a.source_holder.to_account_info(), a.source.owner, (0, 0)),
        ];
        for (holder, wallet, state) in moves {
            set_holder_state(
                &a.issuer,
                &issuer_info,
                &payer,
                &policy,
                &holder,
                &hook,
                &system,
                wallet,
                state,
            )?;
        }
    }
    Ok(())
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
    /// The holder's token account.
    #[account(mut, token::mint = mint, token::token_program = token_program)]
    pub account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The hook's policy.
    #[account(
        seeds = [POLICY_SEED, mint.key().as_ref()],
        bump = policy.bump,
        seeds::program = hook_program.key(),
    )]
    pub policy: Box<Account<'info, TokenPolicy>>,
    /// CHECK: the holder's restrictions (created by the hook on first write).
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
    fn restrictions(&self) -> Result<(u64, i64)> {
        let h = load::<HolderState>(&self.holder)?.unwrap_or_default();
        Ok((h.frozen_amount, h.locked_until))
    }

    fn write(&self, state: (u64, i64)) -> Result<()> {
        set_holder_state(
            &self.issuer,
            &self.issuer.to_account_info(),
            &self.signer.to_account_info(),
            &self.policy.to_account_info(),
            &self.holder.to_account_info(),
            &self.hook_program.to_account_info(),
            &self.system_program.to_account_info(),
            self.account.owner,
            state,
        )
    }
}

/// An agent freezes or unfreezes a whole account (Token-2022's frozen state).
pub fn handle_set_account_frozen(ctx: Context<AgentOnAccount>, frozen: bool) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    if a.account.is_frozen() != frozen {
        set_frozen(
            &a.account.to_account_info(),
            &a.mint.to_account_info(),
            &a.issuer.to_account_info(),
            &a.issuer,
            frozen,
        )?;
    }
    Ok(())
}

/// An agent sets the frozen part of the holder's balance (absolute; at most the balance).
pub fn handle_set_frozen_amount(ctx: Context<AgentOnAccount>, amount: u64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    require!(amount <= a.account.amount, TokenError::FreezeExceedsBalance);
    let (_, locked_until) = a.restrictions()?;
    a.write((amount, locked_until))
}

/// An agent locks the holder's sending until `until` (Unix seconds; 0 lifts it).
pub fn handle_set_lockup(ctx: Context<AgentOnAccount>, until: i64) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Agent, &a.signer.key())?;
    let (frozen_amount, _) = a.restrictions()?;
    a.write((frozen_amount, until))
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
    let seeds = issuer_seeds(&a.issuer);
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let signer = [seeds.as_slice()];
    tokenrail_transfer_hook::cpi::set_rules(
        CpiContext::new_with_signer(
            a.hook_program.key(),
            tokenrail_transfer_hook::cpi::accounts::Control {
                controller: a.issuer.to_account_info(),
                policy: a.policy.to_account_info(),
            },
            &signer,
        ),
        rules,
    )
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
}

/// A pauser pauses (`true`) or unpauses the token (Token-2022's Pausable extension).
pub fn handle_set_paused(ctx: Context<Pausing>, paused: bool) -> Result<()> {
    let a = &ctx.accounts;
    require_role(&a.role, &a.issuer.key(), Role::Pauser, &a.signer.key())?;
    let mint = a.mint.to_account_info();
    match (is_paused(&mint)?, paused) {
        (true, true) => return err!(TokenError::Paused),
        (false, false) => return err!(TokenError::NotPaused),
        _ => {}
    }
    set_paused(&mint, &a.issuer.to_account_info(), &a.issuer, paused)
}

/// Accounts of `set_metadata`.
#[derive(Accounts)]
pub struct SetMetadata<'info> {
    /// The admin; tops up the mint's rent when the metadata grows.
    #[account(mut, address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer (the metadata's update authority).
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint, which stores its metadata.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Moves rent.
    pub system_program: Program<'info, System>,
}

/// The admin replaces the metadata URI and the legal document's hash.
pub fn handle_set_metadata(
    ctx: Context<SetMetadata>,
    uri: String,
    legal_document_hash: [u8; 32],
) -> Result<()> {
    let a = &ctx.accounts;
    require!(uri.len() <= MAX_URI_LEN, TokenError::InvalidMetadata);
    let mint = a.mint.to_account_info();
    let (old_len, new_len) = {
        let data = mint.try_borrow_data()?;
        let state = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data)?;
        let mut metadata = state.get_variable_len_extension::<TokenMetadata>()?;
        let old = metadata.tlv_size_of()?;
        metadata.update(Field::Uri, uri.clone());
        metadata.update(
            Field::Key(LEGAL_DOCUMENT_FIELD.into()),
            hex(&legal_document_hash),
        );
        (data.len(), data.len() - old + metadata.tlv_size_of()?)
    };
    let needed = Rent::get()?.minimum_balance(new_len.max(old_len));
    if needed > mint.lamports() {
        anchor_lang::system_program::transfer(
            CpiContext::new(
                a.system_program.key(),
                anchor_lang::system_program::Transfer {
                    from: a.admin.to_account_info(),
                    to: mint.clone(),
                },
            ),
            needed - mint.lamports(),
        )?;
    }
    let issuer_info = a.issuer.to_account_info();
    for (field, value) in [
        (Field::Uri, uri),
        (
            Field::Key(LEGAL_DOCUMENT_FIELD.into()),
            hex(&legal_document_hash),
        ),
    ] {
        let ix = spl_token_metadata_interface::instruction::update_field(
            &TOKEN_2022,
            &mint.key(),
            &issuer_info.key(),
            field,
            value,
        );
        invoke_as_issuer(&ix, &[mint.clone(), issuer_info.clone()], &a.issuer)?;
    }
    Ok(())
}
