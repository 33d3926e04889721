//! `close` (Solana only): after settlement, the depositor reclaims the rent of the escrow
//! account and its vault. Anyone can send tokens to a vault, so whatever a settled vault still
//! holds is paid to the depositor first; dust can never keep an escrow open.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, CloseAccount, Mint, TokenAccount, TokenInterface};

use crate::error::EscrowError;
use crate::events::EscrowClosed;
use crate::instructions::pay_from_vault;
use crate::state::{Escrow, EscrowStatus};

#[event_cpi]
#[derive(Accounts)]
pub struct Close<'info> {
    /// The depositor, who paid the rent and receives it back.
    #[account(mut)]
    pub depositor: Signer<'info>,

    /// Closed by Anchor at the end of the instruction, lamports to the depositor.
    #[account(mut, has_one = depositor @ EscrowError::Unauthorized, close = depositor)]
    pub escrow: Box<Account<'info, Escrow>>,

    #[account(mut, address = escrow.vault @ EscrowError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The escrow's mint (for the transfer of a remainder).
    #[account(address = escrow.mint @ EscrowError::InvalidAccount)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The depositor's token account that receives whatever the vault still holds.
    #[account(
        mut,
        token::mint = mint,
        token::authority = depositor,
        token::token_program = token_program,
    )]
    pub depositor_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = escrow.token_program @ EscrowError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Close>) -> Result<()> {
    let a = &ctx.accounts;
    require!(
        a.escrow.status != EscrowStatus::Active,
        EscrowError::EscrowActive
    );
    // A settled escrow owes nothing more; anything left was sent after settlement.
    let remainder = a.vault.amount;
    if remainder > 0 {
        pay_from_vault(
            &a.escrow,
            &a.vault,
            &a.mint,
            &a.depositor_token,
            &a.token_program,
            remainder,
        )?;
    }

    let seeds = a.escrow.signer_seeds();
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    token_interface::close_account(CpiContext::new_with_signer(
        a.token_program.key(),
        CloseAccount {
            account: a.vault.to_account_info(),
            destination: a.depositor.to_account_info(),
            authority: a.escrow.to_account_info(),
        },
        &[&seeds],
    ))?;
    emit_cpi!(EscrowClosed {
        escrow: a.escrow.key(),
        remainder,
    });
    Ok(())
}
