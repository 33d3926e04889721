//! Account layouts.

mod escrow;

pub use escrow::*;
