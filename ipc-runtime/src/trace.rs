//! `tracing` spans around dispatch (the `tracing` feature).

use futures_util::FutureExt;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use crate::envelope::Response;
use crate::service::Reply;

/// Runs one call in an `ipc.dispatch` span (level DEBUG) with the fields
/// `channel` and `args_bytes`, and records `code` (`OK` or the error code)
/// and `answer_bytes` (the envelope's length) when it answers; an async
/// handler's future runs inside the span.
pub(crate) fn dispatch(channel: &str, args_bytes: usize, call: impl FnOnce() -> Reply) -> Reply {
    let span = tracing::debug_span!(
        "ipc.dispatch",
        channel,
        args_bytes,
        code = Empty,
        answer_bytes = Empty
    );
    match span.in_scope(call) {
        Reply::Ready(response) => {
            record(&span, &response);
            Reply::Ready(response)
        }
        Reply::Pending(future) => {
            let inner = span.clone();
            Reply::Pending(Box::pin(future.instrument(inner).map(move |response| {
                record(&span, &response);
                response
            })))
        }
    }
}

fn record(span: &Span, response: &Response) {
    if span.is_disabled() {
        return;
    }
    let code = response.error().map_or("OK", |error| error.code.as_str());
    span.record("code", code);
    span.record("answer_bytes", response.to_json().len());
}
