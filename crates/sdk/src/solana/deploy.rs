//! A Tokenrail deployment on a Solana chain: the programs live at the addresses they declare
//! (`declare_id!`, deployed with `anchor deploy`), so a deployment records only the payment mint
//! and, once issued, the asset token's mint. [`SolanaSuite::connect`] puts the four clients on
//! it.

use super::{
    registry_address, Keypair, Pubkey, RpcLedger, Signer, SolanaChannel, SolanaEscrow,
    SolanaLedger, SolanaPayout, SolanaToken, TOKEN,
};
use crate::suite::{Named, Suite};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, LedgerError, Result};

/// The Solana suite: the four clients on one chain, keypairs as signers and parties.
pub type SolanaSuite =
    Suite<SolanaToken, SolanaEscrow, SolanaPayout, SolanaChannel, Keypair, Keypair>;

/// Where a Tokenrail deployment's state lives on a Solana chain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SolanaDeployment {
    /// The mint the escrow, payout and channel programs move.
    #[serde(with = "base58")]
    pub payment_mint: Pubkey,
    /// The asset token's Token-2022 mint, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "base58_opt")]
    pub token: Option<Pubkey>,
    /// The hook program's registry the token reads, once issued (what a ledger's cap table
    /// takes investor entries from; files written before it was recorded lack it).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "base58_opt")]
    pub registry: Option<Pubkey>,
}

/// The Tokenrail programs a chain must run, by name, at their declared addresses.
pub const PROGRAMS: [(&str, Pubkey); 5] = [
    ("tokenrail_issuer", tokenrail_solana::tokenrail_issuer::ID),
    (
        "tokenrail_transfer_hook",
        tokenrail_solana::tokenrail_transfer_hook::ID,
    ),
    ("tokenrail_escrow", tokenrail_solana::tokenrail_escrow::ID),
    ("tokenrail_payout", tokenrail_solana::tokenrail_payout::ID),
    (
        "tokenrail_channel",
        tokenrail_solana::tokenrail_channel_program::ID,
    ),
];

/// What every development account or deployer is credited with when a deployment creates its
/// own payment mint (1,000,000 units of a 6-decimal token).
pub const NEW_MINT_CREDIT: u128 = 1_000_000_000_000;

impl SolanaDeployment {
    /// Checks that the cluster at `url` runs the Tokenrail programs and settles the payment
    /// mint: `payment_mint` if given (it must be a mint), else a new SPL Token mint with
    /// `payer` as its authority, crediting `payer` with [`NEW_MINT_CREDIT`].
    pub fn deploy_to(
        url: &str,
        payer: &Keypair,
        payment_mint: Option<Pubkey>,
    ) -> std::result::Result<Self, LedgerError> {
        let mut rpc = RpcLedger::connect(url, payer.insecure_clone())?;
        for (name, id) in PROGRAMS {
            if !rpc.program(&id)? {
                return Err(LedgerError::Rejected(format!(
                    "the {name} program is not deployed at {id} on {url}: build it with \
                     `anchor build` and deploy it with `anchor deploy` (or `solana program \
                     deploy`)"
                )));
            }
        }
        let payment_mint = match payment_mint {
            Some(mint) => mint,
            None => rpc
                .create_mint(TOKEN, 6, NEW_MINT_CREDIT)
                .map_err(|e| LedgerError::from(e).context("cannot create the payment mint"))?,
        };
        // Checks it is a mint of a token program.
        SolanaLedger::rpc(rpc, payment_mint)?;
        Ok(SolanaDeployment {
            payment_mint,
            token: None,
            registry: None,
        })
    }
}

impl SolanaSuite {
    /// The four clients of the deployment `at` on `ledger`'s chain (each on a sibling of
    /// `ledger`), `signers` signing as token, escrow and payout accounts and as channel parties.
    pub fn connect(
        ledger: SolanaLedger,
        at: &SolanaDeployment,
        signers: Named<Keypair>,
    ) -> std::result::Result<Self, LedgerError> {
        let sibling = || {
            ledger.sibling().ok_or_else(|| {
                LedgerError::Rejected("the ledger cannot be shared between clients".into())
            })
        };
        let parties = signers
            .iter()
            .map(|(n, k)| (n.to_string(), k.insecure_clone()))
            .collect();
        let mut suite = Suite::new(
            SolanaEscrow::on(sibling()?),
            SolanaPayout::on(sibling()?),
            SolanaChannel::on(sibling()?)?,
            signers,
            parties,
        );
        if let Some(mint) = at.token {
            suite.token = Some(SolanaToken::connect(sibling()?, mint)?);
        }
        suite.keep(ledger);
        suite.keep(at.clone());
        Ok(suite)
    }

    /// The deployment `at` on the cluster at `url`, every transaction signed (and paid) by
    /// `payer`, the suite's one account, called `key`.
    pub fn connect_rpc(
        url: &str,
        payer: &Keypair,
        at: &SolanaDeployment,
    ) -> std::result::Result<Self, LedgerError> {
        let ledger = SolanaLedger::rpc(
            RpcLedger::connect(url, payer.insecure_clone())?,
            at.payment_mint,
        )?;
        Self::connect(ledger, at, Named::one("key", payer.insecure_clone()))
    }

    /// Where the suite's deployment lives (with the token once issued).
    pub fn deployment(&self) -> &SolanaDeployment {
        self.kept().expect("a Solana suite keeps its deployment")
    }

    /// Issues the asset token with `terms`, the account `issuer` holding every role: the
    /// issuer creates its next free registry and issues the token on it.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let admin = self.signer(issuer)?.insecure_clone();
        let mut ledger = self
            .kept::<SolanaLedger>()
            .and_then(SolanaLedger::sibling)
            .ok_or_else(|| ClientError::Chain("the suite keeps no shareable ledger".into()))?;
        let mut id = 1u64;
        while ledger
            .account(&registry_address(&admin.pubkey(), id))
            .map_err(ClientError::from)?
            .is_some()
        {
            id += 1;
        }
        let token = SolanaToken::issue_on(ledger, terms, &admin, id)?;
        if let Some(at) = self.kept_mut::<SolanaDeployment>() {
            at.token = Some(token.mint);
            at.registry = Some(token.registry);
        }
        self.token = Some(token);
        Ok(())
    }
}

mod base58 {
    use super::Pubkey;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key: &Pubkey, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(key)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Pubkey, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a base-58 address")))
    }
}

mod base58_opt {
    use super::Pubkey;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key: &Option<Pubkey>, s: S) -> Result<S::Ok, S::Error> {
        match key {
            Some(k) => super::base58::serialize(k, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pubkey>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(with = "super::base58")] Pubkey);
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}
