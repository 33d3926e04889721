//! The staleness check of a contract's committed JSON schema, shared by every contract crate's
//! `tests/schema.rs` (`#[path]`-included: a crate for 40 lines of test code would cost CI a
//! build of its own).
//!
//! The check runs the crate's own schema bin into a scratch directory and compares every file
//! it writes with `schema/`, both ways. It runs in the workspace's `cargo test`, so the bins
//! are built with the dependencies that stage builds anyway; `scripts/gen-bindings` rewrites
//! `schema/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Panics, naming each differing file, unless the schema bin `bin` writes exactly the files
/// under `crate_dir/schema`.
pub fn assert_current(bin: &str, crate_dir: &str) {
    let name = Path::new(bin).file_name().expect("a bin path has a name");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("the scratch directory can be created");
    let status = std::process::Command::new(bin)
        .current_dir(&scratch)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the schema bin runs");
    assert!(status.success(), "{bin} failed: {status}");

    let written = files(&scratch.join("schema"));
    let committed = files(&Path::new(crate_dir).join("schema"));
    assert!(!written.is_empty(), "{bin} wrote no schema");
    let mut stale: Vec<String> = Vec::new();
    for (path, text) in &written {
        match committed.get(path) {
            None => stale.push(format!("{} is missing", path.display())),
            Some(old) if old != text => stale.push(format!("{} differs", path.display())),
            Some(_) => {}
        }
    }
    for path in committed.keys().filter(|p| !written.contains_key(*p)) {
        stale.push(format!("{} is no longer written", path.display()));
    }
    assert!(
        stale.is_empty(),
        "{crate_dir}/schema is stale ({}): run scripts/gen-bindings and commit",
        stale.join("; ")
    );
}

/// Every file under `root`, by its path relative to `root`.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry can be read").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let text = std::fs::read(&path).expect("a schema file can be read");
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                out.insert(relative, text);
            }
        }
    }
    out
}
