//! The router: one table from channel name to handler.

use std::collections::HashSet;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;

use crate::args::Args;
use crate::context::Context;
use crate::envelope::{ErrorCode, IpcError, Response};
use crate::events::Emitter;
use crate::schema::{Int64, Schema, SchemaBuilder, SchemaError, ServiceSchema, TypeRegistry};
use crate::service::{ChannelKind, Reply, Service};
use crate::stream::{OpenStream, StreamCounts, StreamReply};
use crate::wire::Buffers;

mod table;

use table::Channels;

/// Limits applied to every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted argument payload, in bytes of JSON, checked before
    /// any argument is decoded. Default: 16 MiB.
    pub max_payload_bytes: usize,
    /// How long an `async` handler may run before its caller gets
    /// [`ErrorCode::Timeout`]. Default: none.
    ///
    /// The host that drives the futures enforces it (the Node-API bridge
    /// does, dropping the future, which cancels the handler at its next
    /// `.await`); [`Router::call`] itself only reports it. A sync handler
    /// runs to completion on the caller's thread and cannot be cut short.
    pub timeout: Option<Duration>,
    /// Largest total size of the bytes that come beside the JSON with one
    /// call (its `Uint8Array`s, docs/wire.md "Bytes"), checked before any
    /// is read. Default: 64 MiB, which one call may carry whole.
    pub max_binary_bytes: usize,
    /// How many streams one frame may have open at once
    /// ([`Router::open_stream`]); one more is refused with
    /// [`ErrorCode::StreamLimit`] before its method runs. Default: 64.
    pub max_streams_per_frame: usize,
    /// Largest item a stream may send, in bytes of its envelope's JSON plus
    /// its bytes; a larger one ends the stream with
    /// [`ErrorCode::BadResponse`]. Default: 16 MiB.
    pub max_stream_item_bytes: usize,
    /// How many items the page may send on a stream to main (a method's
    /// [`Incoming`](crate::Incoming) argument) ahead of the Rust consumer:
    /// its credit in items. Default: 64, as main's window for a stream to the
    /// page.
    pub incoming_window_items: usize,
    /// How many bytes the page may send ahead of the Rust consumer, as the
    /// page and main weigh items (docs/wire.md, "From the page to main"):
    /// its credit in bytes; the last item may go past it. Default: 1 MiB.
    pub incoming_window_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_payload_bytes: 16 * 1024 * 1024,
            timeout: None,
            max_binary_bytes: 64 * 1024 * 1024,
            max_streams_per_frame: 64,
            max_stream_item_bytes: 16 * 1024 * 1024,
            incoming_window_items: 64,
            incoming_window_bytes: 1024 * 1024,
        }
    }
}

impl Limits {
    /// Sets the largest accepted argument payload, in bytes of JSON.
    #[must_use]
    pub fn max_payload_bytes(mut self, bytes: usize) -> Self {
        self.max_payload_bytes = bytes;
        self
    }

    /// Sets the largest total size of a call's bytes (see
    /// [`Limits::max_binary_bytes`]).
    #[must_use]
    pub fn max_binary_bytes(mut self, bytes: usize) -> Self {
        self.max_binary_bytes = bytes;
        self
    }

    /// Sets how many streams one frame may have open at once (see
    /// [`Limits::max_streams_per_frame`]).
    #[must_use]
    pub fn max_streams_per_frame(mut self, streams: usize) -> Self {
        self.max_streams_per_frame = streams;
        self
    }

    /// Sets the largest item a stream may send (see
    /// [`Limits::max_stream_item_bytes`]).
    #[must_use]
    pub fn max_stream_item_bytes(mut self, bytes: usize) -> Self {
        self.max_stream_item_bytes = bytes;
        self
    }

    /// Sets how far the page may stream ahead of the Rust consumer of an
    /// [`Incoming`](crate::Incoming), in items and bytes (see
    /// [`Limits::incoming_window_items`]).
    #[must_use]
    pub fn incoming_window(mut self, items: usize, bytes: usize) -> Self {
        self.incoming_window_items = items;
        self.incoming_window_bytes = bytes;
        self
    }

    /// Sets how long an `async` handler may run (see [`Limits::timeout`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// One call as it arrives from the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The channel, e.g. `todos:add`.
    pub channel: String,
    /// JSON array of the positional arguments, e.g. `["milk"]`.
    pub args: String,
    /// Who called.
    pub context: Context,
}

impl Request {
    /// A request without a sender (a call made from Rust).
    pub fn new(channel: impl Into<String>, args: impl Into<String>) -> Self {
        Request {
            channel: channel.into(),
            args: args.into(),
            context: Context::default(),
        }
    }

    /// Sets who called.
    #[must_use]
    pub fn with_context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }
}

/// Object-safe view of a [`Service`].
trait ErasedService: Send + Sync + 'static {
    fn call(&self, method: u32, args: Args<'_>, ctx: Context) -> Reply;
    fn open(&self, method: u32, args: Args<'_>, ctx: Context) -> StreamReply;
    fn check_answer(&self, method: u32, args: Args<'_>, error: bool) -> Response;
}

impl<S: Service> ErasedService for S {
    fn call(&self, method: u32, args: Args<'_>, ctx: Context) -> Reply {
        Service::call(self, method, args, ctx)
    }
    fn open(&self, method: u32, args: Args<'_>, ctx: Context) -> StreamReply {
        Service::open(self, method, args, ctx)
    }
    fn check_answer(&self, method: u32, args: Args<'_>, error: bool) -> Response {
        Service::check_answer(self, method, args, error)
    }
}

#[derive(Clone)]
struct Route {
    service: Arc<dyn ErasedService>,
    channel: &'static str,
    method: u32,
    params: &'static [&'static str],
    /// Whether the channel is opened as a stream rather than called.
    stream: bool,
}

type Describe = fn(&mut TypeRegistry) -> ServiceSchema;

/// The hasher of the set of state channels: foldhash, seeded at random
/// per set (see [`table`] for why that is enough).
type ChannelHasher = foldhash::fast::RandomState;

/// Dispatches calls to services.
///
/// Build it once at start-up, then call [`Router::dispatch`] (async) or
/// [`Router::call`] (answers at once when the handler is sync) for every
/// message. Looking a channel up is one hash-map probe.
///
/// The channel name comes from the renderer, so the lookup's worst case
/// matters. The table holds only the app's own channels, fixed when the
/// router is built: nothing a renderer sends is ever inserted, so it cannot
/// build colliding chains, only choose what to look up. A lookup hashes the
/// name once (linear in its length) and then compares it with at most the
/// entries of the table's longest probe sequence, each comparison bounded
/// by the length of that channel's name; with a per-table random seed the
/// renderer cannot even aim at that sequence. The hash is foldhash rather
/// than SipHash: a few times faster on names this short. A table that
/// cannot grow with what the renderer sends cannot be flooded.
#[derive(Clone, Default)]
#[must_use]
pub struct Router {
    routes: Channels,
    /// The event channels whose payloads [`Router::check_event`] checks.
    events: Channels,
    /// The channels of the states of Rust services, whose first read the
    /// router answers from the emitter's published values.
    states: HashSet<&'static str, ChannelHasher>,
    namespaces: Vec<&'static str>,
    /// How each service describes itself, with its namespace.
    describers: Vec<(&'static str, Describe)>,
    emitter: Emitter,
    limits: Limits,
    expose_internal_errors: bool,
    /// The app's policy for 64-bit integers.
    int64: Int64,
    /// How many streams each frame has open, shared with clones.
    streams: StreamCounts,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut channels: Vec<_> = self.routes.iter().map(|route| route.channel).collect();
        channels.sort();
        f.debug_struct("Router")
            .field("channels", &channels)
            .field("limits", &self.limits)
            .field("expose_internal_errors", &self.expose_internal_errors)
            .field("int64", &self.int64)
            .finish()
    }
}

impl Router {
    /// An empty router.
    pub fn new() -> Self {
        Router::default()
    }

    /// Adds a service.
    ///
    /// # Panics
    ///
    /// If the service's namespace or one of its channels is already taken:
    /// two handlers for one channel is a bug to fix before the app starts.
    /// The panic points at the caller's `.service(…)`.
    #[track_caller]
    pub fn service<S: Service>(mut self, service: S) -> Self {
        self.claim_namespace(S::NAMESPACE);
        let service: Arc<dyn ErasedService> = Arc::new(service);
        for def in S::CHANNELS {
            let route = Route {
                service: Arc::clone(&service),
                channel: def.channel,
                method: def.method,
                params: def.params,
                stream: def.kind == ChannelKind::Stream,
            };
            let table = match def.kind {
                ChannelKind::Event | ChannelKind::State if S::CHECKS_EVENTS => &mut self.events,
                ChannelKind::Event => continue,
                ChannelKind::State => {
                    self.states.insert(def.channel);
                    continue;
                }
                ChannelKind::Invoke
                | ChannelKind::Send
                | ChannelKind::SendSync
                | ChannelKind::Stream
                | ChannelKind::Relay
                | ChannelKind::RelayAnswer => &mut self.routes,
            };
            claim_channel(table, route);
        }
        self.describers.push((S::NAMESPACE, S::describe));
        self
    }

    /// Adds every service of `other`.
    ///
    /// # Panics
    ///
    /// If both routers declare the same namespace or channel. The panic
    /// points at the caller's `.merge(…)`.
    #[track_caller]
    pub fn merge(mut self, other: Router) -> Self {
        for namespace in other.namespaces {
            self.claim_namespace(namespace);
        }
        for route in other.routes.into_routes() {
            claim_channel(&mut self.routes, route);
        }
        for route in other.events.into_routes() {
            claim_channel(&mut self.events, route);
        }
        self.states.extend(other.states);
        self.describers.extend(other.describers);
        // The policy is the app's: whichever router was given `bigint`
        // (the default is never set on purpose) gives it to both.
        if !other.int64.is_number() {
            self = self.int64(other.int64);
        }
        self
    }

    #[track_caller]
    fn claim_namespace(&mut self, namespace: &'static str) {
        assert!(
            !self.namespaces.contains(&namespace),
            "two services use the IPC namespace `{namespace}`"
        );
        self.namespaces.push(namespace);
    }

    /// The app's policy for `u64`, `i64`, `u128`, `i128` and their
    /// `NonZero` forms (docs/wire.md, "64-bit integers"): [`Int64::Number`]
    /// unless set. Under [`Int64::BigInt`] the arguments take their whole
    /// range, and answers, typed errors and events (through this router's
    /// [`Emitter`], and every clone of it) write them as placeholders the
    /// main glue revives as `BigInt`s.
    ///
    /// It must be the policy the app's schema was built with
    /// ([`SchemaBuilder::int64`]): it is part of [`Router::schema_hash`], so
    /// the main glue's handshake reports a router and a schema that differ
    /// (`ERR_SCHEMA_MISMATCH`). A router built by [`Router::merge`] is
    /// `bigint` when either router was.
    pub fn int64(mut self, policy: Int64) -> Self {
        self.int64 = policy;
        self.emitter.set_int64(policy);
        self
    }

    /// The policy set with [`Router::int64`].
    pub fn current_int64(&self) -> Int64 {
        self.int64
    }

    /// Sets the limits applied to every call.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Whether error messages that may describe the main process's
    /// internals reach the renderer. Default: `false`.
    ///
    /// Off, an [`ErrorCode::BadResponse`] (a value whose `Serialize` failed,
    /// or that holds an integer beyond ±(2^53−1)) answers a fixed message
    /// naming the channel only, since a failing `Serialize` may quote file
    /// paths, keys or other state. Turn it on in development builds to see
    /// the cause in the renderer. Panic messages never reach the renderer
    /// either way (they go to Rust's panic hook), and a handler's typed
    /// error (`ERR_HANDLER`) always does: it is the app's deliberate data.
    pub fn expose_internal_errors(mut self, expose: bool) -> Self {
        self.expose_internal_errors = expose;
        self
    }

    /// The limits in force.
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    /// The emitter shared by this router: give clones of it to the generated
    /// `<Trait>Events` types; the host connects it to the windows.
    pub fn emitter(&self) -> Emitter {
        self.emitter.clone()
    }

    /// Uses `emitter` as this router's emitter (e.g. one created before the
    /// services, so they could hold clones of it).
    pub fn with_emitter(mut self, emitter: Emitter) -> Self {
        emitter.set_int64(self.int64);
        self.emitter = emitter;
        self
    }

    /// Whether the router serves `channel` (invoke, send, sendSync and
    /// stream channels, and the first reads of the states of Rust services;
    /// not events).
    pub fn has_channel(&self, channel: &str) -> bool {
        self.routes.contains(channel) || self.states.contains(channel)
    }

    /// The schema of every service, for `ipc-codegen`.
    pub fn schema(&self, app: impl Into<String>) -> Result<Schema, SchemaError> {
        self.schema_of(app, None)
    }

    /// The schema of the services in `namespaces` (every service when
    /// `None`), built exactly as [`SchemaBuilder`] builds an app's schema:
    /// the same services give the same document and the same hash.
    pub fn schema_of(
        &self,
        app: impl Into<String>,
        namespaces: Option<&[&str]>,
    ) -> Result<Schema, SchemaError> {
        let mut builder = SchemaBuilder::new(app).int64(self.int64);
        for (namespace, describe) in &self.describers {
            if namespaces.is_none_or(|wanted| wanted.contains(namespace)) {
                builder = builder.describe_with(*describe);
            }
        }
        builder.build()
    }

    /// The `sha256:…` hash of [`Router::schema_of`]: what the addon answers
    /// the main glue's schema handshake with (docs/wire.md, "The handshake").
    /// It equals the `hash` of the schema file `ipc-codegen` generated from
    /// when the router serves the same services, declared the same way.
    pub fn schema_hash(
        &self,
        app: impl Into<String>,
        namespaces: Option<&[&str]>,
    ) -> Result<String, SchemaError> {
        Ok(self.schema_of(app, namespaces)?.content_hash())
    }

    /// Handles one request.
    pub fn dispatch(&self, request: Request) -> impl Future<Output = Response> + Send + 'static {
        let reply = self.call(&request.channel, &request.args, request.context);
        reply.into_response()
    }

    /// Handles one call: `args` is the JSON array of arguments.
    ///
    /// Answers [`Reply::Ready`] when the outcome is known at once (sync
    /// handlers, rejected calls), so a host replies without a thread hop.
    /// Never panics: a panicking handler answers [`ErrorCode::Panic`].
    /// With the `tracing` feature, each call runs in an `ipc.dispatch` span.
    #[inline]
    pub fn call(&self, channel: &str, args: &str, ctx: Context) -> Reply {
        self.call_inner(channel, args, None, ctx)
    }

    /// Handles one call whose `Uint8Array`s came beside the JSON: `args`
    /// holds a placeholder `{"$ipcBytes": n}` for buffer `n` of `buffers`
    /// (docs/wire.md, "Bytes"). The buffers are only borrowed: each byte
    /// type copies the bytes it takes, once. Their total size is checked
    /// against [`Limits::max_binary_bytes`] first
    /// ([`ErrorCode::PayloadTooLarge`]); a buffer that no byte type takes
    /// is [`ErrorCode::BadArguments`], with the path to its placeholder.
    /// The answer's own bytes are in [`Response::buffers`].
    pub fn call_with_buffers(
        &self,
        channel: &str,
        args: &str,
        buffers: &Buffers<'_>,
        ctx: Context,
    ) -> Reply {
        let buffers = (!buffers.is_empty()).then_some(buffers);
        self.call_inner(channel, args, buffers, ctx)
    }

    /// [`Router::call`], with the buffers of a call that has some.
    #[inline]
    fn call_inner(
        &self,
        channel: &str,
        args: &str,
        buffers: Option<&Buffers<'_>>,
        ctx: Context,
    ) -> Reply {
        #[cfg(feature = "tracing")]
        return crate::trace::dispatch(channel, args.len(), || {
            self.call_untraced(channel, args, buffers, ctx)
        });
        #[cfg(not(feature = "tracing"))]
        self.call_untraced(channel, args, buffers, ctx)
    }

    #[inline]
    fn call_untraced(
        &self,
        channel: &str,
        args: &str,
        buffers: Option<&Buffers<'_>>,
        ctx: Context,
    ) -> Reply {
        let checked = match buffers {
            Some(buffers) => self.check_buffers(buffers),
            None => Ok(()),
        };
        let route = match checked.and_then(|()| self.route(channel, args)) {
            Ok(route) if !route.stream => route,
            refused => return Reply::Ready(self.not_called(refused, channel, args, buffers)),
        };
        let mut call_args = Args::new(args, route.params, route.channel).with_int64(self.int64);
        if let Some(buffers) = buffers {
            call_args = call_args.with_buffers(buffers);
        }
        let service = &route.service;
        let channel = route.channel;
        let expose = self.expose_internal_errors;
        // The answer is finished inside the closure, where it lies (neither
        // step can panic), so that what leaves `catch_unwind` is the reply
        // as the caller takes it, moved once.
        match catch_unwind(AssertUnwindSafe(|| {
            finish(service.call(route.method, call_args, ctx), channel, expose)
        })) {
            Ok(reply) => reply,
            Err(_) => Reply::Ready(panicked(channel)),
        }
    }

    /// The answer to a call [`Router::call`] does not make (out of line,
    /// so the path of a call it makes stays short): a stream channel, or
    /// the lookup's refusal, unless the channel is a state's, whose first
    /// read the router answers.
    #[cold]
    #[inline(never)]
    fn not_called(
        &self,
        refused: Result<&Route, IpcError>,
        channel: &str,
        args: &str,
        buffers: Option<&Buffers<'_>>,
    ) -> Response {
        match refused {
            Ok(route) => Response::err(wrong_kind(
                route.channel,
                "a stream channel: open it with Router::open_stream",
            )),
            Err(error) => match self.states.get(channel) {
                Some(state) => self.read_state(state, args, buffers),
                None => Response::err(error),
            },
        }
    }

    /// The first read of a state of a Rust service: its latest published
    /// version, `{"version": n, "value": …}` (docs/wire.md, "State"). The
    /// read takes no arguments.
    fn read_state(
        &self,
        channel: &'static str,
        args: &str,
        buffers: Option<&Buffers<'_>>,
    ) -> Response {
        let limit = self.limits.max_payload_bytes;
        if args.len() > limit {
            return Response::err(
                IpcError::new(
                    ErrorCode::PayloadTooLarge,
                    format!(
                        "the arguments are {} bytes of JSON, above the limit of {limit} bytes",
                        args.len()
                    ),
                )
                .with_data(&PayloadSize {
                    limit,
                    size: args.len(),
                }),
            );
        }
        let mut read_args = Args::new(args, &[], channel);
        if let Some(buffers) = buffers {
            read_args = read_args.with_buffers(buffers);
        }
        if let Err(response) = crate::args::no_args(&read_args) {
            return response;
        }
        match self.emitter.states().latest(channel) {
            Some(published) => Response::state(&published),
            None => Response::err(IpcError::new(
                ErrorCode::BadResponse,
                format!(
                    "the state `{channel}` has no value to send yet: create the service's `…States` \
                     handle on the router's emitter before windows read it, with a value that can be \
                     sent to JavaScript"
                ),
            )),
        }
    }

    /// Opens the stream of a stream channel (a method that returns
    /// [`Stream`](crate::Stream); docs/wire.md, "Streams"): `args` is the
    /// JSON array of arguments, decoded exactly as [`Router::call`] decodes
    /// them.
    ///
    /// Answers the [`OpenStream`] to pull the items from, or `Err` with the
    /// envelope of a refusal (unknown channel, a channel that is not a
    /// stream, bad arguments, [`ErrorCode::StreamLimit`] when the sender's
    /// frame already has [`Limits::max_streams_per_frame`] streams open) or
    /// of the method's setup error (`ERR_HANDLER`). The frame's place is
    /// taken before the method runs and given back when the stream ends or
    /// is dropped. Never panics: a method that panics before it returned
    /// its stream answers [`ErrorCode::Panic`], and so does a producer that
    /// panics while it is pulled (as the stream's last item).
    pub fn open_stream(&self, channel: &str, args: &str, ctx: Context) -> StreamReply {
        self.open_inner(channel, args, None, ctx)
    }

    /// [`Router::open_stream`] for a call whose `Uint8Array`s came beside
    /// the JSON, as [`Router::call_with_buffers`] takes them.
    pub fn open_stream_with_buffers(
        &self,
        channel: &str,
        args: &str,
        buffers: &Buffers<'_>,
        ctx: Context,
    ) -> StreamReply {
        let buffers = (!buffers.is_empty()).then_some(buffers);
        self.open_inner(channel, args, buffers, ctx)
    }

    /// How many streams `sender`'s frame has open (`None`: the streams
    /// opened from Rust without a sender).
    pub fn open_streams(&self, sender: Option<&crate::Sender>) -> usize {
        self.streams.open(frame_key(sender))
    }

    fn open_inner(
        &self,
        channel: &str,
        args: &str,
        buffers: Option<&Buffers<'_>>,
        ctx: Context,
    ) -> StreamReply {
        let checked = match buffers {
            Some(buffers) => self.check_buffers(buffers),
            None => Ok(()),
        };
        let route = match checked.and_then(|()| self.route(channel, args)) {
            Ok(route) if !route.stream => {
                return StreamReply::Ready(Err(Response::err(wrong_kind(
                    route.channel,
                    "not a stream channel: call it with Router::call",
                ))))
            }
            Ok(route) => route,
            Err(error) => return StreamReply::Ready(Err(Response::err(error))),
        };
        let limit = self.limits.max_streams_per_frame;
        let Some(slot) = self.streams.claim(frame_key(ctx.sender()), limit) else {
            return StreamReply::Ready(Err(Response::err(stream_limit(route.channel, limit))));
        };
        let mut call_args = Args::new(args, route.params, route.channel).with_int64(self.int64);
        if let Some(buffers) = buffers {
            call_args = call_args.with_buffers(buffers);
        }
        let channel = route.channel;
        let expose = self.expose_internal_errors;
        let item_limit = self.limits.max_stream_item_bytes;
        let (window_items, window_bytes) = (
            self.limits.incoming_window_items,
            self.limits.incoming_window_bytes,
        );
        let opened = move |stream: OpenStream| {
            if let Some(feed) = stream.incoming() {
                feed.set_window(window_items, window_bytes, item_limit);
            }
            stream.checked(
                move |item| {
                    withhold_internals(channel, expose, check_item(channel, item_limit, item))
                },
                Some(slot),
            )
        };
        let service = &route.service;
        match catch_unwind(AssertUnwindSafe(|| {
            service.open(route.method, call_args, ctx)
        })) {
            Ok(StreamReply::Ready(result)) => StreamReply::Ready(
                result
                    .map(opened)
                    .map_err(|response| withhold_internals(channel, expose, response)),
            ),
            Ok(StreamReply::Pending(future)) => StreamReply::Pending(Box::pin(
                AssertUnwindSafe(future)
                    .catch_unwind()
                    .map(move |outcome| match outcome {
                        Ok(result) => result
                            .map(opened)
                            .map_err(|response| withhold_internals(channel, expose, response)),
                        Err(_) => Err(panicked(channel)),
                    }),
            )),
            Err(_) => StreamReply::Ready(Err(panicked(channel))),
        }
    }

    /// Checks the arguments of an event emitted from main-process
    /// JavaScript against the declared Rust types, without sending it:
    /// `args` is the JSON array of the event's arguments.
    ///
    /// Answers `null` when they decode, [`ErrorCode::BadArguments`] (with the
    /// argument and the path at fault) when they do not, and
    /// [`ErrorCode::PayloadTooLarge`] above [`Limits::max_payload_bytes`],
    /// exactly as [`Router::call`] checks a call's arguments. Only the events
    /// of services that check them ([`Service::CHECKS_EVENTS`], the services
    /// implemented in main-process JavaScript) are known here: any other
    /// channel, including the events Rust emits (typed by construction) and
    /// every invoke or send channel, answers [`ErrorCode::UnknownChannel`].
    /// Never panics.
    pub fn check_event(&self, channel: &str, args: &str) -> Response {
        self.check_event_with_buffers(channel, args, &Buffers::new(&[]))
    }

    /// [`Router::check_event`] for an event whose `Uint8Array`s came beside
    /// the JSON, as [`Router::call_with_buffers`] takes a call's.
    pub fn check_event_with_buffers(
        &self,
        channel: &str,
        args: &str,
        buffers: &Buffers<'_>,
    ) -> Response {
        let route = match self
            .check_buffers(buffers)
            .and_then(|()| self.find(&self.events, channel, args))
        {
            Ok(route) => route,
            Err(error) => return Response::err(error),
        };
        let event_args = Args::new(args, route.params, route.channel)
            .with_buffers(buffers)
            .with_int64(self.int64);
        let checked = catch_unwind(AssertUnwindSafe(|| {
            route
                .service
                .call(route.method, event_args, Context::default())
        }));
        match checked {
            Ok(Reply::Ready(response)) => response,
            // A generated check answers at once; a hand-written one that
            // does not is given one poll, since nothing here can wait.
            Ok(Reply::Pending(future)) => AssertUnwindSafe(future)
                .catch_unwind()
                .now_or_never()
                .map(|outcome| outcome.unwrap_or_else(|_| panicked(route.channel)))
                .unwrap_or_else(|| {
                    Response::err(IpcError::new(
                        ErrorCode::Timeout,
                        format!(
                            "the check of the event `{}` did not answer at once",
                            route.channel
                        ),
                    ))
                }),
            Err(_) => panicked(route.channel),
        }
    }

    /// Checks what the handler of a method implemented in main-process
    /// JavaScript answered, under the `bigint` policy (docs/wire.md,
    /// "Services implemented in main-process JavaScript"): `answer` is the
    /// JSON array of one value, the handler's value (`error` false) or its
    /// typed error's `data` (`error` true), with its bytes beside it.
    ///
    /// Answers that value decoded with the declared type and encoded again
    /// under the router's policy (so its 64-bit integers are bigint
    /// placeholders, counted), or [`ErrorCode::BadArguments`] with the path
    /// when the declared type refuses it, and [`ErrorCode::PayloadTooLarge`]
    /// above the limits. Only the invoke and sendSync channels of services
    /// implemented in main-process JavaScript have answers to check: any
    /// other channel answers [`ErrorCode::UnknownChannel`]. Never panics.
    pub fn check_answer(
        &self,
        channel: &str,
        answer: &str,
        buffers: &Buffers<'_>,
        error: bool,
    ) -> Response {
        const VALUE: &[&str] = &["value"];
        const ERROR: &[&str] = &["error"];
        let route = match self
            .check_buffers(buffers)
            .and_then(|()| self.route(channel, answer))
        {
            Ok(route) => route,
            Err(error) => return Response::err(error),
        };
        let args = Args::new(answer, if error { ERROR } else { VALUE }, route.channel)
            .with_buffers(buffers)
            .with_int64(self.int64);
        catch_unwind(AssertUnwindSafe(|| {
            route.service.check_answer(route.method, args, error)
        }))
        .unwrap_or_else(|_| panicked(route.channel))
    }

    /// Checks the total size of a call's bytes.
    fn check_buffers(&self, buffers: &Buffers<'_>) -> Result<(), IpcError> {
        let limit = self.limits.max_binary_bytes;
        let size = buffers.total_len();
        if size <= limit {
            return Ok(());
        }
        Err(IpcError::new(
            ErrorCode::PayloadTooLarge,
            format!("the arguments carry {size} bytes, above the limit of {limit} bytes"),
        )
        .with_data(&PayloadSize { limit, size }))
    }

    /// Checks the size and finds the channel. The arguments' shape and count
    /// are checked as they are decoded, in the same pass.
    #[inline]
    fn route(&self, channel: &str, args: &str) -> Result<&Route, IpcError> {
        self.find(&self.routes, channel, args)
    }

    /// Checks the size and finds the channel in `table`.
    #[inline]
    fn find<'r>(
        &self,
        table: &'r Channels,
        channel: &str,
        args: &str,
    ) -> Result<&'r Route, IpcError> {
        let limit = self.limits.max_payload_bytes;
        if args.len() > limit {
            return Err(payload_too_large(args.len(), limit));
        }
        match table.get(channel) {
            Some(route) => Ok(route),
            None => Err(unknown_channel(channel)),
        }
    }
}

/// The refusal of arguments above [`Limits::max_payload_bytes`] (out of
/// line: the lookup's own code stays short).
#[cold]
#[inline(never)]
fn payload_too_large(size: usize, limit: usize) -> IpcError {
    IpcError::new(
        ErrorCode::PayloadTooLarge,
        format!("the arguments are {size} bytes of JSON, above the limit of {limit} bytes"),
    )
    .with_data(&PayloadSize { limit, size })
}

/// Adds `route` to `table`, which must not serve `channel` yet.
#[track_caller]
fn claim_channel(table: &mut Channels, route: Route) {
    let channel = route.channel;
    assert!(
        table.insert(route),
        "two handlers for the IPC channel `{channel}`"
    );
}

#[derive(serde::Serialize)]
struct PayloadSize {
    limit: usize,
    size: usize,
}

#[cold]
#[inline(never)]
fn unknown_channel(channel: &str) -> IpcError {
    // The name comes from the renderer: echo a bounded prefix only.
    const ECHO: usize = 128;
    let mut shown: String = channel.chars().take(ECHO).collect();
    if shown.len() < channel.len() {
        shown.push('…');
    }
    #[derive(serde::Serialize)]
    struct Data<'a> {
        channel: &'a str,
    }
    IpcError::new(
        ErrorCode::UnknownChannel,
        format!("no IPC handler for channel {shown:?}"),
    )
    .with_data(&Data { channel: &shown })
}

/// The refusal of a channel used as the other kind (a stream called, or
/// an invoke opened as a stream).
fn wrong_kind(channel: &str, what: &str) -> IpcError {
    #[derive(serde::Serialize)]
    struct Data<'a> {
        channel: &'a str,
    }
    IpcError::new(ErrorCode::UnknownChannel, format!("`{channel}` is {what}"))
        .with_data(&Data { channel })
}

fn stream_limit(channel: &str, limit: usize) -> IpcError {
    #[derive(serde::Serialize)]
    struct Data {
        limit: usize,
    }
    IpcError::new(
        ErrorCode::StreamLimit,
        format!(
            "`{channel}` was not opened: this frame already has {limit} open streams, the limit"
        ),
    )
    .with_data(&Data { limit })
}

/// Who owns a stream, for the count of open streams.
fn frame_key(sender: Option<&crate::Sender>) -> crate::stream::FrameKey {
    sender.map(|s| (s.web_contents_id, s.process_id, s.frame_id))
}

/// An item above the item limit ends the stream with `ERR_BAD_RESPONSE`.
fn check_item(channel: &str, limit: usize, item: Response) -> Response {
    let size = item.size();
    if !item.is_ok() || size <= limit {
        return item;
    }
    Response::err(IpcError::new(
        ErrorCode::BadResponse,
        format!("an item of `{channel}` is {size} bytes, above the limit of {limit} bytes"),
    ))
}

/// Replaces the message of an error that may describe the main process's
/// internals, unless the app opted in (see
/// [`Router::expose_internal_errors`]).
fn withhold_internals(channel: &str, expose: bool, mut response: Response) -> Response {
    withhold_in_place(channel, expose, &mut response);
    response
}

/// A handler's reply as [`Router::call`] answers it: a ready answer
/// checked where it lies, a pending one wrapped so that its panic and its
/// internal messages are answered as a sync handler's are.
#[inline]
fn finish(reply: Reply, channel: &'static str, expose: bool) -> Reply {
    match reply {
        Reply::Pending(future) => pending(future, channel, expose),
        mut ready => {
            if let Reply::Ready(response) = &mut ready {
                withhold_in_place(channel, expose, response);
            }
            ready
        }
    }
}

/// [`finish`] for a pending reply (out of line: most calls are sync).
#[inline(never)]
fn pending(
    future: Pin<Box<dyn Future<Output = Response> + Send + 'static>>,
    channel: &'static str,
    expose: bool,
) -> Reply {
    Reply::Pending(Box::pin(AssertUnwindSafe(future).catch_unwind().map(
        move |outcome| {
            let response = outcome.unwrap_or_else(|_| panicked(channel));
            withhold_internals(channel, expose, response)
        },
    )))
}

/// [`withhold_internals`], on an answer where it lies.
#[inline]
fn withhold_in_place(channel: &str, expose: bool, response: &mut Response) {
    if !expose
        && response
            .error()
            .is_some_and(|e| e.code == ErrorCode::BadResponse)
    {
        *response = withheld(channel);
    }
}

#[cold]
#[inline(never)]
fn withheld(channel: &str) -> Response {
    Response::err(IpcError::new(
        ErrorCode::BadResponse,
        format!(
            "the value `{channel}` answered cannot be sent to JavaScript (the cause is \
             withheld from the renderer; see Router::expose_internal_errors)"
        ),
    ))
}

fn panicked(channel: &str) -> Response {
    Response::err(IpcError::new(
        ErrorCode::Panic,
        format!("the handler of `{channel}` panicked"),
    ))
}
