//! What the benchmarks compare: one `#[service]` trait served by the
//! project's router, and the same work written by hand, the way a user
//! without this project would write it.
//!
//! - [`Bench`] is the generated side: `#[service]`, served by
//!   [`Router::call`] here and by the Node-API bridge in the addon.
//! - [`hand_dispatch`] is the hand-written side: a `match` on the channel,
//!   `serde_json::from_str` of the arguments, the same implementation, and
//!   `serde_json` writing the same envelope. [`hand_call`] and
//!   [`hand_call_async`] export it to Node with `#[napi]`.
//!
//! Both sides answer byte-identical envelopes for every channel (see the
//! tests), so a benchmark that times one against the other times the
//! project's overhead and nothing else.
//!
//! Built as an addon by
//! `cargo run -p electron-ipc-codegen -- build-addon -p ipc-benches --release --out benches/bridge/ipc_benches.node`.

use electron_ipc::{service, Bytes, Limits, Router, TS};
use napi_derive::napi;
use serde::{Deserialize, Serialize};

pub mod schema;

/// One record of a payload: a little of every JSON shape.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// A number.
    pub id: u32,
    /// A string.
    pub title: String,
    /// A boolean.
    pub done: bool,
    /// An array of strings.
    pub tags: Vec<String>,
}

/// The channels the benchmarks call.
#[service(namespace = "bench")]
pub trait Bench {
    /// Answers the items it was given (a handler that completes at once).
    fn echo(&self, items: Vec<Item>) -> Vec<Item>;

    /// Answers the items it was given after yielding to the tokio runtime
    /// once (a handler that truly completes later, on another thread).
    async fn echo_later(&self, items: Vec<Item>) -> Vec<Item>;

    /// Answers how many bytes it received (bytes from JavaScript to Rust,
    /// a `Uint8Array` beside the JSON).
    fn bytes_in(&self, data: Bytes) -> u32;

    /// Answers `len` bytes (bytes from Rust to JavaScript, a `Uint8Array`).
    fn bytes_out(&self, len: u32) -> Bytes;
}

/// The implementation both sides call.
#[derive(Debug, Default, Clone, Copy)]
pub struct Bencher;

impl Bench for Bencher {
    fn echo(&self, items: Vec<Item>) -> Vec<Item> {
        items
    }

    async fn echo_later(&self, items: Vec<Item>) -> Vec<Item> {
        tokio::task::yield_now().await;
        items
    }

    fn bytes_in(&self, data: Bytes) -> u32 {
        u32::try_from(data.len()).unwrap_or(u32::MAX)
    }

    fn bytes_out(&self, len: u32) -> Bytes {
        // The app's data, handed over: one copy of bytes it already has
        // (making them is not the bridge's cost).
        let len = len as usize;
        let pattern = PATTERN.get_or_init(|| bytes(PATTERN_LEN));
        match pattern.get(..len) {
            Some(data) => Bytes::from(data),
            None => bytes(len).into(),
        }
    }
}

/// How many bytes of [`bytes`] `bytes_out` keeps ready: the largest call
/// the benchmarks make (64 MiB, the default limit of bytes).
const PATTERN_LEN: usize = 64 * 1024 * 1024;

/// The first [`PATTERN_LEN`] bytes of [`bytes`], made once.
static PATTERN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

/// `len` bytes of a repeating pattern that uses every value (so the JSON
/// holds one-, two- and three-digit numbers, as real binary data does).
pub fn bytes(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(131) % 256) as u8)
        .collect()
}

/// Size limit of one call's arguments for the benchmarks: 8 MiB of bytes
/// are about 30 MB of JSON, above the default limit of 16 MiB.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024 * 1024;

/// The router the generated side is served by.
pub fn build_router() -> Router {
    Router::new()
        .service(BenchService::new(Bencher))
        .limits(Limits::default().max_payload_bytes(MAX_PAYLOAD_BYTES))
}

electron_ipc::node_addon!(build_router);

/// As many items as fit in a JSON array of `bytes` (at least one): the
/// argument of `echo`.
pub fn items_of_size(bytes: usize) -> Vec<Item> {
    let mut items = Vec::new();
    let mut size = 2; // `[]`
    loop {
        let item = item(items.len());
        let grown = size + serde_json::to_string(&item).map_or(0, |json| json.len()) + 1;
        if grown > bytes && !items.is_empty() {
            return items;
        }
        size = grown;
        items.push(item);
    }
}

/// The `index`-th item of a payload: about 90 bytes of JSON.
fn item(index: usize) -> Item {
    Item {
        id: u32::try_from(index).unwrap_or(u32::MAX),
        title: format!("item number {index} of the benchmark payload"),
        done: index.is_multiple_of(2),
        tags: vec![String::from("alpha"), String::from("beta")],
    }
}

/// The JSON array of arguments of one call, `[items]`, about `bytes` long.
pub fn echo_args(bytes: usize) -> String {
    serde_json::to_string(&(items_of_size(bytes - 2),)).expect("items serialize")
}

/// The hand-written dispatcher: what a user writes without the project,
/// answering the same envelope text as the router.
pub fn hand_dispatch(channel: &str, args: &str) -> String {
    let imp = Bencher;
    match channel {
        "bench:echo" => match serde_json::from_str::<(Vec<Item>,)>(args) {
            Ok((items,)) => ok_envelope(&imp.echo(items)),
            Err(error) => error_envelope("ERR_BAD_ARGUMENTS", &error.to_string()),
        },
        "bench:bytesIn" => match serde_json::from_str::<(Vec<u8>,)>(args) {
            Ok((data,)) => ok_envelope(&imp.bytes_in(data.into())),
            Err(error) => error_envelope("ERR_BAD_ARGUMENTS", &error.to_string()),
        },
        "bench:bytesOut" => match serde_json::from_str::<(u32,)>(args) {
            Ok((len,)) => ok_envelope(&imp.bytes_out(len)),
            Err(error) => error_envelope("ERR_BAD_ARGUMENTS", &error.to_string()),
        },
        _ => error_envelope("ERR_UNKNOWN_CHANNEL", channel),
    }
}

/// `bench:echoLater` by hand: the same, after one yield to tokio.
pub async fn hand_dispatch_async(channel: String, args: String) -> String {
    match channel.as_str() {
        "bench:echoLater" => match serde_json::from_str::<(Vec<Item>,)>(&args) {
            Ok((items,)) => ok_envelope(&Bencher.echo_later(items).await),
            Err(error) => error_envelope("ERR_BAD_ARGUMENTS", &error.to_string()),
        },
        _ => hand_dispatch(&channel, &args),
    }
}

fn ok_envelope<T: Serialize>(value: &T) -> String {
    #[derive(Serialize)]
    struct Ok<'a, T> {
        ok: bool,
        value: &'a T,
    }
    serde_json::to_string(&Ok { ok: true, value })
        .unwrap_or_else(|error| error_envelope("ERR_BAD_RESPONSE", &error.to_string()))
}

fn error_envelope(code: &str, message: &str) -> String {
    serde_json::json!({ "ok": false, "error": { "code": code, "message": message } }).to_string()
}

/// [`hand_dispatch`] exported to Node: the hand-written Node-API function
/// the bridge's `call` is compared with.
#[napi]
pub fn hand_call(channel: String, args_json: String) -> String {
    hand_dispatch(&channel, &args_json)
}

/// [`hand_dispatch_async`] exported to Node: a `Promise<string>` whose
/// future runs on napi-rs's tokio runtime, as the bridge's async calls do.
#[napi]
pub async fn hand_call_async(channel: String, args_json: String) -> String {
    hand_dispatch_async(channel, args_json).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use electron_ipc::{Buffers, Context, Reply};

    fn generated(channel: &str, args: &str) -> String {
        match build_router().call(channel, args, Context::default()) {
            Reply::Ready(response) => response.into_json(),
            Reply::Pending(_) => panic!("{channel} is a sync handler"),
        }
    }

    #[test]
    fn both_sides_answer_the_same_envelope() {
        for size in [100, 64 * 1024] {
            let args = echo_args(size);
            assert!(
                args.len() <= size && args.len() > size - 100,
                "{}",
                args.len()
            );
            let hand = hand_dispatch("bench:echo", &args);
            assert_eq!(generated("bench:echo", &args), hand);
            assert_eq!(
                hand,
                format!("{{\"ok\":true,\"value\":{}}}", &args[1..args.len() - 1])
            );
        }
        // Bytes: the generated side takes and answers them beside the JSON,
        // the hand-written one as JSON arrays; the values agree.
        let data = bytes(1000);
        let json = serde_json::to_string(&(&data,)).unwrap();
        let buffers = [data.as_slice()];
        let router = build_router();
        let Reply::Ready(taken) = router.call_with_buffers(
            "bench:bytesIn",
            r#"[{"$ipcBytes":0}]"#,
            &Buffers::new(&buffers),
            Context::default(),
        ) else {
            panic!("bytesIn is a sync handler");
        };
        assert_eq!(taken.into_json(), hand_dispatch("bench:bytesIn", &json));
        assert_eq!(
            hand_dispatch("bench:bytesIn", &json),
            r#"{"ok":true,"value":1000}"#
        );
        let Reply::Ready(answered) = router.call("bench:bytesOut", "[1000]", Context::default())
        else {
            panic!("bytesOut is a sync handler");
        };
        let (envelope, buffers) = answered.into_parts();
        assert_eq!(envelope, r#"{"ok":true,"value":{"$ipcBytes":0}}"#);
        assert_eq!(
            hand_dispatch("bench:bytesOut", "[1000]"),
            format!(
                "{{\"ok\":true,\"value\":{}}}",
                serde_json::to_string(&buffers[0]).unwrap()
            )
        );
    }

    #[tokio::test]
    async fn the_async_sides_agree_too() {
        let args = echo_args(100);
        let Reply::Pending(future) =
            build_router().call("bench:echoLater", &args, Context::default())
        else {
            panic!("echoLater is an async handler");
        };
        let hand = hand_dispatch_async("bench:echoLater".into(), args).await;
        assert_eq!(future.await.to_json(), hand);
        assert!(
            hand.starts_with(r#"{"ok":true,"value":[{"id":0,"#),
            "{hand}"
        );
    }

    #[test]
    fn bytes_use_every_value() {
        let data = bytes(512);
        assert_eq!(data.len(), 512);
        let mut seen = [false; 256];
        for byte in data {
            seen[usize::from(byte)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
