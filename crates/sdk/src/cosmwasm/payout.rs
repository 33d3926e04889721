//! [`PayoutClient`] on `cw-payout`, in a bank denom or a cw20 token. Trees are SHA-256 trees
//! over the contract's leaf encoding, which binds the chain id, the contract and the
//! distribution id.

use std::rc::Rc;

use cosmwasm_std::{Addr, HexBinary, Uint128};
use serde_json::Value;
use tokenrail_core::merkle::{MerkleTree, Sha256};
use tokenrail_core::payout::leaf;
use tokenrail_cosmwasm::payout::{
    CreateDistributionMsg, ExecuteMsg, MultiSendMsg, QueryMsg, ReceiveMsg,
};
use tokenrail_cosmwasm::{Contract, Payout, SpecError};

use super::{asset_balance, chain, funded_msg, refusal_by, wasm_attr, CwAsset, QueryOn};
use crate::payout::{legs_total, NewDistribution, PayoutClient, PayoutError};
use crate::{ClientError, Result};

fn refusal(err: impl Into<crate::LedgerError>) -> ClientError<PayoutError> {
    refusal_by(err, |e| match e {
        SpecError::Payout(code) => Some(code),
        _ => None,
    })
}

/// One distribution: its id, claims and tree.
#[derive(Clone, Debug)]
pub struct CwDistribution {
    /// The contract's id.
    pub id: u64,
    /// `(account, amount)` per leaf.
    pub claims: Vec<(Addr, u128)>,
    tree: Rc<MerkleTree<Sha256>>,
}

/// `cw-payout` on a ledger (the embedded chain or a Cosmos chain).
pub struct CwPayout {
    /// The ledger.
    pub chain: super::CwLedger,
    payout: Contract<Payout>,
    asset: CwAsset,
    created: u64,
}

impl CwPayout {
    /// `cw-payout` at `payout` on `chain`, paying in `asset`.
    pub fn on(chain: super::CwLedger, payout: Addr, asset: CwAsset) -> Self {
        CwPayout {
            chain,
            payout: Contract::new(payout),
            asset,
            created: 0,
        }
    }

    /// Distribution `id` with `claims` (the leaves, in order), rebuilt so that a later process
    /// can prove its claims. Refused when the claims do not make the root the chain holds.
    pub fn distribution(
        &mut self,
        id: u64,
        claims: Vec<(Addr, u128)>,
    ) -> Result<CwDistribution, PayoutError> {
        let tree = self.tree(id, &claims)?;
        let state: tokenrail_cosmwasm::payout::DistributionResponse = self
            .payout
            .query_on(&self.chain, &QueryMsg::Distribution { id })
            .map_err(refusal)?;
        if state.root.as_slice() != tree.root() {
            return Err(chain(format!(
                "the claims given do not make distribution {id}'s root"
            )));
        }
        self.created = self.created.max(id);
        Ok(CwDistribution {
            id,
            claims,
            tree: Rc::new(tree),
        })
    }

    /// The tree of distribution `id`'s claims (each leaf binds the chain, contract and id).
    fn tree(&self, id: u64, claims: &[(Addr, u128)]) -> Result<MerkleTree<Sha256>, PayoutError> {
        let chain_id = self.chain.chain_id();
        let leaves: Vec<[u8; 32]> = claims
            .iter()
            .enumerate()
            .map(|(i, (a, m))| {
                leaf::cosmwasm(
                    &chain_id,
                    self.payout.addr.as_str(),
                    id,
                    i as u32,
                    a.as_str(),
                    *m,
                )
            })
            .collect();
        MerkleTree::<Sha256>::new(&leaves).map_err(|_| ClientError::Spec(PayoutError::EmptyBatch))
    }

    fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> Result<super::Outcome, PayoutError> {
        let msg = self.payout.execute(msg, vec![]).map_err(chain)?;
        self.chain.execute(sender, msg).map_err(refusal)
    }
}

impl PayoutClient for CwPayout {
    type Signer = Addr;
    type Address = Addr;
    type Distribution = CwDistribution;

    fn address_of(&self, signer: &Addr) -> Addr {
        signer.clone()
    }

    fn multisend(&mut self, payer: &Addr, legs: &[(Addr, u128)]) -> Result<(), PayoutError> {
        let total = legs_total(legs)?;
        let batch = MultiSendMsg {
            recipients: legs.iter().map(|(a, _)| a.to_string()).collect(),
            amounts: legs.iter().map(|(_, m)| Uint128::new(*m)).collect(),
            declared_total: Uint128::new(total),
        };
        let msg = funded_msg(
            &self.asset,
            &self.payout,
            total,
            &ExecuteMsg::MultiSend(batch.clone()),
            &ReceiveMsg::MultiSend(batch),
        )
        .map_err(chain)?;
        self.chain.execute(payer, msg).map_err(refusal).map(drop)
    }

    fn create_distribution(
        &mut self,
        funder: &Addr,
        d: NewDistribution<Addr>,
    ) -> Result<CwDistribution, PayoutError> {
        let total = d.total()?;
        // Ids are sequential and every leaf binds its id: the tree is for the next one. On a
        // chain others create distributions too: the next is the first id not taken.
        let mut id = self.created + 1;
        if self.chain.rpc().is_some() {
            // Only the contract's answer that the id is free ends the probe: a node that does
            // not answer must not make a taken id look free.
            loop {
                match self
                    .payout
                    .query_on::<Value>(&self.chain, &QueryMsg::Distribution { id })
                {
                    Ok(_) => id += 1,
                    Err(crate::LedgerError::Rejected(_)) => break,
                    Err(other) => return Err(other.into()),
                }
            }
        }
        let tree = self.tree(id, &d.claims)?;
        let create = CreateDistributionMsg {
            root: HexBinary::from(&tree.root()[..]),
            total: Uint128::new(total),
            start: d.start,
            expiry: d.expiry,
            clawback_receiver: d.clawback_to.to_string(),
        };
        let msg = funded_msg(
            &self.asset,
            &self.payout,
            total,
            &ExecuteMsg::CreateDistribution(create.clone()),
            &ReceiveMsg::CreateDistribution(create),
        )
        .map_err(chain)?;
        let res = self.chain.execute(funder, msg).map_err(refusal)?;
        let got: u64 = wasm_attr(&res, "id")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| chain("create emitted no id"))?;
        if got != id {
            return Err(chain(format!(
                "the contract assigned id {got} while the tree binds {id}"
            )));
        }
        self.created = id;
        Ok(CwDistribution {
            id,
            claims: d.claims,
            tree: Rc::new(tree),
        })
    }

    fn claim(
        &mut self,
        submitter: &Addr,
        d: &CwDistribution,
        index: u32,
    ) -> Result<(), PayoutError> {
        let (account, amount) = d
            .claims
            .get(index as usize)
            .cloned()
            .ok_or_else(|| chain(format!("the distribution has no claim {index}")))?;
        let proof = d
            .tree
            .proof(index as usize)
            .iter()
            .map(|h| HexBinary::from(&h[..]))
            .collect();
        let msg = ExecuteMsg::Claim {
            id: d.id,
            index,
            account: account.to_string(),
            amount: Uint128::new(amount),
            proof,
        };
        self.execute(submitter, &msg).map(drop)
    }

    fn clawback(&mut self, caller: &Addr, d: &CwDistribution) -> Result<(), PayoutError> {
        self.execute(caller, &ExecuteMsg::Clawback { id: d.id })
            .map(drop)
    }

    fn is_claimed(&mut self, d: &CwDistribution, index: u32) -> Result<bool, PayoutError> {
        self.payout
            .query_on(&self.chain, &QueryMsg::IsClaimed { id: d.id, index })
            .map_err(refusal)
    }

    fn balance(&mut self, who: &Addr) -> Result<u128, PayoutError> {
        asset_balance(&self.chain, &self.asset, who).map_err(ClientError::from)
    }
}
