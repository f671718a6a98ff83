//! Streams from main to the page (docs/wire.md, "Streams"): a method that
//! answers `Stream<T>` is opened with `Router::open_stream`, its items come
//! one pull at a time as envelopes, its errors end it with a code, and
//! dropping the opened stream drops the producer, whose drops and polls
//! are counted here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use electron_ipc::{
    service, Context, Limits, OpenStream, Response, Router, Sender, Stream, StreamReply,
    StreamSender,
};
use futures_util::{FutureExt, StreamExt};
use serde::Serialize;
use serde_json::{json, Value};

/// One line of a log.
#[derive(Debug, Clone, PartialEq, Serialize, electron_ipc::TS)]
pub struct Line {
    /// Its number, from 1.
    pub number: u32,
    /// Its text.
    pub text: String,
}

/// Why a log cannot be tailed, or stopped being read.
#[derive(Debug, Clone, PartialEq, Serialize, electron_ipc::TS)]
pub enum LogError {
    /// No such log.
    NotFound {
        /// The file asked for.
        file: String,
    },
    /// The log was removed while it was read.
    Removed,
}

/// Counts what happens to the producers.
#[derive(Default)]
struct Counts {
    opened: AtomicUsize,
    polled: AtomicUsize,
    dropped: AtomicUsize,
}

/// The streams under test.
#[service]
pub trait Logs {
    /// `count` numbers from 0.
    fn numbers(&self, count: u32) -> Stream<u32>;
    /// The lines of `file`, or the setup error.
    fn tail(&self, ctx: &Context, file: String) -> Result<Stream<Line, LogError>, LogError>;
    /// Lines, then `LogError::Removed` after `before` of them.
    async fn removed_after(&self, before: u32) -> Stream<Line, LogError>;
    /// Counts its polls and its drop; never ends.
    fn endless(&self) -> Stream<u32>;
    /// Panics at item `at`.
    fn panics_at(&self, at: u32) -> Stream<u32>;
    /// Panics before it answers a stream.
    fn panics_first(&self) -> Stream<u32>;
    /// A string of `len` characters, once.
    fn big(&self, len: u32) -> Stream<String>;
    /// A non-finite float, which JSON cannot carry.
    fn not_finite(&self) -> Stream<f64>;
    /// Bytes, which travel beside the JSON.
    fn chunks(&self, count: u32) -> Stream<electron_ipc::Bytes>;
    /// Fed by a channel sender, which the test keeps.
    fn pushed(&self) -> Stream<u32>;
    /// A plain invoke, for the wrong-kind checks.
    fn plain(&self) -> u32;
}

struct MyLogs {
    counts: Arc<Counts>,
    sender: std::sync::Mutex<Option<StreamSender<u32>>>,
}

/// A producer that counts its polls and its drop.
struct Counted {
    counts: Arc<Counts>,
    next: u32,
}

impl futures_util::Stream for Counted {
    type Item = u32;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<u32>> {
        self.counts.polled.fetch_add(1, Ordering::SeqCst);
        self.next += 1;
        std::task::Poll::Ready(Some(self.next))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.counts.dropped.fetch_add(1, Ordering::SeqCst);
    }
}

impl Logs for MyLogs {
    fn numbers(&self, count: u32) -> Stream<u32> {
        self.counts.opened.fetch_add(1, Ordering::SeqCst);
        Stream::iter(0..count)
    }

    fn tail(&self, ctx: &Context, file: String) -> Result<Stream<Line, LogError>, LogError> {
        if file != "app.log" {
            return Err(LogError::NotFound { file });
        }
        let origin = ctx.sender().map(|s| s.origin.clone()).unwrap_or_default();
        Ok(Stream::iter((1..=2).map(move |number| Line {
            number,
            text: format!("{origin} {number}"),
        })))
    }

    async fn removed_after(&self, before: u32) -> Stream<Line, LogError> {
        let lines = (1..=before).map(|number| {
            Ok(Line {
                number,
                text: String::new(),
            })
        });
        // Nothing after the error is polled: the `Ok` behind it never comes.
        let tail = [
            Err(LogError::Removed),
            Ok(Line {
                number: 0,
                text: "after".into(),
            }),
        ];
        Stream::try_new(futures_util::stream::iter(lines.chain(tail)))
    }

    fn endless(&self) -> Stream<u32> {
        self.counts.opened.fetch_add(1, Ordering::SeqCst);
        Stream::new(Counted {
            counts: Arc::clone(&self.counts),
            next: 0,
        })
    }

    fn panics_at(&self, at: u32) -> Stream<u32> {
        Stream::new(futures_util::stream::iter(0..).map(move |n| {
            assert!(n != at, "the producer fails at {at}");
            n
        }))
    }

    fn panics_first(&self) -> Stream<u32> {
        panic!("the method fails before its stream");
    }

    fn big(&self, len: u32) -> Stream<String> {
        Stream::iter([String::from("x").repeat(len as usize)])
    }

    fn not_finite(&self) -> Stream<f64> {
        Stream::iter([1.5, f64::NAN])
    }

    fn chunks(&self, count: u32) -> Stream<electron_ipc::Bytes> {
        Stream::iter((0..count).map(|n| electron_ipc::Bytes::from(vec![n as u8; 3])))
    }

    fn pushed(&self) -> Stream<u32> {
        let (sender, stream) = Stream::channel(0);
        *self.sender.lock().unwrap() = Some(sender);
        stream
    }

    fn plain(&self) -> u32 {
        7
    }
}

fn setup(limits: Limits) -> (Router, Arc<Counts>, Arc<MyLogs>) {
    let counts = Arc::new(Counts::default());
    let logs = Arc::new(MyLogs {
        counts: Arc::clone(&counts),
        sender: std::sync::Mutex::new(None),
    });
    let router = Router::new()
        .limits(limits)
        .service(LogsService::from_arc(Arc::clone(&logs)));
    (router, counts, logs)
}

fn router() -> (Router, Arc<Counts>) {
    let (router, counts, _) = setup(Limits::default());
    (router, counts)
}

/// Opens `channel`, answering the stream or the refusal's envelope.
async fn open(router: &Router, channel: &str, args: &str) -> Result<OpenStream, Value> {
    open_as(router, channel, args, Context::default()).await
}

async fn open_as(
    router: &Router,
    channel: &str,
    args: &str,
    ctx: Context,
) -> Result<OpenStream, Value> {
    router
        .open_stream(channel, args, ctx)
        .into_result()
        .await
        .map_err(|response| envelope(&response))
}

fn envelope(response: &Response) -> Value {
    serde_json::from_str(&response.to_json()).unwrap()
}

/// Every envelope of the stream, to its end.
async fn all(stream: OpenStream) -> Vec<Value> {
    stream.map(|response| envelope(&response)).collect().await
}

fn frame(id: i32) -> Context {
    Context::from_sender(Sender::new(1, 2, id).with_location("app://x/", "app://x"))
}

#[tokio::test]
async fn items_come_in_order_as_envelopes_and_the_stream_ends() {
    let (router, _) = router();
    let stream = open(&router, "logs:numbers", "[3]").await.unwrap();
    assert_eq!(
        all(stream).await,
        [
            json!({"ok": true, "value": 0}),
            json!({"ok": true, "value": 1}),
            json!({"ok": true, "value": 2}),
        ]
    );
}

#[tokio::test]
async fn the_setup_error_is_err_handler_before_any_item_and_the_context_reaches_the_method() {
    let (router, _) = router();
    let refused = open_as(&router, "logs:tail", r#"["other.log"]"#, frame(1))
        .await
        .unwrap_err();
    assert_eq!(refused["error"]["code"], "ERR_HANDLER");
    assert_eq!(
        refused["error"]["data"],
        json!({"NotFound": {"file": "other.log"}})
    );
    let stream = open_as(&router, "logs:tail", r#"["app.log"]"#, frame(1))
        .await
        .unwrap();
    let items = all(stream).await;
    assert_eq!(items[0]["value"], json!({"number": 1, "text": "app://x 1"}));
    assert_eq!(items.len(), 2);
}

#[tokio::test]
async fn a_typed_error_mid_stream_ends_it_after_the_items_before_it() {
    let (router, _) = router();
    let stream = open(&router, "logs:removedAfter", "[2]").await.unwrap();
    let items = all(stream).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[1]["value"]["number"], 2);
    assert_eq!(items[2]["ok"], false);
    assert_eq!(items[2]["error"]["code"], "ERR_HANDLER");
    assert_eq!(items[2]["error"]["data"], "Removed");
}

#[tokio::test]
async fn nothing_is_computed_ahead_of_a_pull_and_dropping_the_stream_drops_the_producer() {
    let (router, counts) = router();
    let mut stream = open(&router, "logs:endless", "[]").await.unwrap();
    assert_eq!(
        counts.polled.load(Ordering::SeqCst),
        0,
        "polled before any pull"
    );
    for expected in 1..=3 {
        let item = stream.next().await.unwrap();
        assert_eq!(envelope(&item)["value"], expected);
    }
    assert_eq!(counts.polled.load(Ordering::SeqCst), 3, "one poll per pull");
    assert_eq!(counts.dropped.load(Ordering::SeqCst), 0);
    drop(stream);
    assert_eq!(
        counts.dropped.load(Ordering::SeqCst),
        1,
        "the cancel drops the producer"
    );
    assert_eq!(
        counts.polled.load(Ordering::SeqCst),
        3,
        "and it is never polled again"
    );
}

#[tokio::test]
async fn a_panicking_producer_ends_with_err_panic_and_the_router_keeps_serving() {
    let (router, _) = router();
    let mut stream = open(&router, "logs:panicsAt", "[2]").await.unwrap();
    let items: Vec<Value> = (&mut stream).map(|r| envelope(&r)).collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["error"]["code"], "ERR_PANIC");
    assert!(stream.is_ended());
    assert!(stream.next().await.is_none(), "an ended stream stays ended");

    let refused = open(&router, "logs:panicsFirst", "[]").await.unwrap_err();
    assert_eq!(refused["error"]["code"], "ERR_PANIC");

    let again = open(&router, "logs:numbers", "[1]").await.unwrap();
    assert_eq!(all(again).await.len(), 1);
}

#[tokio::test]
async fn items_above_the_item_limit_or_that_json_cannot_carry_end_with_err_bad_response() {
    let (router, _, _) = setup(Limits::default().max_stream_item_bytes(100));
    let small = open(&router, "logs:big", "[10]").await.unwrap();
    assert_eq!(all(small).await[0]["ok"], true);
    let big = open(&router, "logs:big", "[100]").await.unwrap();
    let items = all(big).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["error"]["code"], "ERR_BAD_RESPONSE");

    let floats = open(&router, "logs:notFinite", "[]").await.unwrap();
    let items = all(floats).await;
    assert_eq!(items[0]["value"], 1.5);
    assert_eq!(items[1]["error"]["code"], "ERR_BAD_RESPONSE");
    // The cause stays in main unless the router opts in.
    let message = items[1]["error"]["message"].as_str().unwrap();
    assert!(message.contains("withheld"), "{message}");
}

#[tokio::test]
async fn byte_items_carry_their_bytes_beside_the_json() {
    let (router, _) = router();
    let stream = open(&router, "logs:chunks", "[2]").await.unwrap();
    let items: Vec<Response> = stream.collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].to_json(), r#"{"ok":true,"value":{"$ipcBytes":0}}"#);
    assert_eq!(items[1].buffers(), [vec![1u8, 1, 1]]);
}

#[tokio::test]
async fn a_full_channel_makes_the_sender_wait_and_a_cancel_closes_it() {
    let (router, _, logs) = setup(Limits::default());
    let mut stream = open(&router, "logs:pushed", "[]").await.unwrap();
    let mut sender = logs.sender.lock().unwrap().take().unwrap();
    // Buffer 0 and one sender: one item waits, the next `send` waits.
    sender.send(1).now_or_never().unwrap().unwrap();
    assert!(
        sender.send(2).now_or_never().is_none(),
        "a full channel waits"
    );
    assert_eq!(envelope(&stream.next().await.unwrap())["value"], 1);
    assert!(!sender.is_closed());
    drop(stream);
    assert!(sender.is_closed());
    assert_eq!(sender.send(3).await, Err(electron_ipc::Closed));
}

#[tokio::test]
async fn a_producer_task_stops_when_the_page_cancels() {
    let (router, _, logs) = setup(Limits::default());
    let mut stream = open(&router, "logs:pushed", "[]").await.unwrap();
    let mut sender = logs.sender.lock().unwrap().take().unwrap();
    let sent = Arc::new(AtomicUsize::new(0));
    let task_sent = Arc::clone(&sent);
    let task = tokio::spawn(async move {
        let mut n = 0;
        while sender.send(n).await.is_ok() {
            n += 1;
            task_sent.fetch_add(1, Ordering::SeqCst);
        }
    });
    for expected in 0..5 {
        assert_eq!(envelope(&stream.next().await.unwrap())["value"], expected);
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    // The bounded channel kept the producer at most two items ahead.
    assert!(
        sent.load(Ordering::SeqCst) <= 7,
        "{}",
        sent.load(Ordering::SeqCst)
    );
    drop(stream);
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("the producer task ends once the stream is dropped")
        .unwrap();
}

#[tokio::test]
async fn a_frame_beyond_its_stream_limit_is_refused_before_the_method_runs() {
    let (router, counts, _) = setup(Limits::default().max_streams_per_frame(2));
    let first = open_as(&router, "logs:endless", "[]", frame(1))
        .await
        .unwrap();
    let _second = open_as(&router, "logs:endless", "[]", frame(1))
        .await
        .unwrap();
    assert_eq!(counts.opened.load(Ordering::SeqCst), 2);
    let refused = open_as(&router, "logs:endless", "[]", frame(1))
        .await
        .unwrap_err();
    assert_eq!(refused["error"]["code"], "ERR_STREAM_LIMIT");
    assert_eq!(refused["error"]["data"], json!({"limit": 2}));
    assert_eq!(
        counts.opened.load(Ordering::SeqCst),
        2,
        "the method did not run"
    );
    // Another frame has its own count.
    let _other = open_as(&router, "logs:endless", "[]", frame(2))
        .await
        .unwrap();
    assert_eq!(router.open_streams(frame(1).sender()), 2);
    // A stream that is dropped, or that ends, gives its place back.
    drop(first);
    assert_eq!(router.open_streams(frame(1).sender()), 1);
    let ending = open_as(&router, "logs:numbers", "[1]", frame(1))
        .await
        .unwrap();
    assert_eq!(router.open_streams(frame(1).sender()), 2);
    let mut ending = ending;
    while ending.next().await.is_some() {}
    assert_eq!(
        router.open_streams(frame(1).sender()),
        1,
        "an ended stream holds no place"
    );
    // A refused setup holds none either.
    let _ = open_as(&router, "logs:tail", r#"["nope"]"#, frame(1))
        .await
        .unwrap_err();
    assert_eq!(router.open_streams(frame(1).sender()), 1);
}

#[tokio::test]
async fn bad_arguments_and_the_wrong_kind_of_channel_are_refused() {
    let (router, counts) = router();
    let bad = open(&router, "logs:numbers", r#"["three"]"#)
        .await
        .unwrap_err();
    assert_eq!(bad["error"]["code"], "ERR_BAD_ARGUMENTS");
    let unknown = open(&router, "logs:nope", "[]").await.unwrap_err();
    assert_eq!(unknown["error"]["code"], "ERR_UNKNOWN_CHANNEL");
    let invoke = open(&router, "logs:plain", "[]").await.unwrap_err();
    assert_eq!(invoke["error"]["code"], "ERR_UNKNOWN_CHANNEL");
    let called = router.call("logs:numbers", "[1]", Context::default());
    let called = envelope(&called.into_response().await);
    assert_eq!(called["error"]["code"], "ERR_UNKNOWN_CHANNEL");
    assert!(called["error"]["message"]
        .as_str()
        .unwrap()
        .contains("stream"));
    assert_eq!(counts.opened.load(Ordering::SeqCst), 0);
    assert!(matches!(
        router.open_stream("logs:numbers", "[1]", Context::default()),
        StreamReply::Ready(Ok(_))
    ));
}

#[test]
fn the_schema_declares_stream_channels_with_their_item_and_error_types() {
    let (router, _) = router();
    let schema = router.schema("logs-app").unwrap();
    assert_eq!(schema.format, 4);
    let json: Value = serde_json::from_str(&schema.to_json()).unwrap();
    let channels = json["services"][0]["channels"].as_array().unwrap();
    let find = |name: &str| {
        channels
            .iter()
            .find(|c| c["jsName"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(find("numbers")["kind"], "stream");
    assert_eq!(find("numbers")["returns"], "number");
    assert!(find("numbers").get("error").is_none());
    assert_eq!(find("tail")["returns"], "Line");
    assert_eq!(find("tail")["error"], "LogError");
    assert_eq!(find("removedAfter")["error"], "LogError");
    assert_eq!(find("plain")["kind"], "invoke");
}
