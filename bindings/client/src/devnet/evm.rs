//! The EVM devnet: a private `anvil` node (started here, stopped with the devnet) running
//! `TokenrailEscrow`, `TokenrailMultiSend`, `TokenrailMerkleDistributor`, `TokenrailChannel`
//! and, once issued, `TokenrailAssetToken` with its `TokenrailIdentityRegistry`; the payment
//! token is an ERC-20 test token (`MockERC20`, open minting). The development
//! accounts are funded with ether by `anvil_setBalance`; the contracts are deployed by a
//! deployer account of their own, so their addresses are the same on every start.

use std::path::Path;

use alloy::network::EthereumWallet;
use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;

use super::{dev_secp256k1, dev_secret, Devnet, Named, DEV_ACCOUNTS, DEV_BALANCE};
use crate::evm::{EvmChannel, EvmEscrow, EvmParty, EvmPayout, EvmSigner, EvmToken};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, Result};

/// The `anvil` to run: `given`, else `ANVIL_BIN` or `TOKENRAIL_ANVIL`, else `anvil` on PATH,
/// else the one `scripts/setup` installs in this repository's node_modules.
pub fn find_anvil(given: Option<&Path>) -> std::result::Result<std::path::PathBuf, String> {
    if let Some(p) = given {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(format!("--anvil {}: no such file", p.display()))
        };
    }
    let from_env = ["ANVIL_BIN", "TOKENRAIL_ANVIL"]
        .iter()
        .filter_map(std::env::var_os)
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file());
    let on_path = || {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .map(|dir| dir.join("anvil"))
            .find(|p| p.is_file())
    };
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    from_env
        .or_else(on_path)
        .or_else(|| installed.is_file().then_some(installed))
        .ok_or_else(|| {
            "no anvil found: pass --anvil or TOKENRAIL_ANVIL, put anvil on PATH, or run \
             scripts/setup"
                .to_string()
        })
}

/// The EVM devnet.
pub type EvmDevnet = Devnet<EvmToken, EvmEscrow, EvmPayout, EvmChannel, EvmSigner, EvmParty>;

/// The node and the runtime its providers run on, kept alive with the devnet.
struct Node {
    rt: tokio::runtime::Runtime,
    /// The private node, when the devnet started one (none for an endpoint).
    _anvil: Option<AnvilInstance>,
}

/// Where a deployment's contracts live on an EVM chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EvmAddresses {
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

/// The development account `name` as a signer on the node at `url`.
fn dev_signer(name: &str, url: &alloy::transports::http::reqwest::Url) -> EvmSigner {
    let key = PrivateKeySigner::from_bytes(&dev_secret(name).into())
        .expect("a development secret is a valid secp256k1 scalar");
    let address = key.address();
    EvmSigner {
        provider: ProviderBuilder::new()
            .wallet(EthereumWallet::from(key))
            .connect_http(url.clone())
            .erased(),
        address,
    }
}

/// The development account that deploys the contracts (and holds no payment tokens).
const DEPLOYER: &str = "deployer";

impl EvmDevnet {
    /// Starts `anvil` (the binary at `anvil`) and deploys the contracts; every development
    /// account holds 10,000 ether and [`DEV_BALANCE`] of the payment token.
    pub fn start(anvil: &Path) -> std::result::Result<Self, String> {
        let node = Anvil::new()
            .path(anvil)
            .arg("--accounts")
            .arg("0")
            // The embedded chains' genesis time: every devnet starts at the same moment.
            .arg("--timestamp")
            .arg("1700000000")
            .try_spawn()
            .map_err(|e| format!("cannot start anvil ({}): {e}", anvil.display()))?;
        let url = node.endpoint_url();
        let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        let deployer = dev_signer(DEPLOYER, &url);
        let signers: Named<EvmSigner> = DEV_ACCOUNTS
            .iter()
            .map(|n| (n.to_string(), dev_signer(n, &url)))
            .collect();
        let token = rt
            .block_on(setup(&deployer, &signers))
            .map_err(|e| format!("devnet setup: {e}"))?;
        let h = rt.handle().clone();
        let text = |e: ClientError<_>| e.to_string();
        let escrow_address = rt
            .block_on(tokenrail_evm::TokenrailEscrow::deploy(
                deployer.provider.clone(),
            ))
            .map_err(|e| e.to_string())?;
        let escrow = EvmEscrow::new(
            h.clone(),
            deployer.provider.clone(),
            *escrow_address.address(),
            token,
        );
        let payout = EvmPayout::deploy(h.clone(), &deployer, token).map_err(text)?;
        let channel = EvmChannel::deploy(h, &deployer, token).map_err(|e| e.to_string())?;
        let parties = DEV_ACCOUNTS
            .iter()
            .map(|n| {
                let party = EvmParty {
                    signer: signers.get(n).expect("every name has a signer").clone(),
                    key: dev_secp256k1(n),
                };
                (n.to_string(), party)
            })
            .collect();
        Ok(Devnet {
            token: None,
            escrow,
            payout,
            channel,
            signers,
            parties,
            shared_clock: true,
            keep: Some(Box::new(Node {
                rt,
                _anvil: Some(node),
            })),
        })
    }

    /// Deploys the escrow, payout and channel contracts from `deployer` to its endpoint, for
    /// payments in `payment_token` (without one, a test ERC-20 with open minting is deployed
    /// and `deployer` credited [`DEV_BALANCE`]).
    pub fn deploy_to(
        deployer: &EvmSigner,
        payment_token: Option<Address>,
    ) -> std::result::Result<EvmAddresses, String> {
        let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        let p = deployer.provider.clone();
        rt.block_on(async {
            let e = |e: alloy::contract::Error| e.to_string();
            let payment_token = match payment_token {
                Some(t) => t,
                None => {
                    let t = tokenrail_evm::MockERC20::deploy(p.clone())
                        .await
                        .map_err(e)?;
                    t.mint(deployer.address, U256::from(DEV_BALANCE))
                        .send()
                        .await
                        .map_err(e)?
                        .get_receipt()
                        .await
                        .map_err(|err| err.to_string())?;
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
            Ok(EvmAddresses {
                payment_token,
                escrow: *escrow.address(),
                multisend: *multisend.address(),
                distributor: *distributor.address(),
                channel: *channel.address(),
                token: None,
            })
        })
    }

    /// The clients of a deployment at `at` on `signer`'s endpoint; `signer` (named `key`) signs
    /// every call and `key` is its secp256k1 key (for channel states).
    pub fn connect(
        signer: EvmSigner,
        key: tokenrail_channel::Secp256k1Key,
        at: &EvmAddresses,
    ) -> std::result::Result<Self, String> {
        let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
        let h = rt.handle().clone();
        let reader = signer.provider.clone();
        let escrow = EvmEscrow::new(h.clone(), reader.clone(), at.escrow, at.payment_token);
        let payout = EvmPayout::new(
            h.clone(),
            reader.clone(),
            at.multisend,
            at.distributor,
            at.payment_token,
        );
        let channel = EvmChannel::new(h.clone(), reader.clone(), at.channel, at.payment_token)
            .map_err(|e| e.to_string())?;
        let token = at
            .token
            .map(|(token, registry)| EvmToken::new(h, reader, token, registry));
        let party = EvmParty {
            signer: signer.clone(),
            key,
        };
        Ok(Devnet {
            token,
            escrow,
            payout,
            channel,
            signers: std::iter::once(("key".to_string(), signer)).collect(),
            parties: std::iter::once(("key".to_string(), party)).collect(),
            shared_clock: true,
            keep: Some(Box::new(Node { rt, _anvil: None })),
        })
    }

    /// Issues the asset token with `terms`, the development account `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let signer = self
            .signers
            .get(issuer)
            .ok_or_else(|| ClientError::Chain(format!("no development account `{issuer}`")))?
            .clone();
        let rt = self.handle();
        self.token = Some(EvmToken::issue(rt, &signer, terms)?);
        Ok(())
    }

    fn handle(&self) -> tokio::runtime::Handle {
        self.keep
            .as_ref()
            .and_then(|k| k.downcast_ref::<Node>())
            .map(|n| n.rt.handle().clone())
            .expect("an EVM devnet keeps its node")
    }
}

/// Funds the deployer and the development accounts with ether, deploys the payment token and
/// credits every development account.
async fn setup(
    deployer: &EvmSigner,
    signers: &Named<EvmSigner>,
) -> std::result::Result<Address, String> {
    use alloy::providers::ext::AnvilApi;
    let p: &DynProvider = &deployer.provider;
    // Each block one second after the last, whatever the wall clock says: the node's time then
    // depends only on what was done to it (blocks mined, time advanced), so a devnet driven
    // through the same steps sees the same times (the CLI replays its journal).
    p.anvil_set_block_timestamp_interval(1)
        .await
        .map_err(|e| e.to_string())?;
    let ether = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18u64));
    p.anvil_set_balance(deployer.address, ether)
        .await
        .map_err(|e| e.to_string())?;
    for (_, s) in signers.iter() {
        p.anvil_set_balance(s.address, ether)
            .await
            .map_err(|e| e.to_string())?;
    }
    let token = tokenrail_evm::MockERC20::deploy(p.clone())
        .await
        .map_err(|e| e.to_string())?;
    for (_, s) in signers.iter() {
        token
            .mint(s.address, U256::from(DEV_BALANCE))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .get_receipt()
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(*token.address())
}
