//! The three patterns of Electron's IPC tutorial, declared as Rust traits.
//!
//! Every channel here is implemented in the app's main-process JavaScript,
//! because only Electron's main process has the APIs they need
//! (`BrowserWindow`, `dialog`, `Menu`). Rust still owns the IPC surface:
//! the traits are what `ipc-codegen` turns into the preload and the
//! declarations, and the addon this crate builds decodes every argument
//! with the declared types before the JavaScript handler sees it.
//!
//! - Pattern 1, renderer to main (one way): `TitleBar::set_title`, served
//!   by [`TitleBarService`].
//! - Pattern 2, renderer to main (two way): `Files::open_file`, served by
//!   [`FilesService`]. It answers the chosen file's bytes as well as its
//!   path and size: [`Bytes`] reach the page as a `Uint8Array`, never as
//!   JSON numbers, and the size, a `u64`, as a `bigint` (the app picks the
//!   `bigint` policy for 64-bit integers: a file can be larger than
//!   2^53 − 1 bytes, and the page gets the exact value).
//! - Pattern 3, main to renderer: `Counter::update_counter`, sent when the
//!   app menu's Increment or Decrement is clicked, and the renderer's reply
//!   `Counter::counter_value`, served by [`CounterService`].
//!
//! (A `main-js` service's trait describes the channels only: no Rust type
//! implements it, so the macro emits the service that checks arguments,
//! not the trait.)

use electron_ipc::schema::Int64;
use electron_ipc::{service, Bytes, Router};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The title bar of the window that calls.
#[service(implemented_in = "main-js")]
pub trait TitleBar {
    /// Sets the title of the caller's window.
    #[ipc(send)]
    fn set_title(&self, title: String);
}

/// A file the user chose, read whole.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct OpenedFile {
    /// Where it is on disk.
    pub path: String,
    /// What it holds: a `Uint8Array` in the page (the main process answers
    /// a `Buffer`, which Electron delivers as one).
    pub contents: Bytes,
    /// Its size in bytes, as the file system reports it: a `bigint` in the
    /// page and in main-process JavaScript.
    pub size: u64,
}

/// Files on the user's disk, chosen by the user.
#[service(implemented_in = "main-js")]
pub trait Files {
    /// Shows the native "open file" dialog; the chosen file with its bytes,
    /// or `null` when the user cancels.
    fn open_file(&self) -> Option<OpenedFile>;
}

/// The counter of the app menu.
#[service(implemented_in = "main-js")]
pub trait Counter {
    /// The menu moved the counter by `value` (1 or -1).
    #[ipc(event)]
    fn update_counter(value: i32);

    /// The renderer's reply: the value it shows now.
    #[ipc(send)]
    fn counter_value(&self, value: i32);
}

/// The router of the addon: it serves no handler of its own, only the
/// checks of the three main-process services, under the `bigint` policy
/// (as the schema, `tests/ipc_schema.rs`).
pub fn router() -> Router {
    Router::new()
        .int64(Int64::BigInt)
        .service(TitleBarService::new())
        .service(FilesService::new())
        .service(CounterService::new())
}

electron_ipc::node_addon!(router);
