//! Ed25519 signature checks by instruction introspection (`docs/spec/channel.md`, "Solana
//! signatures"). The Ed25519 native program verifies signatures before any instruction runs;
//! this program then reads, from the instructions sysvar, the instruction immediately before
//! its own and accepts it only if it is the Ed25519 program's, verifies exactly two
//! signatures whose keys, signatures and messages all live in that same instruction, and those
//! keys are the parties (A first) and those messages the expected bytes.

use anchor_lang::prelude::*;
use solana_instructions_sysvar::{load_current_index_checked, load_instruction_at_checked};

use crate::error::ChannelError;

/// Layout of the Ed25519 program's instruction data: a count, a padding byte, then one
/// 14-byte offsets record per signature.
const OFFSETS_START: usize = 2;
const OFFSETS_SIZE: usize = 14;
const PUBKEY_SIZE: usize = 32;
const SIGNATURE_SIZE: usize = 64;
/// An offsets record's instruction index meaning "this same instruction".
pub const THIS_INSTRUCTION: u16 = u16::MAX;

/// One signature's offsets, as the Ed25519 program reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureOffsets {
    /// Where the 64-byte signature starts.
    pub signature_offset: u16,
    /// Which instruction holds it.
    pub signature_instruction_index: u16,
    /// Where the 32-byte public key starts.
    pub public_key_offset: u16,
    /// Which instruction holds it.
    pub public_key_instruction_index: u16,
    /// Where the message starts.
    pub message_data_offset: u16,
    /// Its length.
    pub message_data_size: u16,
    /// Which instruction holds it.
    pub message_instruction_index: u16,
}

impl SignatureOffsets {
    /// Reads record `i` of Ed25519 instruction data.
    pub fn read(data: &[u8], i: usize) -> Option<Self> {
        let start = OFFSETS_START + i * OFFSETS_SIZE;
        let rec = data.get(start..start + OFFSETS_SIZE)?;
        let at = |k: usize| u16::from_le_bytes([rec[2 * k], rec[2 * k + 1]]);
        Some(SignatureOffsets {
            signature_offset: at(0),
            signature_instruction_index: at(1),
            public_key_offset: at(2),
            public_key_instruction_index: at(3),
            message_data_offset: at(4),
            message_data_size: at(5),
            message_instruction_index: at(6),
        })
    }
}

fn slice(data: &[u8], offset: u16, len: usize) -> Result<&[u8]> {
    let start = usize::from(offset);
    data.get(start..start + len)
        .ok_or_else(|| error!(ChannelError::InvalidSignatureInstruction))
}

/// Checks that the instruction before this one is the Ed25519 program verifying `message`
/// signed by `parties[0]` (A) and `parties[1]` (B), everything inside that instruction.
pub fn verify_parties_signed(
    instructions: &AccountInfo,
    message: &[u8],
    parties: [&Pubkey; 2],
) -> Result<()> {
    let bad = || error!(ChannelError::InvalidSignatureInstruction);
    // The `_checked` loaders refuse any account but the instructions sysvar.
    let current = load_current_index_checked(instructions).map_err(|_| bad())?;
    let previous = current.checked_sub(1).ok_or_else(bad)?;
    let ix = load_instruction_at_checked(usize::from(previous), instructions).map_err(|_| bad())?;
    if ix.program_id != solana_sdk_ids::ed25519_program::ID {
        return Err(bad());
    }
    let data = &ix.data;
    if data.first() != Some(&2) {
        return Err(bad());
    }
    for (i, party) in parties.into_iter().enumerate() {
        let o = SignatureOffsets::read(data, i).ok_or_else(bad)?;
        // Every part must be in this same instruction: offsets into another instruction would
        // let a transaction verify one message while presenting another here.
        if [
            o.signature_instruction_index,
            o.public_key_instruction_index,
            o.message_instruction_index,
        ] != [THIS_INSTRUCTION; 3]
        {
            return Err(bad());
        }
        slice(data, o.signature_offset, SIGNATURE_SIZE)?;
        let key = slice(data, o.public_key_offset, PUBKEY_SIZE)?;
        let signed = slice(
            data,
            o.message_data_offset,
            usize::from(o.message_data_size),
        )?;
        if key != party.as_ref() || signed != message {
            return err!(ChannelError::WrongSigner);
        }
    }
    Ok(())
}
