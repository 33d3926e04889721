//! Prints the ink! metadata of `ink-registry` as JSON (`scripts/gen-bindings` commits it to
//! `bindings/ink/metadata/`, from which the Rust bindings are generated).

#![allow(unsafe_code)]

use ink_registry as _;

include!("../print_metadata.rs");
