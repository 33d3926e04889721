//! The devnet target: a chain family's embedded devnet, whose state persists between commands
//! as a snapshot in `<state dir>/<chain>.json` (the chain's saved state and the handles the CLI
//! created). A command restores the snapshot, runs its operation and, if it changed anything and
//! succeeded, saves the new snapshot atomically under a lock; so a command costs the same after
//! a thousand operations as after one, a refused or interrupted command leaves the state as it
//! was, and two commands at once cannot lose each other's changes. `--dry-run` runs the operation
//! and saves nothing.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokenrail_devnet::cosmwasm::CwSnapshot;
use tokenrail_devnet::evm::EvmSnapshot;
use tokenrail_devnet::ink::InkSnapshot;
use tokenrail_devnet::solana::SolanaSnapshot;

use super::cosmwasm::Cosmwasm;
use super::evm::{find_anvil, Evm};
use super::ink::Ink;
use super::solana::Solana;
use super::{Request, Target};
use crate::chain::family::{Dn, Family};
use crate::chain::ops::Op;
use crate::chain::record::{write_json, Created};
use crate::chain::ChainArg;
use crate::chain::{chain_name, chain_title};
use crate::error::{BadInput, Failure};
use crate::output::Output;
use crate::session::{OpError, Session};

/// The format tag of a devnet state file.
const FORMAT: &str = "tokenrail-devnet-v2";

/// The contents of a devnet state file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile<S> {
    format: String,
    chain: ChainArg,
    created: Created,
    state: S,
}

/// Where `t`'s devnet keeps its state.
pub fn state_path(t: &Target) -> PathBuf {
    t.state_dir.join(format!("{}.json", chain_name(t.chain)))
}

/// The state file, if there is one.
fn read<S: serde::de::DeserializeOwned>(t: &Target) -> Result<Option<StateFile<S>>, Failure> {
    let path = state_path(t);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display()).into()),
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        BadInput(format!(
            "{}: not a Tokenrail devnet state file: {e}",
            path.display()
        ))
    })?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or("?");
    let chain = value.get("chain").and_then(Value::as_str).unwrap_or("?");
    if format != FORMAT || chain != chain_name(t.chain) {
        return Err(BadInput(format!(
            "{}: a {format} state file for {chain}, expected {FORMAT} for {}; `tokenrail devnet \
             reset --chain {}` starts over",
            path.display(),
            chain_name(t.chain),
            chain_name(t.chain)
        ))
        .into());
    }
    serde_json::from_value(value)
        .map(Some)
        .map_err(|e| BadInput(format!("{}: {e}", path.display())).into())
}

/// An exclusive lock on `t`'s devnet for a change (held until dropped).
fn lock(t: &Target) -> Result<std::fs::File, Failure> {
    std::fs::create_dir_all(&t.state_dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", t.state_dir.display()))?;
    super::exclusive_lock(&t.state_dir.join(format!("{}.lock", chain_name(t.chain))))
}

/// Runs `request` on `target`'s devnet.
pub fn run<F: DevnetFamily>(
    out: &Output,
    target: &Target,
    request: Request,
) -> Result<Value, Failure> {
    let changes = matches!(request, Request::Change(_, false));
    let _lock = if changes { Some(lock(target)?) } else { None };
    let saved = read::<F::Snapshot>(target)?;
    let deploy = matches!(request, Request::Change(Op::Deploy, _));
    match (&saved, deploy) {
        (None, false) => {
            return Err(anyhow::anyhow!(
                "no {} devnet here (no {}): run `tokenrail deploy --chain {}` first",
                chain_title(F::CHAIN),
                state_path(target).display(),
                chain_name(F::CHAIN)
            )
            .into())
        }
        (Some(_), true) => {
            return Err(BadInput(format!(
                "the {} devnet is deployed already ({}); `tokenrail devnet reset --chain {}` \
                 starts over",
                chain_title(F::CHAIN),
                state_path(target).display(),
                chain_name(F::CHAIN)
            ))
            .into())
        }
        _ => {}
    }
    let pb = crate::progress::spinner(out);
    pb.set_message(format!("loading the {} devnet", chain_title(F::CHAIN)));
    let diverted = crate::divert::ProgramOutput::divert(out.verbose)
        .map_err(|e| anyhow::anyhow!("cannot set stdout aside: {e}"))?;
    let dn = match &saved {
        Some(s) => F::restore(target, &s.state)?,
        None => F::start(target)?,
    };
    let mut session = Session::<F>::new(dn);
    if let Some(s) = &saved {
        session
            .load(&s.created)
            .map_err(|e| BadInput(format!("{}: {e}", state_path(target).display())))?;
    }
    let outcome = match request {
        Request::Change(mut op, _) => match session.dn.now() {
            Ok(now) => {
                op.resolve(now);
                session.apply(&op)
            }
            Err(e) => Err(OpError::from(e)),
        },
        Request::Read(q) => session.query(&q),
    };
    drop(diverted);
    let value = outcome.map_err(OpError::into_failure)?;
    if changes {
        pb.set_message(format!("saving the {} devnet", chain_title(F::CHAIN)));
        let file = StateFile {
            format: FORMAT.into(),
            chain: F::CHAIN,
            created: session.record().map_err(|e| anyhow::anyhow!(e))?,
            state: F::snapshot(&mut session.dn)?,
        };
        write_json(&state_path(target), &file)?;
    }
    pb.finish_and_clear();
    Ok(value)
}

/// Deletes `target`'s devnet state.
pub fn reset(target: &Target) -> Result<bool, Failure> {
    let _lock = lock(target)?;
    let path = state_path(target);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(anyhow::anyhow!("cannot remove {}: {e}", path.display()).into()),
    }
}

/// A family whose embedded devnet the CLI starts, saves and restores.
pub trait DevnetFamily: Family {
    /// The devnet's saved state.
    type Snapshot: serde::Serialize + serde::de::DeserializeOwned;
    /// Starts a fresh devnet with the contracts deployed.
    fn start(target: &Target) -> Result<Dn<Self>, Failure>;
    /// The devnet whose state `saved` holds.
    fn restore(target: &Target, saved: &Self::Snapshot) -> Result<Dn<Self>, Failure>;
    /// The devnet's state.
    fn snapshot(dn: &mut Dn<Self>) -> Result<Self::Snapshot, Failure>;
}

impl DevnetFamily for Evm {
    type Snapshot = EvmSnapshot;

    fn start(target: &Target) -> Result<Dn<Self>, Failure> {
        let anvil = find_anvil(target.anvil.as_deref())?;
        tokenrail_devnet::evm::start(&anvil).map_err(|e| anyhow::anyhow!(e).into())
    }

    fn restore(target: &Target, saved: &EvmSnapshot) -> Result<Dn<Self>, Failure> {
        let anvil = find_anvil(target.anvil.as_deref())?;
        tokenrail_devnet::evm::restore(&anvil, saved).map_err(|e| anyhow::anyhow!(e).into())
    }

    fn snapshot(dn: &mut Dn<Self>) -> Result<EvmSnapshot, Failure> {
        tokenrail_devnet::evm::snapshot(dn).map_err(|e| anyhow::anyhow!(e).into())
    }
}

impl DevnetFamily for Solana {
    type Snapshot = SolanaSnapshot;

    fn start(_: &Target) -> Result<Dn<Self>, Failure> {
        Ok(tokenrail_devnet::solana::start())
    }

    fn restore(_: &Target, saved: &SolanaSnapshot) -> Result<Dn<Self>, Failure> {
        tokenrail_devnet::solana::restore(saved).map_err(|e| anyhow::anyhow!(e).into())
    }

    fn snapshot(dn: &mut Dn<Self>) -> Result<SolanaSnapshot, Failure> {
        tokenrail_devnet::solana::snapshot(dn).map_err(|e| anyhow::anyhow!(e).into())
    }
}

impl DevnetFamily for Cosmwasm {
    type Snapshot = CwSnapshot;

    fn start(_: &Target) -> Result<Dn<Self>, Failure> {
        tokenrail_devnet::cosmwasm::start().map_err(|e| anyhow::anyhow!(e).into())
    }

    fn restore(_: &Target, saved: &CwSnapshot) -> Result<Dn<Self>, Failure> {
        tokenrail_devnet::cosmwasm::restore(saved).map_err(|e| anyhow::anyhow!(e).into())
    }

    fn snapshot(dn: &mut Dn<Self>) -> Result<CwSnapshot, Failure> {
        tokenrail_devnet::cosmwasm::snapshot(dn).map_err(|e| anyhow::anyhow!(e).into())
    }
}

impl DevnetFamily for Ink {
    type Snapshot = InkSnapshot;

    fn start(_: &Target) -> Result<Dn<Self>, Failure> {
        tokenrail_devnet::ink::start().map_err(|e| anyhow::anyhow!(e).into())
    }

    fn restore(_: &Target, saved: &InkSnapshot) -> Result<Dn<Self>, Failure> {
        tokenrail_devnet::ink::restore(saved).map_err(|e| anyhow::anyhow!(e).into())
    }

    fn snapshot(dn: &mut Dn<Self>) -> Result<InkSnapshot, Failure> {
        tokenrail_devnet::ink::snapshot(dn).map_err(|e| anyhow::anyhow!(e).into())
    }
}
