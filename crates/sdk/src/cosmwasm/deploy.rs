//! A Tokenrail deployment on a CosmWasm chain: the escrow, payout and channel contracts
//! instantiated, the registry and asset-token codes stored for `token issue`, and the bank denom
//! they move. [`CwDeployment::deploy`] deploys on any [`CwLedger`] (a chain, or the development
//! app); [`CwSuite::connect`] puts the four clients on a deployment.

use cosmwasm_std::Addr;

use super::{
    Code, CosmosRpc, CwAsset, CwChannel, CwEscrow, CwLedger, CwParty, CwPayout, CwToken, GasPrice,
};
use crate::suite::{Named, Suite};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, LedgerError, Result};

/// The CosmWasm suite: the four clients on one chain, addresses as signers.
pub type CwSuite = Suite<CwToken, CwEscrow, CwPayout, CwChannel, Addr, CwParty>;

/// The contracts a deployment stores, by artifact name, in the order [`CwDeployment::deploy`]
/// takes their code.
pub const CONTRACTS: [&str; 5] = [
    "cw_escrow",
    "cw_payout",
    "cw_channel",
    "cw_registry",
    "cw_asset_token",
];

/// The optimised wasm of contract `name` in `dir` (`scripts/build-artifacts cosmwasm` writes
/// them to `artifacts/cosmwasm`).
pub fn artifact(dir: &std::path::Path, name: &str) -> std::result::Result<Vec<u8>, LedgerError> {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::read(&path).map_err(|e| {
        LedgerError::Rejected(format!(
            "{}: {e}. Build the CosmWasm artifacts first: scripts/build-artifacts cosmwasm",
            path.display()
        ))
    })
}

/// A Tokenrail deployment on a Cosmos chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CwDeployment {
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
    pub gas_price: GasPrice,
}

impl CosmosEndpoint {
    /// A ledger on this chain signed by `secret`.
    pub fn ledger(&self, secret: &[u8; 32]) -> std::result::Result<CwLedger, LedgerError> {
        CosmosRpc::connect(&self.url, &[*secret], &self.prefix, self.gas_price.clone())
            .map(CwLedger::from)
    }
}

impl CwDeployment {
    /// Stores `codes` (in the order of [`CONTRACTS`]) as `deployer` and instantiates the escrow,
    /// payout and channel contracts, paying in `denom`.
    pub fn deploy(
        chain: &mut CwLedger,
        deployer: &Addr,
        codes: [Code; 5],
        denom: &str,
    ) -> std::result::Result<Self, LedgerError> {
        use tokenrail_cosmwasm::{channel, escrow, payout};
        let mut ids = vec![];
        for code in codes {
            let name = code.name;
            let id = chain
                .store(deployer, code)
                .map_err(|e| e.context(format_args!("storing {name}")))?;
            ids.push(id);
        }
        let mut instantiate = |code: u64, msg: serde_json::Value, label: &str| {
            chain
                .instantiate(deployer, code, &msg, label)
                .map_err(|e| e.context(format_args!("instantiating {label}")))
        };
        Ok(CwDeployment {
            denom: denom.to_string(),
            escrow: instantiate(ids[0], json(escrow::InstantiateMsg {}), "tokenrail-escrow")?,
            payout: instantiate(ids[1], json(payout::InstantiateMsg {}), "tokenrail-payout")?,
            channel: instantiate(
                ids[2],
                json(channel::InstantiateMsg {}),
                "tokenrail-channel",
            )?,
            token_codes: [ids[3], ids[4]],
            token: None,
        })
    }

    /// [`Self::deploy`] on the chain at `at` with the contracts' wasm from `artifacts`;
    /// `secret` signs and pays.
    pub fn deploy_to(
        at: &CosmosEndpoint,
        secret: &[u8; 32],
        artifacts: &std::path::Path,
        denom: &str,
    ) -> std::result::Result<Self, LedgerError> {
        let mut chain = at.ledger(secret)?;
        let me = chain.rpc().expect("a chain").address();
        let mut codes = vec![];
        for name in CONTRACTS {
            codes.push(Code::wasm(name, artifact(artifacts, name)?));
        }
        let codes: [Code; 5] = codes.try_into().unwrap_or_else(|_| unreachable!());
        Self::deploy(&mut chain, &me, codes, denom)
    }
}

/// The code ids a suite issues its token from.
struct TokenCodes([u64; 2]);

impl CwSuite {
    /// The four clients of the deployment `at` on `ledger`'s chain (each on a sibling of
    /// `ledger`), `parties` signing (as addresses for the token, escrow and payout clients).
    pub fn connect(
        ledger: CwLedger,
        at: &CwDeployment,
        parties: Named<CwParty>,
    ) -> std::result::Result<Self, LedgerError> {
        let asset = || CwAsset::Native(at.denom.clone());
        let signers = parties
            .iter()
            .map(|(n, p)| (n.to_string(), p.addr.clone()))
            .collect();
        let mut suite = Suite::new(
            CwEscrow::on(ledger.sibling()?, at.escrow.clone(), asset()),
            CwPayout::on(ledger.sibling()?, at.payout.clone(), asset()),
            CwChannel::on(ledger.sibling()?, at.channel.clone(), asset()),
            signers,
            parties,
        );
        if let Some((token, _)) = &at.token {
            suite.token = Some(CwToken::connect(ledger.sibling()?, token.clone())?);
        }
        suite.keep(TokenCodes(at.token_codes));
        suite.keep(ledger);
        suite.keep(at.clone());
        Ok(suite)
    }

    /// The deployment `deployed` on the chain at `at`, every transaction signed by `secret`,
    /// the suite's one account, called `key`.
    pub fn connect_rpc(
        at: &CosmosEndpoint,
        secret: &[u8; 32],
        deployed: &CwDeployment,
    ) -> std::result::Result<Self, LedgerError> {
        let key = tokenrail_channel::Secp256k1Key::from_bytes(secret)
            .ok_or_else(|| LedgerError::from("the key is not a valid secp256k1 secret"))?;
        let party =
            CwParty::new(key, &at.prefix).map_err(|e| LedgerError::Rejected(e.to_string()))?;
        Self::connect(at.ledger(secret)?, deployed, Named::one("key", party))
    }

    /// Where the suite's deployment lives (with the token once issued).
    pub fn deployment(&self) -> &CwDeployment {
        self.kept().expect("a CosmWasm suite keeps its deployment")
    }

    /// Issues the asset token with `terms` from the deployment's stored codes, the account
    /// `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let admin = self.signer(issuer)?.clone();
        let codes = self
            .kept::<TokenCodes>()
            .ok_or_else(|| ClientError::Chain("the deployment has no token codes".into()))?
            .0;
        let ledger = self
            .kept::<CwLedger>()
            .ok_or_else(|| ClientError::Chain("the suite keeps no ledger".into()))?
            .sibling()?;
        let token = CwToken::issue_on(ledger, terms, &admin, codes)?;
        if let Some(at) = self.kept_mut::<CwDeployment>() {
            at.token = Some((token.token.addr.clone(), token.registry.addr.clone()));
        }
        self.token = Some(token);
        Ok(())
    }
}

/// An instantiate message as JSON.
fn json(msg: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(msg).expect("a message serializes")
}
