#!/usr/bin/env python3
"""Writes a deterministic holders CSV (`address,amount`) of N distinct EVM recipients for the
planner benchmark. Usage: gen_holders.py N OUT.csv"""
import hashlib
import sys

n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    f.write("address,amount\n")
    for i in range(n):
        addr = hashlib.sha256(i.to_bytes(8, "big")).hexdigest()[:40]
        f.write(f"0x{addr},{1 + (i * 7919) % 1_000_000}\n")
