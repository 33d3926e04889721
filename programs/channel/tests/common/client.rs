//! Instruction builders, one per program instruction, as a wallet or the SDK sends them; the
//! PDAs and the Ed25519 instruction come from the Solana bindings (`tokenrail-solana`), as they do
//! for every client, so these tests check the program against what clients build.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use tokenrail_channel_program::{SignedClose, SignedState};
pub use tokenrail_solana::addresses::{channel_address, channel_vault_address};
pub use tokenrail_solana::ed25519::{ed25519_instruction, ed25519_instruction_with};

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
        program_id: tokenrail_channel_program::ID,
        accounts: tokenrail_channel_program::accounts::Open {
            opener,
            mint,
            opener_token,
            channel,
            vault: channel_vault_address(&channel),
            token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: tokenrail_channel_program::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_channel_program::ID,
        }
        .to_account_metas(None),
        data: tokenrail_channel_program::instruction::Open {
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
        program_id: tokenrail_channel_program::ID,
        accounts: tokenrail_channel_program::accounts::Deposit {
            depositor,
            channel,
            vault: channel_vault_address(&channel),
            mint,
            depositor_token,
            token_program,
            event_authority: tokenrail_channel_program::EVENT_AUTHORITY_AND_BUMP.0,
            program: tokenrail_channel_program::ID,
        }
        .to_account_metas(None),
        data: tokenrail_channel_program::instruction::Deposit { amount }.data(),
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
    tokenrail_channel_program::accounts::Payout {
        channel: k.channel,
        vault: channel_vault_address(&k.channel),
        mint: k.mint,
        a_token: k.a_token,
        b_token: k.b_token,
        token_program: k.token_program,
        instructions: solana_sdk_ids::sysvar::instructions::ID,
        event_authority: tokenrail_channel_program::EVENT_AUTHORITY_AND_BUMP.0,
        program: tokenrail_channel_program::ID,
    }
    .to_account_metas(None)
}

fn dispute_accounts(caller: Pubkey, channel: Pubkey) -> Vec<AccountMeta> {
    tokenrail_channel_program::accounts::Dispute {
        caller,
        channel,
        instructions: solana_sdk_ids::sysvar::instructions::ID,
        event_authority: tokenrail_channel_program::EVENT_AUTHORITY_AND_BUMP.0,
        program: tokenrail_channel_program::ID,
    }
    .to_account_metas(None)
}

/// `close_cooperative` (send right after the Ed25519 instruction over the Close bytes).
pub fn close_cooperative(keys: &PayoutKeys, close: SignedClose) -> Instruction {
    Instruction {
        program_id: tokenrail_channel_program::ID,
        accounts: payout_accounts(keys),
        data: tokenrail_channel_program::instruction::CloseCooperative { close }.data(),
    }
}

/// `settle`.
pub fn settle(keys: &PayoutKeys) -> Instruction {
    Instruction {
        program_id: tokenrail_channel_program::ID,
        accounts: payout_accounts(keys),
        data: tokenrail_channel_program::instruction::Settle {}.data(),
    }
}

/// `close_unilateral` (send right after the Ed25519 instruction over the State bytes).
pub fn close_unilateral(caller: Pubkey, channel: Pubkey, state: SignedState) -> Instruction {
    Instruction {
        program_id: tokenrail_channel_program::ID,
        accounts: dispute_accounts(caller, channel),
        data: tokenrail_channel_program::instruction::CloseUnilateral { state }.data(),
    }
}

/// `close_without_state`.
pub fn close_without_state(caller: Pubkey, channel: Pubkey) -> Instruction {
    Instruction {
        program_id: tokenrail_channel_program::ID,
        accounts: dispute_accounts(caller, channel),
        data: tokenrail_channel_program::instruction::CloseWithoutState {}.data(),
    }
}

/// `challenge` (send right after the Ed25519 instruction over the State bytes).
pub fn challenge(caller: Pubkey, channel: Pubkey, state: SignedState) -> Instruction {
    Instruction {
        program_id: tokenrail_channel_program::ID,
        accounts: dispute_accounts(caller, channel),
        data: tokenrail_channel_program::instruction::Challenge { state }.data(),
    }
}
