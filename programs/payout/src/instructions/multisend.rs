//! `multisend`: pay N recipient token accounts (the remaining accounts) from the payer.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::error::PayoutError;
use crate::events::MultiSent;

#[event_cpi]
#[derive(Accounts)]
pub struct MultiSend<'info> {
    /// Pays every leg and signs the transfers.
    pub payer: Signer<'info>,

    /// The paid mint (SPL Token or Token-2022).
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The payer's token account every leg is taken from.
    #[account(
        mut,
        token::mint = mint,
        token::authority = payer,
        token::token_program = token_program,
    )]
    pub payer_token: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
    // Remaining accounts: one writable token account of `mint` per recipient, in the order of
    // `amounts`.
}

pub fn handler<'info>(
    ctx: Context<'info, MultiSend<'info>>,
    amounts: Vec<u64>,
    declared_total: u64,
) -> Result<()> {
    let recipients = ctx.remaining_accounts;
    require!(
        recipients.len() == amounts.len(),
        PayoutError::LengthMismatch
    );
    require!(!recipients.is_empty(), PayoutError::EmptyBatch);
    let mint = ctx.accounts.mint.key();
    let token_program = ctx.accounts.token_program.key();
    // `None` once the sum overflows: it can then never equal the declared total.
    let mut sum = Some(0u64);
    for (i, (recipient, amount)) in recipients.iter().zip(&amounts).enumerate() {
        require!(*amount > 0, PayoutError::ZeroAmount);
        require!(
            is_token_account_of(recipient, &mint, &token_program),
            PayoutError::InvalidAddress
        );
        // Batches fit one transaction (a few dozen accounts), so a pairwise scan is cheaper
        // than any set.
        require!(
            recipients[..i].iter().all(|r| r.key != recipient.key),
            PayoutError::DuplicateRecipient
        );
        sum = sum.and_then(|s| s.checked_add(*amount));
    }
    require!(sum == Some(declared_total), PayoutError::TotalMismatch);

    let accounts = &ctx.accounts;
    for (recipient, amount) in recipients.iter().zip(&amounts) {
        // Payer → recipient directly: the token program (and any Token-2022 extension) sees
        // each leg as an ordinary transfer from the payer.
        token_interface::transfer_checked(
            CpiContext::new(
                token_program,
                TransferChecked {
                    from: accounts.payer_token.to_account_info(),
                    mint: accounts.mint.to_account_info(),
                    to: recipient.clone(),
                    authority: accounts.payer.to_account_info(),
                },
            ),
            *amount,
            accounts.mint.decimals,
        )?;
    }
    emit_cpi!(MultiSent {
        payer: accounts.payer.key(),
        mint,
        count: amounts.len() as u32,
        total: declared_total,
    });
    Ok(())
}

/// Whether `account` is a writable token account of `mint` under `token_program`.
fn is_token_account_of(account: &AccountInfo, mint: &Pubkey, token_program: &Pubkey) -> bool {
    if !account.is_writable || account.owner != token_program {
        return false;
    }
    let data = match account.try_borrow_data() {
        Ok(d) => d,
        Err(_) => return false,
    };
    TokenAccount::try_deserialize(&mut &data[..]).is_ok_and(|t| t.mint == *mint)
}
