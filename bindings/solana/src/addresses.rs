//! Every address a Tokenrail Solana client derives: the programs' PDAs (their seeds are part of
//! each program's interface, `docs/spec/*.md`, Solana) and associated token accounts. The program
//! crates derive the same PDAs on chain; the programs' tests build their instructions from these
//! functions, so a seed that drifts on either side fails them.

use anchor_lang::prelude::Pubkey;

use crate::{
    tokenrail_channel_program, tokenrail_escrow, tokenrail_issuer, tokenrail_payout,
    tokenrail_transfer_hook,
};

/// The seed prefixes, as the programs' `constants` modules define them.
pub mod seeds {
    /// Escrow: `["escrow", depositor, id_le_bytes]`.
    pub const ESCROW: &[u8] = b"escrow";
    /// A custody program's vault: `["vault", owner]` (escrow, distribution or channel).
    pub const VAULT: &[u8] = b"vault";
    /// Payout distribution: `["distribution", funder, id_le_bytes]`.
    pub const DISTRIBUTION: &[u8] = b"distribution";
    /// Claim-bitmap chunk: `["claims", distribution, chunk_le_bytes]`.
    pub const CLAIM_CHUNK: &[u8] = b"claims";
    /// Registry: `["registry", authority, id_le_bytes]`.
    pub const REGISTRY: &[u8] = b"registry";
    /// Registry-agent role: `["agent", registry, agent]`.
    pub const AGENT: &[u8] = b"agent";
    /// Investor entry: `["investor", registry, wallet]`.
    pub const INVESTOR: &[u8] = b"investor";
    /// A mint's policy: `["policy", mint]`.
    pub const POLICY: &[u8] = b"policy";
    /// A wallet's record on a mint: `["holder", mint, wallet]`.
    pub const HOLDER: &[u8] = b"holder";
    /// The transfer-hook validation account: `["extra-account-metas", mint]`.
    pub const EXTRA_ACCOUNT_METAS: &[u8] = b"extra-account-metas";
    /// The issuer PDA of a mint: `["issuer", mint]`.
    pub const ISSUER: &[u8] = b"issuer";
    /// A mint's documents (ERC-1643): `["documents", mint]`.
    pub const DOCUMENTS: &[u8] = b"documents";
    /// A role grant: `["role", issuer, role_byte, account]`.
    pub const ROLE: &[u8] = b"role";
    /// A channel: `["channel", a, b, mint]`.
    pub const CHANNEL: &[u8] = b"channel";
    /// Anchor's event authority: `["__event_authority"]` (`#[event_cpi]`).
    pub const EVENT_AUTHORITY: &[u8] = b"__event_authority";
}

fn pda(seeds: &[&[u8]], program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(seeds, program).0
}

/// The event authority of `program` (escrow, payout or channel): the PDA the program signs its
/// events' self-invocation with (`emit_cpi!`). Every instruction that emits an event names it,
/// and the program itself, as its last two accounts.
pub fn event_authority_address(program: &Pubkey) -> Pubkey {
    pda(&[seeds::EVENT_AUTHORITY], program)
}

/// The escrow PDA of `depositor`'s escrow number `id`.
pub fn escrow_address(depositor: &Pubkey, id: u64) -> Pubkey {
    let program = tokenrail_escrow::ID;
    pda(
        &[seeds::ESCROW, depositor.as_ref(), &id.to_le_bytes()],
        &program,
    )
}

/// The vault of `escrow`.
pub fn escrow_vault_address(escrow: &Pubkey) -> Pubkey {
    pda(&[seeds::VAULT, escrow.as_ref()], &tokenrail_escrow::ID)
}

/// The distribution PDA of `funder`'s distribution number `id`.
pub fn distribution_address(funder: &Pubkey, id: u64) -> Pubkey {
    let program = tokenrail_payout::ID;
    pda(
        &[seeds::DISTRIBUTION, funder.as_ref(), &id.to_le_bytes()],
        &program,
    )
}

/// The vault of `distribution`.
pub fn distribution_vault_address(distribution: &Pubkey) -> Pubkey {
    pda(
        &[seeds::VAULT, distribution.as_ref()],
        &tokenrail_payout::ID,
    )
}

/// Claim-bitmap chunk `chunk` of `distribution`.
pub fn claim_chunk_address(distribution: &Pubkey, chunk: u32) -> Pubkey {
    let program = tokenrail_payout::ID;
    pda(
        &[
            seeds::CLAIM_CHUNK,
            distribution.as_ref(),
            &chunk.to_le_bytes(),
        ],
        &program,
    )
}

/// Registry number `id` of `authority`.
pub fn registry_address(authority: &Pubkey, id: u64) -> Pubkey {
    let program = tokenrail_transfer_hook::ID;
    pda(
        &[seeds::REGISTRY, authority.as_ref(), &id.to_le_bytes()],
        &program,
    )
}

/// The registry-agent role of `agent` in `registry`.
pub fn registry_agent_address(registry: &Pubkey, agent: &Pubkey) -> Pubkey {
    let program = tokenrail_transfer_hook::ID;
    pda(&[seeds::AGENT, registry.as_ref(), agent.as_ref()], &program)
}

/// `wallet`'s investor entry in `registry`.
pub fn investor_address(registry: &Pubkey, wallet: &Pubkey) -> Pubkey {
    let program = tokenrail_transfer_hook::ID;
    pda(
        &[seeds::INVESTOR, registry.as_ref(), wallet.as_ref()],
        &program,
    )
}

/// The policy of a hooked `mint`.
pub fn policy_address(mint: &Pubkey) -> Pubkey {
    pda(
        &[seeds::POLICY, mint.as_ref()],
        &tokenrail_transfer_hook::ID,
    )
}

/// `wallet`'s record on `mint` (restrictions, the agent's freeze, its place in the holder count).
pub fn holder_address(mint: &Pubkey, wallet: &Pubkey) -> Pubkey {
    let program = tokenrail_transfer_hook::ID;
    pda(&[seeds::HOLDER, mint.as_ref(), wallet.as_ref()], &program)
}

/// The transfer-hook validation account of `mint`.
pub fn extra_account_metas_address(mint: &Pubkey) -> Pubkey {
    let program = tokenrail_transfer_hook::ID;
    pda(&[seeds::EXTRA_ACCOUNT_METAS, mint.as_ref()], &program)
}

/// The issuer PDA of `mint`: every authority of the mint.
pub fn issuer_address(mint: &Pubkey) -> Pubkey {
    pda(&[seeds::ISSUER, mint.as_ref()], &tokenrail_issuer::ID)
}

/// The documents account of `mint` (every document but `legal`, which is the mint's metadata).
pub fn documents_address(mint: &Pubkey) -> Pubkey {
    pda(&[seeds::DOCUMENTS, mint.as_ref()], &tokenrail_issuer::ID)
}

/// The grant of the role whose seed byte is `role` (1 issuer, 2 agent, 3 pauser) to `account`.
pub fn role_address(issuer: &Pubkey, role: u8, account: &Pubkey) -> Pubkey {
    let program = tokenrail_issuer::ID;
    pda(
        &[seeds::ROLE, issuer.as_ref(), &[role], account.as_ref()],
        &program,
    )
}

/// The channel of `a` (the opener) and `b` in `mint`: also the channel id the parties sign.
pub fn channel_address(a: &Pubkey, b: &Pubkey, mint: &Pubkey) -> Pubkey {
    let program = tokenrail_channel_program::ID;
    pda(
        &[seeds::CHANNEL, a.as_ref(), b.as_ref(), mint.as_ref()],
        &program,
    )
}

/// The vault of `channel`.
pub fn channel_vault_address(channel: &Pubkey) -> Pubkey {
    pda(
        &[seeds::VAULT, channel.as_ref()],
        &tokenrail_channel_program::ID,
    )
}

/// `wallet`'s associated token account of `mint` under `token_program` (for the asset token,
/// Token-2022: the one account of a wallet the issuer thaws).
pub fn associated_token_address(wallet: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    pda(
        &[wallet.as_ref(), token_program.as_ref(), mint.as_ref()],
        &ASSOCIATED_TOKEN_PROGRAM,
    )
}

/// The associated token account program.
pub const ASSOCIATED_TOKEN_PROGRAM: Pubkey =
    anchor_lang::pubkey!("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
/// SPL Token.
pub const TOKEN: Pubkey = anchor_lang::pubkey!("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Token-2022.
pub const TOKEN_2022: Pubkey = anchor_lang::pubkey!("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
