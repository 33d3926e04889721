//! A Tokenrail deployment on an EVM chain: `TokenrailEscrow`, `TokenrailMultiSend`,
//! `TokenrailMerkleDistributor` and `TokenrailChannel` for payments in one ERC-20, and, once
//! issued, `TokenrailAssetToken` with its `TokenrailIdentityRegistry`.
//! [`EvmDeployment::deploy`] deploys from any signer; [`EvmSuite::connect`] puts the four clients
//! on a deployment.

use alloy::primitives::{Address, U256};

use super::{EvmChannel, EvmEscrow, EvmParty, EvmPayout, EvmSigner, EvmToken};
use crate::suite::{Named, Suite};
use crate::token::{TokenError, TokenTerms};
use crate::{LedgerError, Result};

/// The EVM suite: the four clients on one chain, signers with their providers.
pub type EvmSuite = Suite<EvmToken, EvmEscrow, EvmPayout, EvmChannel, EvmSigner, EvmParty>;

/// What a deployment that creates its own payment token credits the deployer with (1,000,000
/// units of a 6-decimal token).
pub const NEW_TOKEN_CREDIT: u128 = 1_000_000_000_000;

/// Where a deployment's contracts live on an EVM chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EvmDeployment {
    /// The ERC-20 the escrow, payout and channel contracts move.
    pub payment_token: Address,
    /// `TokenrailEscrow`.
    pub escrow: Address,
    /// `TokenrailMultiSend`.
    pub multisend: Address,
    /// `TokenrailMerkleDistributor`.
    pub distributor: Address,
    /// `TokenrailChannel`.
    pub channel: Address,
    /// `TokenrailAssetToken` and its `TokenrailIdentityRegistry`, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<(Address, Address)>,
}

/// The runtime the suite's providers run on.
struct Runtime(tokio::runtime::Runtime);

impl EvmDeployment {
    /// Deploys the escrow, payout and channel contracts from `deployer`, for payments in
    /// `payment_token` (without one, a test ERC-20 with open minting is deployed and `deployer`
    /// credited [`NEW_TOKEN_CREDIT`]).
    pub fn deploy(
        deployer: &EvmSigner,
        payment_token: Option<Address>,
    ) -> std::result::Result<Self, LedgerError> {
        let rt = tokio::runtime::Runtime::new()
            .map_err(|e| LedgerError::Rejected(format!("cannot start a runtime: {e}")))?;
        let p = deployer.provider.clone();
        rt.block_on(async {
            let e = |e: alloy::contract::Error| super::ledger_error(&e);
            let payment_token = match payment_token {
                Some(t) => t,
                None => {
                    let t = tokenrail_evm::MockERC20::deploy(p.clone())
                        .await
                        .map_err(e)?;
                    t.mint(deployer.address, U256::from(NEW_TOKEN_CREDIT))
                        .send()
                        .await
                        .map_err(e)?
                        .get_receipt()
                        .await
                        .map_err(|err| LedgerError::Unknown {
                            tx: None,
                            detail: format!("minting the payment token: {err}"),
                        })?;
                    *t.address()
                }
            };
            let escrow = tokenrail_evm::TokenrailEscrow::deploy(p.clone())
                .await
                .map_err(e)?;
            let multisend = tokenrail_evm::TokenrailMultiSend::deploy(p.clone())
                .await
                .map_err(e)?;
            let distributor = tokenrail_evm::TokenrailMerkleDistributor::deploy(p.clone())
                .await
                .map_err(e)?;
            let channel = tokenrail_evm::TokenrailChannel::deploy(p.clone())
                .await
                .map_err(e)?;
            Ok(EvmDeployment {
                payment_token,
                escrow: *escrow.address(),
                multisend: *multisend.address(),
                distributor: *distributor.address(),
                channel: *channel.address(),
                token: None,
            })
        })
    }
}

impl EvmSuite {
    /// The clients of the deployment `at`, read through `reader`'s provider; `signers` sign and
    /// `parties` sign channel states.
    pub fn connect(
        reader: &EvmSigner,
        at: &EvmDeployment,
        signers: Named<EvmSigner>,
        parties: Named<EvmParty>,
    ) -> std::result::Result<Self, LedgerError> {
        let rt = tokio::runtime::Runtime::new()
            .map_err(|e| LedgerError::Rejected(format!("cannot start a runtime: {e}")))?;
        let h = rt.handle().clone();
        let provider = reader.provider.clone();
        let escrow = EvmEscrow::new(h.clone(), provider.clone(), at.escrow, at.payment_token);
        let payout = EvmPayout::new(
            h.clone(),
            provider.clone(),
            at.multisend,
            at.distributor,
            at.payment_token,
        );
        let channel = EvmChannel::new(h.clone(), provider.clone(), at.channel, at.payment_token)?;
        let mut suite = Suite::new(escrow, payout, channel, signers, parties);
        suite.token = at
            .token
            .map(|(token, registry)| EvmToken::new(h, provider, token, registry));
        suite.keep(Runtime(rt));
        suite.keep(at.clone());
        Ok(suite)
    }

    /// The clients of the deployment `at` on `signer`'s endpoint; `signer` (named `key`) signs
    /// every call and `key` is its secp256k1 key (for channel states).
    pub fn connect_signer(
        signer: EvmSigner,
        key: tokenrail_channel::Secp256k1Key,
        at: &EvmDeployment,
    ) -> std::result::Result<Self, LedgerError> {
        let party = EvmParty {
            signer: signer.clone(),
            key,
        };
        Self::connect(
            &signer.clone(),
            at,
            Named::one("key", signer),
            Named::one("key", party),
        )
    }

    /// Where the suite's deployment lives (with the token once issued).
    pub fn deployment(&self) -> &EvmDeployment {
        self.kept().expect("an EVM suite keeps its deployment")
    }

    /// Issues the asset token with `terms`, the account `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let signer = self.signer(issuer)?.clone();
        let handle = self
            .kept::<Runtime>()
            .expect("an EVM suite keeps its runtime")
            .0
            .handle()
            .clone();
        let token = EvmToken::issue(handle, &signer, terms)?;
        if let Some(at) = self.kept_mut::<EvmDeployment>() {
            at.token = Some((token.token, token.registry));
        }
        self.token = Some(token);
        Ok(())
    }
}
