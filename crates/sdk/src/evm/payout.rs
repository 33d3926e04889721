//! [`PayoutClient`] on `TokenrailMultiSend` and `TokenrailMerkleDistributor`, in one ERC-20.
//! Trees are OpenZeppelin standard-v1 trees over the contract's own leaf encoding.

use alloy::primitives::{Address, B256, U256};
use alloy::providers::DynProvider;
use tokenrail_core::merkle::StandardTree;
use tokenrail_evm::payout::{leaf, payout_error};
use tokenrail_evm::{TokenrailMerkleDistributor, TokenrailMultiSend};

use super::{chain, refusal_by, rpc, EvmSigner, IERC20};
use crate::payout::{legs_total, NewDistribution, PayoutClient, PayoutError};
use crate::{ClientError, Result};

fn refusal(err: alloy::contract::Error) -> ClientError<PayoutError> {
    refusal_by(err, payout_error)
}

/// One distribution: its id and the tree its claims are proven against.
#[derive(Clone, Debug)]
pub struct EvmDistribution {
    /// The distributor's id.
    pub id: U256,
    /// `(account, amount)` per leaf.
    pub claims: Vec<(Address, u128)>,
    tree: StandardTree,
}

/// The multi-send and distributor contracts, paying in one ERC-20.
pub struct EvmPayout {
    pub(crate) rt: tokio::runtime::Handle,
    pub(crate) reader: DynProvider,
    multisend: Address,
    distributor: Address,
    token: Address,
}

impl EvmPayout {
    /// The contracts at `multisend` and `distributor`, paying in `token`; `reader` serves the
    /// queries and `rt` drives the providers' futures.
    pub fn new(
        rt: tokio::runtime::Handle,
        reader: DynProvider,
        multisend: Address,
        distributor: Address,
        token: Address,
    ) -> Self {
        EvmPayout {
            rt,
            reader,
            multisend,
            distributor,
            token,
        }
    }

    /// Deploys both contracts from `deployer`, for payouts in `token`.
    pub fn deploy(
        rt: tokio::runtime::Handle,
        deployer: &EvmSigner,
        token: Address,
    ) -> Result<Self, PayoutError> {
        let p = deployer.provider.clone();
        let (multisend, distributor) = rt.block_on(async {
            let m = TokenrailMultiSend::deploy(p.clone())
                .await
                .map_err(refusal)?;
            let d = TokenrailMerkleDistributor::deploy(p.clone())
                .await
                .map_err(refusal)?;
            Ok::<_, ClientError<PayoutError>>((*m.address(), *d.address()))
        })?;
        Ok(EvmPayout::new(rt, p, multisend, distributor, token))
    }

    /// The tree of distribution `id` over `claims` (the contract's leaf encoding).
    fn tree(
        &self,
        chain_id: u64,
        id: U256,
        claims: &[(Address, u128)],
    ) -> Result<StandardTree, PayoutError> {
        let leaves: Vec<[u8; 32]> = claims
            .iter()
            .enumerate()
            .map(|(i, (a, m))| leaf(chain_id, self.distributor, id, i as u64, *a, *m).0)
            .collect();
        StandardTree::new(&leaves).map_err(|_| ClientError::Spec(PayoutError::EmptyBatch))
    }

    /// The handle of an existing distribution `id` whose claims are `claims` (as recorded when
    /// it was created, e.g. in its plan); claims against a wrong list fail `InvalidProof`.
    pub fn distribution(
        &self,
        id: U256,
        claims: Vec<(Address, u128)>,
    ) -> Result<EvmDistribution, PayoutError> {
        use alloy::providers::Provider as _;
        let chain_id = self.rt.block_on(self.reader.get_chain_id()).map_err(rpc)?;
        let tree = self.tree(chain_id, id, &claims)?;
        Ok(EvmDistribution { id, claims, tree })
    }

    /// The payout contracts' addresses: `(multisend, distributor)`.
    pub fn addresses(&self) -> (Address, Address) {
        (self.multisend, self.distributor)
    }

    fn approve(
        &self,
        owner: &EvmSigner,
        spender: Address,
        amount: u128,
    ) -> Result<(), PayoutError> {
        let token = IERC20::new(self.token, owner.provider.clone());
        self.rt
            .block_on(send!(
                owner.provider,
                token.approve(spender, U256::from(amount)),
                refusal
            ))
            .map(drop)
    }
}

impl PayoutClient for EvmPayout {
    type Signer = EvmSigner;
    type Address = Address;
    type Distribution = EvmDistribution;

    fn address_of(&self, signer: &EvmSigner) -> Address {
        signer.address
    }

    fn multisend(
        &mut self,
        payer: &EvmSigner,
        legs: &[(Address, u128)],
    ) -> Result<(), PayoutError> {
        let total = legs_total(legs)?;
        self.approve(payer, self.multisend, total)?;
        let contract = TokenrailMultiSend::new(self.multisend, payer.provider.clone());
        let recipients = legs.iter().map(|(a, _)| *a).collect();
        let amounts = legs.iter().map(|(_, m)| U256::from(*m)).collect();
        self.rt
            .block_on(send!(
                payer.provider,
                contract.multisendToken(self.token, recipients, amounts, U256::from(total)),
                refusal
            ))
            .map(drop)
    }

    fn create_distribution(
        &mut self,
        funder: &EvmSigner,
        d: NewDistribution<Address>,
    ) -> Result<EvmDistribution, PayoutError> {
        let total = d.total()?;
        let contract = TokenrailMerkleDistributor::new(self.distributor, funder.provider.clone());
        let (count, chain_id) = self.rt.block_on(async {
            use alloy::providers::Provider as _;
            let count = contract.distributionCount().call().await.map_err(refusal)?;
            let chain_id = funder.provider.get_chain_id().await.map_err(rpc)?;
            Ok::<_, ClientError<PayoutError>>((count, chain_id))
        })?;
        // Ids are sequential and every leaf binds its id: the tree is for the next one. A
        // distribution created by someone else in between makes `create` bind another id, and
        // every claim would then fail `InvalidProof` rather than pay the wrong leaf.
        let id = count + U256::from(1);
        let tree = self.tree(chain_id, id, &d.claims)?;
        self.approve(funder, self.distributor, total)?;
        let receipt = self.rt.block_on(send!(
            funder.provider,
            contract.create(
                self.token,
                B256::from(tree.root()),
                total,
                d.start,
                d.expiry,
                d.clawback_to
            ),
            refusal
        ))?;
        let created = receipt
            .decoded_log::<TokenrailMerkleDistributor::DistributionCreated>()
            .ok_or_else(|| chain("no DistributionCreated event in the receipt"))?;
        if created.id != id {
            return Err(chain(format!(
                "the distributor assigned id {} while the tree binds {id}",
                created.id
            )));
        }
        Ok(EvmDistribution {
            id,
            claims: d.claims,
            tree,
        })
    }

    fn claim(
        &mut self,
        submitter: &EvmSigner,
        d: &EvmDistribution,
        index: u32,
    ) -> Result<(), PayoutError> {
        let (account, amount) = *d
            .claims
            .get(index as usize)
            .ok_or_else(|| chain(format!("the distribution has no claim {index}")))?;
        let proof: Vec<B256> = d
            .tree
            .proof(index as usize)
            .into_iter()
            .map(B256::from)
            .collect();
        let contract =
            TokenrailMerkleDistributor::new(self.distributor, submitter.provider.clone());
        self.rt
            .block_on(send!(
                submitter.provider,
                contract.claim(d.id, U256::from(index), account, U256::from(amount), proof),
                refusal
            ))
            .map(drop)
    }

    fn clawback(&mut self, caller: &EvmSigner, d: &EvmDistribution) -> Result<(), PayoutError> {
        let contract = TokenrailMerkleDistributor::new(self.distributor, caller.provider.clone());
        self.rt
            .block_on(send!(caller.provider, contract.clawback(d.id), refusal))
            .map(drop)
    }

    fn is_claimed(&mut self, d: &EvmDistribution, index: u32) -> Result<bool, PayoutError> {
        let contract = TokenrailMerkleDistributor::new(self.distributor, self.reader.clone());
        self.rt
            .block_on(async { contract.isClaimed(d.id, U256::from(index)).call().await })
            .map_err(refusal)
    }

    fn balance(&mut self, who: &Address) -> Result<u128, PayoutError> {
        let token = IERC20::new(self.token, self.reader.clone());
        let b = self
            .rt
            .block_on(async { token.balanceOf(*who).call().await })
            .map_err(refusal)?;
        u128::try_from(b).map_err(chain)
    }
}
