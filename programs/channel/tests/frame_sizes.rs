//! Every instruction's `Accounts` struct stays under the frame bound that stands in for the SBF
//! stack frame (`tokenrail_devnet::solana::frames`, `docs/security.md` finding 10).

use std::mem::size_of;

use tokenrail_devnet::solana::frames::check_frames;

#[test]
fn every_accounts_struct_fits_the_frame_bound() {
    check_frames(
        "tokenrail_channel_program",
        &[
            (
                "open",
                size_of::<tokenrail_channel_program::Open<'static>>(),
            ),
            (
                "deposit",
                size_of::<tokenrail_channel_program::Deposit<'static>>(),
            ),
            (
                "close_cooperative",
                size_of::<tokenrail_channel_program::Payout<'static>>(),
            ),
            (
                "close_unilateral",
                size_of::<tokenrail_channel_program::Dispute<'static>>(),
            ),
            (
                "close_without_state",
                size_of::<tokenrail_channel_program::Dispute<'static>>(),
            ),
            (
                "challenge",
                size_of::<tokenrail_channel_program::Dispute<'static>>(),
            ),
            (
                "settle",
                size_of::<tokenrail_channel_program::Payout<'static>>(),
            ),
        ],
    );
}
