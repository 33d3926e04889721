//! The largest multi-send that fits one Solana transaction, without and with an address lookup
//! table, and the deepest proof a claim fits in one, measured by serialising real transactions
//! and then executed at that size on SPL Token and Token-2022. The numbers are the ones
//! `docs/spec/payout.md` and the program's constants document; this test fails if they drift.

#![allow(deprecated)] // solana-program-test's API is flagged unstable

mod common;

use std::borrow::Cow;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use common::{
    claim_ix, distribution_pdas, multisend_ix, solana_leaf, DistributionAccounts, Driver, T0,
    TOKEN, TOKEN_2022,
};
use solana_address_lookup_table_interface::state::{AddressLookupTable, LookupTableMeta};
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_program_test::BanksClientError;
use solana_sha256_hasher::hashv;
use solana_signature::Signature;
use solana_transaction::versioned::VersionedTransaction;
use tokenrail_core::merkle::{MerkleHasher, Sha256};
use tokenrail_core::vectors::payout::Actor::{Alice, Funder};
use tokenrail_devnet::solana::bank::solana_keypair::Keypair;
use tokenrail_devnet::solana::bank::solana_signer::Signer;
use tokenrail_payout::{
    DistributionParams, MAX_PROOF_LEN, MAX_PROOF_LEN_IN_ONE_TRANSACTION,
    MAX_RECIPIENTS_WITHOUT_LOOKUP_TABLE, MAX_RECIPIENTS_WITH_LOOKUP_TABLE,
};

/// Largest serialised transaction (`PACKET_DATA_SIZE`).
const PACKET: usize = 1232;
/// Accounts one transaction may lock (`MAX_TX_ACCOUNT_LOCKS`).
const ACCOUNT_LOCKS: usize = 64;

/// `SetComputeUnitLimit(1_400_000)`: a large batch needs more than the default 200,000 CU.
fn budget_ix() -> Instruction {
    let mut data = vec![2u8];
    data.extend_from_slice(&1_400_000u32.to_le_bytes());
    Instruction::new_with_bytes(
        "ComputeBudget111111111111111111111111111111"
            .parse()
            .unwrap(),
        &data,
        vec![],
    )
}

fn batch_ixs(
    payer: Pubkey,
    payer_token: Pubkey,
    mint: Pubkey,
    token_program: Pubkey,
    recipients: &[Pubkey],
) -> Vec<Instruction> {
    let n = recipients.len() as u64;
    vec![
        budget_ix(),
        multisend_ix(
            payer,
            payer_token,
            mint,
            token_program,
            recipients,
            vec![1; n as usize],
            n,
        ),
    ]
}

/// A v0 message, with the recipients in a lookup table at `table` when given.
fn message(
    payer: Pubkey,
    ixs: &[Instruction],
    table: Option<(Pubkey, &[Pubkey])>,
) -> VersionedMessage {
    let tables: Vec<AddressLookupTableAccount> = table
        .map(|(key, addresses)| AddressLookupTableAccount {
            key,
            addresses: addresses.to_vec(),
        })
        .into_iter()
        .collect();
    VersionedMessage::V0(
        v0::Message::try_compile(&payer, ixs, &tables, Default::default()).unwrap(),
    )
}

/// Serialised size of a one-signature transaction and the number of accounts it locks.
fn measure(msg: VersionedMessage) -> (usize, usize) {
    let accounts = match &msg {
        VersionedMessage::V0(m) => {
            m.account_keys.len()
                + m.address_table_lookups
                    .iter()
                    .map(|l| l.writable_indexes.len() + l.readonly_indexes.len())
                    .sum::<usize>()
        }
        VersionedMessage::Legacy(m) => m.account_keys.len(),
    };
    let tx = VersionedTransaction {
        signatures: vec![Signature::default()],
        message: msg,
    };
    (bincode::serialize(&tx).unwrap().len(), accounts)
}

/// The largest batch whose transaction fits a packet and the account-lock limit.
fn largest(with_table: bool) -> usize {
    let (payer, payer_token, mint) = (
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        Pubkey::new_unique(),
    );
    let table = Pubkey::new_unique();
    let fits = |n: usize| {
        let recipients: Vec<Pubkey> = (0..n).map(|_| Pubkey::new_unique()).collect();
        let ixs = batch_ixs(payer, payer_token, mint, TOKEN, &recipients);
        fits_one_transaction(message(
            payer,
            &ixs,
            with_table.then_some((table, recipients.as_slice())),
        ))
    };
    grow_while(1, fits)
}

/// Whether `msg`, signed once, fits a packet and the account-lock limit.
fn fits_one_transaction(msg: VersionedMessage) -> bool {
    let (size, accounts) = measure(msg);
    size <= PACKET && accounts <= ACCOUNT_LOCKS
}

/// The largest `n` from `start` up for which `fits(n)` holds, `fits` holding at `start` and
/// failing from some `n` on.
fn grow_while(start: usize, fits: impl Fn(usize) -> bool) -> usize {
    let mut n = start;
    while fits(n + 1) {
        n += 1;
    }
    n
}

#[test]
fn documented_batch_limits_are_the_measured_ones() {
    assert_eq!(
        largest(false),
        MAX_RECIPIENTS_WITHOUT_LOOKUP_TABLE,
        "without a lookup table"
    );
    assert_eq!(
        largest(true),
        MAX_RECIPIENTS_WITH_LOOKUP_TABLE,
        "with a lookup table"
    );
}

/// Signs `msg` by `signer` alone (the fee payer too), checks that it fits a packet, and executes it.
fn send_in_one_packet(
    d: &mut Driver,
    mut msg: VersionedMessage,
    signer: &Keypair,
) -> Result<(), BanksClientError> {
    let blockhash = d
        .chain
        .rt
        .block_on(d.chain.ctx.banks_client.get_latest_blockhash())
        .unwrap();
    msg.set_recent_blockhash(blockhash);
    let tx = VersionedTransaction::try_new(msg, &[signer]).unwrap();
    assert!(bincode::serialize(&tx).unwrap().len() <= PACKET);
    d.chain
        .rt
        .block_on(d.chain.ctx.banks_client.process_transaction(tx))
}

/// Sends the largest batch as one transaction signed by the payer alone (fee payer too).
fn run_largest(token_program: Pubkey, with_table: bool) {
    let n = if with_table {
        MAX_RECIPIENTS_WITH_LOOKUP_TABLE
    } else {
        MAX_RECIPIENTS_WITHOUT_LOOKUP_TABLE
    };
    let mut d = Driver::new(token_program, &[(Funder, 1_000_000)]);
    let mint = d.chain.mint;
    let recipients: Vec<Pubkey> = (0..n)
        .map(|_| d.chain.create_token_account(mint, &Pubkey::new_unique()))
        .collect();
    let payer = d.chain.signer(Funder);
    let ixs = batch_ixs(
        payer.pubkey(),
        d.chain.token_account(Funder),
        mint,
        token_program,
        &recipients,
    );
    let table = with_table.then(|| {
        let key = Pubkey::new_unique();
        let data = AddressLookupTable {
            meta: LookupTableMeta::default(),
            addresses: Cow::Borrowed(&recipients),
        }
        .serialize_for_tests()
        .unwrap();
        let mut account = solana_account::AccountSharedData::new(
            d.chain.rent(data.len()),
            data.len(),
            &solana_address_lookup_table_interface::program::ID,
        );
        solana_account::WritableAccount::data_as_mut_slice(&mut account).copy_from_slice(&data);
        d.chain.ctx.set_account(&key, &account);
        // Addresses are usable from the slot after the one they were added in.
        d.chain.ctx.warp_to_slot(10).unwrap();
        key
    });
    let msg = message(
        payer.pubkey(),
        &ixs,
        table.map(|k| (k, recipients.as_slice())),
    );
    send_in_one_packet(&mut d, msg, &payer)
        .unwrap_or_else(|e| panic!("{n} recipients, table {with_table}: {e:?}"));
    for r in &recipients {
        assert_eq!(d.chain.token_balance(r), 1);
    }
}

#[test]
fn the_largest_legacy_batch_executes() {
    run_largest(TOKEN, false);
    run_largest(TOKEN_2022, false);
}

#[test]
fn the_largest_lookup_table_batch_executes() {
    run_largest(TOKEN, true);
    run_largest(TOKEN_2022, true);
}

/// `depth` proof nodes: fixed, distinct hashes (their values do not change a transaction's size).
fn siblings(depth: usize) -> Vec<[u8; 32]> {
    (0..depth as u32)
        .map(|i| hashv(&[&i.to_le_bytes()]).to_bytes())
        .collect()
}

/// The deepest proof whose claim transaction (a compute-budget instruction and the claim, signed
/// by the claimant, who pays the fee) fits a packet. A claim names the same nine accounts
/// whatever the proof, so only the proof's length moves the size.
fn deepest_claim_proof() -> usize {
    let d = DistributionAccounts {
        distribution: Pubkey::new_unique(),
        vault: Pubkey::new_unique(),
        mint: Pubkey::new_unique(),
        token_program: TOKEN,
    };
    let (claimant, claimant_token) = (Pubkey::new_unique(), Pubkey::new_unique());
    grow_while(0, |depth| {
        let claim = claim_ix(claimant, &d, claimant_token, 0, 1, siblings(depth));
        fits_one_transaction(message(claimant, &[budget_ix(), claim], None))
    })
}

#[test]
fn documented_claim_proof_depth_is_the_measured_one() {
    let depth = deepest_claim_proof();
    assert_eq!(depth, MAX_PROOF_LEN_IN_ONE_TRANSACTION);
    assert!(
        depth < MAX_PROOF_LEN,
        "the packet, not the program's bound, limits a claim"
    );
}

/// Claims with a proof of the documented depth, in one transaction of the measured shape: the
/// root is folded from the claimant's leaf and fixed siblings (core's SHA-256 tree hashing, the
/// one the program and the planner share), so the tree has 2^depth leaves without building them.
fn run_deepest_claim(token_program: Pubkey) {
    let depth = MAX_PROOF_LEN_IN_ONE_TRANSACTION;
    let mut d = Driver::new(token_program, &[(Funder, 1_000_000)]);
    let (distribution, _) = distribution_pdas(&d.chain.key(Funder), 1);
    let proof = siblings(depth);
    let leaf = solana_leaf(&distribution, 0, &d.chain.key(Alice), 5);
    let params = DistributionParams {
        root: Sha256::process_proof(&leaf, &proof),
        claims: 1u32 << depth.min(31),
        total: 5,
        start: T0,
        expiry: T0 + 1_000,
        clawback_receiver: d.chain.key(Funder),
    };
    let accounts = d.create_funded(1, params);
    d.chain.set_time(1);
    let claimant = d.chain.signer(Alice);
    let claim = claim_ix(
        claimant.pubkey(),
        &accounts,
        d.chain.token_account(Alice),
        0,
        5,
        proof,
    );
    let msg = message(claimant.pubkey(), &[budget_ix(), claim], None);
    send_in_one_packet(&mut d, msg, &claimant)
        .unwrap_or_else(|e| panic!("a {depth}-node proof: {e:?}"));
    let alice = d.chain.token_account(Alice);
    assert_eq!(d.chain.token_balance(&alice), 5, "the claim paid");
}

#[test]
fn the_deepest_claim_executes() {
    run_deepest_claim(TOKEN);
    run_deepest_claim(TOKEN_2022);
}
