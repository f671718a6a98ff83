//! Writes `schema/seed-patterns.json` (or, in CI, checks that it is current).

use electron_ipc::schema::SchemaBuilder;
use seed_patterns_example::{
    CounterService, FilesService, Job, PeersService, TitleBarService, WorkerService,
};

#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("seed-patterns")
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
