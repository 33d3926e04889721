//! The error-code tables in `docs/spec/*.md` and the enums in this crate are the same list: a
//! code added, renamed or renumbered in one place and not the other fails here.

use std::path::Path;

/// `(code, name)` rows of the first table whose header starts with `| code | name |`.
fn spec_table(capability: &str) -> Vec<(u16, String)> {
    spec_rows(capability)
        .into_iter()
        .map(|(code, name, _)| (code, name))
        .collect()
}

/// `(code, name, meaning)` rows of that table, code 0 left out.
fn spec_rows(capability: &str) -> Vec<(u16, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/spec")
        .join(format!("{capability}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rows = vec![];
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with("| code | name |") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Ok(code), Some(name)) = (cells[1].parse::<u16>(), cells.get(2)) else {
            continue; // the separator row
        };
        let name = name.trim_matches('`');
        let meaning = cells.get(3).copied().unwrap_or_default();
        if code != 0 {
            rows.push((code, name.to_owned(), meaning.to_owned()));
        }
    }
    assert!(!rows.is_empty(), "no code table in {}", path.display());
    rows
}

fn check(capability: &str, enum_rows: Vec<(u16, &'static str)>) {
    let spec = spec_table(capability);
    let ours: Vec<(u16, String)> = enum_rows
        .into_iter()
        .map(|(c, n)| (c, n.to_owned()))
        .collect();
    assert_eq!(spec, ours, "docs/spec/{capability}.md and the enum differ");
}

#[test]
fn escrow_table_matches() {
    use tokenrail_core::escrow::EscrowError as E;
    check(
        "escrow",
        E::ALL.iter().map(|e| (e.code(), e.name())).collect(),
    );
}

#[test]
fn payout_table_matches() {
    use tokenrail_core::payout::PayoutError as E;
    check(
        "payout",
        E::ALL.iter().map(|e| (e.code(), e.name())).collect(),
    );
}

#[test]
fn token_table_matches() {
    use tokenrail_core::token::TokenError as E;
    check(
        "token",
        E::ALL.iter().map(|e| (e.code(), e.name())).collect(),
    );
}

#[test]
fn token_messages_are_the_spec_meanings() {
    use tokenrail_core::token::{restriction_message, TokenError as E};
    for (code, name, meaning) in spec_rows("token") {
        let plain = meaning.replace('`', "");
        assert_eq!(
            restriction_message(code),
            plain,
            "the message of {code} {name}"
        );
        assert_eq!(E::from_code(code).map(E::message), Some(plain.as_str()));
    }
    assert_eq!(restriction_message(0), "allowed");
    assert_eq!(restriction_message(39), "unknown restriction");
    assert_eq!(restriction_message(u16::MAX), "unknown restriction");
}

#[test]
fn channel_table_matches() {
    use tokenrail_core::channel::ChannelError as E;
    check(
        "channel",
        E::ALL.iter().map(|e| (e.code(), e.name())).collect(),
    );
}
