//! Progress on stderr: shown only on a terminal, never with `--json` or `-q`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::Output;

/// A spinner with a message and the elapsed time.
pub fn spinner(out: &Output) -> ProgressBar {
    if out.json || out.quiet {
        return ProgressBar::hidden();
    }
    // Draws only when stderr is a terminal.
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"),
    );
    pb.enable_steady_tick(Duration::from_millis(100));
    pb
}

/// A progress bar over `len` bytes.
pub fn progress(out: &Output, len: u64) -> ProgressBar {
    if out.json || out.quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template(
            "{msg} {wide_bar} {bytes}/{total_bytes} [{elapsed}, {eta} left]",
        )
        .expect("valid template"),
    );
    pb
}
