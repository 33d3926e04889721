//! `create_distribution`: validate the schedule, initialise the distribution and its vault, fund
//! the vault. The claimed bitmap is created afterwards, chunk by chunk (`init_claim_chunk`).

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::constants::{DISTRIBUTION_SEED, VAULT_SEED};
use crate::error::PayoutError;
use crate::events::DistributionCreated;
use crate::state::{Distribution, DistributionStatus};

/// Parameters of a new distribution.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct DistributionParams {
    /// SHA-256 root over [`Distribution::leaf`] leaves.
    pub root: [u8; 32],
    /// Number of leaves.
    pub claims: u32,
    /// Amount funded.
    pub total: u64,
    /// Unix seconds; claims from then on.
    pub start: i64,
    /// Unix seconds; claims before it, clawback from it on.
    pub expiry: i64,
    /// Receives the remainder after the expiry; fixed here.
    pub clawback_receiver: Pubkey,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(id: u64)]
pub struct CreateDistribution<'info> {
    /// Funds the distribution and pays rent.
    #[account(mut)]
    pub funder: Signer<'info>,

    /// The paid mint (SPL Token or Token-2022).
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The funder's token account the total is taken from.
    #[account(
        mut,
        token::mint = mint,
        token::authority = funder,
        token::token_program = token_program,
    )]
    pub funder_token: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The new distribution; `init` fails if this funder already used `id`.
    #[account(
        init,
        payer = funder,
        space = 8 + Distribution::INIT_SPACE,
        seeds = [DISTRIBUTION_SEED, funder.key().as_ref(), &id.to_le_bytes()],
        bump,
    )]
    pub distribution: Box<Account<'info, Distribution>>,

    /// The vault, owned by the distribution PDA.
    #[account(
        init,
        payer = funder,
        seeds = [VAULT_SEED, distribution.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = distribution,
        token::token_program = token_program,
    )]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<CreateDistribution>,
    id: u64,
    params: DistributionParams,
) -> Result<()> {
    crate::instructions::refuse_custody_risks(&ctx.accounts.mint.to_account_info())?;
    let now = Clock::get()?.unix_timestamp;
    require!(
        params.start < params.expiry
            && params.expiry > now
            && params.total > 0
            && params.claims > 0,
        PayoutError::InvalidSchedule
    );
    require!(
        params.clawback_receiver != Pubkey::default(),
        PayoutError::InvalidAddress
    );
    let funder = ctx.accounts.funder.key();
    ctx.accounts.distribution.set_inner(Distribution {
        id,
        funder,
        mint: ctx.accounts.mint.key(),
        token_program: ctx.accounts.token_program.key(),
        vault: ctx.accounts.vault.key(),
        root: params.root,
        claims: params.claims,
        total: params.total,
        claimed: 0,
        start: params.start,
        expiry: params.expiry,
        clawback_receiver: params.clawback_receiver,
        status: DistributionStatus::Open,
        bump: ctx.bumps.distribution,
    });

    token_interface::transfer_checked(
        CpiContext::new(
            ctx.accounts.token_program.key(),
            TransferChecked {
                from: ctx.accounts.funder_token.to_account_info(),
                mint: ctx.accounts.mint.to_account_info(),
                to: ctx.accounts.vault.to_account_info(),
                authority: ctx.accounts.funder.to_account_info(),
            },
        ),
        params.total,
        ctx.accounts.mint.decimals,
    )?;
    // A Token-2022 transfer-fee mint delivers less than was sent: custody must not come up short.
    ctx.accounts.vault.reload()?;
    require!(
        ctx.accounts.vault.amount == params.total,
        PayoutError::FundsMismatch
    );

    emit_cpi!(DistributionCreated {
        distribution: ctx.accounts.distribution.key(),
        funder,
        mint: ctx.accounts.mint.key(),
        root: params.root,
        total: params.total,
        claims: params.claims,
        start: params.start,
        expiry: params.expiry,
        clawback_receiver: params.clawback_receiver,
    });
    Ok(())
}
