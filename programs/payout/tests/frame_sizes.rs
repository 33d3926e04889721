//! Every instruction's `Accounts` struct stays under the frame bound that stands in for the SBF
//! stack frame (`tokenrail_devnet::solana::frames`, `docs/security.md` finding 10).

use std::mem::size_of;

use tokenrail_devnet::solana::frames::check_frames;

#[test]
fn every_accounts_struct_fits_the_frame_bound() {
    check_frames(
        "tokenrail_payout",
        &[
            (
                "multisend",
                size_of::<tokenrail_payout::MultiSend<'static>>(),
            ),
            (
                "create_distribution",
                size_of::<tokenrail_payout::CreateDistribution<'static>>(),
            ),
            (
                "init_claim_chunk",
                size_of::<tokenrail_payout::InitClaimChunk<'static>>(),
            ),
            ("claim", size_of::<tokenrail_payout::Claim<'static>>()),
            (
                "clawback",
                size_of::<tokenrail_payout::ClawbackRemainder<'static>>(),
            ),
        ],
    );
}
