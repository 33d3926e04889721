//! Prints the ink! metadata of `ink-asset-token` as JSON (`scripts/gen-bindings` commits it to
//! `bindings/ink/metadata/`, from which the Rust bindings are generated).

#![allow(unsafe_code)]

use ink_asset_token as _;

include!("../print_metadata.rs");
