//! Writes `schema/seed-patterns.json` (or, in CI, checks that it is current).

use electron_ipc::schema::{Int64, SchemaBuilder};
use seed_patterns_example::{
    CounterService, FilesService, Job, PeersService, TitleBarService, WorkerService,
};

#[test]
fn ipc_schema() {
    // The file's size is a `u64`: the page gets it as an exact `bigint`.
    let schema = SchemaBuilder::new("seed-patterns")
        .int64(Int64::BigInt)
        .service::<TitleBarService>()
        .service::<FilesService>()
        .service::<CounterService>()
        .service::<WorkerService<Job>>()
        .service::<PeersService>()
        .build()
        .expect("the services describe themselves");
    electron_ipc::schema::export(
        &schema,
        concat!(env!("CARGO_MANIFEST_DIR"), "/schema"),
    )
    .expect("examples/seed-patterns/schema/seed-patterns.json is current; run `cargo test -p seed-patterns-example` and commit it");
}
