//! Typed, secure Electron IPC generated from a Rust trait.
//!
//! Declare the IPC surface of an Electron app as a trait with `#[service]`,
//! implement it, and serve it with a [`Router`]:
//!
//! ```ignore
//! use ipc_runtime::{service, Context, Router};
//!
//! #[service]
//! pub trait Todos {
//!     /// Adds a todo.
//!     async fn add(&self, title: String) -> Result<Todo, TodoError>;
//!     fn count(&self) -> u32;
//!     #[ipc(send)]
//!     fn log(&self, line: String);
//!     #[ipc(event)]
//!     fn changed(todo: Todo);
//! }
//!
//! let router = Router::new().service(TodosService::new(MyTodos::default()));
//! let response = router.dispatch(Request::new("todos:count", "[]")).await;
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
pub use ipc_macros::service;

/// The ts-rs trait every IPC type implements. `#[derive(TS)]` itself refers to
/// `::ts_rs`, so an app adds `ts-rs` (and `serde`) to its own dependencies, or
/// writes `#[ts(crate = "ipc_runtime::ts_rs")]` on each type.
pub use ts_rs::{self, TS};

#[doc(hidden)]
pub mod __private;
