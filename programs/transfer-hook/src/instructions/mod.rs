//! Instruction handlers and their accounts.

pub mod policy_admin;
pub mod registry_admin;
pub mod restriction_message;
pub mod transfer;

pub use policy_admin::*;
pub use registry_admin::*;
pub use restriction_message::*;
pub use transfer::*;
