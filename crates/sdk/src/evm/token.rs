//! [`TokenClient`] on `TokenrailAssetToken` and the `TokenrailIdentityRegistry` it is bound to.

use alloy::primitives::{Address, FixedBytes, U256};
use alloy::providers::DynProvider;
use tokenrail_evm::token::{document_name, document_name_text, token_error};
use tokenrail_evm::ITokenrailIdentityRegistry::Entry;
use tokenrail_evm::{TokenrailAssetToken, TokenrailIdentityRegistry};

use super::{chain, refusal_by, EvmSigner};
use crate::token::{reason, Document, Investor, TokenClient, TokenError, TokenTerms};
use crate::{ClientError, Result};

fn refusal(err: alloy::contract::Error) -> ClientError<TokenError> {
    refusal_by(err, token_error)
}

/// The registry's encoding of a verified entry.
const VERIFIED: u8 = 1;

/// One asset token and its registry.
pub struct EvmToken {
    pub(crate) rt: tokio::runtime::Handle,
    pub(crate) reader: DynProvider,
    /// The token.
    pub token: Address,
    /// The registry the token is bound to.
    pub registry: Address,
}

impl EvmToken {
    /// The token at `token` reading `registry`; `reader` serves the queries and `rt` drives the
    /// providers' futures (call the client from outside that runtime's worker threads).
    pub fn new(
        rt: tokio::runtime::Handle,
        reader: DynProvider,
        token: Address,
        registry: Address,
    ) -> Self {
        EvmToken {
            rt,
            reader,
            token,
            registry,
        }
    }

    /// Issues a token: deploys a registry and a token on it, both administered by `admin`,
    /// binds the token to the registry (so entry changes reach it) and grants `admin` every
    /// role.
    pub fn issue(
        rt: tokio::runtime::Handle,
        admin: &EvmSigner,
        terms: &TokenTerms,
    ) -> Result<Self, TokenError> {
        let p = admin.provider.clone();
        let (token, registry) = rt.block_on(async {
            let registry = TokenrailIdentityRegistry::deploy(p.clone(), admin.address)
                .await
                .map_err(refusal)?;
            let token = TokenrailAssetToken::deploy(
                p.clone(),
                terms.name.clone(),
                terms.symbol.clone(),
                terms.decimals,
                U256::from(terms.cap),
                *registry.address(),
                admin.address,
                terms.uri.clone(),
                FixedBytes(terms.legal_document_hash),
            )
            .await
            .map_err(refusal)?;
            send!(p, registry.bindToken(*token.address()), refusal).await?;
            let agent = registry.REGISTRY_AGENT().call().await.map_err(refusal)?;
            send!(p, registry.grantRole(agent, admin.address), refusal).await?;
            for role in [
                token.ISSUER().call().await.map_err(refusal)?,
                token.COMPLIANCE_AGENT().call().await.map_err(refusal)?,
                token.PAUSER().call().await.map_err(refusal)?,
            ] {
                send!(p, token.grantRole(role, admin.address), refusal).await?;
            }
            Ok::<_, ClientError<TokenError>>((*token.address(), *registry.address()))
        })?;
        Ok(EvmToken::new(rt, p, token, registry))
    }
}

impl TokenClient for EvmToken {
    type Signer = EvmSigner;
    type Address = Address;

    fn address_of(&self, signer: &EvmSigner) -> Address {
        signer.address
    }

    fn register(
        &mut self,
        agent: &EvmSigner,
        investor: &Address,
        entry: Investor,
    ) -> Result<(), TokenError> {
        let registry = TokenrailIdentityRegistry::new(self.registry, agent.provider.clone());
        let entry = Entry {
            status: VERIFIED,
            jurisdiction: entry.jurisdiction,
            kycExpiry: entry.kyc_expiry,
        };
        self.rt
            .block_on(send!(
                agent.provider,
                registry.upsert(vec![*investor], vec![entry]),
                refusal
            ))
            .map(drop)
    }

    fn mint(&mut self, issuer: &EvmSigner, to: &Address, amount: u128) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, issuer.provider.clone());
        self.rt
            .block_on(send!(
                issuer.provider,
                token.mint(*to, U256::from(amount)),
                refusal
            ))
            .map(drop)
    }

    fn transfer(
        &mut self,
        holder: &EvmSigner,
        to: &Address,
        amount: u128,
    ) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, holder.provider.clone());
        self.rt
            .block_on(send!(
                holder.provider,
                token.transfer(*to, U256::from(amount)),
                refusal
            ))
            .map(drop)
    }

    fn can_transfer(
        &mut self,
        from: &Address,
        to: &Address,
        amount: u128,
    ) -> Result<Option<TokenError>, TokenError> {
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        let code = self
            .rt
            .block_on(async {
                token
                    .transferStatus(*from, *to, U256::from(amount))
                    .call()
                    .await
            })
            .map_err(refusal)?;
        reason(code.into())
    }

    fn restriction_message(&mut self, code: u16) -> Result<String, TokenError> {
        // ERC-1404 numbers codes in a `uint8`; the spec keeps every code below 256, so a larger
        // number is outside the table, whose answer the chain could not be asked for.
        let Ok(code) = u8::try_from(code) else {
            return Ok(tokenrail_core::token::UNKNOWN_RESTRICTION_MESSAGE.to_owned());
        };
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        self.rt
            .block_on(async { token.messageForTransferRestriction(code).call().await })
            .map_err(refusal)
    }

    fn set_frozen(
        &mut self,
        agent: &EvmSigner,
        account: &Address,
        frozen: bool,
    ) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, agent.provider.clone());
        self.rt
            .block_on(send!(
                agent.provider,
                token.setAccountFrozen(*account, frozen),
                refusal
            ))
            .map(drop)
    }

    fn set_paused(&mut self, pauser: &EvmSigner, paused: bool) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, pauser.provider.clone());
        let sent = if paused {
            self.rt
                .block_on(send!(pauser.provider, token.pause(), refusal))
        } else {
            self.rt
                .block_on(send!(pauser.provider, token.unpause(), refusal))
        };
        sent.map(drop)
    }

    fn deactivate(&mut self, admin: &EvmSigner) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, admin.provider.clone());
        self.rt
            .block_on(send!(admin.provider, token.deactivate(), refusal))
            .map(drop)
    }

    fn forced_transfer(
        &mut self,
        agent: &EvmSigner,
        from: &Address,
        to: &Address,
        amount: u128,
    ) -> Result<(), TokenError> {
        let token = TokenrailAssetToken::new(self.token, agent.provider.clone());
        self.rt
            .block_on(send!(
                agent.provider,
                token.forcedTransfer(*from, *to, U256::from(amount)),
                refusal
            ))
            .map(drop)
    }

    fn balance(&mut self, who: &Address) -> Result<u128, TokenError> {
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        let b = self
            .rt
            .block_on(async { token.balanceOf(*who).call().await })
            .map_err(refusal)?;
        u128::try_from(b).map_err(chain)
    }

    fn supply(&mut self) -> Result<u128, TokenError> {
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        let s = self
            .rt
            .block_on(async { token.totalSupply().call().await })
            .map_err(refusal)?;
        u128::try_from(s).map_err(chain)
    }

    fn set_document(
        &mut self,
        admin: &EvmSigner,
        name: &str,
        uri: &str,
        hash: [u8; 32],
    ) -> Result<(), TokenError> {
        let name = document_name(name).map_err(ClientError::Spec)?;
        let token = TokenrailAssetToken::new(self.token, admin.provider.clone());
        let call = token.setDocument(name, uri.to_owned(), hash.into());
        self.rt
            .block_on(send!(admin.provider, call, refusal))
            .map(drop)
    }

    fn remove_document(&mut self, admin: &EvmSigner, name: &str) -> Result<(), TokenError> {
        // A name no `bytes32` holds names no document.
        let name =
            document_name(name).map_err(|_| ClientError::Spec(TokenError::DocumentNotFound))?;
        let token = TokenrailAssetToken::new(self.token, admin.provider.clone());
        self.rt
            .block_on(send!(admin.provider, token.removeDocument(name), refusal))
            .map(drop)
    }

    fn document(&mut self, name: &str) -> Result<Document, TokenError> {
        let name =
            document_name(name).map_err(|_| ClientError::Spec(TokenError::DocumentNotFound))?;
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        let d = self
            .rt
            .block_on(async { token.getDocument(name).call().await })
            .map_err(refusal)?;
        Ok(Document {
            uri: d._0,
            hash: d._1.0,
            last_modified: u64::try_from(d._2).map_err(chain)?,
        })
    }

    fn document_names(&mut self) -> Result<Vec<String>, TokenError> {
        let token = TokenrailAssetToken::new(self.token, self.reader.clone());
        let names = self
            .rt
            .block_on(async { token.getAllDocuments().call().await })
            .map_err(refusal)?;
        Ok(names.iter().map(document_name_text).collect())
    }
}
