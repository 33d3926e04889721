//! The ink! devnet: `ink_registry` and `ink_asset_token`, `ink_escrow`, `ink_payout` and
//! `ink_channel`, each in a pallet-contracts sandbox of its own; the payment token is a
//! reference PSP22 token. Development accounts are the Substrate accounts of their secp256k1
//! keys, so one name is one account for every capability, channels included.

use super::{catch_up, dev_secp256k1, issuer_and_holders, Devnet, DEV_ACCOUNTS, DEV_BALANCE};
use crate::ink::{AccountId32, InkChannel, InkEscrow, InkParty, InkPayout, InkToken};
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
        let (admin, others) = issuer_and_holders(&self.signers, issuer)?;
        let (mut token, _, _) = InkToken::issue_with(terms, admin, others)?;
        let now = self.now().map_err(ClientError::Chain)?;
        catch_up(&mut token, now).map_err(ClientError::Chain)?;
        self.token = Some(token);
        Ok(())
    }
}
