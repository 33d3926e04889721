//! The Ed25519-program instruction the channel program reads right before a signed close or
//! challenge (`docs/spec/channel.md`, "Solana signatures"): one instruction verifying both
//! parties' signatures of the same message, every offset pointing into itself.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;

/// The Ed25519 native program.
pub const ED25519_PROGRAM: Pubkey =
    anchor_lang::pubkey!("Ed25519SigVerify111111111111111111111111111");

/// An offsets record's instruction index meaning "this same instruction".
pub const THIS_INSTRUCTION: u16 = u16::MAX;

/// One signature's offsets, as the Ed25519 program reads them (14 bytes, little-endian).
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
    /// Appends the record's 14 bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        for v in [
            self.signature_offset,
            self.signature_instruction_index,
            self.public_key_offset,
            self.public_key_instruction_index,
            self.message_data_offset,
            self.message_data_size,
            self.message_instruction_index,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
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
        program_id: ED25519_PROGRAM,
        accounts: vec![],
        data,
    }
}
