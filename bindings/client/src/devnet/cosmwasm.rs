//! The CosmWasm devnet: `cw-registry` and `cw-asset-token`, `cw-escrow`, `cw-payout` and
//! `cw-channel`, each on a cw-multi-test app of its own; the payment token is the bank denom
//! [`DENOM`](crate::cosmwasm::DENOM). Development accounts are the accounts of their
//! secp256k1 keys (bech32 prefix `cosmwasm`), so one name is one address for every
//! capability, channels included.

use cosmwasm_std::Addr;

use super::{
    catch_up, dev_secp256k1, issuer_and_holders, Devnet, Named, DEV_ACCOUNTS, DEV_BALANCE,
};
use crate::cosmwasm::{AssetKind, CwChannel, CwEscrow, CwParty, CwPayout, CwToken};
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

    /// Issues the asset token with `terms`, the development account `issuer` holding every role.
    pub fn issue(&mut self, terms: &TokenTerms, issuer: &str) -> Result<(), TokenError> {
        let (admin, others) = issuer_and_holders(&self.signers, issuer)?;
        let (mut token, _, _) = CwToken::issue_with(terms, admin, others)?;
        let now = self.now().map_err(ClientError::Chain)?;
        catch_up(&mut token, now).map_err(ClientError::Chain)?;
        self.token = Some(token);
        Ok(())
    }
}
