//! Writes `tests/security/schema/security-app.json`, the schema of the
//! attacked router (or, in CI, checks that it is current). The JavaScript
//! half of the suite generates its preload and main glue from it.

use ipc_tests::security::service;

#[test]
fn ipc_schema() {
    let schema = service::build_router()
        .schema("security-app")
        .expect("the attacked services describe themselves");
    electron_ipc::schema::export(
        &schema,
        concat!(env!("CARGO_MANIFEST_DIR"), "/security/schema"),
    )
    .expect(
        "tests/security/schema/security-app.json is current; run `cargo test -p ipc-tests --test \
         security_schema` and commit it",
    );
}
