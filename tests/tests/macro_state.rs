//! `#[ipc(state)]` declarations, through a real `Router`: the generated
//! `<Trait>States` handle publishes each value under the next version, the
//! router answers a window's first read with the latest version, every
//! update goes to the sink as `[version, value]` on the state's channel,
//! values are encoded as strictly as events, and the schema marks the
//! channel `state` (format 6).

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use std::sync::{Arc, Mutex};

use electron_ipc::schema::{ChannelKindSchema, SchemaBuilder};
use electron_ipc::{service, Bytes, EmitError, Emitter, Event, Reply, Router, Target, TS};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
pub struct Todo {
    pub id: u32,
    pub title: String,
}

#[service]
pub trait Todos {
    /// Adds a todo.
    fn add(&self, title: String) -> u32;
    /// The whole list, kept by main.
    #[ipc(state)]
    fn todos() -> Vec<Todo>;
    /// A count that may not fit a JavaScript number.
    #[ipc(state)]
    fn big() -> u64;
    /// A thumbnail, as bytes.
    #[ipc(state, name = "thumbnail")]
    fn picture() -> Bytes;
}

/// A main-js service's state is set from main-process JavaScript; Rust
/// checks each value against its type.
#[service(implemented_in = "main-js")]
pub trait Shell {
    /// Whether the window is maximized.
    #[ipc(state)]
    fn maximized() -> bool;
    fn title(&self) -> String;
}

struct Store {
    states: TodosStates,
}

impl Todos for Store {
    fn add(&self, title: String) -> u32 {
        self.states
            .todos
            .update(|todos| {
                let id = todos.len() as u32 + 1;
                todos.push(Todo { id, title });
                id
            })
            .unwrap()
    }
}

/// A router serving `Store`, and the events its emitter delivered.
fn app() -> (Router, TodosStates, Arc<Mutex<Vec<Event>>>) {
    let emitter = Emitter::new();
    let delivered = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&delivered);
    emitter.connect(move |event: Event| sink.lock().unwrap().push(event));
    let states = TodosStates::new(emitter.clone(), Vec::new(), 0, Bytes::from(vec![1, 2]));
    let router = Router::new()
        .with_emitter(emitter)
        .service(TodosService::new(Store {
            states: states.clone(),
        }))
        .service(ShellService::new());
    (router, states, delivered)
}

fn call(router: &Router, channel: &str, args: &str) -> Value {
    match router.call(channel, args, electron_ipc::Context::new()) {
        Reply::Ready(response) => serde_json::from_str(&response.to_json()).unwrap(),
        Reply::Pending(_) => panic!("{channel}: a state's read answers at once"),
    }
}

#[test]
fn the_first_read_answers_the_latest_version() {
    let (router, states, _) = app();
    assert_eq!(
        call(&router, "todos:todos", "[]"),
        json!({ "ok": true, "value": { "version": 1, "value": [] } })
    );
    states
        .todos
        .set(vec![Todo {
            id: 7,
            title: "milk".into(),
        }])
        .unwrap();
    call(&router, "todos:add", r#"["bread"]"#);
    assert_eq!(
        call(&router, "todos:todos", "[]"),
        json!({ "ok": true, "value": { "version": 3, "value": [
            { "id": 7, "title": "milk" },
            { "id": 2, "title": "bread" },
        ] } })
    );
    assert_eq!(states.todos.version(), 3);
    assert_eq!(states.todos.read(|todos| todos.len()), 2);
    assert!(router.has_channel("todos:todos"));
}

#[test]
fn every_version_goes_to_the_sink_in_order_as_version_and_value() {
    let (router, states, delivered) = app();
    call(&router, "todos:add", r#"["a"]"#);
    states.todos.set(Vec::new()).unwrap();
    let events = delivered.lock().unwrap();
    let todos: Vec<&Event> = events
        .iter()
        .filter(|e| e.channel == "todos:todos")
        .collect();
    let args: Vec<&str> = todos.iter().map(|e| e.args.as_str()).collect();
    assert_eq!(
        args,
        [r#"[1,[]]"#, r#"[2,[{"id":1,"title":"a"}]]"#, r#"[3,[]]"#]
    );
    assert!(todos.iter().all(|e| e.target == Target::All));
}

#[test]
fn the_read_takes_no_arguments() {
    let (router, _, _) = app();
    let envelope = call(&router, "todos:todos", r#"["extra"]"#);
    assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
    let envelope = call(&router, "todos:todos", "not json");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
}

#[test]
fn a_value_beyond_safe_integers_is_refused_and_the_last_version_stays() {
    let (router, states, _) = app();
    states.big.set(1 << 40).unwrap();
    let error = states.big.set(u64::MAX).unwrap_err();
    assert!(matches!(error, EmitError::Serialize(_)), "{error}");
    assert_eq!(
        call(&router, "todos:big", "[]"),
        json!({ "ok": true, "value": { "version": 2, "value": 1u64 << 40 } })
    );
    // `update` keeps the change in Rust but publishes nothing.
    assert!(states.big.update(|n| *n = u64::MAX).is_err());
    assert_eq!(states.big.version(), 2);
}

#[test]
fn bytes_travel_beside_the_json() {
    let (router, _, _) = app();
    match router.call("todos:thumbnail", "[]", electron_ipc::Context::new()) {
        Reply::Ready(response) => {
            assert_eq!(
                response.to_json(),
                r#"{"ok":true,"value":{"version":1,"value":{"$ipcBytes":0}}}"#
            );
            assert_eq!(response.buffers(), [vec![1u8, 2]]);
        }
        Reply::Pending(_) => panic!("a state's read answers at once"),
    }
}

#[test]
fn a_state_without_a_handle_answers_bad_response() {
    let router = Router::new().service(TodosService::new(Store {
        states: TodosStates::new(Emitter::new(), Vec::new(), 0, Bytes::from(Vec::new())),
    }));
    let envelope = call(&router, "todos:todos", "[]");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_RESPONSE");
    assert!(envelope["error"]["message"]
        .as_str()
        .unwrap()
        .contains("States` handle"));
}

#[test]
fn a_main_js_state_is_checked_not_read() {
    let (router, _, _) = app();
    // Main-process JavaScript owns it: the router does not answer its read…
    assert_eq!(
        call(&router, "shell:maximized", "[]")["error"]["code"],
        "ERR_UNKNOWN_CHANNEL"
    );
    // …but checks the values JavaScript sets it to.
    assert!(router.check_event("shell:maximized", "[true]").is_ok());
    let refused = router.check_event("shell:maximized", r#"["yes"]"#);
    assert_eq!(
        refused.error().unwrap().code,
        electron_ipc::ErrorCode::BadArguments
    );
}

#[test]
fn schema_marks_state_channels_and_writes_format_6() {
    let schema = SchemaBuilder::new("state-app")
        .service::<TodosService<Store>>()
        .service::<ShellService>()
        .build()
        .unwrap();
    let todos = &schema
        .services
        .iter()
        .find(|s| s.namespace == "todos")
        .unwrap()
        .channels;
    let state = todos.iter().find(|c| c.js_name == "todos").unwrap();
    assert_eq!(state.kind, ChannelKindSchema::State);
    assert_eq!(state.returns.as_deref(), Some("Array<Todo>"));
    assert!(state.params.is_empty());
    let json: Value = serde_json::from_str(&schema.to_json()).unwrap();
    assert_eq!(json["format"], 6);
    // Without states, the same services keep the format they had.
    let plain = SchemaBuilder::new("plain").build().unwrap();
    assert_eq!(plain.format, 1);
}

/// The code generator's golden case for states
/// (`ipc-codegen/tests/fixtures/state`) is the schema of these services:
/// refresh it with `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test
/// macro_state`, then re-bless the golden files
/// (`IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`).
#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("state-app")
        .service::<TodosService<Store>>()
        .service::<ShellService>()
        .build()
        .expect("the services describe themselves");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ipc-codegen/tests/fixtures/state/schemas"
    );
    std::fs::create_dir_all(dir).unwrap();
    electron_ipc::schema::export(&schema, dir).expect(
        "ipc-codegen/tests/fixtures/state/schemas/state-app.json is current; run \
         `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test macro_state` and commit it",
    );
}
