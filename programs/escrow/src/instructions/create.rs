//! `create`: validate parameters, initialise the escrow and its vault, fund the vault.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::constants::{ESCROW_SEED, MAX_MILESTONES, VAULT_SEED};
use crate::error::EscrowError;
use crate::events::EscrowCreated;
use crate::state::{Escrow, EscrowStatus};

#[event_cpi]
#[derive(Accounts)]
#[instruction(id: u64)]
pub struct Create<'info> {
    /// Funds the escrow and pays rent.
    #[account(mut)]
    pub depositor: Signer<'info>,

    /// The escrowed mint (SPL Token or Token-2022).
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The depositor's token account the total is taken from.
    #[account(
        mut,
        token::mint = mint,
        token::authority = depositor,
        token::token_program = token_program,
    )]
    pub depositor_token: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The new escrow; `init` fails if this depositor already used `id`.
    #[account(
        init,
        payer = depositor,
        space = 8 + Escrow::INIT_SPACE,
        seeds = [ESCROW_SEED, depositor.key().as_ref(), &id.to_le_bytes()],
        bump,
    )]
    pub escrow: Box<Account<'info, Escrow>>,

    /// The vault, owned by the escrow PDA.
    #[account(
        init,
        payer = depositor,
        seeds = [VAULT_SEED, escrow.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = escrow,
        token::token_program = token_program,
    )]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<Create>,
    id: u64,
    beneficiary: Pubkey,
    arbiter: Option<Pubkey>,
    milestones: Vec<u64>,
    deadline: i64,
) -> Result<()> {
    crate::instructions::refuse_custody_risks(&ctx.accounts.mint.to_account_info())?;
    let depositor = ctx.accounts.depositor.key();
    require!(
        beneficiary != Pubkey::default(),
        EscrowError::InvalidAddress
    );
    require!(
        beneficiary != depositor && arbiter.is_none_or(|a| a != depositor && a != beneficiary),
        EscrowError::InvalidParties
    );
    require!(
        !milestones.is_empty() && milestones.len() <= MAX_MILESTONES,
        EscrowError::InvalidMilestones
    );
    require!(milestones.iter().all(|m| *m > 0), EscrowError::ZeroAmount);
    let total = milestones
        .iter()
        .try_fold(0u64, |acc, m| acc.checked_add(*m))
        .ok_or(EscrowError::AmountOverflow)?;
    require!(
        deadline > Clock::get()?.unix_timestamp,
        EscrowError::DeadlineNotInFuture
    );

    let mut amounts = [0u64; MAX_MILESTONES];
    amounts[..milestones.len()].copy_from_slice(&milestones);
    let escrow = &mut ctx.accounts.escrow;
    escrow.set_inner(Escrow {
        id,
        depositor,
        beneficiary,
        arbiter,
        mint: ctx.accounts.mint.key(),
        token_program: ctx.accounts.token_program.key(),
        vault: ctx.accounts.vault.key(),
        milestones: amounts,
        milestone_count: milestones.len() as u8,
        next_milestone: 0,
        released: 0,
        total,
        deadline,
        status: EscrowStatus::Active,
        bump: ctx.bumps.escrow,
    });

    token_interface::transfer_checked(
        CpiContext::new(
            ctx.accounts.token_program.key(),
            TransferChecked {
                from: ctx.accounts.depositor_token.to_account_info(),
                mint: ctx.accounts.mint.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.depositor.to_account_info(),
            },
        ),
        total,
        ctx.accounts.mint.decimals,
    )?;
    // A Token-2022 transfer-fee mint delivers less than was sent: custody must not come up short.
    ctx.accounts.vault.reload()?;
    require!(
        ctx.accounts.vault.amount == total,
        EscrowError::FundsMismatch
    );

    emit_cpi!(EscrowCreated {
        escrow: ctx.accounts.escrow.key(),
        depositor,
        beneficiary,
        arbiter,
        mint: ctx.accounts.mint.key(),
        total,
        deadline,
        milestones,
    });
    Ok(())
}
