//! The streams one Node environment has open (docs/wire.md, "Streams",
//! "The backend interface for streams"): `openStream`, `pullStream` and
//! `closeStream`; and for a stream the page also sends to (a method that
//! takes an `Incoming<T>`), `pushStream`, `endStream`, `abortStream` and
//! `creditStream`.
//!
//! The main glue pulls only while the page has granted credit, one pull at a
//! time, each answering a batch: the next item, and then every item the
//! stream has ready at once, within the credit it was given. So this table
//! holds each stream either idle (between pulls) or inside the future of its
//! one pull in flight. Closing a stream drops it at
//! once when idle, and aborts its pull otherwise: the pull's future is woken,
//! drops the stream at its next poll and answers the end.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::{AbortHandle, Abortable};
use futures_util::{FutureExt, StreamExt};
use napi::bindgen_prelude::{Either, PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;

use super::backend::{decode_buffers, decode_call, js_answer, parts, Backend, JsAnswer, Parts};
use crate::context::Context;
use crate::envelope::{ErrorCode, IpcError, Response};
use crate::incoming::{IncomingError, IncomingFeed, PushedItem};
use crate::stream::{OpenStream, StreamReply};
use crate::wire::Buffers;

/// Where one open stream is.
enum Slot {
    /// Between pulls.
    Idle(OpenStream),
    /// Inside its pull's future; the handle aborts that pull.
    Pulling(AbortHandle),
}

/// The open streams of one environment, by the id `openStream` answered.
#[derive(Default)]
pub(super) struct Streams {
    next_id: u32,
    open: HashMap<u32, Slot>,
    /// The feeds of the open streams the page sends to, by the same id:
    /// reachable while the stream itself is inside its pull.
    feeds: HashMap<u32, Arc<dyn IncomingFeed>>,
}

/// What a pull hands back to the table: the stream (unless it ended or was
/// aborted) and the batch to answer, one entry per envelope in order and
/// `None` for the end.
pub(super) type Pulled = (Option<OpenStream>, Vec<Option<Parts>>);

impl Streams {
    /// Keeps `stream`, answering its id.
    pub(super) fn insert(&mut self, stream: OpenStream) -> u32 {
        // Ids are never reused while a stream holds one: 2^32 streams
        // would have to be open at once for the counter to catch up.
        loop {
            self.next_id = self.next_id.wrapping_add(1);
            if !self.open.contains_key(&self.next_id) {
                break;
            }
        }
        if let Some(feed) = stream.incoming() {
            self.feeds.insert(self.next_id, Arc::clone(feed));
        }
        self.open.insert(self.next_id, Slot::Idle(stream));
        self.next_id
    }

    /// The feed of stream `id`, if it is open and the page sends to it.
    pub(super) fn feed(&self, id: u32) -> Option<&Arc<dyn IncomingFeed>> {
        self.feeds.get(&id)
    }

    /// Starts the pull of stream `id`: the future waits for the next
    /// envelope, then takes every envelope the stream has ready at once
    /// (polled without waiting) until the batch holds `max_items` or
    /// `max_bytes` (an envelope's JSON plus its bytes; the last one may
    /// overshoot it), or the stream ends. Refused (`ERR_BAD_ARGUMENTS`) for
    /// an unknown id and while another pull of it is in flight.
    pub(super) fn pull(
        &mut self,
        id: u32,
        max_items: usize,
        max_bytes: usize,
    ) -> Result<impl Future<Output = Pulled> + Send + 'static, IpcError> {
        let (handle, registration) = AbortHandle::new_pair();
        let slot = self
            .open
            .get_mut(&id)
            .ok_or_else(|| bad_pull(format!("no open stream has the id {id}")))?;
        let Slot::Idle(_) = slot else {
            return Err(bad_pull(format!(
                "stream {id} is already being pulled: pull again once that pull answered"
            )));
        };
        let Slot::Idle(mut stream) = std::mem::replace(slot, Slot::Pulling(handle)) else {
            unreachable!("the slot was idle");
        };
        let next = async move {
            let mut batch = Vec::new();
            let mut bytes = 0;
            let mut item = stream.next().await;
            loop {
                let Some(response) = item else {
                    batch.push(None);
                    return (None, batch);
                };
                let ended = !response.is_ok();
                let parts = parts(response);
                bytes += parts.0.len() + parts.1.iter().map(Vec::len).sum::<usize>();
                batch.push(Some(parts));
                if ended {
                    // An error envelope is the stream's last word.
                    return (None, batch);
                }
                if batch.len() >= max_items || bytes >= max_bytes {
                    return (Some(stream), batch);
                }
                // What is ready now joins the batch; what is not waits for
                // the next pull (dropping `next()` loses nothing).
                match stream.next().now_or_never() {
                    Some(next) => item = next,
                    None => return (Some(stream), batch),
                }
            }
        };
        Ok(async move {
            // Aborted: the stream was dropped with the pull's future.
            Abortable::new(next, registration)
                .await
                .unwrap_or_else(|_| (None, vec![None]))
        })
    }

    /// Puts stream `id` back after its pull, or forgets it when the pull
    /// ended it. A stream closed while it was pulled is dropped here (its
    /// pull was aborted, so this only happens when the abort came after the
    /// item was taken).
    pub(super) fn finish(&mut self, id: u32, stream: Option<OpenStream>) {
        match (self.open.get(&id), stream) {
            (Some(Slot::Pulling(_)), Some(stream)) => {
                self.open.insert(id, Slot::Idle(stream));
            }
            (Some(Slot::Pulling(_)), None) => {
                self.open.remove(&id);
                self.feeds.remove(&id);
            }
            // Closed meanwhile: the stream, if any, drops here.
            _ => {}
        }
    }

    /// Drops stream `id` (idle) or aborts its pull (in flight). Unknown ids
    /// are ignored: the page may close a stream that already ended.
    pub(super) fn close(&mut self, id: u32) {
        match self.open.remove(&id) {
            Some(Slot::Pulling(handle)) => handle.abort(),
            Some(Slot::Idle(stream)) => drop(stream),
            None => {}
        }
        if let Some(feed) = self.feeds.remove(&id) {
            // At once, even before the aborted pull's future is dropped:
            // a consumer the method handed on sees it.
            feed.abort(IncomingError::Cancelled);
        }
    }

    /// How many streams are open.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.open.len()
    }
}

fn bad_pull(message: String) -> IpcError {
    IpcError::new(
        ErrorCode::BadArguments,
        format!("IpcBackend.pullStream: {message}"),
    )
}

/// The envelope `openStream` answers for an opened stream: its id, and
/// for a stream the page sends to, the window the page starts with.
fn opened(id: u32, window: Option<(usize, usize)>) -> Parts {
    let json = match window {
        None => format!(r#"{{"ok":true,"value":{{"stream":{id}}}}}"#),
        Some((items, bytes)) => format!(
            r#"{{"ok":true,"value":{{"stream":{id},"incoming":{{"items":{items},"bytes":{bytes}}}}}}}"#
        ),
    };
    (json, Vec::new(), 0)
}

thread_local! {
    /// The streams of the environment running on this thread.
    pub(super) static STREAMS: RefCell<Streams> = RefCell::new(Streams::default());
}

/// `IpcBackend.openStream(channel, argsJson, sender, buffers?)`: opens the
/// stream of a stream channel; answers `{ ok: true, value: { stream: id } }`
/// or the error envelope, at once or (for an `async` method) as a promise.
#[napi(js_name = "openStream", catch_unwind)]
fn open_stream<'env>(
    env: &'env Env,
    channel: Unknown<'env>,
    args_json: Unknown<'env>,
    sender: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
) -> napi::Result<Either<JsAnswer<'env>, PromiseRaw<'env, JsAnswer<'env>>>> {
    let backend = Backend::current()?;
    let reply = (|| {
        let input = decode_call(channel, args_json, sender)?;
        let slices = decode_buffers(buffers, &|message| {
            IpcError::new(
                ErrorCode::BadArguments,
                format!("IpcBackend.openStream: {message}"),
            )
        })?;
        let bytes: Vec<&[u8]> = slices.iter().map(|slice| slice.as_ref()).collect();
        let context = Context::from_shared_sender(input.sender);
        Ok(napi::bindgen_prelude::within_runtime_if_available(|| {
            backend.router.open_stream_with_buffers(
                &input.channel,
                &input.args,
                &Buffers::new(&bytes),
                context,
            )
        }))
    })()
    .unwrap_or_else(|error: IpcError| StreamReply::Ready(Err(Response::err(error))));
    match reply {
        StreamReply::Ready(result) => Ok(Either::A(js_answer(env, keep(result))?)),
        StreamReply::Pending(future) => env
            .spawn_future_with_callback(async move { Ok(future.await) }, |env, result| {
                js_answer(env, keep(result))
            })
            .map(Either::B),
    }
}

/// Keeps an opened stream in this thread's table and answers its id.
fn keep(result: Result<OpenStream, Response>) -> Parts {
    match result {
        Ok(stream) => {
            let window = stream.incoming().map(|feed| feed.window());
            opened(
                STREAMS.with(|streams| streams.borrow_mut().insert(stream)),
                window,
            )
        }
        Err(response) => parts(response),
    }
}

/// `IpcBackend.pullStream(id, maxItems?, maxBytes?)`: the next batch, an
/// array of answers in order: each item's envelope (string, or `[json,
/// buffers]` when it holds bytes), an error envelope that ends the stream,
/// or `null` for the end (and after `closeStream`). At least one entry; at
/// most `maxItems` (default 1) and, past the first, no more than `maxBytes`
/// (default unlimited) of JSON and bytes. The batch is answered at once
/// when the stream has an item ready, and as a promise of it otherwise. An
/// unknown id, a second pull while one is in flight, or a bad limit answers
/// `[errorEnvelope]` (`ERR_BAD_ARGUMENTS`) at once without touching any
/// stream.
#[napi(js_name = "pullStream", catch_unwind)]
fn pull_stream<'env>(
    env: &'env Env,
    id: Unknown<'env>,
    max_items: Option<Unknown<'env>>,
    max_bytes: Option<Unknown<'env>>,
) -> napi::Result<Either<JsBatch<'env>, PromiseRaw<'env, JsBatch<'env>>>> {
    let pull = (|| {
        let id = stream_id(id)?;
        let max_items = limit(max_items, "maxItems", 1)?;
        let max_bytes = limit(max_bytes, "maxBytes", usize::MAX)?;
        let pull = STREAMS.with(|streams| streams.borrow_mut().pull(id, max_items, max_bytes))?;
        Ok((id, pull))
    })();
    let (id, pull) = match pull {
        Ok(pull) => pull,
        Err(error) => {
            let parts = parts(Response::err(error));
            return Ok(Either::A(vec![Some(js_answer(env, parts)?)]));
        }
    };
    // A ready producer (items buffered, `Stream::iter`) answers without a
    // hop to the runtime's threads and back: the pull is polled once here,
    // and only a pull that has to wait goes to the runtime. Polling it again
    // there with the real waker is what a pending future expects.
    let mut pull = Box::pin(pull);
    let ready = napi::bindgen_prelude::within_runtime_if_available(|| (&mut pull).now_or_never());
    match ready {
        Some(pulled) => Ok(Either::A(answer_batch(env, id, pulled)?)),
        None => env
            .spawn_future_with_callback(async move { Ok(pull.await) }, move |env, pulled| {
                answer_batch(env, id, pulled)
            })
            .map(Either::B),
    }
}

/// A batch as JavaScript receives it.
type JsBatch<'env> = Vec<Option<JsAnswer<'env>>>;

/// Puts stream `id` back (or forgets it) after its pull, and converts the batch.
fn answer_batch<'env>(
    env: &'env Env,
    id: u32,
    (stream, batch): Pulled,
) -> napi::Result<JsBatch<'env>> {
    STREAMS.with(|streams| streams.borrow_mut().finish(id, stream));
    batch
        .into_iter()
        .map(|parts| parts.map(|parts| js_answer(env, parts)).transpose())
        .collect()
}

/// `maxItems` or `maxBytes`: absent or `undefined` (the default), or an
/// integer from 1 to 2^53 − 1.
fn limit(value: Option<Unknown<'_>>, name: &str, default: usize) -> Result<usize, IpcError> {
    use napi::bindgen_prelude::FromNapiValue;
    let Some(value) = value else {
        return Ok(default);
    };
    if value.get_type().ok() == Some(napi::ValueType::Undefined) {
        return Ok(default);
    }
    let number =
        f64::from_unknown(value).map_err(|_| bad_pull(format!("`{name}` must be a number")))?;
    if number.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&number) {
        Ok(number as usize)
    } else {
        Err(bad_pull(format!(
            "`{name}` must be a positive integer, got {number}"
        )))
    }
}

/// `IpcBackend.closeStream(id)`: drops the stream, or aborts its pull in
/// flight (which then answers `null`). Unknown ids and non-ids are ignored.
#[napi(js_name = "closeStream", catch_unwind)]
fn close_stream(id: Unknown<'_>) {
    if let Ok(id) = stream_id(id) {
        STREAMS.with(|streams| streams.borrow_mut().close(id));
    }
}

// ---- From the page to main: the feed of a method's `Incoming` ----

/// `IpcBackend.pushStream(id, itemJson, buffers?, weight?)`: one item the
/// page sent on stream `id`, decoded at once as the method's item type.
/// Answers `null` when it was queued (or dropped: after the end, or once
/// the method no longer reads), or `[items, bytes]` when the method also
/// took items since credit was last reported (what `creditStream` would
/// answer, handed over now), else the error envelope that ended the
/// stream: `ERR_BAD_ARGUMENTS` (with `data.item` and `data.path`),
/// `ERR_PAYLOAD_TOO_LARGE`, or `ERR_STREAM_LIMIT` for an item beyond the
/// window. `weight` is what the item counts against the byte window, as
/// the page and main weigh it (its JSON and bytes when absent). An id
/// that is not open, or not a stream the page sends to, answers
/// `ERR_BAD_ARGUMENTS` and touches nothing.
#[napi(js_name = "pushStream", catch_unwind)]
fn push_stream<'env>(
    id: Unknown<'env>,
    item_json: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
    weight: Option<Unknown<'env>>,
) -> Option<Either<String, Vec<f64>>> {
    use napi::bindgen_prelude::FromNapiValue;
    let pushed = (|| {
        let feed = incoming_feed(id)?;
        let json = String::from_unknown(item_json)
            .map_err(|_| bad_push("the item must be a string of JSON".to_owned()))?;
        let weight = match weight {
            Some(weight) if weight.get_type().ok() != Some(napi::ValueType::Undefined) => {
                let number = f64::from_unknown(weight).unwrap_or(f64::NAN);
                if number.fract() != 0.0 || !(0.0..=9_007_199_254_740_991.0).contains(&number) {
                    return Err(bad_push(
                        "`weight` must be a non-negative integer".to_owned(),
                    ));
                }
                Some(number as usize)
            }
            _ => None,
        };
        let slices = decode_buffers(buffers, &bad_push)?;
        let bytes: Vec<&[u8]> = slices.iter().map(|slice| slice.as_ref()).collect();
        feed.push(&json, &bytes, weight)?;
        Ok(feed.take_taken())
    })();
    match pushed {
        Ok(taken) => taken.map(|(items, bytes)| Either::B(vec![items as f64, bytes as f64])),
        Err(error) => Some(Either::A(parts(Response::err(error)).0)),
    }
}

/// `IpcBackend.pushStreamMany(id, itemsJson, buffers?, weights?)`: a batch
/// of the items the page sent on stream `id`, as that many `pushStream`
/// calls would push them, but in one call, decoded under one lock and
/// waking the method once. `itemsJson` is an array of the items' JSON
/// strings; `buffers`, when given, an array as long whose entry `i` is
/// item `i`'s `buffers` (or `undefined`); `weights`, when given, an array
/// as long of their weights. Answers as `pushStream` does: `null`,
/// `[items, bytes]`, or the error envelope of the first refused item,
/// whose `data.item` is its index in the stream (the items before it were
/// queued, the ones after it not read). An empty batch pushes nothing and
/// answers the credit taken meanwhile. A non-array, a `buffers` or
/// `weights` of another length, an entry of the wrong type (named, as
/// `itemsJson[i]`), or an id that is not open answers `ERR_BAD_ARGUMENTS`
/// and touches nothing, as a bad argument of `pushStream` does.
#[napi(js_name = "pushStreamMany", catch_unwind)]
fn push_stream_many<'env>(
    id: Unknown<'env>,
    items_json: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
    weights: Option<Unknown<'env>>,
) -> Option<Either<String, Vec<f64>>> {
    let pushed = (|| {
        let feed = incoming_feed(id).map_err(many)?;
        let jsons = array_of(Some(items_json), "itemsJson")?
            .ok_or_else(|| bad_many("`itemsJson` must be an array of strings".to_owned()))?;
        let count = jsons.len();
        let buffers = array_of(buffers, "buffers")?;
        let weights = array_of(weights, "weights")?;
        for (name, array) in [("buffers", &buffers), ("weights", &weights)] {
            if let Some(array) = array {
                if array.len() != count {
                    return Err(bad_many(format!(
                        "`{name}` has {} entries for {count} items",
                        array.len()
                    )));
                }
            }
        }
        // Every entry is read before any is pushed: one of the wrong type
        // refuses the call, as a bad argument of `pushStream` does.
        let mut texts = Vec::with_capacity(count as usize);
        let mut slices = Vec::with_capacity(count as usize);
        let mut item_weights = Vec::with_capacity(count as usize);
        for index in 0..count {
            let (json, item_slices, weight) =
                read_item(&jsons, buffers.as_ref(), weights.as_ref(), index)?;
            texts.push(json);
            slices.push(item_slices);
            item_weights.push(weight);
        }
        let bytes: Vec<Vec<&[u8]>> = slices
            .iter()
            .map(|item| item.iter().map(|slice| slice.as_ref()).collect())
            .collect();
        let items: Vec<PushedItem<'_>> = texts
            .iter()
            .zip(&bytes)
            .zip(&item_weights)
            .map(|((json, buffers), weight)| PushedItem {
                json,
                buffers,
                weight: *weight,
            })
            .collect();
        feed.push_many(&items).map_err(|(_, error)| error)?;
        Ok(feed.take_taken())
    })();
    match pushed {
        Ok(taken) => taken.map(|(items, bytes)| Either::B(vec![items as f64, bytes as f64])),
        Err(error) => Some(Either::A(parts(Response::err(error)).0)),
    }
}

/// The array `value` (`None` when absent or `undefined`), or a refusal naming `name`.
fn array_of<'env>(
    value: Option<Unknown<'env>>,
    name: &str,
) -> Result<Option<napi::bindgen_prelude::Array<'env>>, IpcError> {
    use napi::bindgen_prelude::FromNapiValue;
    use napi::JsValue;
    let Some(value) = value else {
        return Ok(None);
    };
    let kind = value.get_type().ok();
    if kind == Some(napi::ValueType::Undefined) {
        return Ok(None);
    }
    if kind != Some(napi::ValueType::Object) || !value.is_array().unwrap_or(false) {
        return Err(bad_many(format!("`{name}` must be an array")));
    }
    napi::bindgen_prelude::Array::from_unknown(value)
        .map(Some)
        .map_err(|_| bad_many(format!("`{name}` must be an array")))
}

/// Item `index` of a `pushStreamMany` batch: its JSON, its buffers and its weight.
fn read_item<'env>(
    jsons: &napi::bindgen_prelude::Array<'env>,
    buffers: Option<&napi::bindgen_prelude::Array<'env>>,
    weights: Option<&napi::bindgen_prelude::Array<'env>>,
    index: u32,
) -> Result<
    (
        String,
        Vec<napi::bindgen_prelude::Uint8ArraySlice<'env>>,
        Option<usize>,
    ),
    IpcError,
> {
    let json = jsons
        .get::<String>(index)
        .ok()
        .flatten()
        .ok_or_else(|| bad_many(format!("`itemsJson[{index}]` must be a string of JSON")))?;
    let item_buffers = match buffers {
        Some(buffers) => buffers.get::<Unknown<'env>>(index).ok().flatten(),
        None => None,
    };
    let slices = decode_buffers(item_buffers, &|message| {
        bad_many(format!("`buffers[{index}]`: {message}"))
    })?;
    let weight = match weights {
        Some(weights) => {
            let number = weights.get::<f64>(index).ok().flatten().unwrap_or(f64::NAN);
            Some(weight_of(number).ok_or_else(|| {
                bad_many(format!("`weights[{index}]` must be a non-negative integer"))
            })?)
        }
        None => None,
    };
    Ok((json, slices, weight))
}

/// A weight from JavaScript: an integer from 0 to 2^53 − 1.
fn weight_of(number: f64) -> Option<usize> {
    (number.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&number))
        .then_some(number as usize)
}

/// Renames a `pushStream` refusal for `pushStreamMany`.
fn many(error: IpcError) -> IpcError {
    bad_many(
        error
            .message
            .trim_start_matches("IpcBackend.pushStream: ")
            .to_owned(),
    )
}

fn bad_many(message: String) -> IpcError {
    IpcError::new(
        ErrorCode::BadArguments,
        format!("IpcBackend.pushStreamMany: {message}"),
    )
}

/// `IpcBackend.endStream(id)`: the page ended stream `id`; the method gets
/// the queued items, then the end. Unknown ids are ignored.
#[napi(js_name = "endStream", catch_unwind)]
fn end_stream(id: Unknown<'_>) {
    if let Ok(feed) = incoming_feed(id) {
        feed.end();
    }
}

/// `IpcBackend.abortStream(id, reason?)`: ends what the page sends on
/// stream `id` at once: the method's `Incoming` yields
/// `IncomingError::Cancelled`, or `IncomingError::Protocol { reason }`
/// when main refused a message of the page. The stream stays open, so the
/// method can still answer; `closeStream` drops it. Unknown ids are
/// ignored.
#[napi(js_name = "abortStream", catch_unwind)]
fn abort_stream(id: Unknown<'_>, reason: Option<String>) {
    if let Ok(feed) = incoming_feed(id) {
        feed.abort(match reason {
            Some(reason) => IncomingError::Protocol { reason },
            None => IncomingError::Cancelled,
        });
    }
}

/// `IpcBackend.creditStream(id)`: a promise of `[items, bytes]`, what the
/// method took from stream `id` since the last answer, once it took any:
/// the credit main gives back to the page. `null` once no more is needed
/// (the page ended the stream, it failed, or the method dropped it), and
/// for an unknown id.
#[napi(js_name = "creditStream", catch_unwind)]
fn credit_stream<'env>(
    env: &'env Env,
    id: Unknown<'env>,
) -> napi::Result<PromiseRaw<'env, Option<Vec<f64>>>> {
    let taken = incoming_feed(id)
        .ok()
        .map(|feed| crate::incoming::taken(&feed));
    env.spawn_future(async move {
        Ok(match taken {
            Some(taken) => taken
                .await
                .map(|(items, bytes)| vec![items as f64, bytes as f64]),
            None => None,
        })
    })
}

/// The feed of the open stream `id`.
fn incoming_feed(id: Unknown<'_>) -> Result<Arc<dyn IncomingFeed>, IpcError> {
    let id = stream_id(id).map_err(|error| bad_push(error.message))?;
    STREAMS
        .with(|streams| streams.borrow().feed(id).cloned())
        .ok_or_else(|| {
            bad_push(format!(
                "no open stream with the id {id} takes items from the page"
            ))
        })
}

fn bad_push(message: String) -> IpcError {
    IpcError::new(
        ErrorCode::BadArguments,
        format!("IpcBackend.pushStream: {message}"),
    )
}

/// A stream id from JavaScript: an integer from 1 to 2^32 − 1.
fn stream_id(id: Unknown<'_>) -> Result<u32, IpcError> {
    use napi::bindgen_prelude::FromNapiValue;
    let value =
        f64::from_unknown(id).map_err(|_| bad_pull("the stream id must be a number".to_owned()))?;
    if value.fract() == 0.0 && value >= 1.0 && value <= f64::from(u32::MAX) {
        Ok(value as u32)
    } else {
        Err(bad_pull(format!("{value} is not a stream id")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Stream;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// Counts its drop.
    struct Dropped(Arc<AtomicUsize>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// An endless stream of numbers that counts its drop; `pending` makes
    /// every poll after the first item wait forever.
    fn counted(drops: &Arc<AtomicUsize>, pending: bool) -> OpenStream {
        let guard = Dropped(Arc::clone(drops));
        let items = futures_util::stream::unfold((0u32, guard), move |(n, guard)| async move {
            if pending && n > 0 {
                std::future::pending::<()>().await;
            }
            Some((n, (n + 1, guard)))
        });
        OpenStream::new(Stream::<u32>::new(items), Encode)
    }

    struct Encode;
    impl crate::StreamEncoding<u32, crate::NoError> for Encode {
        fn item(&self, item: &u32) -> Response {
            crate::__private::ok(item)
        }
        fn error(&self, error: &crate::NoError) -> Response {
            match *error {}
        }
    }

    /// One item per pull, as the single-item tests want them.
    fn one(streams: &mut Streams, id: u32) -> impl Future<Output = Pulled> {
        streams.pull(id, 1, usize::MAX).unwrap()
    }

    #[tokio::test]
    async fn pulls_answer_items_in_order_and_the_stream_goes_back_between_them() {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut streams = Streams::default();
        let id = streams.insert(counted(&drops, false));
        for expected in 0..3 {
            let (stream, batch) = one(&mut streams, id).await;
            assert_eq!(batch.len(), 1);
            let parts = batch.into_iter().next().unwrap().unwrap();
            assert_eq!(parts.0, format!(r#"{{"ok":true,"value":{expected}}}"#));
            streams.finish(id, stream);
        }
        assert_eq!(streams.len(), 1);
        streams.close(id);
        assert_eq!(streams.len(), 0);
        assert_eq!(
            drops.load(Ordering::SeqCst),
            1,
            "close drops an idle stream"
        );
    }

    #[tokio::test]
    async fn a_batch_takes_what_is_ready_within_its_items_and_bytes() {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut streams = Streams::default();
        let id = streams.insert(counted(&drops, false));
        let (stream, batch) = streams.pull(id, 5, usize::MAX).unwrap().await;
        assert_eq!(batch.len(), 5, "ready items join the batch up to maxItems");
        streams.finish(id, stream);
        // Each envelope is 20 bytes: the batch stops once 30 are reached.
        let (stream, batch) = streams.pull(id, 100, 30).unwrap().await;
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[1].as_ref().unwrap().0, r#"{"ok":true,"value":6}"#);
        streams.finish(id, stream);
        // A producer with nothing ready answers what it has: one item.
        let waiting = streams.insert(counted(&drops, true));
        let (stream, batch) = streams.pull(waiting, 100, usize::MAX).unwrap().await;
        assert_eq!(batch.len(), 1);
        streams.finish(waiting, stream);
        // The end joins the batch after the last items.
        let short = streams.insert(OpenStream::new(Stream::<u32>::iter([1, 2]), Encode));
        let (stream, batch) = streams.pull(short, 10, usize::MAX).unwrap().await;
        assert!(stream.is_none());
        assert_eq!(batch.len(), 3);
        assert!(batch[2].is_none(), "the end");
        streams.finish(short, stream);
        assert!(
            streams.pull(short, 1, 1).is_err(),
            "an ended stream leaves the table"
        );
    }

    #[tokio::test]
    async fn a_second_pull_in_flight_and_an_unknown_id_are_refused() {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut streams = Streams::default();
        let id = streams.insert(counted(&drops, false));
        let first = one(&mut streams, id);
        let second = streams.pull(id, 1, 1).err().unwrap();
        assert_eq!(second.code, ErrorCode::BadArguments);
        assert!(
            second.message.contains("already being pulled"),
            "{}",
            second.message
        );
        let unknown = streams.pull(id + 1, 1, 1).err().unwrap();
        assert!(
            unknown.message.contains("no open stream"),
            "{}",
            unknown.message
        );
        let (stream, _) = first.await;
        streams.finish(id, stream);
        assert!(
            streams.pull(id, 1, 1).is_ok(),
            "the refusals touched nothing"
        );
    }

    #[tokio::test]
    async fn closing_during_a_pull_aborts_it_and_drops_the_stream_promptly() {
        let drops = Arc::new(AtomicUsize::new(0));
        let mut streams = Streams::default();
        let id = streams.insert(counted(&drops, true));
        let (stream, _) = one(&mut streams, id).await;
        streams.finish(id, stream);
        // The second item never comes: the pull waits.
        let pull = tokio::spawn(one(&mut streams, id));
        tokio::task::yield_now().await;
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        streams.close(id);
        let (stream, batch) = tokio::time::timeout(std::time::Duration::from_secs(5), pull)
            .await
            .expect("an aborted pull answers")
            .unwrap();
        assert!(stream.is_none(), "an aborted pull keeps no stream");
        assert!(matches!(batch[..], [None]), "and answers the end");
        assert_eq!(
            drops.load(Ordering::SeqCst),
            1,
            "the stream was dropped with the pull"
        );
        streams.finish(id, stream);
        assert_eq!(streams.len(), 0);
    }

    #[tokio::test]
    async fn an_ended_stream_leaves_the_table() {
        let mut streams = Streams::default();
        let stream = OpenStream::new(Stream::<u32>::iter([7]), Encode);
        let id = streams.insert(stream);
        let (stream, batch) = one(&mut streams, id).await;
        assert!(batch[0].is_some());
        streams.finish(id, stream);
        let (stream, batch) = one(&mut streams, id).await;
        assert!(stream.is_none() && matches!(batch[..], [None]));
        streams.finish(id, stream);
        assert_eq!(streams.len(), 0);
        assert!(streams.pull(id, 1, 1).is_err());
    }
}
