//! The payout program on the shared solana-program-test chain: instruction builders, error
//! mapping and the driver that replays the shared payout vectors.

#![allow(dead_code, missing_docs, deprecated, unused_imports)]

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_program_test::BanksClientError;
use tokenrail_core::merkle::{MerkleTree, Sha256};
use tokenrail_core::payout::{leaf, PayoutError};
use tokenrail_core::vectors::payout::{
    Actor, ClaimRequest, DistributionRequest, Failure, PayoutDriver,
};
use tokenrail_core::vectors::payout_events::Event;
use tokenrail_ledger::solana::{records, SolanaAsset};
use tokenrail_ledger::vector_events::{payout_events, PaymentNames};
use tokenrail_ledger::Position;
use tokenrail_payout::{
    ClaimChunk, Distribution, DistributionParams, CLAIMS_PER_CHUNK, CLAIM_CHUNK_SEED,
    DISTRIBUTION_SEED, VAULT_SEED,
};

pub use tokenrail_devnet::solana::bank::{
    custom_code, Chain, MintExtension, ANCHOR_ACCOUNT_NOT_INITIALIZED, T0, TOKEN, TOKEN_2022,
};

/// A chain running the payout program, with one funded keypair and token account per actor.
pub fn new_chain(token_program: Pubkey, balances: &[(Actor, u64)]) -> Chain {
    let pt = tokenrail_devnet::anchor_program_test!("tokenrail_payout", tokenrail_payout);
    Chain::start(pt, Actor::ALL.len(), token_program, balances)
}

/// The distribution and vault PDAs of distribution `id` of `funder`.
pub fn distribution_pdas(funder: &Pubkey, id: u64) -> (Pubkey, Pubkey) {
    let (distribution, _) = Pubkey::find_program_address(
        &[DISTRIBUTION_SEED, funder.as_ref(), &id.to_le_bytes()],
        &tokenrail_payout::ID,
    );
    let (vault, _) =
        Pubkey::find_program_address(&[VAULT_SEED, distribution.as_ref()], &tokenrail_payout::ID);
    (distribution, vault)
}

/// The claim-chunk PDA holding claim `index`.
pub fn chunk_pda(distribution: &Pubkey, index: u32) -> Pubkey {
    let chunk = index / CLAIMS_PER_CHUNK;
    Pubkey::find_program_address(
        &[
            CLAIM_CHUNK_SEED,
            distribution.as_ref(),
            &chunk.to_le_bytes(),
        ],
        &tokenrail_payout::ID,
    )
    .0
}

/// The leaf of claim `index` of `distribution`, as the program computes it.
pub fn solana_leaf(distribution: &Pubkey, index: u32, account: &Pubkey, amount: u64) -> [u8; 32] {
    leaf::solana(
        &tokenrail_payout::ID.to_bytes(),
        &distribution.to_bytes(),
        index,
        &account.to_bytes(),
        amount,
    )
}

pub fn multisend_ix(
    payer: Pubkey,
    payer_token: Pubkey,
    mint: Pubkey,
    token_program: Pubkey,
    recipients: &[Pubkey],
    amounts: Vec<u64>,
    declared_total: u64,
) -> Instruction {
    let mut accounts = tokenrail_payout::accounts::MultiSend {
        payer,
        mint,
        payer_token,
        token_program,
        event_authority: tokenrail_payout::EVENT_AUTHORITY_AND_BUMP.0,
        program: tokenrail_payout::ID,
    }
    .to_account_metas(None);
    accounts.extend(recipients.iter().map(|r| AccountMeta::new(*r, false)));
    Instruction {
        program_id: tokenrail_payout::ID,
        accounts,
        data: tokenrail_payout::instruction::Multisend {
            amounts,
            declared_total,
        }
        .data(),
    }
}

pub fn create_ix(
    funder: Pubkey,
    funder_token: Pubkey,
    mint: Pubkey,
    token_program: Pubkey,
    id: u64,
    params: DistributionParams,
) -> Instruction {
    let (distribution, vault) = distribution_pdas(&funder, id);
    Instruction {
        program_id: tokenrail_payout::ID,
        accounts: tokenrail_payout::accounts::CreateDistribution {
            funder,
            mint,
            funder_token,
            distribution,
            vault,
            token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: tokenrail_payout::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_payout::ID,
        }
        .to_account_metas(None),
        data: tokenrail_payout::instruction::CreateDistribution { id, params }.data(),
    }
}

pub fn init_chunk_ix(payer: Pubkey, distribution: Pubkey, chunk: u32) -> Instruction {
    let claim_chunk = chunk_pda(&distribution, chunk * CLAIMS_PER_CHUNK);
    Instruction {
        program_id: tokenrail_payout::ID,
        accounts: tokenrail_payout::accounts::InitClaimChunk {
            payer,
            distribution,
            claim_chunk,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: tokenrail_payout::instruction::InitClaimChunk { chunk }.data(),
    }
}

/// The accounts every distribution instruction after creation names.
#[derive(Clone, Copy, Debug)]
pub struct DistributionAccounts {
    pub distribution: Pubkey,
    pub vault: Pubkey,
    pub mint: Pubkey,
    pub token_program: Pubkey,
}

pub fn claim_ix(
    submitter: Pubkey,
    d: &DistributionAccounts,
    recipient_token: Pubkey,
    index: u32,
    amount: u64,
    proof: Vec<[u8; 32]>,
) -> Instruction {
    Instruction {
        program_id: tokenrail_payout::ID,
        accounts: tokenrail_payout::accounts::Claim {
            submitter,
            distribution: d.distribution,
            vault: d.vault,
            mint: d.mint,
            claim_chunk: chunk_pda(&d.distribution, index),
            recipient_token,
            token_program: d.token_program,
            event_authority: tokenrail_payout::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_payout::ID,
        }
        .to_account_metas(None),
        data: tokenrail_payout::instruction::Claim {
            index,
            amount,
            proof,
        }
        .data(),
    }
}

pub fn clawback_ix(
    caller: Pubkey,
    d: &DistributionAccounts,
    receiver_token: Pubkey,
) -> Instruction {
    Instruction {
        program_id: tokenrail_payout::ID,
        accounts: tokenrail_payout::accounts::ClawbackRemainder {
            caller,
            distribution: d.distribution,
            vault: d.vault,
            mint: d.mint,
            receiver_token,
            token_program: d.token_program,
            event_authority: tokenrail_payout::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_payout::ID,
        }
        .to_account_metas(None),
        data: tokenrail_payout::instruction::Clawback {}.data(),
    }
}

/// Maps a failed transaction onto the spec: custom error `6000 + n` is spec code `n`; Anchor's
/// "account not initialized" on the distribution is DistributionNotFound (see the spec).
pub fn to_failure(err: BanksClientError) -> Failure {
    match custom_code(&err) {
        Some(ANCHOR_ACCOUNT_NOT_INITIALIZED) => Failure::Spec(PayoutError::DistributionNotFound),
        Some(code) if code > 6000 => match PayoutError::from_code((code - 6000) as u16) {
            Some(e) => Failure::Spec(e),
            None => Failure::Other(format!("custom error {code}")),
        },
        _ => Failure::Other(format!("{err:?}")),
    }
}

/// Whether claim `index` is marked in its chunk (read from the raw zero-copy account).
pub fn chunk_bit(chain: &mut Chain, distribution: &Pubkey, index: u32) -> bool {
    let key = chunk_pda(distribution, index);
    let data = chain
        .rt
        .block_on(chain.ctx.banks_client.get_account(key))
        .unwrap()
        .map(|a| a.data)
        .unwrap_or_default();
    assert_eq!(data.len(), ClaimChunk::SPACE, "chunk exists");
    let bits = &data[ClaimChunk::SPACE - tokenrail_payout::CHUNK_BYTES..];
    let bit = index % CLAIMS_PER_CHUNK;
    bits[(bit / 8) as usize] & (1 << (bit % 8)) != 0
}

/// A distribution on the chain with the tree built for it (none for a missing one).
#[derive(Clone, Debug)]
pub struct Dist {
    pub accounts: DistributionAccounts,
    pub clawback_to: Actor,
    pub tree: Option<std::rc::Rc<MerkleTree<Sha256>>>,
}

/// Replays payout vectors on a [`Chain`].
pub struct Driver {
    pub chain: Chain,
    next_id: u64,
    vaults: Vec<Pubkey>,
    /// The scenario's label of each distribution account created.
    labels: std::collections::HashMap<String, String>,
    /// How many of the bank's landed transactions [`PayoutDriver::events`] has read.
    landed_read: usize,
}

impl PaymentNames<Actor> for Driver {
    fn actor(&self, address: &str) -> Option<Actor> {
        Actor::ALL
            .into_iter()
            .find(|a| self.chain.key(*a).to_string() == address)
    }

    fn label(&self, id: &str) -> Option<String> {
        self.labels.get(id).cloned()
    }

    fn offset(&self, unix: u64) -> u64 {
        unix - T0 as u64
    }
}

impl Driver {
    pub fn new(token_program: Pubkey, balances: &[(Actor, u64)]) -> Self {
        let mut chain = new_chain(token_program, balances);
        chain.keep_history();
        Driver {
            chain,
            next_id: 1,
            vaults: vec![],
            labels: Default::default(),
            landed_read: 0,
        }
    }

    pub fn send_as(&mut self, by: Actor, ixs: &[Instruction]) -> Result<(), Failure> {
        let signer = self.chain.signer(by);
        self.chain.send(ixs, &[&signer]).map_err(to_failure)
    }

    /// Creates distribution `id` of the funder with `params`, and its first claim chunk.
    pub fn create_funded(&mut self, id: u64, params: DistributionParams) -> DistributionAccounts {
        self.create_as(Actor::Funder, id, params)
            .unwrap_or_else(|e| panic!("create distribution {id}: {e:?}"))
    }

    /// `by` creates its distribution `id` with `params` and its first claim chunk, in one
    /// transaction.
    pub fn create_as(
        &mut self,
        by: Actor,
        id: u64,
        params: DistributionParams,
    ) -> Result<DistributionAccounts, Failure> {
        let funder = self.chain.key(by);
        let (distribution, vault) = distribution_pdas(&funder, id);
        let (mint, token_program) = (self.chain.mint, self.chain.token_program);
        let create = create_ix(
            funder,
            self.chain.token_account(by),
            mint,
            token_program,
            id,
            params,
        );
        let chunk = init_chunk_ix(funder, distribution, 0);
        self.send_as(by, &[create, chunk])?;
        Ok(DistributionAccounts {
            distribution,
            vault,
            mint,
            token_program,
        })
    }

    /// The tree of distribution `distribution` over `claims`.
    pub fn tree_for(&self, distribution: &Pubkey, claims: &[(Actor, u128)]) -> MerkleTree<Sha256> {
        let leaves: Vec<[u8; 32]> = claims
            .iter()
            .enumerate()
            .map(|(i, (a, m))| {
                let amount = u64::try_from(*m).expect("64-bit vectors only hold u64 amounts");
                solana_leaf(distribution, i as u32, &self.chain.key(*a), amount)
            })
            .collect();
        MerkleTree::new(&leaves).expect("a distribution has claims")
    }
}

fn u64_of(v: u128) -> u64 {
    u64::try_from(v).expect("64-bit vectors only hold u64 amounts")
}

impl PayoutDriver for Driver {
    type Distribution = Dist;

    fn set_time(&mut self, offset: u64) {
        self.chain.set_time(offset);
    }

    fn multisend(
        &mut self,
        by: Actor,
        legs: &[(Actor, u128)],
        declared_total: u128,
    ) -> Result<(), Failure> {
        let recipients: Vec<Pubkey> = legs
            .iter()
            .map(|(a, _)| self.chain.token_account(*a))
            .collect();
        let ix = multisend_ix(
            self.chain.key(by),
            self.chain.token_account(by),
            self.chain.mint,
            self.chain.token_program,
            &recipients,
            legs.iter().map(|(_, m)| u64_of(*m)).collect(),
            u64_of(declared_total),
        );
        self.send_as(by, &[ix])
    }

    fn create_distribution(
        &mut self,
        by: Actor,
        req: &DistributionRequest,
    ) -> Result<Dist, Failure> {
        let id = self.next_id;
        self.next_id += 1;
        let funder = self.chain.key(by);
        let (distribution, _) = distribution_pdas(&funder, id);
        let tree = self.tree_for(&distribution, &req.claims);
        let params = DistributionParams {
            root: tree.root(),
            claims: req.claims.len() as u32,
            total: u64_of(req.funded),
            start: T0 + req.start as i64,
            expiry: T0 + req.expiry as i64,
            clawback_receiver: self.chain.key(req.clawback_to),
        };
        let accounts = self.create_as(by, id, params)?;
        self.vaults.push(accounts.vault);
        self.labels
            .insert(distribution.to_string(), req.label.clone());
        Ok(Dist {
            accounts,
            clawback_to: req.clawback_to,
            tree: Some(std::rc::Rc::new(tree)),
        })
    }

    fn claim(&mut self, by: Actor, req: &ClaimRequest<Dist>) -> Result<(), Failure> {
        let tree = req.source.tree.as_ref().expect("the proof's tree exists");
        let ix = claim_ix(
            self.chain.key(by),
            &req.target.accounts,
            self.chain.token_account(req.account),
            req.index,
            u64_of(req.amount),
            tree.proof(req.proof_of as usize),
        );
        self.send_as(by, &[ix])
    }

    fn clawback(&mut self, by: Actor, d: &Dist) -> Result<(), Failure> {
        let ix = clawback_ix(
            self.chain.key(by),
            &d.accounts,
            self.chain.token_account(d.clawback_to),
        );
        self.send_as(by, &[ix])
    }

    fn missing_distribution(&mut self, _claims: &[(Actor, u128)]) -> Dist {
        Dist {
            accounts: DistributionAccounts {
                distribution: Pubkey::new_unique(),
                vault: Pubkey::new_unique(),
                mint: self.chain.mint,
                token_program: self.chain.token_program,
            },
            clawback_to: Actor::Treasury,
            tree: None,
        }
    }

    fn balance(&mut self, actor: Actor) -> u128 {
        let acct = self.chain.token_account(actor);
        self.chain.token_balance(&acct).into()
    }

    fn custody(&mut self) -> u128 {
        let vaults = self.vaults.clone();
        vaults
            .iter()
            .map(|v| u128::from(self.chain.token_balance(v)))
            .sum()
    }

    fn claimed(&mut self, d: &Dist) -> u128 {
        self.chain
            .anchor_account::<Distribution>(&d.accounts.distribution)
            .claimed
            .into()
    }

    fn is_claimed(&mut self, d: &Dist, index: u32) -> bool {
        chunk_bit(&mut self.chain, &d.accounts.distribution, index)
    }

    fn amount_bits(&self) -> u32 {
        64
    }

    /// The call's transactions as `getTransaction` serves them, through the ledger's Solana
    /// decoder: the payout program's `emit_cpi!` events.
    fn events(&mut self) -> Result<Vec<Event>, String> {
        // No token asset here: only the payout program's rows are asked for.
        let asset = SolanaAsset::new(&Pubkey::new_unique(), &Pubkey::new_unique());
        let program = tokenrail_payout::ID.to_string();
        let history = self.chain.history();
        let mut rows = Vec::new();
        for (slot, landed) in history.iter().enumerate().skip(self.landed_read) {
            let tx = landed.encoded(slot as u64 + 1);
            let read = records("bank", &asset, &Position::default(), &landed.signature, &tx);
            rows.extend(read.into_iter().filter(|r| r.contract == program));
        }
        self.landed_read = history.len();
        payout_events(rows.iter().map(|r| &r.data), self)
    }
}
