//! Every `--help` page of the binary against the committed reference `docs/cli.md`, so a flag or
//! a text that changes without its reference fails here (as the IDL and schema staleness checks
//! do for the bindings). After an intended change: `TOKENRAIL_UPDATE_HELP=1 cargo test -p
//! tokenrail-cli --test help`, and review the diff.

// The reference is the full binary's; a lean build lacks `demo`.
#![cfg(feature = "devnet")]

use std::path::PathBuf;

use assert_cmd::Command;

/// `tokenrail <path…> --help`, independent of the caller's environment (an exported
/// `TOKENRAIL_*` variable would show as the flag's value).
fn help(path: &[String]) -> String {
    let mut cmd = Command::cargo_bin("tokenrail").unwrap();
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("TOKENRAIL_") {
            cmd.env_remove(name);
        }
    }
    let out = cmd.args(path).arg("--help").output().unwrap();
    assert!(out.status.success(), "{path:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands a help page lists (without clap's own `help`).
fn subcommands(page: &str) -> Vec<String> {
    let Some((_, rest)) = page.split_once("\nCommands:\n") else {
        return vec![];
    };
    rest.lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

fn reference(path: Vec<String>, out: &mut String) {
    let page = help(&path);
    let title = std::iter::once("tokenrail".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "## `{title}`\n\n```text\n{}\n```\n\n",
        page.trim_end()
    ));
    for sub in subcommands(&page) {
        let mut next = path.clone();
        next.push(sub);
        reference(next, out);
    }
}

#[test]
fn every_help_page_matches_the_reference() {
    let mut pages = String::from(
        "# The `tokenrail` command line\n\nEvery `--help` page, generated from the binary by \
         `crates/cli/tests/help.rs`, which fails when this file is out of date \
         (`TOKENRAIL_UPDATE_HELP=1 cargo test -p tokenrail-cli --test help` rewrites it).\n\n",
    );
    reference(vec![], &mut pages);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli.md");
    if std::env::var_os("TOKENRAIL_UPDATE_HELP").is_some() {
        std::fs::write(&path, &pages).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != pages {
        let first = committed
            .lines()
            .zip(pages.lines())
            .position(|(a, b)| a != b)
            .map_or(committed.lines().count().min(pages.lines().count()), |i| i);
        panic!(
            "docs/cli.md is out of date from line {}: the binary now says\n{}\n(rerun with \
             TOKENRAIL_UPDATE_HELP=1 and review the diff)",
            first + 1,
            pages
                .lines()
                .skip(first)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
