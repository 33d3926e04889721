//! Seeds and limits.

/// Seed prefix of registry PDAs: `["registry", authority, id_le_bytes]`.
pub const REGISTRY_SEED: &[u8] = b"registry";
/// Seed prefix of registry-agent PDAs (the role): `["agent", registry, agent]`.
pub const AGENT_SEED: &[u8] = b"agent";
/// Seed prefix of investor entries: `["investor", registry, wallet]`.
pub const INVESTOR_SEED: &[u8] = b"investor";
/// Seed prefix of a mint's policy (rules, holder count, controller): `["policy", mint]`.
pub const POLICY_SEED: &[u8] = b"policy";
/// Seed prefix of a holder's restrictions: `["holder", mint, wallet]`.
pub const HOLDER_SEED: &[u8] = b"holder";
/// Seed prefix of the transfer-hook validation account (fixed by the interface).
pub const EXTRA_ACCOUNT_METAS_SEED: &[u8] = b"extra-account-metas";
/// Most jurisdictions in each rules list.
pub const MAX_JURISDICTIONS: usize = 32;
/// Byte offset of `TokenPolicy::registry` in the policy account (after Anchor's 8-byte
/// discriminator and the mint): the extra-account-metas derive investor PDAs from it.
pub const POLICY_REGISTRY_OFFSET: u8 = 8 + 32;
/// Byte offset of the owner in a token account (after the mint).
pub const TOKEN_ACCOUNT_OWNER_OFFSET: u8 = 32;
