//! The `call` export and the router each Node environment owns.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::panic::catch_unwind;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;

use napi::bindgen_prelude::{
    start_async_runtime, within_runtime_if_available, Array, Either, Either3, FromNapiValue,
    JsObjectValue, Object, PromiseRaw, Uint8ArraySlice, Unknown, ValidateNapiValue,
};
use napi::{Env, JsValue, ValueType};
use napi_derive::napi;

use crate::context::{Cancellation, Context, Sender};
use crate::envelope::{ErrorCode, IpcError, Response};
use crate::router::Router;
use crate::service::Reply;
use crate::wire::Buffers;

use super::senders::{handle_of, SenderTable};

/// An answer as JavaScript receives it: the envelope's JSON text alone, or,
/// when its value holds bytes, `[json, buffers]` (docs/wire.md, "Bytes"),
/// or, when it holds bigint placeholders, `[json, buffers, count]`
/// (docs/wire.md, "64-bit integers").
pub(super) type JsAnswer<'env> = Either3<
    String,
    (String, Vec<Uint8ArraySlice<'env>>),
    (String, Vec<Uint8ArraySlice<'env>>, u32),
>;

/// The JavaScript form of an envelope, its bytes and its bigint count.
///
/// Each buffer is copied once into memory V8 allocates and owns, and the
/// Rust buffer is freed at once. Adopting the Rust buffer instead (an
/// external `ArrayBuffer`, which Node allows and Electron's memory cage
/// does not) saves that copy but costs more: V8 does not count external
/// memory it did not allocate, Node frees it only from a finalizer after a
/// collection and a turn of the event loop, and each answer then takes
/// fresh pages from the kernel (BENCHMARKS.md, section 3).
pub(super) fn js_answer<'env>(
    env: &'env Env,
    (json, buffers, bigints): Parts,
) -> napi::Result<JsAnswer<'env>> {
    if buffers.is_empty() && bigints == 0 {
        return Ok(Either3::A(json));
    }
    let buffers = buffers
        .iter()
        .map(|bytes| Uint8ArraySlice::copy_from(env, bytes))
        .collect::<napi::Result<Vec<_>>>()?;
    if bigints == 0 {
        return Ok(Either3::B((json, buffers)));
    }
    // More placeholders than a u32 counts cannot fit in one answer's JSON
    // (each is over a dozen bytes, and a JavaScript string is shorter).
    Ok(Either3::C((
        json,
        buffers,
        u32::try_from(bigints).unwrap_or(u32::MAX),
    )))
}

/// A response's envelope, its bytes and its count of bigint placeholders.
pub(super) fn parts(response: Response) -> Parts {
    let bigints = response.bigints();
    let (json, buffers) = response.into_parts();
    (json, buffers, bigints)
}

/// The function given to `node_addon!`.
static BUILDER: OnceLock<fn() -> Router> = OnceLock::new();

/// Set when `node_addon!` is used more than once in one library.
static REGISTERED_TWICE: AtomicBool = AtomicBool::new(false);

/// Records the function that builds the router. Runs from a static
/// constructor, before `main` or module registration, so it must not panic:
/// a second registration is remembered and reported when the addon loads.
pub fn register(build: fn() -> Router) {
    if BUILDER.set(build).is_err() {
        REGISTERED_TWICE.store(true, Ordering::Relaxed);
    }
}

fn builder() -> Result<fn() -> Router, String> {
    if REGISTERED_TWICE.load(Ordering::Relaxed) {
        return Err(String::from(
            "`electron_ipc::node_addon!` is used more than once in this addon; keep one and \
             merge the routers with `Router::merge`",
        ));
    }
    BUILDER.get().copied().ok_or_else(|| {
        String::from(
            "this addon links `ipc-runtime` with the `node` feature but never calls \
             `electron_ipc::node_addon!(build_router)`",
        )
    })
}

/// What one Node environment serves.
pub(super) struct Backend {
    /// Shared with the tokio workers, which route the calls of channels
    /// whose handlers answer later (`answers_later`).
    pub(super) router: Arc<Router>,
    /// The channels whose handlers have answered later (their `async`
    /// methods): the next call of one is routed on a tokio worker, its
    /// arguments decoded there (`routed_on_worker`). Only a channel whose
    /// handler answered a future gets in, so its size is bounded by the
    /// router's async methods; a page cannot grow it.
    answers_later: RefCell<HashSet<String, foldhash::fast::RandomState>>,
    /// The calls of `async` handlers still running that the caller gave an
    /// id, by that id: what `cancel(callId)` finds. An entry leaves when its
    /// call settles, is cancelled, or the environment ends.
    in_flight: RefCell<CallTable>,
    /// The senders the main glue registered (`registerSender`), by handle.
    pub(super) senders: RefCell<SenderTable>,
}

/// The table of calls in flight, by call id. Its ids come from the main
/// glue's counter (1, 2, 3, …), never from a page (a page's own ids are
/// mapped to the calls of its frame in the glue), so no caller chooses the
/// keys and a fast hash of a `u64` is enough: foldhash, seeded per table,
/// instead of the SipHash of `HashMap::new` (one call's insert and remove).
type CallTable = HashMap<u64, Cancellation, foldhash::fast::RandomState>;

impl Backend {
    /// Removes the entry of call `id`; the table gives its memory back once
    /// it is empty, so a burst of calls leaves nothing behind.
    fn forget(&self, id: u64) -> Option<Cancellation> {
        let mut in_flight = self.in_flight.borrow_mut();
        let entry = in_flight.remove(&id);
        if in_flight.is_empty() && in_flight.capacity() > 64 {
            in_flight.shrink_to(0);
        }
        entry
    }

    /// Whether calls are in flight already: then the next call of a channel
    /// that answers later is routed on a worker (`routed_on_worker`).
    ///
    /// Decoding on the workers takes that work off this thread, which all
    /// the calls share: with 100 calls in flight each costs about 6% less
    /// (BENCHMARKS.md, section 2). A lone call is the other way round: its
    /// time is its critical path, and the worker just woken for it decodes
    /// more slowly than this thread, which made one awaited call about
    /// 1 µs slower. So a call made while none is in flight is decoded here.
    fn busy(&self) -> bool {
        !self.in_flight.borrow().is_empty()
    }

    /// Whether a call of `channel` was answered later before.
    fn answers_later(&self, channel: &str) -> bool {
        let answers_later = self.answers_later.borrow();
        !answers_later.is_empty() && answers_later.contains(channel)
    }

    /// Notes that a call of `channel` was answered later.
    fn note_answers_later(&self, channel: &str) {
        let mut answers_later = self.answers_later.borrow_mut();
        if !answers_later.contains(channel) {
            answers_later.insert(channel.to_owned());
        }
    }

    /// Cancels every call in flight (the environment is ending).
    fn cancel_all(&self) {
        for (_, cancellation) in self.in_flight.borrow_mut().drain() {
            cancellation.cancel();
        }
    }
}

thread_local! {
    /// The backend of the Node environment running on this thread. Node runs
    /// each environment (the main thread, every worker) on its own thread.
    static CURRENT: RefCell<Option<Rc<Backend>>> = const { RefCell::new(None) };
}

impl Backend {
    /// The backend of the calling thread's environment.
    pub(super) fn current() -> napi::Result<Rc<Backend>> {
        CURRENT
            .with(|slot| slot.borrow().clone())
            .ok_or_else(|| napi::Error::from_reason("the IPC router of this addon is not loaded"))
    }
}

/// Builds this environment's router when Node loads the addon, and drops it
/// (disconnecting the event sink) when the environment shuts down.
#[napi(module_exports)]
fn init(_exports: Object<'_>, env: Env) -> napi::Result<()> {
    let build = builder().map_err(napi::Error::from_reason)?;
    // napi-rs starts its tokio runtime for this environment only after this
    // hook returns, and stops it when the last environment using the addon
    // ends: an environment that loads the addon after that (a new worker, a
    // reloaded renderer) finds no runtime, and entering it would panic
    // (an abort here). Starting it first is idempotent.
    start_async_runtime();
    let router = within_runtime_if_available(|| catch_unwind(build)).map_err(|_| {
        napi::Error::from_reason("the function given to `electron_ipc::node_addon!` panicked")
    })?;
    let emitter = router.emitter();
    let backend = Backend {
        router: Arc::new(router),
        answers_later: RefCell::default(),
        in_flight: RefCell::default(),
        senders: RefCell::default(),
    };
    CURRENT.with(|slot| *slot.borrow_mut() = Some(Rc::new(backend)));
    env.add_env_cleanup_hook(emitter, |emitter| {
        // The sink's threadsafe function belongs to this environment: later
        // emits from other threads must find no sink rather than a dead one.
        emitter.disconnect();
        let backend = CURRENT.with(|slot| slot.borrow_mut().take());
        // Nobody will read the answers of the calls still running: their
        // futures are dropped at their next wake-up.
        if let Some(backend) = &backend {
            backend.cancel_all();
        }
        drop(backend);
        // Open streams go with their environment (their producers drop).
        super::streams::STREAMS.with(|streams| streams.take());
    })?;
    Ok(())
}

/// `IpcBackend.call(channel, argsJson, sender, buffers?, callId?)` of docs/wire.md.
#[napi(catch_unwind)]
fn call<'env>(
    env: &'env Env,
    channel: Unknown<'env>,
    args_json: Unknown<'env>,
    sender: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
    call_id: Option<Unknown<'env>>,
) -> napi::Result<Either<JsAnswer<'env>, PromiseRaw<'env, JsAnswer<'env>>>> {
    let backend = Backend::current()?;
    let call_id = match decode_call_id(call_id) {
        Ok(call_id) => call_id,
        Err(error) => return Ok(Either::A(js_answer(env, parts(Response::err(error)))?)),
    };
    // Only a call that can be cancelled gets a cancellation of its own.
    let cancellation = call_id.map_or_else(Cancellation::default, |_| Cancellation::new());
    let input = decode_call(channel, args_json, sender);
    // Borrowed from JavaScript for the time the arguments are decoded,
    // which ends before `call` returns: no copy here.
    let slices = decode_buffers(buffers, &bad_call);
    let input = match input {
        Ok(input)
            if call_id.is_some()
                && matches!(&slices, Ok(slices) if slices.is_empty())
                && backend.busy()
                && backend.answers_later(&input.channel) =>
        {
            let routed = routed_on_worker(Arc::clone(&backend.router), input, cancellation.clone());
            let promise = spawn_call(env, routed, call_id)?;
            register_in_flight(&backend, call_id, cancellation);
            return Ok(Either::B(promise));
        }
        input => input,
    };
    // An invoke (it has a call id) of a channel that answers later: its
    // next calls are routed on a worker.
    let noted = |channel: &str| {
        if call_id.is_some() {
            backend.note_answers_later(channel);
        }
    };
    let answer = match slices {
        Ok(slices) if slices.is_empty() => within_runtime_if_available(|| {
            answer(&backend.router, input, None, cancellation.clone(), noted)
        }),
        Ok(slices) => {
            let bytes: Vec<&[u8]> = slices.iter().map(|slice| slice.as_ref()).collect();
            let buffers = Buffers::new(&bytes);
            within_runtime_if_available(|| {
                answer(
                    &backend.router,
                    input,
                    Some(&buffers),
                    cancellation.clone(),
                    noted,
                )
            })
        }
        Err(error) => Answer::Now(parts(Response::err(error))),
    };
    match answer {
        Answer::Now(envelope) => Ok(Either::A(js_answer(env, envelope)?)),
        Answer::Later(envelope) => {
            let promise = spawn_call(env, envelope, call_id)?;
            register_in_flight(&backend, call_id, cancellation);
            Ok(Either::B(promise))
        }
    }
}

/// Hands the future of a call's envelope to tokio: the promise of its
/// answer, which also removes the call from the in-flight table.
fn spawn_call<'env>(
    env: &'env Env,
    envelope: impl Future<Output = Parts> + Send + 'static,
    call_id: Option<u64>,
) -> napi::Result<PromiseRaw<'env, JsAnswer<'env>>> {
    env.spawn_future_with_callback(async move { Ok(envelope.await) }, move |env, envelope| {
        // Settled (or cancelled, which removed the entry already).
        if let (Some(id), Ok(backend)) = (call_id, Backend::current()) {
            backend.forget(id);
        }
        js_answer(env, envelope)
    })
}

/// A call of a channel whose handler answers later, routed on the tokio
/// worker that runs it: the router decodes the arguments there, as a
/// `#[napi] async fn` would, instead of on the JavaScript thread before the
/// hand-off. What the caller gets is the same: the envelope the router
/// answers (its `ERR_BAD_ARGUMENTS` too, now through the promise), raced
/// against the call's cancellation and timeout as in [`answer`]. A
/// cancellation that comes before the worker starts is seen by that race
/// at once, and the handler never runs.
async fn routed_on_worker(
    router: Arc<Router>,
    input: CallInput,
    cancellation: Cancellation,
) -> Parts {
    match answer(&router, Ok(input), None, cancellation, |_| {}) {
        Answer::Now(envelope) => envelope,
        Answer::Later(envelope) => envelope.await,
    }
}

/// Makes a call handed to tokio findable by `cancel`, once it is on its way.
///
/// Registered after the hand-off rather than before, so the worker starts
/// on the call this much earlier (an awaited call's time is its critical
/// path). Nothing is lost: the future races the very `Cancellation` kept
/// here, so a `cancel` reaches it whenever it comes, and none can come
/// before this entry exists. `cancel` and the answer's callback both run
/// on this thread, in a later turn of the event loop than this `call`,
/// which has not returned yet.
fn register_in_flight(backend: &Backend, call_id: Option<u64>, cancellation: Cancellation) {
    if let Some(id) = call_id {
        backend.in_flight.borrow_mut().insert(id, cancellation);
    }
}

/// The `callId` argument of `call`: absent, `undefined` or `null` (the call cannot
/// be cancelled), else an integer from 1 to 2^53 - 1.
fn decode_call_id(call_id: Option<Unknown<'_>>) -> Result<Option<u64>, IpcError> {
    let Some(call_id) = call_id else {
        return Ok(None);
    };
    let bad = || bad_call("`callId` must be an integer from 1 to 2^53 - 1".to_owned());
    // A number is read in one Node-API call (the usual case: the glue gives
    // every invoke an id); only what is not a number has its type asked.
    let Ok(id) = f64::from_unknown(call_id) else {
        return match call_id.get_type() {
            Ok(ValueType::Undefined) => Ok(None),
            _ => Err(bad()),
        };
    };
    if id.fract() == 0.0 && (1.0..=MAX_SAFE_INTEGER).contains(&id) {
        // Exact: an integer of at most 53 bits.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(Some(id as u64))
    } else {
        Err(bad())
    }
}

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `IpcBackend.cancel(callId)` of docs/wire.md: cancels the call of an
/// `async` handler that `call` was given `callId` for. Its future is
/// dropped at its next wake-up (its `Context` reports the cancellation to
/// code the drop does not reach) and its promise resolves with an
/// `ERR_CANCELLED` envelope. Answers whether such a call was in flight.
#[napi(catch_unwind)]
fn cancel(call_id: Unknown<'_>) -> napi::Result<bool> {
    let backend = Backend::current()?;
    let Ok(Some(id)) = decode_call_id(Some(call_id)) else {
        return Err(napi::Error::from_reason(
            "`callId` must be an integer from 1 to 2^53 - 1",
        ));
    };
    let cancellation = backend.forget(id);
    Ok(cancellation.is_some_and(|cancellation| {
        cancellation.cancel();
        true
    }))
}

/// `IpcBackend.inFlightCalls()`: how many calls `cancel` could find now
/// (a diagnostic: tests check that no entry outlives its call).
#[napi(js_name = "inFlightCalls", catch_unwind)]
fn in_flight_calls() -> napi::Result<u32> {
    let backend = Backend::current()?;
    let count = backend.in_flight.borrow().len();
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// The `buffers` argument of `call` and `checkEvent`: absent, `undefined`,
/// or an array of `Uint8Array`s (a `Buffer` is one); anything else is an
/// `ERR_BAD_ARGUMENTS` of the caller.
pub(super) fn decode_buffers<'env>(
    buffers: Option<Unknown<'env>>,
    bad: &dyn Fn(String) -> IpcError,
) -> Result<Vec<Uint8ArraySlice<'env>>, IpcError> {
    let Some(buffers) = buffers else {
        return Ok(Vec::new());
    };
    let kind = buffers.get_type().map_err(|e| bad(e.reason.clone()))?;
    if kind == ValueType::Undefined {
        return Ok(Vec::new());
    }
    let not_array = || bad("`buffers` must be an array of Uint8Array".to_owned());
    if kind != ValueType::Object || !buffers.is_array().unwrap_or(false) {
        return Err(not_array());
    }
    let array = Array::from_unknown(buffers).map_err(|_| not_array())?;
    (0..array.len())
        .map(|index| {
            array
                .get::<Uint8ArraySlice<'env>>(index)
                .ok()
                .flatten()
                .ok_or_else(|| bad(format!("`buffers[{index}]` must be a Uint8Array")))
        })
        .collect()
}

/// `IpcBackend.checkEvent(channel, argsJson, buffers?)` of docs/wire.md:
/// checks the arguments of an event emitted from main-process JavaScript
/// against the Rust types (see [`Router::check_event`]); answers at once
/// the envelope's JSON text, or, under the `bigint` policy, the arguments
/// encoded again as `[json, buffers, count]` (as `call` answers).
#[napi(js_name = "checkEvent", catch_unwind)]
fn check_event<'env>(
    env: &'env Env,
    channel: Unknown<'env>,
    args_json: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
) -> napi::Result<JsAnswer<'env>> {
    let backend = Backend::current()?;
    let bad = |message: String| {
        IpcError::new(
            ErrorCode::BadArguments,
            format!("IpcBackend.checkEvent: {message}"),
        )
    };
    let response = match decode_event(channel, args_json)
        .and_then(|event| Ok((event, decode_buffers(buffers, &bad)?)))
    {
        Ok(((channel, args), slices)) => {
            let bytes: Vec<&[u8]> = slices.iter().map(|slice| slice.as_ref()).collect();
            backend
                .router
                .check_event_with_buffers(&channel, &args, &Buffers::new(&bytes))
        }
        Err(error) => Response::err(error),
    };
    js_answer(env, parts(response))
}

/// `IpcBackend.checkAnswer(channel, answerJson, buffers?, isError?)` of
/// docs/wire.md: checks what the main-process JavaScript handler of an
/// invoke or sendSync channel answered, under the `bigint` policy:
/// `answerJson` is the JSON array of one value, its value or (`isError`)
/// its typed error's `data` (see [`Router::check_answer`]). Answers at
/// once, as `call` does: the value encoded again, or an error envelope.
#[napi(js_name = "checkAnswer", catch_unwind)]
fn check_answer<'env>(
    env: &'env Env,
    channel: Unknown<'env>,
    answer_json: Unknown<'env>,
    buffers: Option<Unknown<'env>>,
    is_error: Option<bool>,
) -> napi::Result<JsAnswer<'env>> {
    let backend = Backend::current()?;
    let bad = |message: String| {
        IpcError::new(
            ErrorCode::BadArguments,
            format!("IpcBackend.checkAnswer: {message}"),
        )
    };
    let response = match String::from_unknown(channel)
        .map_err(|_| bad("`channel` must be a string".to_owned()))
        .and_then(|channel| {
            let answer = String::from_unknown(answer_json).map_err(|_| {
                bad("`answerJson` must be a string holding a JSON array".to_owned())
            })?;
            Ok((channel, answer, decode_buffers(buffers, &bad)?))
        }) {
        Ok((channel, answer, slices)) => {
            let bytes: Vec<&[u8]> = slices.iter().map(|slice| slice.as_ref()).collect();
            backend.router.check_answer(
                &channel,
                &answer,
                &Buffers::new(&bytes),
                is_error.unwrap_or(false),
            )
        }
        Err(error) => Response::err(error),
    };
    js_answer(env, parts(response))
}

/// `IpcBackend.schemaHash(app, namespaces?)` of docs/wire.md: the
/// `sha256:…` hash of the schema of `app` that this addon's services
/// describe (only those of `namespaces` when given), for the main glue's
/// schema handshake. Throws an `Error` naming the bad argument when `app` is
/// not a string or `namespaces` is neither absent (`undefined`, `null`) nor
/// an array of strings, and when the services do not make a valid schema.
#[napi(js_name = "schemaHash", catch_unwind)]
fn schema_hash(app: Unknown<'_>, namespaces: Option<Unknown<'_>>) -> napi::Result<String> {
    let backend = Backend::current()?;
    let bad = |message: &str| napi::Error::from_reason(format!("IpcBackend.schemaHash: {message}"));
    let app = String::from_unknown(app).map_err(|_| bad("`app` must be a string"))?;
    let namespaces = match namespaces {
        Some(value) if !matches!(value.get_type()?, ValueType::Undefined | ValueType::Null) => {
            let not_strings = || bad("`namespaces` must be an array of strings");
            if !value.is_array().unwrap_or(false) {
                return Err(not_strings());
            }
            let array = Array::from_unknown(value).map_err(|_| not_strings())?;
            let names = (0..array.len())
                .map(|index| array.get::<String>(index).ok().flatten())
                .collect::<Option<Vec<String>>>()
                .ok_or_else(not_strings)?;
            Some(names)
        }
        _ => None,
    };
    let wanted: Option<Vec<&str>> = namespaces
        .as_ref()
        .map(|names| names.iter().map(String::as_str).collect());
    backend
        .router
        .schema_hash(app, wanted.as_deref())
        .map_err(|error| bad(&error.to_string()))
}

fn decode_event(
    channel: Unknown<'_>,
    args_json: Unknown<'_>,
) -> Result<(String, String), IpcError> {
    let bad = |message: &str| {
        IpcError::new(
            ErrorCode::BadArguments,
            format!("IpcBackend.checkEvent: {message}"),
        )
    };
    let channel = String::from_unknown(channel).map_err(|_| bad("`channel` must be a string"))?;
    let args = String::from_unknown(args_json)
        .map_err(|_| bad("`argsJson` must be a string holding a JSON array"))?;
    Ok((channel, args))
}

/// One call with its JavaScript arguments checked.
#[derive(Debug)]
pub(super) struct CallInput {
    pub(super) channel: String,
    pub(super) args: String,
    pub(super) sender: Arc<Sender>,
}

/// An envelope's JSON text, the bytes its placeholders name and how many
/// bigint placeholders it holds.
pub(super) type Parts = (String, Vec<Vec<u8>>, usize);

/// The envelope of a call and its bytes: now, or from a future.
pub(super) enum Answer {
    Now(Parts),
    Later(Pin<Box<dyn Future<Output = Parts> + Send + 'static>>),
}

/// Runs a checked call through the router; a call whose JavaScript
/// arguments were wrong answers their error at once. `answers_later` is
/// told the channel of a call whose handler answers later.
pub(super) fn answer(
    router: &Router,
    input: Result<CallInput, IpcError>,
    buffers: Option<&Buffers<'_>>,
    cancellation: Cancellation,
    answers_later: impl FnOnce(&str),
) -> Answer {
    let input = match input {
        Ok(input) => input,
        Err(error) => return Answer::Now(parts(Response::err(error))),
    };
    let context = Context::from_shared_sender(input.sender).with_cancellation(cancellation.clone());
    let reply = match buffers {
        Some(buffers) => router.call_with_buffers(&input.channel, &input.args, buffers, context),
        None => router.call(&input.channel, &input.args, context),
    };
    match reply {
        Reply::Ready(response) => Answer::Now(parts(response)),
        Reply::Pending(future) => {
            answers_later(&input.channel);
            let limit = router.current_limits().timeout;
            Answer::Later(Box::pin(raced(input.channel, future, limit, cancellation)))
        }
    }
}

/// A handler's future raced against its timeout and its cancellation.
///
/// Dropping the future cancels the handler at its current `.await`: on a
/// timeout (the caller gets `ERR_TIMEOUT` at once) and on a cancellation
/// (`ERR_CANCELLED`, which nobody reads: the page's promise rejected
/// already).
async fn raced(
    channel: String,
    future: Pin<Box<dyn Future<Output = Response> + Send + 'static>>,
    limit: Option<std::time::Duration>,
    cancellation: Cancellation,
) -> Parts {
    let timed = async {
        match limit {
            None => future.await,
            Some(limit) => match tokio::time::timeout(limit, future).await {
                Ok(response) => response,
                Err(_) => Response::timed_out(&channel, limit),
            },
        }
    };
    let cancelled = cancellation.cancelled();
    futures_util::pin_mut!(timed, cancelled);
    let answer = match futures_util::future::select(timed, cancelled).await {
        futures_util::future::Either::Left((response, _)) => parts(response),
        futures_util::future::Either::Right(((), _)) => parts(Response::cancelled(&channel)),
    };
    forget_race_waker(&cancellation).await;
    answer
}

/// Has `cancellation` let go of the waker of the task running this (see
/// [`Cancellation::forget_waiter`]), once its race has ended.
///
/// The in-flight table's copy of the cancellation lives until the answer's
/// callback on the JavaScript thread; a waker still registered there would
/// make that callback free the whole tokio task, on the critical path of
/// the call, instead of the worker thread freeing it as the call ends.
async fn forget_race_waker(cancellation: &Cancellation) {
    std::future::poll_fn(|cx| {
        cancellation.forget_waiter(cx.waker());
        std::task::Poll::Ready(())
    })
    .await;
}

pub(super) fn decode_call(
    channel: Unknown<'_>,
    args_json: Unknown<'_>,
    sender: Unknown<'_>,
) -> Result<CallInput, IpcError> {
    let channel = String::from_unknown(channel)
        .map_err(|_| bad_call("`channel` must be a string".to_owned()))?;
    let args = String::from_unknown(args_json)
        .map_err(|_| bad_call("`argsJson` must be a string holding a JSON array".to_owned()))?;
    let sender = decode_call_sender(sender)?;
    Ok(CallInput {
        channel,
        args,
        sender,
    })
}

/// The sender's fields, in the order of its array form.
const SENDER_FIELDS: [&str; 6] = [
    "webContentsId",
    "processId",
    "frameId",
    "url",
    "origin",
    "isMainFrame",
];

/// The sender of a call: a handle from `registerSender` (a number), or the
/// sender itself (`decode_sender`).
fn decode_call_sender(sender: Unknown<'_>) -> Result<Arc<Sender>, IpcError> {
    // A handle (the usual case) is read in one Node-API call; what is not a
    // number is decoded as the sender itself.
    let Ok(number) = f64::from_unknown(sender) else {
        return decode_sender(sender).map(Arc::new);
    };
    let handle = handle_of(number).ok_or_else(|| {
        bad_call("`sender` as a handle must be an integer from 1 to 2^53 - 1".to_owned())
    })?;
    let backend = Backend::current().map_err(|e| bad_call(e.reason))?;
    // Bound first: the table's borrow must end before `backend` is dropped.
    let found = backend.senders.borrow().get(handle);
    found
}

/// A sender as `IpcSenderValues` or an `IpcSender` object.
pub(super) fn decode_sender(sender: Unknown<'_>) -> Result<Sender, IpcError> {
    let kind = sender.get_type().map_err(|e| bad_sender(&e.reason))?;
    if kind != ValueType::Object {
        return Err(bad_sender(&format!(
            "expected an object or an array, got {kind}"
        )));
    }
    if sender.is_array().map_err(|e| bad_sender(&e.reason))? {
        let values = Array::from_unknown(sender).map_err(|e| bad_sender(&e.reason))?;
        return decode_sender_values(&values);
    }
    let object = Object::from_unknown(sender).map_err(|e| bad_sender(&e.reason))?;
    // Read field by field rather than through serde: enumerating the
    // object's keys costs several times more than these six lookups.
    let mut decoded = Sender::new(
        integer(
            field(&object, "webContentsId", "an integer")?,
            "webContentsId",
            0,
            u32::MAX.into(),
        )? as u32,
        integer(
            field(&object, "processId", "an integer")?,
            "processId",
            i32::MIN.into(),
            i32::MAX.into(),
        )? as i32,
        integer(
            field(&object, "frameId", "an integer")?,
            "frameId",
            i32::MIN.into(),
            i32::MAX.into(),
        )? as i32,
    )
    .with_location(
        field::<String>(&object, "url", "a string")?,
        field::<String>(&object, "origin", "a string")?,
    );
    decoded.is_main_frame = field::<bool>(&object, "isMainFrame", "a boolean")?;
    Ok(decoded)
}

/// The array form, `[webContentsId, processId, frameId, url, origin,
/// isMainFrame]`: the same values with the same checks, read by index.
/// Reading an object's property by name makes a JavaScript string of the
/// name first, every time; an element is found by its index alone, so this
/// form costs about a third as much (BENCHMARKS.md, section 2).
fn decode_sender_values(values: &Array<'_>) -> Result<Sender, IpcError> {
    if values.len() != 6 {
        return Err(bad_sender(&format!(
            "expected an array of 6 values, got {}",
            values.len()
        )));
    }
    let mut decoded = Sender::new(
        integer(
            value(values, 0, "an integer")?,
            SENDER_FIELDS[0],
            0,
            u32::MAX.into(),
        )? as u32,
        integer(
            value(values, 1, "an integer")?,
            SENDER_FIELDS[1],
            i32::MIN.into(),
            i32::MAX.into(),
        )? as i32,
        integer(
            value(values, 2, "an integer")?,
            SENDER_FIELDS[2],
            i32::MIN.into(),
            i32::MAX.into(),
        )? as i32,
    )
    .with_location(
        value::<String>(values, 3, "a string")?,
        value::<String>(values, 4, "a string")?,
    );
    decoded.is_main_frame = value::<bool>(values, 5, "a boolean")?;
    Ok(decoded)
}

/// Element `index` of the array form. Converting checks the type (a
/// `String` from a string only, and so on), so there is no separate check.
fn value<T: FromNapiValue>(values: &Array<'_>, index: u32, expected: &str) -> Result<T, IpcError> {
    let name = SENDER_FIELDS[index as usize];
    match values.get::<T>(index) {
        Ok(Some(value)) => Ok(value),
        _ => Err(bad_sender(&format!(
            "`{name}` (value {index}) must be {expected}"
        ))),
    }
}

fn field<T: FromNapiValue + ValidateNapiValue>(
    object: &Object<'_>,
    name: &str,
    expected: &str,
) -> Result<T, IpcError> {
    object
        .get_named_property::<T>(name)
        .map_err(|_| bad_sender(&format!("`{name}` must be {expected}")))
}

/// An integer within `min..=max`; JavaScript has only doubles, so
/// fractions, NaN and out-of-range values are refused here, not wrapped.
fn integer(value: f64, name: &str, min: i64, max: i64) -> Result<i64, IpcError> {
    // `min` and `max` are 32-bit bounds, exact as doubles.
    if value.fract() == 0.0 && value >= min as f64 && value <= max as f64 {
        Ok(value as i64)
    } else {
        Err(bad_sender(&format!(
            "`{name}` must be an integer from {min} to {max}, got {value}"
        )))
    }
}

pub(super) fn bad_call(message: String) -> IpcError {
    IpcError::new(
        ErrorCode::BadArguments,
        format!("IpcBackend.call: {message}"),
    )
}

pub(super) fn bad_sender(reason: &str) -> IpcError {
    bad_call(format!(
        "`sender` is not an IpcSender ({{ webContentsId, processId, frameId, url, origin, \
         isMainFrame }}, or those six values in that order in an array): {reason}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Args;
    use crate::schema::{ServiceSchema, TypeRegistry};
    use crate::service::{ChannelDef, ChannelKind, Service};
    use serde_json::Value;

    struct Clock;

    impl Service for Clock {
        const NAMESPACE: &'static str = "clock";
        const CHANNELS: &'static [ChannelDef] = &[
            ChannelDef {
                channel: "clock:now",
                kind: ChannelKind::Invoke,
                params: &[],
                method: 0,
            },
            ChannelDef {
                channel: "clock:later",
                kind: ChannelKind::Invoke,
                params: &[],
                method: 1,
            },
            ChannelDef {
                channel: "clock:origin",
                kind: ChannelKind::Invoke,
                params: &[],
                method: 2,
            },
            ChannelDef {
                channel: "clock:forever",
                kind: ChannelKind::Invoke,
                params: &[],
                method: 3,
            },
        ];

        fn describe(_: &mut TypeRegistry) -> ServiceSchema {
            unreachable!("the bridge never asks for the schema")
        }

        fn call(&self, method: u32, _: Args<'_>, ctx: Context) -> Reply {
            use crate::__private as p;
            match method {
                0 => p::ready(p::ok(&1)),
                1 => p::pending(async {
                    tokio::task::yield_now().await;
                    p::ok(&2)
                }),
                2 => p::ready(p::ok(&ctx.sender().map(|s| s.origin.clone()))),
                _ => p::pending(async {
                    std::future::pending::<()>().await;
                    p::ok(&0)
                }),
            }
        }
    }

    fn input(channel: &str) -> Result<CallInput, IpcError> {
        Ok(CallInput {
            channel: channel.to_owned(),
            args: "[]".to_owned(),
            sender: Arc::new(Sender::new(1, 2, 3).with_location("app://x/", "app://x")),
        })
    }

    fn envelope(json: &str) -> Value {
        serde_json::from_str(json).expect("envelopes are JSON")
    }

    #[test]
    fn registration_is_checked_when_the_addon_loads() {
        // The only test touching the process-wide registration.
        let missing = builder().unwrap_err();
        assert!(missing.contains("never calls"), "{missing}");
        register(Router::new);
        assert!(builder().is_ok());
        register(Router::new);
        let twice = builder().unwrap_err();
        assert!(twice.contains("more than once"), "{twice}");
    }

    #[test]
    fn sync_handlers_answer_now() {
        let router = Router::new().service(Clock);
        match answer(
            &router,
            input("clock:now"),
            None,
            Cancellation::default(),
            |_| {},
        ) {
            Answer::Now((json, _, _)) => assert_eq!(json, r#"{"ok":true,"value":1}"#),
            Answer::Later(_) => panic!("a sync handler must not answer with a future"),
        }
    }

    #[tokio::test]
    async fn async_handlers_answer_later() {
        let router = Router::new().service(Clock);
        match answer(
            &router,
            input("clock:later"),
            None,
            Cancellation::default(),
            |_| {},
        ) {
            Answer::Later(future) => assert_eq!(future.await.0, r#"{"ok":true,"value":2}"#),
            Answer::Now((json, _, _)) => panic!("an async handler answered at once: {json}"),
        }
    }

    #[tokio::test]
    async fn a_timeout_cuts_a_slow_handler_short() {
        let limit = std::time::Duration::from_millis(20);
        let router = Router::new()
            .service(Clock)
            .limits(crate::Limits::default().timeout(limit));
        let Answer::Later(future) = answer(
            &router,
            input("clock:forever"),
            None,
            Cancellation::default(),
            |_| {},
        ) else {
            panic!("an async handler answers later");
        };
        let envelope = envelope(&future.await.0);
        assert_eq!(envelope["error"]["code"], "ERR_TIMEOUT");
        assert_eq!(envelope["error"]["data"]["timeoutMs"], 20);
        // A quick handler under the same limit answers normally.
        let Answer::Later(future) = answer(
            &router,
            input("clock:later"),
            None,
            Cancellation::default(),
            |_| {},
        ) else {
            panic!("an async handler answers later");
        };
        assert_eq!(future.await.0, r#"{"ok":true,"value":2}"#);
    }

    #[tokio::test]
    async fn a_cancellation_drops_the_handler_and_answers_err_cancelled() {
        let router = Router::new().service(Clock);
        let cancellation = Cancellation::new();
        let Answer::Later(future) = answer(
            &router,
            input("clock:forever"),
            None,
            cancellation.clone(),
            |_| {},
        ) else {
            panic!("an async handler answers later");
        };
        // The handler never answers: only the cancellation ends the task.
        let task = tokio::spawn(future);
        tokio::task::yield_now().await;
        assert!(!task.is_finished());
        cancellation.cancel();
        let (json, _, _) = task.await.expect("the task ends");
        assert_eq!(envelope(&json)["error"]["code"], "ERR_CANCELLED");
    }

    #[test]
    fn the_sender_becomes_the_context() {
        let router = Router::new().service(Clock);
        let Answer::Now((json, _, _)) = answer(
            &router,
            input("clock:origin"),
            None,
            Cancellation::default(),
            |_| {},
        ) else {
            panic!("sync handler");
        };
        assert_eq!(envelope(&json)["value"], "app://x");
    }

    #[test]
    fn bad_javascript_arguments_answer_an_envelope() {
        let router = Router::new().service(Clock);
        let Answer::Now((json, _, _)) = answer(
            &router,
            Err(bad_sender("missing field `origin`")),
            None,
            Cancellation::default(),
            |_| {},
        ) else {
            panic!("a refused call must answer at once");
        };
        let envelope = envelope(&json);
        assert_eq!(envelope["ok"], false);
        assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
        let message = envelope["error"]["message"].as_str().unwrap();
        assert!(message.contains("`sender`"), "{message}");
        assert!(message.contains("missing field `origin`"), "{message}");
    }

    #[tokio::test]
    async fn a_channel_that_answers_later_is_noted_and_routed_on_a_worker_alike() {
        let router = Arc::new(Router::new().service(Clock));
        let mut noted = Vec::new();
        let Answer::Later(future) = answer(
            &router,
            input("clock:later"),
            None,
            Cancellation::default(),
            |channel| noted.push(channel.to_owned()),
        ) else {
            panic!("an async handler answers later");
        };
        let on_this_thread = future.await.0;
        assert_eq!(noted, ["clock:later"]);
        // A handler that answers at once is not noted.
        let _ = answer(
            &router,
            input("clock:now"),
            None,
            Cancellation::default(),
            |channel| panic!("{channel} answers at once"),
        );
        let on_a_worker = tokio::spawn(routed_on_worker(
            Arc::clone(&router),
            input("clock:later").unwrap(),
            Cancellation::new(),
        ));
        assert_eq!(on_a_worker.await.unwrap().0, on_this_thread);
        // What the router answers at once (a sync handler, an unknown
        // channel: a refusal) is the same envelope through the future.
        for channel in ["clock:now", "clock:origin", "clock:nothing"] {
            let Answer::Now((now, _, _)) = answer(
                &router,
                input(channel),
                None,
                Cancellation::default(),
                |_| {},
            ) else {
                panic!("{channel} answers at once");
            };
            let routed = routed_on_worker(
                Arc::clone(&router),
                input(channel).unwrap(),
                Cancellation::new(),
            );
            assert_eq!(routed.await.0, now, "{channel}");
        }
    }

    #[tokio::test]
    async fn a_call_routed_on_a_worker_is_cancelled_and_timed_out_as_others() {
        let router = Arc::new(Router::new().service(Clock));
        // Cancelled before the worker starts it: answered ERR_CANCELLED.
        let cancellation = Cancellation::new();
        let routed = routed_on_worker(
            Arc::clone(&router),
            input("clock:forever").unwrap(),
            cancellation.clone(),
        );
        cancellation.cancel();
        let (json, _, _) = routed.await;
        assert_eq!(envelope(&json)["error"]["code"], "ERR_CANCELLED");
        // Cancelled while its handler waits.
        let cancellation = Cancellation::new();
        let task = tokio::spawn(routed_on_worker(
            Arc::clone(&router),
            input("clock:forever").unwrap(),
            cancellation.clone(),
        ));
        tokio::task::yield_now().await;
        assert!(!task.is_finished());
        cancellation.cancel();
        let (json, _, _) = task.await.expect("the task ends");
        assert_eq!(envelope(&json)["error"]["code"], "ERR_CANCELLED");
        // The router's timeout holds on a worker too.
        let limited = Arc::new(
            Router::new()
                .service(Clock)
                .limits(crate::Limits::default().timeout(std::time::Duration::from_millis(20))),
        );
        let (json, _, _) = routed_on_worker(
            limited,
            input("clock:forever").unwrap(),
            Cancellation::new(),
        )
        .await;
        assert_eq!(envelope(&json)["error"]["code"], "ERR_TIMEOUT");
    }
}
