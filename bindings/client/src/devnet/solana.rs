//! The Solana devnet: the issuer and hook programs (Token-2022), the escrow, payout and channel
//! programs, each on a program-test bank of its own with the real SPL programs; the payment
//! token is an SPL Token mint. The same four clients also drive a cluster over JSON-RPC
//! ([`SolanaDevnet::connect`]).

// solana-program-test 3.x marks its whole API deprecated-as-unstable.
#![allow(deprecated)]

use tokenrail_solana_test_chain::solana_keypair::Keypair;
use tokenrail_solana_test_chain::solana_signer::Signer;

use super::{catch_up, dev_secret, Devnet, Named, DEV_ACCOUNTS, DEV_BALANCE};
use crate::solana::{
    registry_address, Pubkey, RpcLedger, SolanaChannel, SolanaEscrow, SolanaLedger, SolanaPayout,
    SolanaToken, TOKEN,
};
use crate::token::{TokenError, TokenTerms};
use crate::{ClientError, Result};

/// The Solana devnet.
pub type SolanaDevnet =
    Devnet<SolanaToken, SolanaEscrow, SolanaPayout, SolanaChannel, Keypair, Keypair>;

/// The development account `name`'s keypair.
pub fn dev_keypair(name: &str) -> Keypair {
    Keypair::new_from_array(dev_secret(name))
}

fn dev_keys() -> Vec<Keypair> {
    DEV_ACCOUNTS.iter().map(|n| dev_keypair(n)).collect()
}

fn named() -> Named<Keypair> {
    DEV_ACCOUNTS
        .iter()
        .map(|n| (n.to_string(), dev_keypair(n)))
        .collect()
}

impl SolanaDevnet {
    /// Starts the escrow, payout and channel banks, every development account holding
    /// [`DEV_BALANCE`] of the payment mint on each.
    pub fn start() -> Self {
        let amount = u64::try_from(DEV_BALANCE).expect("the development balance fits u64");
        let balances = vec![amount; DEV_ACCOUNTS.len()];
        let (escrow, _) = SolanaEscrow::embedded_with(TOKEN, dev_keys(), &balances);
        let (payout, _) = SolanaPayout::embedded_with(TOKEN, dev_keys(), &balances);
        let (channel, _) = SolanaChannel::embedded_with(TOKEN, dev_keys(), &balances);
        Devnet {
            token: None,
            escrow,
            payout,
            channel,
            signers: named(),
            parties: named(),
            shared_clock: false,
            keep: None,
        }
    }

    fn issue_embedded(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        if !DEV_ACCOUNTS.contains(&issuer) {
            return Err(ClientError::Chain(format!(
                "no development account `{issuer}`"
            )));
        }
        let holders = DEV_ACCOUNTS
            .iter()
            .filter(|n| **n != issuer)
            .map(|n| dev_keypair(n))
            .collect();
        let (mut token, _, _) = SolanaToken::issue_with(terms, dev_keypair(issuer), holders)?;
        let now = self.now().map_err(ClientError::Chain)?;
        catch_up(&mut token, now).map_err(ClientError::Chain)?;
        self.token = Some(token);
        Ok(())
    }
}

/// A Tokenrail deployment on a Solana cluster: the payment mint and, once issued, the asset
/// token's mint. The programs live at the addresses they declare (`declare_id!`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SolanaAddresses {
    /// The mint the escrow, payout and channel programs move.
    #[serde(with = "base58")]
    pub payment_mint: Pubkey,
    /// The asset token's Token-2022 mint, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "base58_opt")]
    pub token: Option<Pubkey>,
}

/// The Tokenrail programs a cluster must run, by name, at their declared addresses.
pub const PROGRAMS: [(&str, Pubkey); 5] = [
    ("tokenrail_issuer", tokenrail_issuer::ID),
    ("tokenrail_transfer_hook", tokenrail_transfer_hook::ID),
    ("tokenrail_escrow", tokenrail_escrow::ID),
    ("tokenrail_payout", tokenrail_payout::ID),
    ("tokenrail_channel", tokenrail_channel_program::ID),
];

/// A program-test bank running all five Tokenrail programs (natively) beside the real SPL
/// programs: what a cluster with Tokenrail deployed looks like, for the JSON-RPC front
/// ([`tokenrail_solana_test_chain::rpc`]) the cluster transport is tested against.
pub fn cluster_program_test() -> tokenrail_solana_test_chain::solana_program_test::ProgramTest {
    use tokenrail_solana_test_chain::anchor_processor;
    let mut pt =
        tokenrail_solana_test_chain::anchor_program_test!("tokenrail_issuer", tokenrail_issuer);
    pt.add_program(
        "tokenrail_transfer_hook",
        tokenrail_transfer_hook::ID,
        anchor_processor!(tokenrail_transfer_hook),
    );
    pt.add_program(
        "tokenrail_escrow",
        tokenrail_escrow::ID,
        anchor_processor!(tokenrail_escrow),
    );
    pt.add_program(
        "tokenrail_payout",
        tokenrail_payout::ID,
        anchor_processor!(tokenrail_payout),
    );
    pt.add_program(
        "tokenrail_channel",
        tokenrail_channel_program::ID,
        anchor_processor!(tokenrail_channel_program),
    );
    pt
}

impl SolanaDevnet {
    /// Checks that the cluster at `url` runs the Tokenrail programs and settles the payment
    /// mint: `payment_mint` if given (it must be a mint), else a new SPL Token mint with
    /// `payer` as its authority, crediting `payer` with [`DEV_BALANCE`].
    pub fn deploy_to(
        url: &str,
        payer: &Keypair,
        payment_mint: Option<Pubkey>,
    ) -> std::result::Result<SolanaAddresses, String> {
        let mut rpc = RpcLedger::connect(url, payer.insecure_clone())?;
        for (name, id) in PROGRAMS {
            match rpc.program(&id)? {
                true => {}
                false => {
                    return Err(format!(
                        "the {name} program is not deployed at {id} on {url}: build it with \
                         `anchor build` and deploy it with `anchor deploy` (or `solana program \
                         deploy`)"
                    ))
                }
            }
        }
        let payment_mint = match payment_mint {
            Some(mint) => mint,
            None => rpc
                .create_mint(TOKEN, 6, DEV_BALANCE)
                .map_err(|e| format!("cannot create the payment mint: {e}"))?,
        };
        // Checks it is a mint of a token program.
        SolanaLedger::rpc(rpc, payment_mint)?;
        Ok(SolanaAddresses {
            payment_mint,
            token: None,
        })
    }

    /// The deployment `at` on the cluster at `url`, every transaction signed (and paid) by
    /// `payer`, who is the devnet's one account, called `key`.
    pub fn connect(
        url: &str,
        payer: &Keypair,
        at: &SolanaAddresses,
    ) -> std::result::Result<Self, String> {
        let ledger = || -> std::result::Result<SolanaLedger, String> {
            SolanaLedger::rpc(
                RpcLedger::connect(url, payer.insecure_clone())?,
                at.payment_mint,
            )
        };
        let token = match at.token {
            Some(mint) => Some(SolanaToken::connect(ledger()?, mint).map_err(|e| e.to_string())?),
            None => None,
        };
        let one = || -> Named<Keypair> {
            std::iter::once(("key".to_string(), payer.insecure_clone())).collect()
        };
        Ok(Devnet {
            token,
            escrow: SolanaEscrow::on(ledger()?),
            payout: SolanaPayout::on(ledger()?),
            channel: SolanaChannel::on(ledger()?)?,
            signers: one(),
            parties: one(),
            shared_clock: true,
            keep: None,
        })
    }

    /// Issues the asset token with `terms`, the account `issuer` holding every role: on the
    /// embedded chain a bank of its own, on a cluster the next free registry of the issuer.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let Some(ledger) = self.escrow.chain.sibling().map_err(ClientError::Chain)? else {
            return self.issue_embedded(terms, issuer);
        };
        let admin = self
            .signers
            .get(issuer)
            .ok_or_else(|| ClientError::Chain(format!("no account `{issuer}`")))?
            .insecure_clone();
        let mut ledger = ledger;
        let mut id = 1u64;
        while ledger
            .account(&registry_address(&admin.pubkey(), id))
            .map_err(ClientError::Chain)?
            .is_some()
        {
            id += 1;
        }
        self.token = Some(SolanaToken::issue_on(ledger, terms, &admin, id)?);
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

/// A local Solana node for tests and development: the JSON-RPC front
/// ([`tokenrail_solana_test_chain::rpc`]) over a bank running the five Tokenrail programs, with
/// `keys` funded (10 SOL each) and `balances[i]` of a new payment mint of `token_program` in
/// `keys[i]`'s associated token account. Returns the front and the payment mint.
pub fn local_cluster(
    keys: &[Keypair],
    token_program: Pubkey,
    balances: &[u64],
) -> (tokenrail_solana_test_chain::rpc::RpcFront, Pubkey) {
    use spl_associated_token_account_interface::{address, instruction};
    use tokenrail_solana_test_chain::spl_token_2022_interface::instruction::mint_to;
    let keys: Vec<Keypair> = keys.iter().map(Keypair::insecure_clone).collect();
    let balances = balances.to_vec();
    let (mint_tx, mint_rx) = std::sync::mpsc::channel();
    let front = tokenrail_solana_test_chain::rpc::serve(move || {
        let owners: Vec<Pubkey> = keys.iter().map(Signer::pubkey).collect();
        let mut chain = tokenrail_solana_test_chain::Chain::start_with_keys::<usize>(
            cluster_program_test(),
            keys,
            token_program,
            &[],
        );
        let (mint, payer) = (chain.mint, chain.ctx.payer.pubkey());
        for (owner, amount) in owners.iter().zip(balances) {
            let ata =
                address::get_associated_token_address_with_program_id(owner, &mint, &token_program);
            let ixs = [
                instruction::create_associated_token_account_idempotent(
                    &payer,
                    owner,
                    &mint,
                    &token_program,
                ),
                mint_to(&token_program, &mint, &ata, &payer, &[], amount).expect("mint_to"),
            ];
            chain.send(&ixs, &[]).expect("funds the account");
        }
        let _ = mint_tx.send(mint);
        chain
    });
    let mint = mint_rx.recv().expect("the cluster starts");
    (front, mint)
}
