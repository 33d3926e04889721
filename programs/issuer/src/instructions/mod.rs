//! Instruction handlers and their accounts.

pub mod batch;
pub mod enforcement;
pub mod initialize;
pub mod roles;
pub mod supply;
pub mod token_cpi;

pub use batch::*;
pub use enforcement::*;
pub use initialize::*;
pub use roles::*;
pub use supply::*;
