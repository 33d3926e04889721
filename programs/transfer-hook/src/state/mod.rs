//! Program accounts.

pub mod holder;
pub mod investor;
pub mod policy;
pub mod registry;

pub use holder::*;
pub use investor::*;
pub use policy::*;
pub use registry::*;
