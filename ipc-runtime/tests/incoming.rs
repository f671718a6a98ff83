//! Streams from the page to main (docs/wire.md, "Streams", "From the page
//! to main"): a method that takes `Incoming<T>` is opened with
//! `Router::open_stream`; the host pushes the page's items into the feed
//! of the opened stream, each decoded on entry like an argument; the
//! window bounds what is queued ahead of the consumer, and cancellation
//! reaches the consumer as an error.

use std::sync::{Arc, Mutex};
use std::task::Poll;

use electron_ipc::{
    service, Bytes, Context, ErrorCode, Incoming, IncomingError, IncomingFeed, Limits, OpenStream,
    PushedItem, Response, Router, Stream, StreamReply,
};
use futures_util::{FutureExt, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What an upload answers.
#[derive(Debug, Clone, PartialEq, Serialize, electron_ipc::TS)]
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

/// Why an upload failed.
#[derive(Debug, Clone, PartialEq, Serialize, electron_ipc::TS)]
pub enum UploadError {
    /// The stream broke: what the `Incoming` said.
    Broken(String),
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, electron_ipc::TS)]
pub struct Prompt {
    /// What was said.
    pub text: String,
}

/// The streams under test.
#[service]
pub trait Files {
    /// Receives a file in chunks; answers its digest.
    async fn upload(&self, name: String, chunks: Incoming<Bytes>) -> Result<Digest, UploadError>;
    /// A conversation: each prompt answered with its text upper-cased.
    fn chat(&self, input: Incoming<Prompt>) -> Stream<String>;
    /// Counts numbers, with the caller's context first.
    async fn count(&self, ctx: &Context, numbers: Incoming<u32>, label: String) -> String;
    /// Keeps the stream for the test and answers at once.
    fn hand_off(&self, numbers: Incoming<u32>) -> u32;
    /// A plain invoke, for the wrong-kind checks.
    fn plain(&self) -> u32;
}

#[derive(Default)]
struct MyFiles {
    kept: Arc<Mutex<Option<Incoming<u32>>>>,
}

impl Files for MyFiles {
    async fn upload(
        &self,
        name: String,
        mut chunks: Incoming<Bytes>,
    ) -> Result<Digest, UploadError> {
        let mut digest = Digest {
            name,
            chunks: 0,
            size: 0,
            sum: 0,
        };
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|error| UploadError::Broken(error.to_string()))?;
            digest.chunks += 1;
            digest.size += chunk.len() as u32;
            for byte in chunk.iter() {
                digest.sum = digest.sum.wrapping_add(u32::from(*byte));
            }
        }
        Ok(digest)
    }

    fn chat(&self, input: Incoming<Prompt>) -> Stream<String> {
        Stream::new(input.map(|prompt| match prompt {
            Ok(prompt) => prompt.text.to_uppercase(),
            Err(error) => format!("error: {error}"),
        }))
    }

    async fn count(&self, ctx: &Context, numbers: Incoming<u32>, label: String) -> String {
        let seen: Vec<_> = numbers.collect().await;
        let origin = ctx.sender().map(|s| s.origin.clone()).unwrap_or_default();
        format!("{label}:{}:{origin}", seen.len())
    }

    fn hand_off(&self, numbers: Incoming<u32>) -> u32 {
        *self.kept.lock().unwrap() = Some(numbers);
        7
    }

    fn plain(&self) -> u32 {
        1
    }
}

fn router(limits: Limits) -> (Router, Arc<Mutex<Option<Incoming<u32>>>>) {
    let files = MyFiles::default();
    let kept = Arc::clone(&files.kept);
    (
        Router::new()
            .limits(limits)
            .service(FilesService::new(files)),
        kept,
    )
}

fn open(router: &Router, channel: &str, args: &str) -> Result<OpenStream, Response> {
    match router.open_stream(channel, args, Context::default()) {
        StreamReply::Ready(result) => result,
        StreamReply::Pending(_) => panic!("a method that takes an Incoming opens at once"),
    }
}

fn feed(stream: &OpenStream) -> Arc<dyn IncomingFeed> {
    Arc::clone(stream.incoming().expect("the stream has a feed"))
}

fn envelope(response: &Response) -> Value {
    serde_json::from_str(&response.to_json()).unwrap()
}

#[tokio::test]
async fn an_upload_reads_every_chunk_and_answers_once() {
    let (router, _) = router(Limits::default());
    let mut stream = open(&router, "files:upload", r#"["a.bin"]"#).unwrap();
    let feed = feed(&stream);
    feed.push(r#"{"$ipcBytes":0}"#, &[&[1, 2, 3]], None)
        .unwrap();
    feed.push(r#"{"$ipcBytes":0}"#, &[&[250, 10]], None)
        .unwrap();
    feed.end();
    let answer = stream.next().await.expect("the answer");
    assert_eq!(
        envelope(&answer),
        json!({"ok": true, "value": {"name": "a.bin", "chunks": 2, "size": 5, "sum": 266}})
    );
    assert!(stream.next().await.is_none(), "one answer, then the end");
    assert!(stream.is_ended());
}

#[tokio::test]
async fn an_item_that_does_not_decode_ends_the_stream_with_its_index_and_path() {
    let (router, _) = router(Limits::default());
    let mut stream = open(&router, "files:chat", "[]").unwrap();
    let feed = feed(&stream);
    feed.push(r#"{"text":"hi"}"#, &[], None).unwrap();
    let refused = feed.push(r#"{"text":5}"#, &[], None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::BadArguments);
    let data: Value = serde_json::from_str(refused.data.as_ref().unwrap().get()).unwrap();
    assert_eq!(data, json!({"item": 1, "path": "text"}));
    assert!(
        refused.message.contains("files:chat"),
        "{}",
        refused.message
    );
    // The consumer gets the item before it, then the error, then the end.
    let first = stream.next().await.unwrap();
    assert_eq!(envelope(&first)["value"], "HI");
    let second = stream.next().await.unwrap();
    let text = envelope(&second)["value"].as_str().unwrap().to_owned();
    assert!(
        text.starts_with("error: item 1 of the stream is invalid at `text`"),
        "{text}"
    );
    assert!(stream.next().await.is_none());
    // Later items are dropped without error.
    feed.push(r#"{"text":"late"}"#, &[], None).unwrap();
}

#[tokio::test]
async fn bytes_where_the_type_takes_none_and_unsafe_integers_are_refused() {
    let (router, _) = router(Limits::default());
    let stream = open(&router, "files:count", r#"["n"]"#).unwrap();
    let feed = feed(&stream);
    let stray = feed.push("3", &[&[1]], None).unwrap_err();
    assert_eq!(stray.code, ErrorCode::BadArguments);
    assert!(stray.message.contains("buffer 0"), "{}", stray.message);

    let stream = open(&router, "files:count", r#"["n"]"#).unwrap();
    let feed = self::feed(&stream);
    let huge = feed.push("9007199254740993", &[], None).unwrap_err();
    assert_eq!(huge.code, ErrorCode::BadArguments);
    let placeholder = feed.push(r#"{"$ipcBytes":0}"#, &[], None);
    assert!(placeholder.is_ok(), "after the error, items are dropped");
}

#[tokio::test]
async fn the_window_bounds_what_a_stalled_consumer_holds() {
    let limits = Limits::default().incoming_window(4, 1 << 20);
    let (router, kept) = router(limits);
    let stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    assert_eq!(feed.window(), (4, 1 << 20));
    // The method runs on the first pull, and keeps the stream unread.
    let mut stream = stream;
    let answer = stream.next().await.unwrap();
    assert_eq!(envelope(&answer)["value"], 7);
    for n in 0..4 {
        feed.push(&n.to_string(), &[], None).unwrap();
    }
    let flood = feed.push("4", &[], None).unwrap_err();
    assert_eq!(flood.code, ErrorCode::StreamLimit);
    assert!(
        flood.message.contains("beyond the page's credit"),
        "{}",
        flood.message
    );
    let mut incoming = kept.lock().unwrap().take().unwrap();
    let seen: Vec<_> = (&mut incoming).collect().await;
    assert_eq!(seen.len(), 5, "four items, then the error");
    assert_eq!(seen[4], Err(IncomingError::Overrun { index: 4 }));
}

#[tokio::test]
async fn the_default_window_is_64_small_items_then_the_byte_window() {
    let (router, kept) = router(Limits::default());
    let stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    assert_eq!(feed.window(), (64, 1 << 20));
    // A stream made outside a router has the same default.
    assert_eq!(Incoming::<u32>::channel("x").1.window(), (64, 1 << 20));
    let mut stream = stream;
    stream.next().await.unwrap();
    // A stalled consumer: small items stop at the item window…
    for n in 0..64 {
        feed.push(&n.to_string(), &[], None).unwrap();
    }
    let flood = feed.push("64", &[], None).unwrap_err();
    assert_eq!(flood.code, ErrorCode::StreamLimit);
    let mut incoming = kept.lock().unwrap().take().unwrap();
    let seen: Vec<_> = (&mut incoming).collect().await;
    assert_eq!(seen.len(), 65, "the window of 64 items, then the error");
    assert_eq!(seen[64], Err(IncomingError::Overrun { index: 64 }));

    // …and 64 KiB chunks at the byte window of 1 MiB, 16 of them.
    let stream = open(&router, "files:handOff", "[]").unwrap();
    let chunks = self::feed(&stream);
    let mut stream = stream;
    stream.next().await.unwrap();
    for n in 0..16 {
        chunks.push(&n.to_string(), &[], Some(64 * 1024)).unwrap();
    }
    let flood = chunks.push("16", &[], Some(64 * 1024)).unwrap_err();
    assert_eq!(flood.code, ErrorCode::StreamLimit);
}

/// A batch of plain items for `push_many`, each weighing `weight`.
fn batch<'a>(jsons: &'a [&'a str], weight: Option<usize>) -> Vec<PushedItem<'a>> {
    jsons
        .iter()
        .map(|json| PushedItem {
            json,
            buffers: &[],
            weight,
        })
        .collect()
}

#[tokio::test]
async fn a_batch_is_queued_in_order_and_an_empty_one_pushes_nothing() {
    let (router, kept) = router(Limits::default());
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    feed.push_many(&[]).unwrap();
    feed.push("1", &[], None).unwrap();
    feed.push_many(&batch(&["2", "3", "4"], Some(10))).unwrap();
    feed.end();
    let mut incoming = kept.lock().unwrap().take().unwrap();
    let seen: Vec<_> = (&mut incoming).collect().await;
    assert_eq!(seen, vec![Ok(1), Ok(2), Ok(3), Ok(4)]);
    assert_eq!(
        feed.take_taken(),
        Some((4, 1 + 30)),
        "each item's own weight"
    );
}

#[tokio::test]
async fn a_refused_item_inside_a_batch_ends_the_stream_at_its_index() {
    let (router, kept) = router(Limits::default());
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    feed.push("1", &[], None).unwrap();
    // Stream items 1 and 2 go; item 3 (the batch's entry 2) is refused; entry 3 is not read.
    let (entry, refused) = feed
        .push_many(&batch(&["2", "3", r#""four""#, "5"], None))
        .unwrap_err();
    assert_eq!(entry, 2);
    assert_eq!(refused.code, ErrorCode::BadArguments);
    let data: Value = serde_json::from_str(refused.data.as_ref().unwrap().get()).unwrap();
    assert_eq!(data, json!({ "item": 3, "path": "." }));
    let mut incoming = kept.lock().unwrap().take().unwrap();
    let seen: Vec<_> = (&mut incoming).collect().await;
    assert_eq!(seen.len(), 4, "three items, then the error: {seen:?}");
    assert_eq!(&seen[..3], &[Ok(1), Ok(2), Ok(3)]);
    assert!(matches!(
        seen[3],
        Err(IncomingError::Invalid { index: 3, .. })
    ));
    // After the end, a batch is dropped without error.
    feed.push_many(&batch(&["6"], None)).unwrap();
}

#[tokio::test]
async fn a_batch_past_the_window_is_refused_at_the_item_that_overruns_it() {
    let limits = Limits::default().incoming_window(4, 1 << 20);
    let (router, kept) = router(limits);
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    feed.push_many(&batch(&["0", "1"], None)).unwrap();
    let (entry, flood) = feed
        .push_many(&batch(&["2", "3", "4", "5"], None))
        .unwrap_err();
    assert_eq!((entry, flood.code), (2, ErrorCode::StreamLimit));
    let data: Value = serde_json::from_str(flood.data.as_ref().unwrap().get()).unwrap();
    assert_eq!(data, json!({ "item": 4 }));
    let mut incoming = kept.lock().unwrap().take().unwrap();
    let seen: Vec<_> = (&mut incoming).collect().await;
    assert_eq!(seen.len(), 5, "the window of four items, then the error");
    assert_eq!(seen[4], Err(IncomingError::Overrun { index: 4 }));
}

#[tokio::test]
async fn the_byte_window_counts_weights_and_the_last_item_may_pass_it() {
    let limits = Limits::default().incoming_window(100, 1000);
    let (router, kept) = router(limits);
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    for n in 0..4 {
        feed.push(&n.to_string(), &[], Some(300)).unwrap();
    }
    let refused = feed.push("4", &[], Some(300)).unwrap_err();
    assert_eq!(refused.code, ErrorCode::StreamLimit);
    drop(kept.lock().unwrap().take());
}

#[tokio::test]
async fn credit_comes_back_as_the_consumer_takes_items() {
    let (router, kept) = router(Limits::default());
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    let waker = futures_util::task::noop_waker();
    let mut cx = std::task::Context::from_waker(&waker);
    assert!(feed.poll_taken(&mut cx).is_pending(), "nothing taken yet");
    feed.push("1", &[], Some(10)).unwrap();
    feed.push("2", &[], Some(20)).unwrap();
    let mut incoming = kept.lock().unwrap().take().unwrap();
    assert_eq!(incoming.next().await, Some(Ok(1)));
    assert_eq!(incoming.next().await, Some(Ok(2)));
    assert_eq!(feed.poll_taken(&mut cx), Poll::Ready(Some((2, 30))));
    assert!(feed.poll_taken(&mut cx).is_pending());
    // The same credit, asked for without waiting (after a push), once.
    feed.push("3", &[], Some(5)).unwrap();
    assert_eq!(feed.take_taken(), None, "not taken yet");
    assert_eq!(incoming.next().await, Some(Ok(3)));
    assert_eq!(feed.take_taken(), Some((1, 5)));
    assert_eq!(feed.take_taken(), None);
    assert!(
        feed.poll_taken(&mut cx).is_pending(),
        "nothing counted twice"
    );
    feed.end();
    assert_eq!(incoming.next().await, None);
    assert_eq!(
        feed.poll_taken(&mut cx),
        Poll::Ready(None),
        "no more credit"
    );
}

#[tokio::test]
async fn an_item_above_the_item_limit_is_refused() {
    let limits = Limits::default().max_stream_item_bytes(8);
    let (router, _) = router(limits);
    let stream = open(&router, "files:upload", r#"["big"]"#).unwrap();
    let feed = feed(&stream);
    let refused = feed
        .push(r#"{"$ipcBytes":0}"#, &[&[0; 16]], None)
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::PayloadTooLarge);
    let data: Value = serde_json::from_str(refused.data.as_ref().unwrap().get()).unwrap();
    assert_eq!(data["item"], 0);
    assert_eq!(data["limit"], 8);
}

#[tokio::test]
async fn dropping_the_opened_stream_ends_a_handed_off_incoming_with_cancelled() {
    let (router, kept) = router(Limits::default());
    let mut stream = open(&router, "files:handOff", "[]").unwrap();
    let feed = feed(&stream);
    stream.next().await.unwrap();
    feed.push("1", &[], None).unwrap();
    let mut incoming = kept.lock().unwrap().take().unwrap();
    drop(stream);
    assert_eq!(
        incoming.next().await,
        Some(Err(IncomingError::Cancelled)),
        "queued items are dropped: the error comes at once"
    );
    assert_eq!(incoming.next().await, None);
}

#[tokio::test]
async fn an_abort_reaches_the_method_which_answers_its_typed_error() {
    let (router, _) = router(Limits::default());
    let mut stream = open(&router, "files:upload", r#"["a.bin"]"#).unwrap();
    let feed = feed(&stream);
    feed.push(r#"{"$ipcBytes":0}"#, &[&[1]], None).unwrap();
    feed.abort(IncomingError::Cancelled);
    let answer = envelope(&stream.next().await.unwrap());
    assert_eq!(answer["error"]["code"], "ERR_HANDLER");
    assert_eq!(
        answer["error"]["data"],
        json!({"Broken": "the page cancelled the stream, or its window went away"})
    );
}

#[tokio::test]
async fn both_ways_each_prompt_gets_its_answer_while_the_page_still_sends() {
    let (router, _) = router(Limits::default());
    let mut stream = open(&router, "files:chat", "[]").unwrap();
    let feed = feed(&stream);
    assert!(stream.next().now_or_never().is_none(), "nothing to say yet");
    feed.push(r#"{"text":"hello"}"#, &[], None).unwrap();
    assert_eq!(envelope(&stream.next().await.unwrap())["value"], "HELLO");
    feed.push(r#"{"text":"bye"}"#, &[], None).unwrap();
    feed.end();
    assert_eq!(envelope(&stream.next().await.unwrap())["value"], "BYE");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn the_opening_call_decodes_the_other_arguments_and_the_context() {
    let (router, _) = router(Limits::default());
    let refused = open(&router, "files:count", r#"["n", 1]"#).unwrap_err();
    let error = envelope(&refused);
    assert_eq!(error["error"]["code"], "ERR_BAD_ARGUMENTS");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("takes 1 argument (label), got 2"),
        "{error}"
    );
    let mut stream = open(&router, "files:count", r#"["n"]"#).unwrap();
    let feed = feed(&stream);
    feed.push("1", &[], None).unwrap();
    feed.push("2", &[], None).unwrap();
    feed.end();
    assert_eq!(envelope(&stream.next().await.unwrap())["value"], "n:2:");
}

#[tokio::test]
async fn an_incoming_channel_is_not_called_and_a_plain_invoke_is_not_opened() {
    let (router, _) = router(Limits::default());
    let called = router
        .call("files:upload", r#"["a"]"#, Context::default())
        .into_response()
        .await;
    assert_eq!(envelope(&called)["error"]["code"], "ERR_UNKNOWN_CHANNEL");
    let opened = open(&router, "files:plain", "[]").unwrap_err();
    assert_eq!(envelope(&opened)["error"]["code"], "ERR_UNKNOWN_CHANNEL");
}

#[test]
fn the_schema_marks_the_incoming_parameter_and_is_format_8() {
    let (router, _) = router(Limits::default());
    let schema = router.schema("files-app").unwrap();
    assert_eq!(schema.format, 8);
    let channels = &schema.services[0].channels;
    let upload = &channels[0];
    assert_eq!(upload.kind.as_str(), "invoke", "answered once");
    assert_eq!(upload.params.len(), 2);
    assert!(!upload.params[0].incoming);
    assert!(upload.params[1].incoming);
    assert_eq!(upload.params[1].ty, "Uint8Array");
    assert_eq!(upload.incoming().unwrap().js_name, "chunks");
    let chat = &channels[1];
    assert_eq!(chat.kind.as_str(), "stream", "both ways");
    assert_eq!(chat.incoming().unwrap().ty, "Prompt");
    let json = schema.to_json();
    assert!(json.contains(r#""incoming": true"#), "{json}");
    assert_eq!(json.matches(r#""incoming""#).count(), 4, "only where set");
    schema.services[0].validate().unwrap();
}
