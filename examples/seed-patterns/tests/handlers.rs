//! The three main-js services are implemented in main-process JavaScript, but the
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

#[tokio::test]
async fn the_worker_reports_each_step_then_ends_and_caps_the_job() {
    use electron_ipc::Context;
    use futures_util::StreamExt;

    let router = router();
    let reports = |steps: u32| {
        let opened = router.open_stream("worker:run", &format!("[{steps}]"), Context::new());
        async move {
            let stream = opened.into_result().await.expect("the job starts");
            stream
                .map(|response| response.to_json())
                .collect::<Vec<String>>()
                .await
        }
    };
    assert_eq!(
        reports(2).await,
        [
            r#"{"ok":true,"value":{"step":1,"steps":2}}"#,
            r#"{"ok":true,"value":{"step":2,"steps":2}}"#,
        ]
    );
    assert!(reports(0).await.is_empty());
    // A page cannot ask for more than MAX_STEPS: the first report says so.
    let mut huge = router
        .open_stream("worker:run", "[4000000000]", Context::new())
        .into_result()
        .await
        .unwrap();
    let first = huge.next().await.unwrap().to_json();
    assert_eq!(
        first,
        format!(
            r#"{{"ok":true,"value":{{"step":1,"steps":{}}}}}"#,
            seed_patterns_example::MAX_STEPS
        )
    );
    let refused = router
        .open_stream("worker:run", r#"["many"]"#, Context::new())
        .into_result()
        .await
        .unwrap_err();
    assert!(!refused.is_ok());
}

/// Pattern 6, page → main: the digest of the chunks the page sends, read
/// here from a feed as the main glue fills it.
#[tokio::test]
async fn the_digest_of_an_upload_is_its_size_and_sha256() {
    use seed_patterns_example::{Digest, Job, UploadError, Worker};

    let (chunks, feed) = electron_ipc::Incoming::channel("worker:digest");
    feed.push(r#"{"$ipcBytes":0}"#, &[b"ab"], None).unwrap();
    feed.push(r#"{"$ipcBytes":0}"#, &[b"c"], None).unwrap();
    feed.end();
    assert_eq!(
        Job.digest(chunks).await,
        Ok(Digest {
            chunks: 2,
            size: 3,
            // sha256("abc"), the FIPS 180-2 example.
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".to_owned(),
        })
    );

    let (nothing, feed) = electron_ipc::Incoming::channel("worker:digest");
    feed.end();
    assert_eq!(Job.digest(nothing).await, Err(UploadError::Empty));

    let (refused, feed) = electron_ipc::Incoming::channel("worker:digest");
    feed.push(r#""not bytes""#, &[], None).unwrap_err();
    let Err(UploadError::Broken(why)) = Job.digest(refused).await else {
        panic!("a refused chunk breaks the upload");
    };
    assert!(why.contains("item 0"), "{why}");
}
