//! `generated/` holds what `ipc-codegen` writes from `schema/seed-patterns.json`:
//! fails when it is stale (run `npm run build` in examples/seed-patterns).

#[test]
fn generated_bindings_are_current() {
    let report = electron_ipc_codegen::Config::new()
        .schema(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/seed-patterns.json"
        ))
        .out_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/generated"))
        .check()
        .expect("the schema and the generated folder can be read");
    let diffs: Vec<&str> = report.stale.iter().map(|s| s.diff.as_str()).collect();
    assert!(
        report.is_up_to_date(),
        "examples/seed-patterns/generated is stale: run `npm run build` in examples/seed-patterns\n{}",
        diffs.join("\n")
    );
}
