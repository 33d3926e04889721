//! The Solana devnet: the issuer and hook programs (Token-2022), the escrow, payout and channel
//! programs, each on a program-test bank of its own with the real SPL programs; the payment
//! token is an SPL Token mint.

use tokenrail_solana_test_chain::solana_keypair::Keypair;

use super::{catch_up, dev_secret, Devnet, Named, DEV_ACCOUNTS, DEV_BALANCE};
use crate::solana::{SolanaChannel, SolanaEscrow, SolanaPayout, SolanaToken, TOKEN};
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

    /// Issues the asset token with `terms`, the development account `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
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
