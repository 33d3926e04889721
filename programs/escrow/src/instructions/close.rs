//! `close` (Solana only): after settlement, the depositor reclaims the rent of the escrow
//! account and its empty vault.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, CloseAccount, TokenAccount, TokenInterface};

use crate::error::EscrowError;
use crate::events::EscrowClosed;
use crate::state::{Escrow, EscrowStatus};

#[derive(Accounts)]
pub struct Close<'info> {
    /// The depositor, who paid the rent and receives it back.
    #[account(mut)]
    pub depositor: Signer<'info>,

    /// Closed by Anchor at the end of the instruction, lamports to the depositor.
    #[account(mut, has_one = depositor @ EscrowError::Unauthorized, close = depositor)]
    pub escrow: Account<'info, Escrow>,

    #[account(mut, address = escrow.vault @ EscrowError::InvalidAccount)]
    pub vault: InterfaceAccount<'info, TokenAccount>,

    #[account(address = escrow.token_program @ EscrowError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Close>) -> Result<()> {
    let escrow = &ctx.accounts.escrow;
    require!(
        escrow.status != EscrowStatus::Active,
        EscrowError::EscrowActive
    );
    // A settled escrow's vault is always empty; the token program would refuse to close it
    // otherwise, but say so in the escrow's own terms.
    require!(ctx.accounts.vault.amount == 0, EscrowError::EscrowActive);

    let seeds = escrow.signer_seeds();
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    token_interface::close_account(CpiContext::new_with_signer(
        ctx.accounts.token_program.key(),
        CloseAccount {
            account: ctx.accounts.vault.to_account_info(),
            destination: ctx.accounts.depositor.to_account_info(),
            authority: ctx.accounts.escrow.to_account_info(),
        },
        &[&seeds],
    ))?;
    emit!(EscrowClosed {
        escrow: ctx.accounts.escrow.key(),
    });
    Ok(())
}
