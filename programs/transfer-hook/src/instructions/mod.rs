//! Instruction handlers and their accounts.

pub mod policy_admin;
pub mod registry_admin;
pub mod restriction_message;
pub mod transfer;

pub use policy_admin::*;
pub use registry_admin::*;
pub use restriction_message::*;
pub use transfer::*;

/// `set_return_data` on chain; off chain (the native build the tests run) solana-cpi's version
/// is a no-op, so the data goes through the syscall stubs the test runtime installs instead.
/// The read-only instructions (`check_transfer`, `restriction_message`) answer through it.
pub(crate) fn set_return_data(data: &[u8]) {
    #[cfg(target_os = "solana")]
    anchor_lang::solana_program::program::set_return_data(data);
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_set_return_data(data);
}
