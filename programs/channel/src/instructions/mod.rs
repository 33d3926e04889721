//! One module per instruction: accounts validation first, then the handler.

pub mod challenge;
pub mod close;
pub mod deposit;
pub mod open;
pub mod settle;

// Anchor's `#[program]` needs each instruction module's generated `__client_accounts_*` module
// at the crate root, hence the globs; the `handler`s they also re-export are always called by
// path, so the ambiguity is harmless.
#[allow(ambiguous_glob_reexports)]
pub use close::*;
#[allow(ambiguous_glob_reexports)]
pub use deposit::*;
#[allow(ambiguous_glob_reexports)]
pub use open::*;

use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::error::ChannelError;
use crate::events::ChannelSettled;
use crate::signatures::verify_parties_signed;
use crate::state::{Channel, ChannelStatus};

/// A signed State as submitted: the fields the parties signed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedState {
    /// The channel account the state names.
    pub channel_id: Pubkey,
    /// The epoch it names.
    pub epoch: u64,
    /// Its nonce.
    pub nonce: u64,
    /// Cumulative amount A paid B.
    pub sent_a: u64,
    /// Cumulative amount B paid A.
    pub sent_b: u64,
}

/// A signed Close as submitted.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedClose {
    /// The channel account the close names.
    pub channel_id: Pubkey,
    /// The epoch it names.
    pub epoch: u64,
    /// Cumulative amount A paid B.
    pub sent_a: u64,
    /// Cumulative amount B paid A.
    pub sent_b: u64,
}

impl SignedState {
    /// The bytes both parties signed (`tokenrail-channel`'s Solana encoding).
    pub fn message(&self) -> tokenrail_channel::Message {
        tokenrail_channel::Message::State(tokenrail_channel::State {
            channel_id: self.channel_id.to_bytes(),
            epoch: self.epoch,
            nonce: self.nonce,
            sent_a: self.sent_a.into(),
            sent_b: self.sent_b.into(),
        })
    }
}

impl SignedClose {
    /// The bytes both parties signed.
    pub fn message(&self) -> tokenrail_channel::Message {
        tokenrail_channel::Message::Close(tokenrail_channel::Close {
            channel_id: self.channel_id.to_bytes(),
            epoch: self.epoch,
            sent_a: self.sent_a.into(),
            sent_b: self.sent_b.into(),
        })
    }
}

/// The message names this channel account and its current epoch (`WrongChannel`), and the
/// Ed25519 instruction before this one verifies both parties' signatures of exactly its bytes.
pub(crate) fn verify_message(
    channel: &Account<Channel>,
    named: (Pubkey, u64),
    message: tokenrail_channel::Message,
    instructions: &AccountInfo,
) -> Result<()> {
    require!(
        named.0 == channel.key() && named.1 == channel.epoch,
        ChannelError::WrongChannel
    );
    // Always encodable: Solana amounts are u64 (an empty message would match nothing).
    let bytes = message
        .solana_bytes(&crate::ID.to_bytes(), &channel.network)
        .unwrap_or_default();
    verify_parties_signed(instructions, &bytes, [&channel.a, &channel.b])
}

/// Moves `amount` from `from` (signed by `authority`) into the vault and checks the vault grew
/// by exactly that (`FundsMismatch` for a transfer-fee mint).
pub(crate) fn pull_into_vault<'info>(
    vault: &mut InterfaceAccount<'info, TokenAccount>,
    mint: &InterfaceAccount<'info, Mint>,
    from: &InterfaceAccount<'info, TokenAccount>,
    authority: &Signer<'info>,
    token_program: &Interface<'info, TokenInterface>,
    amount: u64,
) -> Result<()> {
    let before = vault.amount;
    token_interface::transfer_checked(
        CpiContext::new(
            token_program.key(),
            TransferChecked {
                from: from.to_account_info(),
                mint: mint.to_account_info(),
                to: vault.to_account_info(),
                authority: authority.to_account_info(),
            },
        ),
        amount,
        mint.decimals,
    )?;
    vault.reload()?;
    require!(
        vault.amount.checked_sub(before) == Some(amount),
        ChannelError::FundsMismatch
    );
    Ok(())
}

/// The accounts every payout needs.
pub(crate) struct PayoutAccounts<'a, 'info> {
    pub channel: &'a mut Account<'info, Channel>,
    pub vault: &'a InterfaceAccount<'info, TokenAccount>,
    pub mint: &'a InterfaceAccount<'info, Mint>,
    pub a_token: &'a InterfaceAccount<'info, TokenAccount>,
    pub b_token: &'a InterfaceAccount<'info, TokenAccount>,
    pub token_program: &'a Interface<'info, TokenInterface>,
}

/// Pays both balances of `sent_a`/`sent_b` from the vault and settles the epoch; returns the
/// event for the caller to emit (`emit_cpi!` needs the instruction's context).
pub(crate) fn settle_now(
    accounts: PayoutAccounts,
    sent_a: u64,
    sent_b: u64,
) -> Result<ChannelSettled> {
    let PayoutAccounts {
        channel,
        vault,
        mint,
        a_token,
        b_token,
        token_program,
    } = accounts;
    let (pay_a, pay_b) = channel.payouts(sent_a, sent_b)?;
    channel.status = ChannelStatus::Settled;
    channel.deposit_a = 0;
    channel.deposit_b = 0;
    channel.sent_a = 0;
    channel.sent_b = 0;
    channel.deadline = 0;
    let seeds = channel.signer_seeds();
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    for (to, amount) in [(a_token, pay_a), (b_token, pay_b)] {
        if amount == 0 {
            continue;
        }
        token_interface::transfer_checked(
            CpiContext::new_with_signer(
                token_program.key(),
                TransferChecked {
                    from: vault.to_account_info(),
                    mint: mint.to_account_info(),
                    to: to.to_account_info(),
                    authority: channel.to_account_info(),
                },
                &[&seeds],
            ),
            amount,
            mint.decimals,
        )?;
    }
    Ok(ChannelSettled {
        channel: channel.key(),
        epoch: channel.epoch,
        balance_a: pay_a,
        balance_b: pay_b,
    })
}

/// Refuses a mint whose extensions give a third party power over the vault
/// (`tokenrail_solana_mint_guard`): checked where custody starts, before anything moves.
pub(crate) fn refuse_custody_risks(mint: &AccountInfo) -> Result<()> {
    if let Some(extension) = tokenrail_solana_mint_guard::custody_risk(mint)? {
        msg!(
            "the mint's {:?} extension gives a third party power over custody",
            extension
        );
        return err!(crate::error::ChannelError::UnsupportedMint);
    }
    Ok(())
}
