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

/// A stable, machine-readable error code.
///
/// The string form (`ERR_UNKNOWN_CHANNEL`, …) is part of the wire contract and
/// never changes for an existing code. New codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub enum ErrorCode {
    /// No service of the router declares the channel.
    ///
    /// `data`: `{ "channel": string }`.
    #[serde(rename = "ERR_UNKNOWN_CHANNEL")]
    UnknownChannel,
    /// The arguments do not match the declared parameters: wrong count,
    /// wrong JSON, wrong shape, or an integer outside the safe range.
    ///
    /// `data`: [`BadArguments`].
    #[serde(rename = "ERR_BAD_ARGUMENTS")]
    BadArguments,
    /// The handler returned `Err(e)`; `data` is `e` serialized, typed by the
    /// method's declared error type.
    #[serde(rename = "ERR_HANDLER")]
    Handler,
    /// The handler panicked. The panic was caught and the router keeps
    /// serving; the panic message is not sent to the renderer.
    #[serde(rename = "ERR_PANIC")]
    Panic,
    /// The sender is not allowed to use the channel (checked by the main
    /// process glue before the call reaches the router).
    #[serde(rename = "ERR_FORBIDDEN")]
    Forbidden,
    /// The arguments exceed the configured size limit.
    ///
    /// `data`: `{ "limit": number, "size": number }` (bytes of JSON).
    #[serde(rename = "ERR_PAYLOAD_TOO_LARGE")]
    PayloadTooLarge,
    /// The handler's value could not be sent: it does not serialize to JSON,
    /// or holds an integer JavaScript cannot represent exactly.
    #[serde(rename = "ERR_BAD_RESPONSE")]
    BadResponse,
    /// The call did not complete within the configured timeout.
    #[serde(rename = "ERR_TIMEOUT")]
    Timeout,
    /// The message never reached a handler or its reply never came back
    /// (produced on the JavaScript side, e.g. no handler registered in main).
    #[serde(rename = "ERR_TRANSPORT")]
    Transport,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::UnknownChannel,
        ErrorCode::BadArguments,
        ErrorCode::Handler,
        ErrorCode::Panic,
        ErrorCode::Forbidden,
        ErrorCode::PayloadTooLarge,
        ErrorCode::BadResponse,
        ErrorCode::Timeout,
        ErrorCode::Transport,
    ];

    /// The wire form of the code, e.g. `"ERR_UNKNOWN_CHANNEL"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownChannel => "ERR_UNKNOWN_CHANNEL",
            ErrorCode::BadArguments => "ERR_BAD_ARGUMENTS",
            ErrorCode::Handler => "ERR_HANDLER",
            ErrorCode::Panic => "ERR_PANIC",
            ErrorCode::Forbidden => "ERR_FORBIDDEN",
            ErrorCode::PayloadTooLarge => "ERR_PAYLOAD_TOO_LARGE",
            ErrorCode::BadResponse => "ERR_BAD_RESPONSE",
            ErrorCode::Timeout => "ERR_TIMEOUT",
            ErrorCode::Transport => "ERR_TRANSPORT",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `data` of an [`ErrorCode::BadArguments`] error: which argument was
/// wrong and where inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
}

/// Errors are equal when their code, message and data text are.
impl PartialEq for IpcError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.message == other.message
            && self.data.as_ref().map(|d| d.get()) == other.data.as_ref().map(|d| d.get())
    }
}

/// Responses are equal when their envelopes' JSON text is.
impl PartialEq for Response {
    fn eq(&self, other: &Self) -> bool {
        self.to_json() == other.to_json()
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
/// Serialize it with [`Response::to_json`] for the JavaScript side.
#[derive(Debug, Clone)]
pub struct Response {
    result: Result<Box<RawValue>, IpcError>,
}

impl Response {
    /// A successful response carrying already-serialized JSON.
    pub fn ok(value: Box<RawValue>) -> Self {
        Response { result: Ok(value) }
    }

    /// A successful response with `null` (unit returns and `send` channels).
    pub fn null() -> Self {
        Response::ok(crate::wire::null())
    }

    /// A failed response.
    pub fn err(error: IpcError) -> Self {
        Response { result: Err(error) }
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

    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }

    /// The JSON of the value, if the call succeeded.
    pub fn value(&self) -> Option<&RawValue> {
        self.result.as_ref().ok().map(|v| &**v)
    }

    /// The error, if the call failed.
    pub fn error(&self) -> Option<&IpcError> {
        self.result.as_ref().err()
    }

    /// The result as a plain `Result`.
    pub fn into_result(self) -> Result<Box<RawValue>, IpcError> {
        self.result
    }

    /// The envelope's JSON text, as documented at the top of this module.
    pub fn to_json(&self) -> String {
        match &self.result {
            Ok(value) => {
                let value = value.get();
                let mut out = String::with_capacity(value.len() + 22);
                out.push_str("{\"ok\":true,\"value\":");
                out.push_str(value);
                out.push('}');
                out
            }
            Err(error) => {
                // Serializing an `IpcError` cannot fail: its fields are a
                // string, a unit enum and already-valid raw JSON.
                let error = serde_json::to_string(error).unwrap_or_else(|_| {
                    String::from(r#"{"code":"ERR_BAD_RESPONSE","message":"unserializable error"}"#)
                });
                let mut out = String::with_capacity(error.len() + 21);
                out.push_str("{\"ok\":false,\"error\":");
                out.push_str(&error);
                out.push('}');
                out
            }
        }
    }
}

impl From<IpcError> for Response {
    fn from(error: IpcError) -> Self {
        Response::err(error)
    }
}
