//! [`PayoutClient`] on `ink_payout`, in the native balance or a PSP22 token. Trees are
//! BLAKE2b-256 trees over the contract's leaf encoding, which binds the contract and the
//! distribution id.

use std::rc::Rc;

use tokenrail_core::merkle::{Blake2b256, MerkleTree};
use tokenrail_core::payout::leaf;
use tokenrail_ink::{ink_payout as payout, LangError, Message};

use super::{
    asset_balance, call, chain_error, id, pay_with, query, AccountId32, InkAsset, InkLedger,
};
use crate::payout::{legs_total, NewDistribution, PayoutClient, PayoutError};
use crate::{ClientError, Result};

/// The tree of distribution `id` of `contract` over `claims`.
fn tree_of(
    contract: &AccountId32,
    id: u64,
    claims: &[(AccountId32, u128)],
) -> Result<MerkleTree<Blake2b256>, PayoutError> {
    let leaves: Vec<[u8; 32]> = claims
        .iter()
        .enumerate()
        .map(|(i, (a, m))| leaf::ink(contract.as_ref(), id, i as u32, a.as_ref(), *m))
        .collect();
    MerkleTree::<Blake2b256>::new(&leaves).map_err(|_| ClientError::Spec(PayoutError::EmptyBatch))
}

/// One distribution: its id, claims and tree.
#[derive(Clone, Debug)]
pub struct InkDistribution {
    /// The contract's id.
    pub id: u64,
    /// `(account, amount)` per leaf.
    pub claims: Vec<(AccountId32, u128)>,
    tree: Rc<MerkleTree<Blake2b256>>,
}

/// `ink_payout` on an ink! chain.
pub struct InkPayout {
    /// The chain.
    pub chain: InkLedger,
    contract: AccountId32,
    asset: InkAsset,
}

impl InkPayout {
    /// The payout contract at `contract` on `chain`, paying in `asset`.
    pub fn on(chain: InkLedger, contract: AccountId32, asset: InkAsset) -> Self {
        InkPayout {
            chain,
            contract,
            asset,
        }
    }

    /// Distribution `id` with its `claims` (its tree is rebuilt from them).
    pub fn distribution(
        &self,
        id: u64,
        claims: Vec<(AccountId32, u128)>,
    ) -> Result<InkDistribution, PayoutError> {
        let tree = tree_of(&self.contract, id, &claims)?;
        Ok(InkDistribution {
            id,
            claims,
            tree: Rc::new(tree),
        })
    }

    fn exec<R: tokenrail_ink::scale::Decode>(
        &mut self,
        msg: Message<std::result::Result<std::result::Result<R, PayoutError>, LangError>>,
        caller: &AccountId32,
        value: u128,
    ) -> Result<R, PayoutError> {
        let contract = self.contract.clone();
        call(&mut self.chain, &contract, msg, caller, value)?.map_err(ClientError::Spec)
    }
}

impl PayoutClient for InkPayout {
    type Signer = AccountId32;
    type Address = AccountId32;
    type Distribution = InkDistribution;

    fn address_of(&self, signer: &AccountId32) -> AccountId32 {
        signer.clone()
    }

    fn multisend(
        &mut self,
        payer: &AccountId32,
        legs: &[(AccountId32, u128)],
    ) -> Result<(), PayoutError> {
        let total = legs_total(legs)?;
        let contract = self.contract.clone();
        let (token, value) = pay_with(&mut self.chain, &self.asset, payer, &contract, total)?;
        let recipients = legs.iter().map(|(a, _)| id(a)).collect();
        let amounts = legs.iter().map(|(_, m)| *m).collect();
        let msg = payout::messages::multisend(token, recipients, amounts, total);
        self.exec(msg, payer, value)
    }

    fn create_distribution(
        &mut self,
        funder: &AccountId32,
        d: NewDistribution<AccountId32>,
    ) -> Result<InkDistribution, PayoutError> {
        let total = d.total()?;
        let contract = self.contract.clone();
        // Ids are sequential and every leaf binds its id: the tree is for the next one.
        let id_next = query(&mut self.chain, &contract, payout::messages::count())? + 1;
        let tree = tree_of(&contract, id_next, &d.claims)?;
        let (token, value) = pay_with(&mut self.chain, &self.asset, funder, &contract, total)?;
        let msg = payout::messages::create_distribution(
            token,
            tree.root(),
            total,
            d.start,
            d.expiry,
            id(&d.clawback_to),
        );
        let got = self.exec(msg, funder, value)?;
        if got != id_next {
            return Err(chain_error(format!(
                "the contract assigned id {got} while the tree binds {id_next}"
            )));
        }
        Ok(InkDistribution {
            id: got,
            claims: d.claims,
            tree: Rc::new(tree),
        })
    }

    fn claim(
        &mut self,
        submitter: &AccountId32,
        d: &InkDistribution,
        index: u32,
    ) -> Result<(), PayoutError> {
        let (account, amount) = d
            .claims
            .get(index as usize)
            .cloned()
            .ok_or_else(|| chain_error(format!("the distribution has no claim {index}")))?;
        let proof = d.tree.proof(index as usize);
        let msg = payout::messages::claim(d.id, index, id(&account), amount, proof);
        self.exec(msg, submitter, 0)
    }

    fn clawback(&mut self, caller: &AccountId32, d: &InkDistribution) -> Result<(), PayoutError> {
        self.exec(payout::messages::clawback(d.id), caller, 0)
    }

    fn is_claimed(&mut self, d: &InkDistribution, index: u32) -> Result<bool, PayoutError> {
        let contract = self.contract.clone();
        query(
            &mut self.chain,
            &contract,
            payout::messages::is_claimed(d.id, index),
        )
    }

    fn balance(&mut self, who: &AccountId32) -> Result<u128, PayoutError> {
        asset_balance(&mut self.chain, &self.asset, who)
    }
}
