//! Seeds and limits.

/// Seed prefix of channel PDAs: `["channel", a, b, mint]`. The channel account is the channel
/// id the parties sign.
pub const CHANNEL_SEED: &[u8] = b"channel";
/// Seed prefix of vault PDAs: `["vault", channel]`.
pub const VAULT_SEED: &[u8] = b"vault";
/// Shortest challenge period: one hour.
pub const MIN_PERIOD: u64 = 3600;
/// Longest challenge period: thirty days.
pub const MAX_PERIOD: u64 = 30 * 24 * 3600;
