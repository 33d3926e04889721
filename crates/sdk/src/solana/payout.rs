//! [`PayoutClient`] on the payout program, in a mint of SPL Token or Token-2022. Trees are
//! SHA-256 trees over the program's leaf encoding, which binds the program and the
//! distribution account.

use std::collections::HashMap;
use std::rc::Rc;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use tokenrail_core::merkle::{MerkleTree, Sha256};
use tokenrail_core::payout::leaf;
use tokenrail_solana::addresses::{
    claim_chunk_address as chunk_address, distribution_address, distribution_vault_address,
    event_authority_address,
};
use tokenrail_solana::claims::{self, CLAIMS_PER_CHUNK};
use tokenrail_solana::tokenrail_payout::{self as program, client, types};

use super::{chain, refusal_by, Keypair, Signer};
use crate::payout::{NewDistribution, PayoutClient, PayoutError};
use crate::{ClientError, Result};

fn refusal(err: super::SendError) -> ClientError<PayoutError> {
    refusal_by(
        err,
        PayoutError::from_code,
        Some(PayoutError::DistributionNotFound),
    )
}

fn amount64(amount: u128) -> Result<u64, PayoutError> {
    u64::try_from(amount).map_err(|_| ClientError::Chain("Solana amounts are u64".into()))
}

/// One distribution: its accounts, claims and tree.
#[derive(Clone, Debug)]
pub struct SolanaDistribution {
    /// `["distribution", funder, id_le]`.
    pub distribution: Pubkey,
    /// `["vault", distribution]`.
    pub vault: Pubkey,
    /// Receives the unclaimed remainder.
    pub clawback_to: Pubkey,
    /// `(owner, amount)` per leaf.
    pub claims: Vec<(Pubkey, u64)>,
    tree: Rc<MerkleTree<Sha256>>,
}

/// The payout program on a Solana ledger (the embedded chain or a cluster), paying in the
/// ledger's mint.
pub struct SolanaPayout {
    /// The ledger (and its payment mint and token program).
    pub chain: super::SolanaLedger,
    next_id: HashMap<Pubkey, u64>,
}

impl SolanaPayout {
    /// The payout program on `ledger` (a cluster where it is deployed), paying in the ledger's
    /// mint.
    pub fn on(ledger: super::SolanaLedger) -> Self {
        SolanaPayout {
            chain: ledger,
            next_id: HashMap::new(),
        }
    }

    /// The distribution at `distribution` with `claims` (the leaves, in order), rebuilt from
    /// the chain so that a later process can prove its claims. Refused when the claims do not
    /// make the root the chain holds.
    pub fn distribution(
        &mut self,
        distribution: Pubkey,
        claims: Vec<(Pubkey, u64)>,
    ) -> Result<SolanaDistribution, PayoutError> {
        let account = self
            .chain
            .account(&distribution)
            .map_err(ClientError::from)?
            .ok_or(ClientError::Spec(PayoutError::DistributionNotFound))?;
        let state = program::accounts::Distribution::try_deserialize(&mut account.data.as_slice())
            .map_err(chain)?;
        let tree = Rc::new(tree_of(&distribution, &claims)?);
        if tree.root() != state.root {
            return Err(chain(format!(
                "the claims given do not make distribution {distribution}'s root"
            )));
        }
        Ok(SolanaDistribution {
            distribution,
            vault: state.vault,
            clawback_to: state.clawback_receiver,
            claims,
            tree,
        })
    }

    /// The token account of `owner` in the chain's mint, created on first use.
    pub fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        let mint = self.chain.mint;
        self.chain.token_account_of(mint, owner)
    }

    fn send(&mut self, ixs: &[Instruction], signer: &Keypair) -> Result<(), PayoutError> {
        self.chain.send(ixs, &[signer]).map_err(refusal)
    }
}

/// The Merkle tree of a distribution's claims (SHA-256 leaves bound to the program and the
/// distribution account).
fn tree_of(
    distribution: &Pubkey,
    claims: &[(Pubkey, u64)],
) -> Result<MerkleTree<Sha256>, PayoutError> {
    let leaves: Vec<[u8; 32]> = claims
        .iter()
        .enumerate()
        .map(|(i, (a, m))| {
            leaf::solana(
                &program::ID.to_bytes(),
                &distribution.to_bytes(),
                i as u32,
                &a.to_bytes(),
                *m,
            )
        })
        .collect();
    MerkleTree::<Sha256>::new(&leaves).map_err(|_| ClientError::Spec(PayoutError::EmptyBatch))
}

impl PayoutClient for SolanaPayout {
    type Signer = Keypair;
    type Address = Pubkey;
    type Distribution = SolanaDistribution;

    fn address_of(&self, signer: &Keypair) -> Pubkey {
        signer.pubkey()
    }

    /// Recipients are the owners' token accounts, passed as remaining accounts (at most 21 in
    /// one transaction without a lookup table, `docs/spec/payout.md`).
    fn multisend(&mut self, payer: &Keypair, legs: &[(Pubkey, u128)]) -> Result<(), PayoutError> {
        let amounts = legs
            .iter()
            .map(|(_, m)| amount64(*m))
            .collect::<Result<Vec<u64>, PayoutError>>()?;
        let declared_total = amount64(crate::payout::legs_total(legs)?)?;
        let payer_token = self.token_account(&payer.pubkey());
        let mut accounts = client::accounts::Multisend {
            payer: payer.pubkey(),
            mint: self.chain.mint,
            payer_token,
            token_program: self.chain.token_program,
            event_authority: event_authority_address(&program::ID),
            program: program::ID,
        }
        .to_account_metas(None);
        for (owner, _) in legs {
            let acct = self.token_account(owner);
            accounts.push(AccountMeta::new(acct, false));
        }
        let ix = Instruction {
            program_id: program::ID,
            accounts,
            data: client::args::Multisend {
                amounts,
                declared_total,
            }
            .data(),
        };
        self.send(&[ix], payer)
    }

    fn create_distribution(
        &mut self,
        funder: &Keypair,
        d: NewDistribution<Pubkey>,
    ) -> Result<SolanaDistribution, PayoutError> {
        let owner = funder.pubkey();
        let mut id = *self.next_id.entry(owner).or_insert(1);
        // Other clients and earlier runs (a restored devnet among them) create distributions too:
        // take the first number whose account is free.
        while self
            .chain
            .account(&distribution_address(&owner, id))
            .map_err(ClientError::from)?
            .is_some()
        {
            id += 1;
        }
        let distribution = distribution_address(&owner, id);
        let vault = distribution_vault_address(&distribution);
        let claims = d
            .claims
            .iter()
            .map(|(a, m)| Ok((*a, amount64(*m)?)))
            .collect::<Result<Vec<(Pubkey, u64)>, PayoutError>>()?;
        let tree = tree_of(&distribution, &claims)?;
        let count = u32::try_from(claims.len()).map_err(chain)?;
        let time = |t: u64| i64::try_from(t).map_err(chain);
        let funder_token = self.token_account(&owner);
        let create = Instruction {
            program_id: program::ID,
            accounts: client::accounts::CreateDistribution {
                funder: owner,
                mint: self.chain.mint,
                funder_token,
                distribution,
                vault,
                token_program: self.chain.token_program,
                system_program: anchor_lang::system_program::ID,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::CreateDistribution {
                id,
                params: types::DistributionParams {
                    root: tree.root(),
                    claims: count,
                    total: amount64(d.total()?)?,
                    start: time(d.start)?,
                    expiry: time(d.expiry)?,
                    clawback_receiver: d.clawback_to,
                },
            }
            .data(),
        };
        // One claim bitmap account per CLAIMS_PER_CHUNK claims, created with the distribution.
        let chunks = count.div_ceil(CLAIMS_PER_CHUNK);
        let mut ixs = vec![create];
        ixs.extend((0..chunks).map(|chunk| {
            Instruction {
                program_id: program::ID,
                accounts: client::accounts::InitClaimChunk {
                    payer: owner,
                    distribution,
                    claim_chunk: chunk_address(&distribution, chunk),
                    system_program: anchor_lang::system_program::ID,
                }
                .to_account_metas(None),
                data: client::args::InitClaimChunk { chunk }.data(),
            }
        }));
        self.send(&ixs, funder)?;
        self.next_id.insert(owner, id + 1);
        Ok(SolanaDistribution {
            distribution,
            vault,
            clawback_to: d.clawback_to,
            claims,
            tree: Rc::new(tree),
        })
    }

    fn claim(
        &mut self,
        submitter: &Keypair,
        d: &SolanaDistribution,
        index: u32,
    ) -> Result<(), PayoutError> {
        let (account, amount) = *d
            .claims
            .get(index as usize)
            .ok_or_else(|| chain(format!("the distribution has no claim {index}")))?;
        let recipient_token = self.token_account(&account);
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Claim {
                submitter: submitter.pubkey(),
                distribution: d.distribution,
                vault: d.vault,
                mint: self.chain.mint,
                claim_chunk: chunk_address(&d.distribution, index / CLAIMS_PER_CHUNK),
                recipient_token,
                token_program: self.chain.token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Claim {
                index,
                amount,
                proof: d.tree.proof(index as usize),
            }
            .data(),
        };
        self.send(&[ix], submitter)
    }

    fn clawback(&mut self, caller: &Keypair, d: &SolanaDistribution) -> Result<(), PayoutError> {
        let receiver_token = self.token_account(&d.clawback_to);
        let ix = Instruction {
            program_id: program::ID,
            accounts: client::accounts::Clawback {
                caller: caller.pubkey(),
                distribution: d.distribution,
                vault: d.vault,
                mint: self.chain.mint,
                receiver_token,
                token_program: self.chain.token_program,
                event_authority: event_authority_address(&program::ID),
                program: program::ID,
            }
            .to_account_metas(None),
            data: client::args::Clawback {}.data(),
        };
        self.send(&[ix], caller)
    }

    fn is_claimed(&mut self, d: &SolanaDistribution, index: u32) -> Result<bool, PayoutError> {
        let key = chunk_address(&d.distribution, index / CLAIMS_PER_CHUNK);
        let data = self
            .chain
            .account(&key)
            .map_err(ClientError::from)?
            .ok_or(ClientError::Spec(PayoutError::DistributionNotFound))?
            .data;
        claims::is_claimed(&data, index)
            .ok_or_else(|| chain("the claim bitmap has an unexpected size"))
    }

    fn balance(&mut self, who: &Pubkey) -> Result<u128, PayoutError> {
        let acct = self.token_account(who);
        Ok(self
            .chain
            .token_balance(&acct)
            .map_err(ClientError::from)?
            .into())
    }
}
