#!/usr/bin/env python3
"""Reads cargo's `--message-format=json` from stdin, prints each compiler diagnostic as rustc
rendered it, and exits non-zero if the build failed or any workspace crate drew a warning.

`scripts/test` builds the tests with clippy-driver as the compiler of the workspace's own
crates (what `cargo clippy` does under `cargo check`), so one build both lints and produces the
test binaries. Warnings stay warnings there, so that every crate still builds and the tests
still run; this report is what turns them into a failed lint stage, as `-D warnings` would.
"""

import json
import sys


def main() -> int:
    warnings = errors = 0
    build_ok = False
    # A crate's lib and its unit-test build report the same diagnostic twice.
    seen = set()
    for line in sys.stdin:
        if not line.startswith("{"):
            sys.stderr.write(line)
            continue
        msg = json.loads(line)
        reason = msg.get("reason")
        if reason == "build-finished":
            build_ok = bool(msg.get("success"))
        if reason != "compiler-message":
            continue
        diag = msg["message"]
        # rustc's closing tally ("2 warnings emitted") carries no code and no span.
        if not diag.get("spans") and not diag.get("code"):
            continue
        rendered = diag.get("rendered") or diag["message"] + "\n"
        if rendered in seen:
            continue
        seen.add(rendered)
        sys.stderr.write(rendered)
        if diag["level"] == "warning":
            warnings += 1
        elif diag["level"].startswith("error"):
            errors += 1
    print(f"lint: {warnings} warning(s), {errors} error(s)", file=sys.stderr)
    return 0 if build_ok and warnings == 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
