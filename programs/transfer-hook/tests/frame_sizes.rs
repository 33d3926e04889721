//! Every instruction's `Accounts` struct stays under the frame bound that stands in for the SBF
//! stack frame (`tokenrail_devnet::solana::frames`, `docs/security.md` finding 10).

use std::mem::size_of;

use tokenrail_devnet::solana::frames::check_frames;

#[test]
fn every_accounts_struct_fits_the_frame_bound() {
    check_frames(
        "tokenrail_transfer_hook",
        &[
            (
                "create_registry",
                size_of::<tokenrail_transfer_hook::CreateRegistry<'static>>(),
            ),
            (
                "grant_registry_agent",
                size_of::<tokenrail_transfer_hook::GrantRegistryAgent<'static>>(),
            ),
            (
                "revoke_registry_agent",
                size_of::<tokenrail_transfer_hook::RevokeRegistryAgent<'static>>(),
            ),
            (
                "propose_registry_admin",
                size_of::<tokenrail_transfer_hook::RegistryAdmin<'static>>(),
            ),
            (
                "accept_registry_admin",
                size_of::<tokenrail_transfer_hook::RegistryAdmin<'static>>(),
            ),
            (
                "upsert_investor",
                size_of::<tokenrail_transfer_hook::UpsertInvestor<'static>>(),
            ),
            (
                "remove_investor",
                size_of::<tokenrail_transfer_hook::RemoveInvestor<'static>>(),
            ),
            (
                "init_policy",
                size_of::<tokenrail_transfer_hook::InitPolicy<'static>>(),
            ),
            (
                "set_rules",
                size_of::<tokenrail_transfer_hook::Control<'static>>(),
            ),
            (
                "deactivate",
                size_of::<tokenrail_transfer_hook::Control<'static>>(),
            ),
            (
                "note_balance",
                size_of::<tokenrail_transfer_hook::SetHolderState<'static>>(),
            ),
            (
                "sync_holder",
                size_of::<tokenrail_transfer_hook::SyncHolder<'static>>(),
            ),
            (
                "set_holder_state",
                size_of::<tokenrail_transfer_hook::SetHolderState<'static>>(),
            ),
            (
                "execute",
                size_of::<tokenrail_transfer_hook::Execute<'static>>(),
            ),
            (
                "check_transfer",
                size_of::<tokenrail_transfer_hook::Execute<'static>>(),
            ),
            (
                "restriction_message",
                size_of::<tokenrail_transfer_hook::RestrictionMessage>(),
            ),
        ],
    );
}
