#!/usr/bin/env python3
"""Keeps only the named exports of a wasm module (what cargo-contract does for ink!).

pallet-contracts rejects code that exports anything but `call` and `deploy`, while rustc
exports compiler-builtins' memcpy & co and linker globals such as __heap_base. Usage:
strip_wasm_exports.py IN OUT call deploy
"""
import sys


def leb_u32(buf, pos):
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def enc_u32(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def main():
    src, dst, *keep = sys.argv[1:]
    data = open(src, "rb").read()
    if data[:8] != b"\0asm\x01\0\0\0":
        sys.exit(f"{src}: not a wasm module")
    out = bytearray(data[:8])
    pos = 8
    kept = []
    while pos < len(data):
        section_id = data[pos]
        size, body = leb_u32(data, pos + 1)
        end = body + size
        if section_id == 7:  # export section
            count, p = leb_u32(data, body)
            entries = bytearray()
            n = 0
            for _ in range(count):
                name_len, q = leb_u32(data, p)
                name = data[q:q + name_len].decode()
                q += name_len + 1  # name, kind byte
                _, q = leb_u32(data, q)  # index
                if name in keep:
                    entries += data[p:q]
                    kept.append(name)
                    n += 1
                p = q
            payload = enc_u32(n) + bytes(entries)
            out += bytes([7]) + enc_u32(len(payload)) + payload
        else:
            out += data[pos:end]
        pos = end
    missing = set(keep) - set(kept)
    if missing:
        sys.exit(f"{src}: required exports missing: {sorted(missing)}")
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
