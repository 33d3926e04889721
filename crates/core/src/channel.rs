//! Payment channels: the numbered error codes of `docs/spec/channel.md`, shared by every chain.

use crate::spec_errors::spec_errors;

spec_errors! {
    /// Channel error codes.
    pub enum ChannelError("channel") {
        /// The caller is not a party where a party is required.
        Unauthorized = 1,
        /// Zero, malformed or non-canonical address.
        InvalidAddress = 2,
        /// The counterparty is the opener.
        SameParties = 3,
        /// A deposit of zero.
        ZeroAmount = 4,
        /// Challenge period outside 1 hour – 30 days.
        InvalidPeriod = 5,
        /// Open while the channel is Open or Closing.
        ChannelOpen = 6,
        /// No channel with this id.
        ChannelNotFound = 7,
        /// Deposit or close when the channel is not Open.
        NotOpen = 8,
        /// Challenge or settle when the channel is not Closing.
        NotClosing = 9,
        /// The message's channel id or epoch is not this channel's.
        WrongChannel = 10,
        /// Malformed signature, high-s, or bad encoding.
        InvalidSignature = 11,
        /// A signature does not belong to its party.
        WrongSigner = 12,
        /// A challenge state is not newer than the recorded one.
        StaleNonce = 13,
        /// Challenge at or after the deadline.
        ChallengePeriodOver = 14,
        /// Settle before the deadline.
        ChallengePeriodActive = 15,
        /// The state pays a party more than the deposits allow.
        Overdrawn = 16,
        /// Custody received another amount than the deposit.
        FundsMismatch = 17,
        /// Solana: the Ed25519 instruction is missing, foreign, or points elsewhere.
        InvalidSignatureInstruction = 18,
        /// Solana: an account is not the channel's own.
        InvalidAccount = 19,
        /// A token or native transfer failed.
        TransferFailed = 20,
        /// A call re-entered the contract during a token or coin transfer.
        Reentrancy = 21,
        /// Solana: the mint has an extension that gives a third party power over custody
        /// (permanent delegate, transfer fee, transfer hook, non-transferable).
        UnsupportedMint = 22,
    }
}
