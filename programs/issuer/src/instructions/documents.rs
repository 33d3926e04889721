//! The admin's documents (ERC-1643, `docs/spec/token.md`, Documents). The metadata is the
//! document `legal`: its URI and hash live in the mint's token metadata (the URI and the
//! `legal_document_hash` field), where wallets read them; the other documents, and the time
//! `legal` last changed, live in the mint's [`Documents`] account, which grows and shrinks with
//! them (rent from and back to the admin).

use anchor_lang::prelude::*;
use anchor_spl::token_2022::{Token2022, ID as TOKEN_2022};
use anchor_spl::token_interface::Mint;
use spl_token_2022_interface::extension::{BaseStateWithExtensions, StateWithExtensions};
use spl_token_metadata_interface::state::{Field, TokenMetadata};
use tokenrail_core::token::{check_document, LEGAL_DOCUMENT, MAX_DOCUMENTS};
use tokenrail_transfer_hook::TokenError;

use crate::constants::{DOCUMENTS_SEED, LEGAL_DOCUMENT_FIELD, MAX_URI_LEN};
use crate::instructions::initialize::hex;
use crate::instructions::token_cpi::invoke_as_issuer;
use crate::state::{DocumentEntry, Documents, Issuer};

/// Accounts of `set_metadata` and `set_document`.
#[derive(Accounts)]
pub struct Documenting<'info> {
    /// The admin; pays the rent the mint's metadata or the documents account grow by.
    #[account(mut, address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer (the metadata's update authority).
    #[account(has_one = mint @ TokenError::InvalidAccount)]
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint, which stores its metadata.
    #[account(mut)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// The mint's documents.
    #[account(mut, seeds = [DOCUMENTS_SEED, mint.key().as_ref()], bump = documents.bump)]
    pub documents: Box<Account<'info, Documents>>,
    /// Token-2022.
    pub token_program: Program<'info, Token2022>,
    /// Moves rent.
    pub system_program: Program<'info, System>,
}

/// Accounts of `remove_document`.
#[derive(Accounts)]
pub struct RemoveDocument<'info> {
    /// The admin; receives the rent the documents account shrinks by.
    #[account(mut, address = issuer.admin @ TokenError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The issuer.
    pub issuer: Box<Account<'info, Issuer>>,
    /// The mint's documents.
    #[account(
        mut,
        seeds = [DOCUMENTS_SEED, issuer.mint.as_ref()],
        bump = documents.bump,
    )]
    pub documents: Box<Account<'info, Documents>>,
}

/// The admin replaces the metadata URI and the legal document's hash (the document `legal`).
pub fn handle_set_metadata(
    ctx: Context<Documenting>,
    uri: String,
    legal_document_hash: [u8; 32],
) -> Result<()> {
    write_metadata(ctx.accounts, uri, legal_document_hash)
}

/// The admin creates or replaces document `name`; under `legal` this is `set_metadata`.
pub fn handle_set_document(
    ctx: Context<Documenting>,
    name: String,
    uri: String,
    hash: [u8; 32],
) -> Result<()> {
    let a = ctx.accounts;
    if name == LEGAL_DOCUMENT {
        return write_metadata(a, uri, hash);
    }
    check_document(name.as_bytes(), uri.as_bytes()).map_err(|_| TokenError::InvalidMetadata)?;
    let now = Clock::get()?.unix_timestamp;
    let entry = DocumentEntry {
        name,
        uri,
        hash,
        last_modified: now,
    };
    let entries = &mut a.documents.entries;
    match entries.iter().position(|e| e.name == entry.name) {
        Some(at) => entries[at] = entry,
        // `legal` is one of the token's documents too.
        None if entries.len() + 1 >= MAX_DOCUMENTS => return err!(TokenError::TooManyDocuments),
        None => entries.push(entry),
    }
    let space = a.documents.space();
    fit(
        &a.documents.to_account_info(),
        space,
        &a.admin,
        &a.system_program,
    )
}

/// The admin removes document `name` (never `legal`).
pub fn handle_remove_document(ctx: Context<RemoveDocument>, name: String) -> Result<()> {
    let a = ctx.accounts;
    require!(name != LEGAL_DOCUMENT, TokenError::InvalidMetadata);
    let entries = &mut a.documents.entries;
    let at = entries
        .iter()
        .position(|e| e.name == name)
        .ok_or(TokenError::DocumentNotFound)?;
    entries.remove(at);
    let space = a.documents.space();
    let documents = a.documents.to_account_info();
    documents.resize(space)?;
    release_rent(&documents, &a.admin, Rent::get()?.minimum_balance(space))
}

/// Sizes `account` (owned by this program) to exactly `space`: the admin pays the rent it
/// grows by and gets back the rent it shrinks by, so the token's documents cost their own
/// bytes and no more.
fn fit<'info>(
    account: &AccountInfo<'info>,
    space: usize,
    admin: &Signer<'info>,
    system_program: &Program<'info, System>,
) -> Result<()> {
    let needed = Rent::get()?.minimum_balance(space);
    top_up(account, needed, admin, system_program)?;
    release_rent(account, admin, needed)?;
    account.resize(space)?;
    Ok(())
}

/// Pays `account` from the admin up to `needed` lamports, if it holds less (a system transfer:
/// the admin's lamports can only leave through the system program).
fn top_up<'info>(
    account: &AccountInfo<'info>,
    needed: u64,
    admin: &Signer<'info>,
    system_program: &Program<'info, System>,
) -> Result<()> {
    let held = account.lamports();
    if needed <= held {
        return Ok(());
    }
    anchor_lang::system_program::transfer(
        CpiContext::new(
            system_program.key(),
            anchor_lang::system_program::Transfer {
                from: admin.to_account_info(),
                to: account.clone(),
            },
        ),
        needed - held,
    )
}

/// Moves what `account` (owned by this program) holds above `keep` lamports to the admin.
fn release_rent(account: &AccountInfo, admin: &Signer, keep: u64) -> Result<()> {
    let excess = account.lamports().saturating_sub(keep);
    **account.try_borrow_mut_lamports()? -= excess;
    **admin.to_account_info().try_borrow_mut_lamports()? += excess;
    Ok(())
}

/// Writes the metadata (the document `legal`) into the mint's token metadata and stamps its
/// time in the documents account.
fn write_metadata(a: &mut Documenting, uri: String, legal_document_hash: [u8; 32]) -> Result<()> {
    require!(uri.len() <= MAX_URI_LEN, TokenError::InvalidMetadata);
    let mint = a.mint.to_account_info();
    let (old_len, new_len) = {
        let data = mint.try_borrow_data()?;
        let state = StateWithExtensions::<spl_token_2022_interface::state::Mint>::unpack(&data)?;
        let mut metadata = state.get_variable_len_extension::<TokenMetadata>()?;
        let old = metadata.tlv_size_of()?;
        metadata.update(Field::Uri, uri.clone());
        metadata.update(
            Field::Key(LEGAL_DOCUMENT_FIELD.into()),
            hex(&legal_document_hash),
        );
        (data.len(), data.len() - old + metadata.tlv_size_of()?)
    };
    let needed = Rent::get()?.minimum_balance(new_len.max(old_len));
    top_up(&mint, needed, &a.admin, &a.system_program)?;
    let issuer_info = a.issuer.to_account_info();
    for (field, value) in [
        (Field::Uri, uri),
        (
            Field::Key(LEGAL_DOCUMENT_FIELD.into()),
            hex(&legal_document_hash),
        ),
    ] {
        let ix = spl_token_metadata_interface::instruction::update_field(
            &TOKEN_2022,
            &mint.key(),
            &issuer_info.key(),
            field,
            value,
        );
        invoke_as_issuer(&ix, &[mint.clone(), issuer_info.clone()], &a.issuer)?;
    }
    a.documents.legal_modified = Clock::get()?.unix_timestamp;
    Ok(())
}
