//! `tokenrail deploy`: the contracts on a devnet or an endpoint.

use super::change;
use crate::chain::ops::Op;
use crate::error::Failure;
use crate::output::Output;
use crate::target::Change;

/// `tokenrail deploy`.
pub fn deploy(out: &Output, c: &Change) -> Result<(), Failure> {
    change(out, c, Op::Deploy)
}
