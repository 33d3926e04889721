//! Prints the ink! metadata of `ink-payout` as JSON (`scripts/gen-bindings` commits it to
//! `bindings/ink/metadata/`, from which the Rust bindings are generated).

#![allow(unsafe_code)]

use ink_payout as _;

include!("../print_metadata.rs");
