//! The channel account.

use anchor_lang::prelude::*;

use crate::constants::CHANNEL_SEED;
use crate::error::ChannelError;

/// Lifecycle of a channel epoch.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum ChannelStatus {
    /// Deposits and closes accepted.
    Open,
    /// A unilateral close is waiting out its challenge period.
    Closing,
    /// Paid out; may be opened again (next epoch).
    Settled,
}

/// One channel; a PDA at `["channel", a, b, mint]`, whose address is the channel id.
#[account]
#[derive(InitSpace, Debug)]
pub struct Channel {
    /// The opener (party A).
    pub a: Pubkey,
    /// The counterparty (party B).
    pub b: Pubkey,
    /// The mint held.
    pub mint: Pubkey,
    /// The mint's token program.
    pub token_program: Pubkey,
    /// The vault token account, owned by this PDA.
    pub vault: Pubkey,
    /// The cluster's genesis hash as the opener gave it: every signed state of this epoch binds
    /// it, so a state signed on another cluster (where the same program id, parties and mint
    /// exist) never verifies here. A program cannot read the genesis hash; a party's client
    /// checks this value before it deposits or signs.
    pub network: [u8; 32],
    /// Which opening; 1 for the first.
    pub epoch: u64,
    /// Lifecycle state.
    pub status: ChannelStatus,
    /// Challenge period, seconds.
    pub period: u64,
    /// End of the challenge period while Closing (Unix seconds).
    pub deadline: i64,
    /// Nonce of the recorded state while Closing.
    pub nonce: u64,
    /// A's deposits this epoch.
    pub deposit_a: u64,
    /// B's deposits this epoch.
    pub deposit_b: u64,
    /// Recorded cumulative amount A paid B.
    pub sent_a: u64,
    /// Recorded cumulative amount B paid A.
    pub sent_b: u64,
    /// PDA bump.
    pub bump: u8,
}

impl Channel {
    /// The PDA's signer seeds.
    pub fn signer_seeds(&self) -> [Vec<u8>; 5] {
        [
            CHANNEL_SEED.to_vec(),
            self.a.to_bytes().to_vec(),
            self.b.to_bytes().to_vec(),
            self.mint.to_bytes().to_vec(),
            vec![self.bump],
        ]
    }

    /// Whether `who` is a party.
    pub fn is_party(&self, who: &Pubkey) -> bool {
        *who == self.a || *who == self.b
    }

    /// The balances `sent_a`/`sent_b` give for the deposits (the shared rule of
    /// `tokenrail-channel`), or `Overdrawn`.
    pub fn payouts(&self, sent_a: u64, sent_b: u64) -> Result<(u64, u64)> {
        let (a, b) = tokenrail_channel::balances(
            self.deposit_a.into(),
            self.deposit_b.into(),
            sent_a.into(),
            sent_b.into(),
        )
        .ok_or(ChannelError::Overdrawn)?;
        // Both are at most the deposits' total, which fits u64 (checked at every deposit).
        Ok((a as u64, b as u64))
    }
}
