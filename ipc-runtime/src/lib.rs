//! Typed, secure Electron IPC generated from a Rust trait.
//!
//! Declare the IPC surface of an Electron app as a trait with `#[service]`,
//! implement it, and serve it with a [`Router`]:
//!
//! ```
//! use electron_ipc::{service, Context, Request, Router, TS};
//! use serde::{Deserialize, Serialize};
//! use std::sync::Mutex;
//!
//! #[derive(Serialize, Deserialize, TS, Clone)]
//! pub struct Todo { id: u32, title: String }
//!
//! #[derive(Serialize, TS)]
//! pub enum TodoError { EmptyTitle }
//!
//! /// The todo list of the app.
//! #[service]
//! pub trait Todos {
//!     /// Adds a todo.
//!     async fn add(&self, title: String) -> Result<Todo, TodoError>;
//!     /// How many todos there are.
//!     fn count(&self) -> u32;
//!     /// Writes a line to the log; `ctx` says who called.
//!     #[ipc(send)]
//!     fn log(&self, ctx: &Context, line: String);
//!     /// A todo was added.
//!     #[ipc(event)]
//!     fn changed(todo: Todo);
//! }
//!
//! #[derive(Default)]
//! struct MyTodos(Mutex<Vec<Todo>>);
//!
//! impl Todos for MyTodos {
//!     async fn add(&self, title: String) -> Result<Todo, TodoError> {
//!         if title.trim().is_empty() {
//!             return Err(TodoError::EmptyTitle);
//!         }
//!         let mut todos = self.0.lock().unwrap();
//!         let todo = Todo { id: todos.len() as u32 + 1, title };
//!         todos.push(todo.clone());
//!         Ok(todo)
//!     }
//!     fn count(&self) -> u32 {
//!         self.0.lock().unwrap().len() as u32
//!     }
//!     fn log(&self, _ctx: &Context, line: String) {
//!         println!("{line}");
//!     }
//! }
//!
//! # futures_util::FutureExt::now_or_never(async {
//! let router = Router::new().service(TodosService::new(MyTodos::default()));
//!
//! let added = router.dispatch(Request::new("todos:add", r#"["milk"]"#)).await;
//! assert_eq!(added.to_json(), r#"{"ok":true,"value":{"id":1,"title":"milk"}}"#);
//!
//! let refused = router.dispatch(Request::new("todos:add", r#"[" "]"#)).await;
//! assert_eq!(refused.error().unwrap().code.as_str(), "ERR_HANDLER");
//!
//! let count = router.dispatch(Request::new("todos:count", "[]")).await;
//! assert_eq!(count.to_json(), r#"{"ok":true,"value":1}"#);
//! # }).unwrap();
//! ```
//!
//! The schema of the router ([`schema`]) feeds `ipc-codegen`, which writes
//! the sandbox-safe preload, the renderer's TypeScript declarations and the
//! main-process glue.
//!
//! To test the handlers without Electron, call the router as the page
//! would with [`testing::TestClient`]: JSON arguments in, the envelope out,
//! the value decoded into the test's type, and the emitted events recorded.
//!
//! Features: `node` (the Node-API bridge, [`node`]), and `tracing`, which runs
//! every call of [`Router::call`] in an `ipc.dispatch` span (level DEBUG)
//! with the fields `channel`, `args_bytes`, `code` and `answer_bytes`.

mod args;
mod bytes;
mod context;
mod envelope;
mod events;
mod incoming;
#[cfg(feature = "node")]
pub mod node;
mod router;
pub mod schema;
mod service;
mod state;
mod stream;
pub mod testing;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

pub use args::Args;
pub use bytes::Bytes;
pub use context::{Cancellation, Cancelled, Context, Sender};
pub use envelope::{BadArguments, ErrorCode, IpcError, Response};
pub use events::{EmitError, Emitter, Event, EventSink, Target};
pub use incoming::{Incoming, IncomingError, IncomingFeed, PushedItem};
pub use router::{Limits, Request, Router};
pub use service::{ChannelDef, ChannelKind, Reply, Service, RELAY_ANSWER_SUFFIX};
pub use state::State;
pub use stream::{Closed, NoError, OpenStream, Stream, StreamEncoding, StreamReply, StreamSender};
pub use wire::Buffers;

/// Declares an IPC service from a trait: the trait is the whole IPC surface
/// of the service, and `ipc-codegen` turns its schema into the preload, the
/// TypeScript declarations and the main-process glue.
///
/// # What it generates
///
/// For `#[service] pub trait Todos { … }`:
///
/// - the trait itself, with `Send + Sync + 'static` added: implement it on
///   your own type;
/// - `TodosService<T: Todos>`, a [`Service`] built with
///   `TodosService::new(my_impl)` and added to a [`Router`] with
///   [`Router::service`]. It decodes every call's arguments with serde,
///   calls your method and wraps the answer in the envelope;
/// - `TodosEvents`, when the trait has `#[ipc(event)]` methods: one method per
///   event that serializes the payload and sends it to the windows through an
///   [`Emitter`] (see *Events* below);
/// - the service's channel table ([`Service::CHANNELS`]) and its part of the
///   app's schema ([`Router::schema`]).
///
/// # Methods
///
/// Every method takes `&self`, then optionally `ctx: &Context` (who called:
/// origin, frame, window; see [`Context`]), then up to 16 arguments of owned
/// types that implement `serde::Deserialize` and [`TS`]:
///
/// | the method | travels as | the page calls |
/// |---|---|---|
/// | `fn f(&self, …) -> T` or `async fn` | invoke (request/response) | `window.todos.f(…): Promise<T>` |
/// | `fn f(&self, …) -> Result<T, E>` | invoke with a typed error | rejects with `code: "ERR_HANDLER"` and `data: E` |
/// | `#[ipc(send)] fn f(&self, …)` | one-way message, no answer | `window.todos.f(…): void` |
/// | `#[ipc(sync)] fn f(&self, …) -> T` (never `async`) | `ipcRenderer.sendSync`, blocking the page | `window.todos.f(…): IpcResult<T, E>` |
/// | `#[ipc(event)] fn f(payload: P)` | main → page event (no `self`, no body) | `window.todos.onF(listener)` returns an unsubscribe function |
///
/// Return values and typed errors implement `serde::Serialize` and [`TS`].
/// Doc comments and `#[deprecated]` on a method reach the TypeScript
/// declarations as JSDoc.
///
/// # Keys of `#[service(…)]`
///
/// - `namespace = "todoList"`: the property of `window` the preload exposes,
///   and the prefix of every channel (`todoList:add`). Default: the trait's
///   name in lowerCamelCase (`Todos` → `todos`, `HTTPClient` → `httpClient`).
///   It must be a JavaScript identifier and must not already be a property of
///   `window` (`history`, `name`, `status`…), which the preload could not
///   replace.
/// - `implemented_in = "main-js"`: the handlers are written in main-process
///   JavaScript (they need Electron's API: dialogs, menus, windows) and passed
///   to the generated `registerIpc({ handlers })`. The trait is not
///   implemented in Rust: `TodosService::new()` takes nothing, and Rust still
///   decodes and validates every argument with the declared types before the
///   JavaScript handler runs. Under the `bigint` policy
///   ([`Router::int64`]) Rust also encodes the arguments again for the
///   handler and checks what it answers, so argument types must be
///   `Serialize` as well as `Deserialize`, and return and error types
///   `Deserialize` as well as `Serialize`. Default: `"rust"`.
/// - `crate = "my_app::ipc"`: the path of this crate, when the code that uses
///   the attribute reaches it under another name (a re-export).
///
/// # Keys of `#[ipc(…)]` on a method
///
/// - `send`: a one-way message; the method returns nothing.
/// - `event`: a main → page event; the declaration has no receiver and no body.
/// - `sync`: the page calls the method with `ipcRenderer.sendSync` and gets
///   its answer at once, without a `Promise`: `{ ok: true, value }` or
///   `{ ok: false, error }` (an `IpcError`; returned, not thrown, because
///   contextBridge keeps only the message of a thrown error). Arguments,
///   sender checks and the envelope are those of an invoke. **The page's
///   whole renderer is blocked until the handler returns**: no painting, no
///   input, no other script. Use it only for a short answer the page needs
///   before it can go on (a setting read at startup, by code that cannot be
///   made async), never for disk or network work, a dialog, or anything that
///   can take long; Electron's docs discourage `sendSync` for this reason.
///   The handler must be a plain `fn` (an `async fn` is a compile error) and
///   should return quickly; a slow one freezes the page. In a
///   `implemented_in = "main-js"` service its JavaScript handler must be
///   synchronous too (`registerIpc` refuses an `async` one).
/// - `name = "create"`: the method's JavaScript name (and channel,
///   `todos:create`) instead of its own name in lowerCamelCase.
/// - `state`: a value owned by the main process that every window reads and
///   follows, declared without receiver, parameters or body:
///   `#[ipc(state)] fn todos() -> Vec<Todo>;`. The macro generates
///   `TodosStates`, one [`State`] per state, created with the initial values
///   on the router's emitter; `set` and `update` publish the whole value
///   under the next version. The page gets `window.todos.todosState`, a
///   store for `useSyncExternalStore` (docs/wire.md, "State"):
///
/// ```
/// use electron_ipc::{service, Emitter, Request, Router, TS};
/// use serde::Serialize;
///
/// #[derive(Serialize, TS, Clone)]
/// pub struct Todo { title: String }
///
/// #[service]
/// pub trait Todos {
///     fn add(&self, title: String);
///     /// The whole list, kept by main.
///     #[ipc(state)]
///     fn todos() -> Vec<Todo>;
/// }
///
/// struct Store { states: TodosStates }
///
/// impl Todos for Store {
///     fn add(&self, title: String) {
///         // Fails only for a value that cannot be sent to JavaScript.
///         let _ = self.states.todos.update(|todos| todos.push(Todo { title }));
///     }
/// }
///
/// let emitter = Emitter::new();
/// let states = TodosStates::new(emitter.clone(), Vec::new());
/// let router = Router::new()
///     .with_emitter(emitter)
///     .service(TodosService::new(Store { states: states.clone() }));
/// # futures_util::FutureExt::now_or_never(async {
/// router.dispatch(Request::new("todos:add", r#"["milk"]"#)).await;
/// // A window's first read: the latest version.
/// let read = router.dispatch(Request::new("todos:todos", "[]")).await;
/// assert_eq!(read.to_json(), r#"{"ok":true,"value":{"version":2,"value":[{"title":"milk"}]}}"#);
/// # }).unwrap();
/// assert_eq!(states.todos.version(), 2);
/// ```
///
/// # Events
///
/// An event is emitted from Rust through the generated `TodosEvents`, built
/// on the router's [`Emitter`]; the Node-API bridge connects the emitter to
/// the windows. Each event method takes a [`Target`] (every window, one
/// `webContents`, or the frame that made a call, [`Target::caller`]) and the
/// payload by reference:
///
/// ```
/// use electron_ipc::{service, Emitter, Request, Router, Target, TS};
/// use serde::Serialize;
/// use std::sync::{Arc, Mutex};
///
/// #[derive(Serialize, TS)]
/// pub struct Todo { id: u32, title: String }
///
/// #[service]
/// pub trait Todos {
///     /// Adds a todo; the other windows hear of it through `changed`.
///     fn add(&self, title: String) -> u32;
///     /// A todo was added or changed.
///     #[ipc(event)]
///     fn changed(todo: Todo);
/// }
///
/// struct Store { events: TodosEvents }
///
/// impl Todos for Store {
///     fn add(&self, title: String) -> u32 {
///         let todo = Todo { id: 1, title };
///         // Fails only when no window is connected yet, or the payload cannot
///         // be written as JSON.
///         let _ = self.events.changed(Target::All, &todo);
///         todo.id
///     }
/// }
///
/// let emitter = Emitter::new();
/// let router = Router::new()
///     .with_emitter(emitter.clone())
///     .service(TodosService::new(Store { events: TodosEvents::new(emitter.clone()) }));
///
/// // What the Node-API bridge does: connect a sink that delivers to windows.
/// let delivered = Arc::new(Mutex::new(Vec::new()));
/// let sink = Arc::clone(&delivered);
/// emitter.connect(move |event: electron_ipc::Event| sink.lock().unwrap().push(event));
///
/// # futures_util::FutureExt::now_or_never(async {
/// router.dispatch(Request::new("todos:add", r#"["milk"]"#)).await;
/// # }).unwrap();
/// let events = delivered.lock().unwrap();
/// assert_eq!(events[0].channel, "todos:changed");
/// assert_eq!(events[0].args, r#"[{"id":1,"title":"milk"}]"#);
/// ```
///
/// # Main-process JavaScript services
///
/// ```
/// use electron_ipc::{service, Router, TS};
/// use serde::{Deserialize, Serialize};
///
/// // Rust decodes the arguments to check them and, under the `bigint`
/// // policy, encodes them again for the handler: they serialize too.
/// #[derive(Serialize, Deserialize, TS)]
/// pub struct Filter { name: String, extensions: Vec<String> }
///
/// /// Dialogs need Electron's `dialog` module: main.js implements them.
/// #[service(implemented_in = "main-js", namespace = "dialogs")]
/// pub trait Dialogs {
///     /// Shows the open dialog; resolves with the chosen path, if any.
///     async fn open_file(&self, filters: Vec<Filter>) -> Option<String>;
/// }
///
/// let router = Router::new().service(DialogsService::new());
/// let schema = router.schema("my-app").unwrap();
/// assert_eq!(schema.services[0].namespace, "dialogs");
/// assert_eq!(schema.services[0].channels[0].channel, "dialogs:openFile");
/// ```
///
/// Mistakes are compile errors at the offending token: a borrowed argument, a
/// generic method, a `Context` in the wrong place, two methods with one
/// channel, an unknown key, and so on.
pub use electron_ipc_macros::service;

/// The ts-rs trait every IPC type implements. `#[derive(TS)]` itself refers to
/// `::ts_rs`, so an app adds `ts-rs` (and `serde`) to its own dependencies, or
/// writes `#[ts(crate = "electron_ipc::ts_rs")]` on each type.
pub use ts_rs::{self, TS};

#[doc(hidden)]
pub mod __private;
