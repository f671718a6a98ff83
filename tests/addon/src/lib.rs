//! The addon the bridge tests in `tests/bridge` load: one service with a
//! channel per behaviour of `electron_ipc::node` under test, and one
//! implemented in main-process JavaScript, whose arguments it checks.
//!
//! Built by `cargo run -p electron-ipc-codegen -- build-addon -p ipc-test-addon --out tests/addon/ipc_test_addon.node`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

use electron_ipc::{service, Bytes, Context, EmitError, Emitter, Incoming, Router, Stream, Target};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The system allocator, counting the bytes the addon holds: one count for
/// every Node environment of the process (they share the library), read by
/// [`Probe::live_bytes`] to tell a leak of the addon's own memory from
/// Node's and the allocator's.
struct CountingAllocator;

static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);

// SAFETY: every method forwards to `System` unchanged; the counter is an
// atomic updated after the call succeeded.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to `System`.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(pointer, layout) };
        LIVE_BYTES.fetch_sub(layout.size() as i64, Ordering::Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            LIVE_BYTES.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The typed error of [`Probe::divide`].
#[derive(Serialize, TS, Debug)]
pub enum MathError {
    /// The divisor was zero.
    DivideByZero {
        /// The dividend.
        dividend: f64,
    },
}

/// One channel per behaviour of the bridge.
#[service(namespace = "probe")]
pub trait Probe {
    /// Answers `text` at once (a sync handler).
    fn echo(&self, text: String) -> String;

    /// Never answers: waits until the call is cancelled, counting its
    /// starts, the drops of its future and (from a task of its own) the
    /// cancellations its `Context` reported; see [`Probe::hang_counts`].
    async fn hang(&self, ctx: &Context) -> u32;

    /// `[started, dropped, observed]` of [`Probe::hang`], for every
    /// environment of the process.
    fn hang_counts(&self) -> (f64, f64, f64);

    /// The origin of the frame that called, as the bridge passed it on.
    fn origin(&self, ctx: &Context) -> Option<String>;

    /// Every field of the frame that called, as the bridge passed it on:
    /// `(webContentsId, processId, frameId, url, origin, isMainFrame)`.
    fn caller(&self, ctx: &Context) -> Option<(u32, i32, i32, String, String, bool)>;

    /// Answers `value` after a tokio timer of `ms` milliseconds.
    async fn sleep(&self, ms: u32, value: String) -> String;

    /// Answers `value + 1`, computed on a thread of its own and sent back
    /// over a channel.
    async fn on_thread(&self, value: u32) -> u32;

    /// `a / b`, or a typed error when `b` is zero.
    fn divide(&self, a: f64, b: f64) -> Result<f64, MathError>;

    /// Panics.
    fn explode(&self) -> u32;

    /// Panics after awaiting.
    async fn explode_later(&self) -> u32;

    /// Starts a thread that emits `tick` to every kind of target: all
    /// windows, `webContents` `web_contents_id`, and the frame
    /// (`process_id`, `frame_id`).
    fn tick_from_thread(&self, web_contents_id: u32, process_id: i32, frame_id: i32);

    /// Emits `hello(text)` to the calling frame; answers what the emit said.
    fn greet_caller(&self, ctx: &Context, text: String) -> String;

    /// Spawns a tokio task from a sync handler; the task emits `hello(text)`
    /// to every window.
    fn greet_from_task(&self, text: String) -> bool;

    /// Bytes the addon's Rust code holds now, across every environment of
    /// the process (a counting global allocator).
    fn live_bytes(&self) -> f64;

    /// The bytes reversed (bytes both ways beside the JSON).
    fn reverse(&self, data: Bytes) -> Bytes;

    /// The bytes reversed, from an async handler.
    async fn reverse_later(&self, data: Bytes) -> Bytes;

    /// A typed error whose data holds the bytes.
    fn refuse_bytes(&self, data: Bytes) -> Result<u32, Rejected>;

    /// Emits `chunk(data, reversed)` to every window; answers what the emit said.
    fn emit_bytes(&self, data: Bytes) -> String;

    /// A periodic event.
    #[ipc(event)]
    fn tick(n: u32, from: String);

    /// Bytes as an event: the same bytes, then reversed.
    #[ipc(event)]
    fn chunk(data: Bytes, reversed: Bytes);

    /// A greeting.
    #[ipc(event)]
    fn hello(text: String);
}

/// The typed error of [`Probe::refuse_bytes`].
#[derive(Serialize, TS, Debug)]
pub struct Rejected {
    /// The bytes that were refused.
    pub data: Bytes,
}

/// Where a window moved to.
#[derive(Serialize, Deserialize, TS, Debug)]
pub struct Position {
    /// Left edge, in pixels.
    pub x: i32,
    /// Top edge, in pixels.
    pub y: i32,
}

/// A service implemented in main-process JavaScript: the addon only checks
/// its calls' and its events' arguments (`call`, `checkEvent`).
#[service(implemented_in = "main-js", namespace = "shell")]
pub trait Shell {
    /// Focuses the window.
    #[ipc(send)]
    fn focus(&self, id: u32);

    /// The window `id` moved.
    #[ipc(event)]
    fn moved(id: u32, to: Position);

    /// Saves bytes (checked here, handled in main-process JavaScript).
    fn save(&self, name: String, data: Bytes) -> u32;
}

/// The implementation of [`Probe`].
#[derive(Debug)]
pub struct Prober {
    events: ProbeEvents,
}

fn describe(outcome: Result<(), EmitError>) -> String {
    match outcome {
        Ok(()) => String::from("sent"),
        Err(EmitError::NotConnected) => String::from("not connected"),
        Err(error) => error.to_string(),
    }
}

impl Probe for Prober {
    fn echo(&self, text: String) -> String {
        text
    }

    fn origin(&self, ctx: &Context) -> Option<String> {
        ctx.sender().map(|sender| sender.origin.clone())
    }

    fn caller(&self, ctx: &Context) -> Option<(u32, i32, i32, String, String, bool)> {
        ctx.sender().map(|s| {
            (
                s.web_contents_id,
                s.process_id,
                s.frame_id,
                s.url.clone(),
                s.origin.clone(),
                s.is_main_frame,
            )
        })
    }

    async fn sleep(&self, ms: u32, value: String) -> String {
        tokio::time::sleep(Duration::from_millis(u64::from(ms))).await;
        value
    }

    async fn on_thread(&self, value: u32) -> u32 {
        let (reply, answer) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let _ = reply.send(value + 1);
        });
        answer.await.unwrap_or(0)
    }

    fn divide(&self, a: f64, b: f64) -> Result<f64, MathError> {
        if b == 0.0 {
            Err(MathError::DivideByZero { dividend: a })
        } else {
            Ok(a / b)
        }
    }

    fn explode(&self) -> u32 {
        panic!("the probe exploded");
    }

    async fn explode_later(&self) -> u32 {
        tokio::task::yield_now().await;
        panic!("the probe exploded later");
    }

    fn tick_from_thread(&self, web_contents_id: u32, process_id: i32, frame_id: i32) {
        let events = self.events.clone();
        std::thread::spawn(move || {
            let from = String::from("thread");
            let targets = [
                Target::All,
                Target::WebContents {
                    id: web_contents_id,
                },
                Target::Frame {
                    process_id,
                    frame_id,
                },
            ];
            for (n, target) in (1..).zip(targets) {
                let _ = events.tick(target, &n, &from);
            }
        });
    }

    fn greet_caller(&self, ctx: &Context, text: String) -> String {
        match Target::caller(ctx) {
            Some(target) => describe(self.events.hello(target, &text)),
            None => String::from("no caller"),
        }
    }

    fn live_bytes(&self) -> f64 {
        LIVE_BYTES.load(Ordering::Relaxed) as f64
    }

    async fn hang(&self, ctx: &Context) -> u32 {
        HANG_STARTED.fetch_add(1, Ordering::SeqCst);
        let _guard = HangGuard;
        let watched = ctx.clone();
        tokio::spawn(async move {
            watched.cancelled().await;
            HANG_OBSERVED.fetch_add(1, Ordering::SeqCst);
        });
        std::future::pending::<()>().await;
        0
    }

    fn hang_counts(&self) -> (f64, f64, f64) {
        (
            HANG_STARTED.load(Ordering::SeqCst) as f64,
            HANG_DROPPED.load(Ordering::SeqCst) as f64,
            HANG_OBSERVED.load(Ordering::SeqCst) as f64,
        )
    }

    fn reverse(&self, data: Bytes) -> Bytes {
        let mut data = data.into_vec();
        data.reverse();
        data.into()
    }

    async fn reverse_later(&self, data: Bytes) -> Bytes {
        tokio::task::yield_now().await;
        self.reverse(data)
    }

    fn refuse_bytes(&self, data: Bytes) -> Result<u32, Rejected> {
        Err(Rejected { data })
    }

    fn emit_bytes(&self, data: Bytes) -> String {
        let reversed = self.reverse(data.clone());
        describe(self.events.chunk(Target::All, &data, &reversed))
    }

    fn greet_from_task(&self, text: String) -> bool {
        let events = self.events.clone();
        // Needs the tokio runtime's context, which the bridge enters for
        // sync handlers too.
        tokio::spawn(async move {
            let _ = events.hello(Target::All, &text);
        });
        true
    }
}

/// Streams from main to the page, with counters of what their producers
/// did, so the JavaScript tests see cancellation reach Rust.
#[service(namespace = "streams")]
pub trait Streams {
    /// `count` numbers from 0, or never ending when `count` is absent.
    fn count(&self, count: Option<u32>) -> Stream<u32>;
    /// `count` chunks of `size` bytes each (byte `n` of chunk `i` is `i + n`).
    fn chunks(&self, count: u32, size: u32) -> Stream<Bytes>;
    /// The setup error when `file` is empty, else its lines, then `Gone`
    /// after `lines` of them.
    async fn tail(&self, file: String, lines: u32) -> Result<Stream<String, TailError>, TailError>;
    /// Panics at item `at`.
    fn explode_at(&self, at: u32) -> Stream<u32>;
    /// `[producers dropped, items produced]` since the addon loaded.
    fn counters(&self) -> (u32, u32);
}

/// The typed error of [`Streams::tail`].
#[derive(Serialize, TS, Debug)]
pub enum TailError {
    /// No file was named.
    NoFile,
    /// The file went away while it was read.
    Gone,
}

static STREAMS_DROPPED: AtomicU32 = AtomicU32::new(0);
static ITEMS_PRODUCED: AtomicU32 = AtomicU32::new(0);

/// Counts the drop of the producer that owns it.
struct DropCounter;

impl Drop for DropCounter {
    fn drop(&mut self) {
        STREAMS_DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

/// The implementation of [`Streams`].
#[derive(Debug)]
pub struct Streamer;

/// `items`, counting each one produced and the producer's drop.
fn counted<T: Send + 'static, E: Send + 'static>(
    items: impl Iterator<Item = Result<T, E>> + Send + 'static,
) -> Stream<T, E> {
    let counter = DropCounter;
    Stream::try_new(futures_util::stream::iter(items.inspect(move |_| {
        let _owned = &counter;
        ITEMS_PRODUCED.fetch_add(1, Ordering::SeqCst);
    })))
}

impl Streams for Streamer {
    fn count(&self, count: Option<u32>) -> Stream<u32> {
        counted((0..count.unwrap_or(u32::MAX)).map(Ok))
    }

    fn chunks(&self, count: u32, size: u32) -> Stream<Bytes> {
        counted((0..count).map(move |i| {
            Ok(Bytes::from(
                (0..size).map(|n| (i + n) as u8).collect::<Vec<u8>>(),
            ))
        }))
    }

    async fn tail(&self, file: String, lines: u32) -> Result<Stream<String, TailError>, TailError> {
        if file.is_empty() {
            return Err(TailError::NoFile);
        }
        let lines = (1..=lines).map(move |n| Ok(format!("{file}:{n}")));
        Ok(counted(lines.chain([Err(TailError::Gone)])))
    }

    fn explode_at(&self, at: u32) -> Stream<u32> {
        counted((0..).map(move |n| {
            assert!(n != at, "the stream exploded at {at}");
            Ok(n)
        }))
    }

    fn counters(&self) -> (u32, u32) {
        (
            STREAMS_DROPPED.load(Ordering::SeqCst),
            ITEMS_PRODUCED.load(Ordering::SeqCst),
        )
    }
}

/// One line of [`Feed::tail`]: an item of an object type, which the
/// fidelity test type-checks after it crossed.
#[derive(Serialize, TS, Debug)]
pub struct FeedLine {
    /// The file it was read from.
    pub file: String,
    /// Its number, from 1.
    pub number: u32,
    /// Its text.
    pub text: String,
}

/// Streams served through the generated preload and main glue
/// (tests/electron/generated-streams.test.js). Their schema is the golden
/// fixture `ipc-codegen/tests/fixtures/streams`; the producers count into
/// the counters of [`Streams`].
#[service(namespace = "feed")]
pub trait Feed {
    /// `count` numbers from `from`, or never ending when `count` is absent.
    fn numbers(&self, from: u32, count: Option<u32>) -> Stream<u32>;
    /// The setup error `NoFile` when `file` is empty, else `lines` lines of
    /// it, then the error `Gone`.
    async fn tail(
        &self,
        file: String,
        lines: u32,
    ) -> Result<Stream<FeedLine, TailError>, TailError>;
    /// Numbers from 0; panics at `at`.
    fn explode_at(&self, at: u32) -> Stream<u32>;
    /// Never-ending numbers, for windows granted `audit`.
    #[ipc(capability = "audit")]
    fn audit(&self) -> Stream<u32>;
    /// `[producers dropped, items produced]` since the addon loaded.
    fn counters(&self) -> (u32, u32);
}

impl Feed for Streamer {
    fn numbers(&self, from: u32, count: Option<u32>) -> Stream<u32> {
        let end = count.map_or(u32::MAX, |count| from.saturating_add(count));
        counted((from..end).map(Ok))
    }

    async fn tail(
        &self,
        file: String,
        lines: u32,
    ) -> Result<Stream<FeedLine, TailError>, TailError> {
        if file.is_empty() {
            return Err(TailError::NoFile);
        }
        let lines = (1..=lines).map(move |number| {
            Ok(FeedLine {
                file: file.clone(),
                number,
                text: format!("line {number}"),
            })
        });
        Ok(counted(lines.chain([Err(TailError::Gone)])))
    }

    fn explode_at(&self, at: u32) -> Stream<u32> {
        Streams::explode_at(self, at)
    }

    fn audit(&self) -> Stream<u32> {
        counted((0..u32::MAX).map(Ok))
    }

    fn counters(&self) -> (u32, u32) {
        Streams::counters(self)
    }
}

/// A stream served by the app's main-process JavaScript
/// (tests/electron/main-js-streams.test.js): the handler returns an
/// iterable, and Rust checks the arguments and every item it yields.
#[derive(Serialize, Deserialize, TS, Debug)]
pub struct JsLine {
    /// The file it was read from.
    pub file: String,
    /// Its number, from 1.
    pub number: u32,
}

/// The typed error of `JsFeed::lines`.
#[derive(Serialize, Deserialize, TS, Debug)]
pub enum JsFeedError {
    /// No file was named.
    NoFile,
    /// The file went away after `read` lines.
    Gone {
        /// How many lines were read before.
        read: u32,
    },
}

/// Streams implemented in main-process JavaScript. Their schema is the
/// golden fixture `ipc-codegen/tests/fixtures/main-js-streams`.
#[service(namespace = "jsfeed", implemented_in = "main-js")]
pub trait JsFeed {
    /// Lines of `file`: the setup error `NoFile` when it is empty; the
    /// handler may end with `Gone`.
    fn lines(&self, file: String, count: u32) -> Result<Stream<JsLine, JsFeedError>, JsFeedError>;
    /// Numbers from `from`, for as long as the handler yields them.
    fn numbers(&self, from: u32) -> Stream<u32>;
    /// A plain call beside the streams.
    fn ping(&self) -> u32;
}

/// Streams from the page to main, with counters of what the Rust side
/// saw, so the JavaScript tests see cancellation and errors reach Rust.
#[service(namespace = "uploads")]
pub trait Uploads {
    /// Receives a file in chunks; answers their count, size and byte sum.
    async fn upload(&self, name: String, chunks: Incoming<Bytes>) -> Result<Digest, UploadError>;
    /// Both ways: each number, doubled, as it comes.
    fn doubled(&self, numbers: Incoming<u32>) -> Stream<u32>;
    /// Both ways, with a setup error when `label` is empty: `label:n` per item.
    async fn labelled(
        &self,
        label: String,
        numbers: Incoming<u32>,
    ) -> Result<Stream<String, UploadError>, UploadError>;
    /// Counts and sums the numbers (the benchmark's sink of small items).
    async fn sum(&self, numbers: Incoming<u32>) -> (u32, f64);
    /// A consumer that never reads: holds the stream until it is dropped.
    async fn stall(&self, chunks: Incoming<Bytes>) -> u32;
    /// Hands the stream to a task that counts its items and how it ended,
    /// and answers at once.
    fn hand_off(&self, numbers: Incoming<u32>) -> u32;
    /// `[methods dropped before they answered, errors consumers saw,
    /// items consumers took, streams consumers saw end]` since the addon
    /// loaded.
    fn counters(&self) -> (u32, u32, u32, u32);
}

/// What [`Uploads::upload`] answers.
#[derive(Serialize, TS, Debug)]
pub struct Digest {
    /// The file's name.
    pub name: String,
    /// How many chunks came.
    pub chunks: u32,
    /// How many bytes.
    pub size: u32,
    /// The sum of every byte, modulo 2^32.
    pub sum: u32,
}

/// The typed error of [`Uploads::upload`].
#[derive(Serialize, TS, Debug)]
pub enum UploadError {
    /// No name, or no label.
    Unnamed,
    /// The stream broke: what the `Incoming` said.
    Broken(String),
}

static UPLOADS_UNFINISHED: AtomicU32 = AtomicU32::new(0);
static INCOMING_ERRORS: AtomicU32 = AtomicU32::new(0);
static INCOMING_TAKEN: AtomicU32 = AtomicU32::new(0);
static INCOMING_ENDED: AtomicU32 = AtomicU32::new(0);

/// Counts a method dropped before it answered: disarmed when it answers.
struct Unfinished(bool);

impl Drop for Unfinished {
    fn drop(&mut self) {
        if self.0 {
            UPLOADS_UNFINISHED.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The next item of `items`, counted.
async fn counted_next<T>(
    items: &mut Incoming<T>,
) -> Option<Result<T, electron_ipc::IncomingError>> {
    let next = items.next().await;
    match &next {
        Some(Ok(_)) => INCOMING_TAKEN.fetch_add(1, Ordering::SeqCst),
        Some(Err(_)) => INCOMING_ERRORS.fetch_add(1, Ordering::SeqCst),
        None => INCOMING_ENDED.fetch_add(1, Ordering::SeqCst),
    };
    next
}

/// The implementation of [`Uploads`].
#[derive(Debug)]
pub struct Uploader;

impl Uploads for Uploader {
    async fn upload(
        &self,
        name: String,
        mut chunks: Incoming<Bytes>,
    ) -> Result<Digest, UploadError> {
        let mut guard = Unfinished(true);
        if name.is_empty() {
            guard.0 = false;
            return Err(UploadError::Unnamed);
        }
        let mut digest = Digest {
            name,
            chunks: 0,
            size: 0,
            sum: 0,
        };
        while let Some(chunk) = counted_next(&mut chunks).await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(error) => {
                    guard.0 = false;
                    return Err(UploadError::Broken(error.to_string()));
                }
            };
            digest.chunks += 1;
            digest.size += chunk.len() as u32;
            digest.sum = chunk
                .iter()
                .fold(digest.sum, |sum, byte| sum.wrapping_add(u32::from(*byte)));
        }
        guard.0 = false;
        Ok(digest)
    }

    fn doubled(&self, numbers: Incoming<u32>) -> Stream<u32> {
        let guard = Unfinished(true);
        Stream::new(futures_util::stream::unfold(
            (numbers, guard),
            |(mut numbers, mut guard)| async move {
                match counted_next(&mut numbers).await {
                    Some(Ok(n)) => Some((n * 2, (numbers, guard))),
                    _ => {
                        guard.0 = false;
                        drop(guard);
                        None
                    }
                }
            },
        ))
    }

    async fn labelled(
        &self,
        label: String,
        numbers: Incoming<u32>,
    ) -> Result<Stream<String, UploadError>, UploadError> {
        if label.is_empty() {
            return Err(UploadError::Unnamed);
        }
        Ok(Stream::try_new(numbers.map(move |n| match n {
            Ok(n) => Ok(format!("{label}:{n}")),
            Err(error) => Err(UploadError::Broken(error.to_string())),
        })))
    }

    async fn sum(&self, mut numbers: Incoming<u32>) -> (u32, f64) {
        let (mut count, mut sum) = (0, 0.0);
        while let Some(Ok(n)) = numbers.next().await {
            count += 1;
            sum += f64::from(n);
        }
        (count, sum)
    }

    async fn stall(&self, chunks: Incoming<Bytes>) -> u32 {
        let _guard = Unfinished(true);
        let _held = chunks;
        std::future::pending::<u32>().await
    }

    fn hand_off(&self, mut numbers: Incoming<u32>) -> u32 {
        tokio::spawn(async move { while counted_next(&mut numbers).await.is_some() {} });
        1
    }

    fn counters(&self) -> (u32, u32, u32, u32) {
        (
            UPLOADS_UNFINISHED.load(Ordering::SeqCst),
            INCOMING_ERRORS.load(Ordering::SeqCst),
            INCOMING_TAKEN.load(Ordering::SeqCst),
            INCOMING_ENDED.load(Ordering::SeqCst),
        )
    }
}

/// Counts of [`Probe::hang`]: calls started, futures dropped,
/// cancellations seen through `Context::cancelled`.
static HANG_STARTED: AtomicI64 = AtomicI64::new(0);
static HANG_DROPPED: AtomicI64 = AtomicI64::new(0);
static HANG_OBSERVED: AtomicI64 = AtomicI64::new(0);

/// Counts a drop of the future of [`Probe::hang`] that holds it.
struct HangGuard;

impl Drop for HangGuard {
    fn drop(&mut self) {
        HANG_DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

/// The router the addon serves.
pub fn build_router() -> Router {
    let emitter = Emitter::new();
    let prober = Prober {
        events: ProbeEvents::new(emitter.clone()),
    };
    Router::new()
        .with_emitter(emitter)
        .service(ProbeService::new(prober))
        .service(ShellService::new())
        .service(StreamsService::new(Streamer))
        .service(FeedService::new(Streamer))
        .service(UploadsService::new(Uploader))
        .service(JsFeedService::new())
}

electron_ipc::node_addon!(build_router);

#[cfg(test)]
mod tests {
    /// `tests/addon/schema/probe-app.json` is the schema of the probe
    /// service, from which the harness tests generate a preload and main
    /// glue to drive this addon from a page (tests/electron/cancel.test.js).
    #[test]
    fn ipc_schema() {
        let schema = electron_ipc::schema::SchemaBuilder::new("probe-app")
            .service::<super::ProbeService<super::Prober>>()
            .build()
            .expect("the probe service describes itself");
        electron_ipc::schema::export(&schema, concat!(env!("CARGO_MANIFEST_DIR"), "/schema"))
            .expect(
                "tests/addon/schema/probe-app.json is current; run \
                 `IPC_SCHEMA_MODE=write cargo test -p ipc-test-addon` and commit it",
            );
    }

    /// The schema of the main-js feed is the golden fixture
    /// `ipc-codegen/tests/fixtures/main-js-streams`.
    #[test]
    fn jsfeed_schema() {
        let schema = electron_ipc::schema::SchemaBuilder::new("jsfeed-app")
            .service::<super::JsFeedService>()
            .build()
            .expect("the main-js feed describes itself");
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ipc-codegen/tests/fixtures/main-js-streams/schemas"
        );
        std::fs::create_dir_all(dir).unwrap();
        electron_ipc::schema::export(&schema, dir).expect(
            "ipc-codegen/tests/fixtures/main-js-streams/schemas/jsfeed-app.json is current; run \
             `IPC_SCHEMA_MODE=write cargo test -p ipc-test-addon`, then \
             `IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`, and commit both",
        );
    }

    /// The schema of the feed service is the golden fixture
    /// `ipc-codegen/tests/fixtures/streams`, whose generated preload and main
    /// glue tests/electron/generated-streams.test.js drives this addon with.
    #[test]
    fn feed_schema() {
        let schema = electron_ipc::schema::SchemaBuilder::new("feed-app")
            .service::<super::FeedService<super::Streamer>>()
            .build()
            .expect("the feed service describes itself");
        electron_ipc::schema::export(
            &schema,
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../ipc-codegen/tests/fixtures/streams/schemas"
            ),
        )
        .expect(
            "ipc-codegen/tests/fixtures/streams/schemas/feed-app.json is current; run \
             `IPC_SCHEMA_MODE=write cargo test -p ipc-test-addon`, then \
             `IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`, and commit both",
        );
    }

    /// The schema of the uploads service (streams from the page) is the
    /// golden fixture `ipc-codegen/tests/fixtures/incoming`, whose generated
    /// preload and main glue tests/electron/generated-incoming.test.js
    /// drives this addon with.
    #[test]
    fn uploads_schema() {
        let schema = electron_ipc::schema::SchemaBuilder::new("uploads-app")
            .service::<super::UploadsService<super::Uploader>>()
            .build()
            .expect("the uploads service describes itself");
        electron_ipc::schema::export(
            &schema,
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../ipc-codegen/tests/fixtures/incoming/schemas"
            ),
        )
        .expect(
            "ipc-codegen/tests/fixtures/incoming/schemas/uploads-app.json is current; run \
             `IPC_SCHEMA_MODE=write cargo test -p ipc-test-addon`, then \
             `IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`, and commit both",
        );
    }
}
