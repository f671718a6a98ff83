//! `#[ipc(relay)]` declarations, through a real `Router`: the route of a
//! relay decodes the payload the sending page gave with the declared types
//! and answers it encoded again (what main delivers), a request's answer is
//! checked the same way on `<channel>#answer`, both in Rust and main-js
//! services, and the schema marks the channels `relay` (format 7).

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use electron_ipc::schema::{ChannelKindSchema, SchemaBuilder};
use electron_ipc::{service, Bytes, Context, ErrorCode, Reply, Response, Router, TS};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: String,
    pub dark: bool,
}

#[service]
pub trait Prefs {
    /// Reads a preference (an ordinary invoke beside the relays).
    fn get(&self, key: String) -> String;
    /// Tells the windows of a role that the theme changed.
    #[ipc(relay)]
    fn theme_changed(theme: Theme);
    /// Asks a window of a role a question; it answers yes or no.
    #[ipc(relay)]
    fn confirm(question: String, timeout_hint: u32) -> bool;
    /// Bytes and a 64-bit count in a relay.
    #[ipc(relay, capability = "files")]
    fn blob(data: Bytes, size: u64);
}

/// A main-js service's relays are routed the same way.
#[service(implemented_in = "main-js")]
pub trait Shell {
    #[ipc(relay)]
    fn pick(options: Vec<String>) -> Option<String>;
    /// The window's title (a handler of main-process JavaScript beside the relay).
    fn title(&self) -> String;
}

struct Impl;

impl Prefs for Impl {
    fn get(&self, key: String) -> String {
        key
    }
}

fn router() -> Router {
    Router::new()
        .service(PrefsService::new(Impl))
        .service(ShellService)
}

fn ready(reply: Reply) -> Response {
    match reply {
        Reply::Ready(response) => response,
        Reply::Pending(_) => panic!("a relay's route answers at once"),
    }
}

fn call(router: &Router, channel: &str, args: Value) -> Value {
    let response = ready(router.call(channel, &args.to_string(), Context::default()));
    serde_json::from_str(&response.to_json()).unwrap()
}

#[test]
fn a_relay_payload_is_decoded_and_encoded_again() {
    let router = router();
    // Unknown properties are dropped: only what the type declares is delivered.
    let answer = call(
        &router,
        "prefs:themeChanged",
        json!([{ "name": "dark", "dark": true, "__proto__": { "x": 1 }, "extra": 2 }]),
    );
    assert_eq!(
        answer,
        json!({ "ok": true, "value": [{ "name": "dark", "dark": true }] })
    );
    let answer = call(&router, "prefs:confirm", json!(["Quit?", 5]));
    assert_eq!(answer, json!({ "ok": true, "value": ["Quit?", 5] }));
}

#[test]
fn a_bad_payload_is_refused_with_the_argument_and_path() {
    let router = router();
    let answer = call(
        &router,
        "prefs:themeChanged",
        json!([{ "name": 3, "dark": true }]),
    );
    assert_eq!(answer["ok"], json!(false));
    assert_eq!(answer["error"]["code"], json!("ERR_BAD_ARGUMENTS"));
    assert_eq!(answer["error"]["data"]["argument"], json!("theme"));
    let answer = call(&router, "prefs:confirm", json!(["Quit?"]));
    assert_eq!(answer["error"]["code"], json!("ERR_BAD_ARGUMENTS"));
    let answer = call(&router, "prefs:confirm", json!(["Quit?", -1]));
    assert_eq!(answer["error"]["code"], json!("ERR_BAD_ARGUMENTS"));
}

#[test]
fn a_request_answer_is_checked_on_its_own_route() {
    let router = router();
    assert!(router.has_channel("prefs:confirm#answer"));
    // A one-way relay has no answer route.
    assert!(!router.has_channel("prefs:themeChanged#answer"));
    let answer = call(&router, "prefs:confirm#answer", json!([true]));
    assert_eq!(answer, json!({ "ok": true, "value": [true] }));
    let answer = call(&router, "prefs:confirm#answer", json!(["yes"]));
    assert_eq!(answer["error"]["code"], json!("ERR_BAD_ARGUMENTS"));
    // A main-js service's too.
    let answer = call(&router, "shell:pick#answer", json!([null]));
    assert_eq!(answer, json!({ "ok": true, "value": [null] }));
    let answer = call(&router, "shell:pick", json!([["a", "b"]]));
    assert_eq!(answer, json!({ "ok": true, "value": [["a", "b"]] }));
    let answer = call(&router, "shell:pick", json!([["a", 1]]));
    assert_eq!(answer["error"]["code"], json!("ERR_BAD_ARGUMENTS"));
}

#[test]
fn bytes_in_a_relay_come_back_as_bytes() {
    let router = router();
    let buffers: Vec<&[u8]> = vec![&[1, 2, 3]];
    let response = ready(router.call_with_buffers(
        "prefs:blob",
        r#"[{"$ipcBytes":0},3]"#,
        &electron_ipc::Buffers::new(&buffers),
        Context::default(),
    ));
    assert!(response.is_ok(), "{}", response.to_json());
    assert_eq!(response.buffers(), &[vec![1, 2, 3]]);
    let value: Value = serde_json::from_str(response.value().unwrap().get()).unwrap();
    assert_eq!(value, json!([{ "$ipcBytes": 0 }, 3]));
}

#[test]
fn the_schema_marks_relays_and_their_answers_in_format_7() {
    let schema = SchemaBuilder::new("relay-app")
        .service::<PrefsService<Impl>>()
        .service::<ShellService>()
        .build()
        .unwrap();
    assert_eq!(schema.format, 7);
    // The oldest format that holds a relay, whatever the newest is.
    assert_eq!(ChannelKindSchema::Relay.since_format(), 7);
    let prefs = &schema.services[0];
    let kinds: Vec<_> = prefs.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChannelKindSchema::Invoke,
            ChannelKindSchema::Relay,
            ChannelKindSchema::Relay,
            ChannelKindSchema::Relay
        ]
    );
    assert_eq!(prefs.channels[1].returns, None);
    assert_eq!(prefs.channels[2].returns.as_deref(), Some("boolean"));
    assert_eq!(prefs.channels[3].capability.as_deref(), Some("files"));
    assert_eq!(prefs.channels[1].params[0].ty, "Theme");
    assert_eq!(
        schema.services[1].channels[0].returns.as_deref(),
        Some("string | null")
    );
    assert_eq!(
        ErrorCode::ALL.last().map(|c| c.as_str()),
        Some("ERR_TARGET_GONE")
    );
}

/// The code generator's golden case for relays
/// (`ipc-codegen/tests/fixtures/relay`) is the schema of these services:
/// refresh it with `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test
/// macro_relay`, then re-bless the golden files
/// (`IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`).
#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("relay-app")
        .service::<PrefsService<Impl>>()
        .service::<ShellService>()
        .build()
        .expect("the services describe themselves");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ipc-codegen/tests/fixtures/relay/schemas"
    );
    std::fs::create_dir_all(dir).unwrap();
    electron_ipc::schema::export(&schema, dir).expect(
        "ipc-codegen/tests/fixtures/relay/schemas/relay-app.json is current; run \
         `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test macro_relay` and commit it",
    );
}
