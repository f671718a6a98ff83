//! Generated handlers, called through a real `Router`: decoding, sync and
//! async methods, typed errors, the context, sends, naming.

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use std::sync::Mutex;

use electron_ipc::{service, Context, ErrorCode, Request, Response, Router, Sender, TS};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
pub struct Todo {
    id: u32,
    title: String,
    done: bool,
}

#[derive(Serialize, TS, Debug)]
pub enum TodoError {
    NotFound { id: u32 },
    Empty,
}

#[service]
pub trait Todos {
    async fn add(&self, title: String) -> Result<Todo, TodoError>;
    fn count(&self) -> u32;
    fn get(&self, id: u32) -> Result<Todo, TodoError>;
    async fn rename(&self, ctx: &Context, id: u32, title: String) -> Result<(), TodoError>;
    fn whoami(&self, ctx: &Context) -> Option<u32>;
    fn clear_all(&self);
    fn set_done_flags(&self, ids: Vec<u32>, done_state: bool) -> usize;
    #[ipc(send)]
    fn log(&self, line: String);
    #[ipc(send)]
    async fn log_later(&self, ctx: &Context, line: String);
    #[ipc(name = "size")]
    fn total(&self) -> u32;
    #[ipc(event)]
    fn changed(todo: Todo);
}

#[derive(Default)]
struct Store {
    todos: Mutex<Vec<Todo>>,
    log: Mutex<Vec<String>>,
    renamed_by: Mutex<Option<u32>>,
}

impl Todos for Store {
    async fn add(&self, title: String) -> Result<Todo, TodoError> {
        if title.is_empty() {
            return Err(TodoError::Empty);
        }
        let mut todos = self.todos.lock().unwrap();
        let todo = Todo {
            id: todos.len() as u32 + 1,
            title,
            done: false,
        };
        todos.push(todo.clone());
        Ok(todo)
    }
    fn count(&self) -> u32 {
        self.todos.lock().unwrap().len() as u32
    }
    fn get(&self, id: u32) -> Result<Todo, TodoError> {
        let todos = self.todos.lock().unwrap();
        todos
            .iter()
            .find(|t| t.id == id)
            .cloned()
            .ok_or(TodoError::NotFound { id })
    }
    async fn rename(&self, ctx: &Context, id: u32, title: String) -> Result<(), TodoError> {
        *self.renamed_by.lock().unwrap() = ctx.sender().map(|s| s.web_contents_id);
        let mut todos = self.todos.lock().unwrap();
        let todo = todos
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or(TodoError::NotFound { id })?;
        todo.title = title;
        Ok(())
    }
    fn whoami(&self, ctx: &Context) -> Option<u32> {
        ctx.sender().map(|s| s.web_contents_id)
    }
    fn clear_all(&self) {
        self.todos.lock().unwrap().clear();
    }
    fn set_done_flags(&self, ids: Vec<u32>, done_state: bool) -> usize {
        let mut todos = self.todos.lock().unwrap();
        let mut changed = 0;
        for todo in todos.iter_mut().filter(|t| ids.contains(&t.id)) {
            todo.done = done_state;
            changed += 1;
        }
        changed
    }
    fn log(&self, line: String) {
        self.log.lock().unwrap().push(line);
    }
    async fn log_later(&self, ctx: &Context, line: String) {
        let origin = ctx
            .sender()
            .map_or("rust", |s| s.origin.as_str())
            .to_owned();
        self.log.lock().unwrap().push(format!("{origin}: {line}"));
    }
    fn total(&self) -> u32 {
        self.count()
    }
}

fn router() -> (Router, std::sync::Arc<Store>) {
    let store = std::sync::Arc::new(Store::default());
    let router = Router::new().service(TodosService::from_arc(store.clone()));
    (router, store)
}

async fn call(router: &Router, channel: &str, args: &str) -> Response {
    router.dispatch(Request::new(channel, args)).await
}

fn envelope(response: &Response) -> Value {
    serde_json::from_str(&response.to_json()).unwrap()
}

#[tokio::test]
async fn async_invoke_returns_the_value() {
    let (router, store) = router();
    let response = call(&router, "todos:add", r#"["milk"]"#).await;
    assert_eq!(
        envelope(&response),
        json!({ "ok": true, "value": { "id": 1, "title": "milk", "done": false } })
    );
    assert_eq!(store.count(), 1);
}

#[tokio::test]
async fn sync_invoke_answers_at_once() {
    let (router, _) = router();
    call(&router, "todos:add", r#"["milk"]"#).await;
    let reply = router.call("todos:count", "[]", Context::new());
    assert!(matches!(reply, electron_ipc::Reply::Ready(_)), "{reply:?}");
    assert_eq!(
        envelope(&reply.into_response().await),
        json!({ "ok": true, "value": 1 })
    );
}

#[tokio::test]
async fn async_invoke_is_pending() {
    let (router, _) = router();
    let reply = router.call("todos:add", r#"["eggs"]"#, Context::new());
    assert!(
        matches!(reply, electron_ipc::Reply::Pending(_)),
        "{reply:?}"
    );
    assert!(reply.into_response().await.is_ok());
}

#[tokio::test]
async fn typed_errors_are_handler_errors_with_data() {
    let (router, _) = router();
    let response = call(&router, "todos:get", "[7]").await;
    let error = response.error().expect("an error");
    assert_eq!(error.code, ErrorCode::Handler);
    assert_eq!(
        envelope(&response)["error"]["data"],
        json!({ "NotFound": { "id": 7 } })
    );

    let response = call(&router, "todos:add", r#"[""]"#).await;
    assert_eq!(envelope(&response)["error"]["data"], json!("Empty"));
    assert_eq!(envelope(&response)["error"]["code"], json!("ERR_HANDLER"));
}

#[tokio::test]
async fn unit_results_and_returns_are_null() {
    let (router, store) = router();
    call(&router, "todos:add", r#"["milk"]"#).await;
    let response = call(&router, "todos:rename", r#"[1, "oat milk"]"#).await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": null }));
    assert_eq!(store.get(1).unwrap().title, "oat milk");

    let response = call(&router, "todos:clearAll", "[]").await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": null }));
    assert_eq!(store.count(), 0);
}

#[tokio::test]
async fn the_handler_sees_the_sender() {
    let (router, store) = router();
    let ctx =
        Context::from_sender(Sender::new(42, 7, 1).with_location("app://main/", "app://main"));
    let response = router
        .dispatch(Request::new("todos:whoami", "[]").with_context(ctx.clone()))
        .await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": 42 }));

    // Without a sender (a call made from Rust), the handler sees none.
    let response = call(&router, "todos:whoami", "[]").await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": null }));

    // The context reaches async handlers too, and is not an argument.
    call(&router, "todos:add", r#"["milk"]"#).await;
    let response = router
        .dispatch(Request::new("todos:rename", r#"[1, "tea"]"#).with_context(ctx))
        .await;
    assert!(response.is_ok(), "{}", response.to_json());
    assert_eq!(*store.renamed_by.lock().unwrap(), Some(42));
}

#[tokio::test]
async fn sends_answer_null_after_the_side_effect() {
    let (router, store) = router();
    let response = call(&router, "todos:log", r#"["hello"]"#).await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": null }));
    let ctx = Context::from_sender(Sender::new(1, 1, 1).with_location("app://x/", "app://x"));
    let response = router
        .dispatch(Request::new("todos:logLater", r#"["later"]"#).with_context(ctx))
        .await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": null }));
    assert_eq!(*store.log.lock().unwrap(), ["hello", "app://x: later"]);
}

#[tokio::test]
async fn names_are_lower_camel_case_and_renames_apply() {
    let (router, store) = router();
    call(&router, "todos:add", r#"["a"]"#).await;
    call(&router, "todos:add", r#"["b"]"#).await;
    let response = call(&router, "todos:setDoneFlags", "[[1, 2], true]").await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": 2 }));
    assert!(store.get(2).unwrap().done);

    assert!(router.has_channel("todos:size"));
    assert!(!router.has_channel("todos:total"));
    assert!(!router.has_channel("todos:set_done_flags"));
    // Events are not callable.
    assert!(!router.has_channel("todos:changed"));
    let response = call(&router, "todos:size", "[]").await;
    assert_eq!(envelope(&response), json!({ "ok": true, "value": 2 }));
}

#[tokio::test]
async fn bad_arguments_name_the_parameter() {
    let (router, store) = router();
    let response = call(&router, "todos:setDoneFlags", r#"[[1], "yes"]"#).await;
    let error = response.error().expect("an error");
    assert_eq!(error.code, ErrorCode::BadArguments);
    let data = &envelope(&response)["error"]["data"];
    assert_eq!(data["index"], json!(1));
    assert_eq!(data["argument"], json!("doneState"));
    assert!(error.message.contains("doneState"), "{}", error.message);

    let response = call(&router, "todos:add", "[1]").await;
    assert_eq!(response.error().unwrap().code, ErrorCode::BadArguments);
    let response = call(&router, "todos:add", "[]").await;
    assert_eq!(response.error().unwrap().code, ErrorCode::BadArguments);
    // Nothing ran.
    assert_eq!(store.count(), 0);
}
