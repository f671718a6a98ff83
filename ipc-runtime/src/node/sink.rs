//! The `setEventSink` export: events from any Rust thread to a JavaScript
//! function on the environment's thread.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::{FnArgs, Function, Uint8Array};
use napi::threadsafe_function::{
    ThreadsafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode, UnknownReturnValue,
};
use napi::Status;
use napi_derive::napi;
use serde_json::Value;

use super::backend::Backend;
use crate::events::{Event, EventSink, Target};

/// The arguments the JavaScript sink receives: `(channel, argsJson,
/// target)`, the event's bytes when it has any (docs/wire.md, "Bytes"),
/// and the count of its bigint placeholders when it has any (docs/wire.md,
/// "64-bit integers").
type SinkArgs = FnArgs<(
    &'static str,
    String,
    Value,
    Option<Vec<Uint8Array>>,
    Option<u32>,
)>;

/// A threadsafe handle on the JavaScript sink. Not callee-handled (the sink
/// gets no leading error argument), weak (it never keeps Node alive), with
/// an unbounded queue (emitters never block or lose events).
type SinkFunction = ThreadsafeFunction<Event, UnknownReturnValue, SinkArgs, Status, false, true, 0>;

struct JsSink(SinkFunction);

impl EventSink for JsSink {
    fn deliver(&self, event: Event) {
        // The only failure is a closing environment, whose windows are gone:
        // the event has nowhere to go.
        let _ = self.0.call(event, ThreadsafeFunctionCallMode::NonBlocking);
    }
}

/// `IpcBackend.setEventSink(sink | null)` of docs/wire.md.
#[napi(js_name = "setEventSink", catch_unwind)]
fn set_event_sink(sink: Option<Function<'_, SinkArgs, UnknownReturnValue>>) -> napi::Result<()> {
    let emitter = Backend::current()?.router.emitter();
    let Some(sink) = sink else {
        emitter.disconnect();
        return Ok(());
    };
    let function = sink
        .build_threadsafe_function::<Event>()
        .callee_handled::<false>()
        .weak::<true>()
        .max_queue_size::<0>()
        .build_callback(sink_arguments)?;
    emitter.connect(JsSink(function));
    Ok(())
}

/// Turns an event into the sink's arguments, on the JavaScript thread.
fn sink_arguments(context: ThreadsafeCallContext<Event>) -> napi::Result<SinkArgs> {
    // This runs inside a Node-API callback, where unwinding would abort the
    // process.
    catch_unwind(AssertUnwindSafe(|| {
        let Event {
            target,
            channel,
            args,
            buffers,
            bigints,
        } = context.value;
        let buffers =
            (!buffers.is_empty()).then(|| buffers.into_iter().map(Uint8Array::new).collect());
        let bigints = (bigints > 0).then(|| u32::try_from(bigints).unwrap_or(u32::MAX));
        FnArgs::from((channel, args, target_object(&target), buffers, bigints))
    }))
    .map_err(|_| napi::Error::from_reason("converting an IPC event for JavaScript panicked"))
}

/// The JavaScript form of a target, as docs/wire.md writes it.
pub(super) fn target_object(target: &Target) -> Value {
    // A unit variant and two variants of integers: serializing cannot fail.
    serde_json::to_value(target).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn targets_have_the_documented_shape() {
        assert_eq!(target_object(&Target::All), json!({ "kind": "all" }));
        assert_eq!(
            target_object(&Target::WebContents { id: 3 }),
            json!({ "kind": "webContents", "id": 3 })
        );
        assert_eq!(
            target_object(&Target::Frame {
                process_id: 7,
                frame_id: 1
            }),
            json!({ "kind": "frame", "processId": 7, "frameId": 1 })
        );
    }
}
