//! The committed `schema/` is what the `cw20-basic-schema` bin writes.

#[path = "../../schema_check.rs"]
mod schema_check;

#[test]
fn the_committed_schema_is_what_the_schema_bin_writes() {
    schema_check::assert_current(
        env!("CARGO_BIN_EXE_cw20-basic-schema"),
        env!("CARGO_MANIFEST_DIR"),
    );
}
