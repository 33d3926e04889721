//! The mint extensions a Tokenrail custody program refuses (`docs/security.md`, finding 8).
//!
//! The escrow, payout and channel programs hold tokens for others in vaults. Some Token-2022
//! extensions give a third party power over what a vault holds, so a mint carrying one is refused
//! before any custody starts (each program answers with its own `UnsupportedMint` code):
//!
//! | extension | why |
//! |---|---|
//! | `PermanentDelegate` (with a delegate) | the delegate can transfer or burn any account's tokens, the vault's included |
//! | `TransferFeeConfig` | every movement skims a fee, and its authority can raise it after custody starts |
//! | `ConfidentialTransferFeeConfig` | the same fee, on confidential transfers |
//! | `TransferHook` (with a program or an authority) | the hook program decides whether each payout may move, and its authority can swap it; the programs do not forward a hook's extra accounts |
//! | `NonTransferable` | a vault could take tokens in and never pay them out |
//!
//! Extensions are fixed when a mint is initialised, so checking the mint once, where custody
//! starts (`create`, `create_distribution`, `open`), covers the custody's whole life. Plain SPL
//! Token mints have no extensions. A freeze authority (SPL Token's own, and `Pausable`) can stop a
//! vault but never takes from it; stablecoins carry one, so it is accepted.

#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::extension::{
    permanent_delegate::PermanentDelegate, transfer_hook::TransferHook, BaseStateWithExtensions,
    ExtensionType, StateWithExtensions,
};
use anchor_spl::token_2022::spl_token_2022::state::Mint;

/// The first extension of `mint` (a mint account of SPL Token or Token-2022) that the custody
/// programs refuse, or `None` when the mint is safe to hold. Fails only when the account is not a
/// mint.
pub fn custody_risk(mint: &AccountInfo) -> Result<Option<ExtensionType>> {
    if mint.owner != &anchor_spl::token_2022::ID {
        return Ok(None);
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<Mint>::unpack(&data)?;
    for ext in state.get_extension_types()? {
        let refused = match ext {
            ExtensionType::PermanentDelegate => state
                .get_extension::<PermanentDelegate>()
                .is_ok_and(|p| Option::<Pubkey>::from(p.delegate).is_some()),
            ExtensionType::TransferHook => state.get_extension::<TransferHook>().is_ok_and(|h| {
                Option::<Pubkey>::from(h.program_id).is_some()
                    || Option::<Pubkey>::from(h.authority).is_some()
            }),
            ExtensionType::TransferFeeConfig
            | ExtensionType::ConfidentialTransferFeeConfig
            | ExtensionType::NonTransferable => true,
            _ => false,
        };
        if refused {
            return Ok(Some(ext));
        }
    }
    Ok(None)
}
