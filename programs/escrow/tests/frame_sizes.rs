//! Every instruction's `Accounts` struct stays under the frame bound that stands in for the SBF
//! stack frame (`tokenrail_devnet::solana::frames`, `docs/security.md` finding 10).

use std::mem::size_of;

use tokenrail_devnet::solana::frames::check_frames;

#[test]
fn every_accounts_struct_fits_the_frame_bound() {
    check_frames(
        "tokenrail_escrow",
        &[
            ("create", size_of::<tokenrail_escrow::Create<'static>>()),
            ("release", size_of::<tokenrail_escrow::Release<'static>>()),
            ("refund", size_of::<tokenrail_escrow::Settle<'static>>()),
            ("cancel", size_of::<tokenrail_escrow::Settle<'static>>()),
            ("close", size_of::<tokenrail_escrow::Close<'static>>()),
        ],
    );
}
