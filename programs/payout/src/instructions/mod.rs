//! One module per instruction: accounts validation first, then the handler.

pub mod claim;
pub mod clawback;
pub mod create_distribution;
pub mod init_claim_chunk;
pub mod multisend;

// Anchor's `#[program]` needs each instruction module's generated `__client_accounts_*` module
// at the crate root, hence the globs; the `handler`s they also re-export are always called by
// path, so the ambiguity is harmless.
#[allow(ambiguous_glob_reexports)]
pub use claim::*;
#[allow(ambiguous_glob_reexports)]
pub use clawback::*;
#[allow(ambiguous_glob_reexports)]
pub use create_distribution::*;
#[allow(ambiguous_glob_reexports)]
pub use init_claim_chunk::*;
#[allow(ambiguous_glob_reexports)]
pub use multisend::*;

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::state::Distribution;

/// Pays `amount` from the vault, signed by the distribution PDA.
pub(crate) fn pay_from_vault<'info>(
    distribution: &Account<'info, Distribution>,
    vault: &InterfaceAccount<'info, TokenAccount>,
    mint: &InterfaceAccount<'info, Mint>,
    to: &InterfaceAccount<'info, TokenAccount>,
    token_program: &Interface<'info, TokenInterface>,
    amount: u64,
) -> Result<()> {
    let seeds = distribution.signer_seeds();
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            token_program.key(),
            TransferChecked {
                from: vault.to_account_info(),
                mint: mint.to_account_info(),
                to: to.to_account_info(),
                authority: distribution.to_account_info(),
            },
            &[&seeds],
        ),
        amount,
        mint.decimals,
    )
}

/// Refuses a mint whose extensions give a third party power over the vault
/// (`tokenrail_solana_mint_guard`): checked where custody starts, before anything moves.
pub(crate) fn refuse_custody_risks(mint: &AccountInfo) -> Result<()> {
    if let Some(extension) = tokenrail_solana_mint_guard::custody_risk(mint)? {
        msg!(
            "the mint's {:?} extension gives a third party power over custody",
            extension
        );
        return err!(crate::error::PayoutError::UnsupportedMint);
    }
    Ok(())
}
