//! Documents (ERC-1643, `docs/spec/token.md`): the metadata is the document `legal`, kept in
//! [`CONFIG`] where every reader of the metadata finds it; the others live in [`DOCUMENTS`].

use cosmwasm_std::{DepsMut, Event, HexBinary, Order, Response, StdResult, Storage};
use cw_registry::error::{ContractError, TokenError};
use cw_registry::roles;
use tokenrail_core::token::{check_document, LEGAL_DOCUMENT, MAX_DOCUMENTS, MAX_URI_LEN};

use crate::msg::{DocumentNamesResponse, DocumentResponse};
use crate::state::{Document, CONFIG, DOCUMENTS};

fn fail(code: TokenError, detail: impl Into<String>) -> ContractError {
    ContractError::spec(code, detail)
}

/// `InvalidMetadata` for a URI over 256 bytes or a hash that is not 32 bytes.
pub fn check_metadata(uri: &str, hash: &HexBinary) -> Result<(), ContractError> {
    if uri.len() > MAX_URI_LEN {
        return Err(fail(
            TokenError::InvalidMetadata,
            format!("the URI is longer than {MAX_URI_LEN} bytes"),
        ));
    }
    check_hash(hash)
}

/// A document's hash is a SHA-256 digest.
fn check_hash(hash: &HexBinary) -> Result<(), ContractError> {
    if hash.len() != 32 {
        return Err(fail(
            TokenError::InvalidMetadata,
            "a document's hash must be 32 bytes",
        ));
    }
    Ok(())
}

/// The admin replaces the metadata, which is the document `legal` (also `SetDocument` under
/// that name): one `metadata_updated` event.
pub fn execute_set_metadata(
    deps: DepsMut,
    now: u64,
    sender: &cosmwasm_std::Addr,
    uri: String,
    hash: HexBinary,
) -> Result<Response, ContractError> {
    roles::require_admin(deps.storage, sender)?;
    check_metadata(&uri, &hash)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.metadata_uri = uri.clone();
    config.legal_document_hash = hash.clone();
    config.metadata_modified = now;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_event(
        Event::new("metadata_updated")
            .add_attribute("uri", uri)
            .add_attribute("legal_document_hash", hash.to_hex()),
    ))
}

/// The admin creates or replaces document `name`: `InvalidMetadata` for a bad name, URI or
/// hash; `TooManyDocuments` for a new name beyond [`MAX_DOCUMENTS`] (`legal` counted).
pub fn execute_set_document(
    deps: DepsMut,
    now: u64,
    sender: &cosmwasm_std::Addr,
    name: String,
    uri: String,
    hash: HexBinary,
) -> Result<Response, ContractError> {
    if name == LEGAL_DOCUMENT {
        return execute_set_metadata(deps, now, sender, uri, hash);
    }
    roles::require_admin(deps.storage, sender)?;
    check_document(name.as_bytes(), uri.as_bytes()).map_err(|e| {
        fail(
            e,
            "a name is 1-32 bytes without a zero byte; a URI at most 256 bytes",
        )
    })?;
    check_hash(&hash)?;
    if !DOCUMENTS.has(deps.storage, &name) && count(deps.storage)? + 1 >= MAX_DOCUMENTS {
        return Err(fail(
            TokenError::TooManyDocuments,
            format!("the token holds {MAX_DOCUMENTS} documents"),
        ));
    }
    let doc = Document {
        uri: uri.clone(),
        hash: hash.clone(),
        last_modified: now,
    };
    DOCUMENTS.save(deps.storage, &name, &doc)?;
    Ok(Response::new().add_event(
        Event::new("document_updated")
            .add_attribute("name", name)
            .add_attribute("uri", uri)
            .add_attribute("hash", hash.to_hex()),
    ))
}

/// Documents besides `legal`.
fn count(store: &dyn Storage) -> StdResult<usize> {
    Ok(DOCUMENTS
        .keys_raw(store, None, None, Order::Ascending)
        .count())
}

/// The admin removes document `name`: `InvalidMetadata` for `legal`, `DocumentNotFound` for a
/// name the token does not have.
pub fn execute_remove_document(
    deps: DepsMut,
    sender: &cosmwasm_std::Addr,
    name: String,
) -> Result<Response, ContractError> {
    roles::require_admin(deps.storage, sender)?;
    if name == LEGAL_DOCUMENT {
        return Err(fail(
            TokenError::InvalidMetadata,
            "the legal document is the metadata: replace it, it cannot be removed",
        ));
    }
    if !DOCUMENTS.has(deps.storage, &name) {
        return Err(fail(
            TokenError::DocumentNotFound,
            format!("no document `{name}`"),
        ));
    }
    DOCUMENTS.remove(deps.storage, &name);
    Ok(Response::new().add_event(Event::new("document_removed").add_attribute("name", name)))
}

/// Document `name` (`legal`: the metadata), or `DocumentNotFound`.
pub fn query_document(store: &dyn Storage, name: &str) -> Result<DocumentResponse, ContractError> {
    if name == LEGAL_DOCUMENT {
        let c = CONFIG.load(store)?;
        return Ok(DocumentResponse {
            uri: c.metadata_uri,
            hash: c.legal_document_hash,
            last_modified: c.metadata_modified,
        });
    }
    let d = DOCUMENTS.may_load(store, name)?.ok_or_else(|| {
        fail(
            TokenError::DocumentNotFound,
            format!("no document `{name}`"),
        )
    })?;
    Ok(DocumentResponse {
        uri: d.uri,
        hash: d.hash,
        last_modified: d.last_modified,
    })
}

/// Every document's name: `legal`, then the others in byte order.
pub fn query_document_names(store: &dyn Storage) -> StdResult<DocumentNamesResponse> {
    let mut names = vec![LEGAL_DOCUMENT.to_owned()];
    for name in DOCUMENTS.keys(store, None, None, Order::Ascending) {
        names.push(name?);
    }
    Ok(DocumentNamesResponse { names })
}
