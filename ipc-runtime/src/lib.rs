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

mod context;
mod envelope;
mod events;
#[cfg(feature = "node")]
pub mod node;
mod router;
pub mod schema;
mod service;
mod wire;

pub use context::{Context, Sender};
pub use envelope::{BadArguments, ErrorCode, IpcError, Response};
pub use events::{EmitError, Emitter, Event, EventSink, Target};
pub use router::{Limits, Request, Router};
pub use service::{Args, ChannelDef, ChannelKind, Reply, Service};

/// Declares an IPC service from a trait. See the crate documentation.
pub use electron_ipc_macros::service;

/// The ts-rs trait every IPC type implements. `#[derive(TS)]` itself refers to
/// `::ts_rs`, so an app adds `ts-rs` (and `serde`) to its own dependencies, or
/// writes `#[ts(crate = "electron_ipc::ts_rs")]` on each type.
pub use ts_rs::{self, TS};

#[doc(hidden)]
pub mod __private;
