//! `declare_program!` reads `idls/` while compiling, which cargo does not track: rebuild the
//! bindings when an IDL changes (after `scripts/gen-bindings`), not only when a source does.

fn main() {
    println!("cargo:rerun-if-changed=idls");
}
