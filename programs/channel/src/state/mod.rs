//! Program accounts.

pub mod channel;

pub use channel::*;
