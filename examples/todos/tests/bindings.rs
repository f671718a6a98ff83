//! `generated/` holds what `ipc-codegen` writes from `schema/todo-app.json`:
//! fails when it is stale (run `cargo run -p electron-ipc-codegen -- generate` at the repository root).

#[test]
fn generated_bindings_are_current() {
    let report = electron_ipc_codegen::Config::new()
        .schema(concat!(env!("CARGO_MANIFEST_DIR"), "/schema/todo-app.json"))
        .out_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/generated"))
        .check()
        .expect("the schema and the generated folder can be read");
    let diffs: Vec<&str> = report.stale.iter().map(|s| s.diff.as_str()).collect();
    assert!(
        report.is_up_to_date(),
        "examples/todos/generated is stale: run `cargo run -p electron-ipc-codegen -- generate` at the repository root\n{}",
        diffs.join("\n")
    );
}
