//! Every instruction's `Accounts` struct stays under the frame bound that stands in for the SBF
//! stack frame (`tokenrail_devnet::solana::frames`, `docs/security.md` finding 10).

use std::mem::size_of;

use tokenrail_devnet::solana::frames::check_frames;

#[test]
fn every_accounts_struct_fits_the_frame_bound() {
    check_frames(
        "tokenrail_issuer",
        &[
            (
                "thaw_permissionless",
                size_of::<tokenrail_issuer::Onboard<'static>>(),
            ),
            (
                "freeze_permissionless",
                size_of::<tokenrail_issuer::Onboard<'static>>(),
            ),
            (
                "initialize",
                size_of::<tokenrail_issuer::Initialize<'static>>(),
            ),
            (
                "grant_role",
                size_of::<tokenrail_issuer::GrantRole<'static>>(),
            ),
            (
                "revoke_role",
                size_of::<tokenrail_issuer::RevokeRole<'static>>(),
            ),
            (
                "propose_admin",
                size_of::<tokenrail_issuer::AdminHandover<'static>>(),
            ),
            (
                "accept_admin",
                size_of::<tokenrail_issuer::AdminHandover<'static>>(),
            ),
            (
                "mint_tokens",
                size_of::<tokenrail_issuer::MintTokens<'static>>(),
            ),
            (
                "batch_transfer",
                size_of::<tokenrail_issuer::BatchTransfer<'static>>(),
            ),
            ("burn", size_of::<tokenrail_issuer::Burn<'static>>()),
            ("redeem", size_of::<tokenrail_issuer::Burn<'static>>()),
            (
                "forced_transfer",
                size_of::<tokenrail_issuer::ForcedMove<'static>>(),
            ),
            (
                "recover",
                size_of::<tokenrail_issuer::ForcedMove<'static>>(),
            ),
            (
                "set_account_frozen",
                size_of::<tokenrail_issuer::AgentOnAccount<'static>>(),
            ),
            (
                "set_frozen_amount",
                size_of::<tokenrail_issuer::AgentOnAccount<'static>>(),
            ),
            (
                "set_lockup",
                size_of::<tokenrail_issuer::AgentOnAccount<'static>>(),
            ),
            (
                "set_rules",
                size_of::<tokenrail_issuer::AgentOnPolicy<'static>>(),
            ),
            ("pause", size_of::<tokenrail_issuer::Pausing<'static>>()),
            ("unpause", size_of::<tokenrail_issuer::Pausing<'static>>()),
            (
                "deactivate",
                size_of::<tokenrail_issuer::Deactivate<'static>>(),
            ),
            (
                "set_metadata",
                size_of::<tokenrail_issuer::Documenting<'static>>(),
            ),
            (
                "set_document",
                size_of::<tokenrail_issuer::Documenting<'static>>(),
            ),
            (
                "remove_document",
                size_of::<tokenrail_issuer::RemoveDocument<'static>>(),
            ),
        ],
    );
}
