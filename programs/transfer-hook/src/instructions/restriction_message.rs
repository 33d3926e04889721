//! `restriction_message`: the message of a restriction code, as ERC-1404's
//! `messageForTransferRestriction` answers it on EVM (`docs/spec/token.md`).

use anchor_lang::prelude::*;

/// Reads nothing: the messages are the spec's table, compiled in.
#[derive(Accounts)]
pub struct RestrictionMessage {}

/// Writes the message of `code` as return data (UTF-8, at most a few hundred bytes; read it from
/// a simulated transaction): "allowed" for 0, "unknown restriction" for a number outside the
/// table.
pub fn handle_restriction_message(_ctx: Context<RestrictionMessage>, code: u16) -> Result<()> {
    let message = tokenrail_core::token::restriction_message(code);
    super::set_return_data(message.as_bytes());
    Ok(())
}
