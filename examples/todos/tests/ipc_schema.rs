//! Writes `schema/todo-app.json` (or, in CI, checks that it is current).

use electron_ipc::schema::SchemaBuilder;
use todos_example::{Store, TodosService};

#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("todo-app")
        .service::<TodosService<Store>>()
        .build()
        .expect("the todo service describes itself");
    electron_ipc::schema::export(
        &schema,
        concat!(env!("CARGO_MANIFEST_DIR"), "/schema"),
    )
    .expect("examples/todos/schema/todo-app.json is current; run `cargo test -p todos-example` and commit it");
}
