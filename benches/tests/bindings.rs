//! `benches/bridge/bench-app.json` is the schema of the benchmark's service
//! and `benches/bridge/generated/` what `ipc-codegen` writes from it; the
//! bridge benchmark loads that main glue. Both fail here when stale: run
//! `IPC_SCHEMA_MODE=write cargo test -p ipc-benches --test bindings`, then
//! `cargo run -p electron-ipc-codegen -- generate benches/bridge/bench-app.json --out benches/bridge/generated`.

use electron_ipc::schema::Schema;
use ipc_benches::BenchService;

const BRIDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/bridge");

#[test]
fn ipc_schema() {
    let schema = Schema::builder("bench-app")
        .service::<BenchService<ipc_benches::Bencher>>()
        .build()
        .expect("the bench service describes itself");
    electron_ipc::schema::export(&schema, BRIDGE).expect(
        "benches/bridge/bench-app.json is current; run \
         `IPC_SCHEMA_MODE=write cargo test -p ipc-benches --test bindings` and commit it",
    );
}

#[test]
fn generated_glue_is_current() {
    let report = electron_ipc_codegen::Config::new()
        .schema(format!("{BRIDGE}/bench-app.json"))
        .out_dir(format!("{BRIDGE}/generated"))
        .check()
        .expect("the schema and the generated folder can be read");
    let diffs: Vec<&str> = report.stale.iter().map(|s| s.diff.as_str()).collect();
    assert!(
        report.is_up_to_date(),
        "benches/bridge/generated is stale: run `cargo run -p electron-ipc-codegen -- generate \
         benches/bridge/bench-app.json --out benches/bridge/generated`\n{}",
        diffs.join("\n")
    );
}
