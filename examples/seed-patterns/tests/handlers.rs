//! The three services are implemented in main-process JavaScript, but the
//! router of this crate checks every call first: called here as the page
//! calls it, with `electron_ipc::testing::TestClient`, no Electron needed.

use electron_ipc::testing::TestClient;
use electron_ipc::{BadArguments, ErrorCode};
use seed_patterns_example::router;

#[tokio::test]
async fn calls_that_decode_as_the_rust_types_pass_on_to_the_javascript_handler() {
    let client = TestClient::new(router());
    // A main-js channel answers `null` once its arguments decode: the glue then runs the handler.
    client.send("titleBar:setTitle", ("Hello",)).await.unwrap();
    client.invoke::<()>("files:openFile", ()).await.unwrap();
    client.send("counter:counterValue", (-3,)).await.unwrap();
}

#[tokio::test]
async fn calls_that_do_not_decode_never_reach_it() {
    let client = TestClient::new(router());
    let title = client.send("titleBar:setTitle", (42,)).await.unwrap_err();
    assert_eq!(title.code, ErrorCode::BadArguments);
    let data: BadArguments = title.data_as().unwrap();
    assert_eq!(data.argument.as_deref(), Some("title"));

    let counter = client
        .send("counter:counterValue", (i64::from(i32::MAX) + 1,))
        .await
        .unwrap_err();
    assert_eq!(counter.code, ErrorCode::BadArguments);

    let extra = client
        .invoke::<()>("files:openFile", ("/etc/passwd",))
        .await
        .unwrap_err();
    assert_eq!(extra.data_as::<BadArguments>().unwrap().received, Some(1));
}

#[test]
fn the_event_main_emits_is_checked_against_its_rust_type() {
    let client = TestClient::new(router());
    assert!(client
        .router()
        .check_event("counter:updateCounter", "[1]")
        .is_ok());
    let refused = client
        .router()
        .check_event("counter:updateCounter", r#"["1"]"#);
    assert_eq!(refused.error().unwrap().code, ErrorCode::BadArguments);
}
