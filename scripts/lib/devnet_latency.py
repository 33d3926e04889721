#!/usr/bin/env python3
"""Devnet command latency against history, for scripts/bench.

Usage: devnet_latency.py <tokenrail binary> <chain> <work dir> > rows.jsonl

On a fresh devnet of <chain>, records operations one command (one process) at a time and, after
1, 100 and 1,000 of them, times the same two commands several times each: a change
(`devnet advance --by 1s`: restore the snapshot, run, save it) and a read (`devnet info`:
restore, read the clock and the contracts, save nothing). The operations are what an issuer records: deploy, issue, register
an investor, then mints. Prints one JSON row per checkpoint with the medians and the state file's
size. A command that fails stops the run with its output: a latency of a failing command would
mean nothing.
"""
import json
import os
import statistics
import subprocess
import sys
import time

binary, chain, work = sys.argv[1:]
state_dir = os.path.join(work, f"latency-{chain}")
CHECKPOINTS = (1, 100, 1000)
SAMPLES = 7


def tokenrail(*args):
    started = time.perf_counter()
    out = subprocess.run(
        [binary, *args, "--chain", chain, "--state-dir", state_dir, "--json"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"tokenrail {' '.join(args)} on {chain} failed ({out.returncode}):\n{out.stderr}")
    return seconds


def median_of(*args):
    return statistics.median(tokenrail(*args) for _ in range(SAMPLES))


def operations():
    """Deploy, issue, register an investor, then mints for ever."""
    yield ("deploy",)
    yield ("token", "issue", "--name", "Bench Bond", "--symbol", "BB", "--cap", "1000000000",
           "--uri", "ipfs://bench", "--legal-hash", "0x" + "42" * 32)
    yield ("token", "register", "--investor", "alice", "--jurisdiction", "276")
    while True:
        yield ("token", "mint", "--from", "issuer", "--to", "alice", "--amount", "1")


pending = operations()
done = 0
for checkpoint in CHECKPOINTS:
    while done < checkpoint:
        tokenrail(*next(pending))
        done += 1
    row = {
        "chain": chain,
        "operations": done,
        "change_s": median_of("devnet", "advance", "--by", "1s"),
        "read_s": median_of("devnet", "info"),
        "state_bytes": os.path.getsize(os.path.join(state_dir, f"{chain}.json")),
        "samples": SAMPLES,
    }
    # The timed changes are recorded operations too.
    done += SAMPLES
    print(json.dumps(row), flush=True)
