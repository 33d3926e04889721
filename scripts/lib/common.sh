# Shared paths and helpers for Tokenrail's scripts. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
FOUNDRY="$ROOT/node_modules/@foundry-rs"
FORGE="$FOUNDRY/forge-linux-amd64/bin/forge"
ANVIL="$FOUNDRY/anvil-linux-amd64/bin/anvil"
CAST="$FOUNDRY/cast-linux-amd64/bin/cast"
export FORGE ANVIL CAST
ARTIFACTS="$ROOT/artifacts"
COSMWASM_CHECK_VERSION="3.0.10"
# Debian's separate Rust toolchain (with std source) builds the wasm artifacts.
# postgresql: the ledger's tests start throwaway clusters of it (crates/ledger/tests/common).
DEBIAN_APT_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 binaryen wabt postgresql)

# Contracts built to wasm: crate name, then its artifact file stem.
COSMWASM_CRATES=(cw-escrow cw-payout cw20-basic cw-registry cw-asset-token cw-channel)
INK_CRATES=(ink-escrow ink-payout ink-psp22-token ink-registry ink-asset-token ink-channel)

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs Debian's cargo with Debian's rustc, never rustup's (whose toolchain has no wasm std).
wasm_cargo() {
  local target_dir="$1"; shift
  env -u RUSTC_WORKSPACE_WRAPPER PATH=/usr/bin:/bin RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="$target_dir" HOME="$HOME" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    RUSTFLAGS="$WASM_RUSTFLAGS" /usr/bin/cargo "$@"
}

# Clippy as the compiler of the workspace's own crates, as `cargo clippy` runs it under
# `cargo check`: exported for a whole run, a test build lints while it compiles, so the
# dependencies build once instead of once checked for clippy and once compiled for the tests.
# `lint_build ARGS...` is that build with the tests compiled, not run, and its warnings failing
# it (scripts/lib/lint_report.py); the tests it compiled then run without a rebuild.
use_clippy_driver() {
  RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)" \
    || die "clippy-driver not found (rustup component add clippy)"
  export RUSTC_WORKSPACE_WRAPPER
}
lint_build() {
  cargo test --locked --no-run --message-format=json "$@" | python3 "$ROOT/scripts/lib/lint_report.py"
}

# Stage bookkeeping: `stage NAME CMD...` runs CMD, times it, and records the result; the run
# goes on after a failure so one report shows every suite. `stage_summary` prints the table and
# returns non-zero if any stage failed.
STAGE_NAMES=()
STAGE_RESULTS=()
STAGE_SECONDS=()
stage() {
  local name="$1"; shift
  log ""
  log "==> $name"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  local took=$((SECONDS - start))
  STAGE_NAMES+=("$name")
  STAGE_SECONDS+=("$took")
  if [ "$rc" -eq 0 ]; then
    STAGE_RESULTS+=("ok")
    log "<== $name: ok (${took}s)"
  else
    STAGE_RESULTS+=("FAILED (exit $rc)")
    log "<== $name: FAILED with exit code $rc (${took}s)"
  fi
}
stage_summary() {
  local failed=0 i
  log ""
  log "Stage summary:"
  for i in "${!STAGE_NAMES[@]}"; do
    printf '  %-40s %6ss  %s\n' "${STAGE_NAMES[$i]}" "${STAGE_SECONDS[$i]}" "${STAGE_RESULTS[$i]}" >&2
    [ "${STAGE_RESULTS[$i]}" = "ok" ] || failed=$((failed + 1))
  done
  log "  total: ${SECONDS}s"
  [ "$failed" -eq 0 ]
}
