//! Compile-time behaviour of `#[service]`: what it accepts (`ui/pass`) and
//! the errors it gives (`ui/fail`, one file per rule, with the expected
//! compiler output next to it). Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p ipc-tests --test compiletest`, then read them.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
