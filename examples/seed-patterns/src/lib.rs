//! The three patterns of Electron's IPC tutorial, declared as Rust traits,
//! and the main → renderer half of the practice summary's pattern 6
//! (streaming over a `MessagePort`).
//!
//! The channels of the first three are implemented in the app's
//! main-process JavaScript, because only Electron's main process has the
//! APIs they need (`BrowserWindow`, `dialog`, `Menu`). Rust still owns the IPC surface:
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
//! - Pattern 4, renderer to renderer (the practice summary's pattern 5, a
//!   relay through main): `Peers::note`, a relay main delivers to the
//!   app's other windows, which it registers with the role `peer`;
//!   `Peers::open_window` opens one. Served by [`PeersService`].
//! - Pattern 6, main to renderer over a `MessagePort`: `Worker::run`, a job
//!   in Rust whose progress the page reads with `for await`, served by
//!   [`WorkerService`] with [`Job`]. The generated code does what the
//!   seeds' hand-written version does (a `MessageChannelMain`, a port posted
//!   to the renderer, kept by the preload), plus sender checks, typed items,
//!   backpressure and a stop that reaches Rust.
//! - Pattern 6, renderer to main over the same kind of port: `Worker::digest`
//!   receives a file the user picked (or text typed in the page) in chunks
//!   and answers its size and SHA-256; `Worker::shout` takes lines from the
//!   page and streams each back transformed while the page still sends,
//!   both ways on one port. Each is one method with an [`Incoming`]
//!   parameter: the page passes an async iterable, an array or a
//!   `ReadableStream`, and Rust reads decoded, checked items only as fast as
//!   it takes them.
//!
//! (A `main-js` service's trait describes the channels only: no Rust type
//! implements it, so the macro emits the service that checks arguments,
//! not the trait.)

use std::time::Duration;

use electron_ipc::schema::Int64;
use electron_ipc::{service, Bytes, Incoming, Router, Stream};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
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

/// How far a [`Worker::run`] job has come.
#[derive(Serialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Steps done, this one included.
    pub step: u32,
    /// Steps of the job.
    pub steps: u32,
}

/// What [`Worker::digest`] answers for what the page sent.
#[derive(Serialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    /// How many chunks came.
    pub chunks: u32,
    /// How many bytes: a `bigint` in the page.
    pub size: u64,
    /// The SHA-256 of the bytes, in lowercase hexadecimal.
    pub sha256: String,
}

/// Why [`Worker::digest`] could not answer.
#[derive(Serialize, TS, Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    /// The page sent nothing.
    Empty,
    /// The page's stream broke (it was cancelled, or an item was refused):
    /// what the [`Incoming`] said.
    Broken(String),
}

/// A worker in the main process (pattern 6, both halves).
#[service]
pub trait Worker {
    /// Runs a job of `steps` steps (at most [`MAX_STEPS`]), reporting each
    /// as it completes. The page reads the reports with `for await`; a page
    /// that stops reading pauses the job, and `break` stops it.
    fn run(&self, steps: u32) -> Stream<Progress>;

    /// Receives a file (or text) from the page in chunks; answers its size
    /// and SHA-256. The page sends only as fast as this reads.
    async fn digest(&self, chunks: Incoming<Bytes>) -> Result<Digest, UploadError>;

    /// Both ways: each line the page sends comes back numbered and in
    /// capitals, as soon as it arrives.
    fn shout(&self, lines: Incoming<String>) -> Stream<String>;
}

/// The longest job [`Worker::run`] takes.
pub const MAX_STEPS: u32 = 1_000;

/// How long one step of a [`Worker::run`] job takes.
pub const STEP: Duration = Duration::from_millis(50);

/// The worker behind [`Worker`].
#[derive(Debug, Default)]
pub struct Job;

impl Worker for Job {
    fn run(&self, steps: u32) -> Stream<Progress> {
        let steps = steps.min(MAX_STEPS);
        // A step runs only when main pulls the next report, so the job
        // never runs ahead of the page; dropping the stream drops the step.
        Stream::new(futures_util::stream::unfold(1, move |step| async move {
            if step > steps {
                return None;
            }
            tokio::time::sleep(STEP).await;
            Some((Progress { step, steps }, step + 1))
        }))
    }

    async fn digest(&self, mut chunks: Incoming<Bytes>) -> Result<Digest, UploadError> {
        let mut hasher = Sha256::new();
        let (mut count, mut size) = (0u32, 0u64);
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|error| UploadError::Broken(error.to_string()))?;
            hasher.update(&chunk);
            count += 1;
            size += chunk.len() as u64;
        }
        if count == 0 {
            return Err(UploadError::Empty);
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Ok(Digest {
            chunks: count,
            size,
            sha256,
        })
    }

    fn shout(&self, lines: Incoming<String>) -> Stream<String> {
        // Ends with the page's stream; a refused line ends it too (main
        // tells the page which item, and why).
        Stream::new(
            lines
                .take_while(|line| std::future::ready(line.is_ok()))
                .filter_map(|line| std::future::ready(line.ok()))
                .enumerate()
                .map(|(n, line)| format!("{}: {}", n + 1, line.to_uppercase())),
        )
    }
}

/// The app's windows, talking to each other through main.
#[service(implemented_in = "main-js")]
pub trait Peers {
    /// Opens another window of the app (four at most in all).
    #[ipc(send)]
    fn open_window(&self);

    /// A note for the app's other windows: main relays it to every window
    /// of the role it names but the sender's, with the sender's role, after
    /// checking the sender and the text with these types.
    #[ipc(relay)]
    fn note(text: String);
}

/// The router of the addon: the checks of the four main-process services
/// (and the relay's) under the `bigint` policy (as the schema,
/// `tests/ipc_schema.rs`), and the worker.
pub fn router() -> Router {
    Router::new()
        .int64(Int64::BigInt)
        .service(TitleBarService::new())
        .service(FilesService::new())
        .service(CounterService::new())
        .service(WorkerService::new(Job))
        .service(PeersService::new())
}

electron_ipc::node_addon!(router);
