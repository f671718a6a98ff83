//! The todo service through its router, called as the page calls it (JSON
//! arguments in, the envelope out) with `electron_ipc::testing::TestClient`:
//! no Electron, no JavaScript.

use electron_ipc::testing::TestClient;
use electron_ipc::{Context, ErrorCode, Sender, Target};
use serde_json::json;
use todos_example::{router, Todo, TodoError, MAX_TITLE_CHARS};

fn todo(id: u32, title: &str, done: bool) -> Todo {
    Todo {
        id,
        title: title.to_owned(),
        done,
    }
}

#[tokio::test]
async fn adding_answers_the_todo_and_tells_every_window() {
    let client = TestClient::new(router());
    let added: Todo = client.invoke("todos:add", ("  milk ",)).await.unwrap();
    assert_eq!(added, todo(1, "milk", false));
    let events = client.events();
    assert_eq!(events.len(), 1, "the state's new version, and nothing else");
    assert!(events.iter().all(|event| event.target == Target::All));
    assert_eq!(
        client.events_on::<(u64, Vec<Todo>)>("todos:todos"),
        [(2, vec![added])]
    );
}

/// The state `todos` as a window reads it when it starts following.
#[derive(serde::Deserialize, Debug, PartialEq)]
struct StateRead {
    version: u64,
    value: Vec<Todo>,
}

#[tokio::test]
async fn every_change_publishes_the_whole_list_as_the_next_version() {
    let client = TestClient::new(router());
    let first: StateRead = client.invoke("todos:todos", ()).await.unwrap();
    assert_eq!(
        first,
        StateRead {
            version: 1,
            value: Vec::new()
        }
    );
    for title in ["milk", "bread"] {
        client.invoke::<Todo>("todos:add", (title,)).await.unwrap();
    }
    client.invoke::<Todo>("todos:toggle", (1,)).await.unwrap();
    client.invoke::<()>("todos:remove", (2,)).await.unwrap();
    // A refused call changes nothing, and publishes nothing.
    client
        .invoke::<Todo>("todos:toggle", (9,))
        .await
        .unwrap_err();
    let versions: Vec<u64> = client
        .events_on::<(u64, Vec<Todo>)>("todos:todos")
        .into_iter()
        .map(|(version, _)| version)
        .collect();
    assert_eq!(versions, [2, 3, 4, 5]);
    let now: StateRead = client.invoke("todos:todos", ()).await.unwrap();
    assert_eq!(
        now,
        StateRead {
            version: 5,
            value: vec![todo(1, "milk", true)]
        }
    );
}

#[tokio::test]
async fn the_typed_errors_reach_the_page_as_data() {
    let client = TestClient::new(router());
    let empty = client
        .invoke::<Todo>("todos:add", ("   ",))
        .await
        .unwrap_err();
    assert_eq!(empty.code, ErrorCode::Handler);
    assert_eq!(empty.data_as::<TodoError>().unwrap(), TodoError::EmptyTitle);

    let long = "x".repeat(MAX_TITLE_CHARS + 1);
    let too_long = client
        .invoke::<Todo>("todos:add", (long,))
        .await
        .unwrap_err();
    assert_eq!(
        too_long.data_as::<TodoError>().unwrap(),
        TodoError::TitleTooLong {
            max: MAX_TITLE_CHARS as u32,
            length: MAX_TITLE_CHARS as u32 + 1
        }
    );

    let missing = client
        .invoke::<Todo>("todos:toggle", (9,))
        .await
        .unwrap_err();
    assert_eq!(
        missing.data_as::<TodoError>().unwrap(),
        TodoError::NotFound { id: 9 }
    );
    assert!(
        client.events().is_empty(),
        "a refused call announces nothing"
    );
}

#[tokio::test]
async fn toggling_renaming_and_clearing_publish_each_change() {
    let client = TestClient::new(router());
    for title in ["milk", "bread", "eggs"] {
        client.invoke::<Todo>("todos:add", (title,)).await.unwrap();
    }
    client.take_events();
    let list = |client: &TestClient| -> Vec<Vec<Todo>> {
        client
            .events_on::<(u64, Vec<Todo>)>("todos:todos")
            .into_iter()
            .map(|(_, todos)| todos)
            .collect()
    };
    let toggled: Todo = client.invoke("todos:toggle", (2,)).await.unwrap();
    assert!(toggled.done);
    let renamed: Todo = client
        .invoke("todos:rename", (1, "oat milk"))
        .await
        .unwrap();
    assert_eq!(renamed.title, "oat milk");
    let cleared: u32 = client.invoke("todos:clearCompleted", ()).await.unwrap();
    assert_eq!(cleared, 1);
    // Clearing with nothing done changes nothing, and publishes nothing.
    let cleared: u32 = client.invoke("todos:clearCompleted", ()).await.unwrap();
    assert_eq!(cleared, 0);
    assert_eq!(
        list(&client),
        [
            vec![
                todo(1, "milk", false),
                todo(2, "bread", true),
                todo(3, "eggs", false)
            ],
            vec![
                todo(1, "oat milk", false),
                todo(2, "bread", true),
                todo(3, "eggs", false)
            ],
            vec![todo(1, "oat milk", false), todo(3, "eggs", false)],
        ]
    );
    let count: u32 = client.invoke("todos:count", ()).await.unwrap();
    assert_eq!(count, 2);
    client.invoke::<()>("todos:remove", (3,)).await.unwrap();
    assert_eq!(
        list(&client).last().unwrap(),
        &vec![todo(1, "oat milk", false)]
    );
}

#[tokio::test]
async fn what_a_page_cannot_send_is_refused_before_the_handler() {
    let client = TestClient::new(router());
    let wrong_type = client
        .invoke::<Todo>("todos:toggle", ("1",))
        .await
        .unwrap_err();
    assert_eq!(wrong_type.code, ErrorCode::BadArguments);
    assert_eq!(
        wrong_type.data_as::<serde_json::Value>().unwrap()["argument"],
        "id"
    );
    let arity = client.call("todos:add", json!([])).await;
    assert_eq!(arity.error().unwrap().code, ErrorCode::BadArguments);
    let unknown = client.call_json("todos:drop", "[]").await;
    assert_eq!(unknown.error().unwrap().code, ErrorCode::UnknownChannel);
    // The decoded value must be the type the test asks for.
    let mismatch = client
        .invoke::<String>("todos:count", ())
        .await
        .unwrap_err();
    assert_eq!(mismatch.code, ErrorCode::BadResponse);
    assert!(
        mismatch.message.contains("todos:count"),
        "{}",
        mismatch.message
    );
}

#[tokio::test]
async fn a_send_from_a_page_is_accepted_with_its_sender() {
    let page = Sender::new(1, 2, 3).with_location("app://main/index.html", "app://main");
    let client = TestClient::new(router()).from_sender(page);
    client.send("todos:log", ("hello",)).await.unwrap();
    let refused = client.send("todos:log", (1,)).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::BadArguments);
}

#[tokio::test]
async fn the_report_lists_every_todo_one_step_each() {
    let client = TestClient::new(router());
    let empty: String = client.invoke("todos:report", ()).await.unwrap();
    assert_eq!(empty, "Nothing to do.");
    let _: Todo = client.invoke("todos:add", ("milk",)).await.unwrap();
    let _: Todo = client.invoke("todos:add", ("bread",)).await.unwrap();
    let _: Todo = client.invoke("todos:toggle", (1,)).await.unwrap();
    let started = std::time::Instant::now();
    let report: String = client.invoke("todos:report", ()).await.unwrap();
    assert_eq!(report, "[x] milk\n[ ] bread");
    assert!(started.elapsed() >= todos_example::REPORT_STEP * 2);
}

#[tokio::test]
async fn the_streamed_report_gives_each_line_with_its_progress_and_stops_when_dropped() {
    use futures_util::StreamExt;

    let router = router();
    let client = TestClient::new(router.clone());
    let _: Todo = client.invoke("todos:add", ("milk",)).await.unwrap();
    let _: Todo = client.invoke("todos:add", ("bread",)).await.unwrap();
    let _: Todo = client.invoke("todos:toggle", (1,)).await.unwrap();
    let open = || async {
        router
            .open_stream("todos:reportLines", "[]", Context::new())
            .into_result()
            .await
            .expect("the report opens")
    };
    let started = std::time::Instant::now();
    let lines: Vec<serde_json::Value> = open()
        .await
        .map(|response| serde_json::from_str::<serde_json::Value>(&response.to_json()).unwrap())
        .collect()
        .await;
    assert_eq!(
        lines,
        [
            json!({ "ok": true, "value": { "line": "[x] milk", "done": 1, "total": 2 } }),
            json!({ "ok": true, "value": { "line": "[ ] bread", "done": 2, "total": 2 } }),
        ]
    );
    assert!(started.elapsed() >= todos_example::REPORT_STEP * 2);
    // Dropped after its first line: the second step never runs.
    let mut report = open().await;
    let first = report.next().await.expect("a first line");
    assert!(first.is_ok());
    drop(report);
    assert_eq!(router.open_streams(None), 0);
}
