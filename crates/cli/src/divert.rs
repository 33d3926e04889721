//! Keeps the embedded Solana programs' own printing off the CLI's stdout.
//!
//! The embedded Solana chain runs the programs natively, and off chain `msg!` prints with
//! `println!`; the CLI's stdout carries only the command's data (JSON with `--json`), so while
//! embedded programs run, file descriptor 1 points elsewhere: at stderr with `-v`, else at
//! `/dev/null`.
//!
//! `unsafe` here (and only in `main`'s SIGPIPE reset besides): `dup`/`dup2`/`open`/`close`, which the standard library does
//! not offer for redirecting a descriptor other code writes to.

#![allow(unsafe_code)]

use std::io::Write;

/// While alive, fd 1 points at stderr or `/dev/null`; dropping it restores stdout.
pub struct ProgramOutput {
    saved: libc::c_int,
}

impl ProgramOutput {
    /// Diverts fd 1 (to stderr when `to_stderr`).
    pub fn divert(to_stderr: bool) -> std::io::Result<Self> {
        std::io::stdout().flush()?;
        // SAFETY: plain descriptor calls on descriptors this process owns; every result is
        // checked before use.
        unsafe {
            let saved = libc::dup(1);
            if saved < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let target = if to_stderr {
                2
            } else {
                libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY)
            };
            if target < 0 || libc::dup2(target, 1) < 0 {
                let err = std::io::Error::last_os_error();
                libc::close(saved);
                return Err(err);
            }
            if target != 2 {
                libc::close(target);
            }
            Ok(ProgramOutput { saved })
        }
    }
}

impl Drop for ProgramOutput {
    fn drop(&mut self) {
        let _ = std::io::stdout().flush();
        // SAFETY: `saved` is the descriptor `divert` duplicated from stdout.
        unsafe {
            libc::dup2(self.saved, 1);
            libc::close(self.saved);
        }
    }
}
