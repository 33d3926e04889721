//! Spec error codes (`docs/spec/channel.md`). Anchor adds its offset of 6000, so spec code `n`
//! is custom program error `6000 + n`; `tests/attacks.rs` pins every number.

use anchor_lang::prelude::*;

#[error_code]
pub enum ChannelError {
    /// 1: the caller is not a party where a party is required.
    #[msg("[channel:1 Unauthorized] only a party of the channel may do this")]
    Unauthorized = 1,
    /// 2: the default public key as counterparty.
    #[msg("[channel:2 InvalidAddress] the counterparty is the default public key")]
    InvalidAddress = 2,
    /// 3: the counterparty is the opener.
    #[msg("[channel:3 SameParties] the counterparty is the opener")]
    SameParties = 3,
    /// 4: a deposit of zero.
    #[msg("[channel:4 ZeroAmount] deposits must be positive")]
    ZeroAmount = 4,
    /// 5: challenge period outside 1 hour – 30 days.
    #[msg("[channel:5 InvalidPeriod] the challenge period must be 1 hour to 30 days")]
    InvalidPeriod = 5,
    /// 6: open while the channel is Open or Closing.
    #[msg("[channel:6 ChannelOpen] the channel is open or closing")]
    ChannelOpen = 6,
    /// 7: no channel with this id.
    #[msg("[channel:7 ChannelNotFound] no such channel")]
    ChannelNotFound = 7,
    /// 8: deposit or close when the channel is not Open.
    #[msg("[channel:8 NotOpen] the channel is not open")]
    NotOpen = 8,
    /// 9: challenge or settle when the channel is not Closing.
    #[msg("[channel:9 NotClosing] the channel is not closing")]
    NotClosing = 9,
    /// 10: the message's channel id or epoch is not this channel's.
    #[msg("[channel:10 WrongChannel] the message names another channel or epoch")]
    WrongChannel = 10,
    /// 11: unused on Solana (the Ed25519 program rejects malformed signatures).
    #[msg("[channel:11 InvalidSignature] malformed signature")]
    InvalidSignature = 11,
    /// 12: a verified key is not its party's, or the verified message is not this state.
    #[msg(
        "[channel:12 WrongSigner] the signatures are not the parties' signatures of this message"
    )]
    WrongSigner = 12,
    /// 13: a challenge state is not newer than the recorded one.
    #[msg("[channel:13 StaleNonce] the state is not newer than the recorded one")]
    StaleNonce = 13,
    /// 14: challenge at or after the deadline.
    #[msg("[channel:14 ChallengePeriodOver] the challenge period is over")]
    ChallengePeriodOver = 14,
    /// 15: settle before the deadline.
    #[msg("[channel:15 ChallengePeriodActive] the challenge period is still running")]
    ChallengePeriodActive = 15,
    /// 16: the state pays a party more than the deposits allow.
    #[msg("[channel:16 Overdrawn] the state pays a party more than the deposits allow")]
    Overdrawn = 16,
    /// 17: the vault received another amount than the deposit (a transfer-fee mint).
    #[msg("[channel:17 FundsMismatch] the vault received another amount than the deposit")]
    FundsMismatch = 17,
    /// 18: the Ed25519 instruction is missing, foreign, or its offsets point elsewhere.
    #[msg("[channel:18 InvalidSignatureInstruction] no valid Ed25519 instruction right before this one")]
    InvalidSignatureInstruction = 18,
    /// 19: an account is not the channel's own (vault, mint, token program, payout account).
    #[msg("[channel:19 InvalidAccount] an account does not belong to this channel")]
    InvalidAccount = 19,
    /// 22: the mint lets a third party take, skim or block custody (see
    /// `tokenrail_solana_mint_guard`).
    #[msg(
        "[channel:22 UnsupportedMint] the mint's extensions give a third party power over custody"
    )]
    UnsupportedMint = 22,
}
