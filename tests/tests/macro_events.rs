//! The generated event emitters: targets, channels and argument arrays.

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use std::sync::{Arc, Mutex};

use electron_ipc::{
    service, Context, EmitError, Emitter, Event, Request, Router, Sender, Target, TS,
};
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Serialize, TS, Clone)]
pub struct Todo {
    id: u32,
    title: String,
}

#[service]
pub trait Todos {
    fn touch(&self, ctx: &Context, id: u32);
    #[ipc(event)]
    fn cleared();
    #[ipc(event)]
    fn changed(todo: Todo);
    #[ipc(event, name = "moved")]
    fn todo_moved(id: u32, from_index: u32, to_index: u32);
    #[ipc(event)]
    fn big(value: u64);
}

fn recording(emitter: &Emitter) -> Arc<Mutex<Vec<Event>>> {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    emitter.connect(move |event: Event| sink.lock().unwrap().push(event));
    events
}

fn args(event: &Event) -> Value {
    serde_json::from_str(&event.args).unwrap()
}

#[test]
fn events_carry_their_arguments_as_an_array() {
    let emitter = Emitter::new();
    let recorded = recording(&emitter);
    let events = TodosEvents::new(emitter);
    let todo = Todo {
        id: 3,
        title: "milk".into(),
    };

    events.cleared(Target::All).unwrap();
    events.changed(Target::All, &todo).unwrap();
    events
        .todo_moved(Target::WebContents { id: 9 }, &3, &0, &2)
        .unwrap();

    let recorded = recorded.lock().unwrap();
    assert_eq!(recorded.len(), 3);
    assert_eq!(recorded[0].channel, "todos:cleared");
    assert_eq!(args(&recorded[0]), json!([]));
    assert_eq!(recorded[0].target, Target::All);
    assert_eq!(recorded[1].channel, "todos:changed");
    assert_eq!(args(&recorded[1]), json!([{ "id": 3, "title": "milk" }]));
    assert_eq!(recorded[2].channel, "todos:moved");
    assert_eq!(args(&recorded[2]), json!([3, 0, 2]));
    assert_eq!(recorded[2].target, Target::WebContents { id: 9 });
}

#[test]
fn an_unconnected_emitter_says_so() {
    let events = TodosEvents::new(Emitter::new());
    assert!(matches!(
        events.cleared(Target::All),
        Err(EmitError::NotConnected)
    ));
}

#[test]
fn payloads_javascript_cannot_hold_are_refused() {
    let emitter = Emitter::new();
    let recorded = recording(&emitter);
    let events = TodosEvents::new(emitter);
    events.big(Target::All, &(1 << 53)).unwrap_err();
    events.big(Target::All, &((1 << 53) - 1)).unwrap();
    let recorded = recorded.lock().unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(args(&recorded[0]), json!([9007199254740991u64]));
}

// A handler that answers its caller only, through the router's emitter.
struct Store {
    events: TodosEvents,
}

impl Todos for Store {
    fn touch(&self, ctx: &Context, id: u32) {
        let todo = Todo {
            id,
            title: String::from("touched"),
        };
        if let Some(caller) = Target::caller(ctx) {
            self.events.changed(caller, &todo).unwrap();
        }
    }
}

#[tokio::test]
async fn a_handler_can_emit_to_its_caller() {
    let emitter = Emitter::new();
    let recorded = recording(&emitter);
    let router = Router::new()
        .with_emitter(emitter.clone())
        .service(TodosService::new(Store {
            events: TodosEvents::new(emitter),
        }));
    let ctx = Context::from_sender(Sender::new(4, 11, 2));
    let response = router
        .dispatch(Request::new("todos:touch", "[5]").with_context(ctx))
        .await;
    assert!(response.is_ok(), "{}", response.to_json());
    let recorded = recorded.lock().unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].target,
        Target::Frame {
            process_id: 11,
            frame_id: 2
        }
    );
    assert_eq!(args(&recorded[0]), json!([{ "id": 5, "title": "touched" }]));
}

// Events of a service implemented in main-process JavaScript: emitted from
// JavaScript, so their arguments are checked by `Router::check_event`.

#[derive(Serialize, serde::Deserialize, TS, Clone)]
pub struct Bounds {
    width: u32,
    height: u32,
}

#[service(implemented_in = "main-js", namespace = "win")]
pub trait Window {
    fn close(&self, force: bool);
    #[ipc(event)]
    fn resized(id: u32, bounds: Bounds);
    #[ipc(event)]
    fn blurred();
}

fn checked(router: &Router, channel: &str, args: &str) -> Value {
    serde_json::from_str(&router.check_event(channel, args).into_json()).unwrap()
}

#[test]
fn main_js_event_payloads_are_checked_against_the_rust_types() {
    let router = Router::new().service(WindowService::new());
    assert_eq!(
        checked(&router, "win:resized", r#"[3,{"width":800,"height":600}]"#),
        json!({ "ok": true, "value": null })
    );
    assert_eq!(
        checked(&router, "win:blurred", "[]"),
        json!({ "ok": true, "value": null })
    );

    let refused = checked(
        &router,
        "win:resized",
        r#"[3,{"width":800,"height":"tall"}]"#,
    );
    assert_eq!(refused["ok"], false);
    assert_eq!(refused["error"]["code"], "ERR_BAD_ARGUMENTS");
    assert_eq!(refused["error"]["data"]["argument"], "bounds");
    assert_eq!(refused["error"]["data"]["index"], 1);
    assert_eq!(refused["error"]["data"]["path"], "height");

    let negative = checked(&router, "win:resized", r#"[-1,{"width":1,"height":1}]"#);
    assert_eq!(negative["error"]["data"]["argument"], "id");

    let arity = checked(&router, "win:blurred", "[1]");
    assert_eq!(arity["error"]["code"], "ERR_BAD_ARGUMENTS");
    assert_eq!(arity["error"]["data"]["expected"], 0);
    assert_eq!(arity["error"]["data"]["received"], 1);

    let malformed = checked(&router, "win:resized", "[3,");
    assert_eq!(malformed["error"]["code"], "ERR_BAD_ARGUMENTS");
}

#[tokio::test]
async fn event_checks_are_not_calls_and_calls_are_not_event_checks() {
    let router = Router::new().service(WindowService::new());
    // An event channel is never served as a call from the renderer...
    let response = router.dispatch(Request::new("win:blurred", "[]")).await;
    assert_eq!(
        response.error().map(|e| e.code),
        Some(electron_ipc::ErrorCode::UnknownChannel)
    );
    assert!(!router.has_channel("win:resized"));
    // ... and a call channel is not an event to check.
    let call = checked(&router, "win:close", "[true]");
    assert_eq!(call["error"]["code"], "ERR_UNKNOWN_CHANNEL");
}

#[test]
fn rust_services_events_have_no_check() {
    let router = Router::new()
        .service(TodosService::new(Store {
            events: TodosEvents::new(Emitter::new()),
        }))
        .merge(Router::new().service(WindowService::new()));
    // Typed by construction: Rust's emitter is the only way to send them.
    let refused = checked(&router, "todos:cleared", "[]");
    assert_eq!(refused["error"]["code"], "ERR_UNKNOWN_CHANNEL");
    assert_eq!(refused["error"]["data"]["channel"], "todos:cleared");
    assert_eq!(
        checked(&router, "nowhere:at-all", "[]")["error"]["code"],
        "ERR_UNKNOWN_CHANNEL"
    );
    // Merged routers keep the checks of their main-js services.
    assert_eq!(checked(&router, "win:blurred", "[]")["ok"], true);
}

#[test]
fn event_checks_obey_the_size_limit() {
    let router = Router::new()
        .service(WindowService::new())
        .limits(electron_ipc::Limits::default().max_payload_bytes(16));
    let refused = checked(&router, "win:resized", r#"[3,{"width":800,"height":600}]"#);
    assert_eq!(refused["error"]["code"], "ERR_PAYLOAD_TOO_LARGE");
    assert_eq!(refused["error"]["data"]["limit"], 16);
}
