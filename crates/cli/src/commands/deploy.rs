//! `tokenrail deploy`: the contracts on a devnet or an endpoint.

use super::change;
use crate::args::Cli;
use crate::error::Failure;
use crate::target::ops::Op;
use crate::target::Change;

/// `tokenrail deploy`.
pub fn deploy(cli: &Cli, c: &Change) -> Result<(), Failure> {
    change(cli, c, Op::Deploy)
}
