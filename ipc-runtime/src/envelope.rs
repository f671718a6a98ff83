//! The response envelope: the one shape every call answers with.
//!
//! The envelope is the contract with the JavaScript side, so its JSON form is
//! fixed and documented here:
//!
//! ```json
//! { "ok": true,  "value": <the method's return value, null for unit and send> }
//! { "ok": false, "error": { "code": "ERR_…", "message": "…", "data": <optional> } }
//! ```
//!
//! `code` is one of [`ErrorCode`]; `data` is present only where the code
//! documents it. The preload turns an error envelope into a rejected promise
//! whose reason is a plain object with the same `code`, `message` and `data`
//! (plus the `channel`), so typed errors survive `contextBridge`.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use electron_ipc_schema::ErrorCode;

/// The `data` of an [`ErrorCode::BadArguments`] error: which argument was
/// wrong and where inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BadArguments {
    /// Zero-based position of the offending argument, when one is to blame.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub index: Option<usize>,
    /// Declared name of the offending argument.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub argument: Option<String>,
    /// serde's path to the offending value inside the argument, e.g.
    /// `items[2].title`; `.` when the argument itself is wrong.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// Number of arguments the channel takes (arity errors only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected: Option<usize>,
    /// Number of arguments received (arity errors only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub received: Option<usize>,
}

/// The error half of the envelope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IpcError {
    /// What went wrong, as a stable code.
    pub code: ErrorCode,
    /// A human-readable explanation. Never parse it: use `code` and `data`.
    pub message: String,
    /// Structured details, typed by `code` (see [`ErrorCode`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub data: Option<Box<RawValue>>,
}

impl IpcError {
    /// An error with a code and message and no data.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// Attaches structured data. Data that cannot be serialized is dropped
    /// rather than failing the error path.
    #[must_use]
    pub fn with_data<T: Serialize + ?Sized>(mut self, data: &T) -> Self {
        self.data = crate::wire::to_raw(data).ok();
        self
    }

    /// The code of the error.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// `data` decoded as `T`, e.g. the method's typed error of an
    /// [`ErrorCode::Handler`] error; an error without data decodes as `null`.
    pub fn data_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.data.as_ref().map_or("null", |data| data.get()))
    }
}

/// Errors are equal when their code, message and data text are.
impl PartialEq for IpcError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.message == other.message
            && self.data.as_ref().map(|d| d.get()) == other.data.as_ref().map(|d| d.get())
    }
}

/// Responses are equal when their envelopes' JSON text and their bytes are.
impl PartialEq for Response {
    fn eq(&self, other: &Self) -> bool {
        let same = match (&self.result, &other.result) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        same && self.buffers() == other.buffers() && self.bigints() == other.bigints()
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

/// The answer to one call: a value or an [`IpcError`].
///
/// Serialize it with [`Response::into_json`] (or [`Response::to_json`]) for
/// the JavaScript side.
#[derive(Clone)]
pub struct Response {
    /// A success holds its finished envelope, `{"ok":true,"value":…}`,
    /// written in one pass when the value was serialized; an error is
    /// serialized when asked for. Boxed: the answer moves through a few
    /// frames on every call, and a success is the common case.
    result: Result<String, Box<IpcError>>,
    /// What goes beside the JSON, boxed and `None` for the answers that
    /// have nothing there (most of them): the answer is 32 bytes where it
    /// would be 56, on its way out through the frames of every call.
    beside: Option<Box<Beside>>,
}

/// What goes beside a [`Response`]'s JSON.
#[derive(Debug, Clone)]
struct Beside {
    /// The bytes of the value (or of the error's `data`), numbered as its
    /// placeholders number them (docs/wire.md, "Bytes").
    buffers: Vec<Vec<u8>>,
    /// How many bigint placeholders the value (or the error's `data`)
    /// holds (docs/wire.md, "64-bit integers"); 0 under the `number` policy.
    bigints: usize,
}

impl Beside {
    /// `None` when there is nothing beside the JSON.
    #[inline]
    fn new(buffers: Vec<Vec<u8>>, bigints: usize) -> Option<Box<Beside>> {
        if buffers.is_empty() && bigints == 0 {
            if buffers.capacity() == 0 {
                // It owns no allocation: nothing to free, so no call to
                // the drop of a `Vec` of `Vec`s on the path of every call.
                std::mem::forget(buffers);
            }
            return None;
        }
        Some(Box::new(Beside { buffers, bigints }))
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("result", &self.result)
            .field("buffers", &self.buffers())
            .field("bigints", &self.bigints())
            .finish()
    }
}

/// What every success envelope starts with; it ends with `}`.
const OK_PREFIX: &str = "{\"ok\":true,\"value\":";

impl Response {
    /// A successful response carrying already-serialized JSON.
    // Takes the `Box` it always took, though it only reads the text.
    #[allow(clippy::boxed_local)]
    pub fn ok(value: Box<RawValue>) -> Self {
        let value = value.get();
        let mut envelope = String::with_capacity(OK_PREFIX.len() + value.len() + 1);
        envelope.push_str(OK_PREFIX);
        envelope.push_str(value);
        envelope.push('}');
        Response {
            result: Ok(envelope),
            beside: None,
        }
    }

    /// A successful response carrying `value`, serialized with the checks
    /// of docs/wire.md straight into the envelope's text: one buffer, one
    /// pass, nothing copied afterwards. 64-bit integers are written as
    /// `policy` says.
    pub(crate) fn ok_value<T: Serialize + ?Sized>(
        value: &T,
        policy: crate::schema::Int64,
    ) -> Result<Self, crate::wire::EncodeError> {
        #[derive(Serialize)]
        struct Envelope<'a, T: ?Sized> {
            ok: bool,
            value: crate::wire::CheckedValue<'a, 'a, T>,
        }
        let sink = crate::wire::Sink::default();
        let count = crate::wire::Count::default();
        let mode = crate::wire::Out::with_policy(Some(&sink), policy, &count);
        let envelope = serde_json::to_string(&Envelope {
            ok: true,
            value: crate::wire::CheckedValue(value, &mode),
        })?;
        debug_assert!(envelope.starts_with(OK_PREFIX) && envelope.ends_with('}'));
        Ok(Response {
            result: Ok(envelope),
            beside: Beside::new(sink.into_inner(), count.get()),
        })
    }

    /// A successful response whose value is the JSON text `value`, with
    /// the bytes and the count of bigint placeholders that text holds (the
    /// parts of values already encoded one by one, see
    /// `__private::js_values`).
    pub(crate) fn ok_parts(value: &str, buffers: Vec<Vec<u8>>, bigints: usize) -> Self {
        let mut envelope = String::with_capacity(OK_PREFIX.len() + value.len() + 1);
        envelope.push_str(OK_PREFIX);
        envelope.push_str(value);
        envelope.push('}');
        Response {
            result: Ok(envelope),
            beside: Beside::new(buffers, bigints),
        }
    }

    /// A successful response whose value is `bytes`, moved beside the JSON
    /// as its one buffer: `{"ok":true,"value":{"$ipcBytes":0}}`, exactly
    /// what encoding a returned [`Bytes`](crate::Bytes) writes, without
    /// copying a byte.
    pub(crate) fn ok_bytes(bytes: Vec<u8>) -> Self {
        Response {
            result: Ok(format!(
                "{OK_PREFIX}{{\"{}\":0}}}}",
                crate::wire::bytes::PLACEHOLDER_KEY
            )),
            beside: Beside::new(vec![bytes], 0),
        }
    }

    /// The answer to the first read of a state: `{"version":n,"value":…}`,
    /// with the value's bytes.
    pub(crate) fn state(published: &crate::state::Published) -> Self {
        let version = published.version.to_string();
        let mut envelope =
            String::with_capacity(OK_PREFIX.len() + published.json.len() + version.len() + 24);
        envelope.push_str(OK_PREFIX);
        envelope.push_str("{\"version\":");
        envelope.push_str(&version);
        envelope.push_str(",\"value\":");
        envelope.push_str(&published.json);
        envelope.push_str("}}");
        Response {
            result: Ok(envelope),
            beside: Beside::new(published.buffers.clone(), published.bigints),
        }
    }

    /// A successful response with `null` (unit returns and `send` channels).
    pub fn null() -> Self {
        Response {
            result: Ok(format!("{OK_PREFIX}null}}")),
            beside: None,
        }
    }

    /// A failed response.
    pub fn err(error: IpcError) -> Self {
        Response {
            result: Err(Box::new(error)),
            beside: None,
        }
    }

    /// The response to a call of `channel` that exceeded `timeout`:
    /// [`ErrorCode::Timeout`] with `data: { "timeoutMs": number }`. For hosts
    /// that enforce [`Limits::timeout`](crate::Limits::timeout).
    pub fn timed_out(channel: &str, timeout: std::time::Duration) -> Self {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Data {
            timeout_ms: u128,
        }
        let timeout_ms = timeout.as_millis();
        Response::err(
            IpcError::new(
                ErrorCode::Timeout,
                format!("`{channel}` did not answer within {timeout_ms} ms"),
            )
            .with_data(&Data { timeout_ms }),
        )
    }

    /// The response to a call of `channel` that its caller cancelled (or
    /// whose frame went away): [`ErrorCode::Cancelled`]. For hosts that drop
    /// a cancelled call's future; the page has stopped waiting for it.
    pub fn cancelled(channel: &str) -> Self {
        Response::err(IpcError::new(
            ErrorCode::Cancelled,
            format!("`{channel}` was cancelled"),
        ))
    }

    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The JSON text of the value inside a success envelope.
    fn value_text(envelope: &str) -> &str {
        &envelope[OK_PREFIX.len()..envelope.len() - 1]
    }

    /// The JSON of the value, if the call succeeded.
    ///
    /// The value is kept inside the envelope's text, so this reads it again
    /// (a pass over the value's JSON): meant for tests and inspection, not
    /// for the path of every call.
    pub fn value(&self) -> Option<&RawValue> {
        let envelope = self.result.as_ref().ok()?;
        serde_json::from_str(Response::value_text(envelope)).ok()
    }

    /// The error, if the call failed.
    pub fn error(&self) -> Option<&IpcError> {
        self.result.as_ref().err().map(Box::as_ref)
    }

    /// The result as a plain `Result` (copies the value's JSON out of the
    /// envelope; see [`Response::value`]).
    pub fn into_result(self) -> Result<Box<RawValue>, IpcError> {
        let envelope = self.result.map_err(|error| *error)?;
        RawValue::from_string(Response::value_text(&envelope).to_owned()).map_err(|error| {
            // Cannot happen: the text was written by serde_json or taken
            // from a `RawValue`.
            IpcError::new(ErrorCode::BadResponse, error.to_string())
        })
    }

    /// The envelope's JSON text, as documented at the top of this module.
    ///
    /// A success's envelope was written when the value was serialized: this
    /// copies it. [`Response::into_json`] hands it over instead.
    pub fn to_json(&self) -> String {
        match &self.result {
            Ok(envelope) => envelope.clone(),
            Err(error) => error_envelope(error),
        }
    }

    /// The same response, with the bytes its placeholders name.
    pub(crate) fn with_buffers(mut self, buffers: Vec<Vec<u8>>) -> Self {
        let bigints = self.bigints();
        self.beside = Beside::new(buffers, bigints);
        self
    }

    /// The size of a success: its envelope's JSON plus its bytes (what
    /// the item limit of a stream counts); 0 for an error.
    pub(crate) fn size(&self) -> usize {
        match &self.result {
            Ok(envelope) => envelope.len() + self.buffers().iter().map(Vec::len).sum::<usize>(),
            Err(_) => 0,
        }
    }

    /// The bytes that go beside the envelope's JSON: buffer `n` is what the
    /// placeholder `{"$ipcBytes": n}` in the value (or the error's `data`)
    /// stands for (docs/wire.md, "Bytes"). Empty for most answers.
    pub fn buffers(&self) -> &[Vec<u8>] {
        self.beside
            .as_deref()
            .map_or(&[], |beside| beside.buffers.as_slice())
    }

    /// How many bigint placeholders `{"$ipcBigInt":"<decimal>"}` the value
    /// (or the error's `data`) holds: what a host sends beside the JSON so
    /// the main glue revives exactly those (docs/wire.md, "64-bit
    /// integers"). Always 0 under the `number` policy.
    pub fn bigints(&self) -> usize {
        self.beside.as_deref().map_or(0, |beside| beside.bigints)
    }

    /// The same response, counting `bigints` placeholders.
    pub(crate) fn with_bigints(mut self, bigints: usize) -> Self {
        let buffers = self.beside.take().map(|beside| beside.buffers);
        self.beside = Beside::new(buffers.unwrap_or_default(), bigints);
        self
    }

    /// The envelope's JSON text and its bytes, as a host sends them.
    pub fn into_parts(self) -> (String, Vec<Vec<u8>>) {
        let buffers = self.beside.map(|beside| beside.buffers).unwrap_or_default();
        let json = match self.result {
            Ok(envelope) => envelope,
            Err(error) => error_envelope(&error),
        };
        (json, buffers)
    }

    /// The envelope's JSON text, as [`Response::to_json`], without copying
    /// a success's envelope: the way a host sends the answer.
    #[inline]
    pub fn into_json(self) -> String {
        match self.result {
            Ok(envelope) => envelope,
            Err(error) => error_envelope(&error),
        }
    }
}

/// `{"ok":false,"error":…}`.
fn error_envelope(error: &IpcError) -> String {
    // Serializing an `IpcError` cannot fail: its fields are a string, a unit
    // enum and already-valid raw JSON.
    let error = serde_json::to_string(error).unwrap_or_else(|_| {
        String::from(r#"{"code":"ERR_BAD_RESPONSE","message":"unserializable error"}"#)
    });
    let mut out = String::with_capacity(error.len() + 21);
    out.push_str("{\"ok\":false,\"error\":");
    out.push_str(&error);
    out.push('}');
    out
}

impl From<IpcError> for Response {
    fn from(error: IpcError) -> Self {
        Response::err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Int64;

    #[test]
    fn a_success_is_written_once_and_read_back() {
        #[derive(Serialize)]
        struct Todo<'a> {
            id: u32,
            title: &'a str,
        }
        let response = Response::ok_value(
            &Todo {
                id: 7,
                title: "milk \"2%\"",
            },
            Int64::Number,
        )
        .unwrap();
        let expected = r#"{"ok":true,"value":{"id":7,"title":"milk \"2%\""}}"#;
        assert!(response.is_ok());
        assert_eq!(response.to_json(), expected);
        assert_eq!(
            response.value().unwrap().get(),
            r#"{"id":7,"title":"milk \"2%\""}"#
        );
        assert!(response.error().is_none());
        assert_eq!(response.clone().into_json(), expected);
        assert_eq!(
            response.into_result().unwrap().get(),
            r#"{"id":7,"title":"milk \"2%\""}"#
        );
    }

    #[test]
    fn every_constructor_answers_the_same_envelope_for_the_same_value() {
        let raw = RawValue::from_string(String::from("[1,2]")).unwrap();
        let from_raw = Response::ok(raw);
        let from_value = Response::ok_value(&[1, 2], Int64::Number).unwrap();
        assert_eq!(from_raw, from_value);
        assert_eq!(from_raw.into_json(), r#"{"ok":true,"value":[1,2]}"#);
        assert_eq!(Response::null().to_json(), r#"{"ok":true,"value":null}"#);
        assert_eq!(Response::null().value().unwrap().get(), "null");
        assert_eq!(
            Response::ok_value(&(), Int64::Number).unwrap(),
            Response::null()
        );
    }

    #[test]
    fn a_value_javascript_would_receive_wrong_is_refused_whole() {
        let error = Response::ok_value(&[1u64, 1 << 60], Int64::Number).unwrap_err();
        assert!(error.to_string().contains("2^53"), "{error}");
        assert!(Response::ok_value(&f64::NAN, Int64::Number).is_err());
    }

    #[test]
    fn an_error_envelope_is_the_same_whichever_way_it_is_taken() {
        let response =
            Response::err(IpcError::new(ErrorCode::Handler, "no such list").with_data(&[1, 2]));
        let expected =
            r#"{"ok":false,"error":{"code":"ERR_HANDLER","message":"no such list","data":[1,2]}}"#;
        assert!(!response.is_ok());
        assert!(response.value().is_none());
        assert_eq!(response.to_json(), expected);
        assert_eq!(response.clone().into_json(), expected);
        assert_eq!(response.error().unwrap().code(), ErrorCode::Handler);
        assert_ne!(response, Response::null());
        assert_eq!(response.into_result().unwrap_err().message, "no such list");
    }
}
