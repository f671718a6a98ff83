//! The envelope's error codes: the `code` of every error the renderer sees.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
///
/// The string form (`ERR_UNKNOWN_CHANNEL`, …) is part of the wire contract and
/// never changes for an existing code. New codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
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
    /// `data`: `{ "index"?, "argument"?, "path"?, "expected"?, "received"? }`
    /// (the runtime's `BadArguments`).
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
    /// process glue before the call reaches the router): it failed the
    /// sender checks, or its window was not granted a capability the channel
    /// requires (`#[service(capability = "…")]`, `#[ipc(capability = "…")]`).
    ///
    /// `data`: `{ "reason": string, "capability"?: string }` (`capability`:
    /// the one that is missing).
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
    /// The preload, the main-process glue and the addon were not all built
    /// from the same schema (the handshake of docs/wire.md): the main glue
    /// answers every call of that schema with this code, without running a
    /// handler.
    ///
    /// `data`: `{ "part": "preload" | "main" | "addon", "app": string,
    /// "expected": string, "actual": string | null }` (`sha256:…` hashes;
    /// `part` is the side that differs).
    #[serde(rename = "ERR_SCHEMA_MISMATCH")]
    SchemaMismatch,
    /// The caller cancelled the call (an `AbortSignal` from the page), or
    /// the frame that made it went away (closed, reloaded, navigated) or
    /// the main glue was disposed: the handler's future was dropped and no
    /// answer was sent. The page's promise rejects with it at once.
    ///
    /// `data`: `{ "reason": "signal" | "frame" | "dispose" }` where known.
    #[serde(rename = "ERR_CANCELLED")]
    Cancelled,
    /// The sending frame already has as many open streams as the limit
    /// allows (docs/wire.md, "Streams"): the stream was not opened and its
    /// method did not run.
    ///
    /// `data`: `{ "limit": number }`.
    #[serde(rename = "ERR_STREAM_LIMIT")]
    StreamLimit,
    /// A relay message named a role no window holds or ever held (or, when
    /// the app declares its roles, one it does not declare): answered by the
    /// main glue, nothing is delivered (docs/wire.md, "Window-to-window
    /// messages").
    ///
    /// `data`: `{ "role": string }`.
    #[serde(rename = "ERR_UNKNOWN_ROLE")]
    UnknownRole,
    /// A relay message's role has no live window that may receive it now:
    /// none is open yet, all closed, or none holds the channel's
    /// capabilities.
    ///
    /// `data`: `{ "role": string }`.
    #[serde(rename = "ERR_NO_TARGET")]
    NoTarget,
    /// A window addressed a relay message to its own role while it is the
    /// only window of that role: delivering it would loop back.
    ///
    /// `data`: `{ "role": string }`.
    #[serde(rename = "ERR_SELF_TARGET")]
    SelfTarget,
    /// The sending window is over its relay rate, or the target window has
    /// as many pending requests as the limit allows: nothing is delivered,
    /// and other windows are not affected.
    ///
    /// `data`: `{ "limit": number, "per": "second" | "pending" }`.
    #[serde(rename = "ERR_RATE_LIMITED")]
    RateLimited,
    /// The window a relay request went to closed, reloaded or navigated
    /// before it answered.
    ///
    /// `data`: `{ "role": string }`.
    #[serde(rename = "ERR_TARGET_GONE")]
    TargetGone,
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
        ErrorCode::SchemaMismatch,
        ErrorCode::Cancelled,
        ErrorCode::StreamLimit,
        ErrorCode::UnknownRole,
        ErrorCode::NoTarget,
        ErrorCode::SelfTarget,
        ErrorCode::RateLimited,
        ErrorCode::TargetGone,
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
            ErrorCode::SchemaMismatch => "ERR_SCHEMA_MISMATCH",
            ErrorCode::Cancelled => "ERR_CANCELLED",
            ErrorCode::StreamLimit => "ERR_STREAM_LIMIT",
            ErrorCode::UnknownRole => "ERR_UNKNOWN_ROLE",
            ErrorCode::NoTarget => "ERR_NO_TARGET",
            ErrorCode::SelfTarget => "ERR_SELF_TARGET",
            ErrorCode::RateLimited => "ERR_RATE_LIMITED",
            ErrorCode::TargetGone => "ERR_TARGET_GONE",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
