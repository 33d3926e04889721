//! A Tokenrail deployment on a Substrate chain with pallet-contracts: the escrow, payout and
//! channel contracts instantiated, the registry and asset-token code stored for `token issue`,
//! and what they move (the native balance or a PSP22 token). [`InkDeployment::deploy`] deploys
//! on any [`InkLedger`] (a node, or the development sandbox); [`InkSuite::connect`] puts the four
//! clients on a deployment.

use super::{
    AccountId32, InkAsset, InkChannel, InkCode, InkEscrow, InkKey, InkLedger, InkParty, InkPayout,
    InkToken, SubstrateRpc,
};
use crate::suite::{Named, Suite};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, LedgerError, Result};

/// The ink! suite: the four clients on one chain, accounts as signers.
pub type InkSuite = Suite<InkToken, InkEscrow, InkPayout, InkChannel, AccountId32, InkParty>;

/// The ink! contracts a deployment instantiates or stores, by artifact name.
pub const CONTRACTS: [&str; 6] = [
    "ink_escrow",
    "ink_payout",
    "ink_channel",
    "ink_registry",
    "ink_asset_token",
    "ink_psp22_token",
];

/// The supply of a payment token a deployment creates ([`Payment::NewPsp22`]), all with the
/// deployer: 1,000,000 units of a 6-decimal token.
pub const NEW_TOKEN_SUPPLY: u128 = 1_000_000_000_000;

/// The built wasm of contract `name` in `dir` (`scripts/build-artifacts ink` writes them to
/// `artifacts/ink`).
pub fn artifact(dir: &std::path::Path, name: &str) -> std::result::Result<Vec<u8>, LedgerError> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        LedgerError::Rejected(format!(
            "{}: {e}. Build the ink! artifacts first: scripts/build-artifacts ink",
            path.display()
        ))
    })
}

/// What the escrow, payout and channel contracts of a deployment move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payment {
    /// The chain's native balance.
    Native,
    /// A PSP22 token deployed already.
    Psp22(AccountId32),
    /// A new reference PSP22 token (`ink_psp22_token`), its whole supply of
    /// [`NEW_TOKEN_SUPPLY`] with the deployer.
    NewPsp22,
}

/// A Tokenrail deployment on a Substrate chain with pallet-contracts; accounts in SS58.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InkDeployment {
    /// The PSP22 token the escrow, payout and channel contracts move (none: the native
    /// balance).
    pub payment_token: Option<AccountId32>,
    /// `ink_escrow`.
    pub escrow: AccountId32,
    /// `ink_payout`.
    pub payout: AccountId32,
    /// `ink_channel`.
    pub channel: AccountId32,
    /// Code hashes (hex) of `ink_registry` and `ink_asset_token`, which `token issue`
    /// instantiates.
    pub token_codes: [String; 2],
    /// The asset token and its registry, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<(AccountId32, AccountId32)>,
}

impl InkDeployment {
    /// What the deployment's contracts move.
    pub fn asset(&self) -> InkAsset {
        match &self.payment_token {
            Some(token) => InkAsset::Psp22(token.clone()),
            None => InkAsset::Native,
        }
    }

    /// The registry and token code, to issue the asset token from.
    pub fn codes(&self) -> std::result::Result<[InkCode; 2], LedgerError> {
        let hash = |text: &str| -> std::result::Result<InkCode, LedgerError> {
            let bytes = hex::decode(text.trim_start_matches("0x"))
                .map_err(|e| format!("code hash `{text}`: {e}"))?;
            let hash: [u8; 32] = bytes
                .try_into()
                .map_err(|_| format!("code hash `{text}` is not 32 bytes"))?;
            Ok(InkCode::Stored(hash))
        };
        Ok([hash(&self.token_codes[0])?, hash(&self.token_codes[1])?])
    }

    /// Deploys the escrow, payout and channel contracts (`wasm` gives each contract's code by
    /// artifact name) as `deployer` on `chain`, moving `payment`, and stores the registry and
    /// token code for `token issue`.
    pub fn deploy(
        chain: &mut InkLedger,
        deployer: &AccountId32,
        wasm: &dyn Fn(&str) -> std::result::Result<Vec<u8>, LedgerError>,
        payment: Payment,
    ) -> std::result::Result<Self, LedgerError> {
        use tokenrail_ink::{ink_channel, ink_escrow, ink_payout, ink_psp22_token};
        // The channel contract records the chain's network, which its states bind.
        let network = chain.network();
        let mut deploy = |name: &str, ctor: Vec<u8>| {
            chain
                .deploy(InkCode::Wasm(wasm(name)?), ctor, deployer)
                .map_err(|e| e.context(format_args!("deploying {name}")))
        };
        let payment_token = match payment {
            Payment::Native => None,
            Payment::Psp22(token) => Some(token),
            Payment::NewPsp22 => Some(deploy(
                "ink_psp22_token",
                ink_psp22_token::constructors::new(NEW_TOKEN_SUPPLY).data,
            )?),
        };
        let escrow = deploy("ink_escrow", ink_escrow::constructors::new().data)?;
        let payout = deploy("ink_payout", ink_payout::constructors::new().data)?;
        let channel = deploy("ink_channel", ink_channel::constructors::new(network).data)?;
        let mut token_codes = [String::new(), String::new()];
        for (slot, name) in token_codes
            .iter_mut()
            .zip(["ink_registry", "ink_asset_token"])
        {
            let hash = chain
                .upload(wasm(name)?, deployer)
                .map_err(|e| e.context(format_args!("storing {name}")))?;
            *slot = hex::encode(hash);
        }
        Ok(InkDeployment {
            payment_token,
            escrow,
            payout,
            channel,
            token_codes,
            token: None,
        })
    }

    /// [`Self::deploy`] on the node at `url` with the contracts' wasm from `artifacts`; `key`
    /// signs and pays.
    pub fn deploy_to(
        url: &str,
        key: &InkKey,
        artifacts: &std::path::Path,
        payment: Payment,
    ) -> std::result::Result<Self, LedgerError> {
        let mut chain = node_ledger(url, key)?;
        Self::deploy(
            &mut chain,
            &key.account(),
            &|name| artifact(artifacts, name),
            payment,
        )
    }
}

fn node_ledger(url: &str, key: &InkKey) -> std::result::Result<InkLedger, LedgerError> {
    SubstrateRpc::connect(url, vec![key.clone()]).map(InkLedger::from)
}

/// The code hashes a suite issues its token from.
struct TokenCodes([InkCode; 2]);

impl InkSuite {
    /// The four clients of the deployment `at` on `ledger`'s chain (each on a sibling of
    /// `ledger`), `signers` signing as accounts and `parties` as channel parties.
    pub fn connect(
        ledger: InkLedger,
        at: &InkDeployment,
        signers: Named<AccountId32>,
        parties: Named<InkParty>,
    ) -> std::result::Result<Self, LedgerError> {
        let mut suite = Suite::new(
            InkEscrow::on(ledger.sibling()?, at.escrow.clone(), at.asset()),
            InkPayout::on(ledger.sibling()?, at.payout.clone(), at.asset()),
            InkChannel::on(ledger.sibling()?, at.channel.clone(), at.asset())?,
            signers,
            parties,
        );
        if let Some((token, registry)) = &at.token {
            suite.token = Some(InkToken::connect(
                ledger.sibling()?,
                token.clone(),
                registry.clone(),
            ));
        }
        suite.keep(TokenCodes(at.codes()?));
        suite.keep(ledger);
        suite.keep(at.clone());
        Ok(suite)
    }

    /// The deployment `deployed` on the node at `url`, every transaction signed by `key`, the
    /// suite's one account, called `key` (a channel party too if it is an ECDSA key).
    pub fn connect_rpc(
        url: &str,
        key: &InkKey,
        deployed: &InkDeployment,
    ) -> std::result::Result<Self, LedgerError> {
        let parties = match key.secp256k1_secret() {
            Some(secret) => {
                let secp = tokenrail_channel::Secp256k1Key::from_bytes(&secret)
                    .ok_or_else(|| LedgerError::from("the key is not a valid secp256k1 secret"))?;
                Named::one("key", InkParty::new(secp))
            }
            None => std::iter::empty().collect(),
        };
        Self::connect(
            node_ledger(url, key)?,
            deployed,
            Named::one("key", key.account()),
            parties,
        )
    }

    /// Where the suite's deployment lives (with the token once issued).
    pub fn deployment(&self) -> &InkDeployment {
        self.kept().expect("an ink! suite keeps its deployment")
    }

    /// Issues the asset token with `terms` from the deployment's stored code, the account
    /// `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let admin = self.signer(issuer)?.clone();
        let codes = self
            .kept::<TokenCodes>()
            .ok_or_else(|| ClientError::Chain("the deployment has no token codes".into()))?
            .0
            .clone();
        let ledger = self
            .kept::<InkLedger>()
            .ok_or_else(|| ClientError::Chain("the suite keeps no ledger".into()))?
            .sibling()?;
        let token = InkToken::issue_on(ledger, terms, &admin, codes)?;
        if let Some(at) = self.kept_mut::<InkDeployment>() {
            at.token = Some((token.token.clone(), token.registry.clone()));
        }
        self.token = Some(token);
        Ok(())
    }
}
