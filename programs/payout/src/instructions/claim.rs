//! `claim`: pay leaf `index` to a token account of the leaf's account.

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::constants::{CLAIM_CHUNK_SEED, MAX_PROOF_LEN};
use crate::error::PayoutError;
use crate::events::Claimed;
use crate::state::{ClaimChunk, Distribution, DistributionStatus};

#[event_cpi]
#[derive(Accounts)]
#[instruction(index: u32)]
pub struct Claim<'info> {
    /// Anyone may submit a claim (a relayer pays the fee); funds go only to the leaf's account.
    pub submitter: Signer<'info>,

    #[account(mut)]
    pub distribution: Box<Account<'info, Distribution>>,

    #[account(mut, address = distribution.vault @ PayoutError::InvalidAccount)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = distribution.mint @ PayoutError::InvalidAccount)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,

    /// The chunk of the claimed bitmap holding `index`.
    #[account(
        mut,
        seeds = [
            CLAIM_CHUNK_SEED,
            distribution.key().as_ref(),
            &ClaimChunk::chunk_of(index).to_le_bytes(),
        ],
        bump,
    )]
    pub claim_chunk: AccountLoader<'info, ClaimChunk>,

    /// A token account of the distribution's mint; its owner is the account the leaf must name.
    #[account(mut, constraint = recipient_token.mint == distribution.mint @ PayoutError::InvalidAccount)]
    pub recipient_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = distribution.token_program @ PayoutError::InvalidAccount)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Claim>, index: u32, amount: u64, proof: Vec<[u8; 32]>) -> Result<()> {
    let d = &ctx.accounts.distribution;
    require!(
        d.status == DistributionStatus::Open,
        PayoutError::ClawedBack
    );
    let now = Clock::get()?.unix_timestamp;
    require!(now >= d.start, PayoutError::NotStarted);
    require!(now < d.expiry, PayoutError::Expired);
    {
        let chunk = ctx.accounts.claim_chunk.load()?;
        require!(!chunk.is_claimed(index), PayoutError::AlreadyClaimed);
    }
    let account = ctx.accounts.recipient_token.owner;
    let leaf = Distribution::leaf(ctx.program_id, &d.key(), index, &account, amount);
    require!(
        index < d.claims
            && proof.len() <= MAX_PROOF_LEN
            && Distribution::verify(&d.root, leaf, &proof),
        PayoutError::InvalidProof
    );
    let claimed = d
        .claimed
        .checked_add(amount)
        .filter(|c| *c <= d.total)
        .ok_or(PayoutError::ExceedsTotal)?;

    ctx.accounts.claim_chunk.load_mut()?.mark(index);
    ctx.accounts.distribution.claimed = claimed;
    super::pay_from_vault(
        &ctx.accounts.distribution,
        &ctx.accounts.vault,
        &ctx.accounts.mint,
        &ctx.accounts.recipient_token,
        &ctx.accounts.token_program,
        amount,
    )?;
    emit_cpi!(Claimed {
        distribution: ctx.accounts.distribution.key(),
        index,
        account,
        amount,
    });
    Ok(())
}
