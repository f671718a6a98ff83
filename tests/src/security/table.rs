//! The bad-input table at the Rust level: one row per hostile input, each a
//! test of its own, and the Markdown that SECURITY.md must carry.

use electron_ipc::{Context, Reply, Router};
use serde_json::Value;

/// What a row expects.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Success with this value (JSON text, compared as parsed JSON).
    Value(&'static str),
    /// An error envelope with this code.
    Code(&'static str),
    /// `ERR_BAD_ARGUMENTS` pointing at this serde path inside the argument.
    BadAt(&'static str),
}

/// One hostile input.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The test's name.
    pub name: &'static str,
    /// What is sent, in words.
    pub input: &'static str,
    /// The channel called.
    pub channel: fn() -> String,
    /// The JSON text of the arguments.
    pub args: fn() -> String,
    /// The outcome.
    pub expect: Expect,
}

/// Calls the router once and parses the envelope, insisting that it is
/// well formed: `ok` xor `error`, with a known code.
pub fn envelope(router: &Router, channel: &str, args: &str) -> Value {
    let response = match router.call(channel, args, Context::default()) {
        Reply::Ready(response) => response,
        Reply::Pending(future) => tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
            .block_on(future),
    };
    let envelope: Value = serde_json::from_str(&response.to_json()).expect("envelopes are JSON");
    check_shape(&envelope);
    envelope
}

/// `{ ok: true, value }` or `{ ok: false, error: { code, message, data? } }`
/// with a documented code, and nothing else.
pub fn check_shape(envelope: &Value) {
    let object = envelope.as_object().expect("an envelope is an object");
    match object.get("ok") {
        Some(Value::Bool(true)) => {
            assert!(object.contains_key("value"), "{envelope}");
            assert_eq!(object.len(), 2, "{envelope}");
        }
        Some(Value::Bool(false)) => {
            assert_eq!(object.len(), 2, "{envelope}");
            let error = object["error"].as_object().expect("error is an object");
            let code = error["code"].as_str().expect("code is a string");
            assert!(
                electron_ipc::ErrorCode::ALL
                    .iter()
                    .any(|known| known.as_str() == code),
                "unknown code {code}"
            );
            assert!(error["message"].is_string(), "{envelope}");
            assert!(error
                .keys()
                .all(|k| ["code", "message", "data"].contains(&k.as_str())));
        }
        _ => panic!("`ok` must be a boolean: {envelope}"),
    }
}

/// Runs one row against `router`.
pub fn check(router: &Router, row: &Row) {
    let envelope = envelope(router, &(row.channel)(), &(row.args)());
    match row.expect {
        Expect::Value(json) => {
            let expected: Value = serde_json::from_str(json).expect("the row's value is JSON");
            assert_eq!(envelope["ok"], true, "{}: {envelope}", row.name);
            assert_eq!(envelope["value"], expected, "{}", row.name);
        }
        Expect::Code(code) => {
            assert_eq!(envelope["ok"], false, "{}: {envelope}", row.name);
            assert_eq!(envelope["error"]["code"], code, "{}: {envelope}", row.name);
        }
        Expect::BadAt(path) => {
            assert_eq!(envelope["ok"], false, "{}: {envelope}", row.name);
            let error = &envelope["error"];
            assert_eq!(
                error["code"], "ERR_BAD_ARGUMENTS",
                "{}: {envelope}",
                row.name
            );
            assert_eq!(error["data"]["path"], path, "{}: {envelope}", row.name);
        }
    }
}

/// The rows as the Markdown table of SECURITY.md.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from("| channel | input (JSON arguments) | outcome |\n|---|---|---|\n");
    for row in rows {
        let outcome = match row.expect {
            Expect::Value(json) => format!("accepted: `{json}`"),
            Expect::Code(code) => format!("`{code}`"),
            Expect::BadAt(path) => format!("`ERR_BAD_ARGUMENTS` at `{path}`"),
        };
        let channel: String = (row.channel)().chars().take(24).collect();
        let channel = channel.replace('\0', "\\0");
        out.push_str(&format!("| `{channel}` | {} | {outcome} |\n", row.input));
    }
    out
}
