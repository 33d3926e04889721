//! The ink! devnet: `ink_registry` and `ink_asset_token`, `ink_escrow`, `ink_payout` and
//! `ink_channel`, each in a pallet-contracts sandbox of its own; the payment token is a
//! reference PSP22 token. Development accounts are the Substrate accounts of their secp256k1
//! keys, so one name is one account for every capability, channels included.

use super::{catch_up, dev_secp256k1, issuer_and_holders, Devnet, DEV_ACCOUNTS, DEV_BALANCE};
use crate::ink::{
    AccountId32, InkAsset, InkChannel, InkCode, InkEscrow, InkKey, InkLedger, InkParty, InkPayout,
    InkToken, SubstrateRpc,
};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, Result};

/// The ink! devnet.
pub type InkDevnet = Devnet<InkToken, InkEscrow, InkPayout, InkChannel, AccountId32, InkParty>;

/// The development account `name` as a channel party (its account and key).
pub fn dev_party(name: &str) -> InkParty {
    InkParty::new(dev_secp256k1(name))
}

fn accounts() -> Vec<AccountId32> {
    DEV_ACCOUNTS.iter().map(|n| dev_party(n).account).collect()
}

impl InkDevnet {
    /// Starts the escrow, payout and channel sandboxes, every development account holding
    /// [`DEV_BALANCE`] of the PSP22 payment token on each.
    pub fn start() -> std::result::Result<Self, String> {
        let balances = vec![DEV_BALANCE; DEV_ACCOUNTS.len()];
        let (escrow, _) = InkEscrow::embedded_with(true, Some(accounts()), &balances)
            .map_err(|e| e.to_string())?;
        let (payout, _) = InkPayout::embedded_with(true, Some(accounts()), &balances)
            .map_err(|e| e.to_string())?;
        let keys = DEV_ACCOUNTS.iter().map(|n| dev_secp256k1(n)).collect();
        let (channel, _) =
            InkChannel::embedded(true, keys, &balances).map_err(|e| e.to_string())?;
        Ok(Devnet {
            token: None,
            escrow,
            payout,
            channel,
            signers: DEV_ACCOUNTS
                .iter()
                .map(|n| (n.to_string(), dev_party(n).account))
                .collect(),
            parties: DEV_ACCOUNTS
                .iter()
                .map(|n| (n.to_string(), dev_party(n)))
                .collect(),
            shared_clock: false,
            keep: None,
        })
    }

    /// Issues the asset token with `terms`, the development account `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        if let Some(node) = self.escrow.chain.node() {
            let codes = self
                .keep
                .as_ref()
                .and_then(|k| k.downcast_ref::<TokenCodes>())
                .ok_or_else(|| ClientError::Chain("the deployment has no token codes".into()))?
                .0
                .clone();
            let ledger = InkLedger::from(node.reconnect().map_err(ClientError::Chain)?);
            let admin = self
                .signers
                .get(issuer)
                .cloned()
                .ok_or_else(|| ClientError::Chain(format!("no account `{issuer}`")))?;
            self.token = Some(InkToken::issue_on(ledger, terms, &admin, codes)?);
            return Ok(());
        }
        let (admin, others) = issuer_and_holders(&self.signers, issuer)?;
        let (mut token, _, _) = InkToken::issue_with(terms, admin, others)?;
        let now = self.now().map_err(ClientError::Chain)?;
        catch_up(&mut token, now).map_err(ClientError::Chain)?;
        self.token = Some(token);
        Ok(())
    }
}

/// The ink! contracts a deployment instantiates or stores, by artifact name.
pub const CONTRACTS: [&str; 6] = [
    "ink_escrow",
    "ink_payout",
    "ink_channel",
    "ink_registry",
    "ink_asset_token",
    "ink_psp22_token",
];

/// The built wasm of contract `name` in `dir` (`scripts/build-artifacts ink` writes them to
/// `artifacts/ink`).
pub fn artifact(dir: &std::path::Path, name: &str) -> std::result::Result<Vec<u8>, String> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}. Build the ink! artifacts first: scripts/build-artifacts ink",
            path.display()
        )
    })
}

/// What the escrow, payout and channel contracts of a deployment move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payment {
    /// The chain's native balance.
    Native,
    /// A PSP22 token deployed already.
    Psp22(AccountId32),
    /// A new reference PSP22 token (`ink_psp22_token`), its whole supply of [`DEV_BALANCE`]
    /// with the deployer.
    NewPsp22,
}

/// A Tokenrail deployment on a Substrate chain with pallet-contracts; accounts in SS58.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InkAddresses {
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

impl InkAddresses {
    fn asset(&self) -> InkAsset {
        match &self.payment_token {
            Some(token) => InkAsset::Psp22(token.clone()),
            None => InkAsset::Native,
        }
    }

    /// The registry and token code, to issue the asset token from.
    pub fn codes(&self) -> std::result::Result<[InkCode; 2], String> {
        let hash = |text: &str| -> std::result::Result<InkCode, String> {
            let bytes = hex::decode(text.trim_start_matches("0x"))
                .map_err(|e| format!("code hash `{text}`: {e}"))?;
            let hash: [u8; 32] = bytes
                .try_into()
                .map_err(|_| format!("code hash `{text}` is not 32 bytes"))?;
            Ok(InkCode::Stored(hash))
        };
        Ok([hash(&self.token_codes[0])?, hash(&self.token_codes[1])?])
    }
}

/// The code hashes a devnet connected to a chain issues its token from.
struct TokenCodes([InkCode; 2]);

fn node_ledger(url: &str, key: &InkKey) -> std::result::Result<InkLedger, String> {
    SubstrateRpc::connect(url, vec![key.clone()]).map(InkLedger::from)
}

impl InkDevnet {
    /// Deploys the escrow, payout and channel contracts (their wasm from `artifacts`) on the
    /// node at `url`, moving `payment`, and stores the registry and token code for `token
    /// issue`; `key` signs and pays.
    pub fn deploy_to(
        url: &str,
        key: &InkKey,
        artifacts: &std::path::Path,
        payment: Payment,
    ) -> std::result::Result<InkAddresses, String> {
        use tokenrail_ink::{ink_channel, ink_escrow, ink_payout, ink_psp22_token};
        let mut chain = node_ledger(url, key)?;
        // The channel contract records the chain's network, which its states bind.
        let network = chain.network();
        let me = key.account();
        let wasm = |name: &str| artifact(artifacts, name).map(InkCode::Wasm);
        let mut deploy = |name: &str, ctor: Vec<u8>| {
            chain
                .deploy(wasm(name)?, ctor, &me)
                .map_err(|e| format!("deploying {name}: {e}"))
        };
        let payment_token = match payment {
            Payment::Native => None,
            Payment::Psp22(token) => Some(token),
            Payment::NewPsp22 => Some(deploy(
                "ink_psp22_token",
                ink_psp22_token::constructors::new(DEV_BALANCE).data,
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
            let code = artifact(artifacts, name)?;
            let hash = chain
                .upload(code, &me)
                .map_err(|e| format!("storing {name}: {e}"))?;
            *slot = hex::encode(hash);
        }
        Ok(InkAddresses {
            payment_token,
            escrow,
            payout,
            channel,
            token_codes,
            token: None,
        })
    }

    /// The deployment `deployed` on the node at `url`, every transaction signed by `key`, the
    /// devnet's one account, called `key` (a channel party too if it is an ECDSA key).
    pub fn connect(
        url: &str,
        key: &InkKey,
        deployed: &InkAddresses,
    ) -> std::result::Result<Self, String> {
        let token = deployed.token.as_ref().map(|(token, registry)| {
            node_ledger(url, key)
                .map(|ledger| InkToken::connect(ledger, token.clone(), registry.clone()))
        });
        let parties = match key.secp256k1_secret() {
            Some(secret) => {
                let secp = tokenrail_channel::Secp256k1Key::from_bytes(&secret)
                    .ok_or("the key is not a valid secp256k1 secret")?;
                std::iter::once(("key".to_string(), InkParty::new(secp))).collect()
            }
            None => std::iter::empty().collect(),
        };
        Ok(Devnet {
            token: token.transpose()?,
            escrow: InkEscrow::on(
                node_ledger(url, key)?,
                deployed.escrow.clone(),
                deployed.asset(),
            ),
            payout: InkPayout::on(
                node_ledger(url, key)?,
                deployed.payout.clone(),
                deployed.asset(),
            ),
            channel: InkChannel::on(
                node_ledger(url, key)?,
                deployed.channel.clone(),
                deployed.asset(),
            )
            .map_err(|e| e.to_string())?,
            signers: std::iter::once(("key".to_string(), key.account())).collect(),
            parties,
            shared_clock: true,
            keep: Some(Box::new(TokenCodes(deployed.codes()?))),
        })
    }
}

/// A local Substrate development node for tests and development: the WebSocket JSON-RPC
/// front ([`tokenrail_ink_sandbox_tests::rpc`]) over the development runtime, clock at
/// [`super::super::ink::T0`], the dev accounts (`//Alice` …) endowed.
pub fn local_node() -> tokenrail_ink_sandbox_tests::rpc::InkFront {
    tokenrail_ink_sandbox_tests::rpc::serve(crate::ink::T0 * 1000)
}
