// Shared body of every ink! contract's `metadata` bin: prints the contract's ink! metadata (the
// `InkProject`: message and constructor specs with selectors, storage layout, type registry) as
// JSON. ink!'s codegen defines `__ink_generate_metadata` in the contract crate for std builds
// that are not `ink-as-dependency` — the function cargo-contract calls the same way.

extern "Rust" {
    fn __ink_generate_metadata() -> ink::metadata::InkProject;
}

fn main() {
    // SAFETY: the contract crate (linked through the `use … as _` above) defines this function
    // with exactly this signature; it takes nothing and builds a value.
    let project = unsafe { __ink_generate_metadata() };
    let json = serde_json::to_string_pretty(&project).expect("ink! metadata serializes");
    println!("{json}");
}
