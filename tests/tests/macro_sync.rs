//! `#[ipc(sync)]` methods, through a real `Router`: they answer at once
//! (`Reply::Ready`, never a future the host would have to drive), with the
//! envelope, validation and codes of an invoke, and the schema marks them
//! `sendSync`.

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use electron_ipc::schema::{ChannelKindSchema, SchemaBuilder};
use electron_ipc::{service, Context, Reply, Router, Sender, TS};
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Serialize, TS, Debug)]
pub enum SettingError {
    Unknown { key: String },
}

#[service]
pub trait Settings {
    /// The theme, read before the page's first paint.
    #[ipc(sync)]
    fn theme(&self) -> String;
    #[ipc(sync)]
    fn get(&self, key: String) -> Result<u32, SettingError>;
    #[ipc(sync)]
    fn origin(&self, ctx: &Context) -> Option<String>;
    #[ipc(sync)]
    fn crash(&self);
}

/// A service whose handlers are main-process JavaScript: its sync handler
/// must answer at once too.
#[service(implemented_in = "main-js")]
pub trait Shell {
    /// Whether the window is maximized, for the page's first layout.
    #[ipc(sync)]
    fn is_maximized(&self) -> bool;
    /// Sets the title; a sync method may take arguments like any other.
    #[ipc(sync)]
    fn set_title(&self, title: String) -> Result<(), String>;
    /// Beside them, an invoke and a send are unchanged.
    fn version(&self) -> String;
    #[ipc(send)]
    fn log(&self, line: String);
}

struct Store;

impl Settings for Store {
    fn theme(&self) -> String {
        "dark".to_owned()
    }
    fn get(&self, key: String) -> Result<u32, SettingError> {
        match key.as_str() {
            "fontSize" => Ok(14),
            _ => Err(SettingError::Unknown { key }),
        }
    }
    fn origin(&self, ctx: &Context) -> Option<String> {
        ctx.sender().map(|s| s.origin.clone())
    }
    fn crash(&self) {
        panic!("settings file at /home/secret is corrupt")
    }
}

fn router() -> Router {
    Router::new().service(SettingsService::new(Store))
}

/// The envelope a sync channel answers, which must be ready at once.
fn call(channel: &str, args: &str, ctx: Context) -> Value {
    match router().call(channel, args, ctx) {
        Reply::Ready(response) => serde_json::from_str(&response.to_json()).unwrap(),
        Reply::Pending(_) => panic!("{channel}: a sync method must answer Ready"),
    }
}

#[test]
fn value_comes_back_at_once() {
    assert_eq!(
        call("settings:theme", "[]", Context::new()),
        json!({ "ok": true, "value": "dark" })
    );
    assert_eq!(
        call("settings:get", r#"["fontSize"]"#, Context::new()),
        json!({ "ok": true, "value": 14 })
    );
}

#[test]
fn typed_error_is_err_handler_with_data() {
    let envelope = call("settings:get", r#"["nope"]"#, Context::new());
    assert_eq!(envelope["ok"], false);
    assert_eq!(envelope["error"]["code"], "ERR_HANDLER");
    assert_eq!(
        envelope["error"]["data"],
        json!({ "Unknown": { "key": "nope" } })
    );
}

#[test]
fn arguments_are_validated_like_an_invoke() {
    let envelope = call("settings:get", "[42]", Context::new());
    assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
    assert_eq!(envelope["error"]["data"]["argument"], "key");
    let envelope = call("settings:theme", r#"["extra"]"#, Context::new());
    assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
}

#[test]
fn context_reaches_the_handler() {
    let sender = Sender::new(3, 7, 1).with_location("app://bundle/index.html", "app://bundle");
    let envelope = call("settings:origin", "[]", Context::from_sender(sender));
    assert_eq!(envelope, json!({ "ok": true, "value": "app://bundle" }));
}

#[test]
fn panic_is_err_panic_without_its_message() {
    let envelope = call("settings:crash", "[]", Context::new());
    assert_eq!(envelope["error"]["code"], "ERR_PANIC");
    assert!(!envelope.to_string().contains("/home/secret"), "{envelope}");
}

#[test]
fn schema_marks_sync_channels_with_their_return_and_error() {
    let schema = router().schema("settings-app").unwrap();
    let channels = &schema.services[0].channels;
    assert!(channels
        .iter()
        .all(|c| c.kind == ChannelKindSchema::SendSync));
    let get = channels.iter().find(|c| c.js_name == "get").unwrap();
    assert_eq!(get.returns.as_deref(), Some("number"));
    assert_eq!(get.error.as_deref(), Some("SettingError"));
    let crash = channels.iter().find(|c| c.js_name == "crash").unwrap();
    assert_eq!(crash.returns.as_deref(), Some("null"));
    let json: Value = serde_json::from_str(&schema.to_json()).unwrap();
    assert_eq!(json["format"], 2);
    assert_eq!(json["services"][0]["channels"][0]["kind"], "sendSync");
}

/// The code generator's golden case for sync channels
/// (`ipc-codegen/tests/fixtures/sync`) is the schema of these services:
/// refresh it with `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test
/// macro_sync`, then re-bless the golden files
/// (`IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`).
#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("sync-app")
        .service::<SettingsService<Store>>()
        .service::<ShellService>()
        .build()
        .expect("the services describe themselves");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ipc-codegen/tests/fixtures/sync/schemas"
    );
    std::fs::create_dir_all(dir).unwrap();
    electron_ipc::schema::export(&schema, dir).expect(
        "ipc-codegen/tests/fixtures/sync/schemas/sync-app.json is current; run \
         `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test macro_sync` and commit it",
    );
}
