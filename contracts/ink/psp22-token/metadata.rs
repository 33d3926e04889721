//! Prints the ink! metadata of `ink-psp22-token` as JSON (`scripts/gen-bindings` commits it to
//! `bindings/ink/metadata/`, from which the Rust bindings are generated).

#![allow(unsafe_code)]

use ink_psp22_token as _;

include!("../print_metadata.rs");
