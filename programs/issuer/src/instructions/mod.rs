//! Instruction handlers and their accounts.

pub mod batch;
pub mod documents;
pub mod enforcement;
pub mod initialize;
pub mod onboarding;
pub mod roles;
pub mod supply;
pub mod token_cpi;
pub mod wallets;

pub use batch::*;
pub use documents::*;
pub use enforcement::*;
pub use initialize::*;
pub use onboarding::*;
pub use roles::*;
pub use supply::*;
