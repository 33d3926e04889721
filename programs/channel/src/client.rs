//! Client helpers: the PDAs, the two-signature Ed25519 instruction the program expects before
//! a signed close or challenge, and an instruction builder per program instruction (what a
//! wallet, the CLI and the tests send).

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};

use crate::constants::{CHANNEL_SEED, VAULT_SEED};
use crate::signatures::{SignatureOffsets, THIS_INSTRUCTION};
use crate::{SignedClose, SignedState};

/// The channel PDA (the channel id) of `a` and `b` in `mint`.
pub fn channel_address(a: &Pubkey, b: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[CHANNEL_SEED, a.as_ref(), b.as_ref(), mint.as_ref()],
        &crate::ID,
    )
    .0
}

/// The vault PDA of `channel`.
pub fn vault_address(channel: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[VAULT_SEED, channel.as_ref()], &crate::ID).0
}

/// One Ed25519-program instruction verifying `signatures` (public key, signature) of the same
/// `message`, every offset pointing into this instruction: A's signature first, then B's.
pub fn ed25519_instruction(message: &[u8], signatures: [([u8; 32], [u8; 64]); 2]) -> Instruction {
    ed25519_instruction_with(message, signatures, |_, o| o)
}

/// [`ed25519_instruction`] with each offsets record passed through `edit` (record index,
/// offsets) first: how attack tests point offsets elsewhere.
pub fn ed25519_instruction_with(
    message: &[u8],
    signatures: [([u8; 32], [u8; 64]); 2],
    edit: impl Fn(usize, SignatureOffsets) -> SignatureOffsets,
) -> Instruction {
    const HEADER: usize = 2 + 2 * 14;
    let message_offset = HEADER + 2 * (32 + 64);
    let mut body = Vec::new();
    let mut records = vec![2u8, 0];
    for (i, (key, sig)) in signatures.iter().enumerate() {
        let key_offset = HEADER + body.len();
        body.extend_from_slice(key);
        let sig_offset = HEADER + body.len();
        body.extend_from_slice(sig);
        let offsets = SignatureOffsets {
            signature_offset: sig_offset as u16,
            signature_instruction_index: THIS_INSTRUCTION,
            public_key_offset: key_offset as u16,
            public_key_instruction_index: THIS_INSTRUCTION,
            message_data_offset: message_offset as u16,
            message_data_size: message.len() as u16,
            message_instruction_index: THIS_INSTRUCTION,
        };
        edit(i, offsets).write(&mut records);
    }
    let mut data = records;
    data.extend_from_slice(&body);
    data.extend_from_slice(message);
    Instruction {
        program_id: solana_sdk_ids::ed25519_program::ID,
        accounts: vec![],
        data,
    }
}

/// `open`; `network` is the cluster's genesis hash.
// One argument per account and instruction field, as the instruction itself has them.
#[allow(clippy::too_many_arguments)]
pub fn open(
    opener: Pubkey,
    counterparty: Pubkey,
    mint: Pubkey,
    opener_token: Pubkey,
    token_program: Pubkey,
    amount: u64,
    period: u64,
    network: [u8; 32],
) -> Instruction {
    let channel = channel_address(&opener, &counterparty, &mint);
    Instruction {
        program_id: crate::ID,
        accounts: crate::accounts::Open {
            opener,
            mint,
            opener_token,
            channel,
            vault: vault_address(&channel),
            token_program,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: crate::instruction::Open {
            counterparty,
            amount,
            period,
            network,
        }
        .data(),
    }
}

/// `deposit`.
pub fn deposit(
    depositor: Pubkey,
    channel: Pubkey,
    mint: Pubkey,
    depositor_token: Pubkey,
    token_program: Pubkey,
    amount: u64,
) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: crate::accounts::Deposit {
            depositor,
            channel,
            vault: vault_address(&channel),
            mint,
            depositor_token,
            token_program,
        }
        .to_account_metas(None),
        data: crate::instruction::Deposit { amount }.data(),
    }
}

/// The accounts of a payout (`close_cooperative`, `settle`).
#[derive(Clone, Copy, Debug)]
pub struct PayoutKeys {
    /// The channel.
    pub channel: Pubkey,
    /// Its mint.
    pub mint: Pubkey,
    /// A token account of party A.
    pub a_token: Pubkey,
    /// A token account of party B.
    pub b_token: Pubkey,
    /// The mint's token program.
    pub token_program: Pubkey,
}

fn payout_accounts(k: &PayoutKeys) -> Vec<AccountMeta> {
    crate::accounts::Payout {
        channel: k.channel,
        vault: vault_address(&k.channel),
        mint: k.mint,
        a_token: k.a_token,
        b_token: k.b_token,
        token_program: k.token_program,
        instructions: solana_sdk_ids::sysvar::instructions::ID,
    }
    .to_account_metas(None)
}

fn dispute_accounts(caller: Pubkey, channel: Pubkey) -> Vec<AccountMeta> {
    crate::accounts::Dispute {
        caller,
        channel,
        instructions: solana_sdk_ids::sysvar::instructions::ID,
    }
    .to_account_metas(None)
}

/// `close_cooperative` (send right after the Ed25519 instruction over the Close bytes).
pub fn close_cooperative(keys: &PayoutKeys, close: SignedClose) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: payout_accounts(keys),
        data: crate::instruction::CloseCooperative { close }.data(),
    }
}

/// `settle`.
pub fn settle(keys: &PayoutKeys) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: payout_accounts(keys),
        data: crate::instruction::Settle {}.data(),
    }
}

/// `close_unilateral` (send right after the Ed25519 instruction over the State bytes).
pub fn close_unilateral(caller: Pubkey, channel: Pubkey, state: SignedState) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: dispute_accounts(caller, channel),
        data: crate::instruction::CloseUnilateral { state }.data(),
    }
}

/// `close_without_state`.
pub fn close_without_state(caller: Pubkey, channel: Pubkey) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: dispute_accounts(caller, channel),
        data: crate::instruction::CloseWithoutState {}.data(),
    }
}

/// `challenge` (send right after the Ed25519 instruction over the State bytes).
pub fn challenge(caller: Pubkey, channel: Pubkey, state: SignedState) -> Instruction {
    Instruction {
        program_id: crate::ID,
        accounts: dispute_accounts(caller, channel),
        data: crate::instruction::Challenge { state }.data(),
    }
}
