//! A bound on every instruction's `Accounts` struct, the proxy these machines have for the SBF
//! stack frame (`docs/security.md`, finding 10).
//!
//! On the real SBF VM a function's stack frame is 4 KB, and Anchor's generated `try_accounts`
//! deserialises every account of an instruction into its `Accounts` struct on the stack: an
//! instruction with many unboxed mints, token accounts and state accounts passes the native tests
//! here and fails on chain with an access violation. Boxed accounts live on the heap. No SBF build
//! can be made on these machines, so each program pins the host size of every `Accounts` struct
//! under [`FRAME_BOUND`]; a new unboxed account that pushes one over fails its test, and an
//! instruction missing from the table fails too.

use std::collections::BTreeSet;
use std::path::Path;

/// The largest host size an `Accounts` struct may have: an eighth of the SBF frame, leaving the
/// rest to `try_accounts`' own temporaries and the handler. Boxing a mint, token or state account
/// takes it from 100–300 bytes to a pointer.
pub const FRAME_BOUND: usize = 512;

/// Checks that `sizes` (instruction name, host size of its `Accounts` struct) stays under
/// [`FRAME_BOUND`] and names every instruction of the program's committed IDL
/// (`bindings/solana/idls/<idl>.json`). Panics listing every violation.
pub fn check_frames(idl: &str, sizes: &[(&str, usize)]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../bindings/solana/idls")
        .join(format!("{idl}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("an IDL is JSON");
    let in_idl: BTreeSet<&str> = doc["instructions"]
        .as_array()
        .expect("the IDL lists instructions")
        .iter()
        .map(|i| i["name"].as_str().expect("a name"))
        .collect();
    let listed: BTreeSet<&str> = sizes.iter().map(|(name, _)| *name).collect();
    let mut problems: Vec<String> = in_idl
        .difference(&listed)
        .map(|name| format!("{name}: in the IDL but not measured here"))
        .collect();
    problems.extend(
        listed
            .difference(&in_idl)
            .map(|name| format!("{name}: measured here but not in the IDL")),
    );
    problems.extend(
        sizes
            .iter()
            .filter(|(_, size)| *size > FRAME_BOUND)
            .map(|(name, size)| {
                format!("{name}: its Accounts struct takes {size} bytes (> {FRAME_BOUND}); box its mint, token and state accounts")
            }),
    );
    assert!(problems.is_empty(), "{idl}:\n{}", problems.join("\n"));
}
