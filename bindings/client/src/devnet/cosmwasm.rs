//! The CosmWasm devnet: `cw-registry` and `cw-asset-token`, `cw-escrow`, `cw-payout` and
//! `cw-channel`, each on a cw-multi-test app of its own; the payment token is the bank denom
//! [`DENOM`](crate::cosmwasm::DENOM). Development accounts are the accounts of their
//! secp256k1 keys (bech32 prefix `cosmwasm`), so one name is one address for every
//! capability, channels included.

use cosmwasm_std::Addr;

use super::{
    catch_up, dev_secp256k1, issuer_and_holders, Devnet, Named, DEV_ACCOUNTS, DEV_BALANCE,
};
use crate::cosmwasm::{
    AssetKind, Code, CosmosRpc, CwAsset, CwChannel, CwEscrow, CwLedger, CwParty, CwPayout, CwToken,
};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, Result};

/// The CosmWasm devnet.
pub type CwDevnet = Devnet<CwToken, CwEscrow, CwPayout, CwChannel, Addr, CwParty>;

/// The development account `name` as a channel party (its address and key).
pub fn dev_party(name: &str) -> CwParty {
    CwParty::new(dev_secp256k1(name), "cosmwasm").expect("`cosmwasm` is a valid bech32 prefix")
}

fn addrs() -> Vec<Addr> {
    DEV_ACCOUNTS.iter().map(|n| dev_party(n).addr).collect()
}

impl CwDevnet {
    /// Starts the escrow, payout and channel apps, every development account holding
    /// [`DEV_BALANCE`] of the bank denom on each.
    pub fn start() -> std::result::Result<Self, String> {
        let balances = vec![DEV_BALANCE; DEV_ACCOUNTS.len()];
        let (escrow, _) = CwEscrow::embedded_with(AssetKind::Native, addrs(), &balances);
        let (payout, _) = CwPayout::embedded_with(AssetKind::Native, addrs(), &balances);
        let keys = DEV_ACCOUNTS.iter().map(|n| dev_secp256k1(n)).collect();
        let (channel, _) = CwChannel::embedded(AssetKind::Native, keys, &balances)?;
        Ok(Devnet {
            token: None,
            escrow,
            payout,
            channel,
            signers: DEV_ACCOUNTS
                .iter()
                .map(|n| (n.to_string(), dev_party(n).addr))
                .collect(),
            parties: DEV_ACCOUNTS
                .iter()
                .map(|n| (n.to_string(), dev_party(n)))
                .collect::<Named<CwParty>>(),
            shared_clock: false,
            keep: None,
        })
    }

    /// Issues the asset token with `terms`, the account `issuer` holding every role: on the
    /// embedded chain an app of its own, on a chain from the deployment's stored codes.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        if let Some(rpc) = self.escrow.chain.rpc() {
            let codes = self
                .keep
                .as_ref()
                .and_then(|k| k.downcast_ref::<TokenCodes>())
                .ok_or_else(|| ClientError::Chain("the deployment has no token codes".into()))?
                .0;
            let ledger = CwLedger::from(rpc.reconnect().map_err(ClientError::Chain)?);
            let admin = self
                .signers
                .get(issuer)
                .cloned()
                .ok_or_else(|| ClientError::Chain(format!("no account `{issuer}`")))?;
            self.token = Some(CwToken::issue_on(ledger, terms, &admin, codes)?);
            return Ok(());
        }
        let (admin, others) = issuer_and_holders(&self.signers, issuer)?;
        let (mut token, _, _) = CwToken::issue_with(terms, admin, others)?;
        let now = self.now().map_err(ClientError::Chain)?;
        catch_up(&mut token, now).map_err(ClientError::Chain)?;
        self.token = Some(token);
        Ok(())
    }
}

/// The contracts a CosmWasm deployment stores, by artifact name, with the same contract
/// compiled in (what the development node runs for an upload of that wasm).
pub const CONTRACTS: [(&str, crate::cosmwasm::MakeContract); 5] = [
    ("cw_escrow", crate::cosmwasm::escrow_contract),
    ("cw_payout", crate::cosmwasm::payout_contract),
    ("cw_channel", crate::cosmwasm::channel_contract),
    ("cw_registry", crate::cosmwasm::registry_contract),
    ("cw_asset_token", crate::cosmwasm::token_contract),
];

/// The optimised wasm of contract `name` in `dir` (`scripts/build-artifacts cosmwasm` writes
/// them to `artifacts/cosmwasm`).
pub fn artifact(dir: &std::path::Path, name: &str) -> std::result::Result<Vec<u8>, String> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e}. Build the CosmWasm artifacts first: scripts/build-artifacts cosmwasm",
            path.display()
        )
    })
}

/// A Tokenrail deployment on a Cosmos chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CwAddresses {
    /// The bank denom the escrow, payout and channel contracts move.
    pub denom: String,
    /// `cw-escrow`.
    pub escrow: Addr,
    /// `cw-payout`.
    pub payout: Addr,
    /// `cw-channel`.
    pub channel: Addr,
    /// Code ids of `cw-registry` and `cw-asset-token`, which `token issue` instantiates.
    pub token_codes: [u64; 2],
    /// The asset token and its registry, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<(Addr, Addr)>,
}

/// How to reach a Cosmos chain: its CometBFT RPC URL, the account prefix and the gas price.
#[derive(Clone, Debug)]
pub struct CosmosEndpoint {
    /// CometBFT RPC URL.
    pub url: String,
    /// Bech32 account prefix (`osmo`, `wasm`, …).
    pub prefix: String,
    /// What each unit of gas costs.
    pub gas_price: crate::cosmwasm::GasPrice,
}

impl CosmosEndpoint {
    fn ledger(&self, secret: &[u8; 32]) -> std::result::Result<CwLedger, String> {
        CosmosRpc::connect(&self.url, &[*secret], &self.prefix, self.gas_price.clone())
            .map(CwLedger::from)
    }
}

/// The code ids a devnet connected to a chain issues its token from.
struct TokenCodes([u64; 2]);

impl CwDevnet {
    /// Stores the escrow, payout, channel, registry and token contracts (their wasm from
    /// `artifacts`) on the chain at `at` and instantiates the first three, paying in `denom`;
    /// `secret` signs and pays.
    pub fn deploy_to(
        at: &CosmosEndpoint,
        secret: &[u8; 32],
        artifacts: &std::path::Path,
        denom: &str,
    ) -> std::result::Result<CwAddresses, String> {
        use tokenrail_cosmwasm::{channel, escrow, payout};
        let mut chain = at.ledger(secret)?;
        let me = chain.rpc().expect("a chain").address();
        let mut codes = vec![];
        for (name, _) in CONTRACTS {
            let wasm = artifact(artifacts, name)?;
            let id = chain
                .store(&me, Code::Wasm(wasm))
                .map_err(|e| format!("storing {name}: {e}"))?;
            codes.push(id);
        }
        let mut instantiate = |code: u64, msg: &dyn erased::Msg, label: &str| {
            chain
                .instantiate(&me, code, &msg.json(), label)
                .map_err(|e| format!("instantiating {label}: {e}"))
        };
        Ok(CwAddresses {
            denom: denom.to_string(),
            escrow: instantiate(codes[0], &escrow::InstantiateMsg {}, "tokenrail-escrow")?,
            payout: instantiate(codes[1], &payout::InstantiateMsg {}, "tokenrail-payout")?,
            channel: instantiate(codes[2], &channel::InstantiateMsg {}, "tokenrail-channel")?,
            token_codes: [codes[3], codes[4]],
            token: None,
        })
    }

    /// The deployment `deployed` on the chain at `at`, every transaction signed by `secret`,
    /// the devnet's one account, called `key`.
    pub fn connect(
        at: &CosmosEndpoint,
        secret: &[u8; 32],
        deployed: &CwAddresses,
    ) -> std::result::Result<Self, String> {
        let asset = || CwAsset::Native(deployed.denom.clone());
        let token = match &deployed.token {
            Some((token, _)) => Some(
                CwToken::connect(at.ledger(secret)?, token.clone()).map_err(|e| e.to_string())?,
            ),
            None => None,
        };
        let key = tokenrail_channel::Secp256k1Key::from_bytes(secret)
            .ok_or("the key is not a valid secp256k1 secret")?;
        let party = CwParty::new(key, &at.prefix)?;
        let addr = party.addr.clone();
        Ok(Devnet {
            token,
            escrow: CwEscrow::on(at.ledger(secret)?, deployed.escrow.clone(), asset()),
            payout: CwPayout::on(at.ledger(secret)?, deployed.payout.clone(), asset()),
            channel: CwChannel::on(at.ledger(secret)?, deployed.channel.clone(), asset()),
            signers: std::iter::once(("key".to_string(), addr)).collect(),
            parties: std::iter::once(("key".to_string(), party)).collect(),
            shared_clock: true,
            keep: Some(Box::new(TokenCodes(deployed.token_codes))),
        })
    }
}

/// Instantiate messages of different types through one closure.
mod erased {
    /// A message that serializes to JSON.
    pub trait Msg {
        /// As JSON.
        fn json(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize> Msg for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("a message serializes")
        }
    }
}

/// What a local node credits every funded account with in the fee denom.
pub const GAS_MONEY: u128 = 1_000_000_000;

pub use tokenrail_cw_test_chain::rpc::FEE_DENOM;

/// A local Cosmos node for tests and development: the CometBFT JSON-RPC front
/// ([`tokenrail_cw_test_chain::rpc`]) over a cw-multi-test app, accounts spelled `cosmwasm…`,
/// each of `funded` holding its amount of [`DENOM`](crate::cosmwasm::DENOM) and [`GAS_MONEY`]
/// of [`FEE_DENOM`]; uploads of the Tokenrail contracts' wasm in `artifacts` run those
/// contracts.
pub fn local_chain(
    artifacts: &std::path::Path,
    funded: &[(Addr, u128)],
) -> std::result::Result<tokenrail_cw_test_chain::rpc::RpcFront, String> {
    use sha2::Digest;
    let mut codes = vec![];
    for (name, make) in CONTRACTS {
        let checksum: [u8; 32] = sha2::Sha256::digest(artifact(artifacts, name)?).into();
        codes.push((checksum, make));
    }
    let funded = funded.to_vec();
    Ok(tokenrail_cw_test_chain::rpc::serve(
        move || {
            let mut app = cw_multi_test::App::new(|router, _api, storage| {
                for (addr, amount) in &funded {
                    let mut coins = vec![cosmwasm_std::Coin::new(GAS_MONEY, FEE_DENOM)];
                    if *amount > 0 {
                        coins.push(cosmwasm_std::Coin::new(*amount, crate::cosmwasm::DENOM));
                    }
                    router
                        .bank
                        .init_balance(storage, addr, coins)
                        .expect("funds an account");
                }
            });
            tokenrail_cw_test_chain::set_time(&mut app, 0);
            app
        },
        "cosmwasm",
        codes,
    ))
}
