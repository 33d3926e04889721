#!/usr/bin/env python3
"""Assembles an Anchor IDL from the sections an `idl-build` test run prints, as `anchor idl
build` does, without the Anchor CLI (which needs the Solana toolchain). `anchor idl build` runs

    cargo test --lib --features idl-build __anchor_private_print_idl -- --show-output

and scripts/gen-bindings runs the same tests from a harness it builds without dev-dependencies.

Sections: `program` (instructions, accounts, types), `address`, `errors`, and one `event` per
event (its discriminator and field types). Module paths (`crate::events::X`) are shortened to
the item name, as the CLI does. Usage: anchor_idl.py < test-output > idl.json
"""
import json
import re
import sys

text = sys.stdin.read()
sections = re.findall(r"--- IDL begin (\w+) ---\n(.*?)\n--- IDL end \1 ---", text, re.S)
idl = None
events, types, errors, address = [], [], None, None
for kind, body in sections:
    value = json.loads(body)
    if kind == "program":
        idl = value
    elif kind == "address":
        address = value
    elif kind == "errors":
        errors = value
    elif kind == "event":
        events.append(value["event"])
        types.extend(value["types"])
if idl is None or address is None:
    sys.exit("no program/address section in the test output")

idl["address"] = address
if errors:
    idl["errors"] = errors
by_name = {t["name"]: t for t in idl.get("types", []) + types}
idl["types"] = list(by_name.values())
idl["events"] = events


def shorten(node):
    if isinstance(node, dict):
        return {k: (v.rsplit("::", 1)[-1] if k == "name" and isinstance(v, str) else shorten(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [shorten(v) for v in node]
    return node


idl = shorten(idl)
idl["types"].sort(key=lambda t: t["name"])
idl["events"].sort(key=lambda e: e["name"])
json.dump(idl, sys.stdout, indent=2)
sys.stdout.write("\n")
