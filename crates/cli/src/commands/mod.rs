//! One module per command group; each turns its flags into a request of a target
//! ([`crate::target`]) or runs off chain (planning, signing), and prints the result.

use serde_json::Value;
use tokenrail_core::Amount;

use crate::chain::ops::{Op, Query};
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::target::{Change, Request, Target};

pub mod channel;
#[cfg(feature = "devnet")]
pub mod demo;
pub mod deploy;
pub mod devnet;
pub mod escrow;
pub mod ledger;
pub mod payout;
pub mod token;

/// A whole number of base units (no decimals, no floats).
pub(crate) fn amount(flag: &str, text: &str) -> Result<Amount, BadInput> {
    tokenrail_planner::amount::parse_amount(text, None, 128)
        .map(Amount)
        .map_err(|e| BadInput(format!("{flag} `{text}`: {e}")))
}

/// Prints a result: JSON with `--json`, else one `key: value` line per field.
pub fn print(out: &Output, v: &Value) {
    if out.json {
        println!("{v}");
    } else if !out.quiet {
        match v {
            Value::Object(map) => {
                for (k, val) in map {
                    let text = match val {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    println!("{k}: {text}");
                }
            }
            other => println!("{other}"),
        }
    }
}

/// The signer: `--from` on a devnet (an endpoint's key signs whatever `--from` says).
pub(crate) fn who(from: &Option<String>) -> String {
    from.clone().unwrap_or_else(|| "key".into())
}

pub(crate) fn change(out: &Output, c: &Change, op: Op) -> Result<(), Failure> {
    let v = crate::target::run(out, &c.target, Request::Change(op, c.dry_run))?;
    if c.dry_run && out.verbose {
        eprintln!("dry run: nothing recorded");
    }
    print(out, &v);
    Ok(())
}

pub(crate) fn read(out: &Output, t: &Target, q: Query) -> Result<(), Failure> {
    let v = crate::target::run(out, t, Request::Read(q))?;
    print(out, &v);
    Ok(())
}
