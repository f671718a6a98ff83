//! What the generated `describe` says about a service.

// The fixtures are public so the generated types are; they need no docs.
#![allow(missing_docs)]

use electron_ipc::schema::{ChannelKindSchema, Deprecation, Implementation, Schema, SchemaBuilder};
use electron_ipc::{service, ChannelKind, Context, Service, TS};
use serde::{Deserialize, Serialize};

/// A page of results.
#[derive(Serialize, Deserialize, TS)]
pub struct Page<T> {
    items: Vec<T>,
    next: Option<u32>,
}

#[derive(Serialize, Deserialize, TS)]
pub struct Todo {
    id: u32,
    title: String,
}

#[derive(Serialize, TS)]
pub enum TodoError {
    NotFound { id: u32 },
}

/// The todo list.
///
///   Indented second paragraph.
#[service(namespace = "todoList")]
pub trait Todos {
    /// Adds a todo.
    async fn add(&self, new_title: String) -> Result<Todo, TodoError>;
    fn page(&self, ctx: &Context, cursor: Option<u32>) -> Page<Todo>;
    fn titles(&self, page: Page<String>) -> Vec<String>;
    fn clear(&self);
    #[deprecated(since = "0.2.0", note = "use `page`")]
    fn all(&self) -> Vec<Todo>;
    #[deprecated = "gone soon"]
    fn old(&self) -> Result<(), TodoError>;
    #[ipc(send, name = "write")]
    fn log(&self, line: String);
    /// A todo changed.
    #[ipc(event)]
    fn changed(todo: Todo);
}

#[service(implemented_in = "main-js")]
pub trait WindowControls {
    fn close(&self, force: bool);
}

struct Impl;

fn schema() -> Schema {
    SchemaBuilder::new("x")
        .service::<TodosService<Impl>>()
        .service::<WindowControlsService>()
        .build()
        .unwrap()
}

#[test]
fn channels_kinds_and_names() {
    let schema = schema();
    let todos = schema.services.iter().find(|s| s.name == "Todos").unwrap();
    assert_eq!(todos.namespace, "todoList");
    assert_eq!(todos.implementation, Implementation::Rust);
    assert_eq!(
        todos.docs.as_deref(),
        Some("The todo list.\n\n  Indented second paragraph.")
    );
    let summary: Vec<_> = todos
        .channels
        .iter()
        .map(|c| {
            (
                c.kind,
                c.channel.as_str(),
                c.js_name.as_str(),
                c.rust_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (ChannelKindSchema::Invoke, "todoList:add", "add", "add"),
            (ChannelKindSchema::Invoke, "todoList:page", "page", "page"),
            (
                ChannelKindSchema::Invoke,
                "todoList:titles",
                "titles",
                "titles"
            ),
            (
                ChannelKindSchema::Invoke,
                "todoList:clear",
                "clear",
                "clear"
            ),
            (ChannelKindSchema::Invoke, "todoList:all", "all", "all"),
            (ChannelKindSchema::Invoke, "todoList:old", "old", "old"),
            (ChannelKindSchema::Send, "todoList:write", "write", "log"),
            (
                ChannelKindSchema::Event,
                "todoList:changed",
                "changed",
                "changed"
            ),
        ]
    );
}

#[test]
fn params_returns_and_errors() {
    let schema = schema();
    let todos = &schema
        .services
        .iter()
        .find(|s| s.name == "Todos")
        .unwrap()
        .channels;
    let add = &todos[0];
    assert_eq!(add.docs.as_deref(), Some("Adds a todo."));
    assert_eq!(add.params.len(), 1);
    assert_eq!(add.params[0].name, "new_title");
    assert_eq!(add.params[0].js_name, "newTitle");
    assert_eq!(add.params[0].ty, "string");
    assert_eq!(add.returns.as_deref(), Some("Todo"));
    assert_eq!(add.error.as_deref(), Some("TodoError"));

    // The context is not a parameter.
    let page = &todos[1];
    assert_eq!(page.params.len(), 1);
    assert_eq!(page.params[0].name, "cursor");
    assert_eq!(page.params[0].ty, "number | null");
    assert_eq!(page.returns.as_deref(), Some("Page<Todo>"));
    assert_eq!(page.error, None);
    assert_eq!(todos[2].params[0].ty, "Page<string>");

    assert_eq!(todos[3].returns.as_deref(), Some("null"));
    assert_eq!(todos[5].returns.as_deref(), Some("null"));
    assert_eq!(todos[5].error.as_deref(), Some("TodoError"));

    // Sends and events have no reply.
    for channel in &todos[6..] {
        assert_eq!(channel.returns, None, "{}", channel.channel);
        assert_eq!(channel.error, None, "{}", channel.channel);
    }
    assert_eq!(todos[7].params[0].ty, "Todo");
    assert_eq!(todos[7].docs.as_deref(), Some("A todo changed."));
}

#[test]
fn deprecations() {
    let schema = schema();
    let todos = &schema
        .services
        .iter()
        .find(|s| s.name == "Todos")
        .unwrap()
        .channels;
    assert_eq!(todos[0].deprecated, None);
    assert_eq!(
        todos[4].deprecated,
        Some(Deprecation {
            since: Some("0.2.0".into()),
            note: Some("use `page`".into())
        })
    );
    assert_eq!(
        todos[5].deprecated,
        Some(Deprecation {
            since: None,
            note: Some("gone soon".into())
        })
    );
}

#[test]
fn types_are_declared_once() {
    let schema = schema();
    let names: Vec<_> = schema.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Page", "Todo", "TodoError"]);
    let page = &schema.types[0];
    assert!(
        page.declaration.starts_with("type Page<T> = "),
        "{}",
        page.declaration
    );
    assert_eq!(page.docs.as_deref(), Some("A page of results."));
}

#[test]
fn main_js_services_validate_only() {
    let schema = schema();
    let window = schema
        .services
        .iter()
        .find(|s| s.name == "WindowControls")
        .unwrap();
    assert_eq!(window.namespace, "windowControls");
    assert_eq!(window.implementation, Implementation::MainJs);
    assert_eq!(window.channels[0].channel, "windowControls:close");
    assert_eq!(window.channels[0].params[0].ty, "boolean");
}

#[tokio::test]
async fn main_js_services_decode_and_answer_null() {
    use electron_ipc::{ErrorCode, Request, Router};
    let router = Router::new().service(WindowControlsService::new());
    let response = router
        .dispatch(Request::new("windowControls:close", "[true]"))
        .await;
    assert_eq!(response.to_json(), r#"{"ok":true,"value":null}"#);
    let response = router
        .dispatch(Request::new("windowControls:close", r#"["yes"]"#))
        .await;
    assert_eq!(response.error().unwrap().code, ErrorCode::BadArguments);
}

#[test]
fn channel_table() {
    let defs = <TodosService<Impl> as Service>::CHANNELS;
    assert_eq!(<TodosService<Impl> as Service>::NAMESPACE, "todoList");
    assert_eq!(defs.len(), 8);
    for (index, def) in defs.iter().enumerate() {
        assert_eq!(def.method, index as u32);
    }
    assert_eq!(defs[0].params, ["newTitle"]);
    assert_eq!(defs[1].params, ["cursor"]);
    assert_eq!(defs[6].kind, ChannelKind::Send);
    assert_eq!(defs[7].kind, ChannelKind::Event);
}

#[allow(deprecated)]
impl Todos for Impl {
    async fn add(&self, _new_title: String) -> Result<Todo, TodoError> {
        Err(TodoError::NotFound { id: 0 })
    }
    fn page(&self, _ctx: &Context, _cursor: Option<u32>) -> Page<Todo> {
        Page {
            items: Vec::new(),
            next: None,
        }
    }
    fn titles(&self, page: Page<String>) -> Vec<String> {
        page.items
    }
    fn clear(&self) {}
    fn all(&self) -> Vec<Todo> {
        Vec::new()
    }
    fn old(&self) -> Result<(), TodoError> {
        Ok(())
    }
    fn log(&self, _line: String) {}
}

/// An account's balance, in the smallest unit.
#[derive(Serialize, Deserialize, TS)]
pub struct Balance {
    account: u64,
    cents: i64,
    by_day: std::collections::BTreeMap<u64, i64>,
}

#[service]
pub trait Ledger {
    fn balance(&self, account: u64) -> Balance;
    #[ipc(event)]
    fn moved(account: u64, cents: i64);
}

impl Ledger for Impl {
    fn balance(&self, account: u64) -> Balance {
        Balance {
            account,
            cents: 0,
            by_day: std::collections::BTreeMap::new(),
        }
    }
}

fn ledger(policy: Option<electron_ipc::schema::Int64>) -> Schema {
    let builder = SchemaBuilder::new("ledger").service::<LedgerService<Impl>>();
    // Set after the service on purpose: the order does not matter.
    match policy {
        Some(policy) => builder.int64(policy),
        None => builder,
    }
    .build()
    .unwrap()
}

#[test]
fn the_default_integer_policy_is_not_written_and_keeps_the_oldest_format() {
    use electron_ipc::schema::Int64;
    let default = ledger(None);
    assert_eq!(default.int64, Int64::Number);
    assert_eq!(default.format, 1);
    let json = default.to_json();
    assert!(!json.contains("int64"), "{json}");
    assert_eq!(ledger(Some(Int64::Number)).to_json(), json);
    let channel = &default.services[0].channels[0];
    assert_eq!(channel.params[0].ty, "number");
    let balance = &default.types[0].declaration;
    assert!(
        balance.contains("account: number, cents: number, by_day: { [key in number]: number }"),
        "{balance}"
    );
}

#[test]
fn the_bigint_policy_is_written_in_format_3_and_declares_bigints() {
    use electron_ipc::schema::Int64;
    let schema = ledger(Some(Int64::BigInt));
    assert_eq!(schema.int64, Int64::BigInt);
    assert_eq!(schema.format, 3);
    let json = schema.to_json();
    assert!(json.contains("\n  \"int64\": \"bigint\",\n"), "{json}");
    assert_eq!(Schema::from_json(&json).unwrap(), schema);
    let [balance, moved] = &schema.services[0].channels[..] else {
        panic!("{:?}", schema.services[0].channels);
    };
    assert_eq!(balance.params[0].ty, "bigint");
    assert_eq!(balance.returns.as_deref(), Some("Balance"));
    let types: Vec<_> = moved.params.iter().map(|p| p.ty.as_str()).collect();
    assert_eq!(types, ["bigint", "bigint"]);
    let declaration = &schema.types[0].declaration;
    assert!(
        declaration
            .contains("account: bigint, cents: bigint, by_day: { [key in `${bigint}`]: bigint }"),
        "{declaration}"
    );
}

/// The addon's side of the schema handshake: the router hashes the schema of
/// its services exactly as the schema file was hashed, whatever the order it
/// was assembled in, and only the namespaces asked for.
#[test]
fn the_router_hashes_its_schema_like_the_schema_file() {
    use electron_ipc::Router;
    let router = Router::new()
        .service(WindowControlsService::new())
        .merge(Router::new().service(TodosService::new(Impl)));
    let file = schema();
    assert_eq!(router.schema_hash("x", None).unwrap(), file.hash);
    assert_eq!(router.schema_of("x", None).unwrap(), file);

    let controls = SchemaBuilder::new("x")
        .service::<WindowControlsService>()
        .build()
        .unwrap();
    let only_controls = router.schema_hash("x", Some(&["windowControls"])).unwrap();
    assert_eq!(only_controls, controls.hash);
    assert_ne!(only_controls, file.hash);

    // Another app's name, or a service the router lacks, is another schema.
    assert_ne!(router.schema_hash("y", None).unwrap(), file.hash);
    let without_todos = Router::new().service(WindowControlsService::new());
    assert_ne!(without_todos.schema_hash("x", None).unwrap(), file.hash);
}

/// Preferences a window sees only when granted `settings`; `reset` needs `admin` too.
#[service(capability = "settings")]
pub trait Preferences {
    fn theme(&self) -> String;
    #[ipc(capability = "admin")]
    fn reset(&self);
    #[ipc(event, capability = "admin")]
    fn reset_done();
}

struct Prefs;

impl Preferences for Prefs {
    fn theme(&self) -> String {
        String::new()
    }
    fn reset(&self) {}
}

#[test]
fn capabilities_are_in_the_schema_in_format_5() {
    let with = SchemaBuilder::new("x")
        .service::<PreferencesService<Prefs>>()
        .build()
        .unwrap();
    assert_eq!(with.format, 5);
    let service = &with.services[0];
    assert_eq!(service.capability.as_deref(), Some("settings"));
    let own: Vec<_> = service
        .channels
        .iter()
        .map(|c| c.capability.as_deref())
        .collect();
    assert_eq!(own, [None, Some("admin"), Some("admin")]);
    assert_eq!(
        service.required_capabilities(&service.channels[1]),
        ["settings", "admin"]
    );
    // A schema without capabilities stays in its old format, with no `capability` key.
    let without = schema();
    assert_eq!(without.format, 1);
    assert!(!without.to_json().contains("capability"));
}
