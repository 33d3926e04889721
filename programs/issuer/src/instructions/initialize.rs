//! `initialize`: create the Token-2022 mint with its extensions and metadata, every authority
//! the issuer PDA, and attach the transfer hook's policy.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::program::invoke;
use anchor_spl::token_2022::{Token2022, ID as TOKEN_2022};
use spl_token_2022_interface::extension::ExtensionType;
use spl_token_metadata_interface::state::{Field, TokenMetadata};
use tokenrail_transfer_hook::program::TokenrailTransferHook;
use tokenrail_transfer_hook::{Registry, TokenError};

use crate::constants::{
    DOCUMENTS_SEED, ISSUER_SEED, LEGAL_DOCUMENT_FIELD, MAX_NAME_LEN, MAX_SYMBOL_LEN, MAX_URI_LEN,
};
use crate::instructions::token_cpi::invoke_as_issuer;
use crate::state::{Documents, Issuer};

/// What the token is.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct TokenParams {
    /// 1–64 bytes.
    pub name: String,
    /// 1–16 bytes.
    pub symbol: String,
    /// Up to 256 bytes.
    pub uri: String,
    /// SHA-256 of the legal document (stored hex-encoded as a metadata field).
    pub legal_document_hash: [u8; 32],
    /// 0–18 (Solana amounts are `u64`, so 9 is the practical maximum for large supplies).
    pub decimals: u8,
    /// Largest supply, > 0.
    pub cap: u64,
}

impl TokenParams {
    fn validate(&self) -> Result<()> {
        let ok = (1..=MAX_NAME_LEN).contains(&self.name.len())
            && (1..=MAX_SYMBOL_LEN).contains(&self.symbol.len())
            && self.uri.len() <= MAX_URI_LEN
            && self.decimals <= 18
            && self.cap > 0;
        require!(ok, TokenError::InvalidMetadata);
        Ok(())
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[(b >> 4) as usize] as char,
                DIGITS[(b & 15) as usize] as char,
            ]
        })
        .collect()
}

/// The mint's metadata as Token-2022 stores it.
pub fn token_metadata(mint: Pubkey, issuer: Pubkey, p: &TokenParams) -> Result<TokenMetadata> {
    Ok(TokenMetadata {
        update_authority: Some(issuer).try_into()?,
        mint,
        name: p.name.clone(),
        symbol: p.symbol.clone(),
        uri: p.uri.clone(),
        additional_metadata: vec![(LEGAL_DOCUMENT_FIELD.into(), hex(&p.legal_document_hash))],
    })
}

/// Accounts of `initialize`.
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Becomes the admin (and holds no other role); pays rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The new mint (a fresh keypair).
    #[account(mut)]
    pub mint: Signer<'info>,
    /// The issuer PDA: every authority of the mint.
    #[account(
        init,
        payer = admin,
        space = 8 + Issuer::INIT_SPACE,
        seeds = [ISSUER_SEED, mint.key().as_ref()],
        bump,
    )]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The investor registry the token's transfers consult.
    pub registry: Box<Account<'info, Registry>>,
    /// CHECK: the hook's policy PDA for the mint, created by the hook (which checks the seeds).
    #[account(mut)]
    pub policy: UncheckedAccount<'info>,
    /// CHECK: the hook's validation PDA for the mint, created by the hook.
    #[account(mut)]
    pub extra_account_meta_list: UncheckedAccount<'info>,
    /// The transfer-hook program.
    pub hook_program: Program<'info, TokenrailTransferHook>,
    /// The mint's documents (ERC-1643), empty but for the time the metadata was set.
    #[account(
        init,
        payer = admin,
        space = Documents::EMPTY_SPACE,
        seeds = [DOCUMENTS_SEED, mint.key().as_ref()],
        bump,
    )]
    pub documents: Box<Account<'info, Documents>>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Creates accounts.
    pub system_program: Program<'info, System>,
}

/// Creates the mint: TransferHook (this token's hook program, authority the issuer PDA),
/// PermanentDelegate, Pausable, MetadataPointer to itself and TokenMetadata with the legal
/// document's hash, DefaultAccountState frozen (Token ACL), mint and freeze authority the issuer
/// PDA; then the hook's policy.
pub fn handle_initialize(ctx: Context<Initialize>, params: TokenParams) -> Result<()> {
    use spl_token_2022_interface::extension::{
        default_account_state, metadata_pointer, pausable, transfer_hook,
    };
    params.validate()?;
    let a = &ctx.accounts;
    let (mint, issuer_key) = (a.mint.key(), a.issuer.key());
    let issuer = Issuer {
        mint,
        admin: a.admin.key(),
        pending_admin: Pubkey::default(),
        cap: params.cap,
        bump: ctx.bumps.issuer,
    };
    let space =
        ExtensionType::try_calculate_account_len::<spl_token_2022_interface::state::Mint>(&[
            ExtensionType::TransferHook,
            ExtensionType::PermanentDelegate,
            ExtensionType::Pausable,
            ExtensionType::MetadataPointer,
            ExtensionType::DefaultAccountState,
        ])?;
    let metadata = token_metadata(mint, issuer_key, &params)?;
    // Token-2022 grows the mint for the metadata itself; the rent for it must already be there.
    let lamports = Rent::get()?.minimum_balance(space + metadata.tlv_size_of()?);
    anchor_lang::system_program::create_account(
        CpiContext::new(
            a.system_program.key(),
            anchor_lang::system_program::CreateAccount {
                from: a.admin.to_account_info(),
                to: a.mint.to_account_info(),
            },
        ),
        lamports,
        space as u64,
        &TOKEN_2022,
    )?;
    let mint_info = a.mint.to_account_info();
    let issuer_info = a.issuer.to_account_info();
    let hook = tokenrail_transfer_hook::ID;
    for ix in [
        transfer_hook::instruction::initialize(&TOKEN_2022, &mint, Some(issuer_key), Some(hook))?,
        spl_token_2022_interface::instruction::initialize_permanent_delegate(
            &TOKEN_2022,
            &mint,
            &issuer_key,
        )?,
        pausable::instruction::initialize(&TOKEN_2022, &mint, &issuer_key)?,
        metadata_pointer::instruction::initialize(
            &TOKEN_2022,
            &mint,
            Some(issuer_key),
            Some(mint),
        )?,
        // Token ACL: every token account starts frozen; only the issuer thaws a wallet's
        // associated token account, while the registry verifies the wallet.
        default_account_state::instruction::initialize_default_account_state(
            &TOKEN_2022,
            &mint,
            &spl_token_2022_interface::state::AccountState::Frozen,
        )?,
        spl_token_2022_interface::instruction::initialize_mint2(
            &TOKEN_2022,
            &mint,
            &issuer_key,
            Some(&issuer_key),
            params.decimals,
        )?,
    ] {
        invoke(&ix, std::slice::from_ref(&mint_info))?;
    }
    let init_metadata = spl_token_metadata_interface::instruction::initialize(
        &TOKEN_2022,
        &mint,
        &issuer_key,
        &mint,
        &issuer_key,
        params.name.clone(),
        params.symbol.clone(),
        params.uri.clone(),
    );
    invoke_as_issuer(
        &init_metadata,
        &[mint_info.clone(), issuer_info.clone()],
        &issuer,
    )?;
    let legal = spl_token_metadata_interface::instruction::update_field(
        &TOKEN_2022,
        &mint,
        &issuer_key,
        Field::Key(LEGAL_DOCUMENT_FIELD.into()),
        hex(&params.legal_document_hash),
    );
    invoke_as_issuer(&legal, &[mint_info.clone(), issuer_info.clone()], &issuer)?;
    let seeds = crate::instructions::token_cpi::issuer_seeds(&issuer);
    let seeds: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let signer = [seeds.as_slice()];
    tokenrail_transfer_hook::cpi::init_policy(
        CpiContext::new_with_signer(
            a.hook_program.key(),
            tokenrail_transfer_hook::cpi::accounts::InitPolicy {
                hook_authority: issuer_info.clone(),
                payer: a.admin.to_account_info(),
                mint: mint_info,
                registry: a.registry.to_account_info(),
                policy: a.policy.to_account_info(),
                extra_account_meta_list: a.extra_account_meta_list.to_account_info(),
                system_program: a.system_program.to_account_info(),
            },
            &signer,
        ),
        issuer_key,
        issuer_key,
    )?;
    ctx.accounts.issuer.set_inner(issuer);
    ctx.accounts.documents.set_inner(Documents {
        mint,
        legal_modified: Clock::get()?.unix_timestamp,
        bump: ctx.bumps.documents,
        entries: Vec::new(),
    });
    Ok(())
}
