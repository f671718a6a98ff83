//! Bytes beside the JSON (docs/wire.md, "Bytes"): every byte type takes the
//! buffer its placeholder names and answers with buffers of its own; what
//! is not a placeholder where bytes are expected, a buffer no byte type
//! takes and an oversized total are refused with a specific error.

use std::sync::{Arc, Mutex};

use electron_ipc::{
    service, Buffers, Context, Emitter, ErrorCode, Event, Limits, Reply, Response, Router, Target,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Every byte type the runtime reads and writes as bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, electron_ipc::TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// A name, so the struct is not only bytes.
    pub name: String,
    /// `serde_bytes::ByteBuf`.
    #[ts(type = "Uint8Array")]
    pub byte_buf: serde_bytes::ByteBuf,
    /// `bytes::Bytes`.
    #[ts(type = "Uint8Array")]
    pub shared: bytes::Bytes,
    /// A `Vec<u8>` marked `#[serde(with = "serde_bytes")]`.
    #[serde(with = "serde_bytes")]
    #[ts(type = "Uint8Array")]
    pub marked: Vec<u8>,
    /// A plain `Vec<u8>`: numbers, as serde makes it.
    pub numbers: Vec<u8>,
}

/// The typed error of `Files::read`.
#[derive(Debug, Clone, Serialize, Deserialize, electron_ipc::TS)]
pub struct Corrupt {
    /// The bytes that could not be read.
    pub head: electron_ipc::Bytes,
}

/// A service that moves bytes.
#[service]
pub trait Files {
    /// Echoes the bytes.
    fn echo(&self, data: electron_ipc::Bytes) -> electron_ipc::Bytes;
    /// Echoes an attachment.
    fn attach(&self, attachment: Attachment) -> Attachment;
    /// Two byte arguments and a plain one between them.
    fn join(&self, a: electron_ipc::Bytes, sep: String, b: electron_ipc::Bytes) -> String;
    /// Takes any JSON: a `Uint8Array` inside is not taken by a byte type.
    fn any(&self, value: Value) -> u32;
    /// Fails with bytes in the error's data.
    fn read(&self) -> Result<u32, Corrupt>;
    /// Takes numbers.
    fn numbers(&self, values: Vec<u8>) -> usize;
    /// The file changed: two byte arguments.
    #[ipc(event)]
    fn changed(before: electron_ipc::Bytes, after: electron_ipc::Bytes);
}

struct Disk;

impl Files for Disk {
    fn echo(&self, data: electron_ipc::Bytes) -> electron_ipc::Bytes {
        data
    }
    fn attach(&self, attachment: Attachment) -> Attachment {
        attachment
    }
    fn join(&self, a: electron_ipc::Bytes, sep: String, b: electron_ipc::Bytes) -> String {
        format!(
            "{}{sep}{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        )
    }
    fn any(&self, _: Value) -> u32 {
        1
    }
    fn read(&self) -> Result<u32, Corrupt> {
        Err(Corrupt {
            head: vec![0xde, 0xad].into(),
        })
    }
    fn numbers(&self, values: Vec<u8>) -> usize {
        values.len()
    }
}

fn router() -> Router {
    Router::new().service(FilesService::new(Disk))
}

fn call(router: &Router, channel: &str, args: &str, buffers: &[&[u8]]) -> Response {
    match router.call_with_buffers(channel, args, &Buffers::new(buffers), Context::default()) {
        Reply::Ready(response) => response,
        Reply::Pending(_) => panic!("sync handlers answer at once"),
    }
}

fn value(response: &Response) -> Value {
    serde_json::from_str(response.value().expect("a success").get()).unwrap()
}

fn error(response: &Response) -> (ErrorCode, String, Value) {
    let error = response.error().expect("an error");
    let data = error
        .data
        .as_ref()
        .map(|data| serde_json::from_str(data.get()).unwrap())
        .unwrap_or(Value::Null);
    (error.code, error.message.clone(), data)
}

#[test]
fn bytes_cross_as_buffers_both_ways() {
    let router = router();
    let response = call(
        &router,
        "files:echo",
        r#"[{"$ipcBytes":0}]"#,
        &[b"\x00\xffabc"],
    );
    assert_eq!(value(&response), json!({ "$ipcBytes": 0 }));
    assert_eq!(response.buffers(), [b"\x00\xffabc".to_vec()]);
    // Equal envelopes with other bytes are other responses.
    let other = call(&router, "files:echo", r#"[{"$ipcBytes":0}]"#, &[b"x"]);
    assert_eq!(response.to_json(), other.to_json());
    assert_ne!(response, other);

    let response = call(
        &router,
        "files:join",
        r#"[{"$ipcBytes":1}, "+", {"$ipcBytes":0}]"#,
        &[b"right", b"left"],
    );
    assert_eq!(value(&response), json!("left+right"));
    assert!(response.buffers().is_empty());
}

#[test]
fn every_byte_type_takes_and_gives_buffers() {
    let router = router();
    let args = r#"[{"name":"a.png","byteBuf":{"$ipcBytes":0},"shared":{"$ipcBytes":1},
        "marked":{"$ipcBytes":2},"numbers":[1,2]}]"#;
    let response = call(&router, "files:attach", args, &[b"one", b"two", b"three"]);
    assert_eq!(
        value(&response),
        json!({
            "name": "a.png",
            "byteBuf": { "$ipcBytes": 0 },
            "shared": { "$ipcBytes": 1 },
            "marked": { "$ipcBytes": 2 },
            "numbers": [1, 2],
        })
    );
    assert_eq!(
        response.buffers(),
        [b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
    );
}

#[test]
fn typed_error_data_carries_bytes() {
    let response = call(&router(), "files:read", "[]", &[]);
    let (code, _, data) = error(&response);
    assert_eq!(code, ErrorCode::Handler);
    assert_eq!(data, json!({ "head": { "$ipcBytes": 0 } }));
    assert_eq!(response.buffers(), [vec![0xde, 0xad]]);
}

#[test]
fn what_is_not_a_placeholder_is_not_bytes() {
    let router = router();
    for (args, received) in [
        ("[[1,2,3]]", "sequence"),
        ("[7]", "integer"),
        (r#"["abc"]"#, "string"),
        (r#"[{"bytes":0}]"#, "map"),
    ] {
        let response = call(&router, "files:echo", args, &[]);
        let (code, message, data) = error(&response);
        assert_eq!(code, ErrorCode::BadArguments, "{args}");
        assert!(
            message.contains("expected a Uint8Array"),
            "{args}: {message}"
        );
        assert!(message.contains(received), "{args}: {message}");
        assert_eq!(data["argument"], "data", "{args}");
    }
    // Inside a struct, the path names the field.
    let args = r#"[{"name":"a","byteBuf":[1],"shared":{"$ipcBytes":0},"marked":{"$ipcBytes":1},"numbers":[]}]"#;
    let (code, _, data) = error(&call(&router, "files:attach", args, &[b"x", b"y"]));
    assert_eq!(code, ErrorCode::BadArguments);
    assert_eq!(data["path"], "byteBuf");
}

#[test]
fn a_uint8array_where_no_bytes_are_expected_is_refused_with_its_path() {
    let router = router();
    // `Vec<u8>` is `number[]`: a placeholder is not a sequence.
    let (code, message, data) = error(&call(
        &router,
        "files:numbers",
        r#"[{"$ipcBytes":0}]"#,
        &[b"x"],
    ));
    assert_eq!(code, ErrorCode::BadArguments, "{message}");
    assert_eq!(data["argument"], "values");
    // A `serde_json::Value` would take the placeholder as an object: the
    // buffer left over names the culprit.
    let (code, message, data) = error(&call(
        &router,
        "files:any",
        r#"[{"list":[1,{"$ipcBytes":0}]}]"#,
        &[b"x"],
    ));
    assert_eq!(code, ErrorCode::BadArguments);
    assert!(message.contains("takes no bytes"), "{message}");
    assert_eq!(
        data,
        json!({ "index": 0, "argument": "value", "path": "list[1]" })
    );
}

#[test]
fn each_buffer_is_taken_exactly_once() {
    let router = router();
    // A buffer nothing names.
    let (code, message, _) = error(&call(
        &router,
        "files:echo",
        r#"[{"$ipcBytes":0}]"#,
        &[b"a", b"b"],
    ));
    assert_eq!(code, ErrorCode::BadArguments);
    assert!(message.contains("buffer 1"), "{message}");
    // Two placeholders naming one buffer.
    let (code, message, _) = error(&call(
        &router,
        "files:join",
        r#"[{"$ipcBytes":0}, "", {"$ipcBytes":0}]"#,
        &[b"a"],
    ));
    assert_eq!(code, ErrorCode::BadArguments);
    assert!(message.contains("two placeholders"), "{message}");
    // A placeholder naming a buffer the call does not have.
    let (code, message, _) = error(&call(&router, "files:echo", r#"[{"$ipcBytes":3}]"#, &[]));
    assert_eq!(code, ErrorCode::BadArguments);
    assert!(message.contains("buffer 3"), "{message}");
    // A method without parameters takes no buffers either.
    let (code, _, _) = error(&call(&router, "files:read", "[]", &[b"a"]));
    assert_eq!(code, ErrorCode::BadArguments);
    // And a placeholder with another key beside it is not one.
    let (code, _, _) = error(&call(
        &router,
        "files:echo",
        r#"[{"$ipcBytes":0,"x":1}]"#,
        &[b"a"],
    ));
    assert_eq!(code, ErrorCode::BadArguments);
}

#[test]
fn bytes_have_their_own_budget() {
    let router = router().limits(Limits::default().max_binary_bytes(4));
    let fits = call(&router, "files:echo", r#"[{"$ipcBytes":0}]"#, &[b"abcd"]);
    assert!(fits.is_ok());
    let response = call(
        &router,
        "files:join",
        r#"[{"$ipcBytes":0}, "", {"$ipcBytes":1}]"#,
        &[b"abc", b"de"],
    );
    let (code, _, data) = error(&response);
    assert_eq!(code, ErrorCode::PayloadTooLarge);
    assert_eq!(data, json!({ "limit": 4, "size": 5 }));
    // The default admits 64 MiB in one call, beside a 16 MiB JSON limit.
    assert_eq!(Limits::default().max_binary_bytes, 64 * 1024 * 1024);
}

#[test]
fn events_number_their_buffers_across_arguments() {
    let emitter = Emitter::new();
    let seen: Arc<Mutex<Vec<Event>>> = Arc::default();
    let sink = Arc::clone(&seen);
    emitter.connect(move |event: Event| sink.lock().unwrap().push(event));
    FilesEvents::new(emitter)
        .changed(
            Target::All,
            &b"old".to_vec().into(),
            &b"new".to_vec().into(),
        )
        .unwrap();
    let events = seen.lock().unwrap();
    assert_eq!(events[0].args, r#"[{"$ipcBytes":0},{"$ipcBytes":1}]"#);
    assert_eq!(events[0].buffers, [b"old".to_vec(), b"new".to_vec()]);
}

#[test]
fn the_declarations_say_uint8array() {
    let schema = router().schema("files").unwrap();
    let text = serde_json::to_string(&schema).unwrap();
    assert!(
        text.contains(r#""params":[{"name":"data","jsName":"data","type":"Uint8Array"}],"returns":"Uint8Array""#),
        "{text}"
    );
    assert!(text.contains("byteBuf: Uint8Array"), "{text}");
    assert!(text.contains("shared: Uint8Array"), "{text}");
    assert!(text.contains("marked: Uint8Array"), "{text}");
    assert!(text.contains("numbers: Array<number>"), "{text}");
}

/// Bytes inside an untagged enum: serde buffers the variant's content in
/// its own deserializer, which does not ask for bytes (docs/wire.md, "Gaps").
#[derive(Debug, Clone, Serialize, Deserialize, electron_ipc::TS)]
#[serde(untagged)]
pub enum Loose {
    /// Bytes.
    Data {
        /// The bytes.
        data: electron_ipc::Bytes,
    },
}

/// A service with the documented gap.
#[service]
pub trait Gaps {
    /// Echoes.
    fn loose(&self, value: Loose) -> Loose;
    /// Answers bytes in the enum.
    fn make(&self) -> Loose;
}

struct Gap;

impl Gaps for Gap {
    fn loose(&self, value: Loose) -> Loose {
        value
    }
    fn make(&self) -> Loose {
        Loose::Data {
            data: b"y".to_vec().into(),
        }
    }
}

#[test]
fn bytes_inside_an_untagged_enum_are_the_documented_gap() {
    let router = Router::new().service(GapsService::new(Gap));
    let (code, _, data) = error(&call(
        &router,
        "gaps:loose",
        r#"[{"data":{"$ipcBytes":0}}]"#,
        &[b"x"],
    ));
    assert_eq!(code, ErrorCode::BadArguments);
    assert_eq!(data["argument"], "value");
    // Out of Rust they are written as bytes all the same.
    let response = call(&router, "gaps:make", "[]", &[]);
    assert_eq!(value(&response), json!({ "data": { "$ipcBytes": 0 } }));
    assert_eq!(response.buffers(), [b"y".to_vec()]);
}
