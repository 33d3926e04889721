//! `init_claim_chunk`: create one chunk of a distribution's claimed bitmap (anyone may pay its
//! rent; the funder normally does, once per 65,536 claims).

use anchor_lang::prelude::*;

use crate::constants::CLAIM_CHUNK_SEED;
use crate::error::PayoutError;
use crate::state::{ClaimChunk, Distribution};

#[derive(Accounts)]
#[instruction(chunk: u32)]
pub struct InitClaimChunk<'info> {
    /// Pays the chunk's rent.
    #[account(mut)]
    pub payer: Signer<'info>,

    pub distribution: Box<Account<'info, Distribution>>,

    /// The new chunk.
    #[account(
        init,
        payer = payer,
        space = ClaimChunk::SPACE,
        seeds = [CLAIM_CHUNK_SEED, distribution.key().as_ref(), &chunk.to_le_bytes()],
        bump,
    )]
    pub claim_chunk: AccountLoader<'info, ClaimChunk>,

    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<InitClaimChunk>, chunk: u32) -> Result<()> {
    let claims = ctx.accounts.distribution.claims;
    // Only chunks that can hold a leaf index of this distribution.
    require!(
        chunk <= ClaimChunk::chunk_of(claims - 1),
        PayoutError::InvalidAccount
    );
    let mut c = ctx.accounts.claim_chunk.load_init()?;
    c.distribution = ctx.accounts.distribution.key();
    c.chunk = chunk;
    c.bump = ctx.bumps.claim_chunk;
    Ok(())
}
