//! Streams from the page to main: the argument of a `#[service]` method
//! that receives a sequence of items instead of one value (docs/wire.md,
//! "Streams", "From the page to main").
//!
//! The user's side is [`Incoming<T>`], a `futures::Stream` of items that
//! were decoded and checked on entry, with the same strict conversion as
//! arguments. The host's side is an [`IncomingFeed`], which the host reaches
//! through [`OpenStream::incoming`](crate::OpenStream::incoming): it pushes
//! each item as it arrives (JSON and bytes), ends or aborts the stream, and
//! waits for the consumer to take items before it lets the page send more
//! (credit). The feed refuses an item that would take the queue past its
//! window, so a page that ignores its credit cannot make main hold more
//! than the window, however slow the Rust consumer is.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context as TaskContext, Poll, Waker};

use serde::de::DeserializeOwned;

use crate::envelope::{ErrorCode, IpcError};
use crate::schema::Int64;
use crate::wire::{self, Buffers};

/// Why an [`Incoming`] stream ended before the page ended it: the last
/// item it yields, after which it yields nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IncomingError {
    /// The page cancelled the stream (an aborted `AbortSignal`, its
    /// iterable threw, its port closed), or its window closed, reloaded or
    /// navigated away. Items still queued are dropped.
    #[error("the page cancelled the stream, or its window went away")]
    Cancelled,
    /// Item `index` (from 0) does not decode as the declared type: the
    /// page was told `ERR_BAD_ARGUMENTS` with the same index and path.
    #[error("item {index} of the stream is invalid at `{path}`: {message}")]
    Invalid {
        /// The item's position in the stream, from 0.
        index: u64,
        /// serde's path to the value at fault inside the item (`.` for
        /// the item itself).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Item `index` is larger than the item limit
    /// ([`Limits::max_stream_item_bytes`](crate::Limits)).
    #[error("item {index} of the stream is {size} bytes, above the limit of {limit} bytes")]
    TooLarge {
        /// The item's position in the stream, from 0.
        index: u64,
        /// Its size: JSON plus bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The page sent item `index` beyond the credit it was given (the
    /// window of [`Limits::incoming_window_items`](crate::Limits) and
    /// [`Limits::incoming_window_bytes`](crate::Limits)): a flood.
    #[error("item {index} of the stream was sent beyond the page's credit")]
    Overrun {
        /// The item's position in the stream, from 0.
        index: u64,
    },
    /// Main ended the stream for a message of the page that breaks the
    /// wire (wrong shape, an item after the end, …): `reason` says which.
    #[error("the page broke the stream's protocol: {reason}")]
    Protocol {
        /// What the page sent.
        reason: String,
    },
}

impl IncomingError {
    /// The position of the item at fault, when one is.
    pub fn index(&self) -> Option<u64> {
        match self {
            IncomingError::Invalid { index, .. }
            | IncomingError::TooLarge { index, .. }
            | IncomingError::Overrun { index } => Some(*index),
            IncomingError::Cancelled | IncomingError::Protocol { .. } => None,
        }
    }

    /// The error the page is told, for the channel `channel`.
    pub(crate) fn to_ipc_error(&self, channel: &str) -> IpcError {
        #[derive(serde::Serialize)]
        struct Data<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            item: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            path: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            limit: Option<usize>,
            #[serde(skip_serializing_if = "Option::is_none")]
            size: Option<usize>,
        }
        let code = match self {
            IncomingError::Cancelled => ErrorCode::Cancelled,
            IncomingError::Invalid { .. } | IncomingError::Protocol { .. } => {
                ErrorCode::BadArguments
            }
            IncomingError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            IncomingError::Overrun { .. } => ErrorCode::StreamLimit,
        };
        let (path, limit, size) = match self {
            IncomingError::Invalid { path, .. } => (Some(path.as_str()), None, None),
            IncomingError::TooLarge { size, limit, .. } => (None, Some(*limit), Some(*size)),
            _ => (None, None, None),
        };
        IpcError::new(code, format!("{channel}: {self}")).with_data(&Data {
            item: self.index(),
            path,
            limit,
            size,
        })
    }
}

/// How much the page may send ahead of the Rust consumer, and how large
/// one item may be. Set by the router from its [`Limits`](crate::Limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub(crate) items: usize,
    pub(crate) bytes: usize,
    pub(crate) item_bytes: usize,
}

impl Default for Window {
    /// The window of [`Limits::default`](crate::Limits), so a stream made
    /// outside a router ([`Incoming::channel`]) has the same bounds.
    fn default() -> Self {
        let limits = crate::Limits::default();
        Window {
            items: limits.incoming_window_items,
            bytes: limits.incoming_window_bytes,
            item_bytes: limits.max_stream_item_bytes,
        }
    }
}

/// The host's end of an [`Incoming`] stream: what the Node-API bridge (or
/// a test) pushes the page's items into. Every method is cheap and never
/// waits; none panics.
pub trait IncomingFeed: Send + Sync + 'static {
    /// Decodes one item (`json`, its bytes in `buffers` as its
    /// `$ipcBytes` placeholders number them) and queues it for the
    /// consumer. `weight` is what the item counts against the byte window,
    /// as the page and main count it (docs/wire.md); `None` counts its
    /// JSON and bytes.
    ///
    /// An item that does not decode, is above the item limit, or comes
    /// beyond the window ends the stream: the consumer gets the items
    /// before it, then the error; the error is answered here too. Items
    /// after the end, or after the consumer dropped the stream, are
    /// dropped without error (the answer may be on its way).
    fn push(&self, json: &str, buffers: &[&[u8]], weight: Option<usize>) -> Result<(), IpcError>;

    /// Pushes `items` in order, as [`IncomingFeed::push`] would one by
    /// one, but under one lock and with one wake-up of the consumer for
    /// the batch. The first refused item ends the stream as `push` would
    /// end it: the items before it are queued, the ones after it are not
    /// read, and its error is answered with its index in `items`.
    fn push_many(&self, items: &[PushedItem<'_>]) -> Result<(), (usize, IpcError)> {
        for (index, item) in items.iter().enumerate() {
            self.push(item.json, item.buffers, item.weight)
                .map_err(|error| (index, error))?;
        }
        Ok(())
    }

    /// The page ended the stream: the consumer gets the queued items, then
    /// the end.
    fn end(&self);

    /// Ends the stream with `error` at once: queued items are dropped and
    /// the consumer's next poll yields the error. Nothing after an end or
    /// an earlier error.
    fn abort(&self, error: IncomingError);

    /// The items and bytes the consumer took since the last call, once it
    /// took any: what the host gives back to the page as credit. `None`
    /// once no more credit is needed (the stream ended, failed, or its
    /// consumer is gone).
    fn poll_taken(&self, cx: &mut TaskContext<'_>) -> Poll<Option<(usize, usize)>>;

    /// What [`IncomingFeed::poll_taken`] would answer now, without waiting:
    /// the items and bytes taken since the last call, if any. A host asks
    /// after each push, so credit flows back while the page sends without
    /// waiting for a wake-up.
    fn take_taken(&self) -> Option<(usize, usize)>;

    /// The window the page starts with: (items, bytes).
    fn window(&self) -> (usize, usize);

    /// Sets the window and the item limit (the router does, from its
    /// limits, before the stream is handed to the host).
    #[doc(hidden)]
    fn set_window(&self, items: usize, bytes: usize, item_bytes: usize);
}

/// One item of a batch for [`IncomingFeed::push_many`]: its JSON, its
/// bytes in `buffers` as its `$ipcBytes` placeholders number them, and
/// its weight against the byte window (`None`: its JSON and bytes).
#[derive(Debug, Clone, Copy)]
pub struct PushedItem<'a> {
    /// The item's JSON text.
    pub json: &'a str,
    /// The bytes its placeholders name.
    pub buffers: &'a [&'a [u8]],
    /// What it counts against the byte window.
    pub weight: Option<usize>,
}

/// A sequence of `T` the page sends to main, as an argument of a
/// `#[service]` method:
///
/// ```ignore
/// async fn upload(&self, name: String, chunks: Incoming<Bytes>) -> Result<Digest, UploadError>;
/// fn chat(&self, input: Incoming<Prompt>) -> Stream<Token>;
/// ```
///
/// It is a `futures::Stream` of `Result<T, IncomingError>`: each item was
/// decoded by serde as an argument is (the same strict conversion and
/// limits, `Bytes` through the bytes path), in the page's order. It ends
/// (`None`) when the page ended it, or after one `Err` when the stream
/// broke: the page cancelled it or went away ([`IncomingError::Cancelled`]),
/// or an item was refused (its index and path in the error). The page sends
/// only as far as its credit goes, which comes back as this stream is read:
/// a consumer that stops reading stops the page. Dropping it drops what is
/// queued; the page's later items are discarded.
#[must_use = "an incoming stream does nothing unless it is read"]
pub struct Incoming<T> {
    shared: Arc<Shared<T>>,
}

impl<T> fmt::Debug for Incoming<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("Incoming")
            .field("queued", &state.queue.len())
            .field("ended", &state.ended)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Incoming<T> {
    /// A stream and the feed that fills it, with the default window
    /// (64 items, 1 MiB, as [`Limits::default`](crate::Limits)): for hosts
    /// and tests. A `#[service]` method gets
    /// its stream from the router, with the router's limits.
    pub fn channel(channel: &'static str) -> (Incoming<T>, Arc<dyn IncomingFeed>) {
        let shared = Arc::new(Shared {
            channel,
            state: Mutex::new(State::new()),
        });
        let feed: Arc<dyn IncomingFeed> = Arc::clone(&shared) as Arc<dyn IncomingFeed>;
        (Incoming { shared }, feed)
    }
}

impl<T> futures_util::Stream for Incoming<T> {
    type Item = Result<T, IncomingError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Self::Item>> {
        let mut state = self.shared.lock();
        if let Some((item, weight)) = state.queue.pop_front() {
            state.queued_items -= 1;
            state.queued_bytes -= weight;
            state.taken.0 += 1;
            state.taken.1 += weight;
            if let Some(host) = state.host.take() {
                host.wake();
            }
            return Poll::Ready(Some(Ok(item)));
        }
        if let Some(error) = state.error.take() {
            // The error is yielded once; the stream is over after it.
            state.ended = true;
            return Poll::Ready(Some(Err(error)));
        }
        if state.ended {
            return Poll::Ready(None);
        }
        state.consumer = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl<T> Drop for Incoming<T> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.consumer_gone = true;
        state.queue.clear();
        state.queued_items = 0;
        state.queued_bytes = 0;
        if let Some(host) = state.host.take() {
            host.wake();
        }
    }
}

struct Shared<T> {
    channel: &'static str,
    state: Mutex<State<T>>,
}

struct State<T> {
    /// Decoded items and their weights, in the page's order.
    queue: VecDeque<(T, usize)>,
    queued_items: usize,
    queued_bytes: usize,
    /// Items pushed so far (the index of the next one).
    received: u64,
    /// The page ended the stream, or it broke: nothing more is queued.
    ended: bool,
    /// The error the consumer gets once the queue is empty.
    error: Option<IncomingError>,
    /// The `Incoming` was dropped.
    consumer_gone: bool,
    /// Items and bytes taken since the host last asked.
    taken: (usize, usize),
    consumer: Option<Waker>,
    host: Option<Waker>,
    window: Window,
}

impl<T> Shared<T> {
    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<T> State<T> {
    fn new() -> Self {
        State {
            queue: VecDeque::new(),
            queued_items: 0,
            queued_bytes: 0,
            received: 0,
            ended: false,
            error: None,
            consumer_gone: false,
            taken: (0, 0),
            consumer: None,
            host: None,
            window: Window::default(),
        }
    }

    fn ended() -> Self {
        State {
            ended: true,
            ..State::new()
        }
    }

    /// Ends the stream with `error` after what is queued (or, when
    /// `drop_queue`, at once), waking the consumer.
    fn fail(&mut self, error: IncomingError, drop_queue: bool) {
        if drop_queue {
            self.queue.clear();
            self.queued_items = 0;
            self.queued_bytes = 0;
        }
        self.ended = true;
        self.error = Some(error);
        self.wake_both();
    }

    fn wake_both(&mut self) {
        if let Some(consumer) = self.consumer.take() {
            consumer.wake();
        }
        if let Some(host) = self.host.take() {
            host.wake();
        }
    }
}

impl<T: DeserializeOwned> Shared<T> {
    /// Decodes and queues one item under the lock already held, without
    /// waking the consumer: answers whether it was queued, or the error
    /// that ended the stream.
    fn accept(
        &self,
        state: &mut State<T>,
        json: &str,
        buffers: &[&[u8]],
        weight: Option<usize>,
    ) -> Result<bool, IpcError> {
        let index = state.received;
        state.received += 1;
        if state.ended || state.consumer_gone {
            // Late: the consumer no longer reads. Give the credit back so
            // an honest page is not left waiting for the answer.
            state.taken.0 += 1;
            if let Some(host) = state.host.take() {
                host.wake();
            }
            return Ok(false);
        }
        let window = state.window;
        let size = json.len() + buffers.iter().map(|b| b.len()).sum::<usize>();
        let weight = weight.unwrap_or(size);
        let refusal = if size > window.item_bytes {
            Some(IncomingError::TooLarge {
                index,
                size,
                limit: window.item_bytes,
            })
        } else if state.queued_items >= window.items || state.queued_bytes >= window.bytes {
            Some(IncomingError::Overrun { index })
        } else {
            None
        };
        let decoded = match refusal {
            Some(error) => Err(error),
            None => decode::<T>(json, buffers, index),
        };
        match decoded {
            Ok(item) => {
                state.queue.push_back((item, weight));
                state.queued_items += 1;
                state.queued_bytes += weight;
                Ok(true)
            }
            Err(error) => {
                let answer = error.to_ipc_error(self.channel);
                state.fail(error, false);
                Err(answer)
            }
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> IncomingFeed for Shared<T> {
    fn push(&self, json: &str, buffers: &[&[u8]], weight: Option<usize>) -> Result<(), IpcError> {
        let mut state = self.lock();
        if self.accept(&mut state, json, buffers, weight)? {
            if let Some(consumer) = state.consumer.take() {
                consumer.wake();
            }
        }
        Ok(())
    }

    fn push_many(&self, items: &[PushedItem<'_>]) -> Result<(), (usize, IpcError)> {
        let mut state = self.lock();
        let mut queued = false;
        for (index, item) in items.iter().enumerate() {
            // A refusal wakes the consumer itself (`State::fail`), for the
            // items queued before it as well.
            queued |= self
                .accept(&mut state, item.json, item.buffers, item.weight)
                .map_err(|error| (index, error))?;
        }
        if queued {
            if let Some(consumer) = state.consumer.take() {
                consumer.wake();
            }
        }
        Ok(())
    }

    fn end(&self) {
        let mut state = self.lock();
        if !state.ended {
            state.ended = true;
            state.wake_both();
        }
    }

    fn abort(&self, error: IncomingError) {
        let mut state = self.lock();
        if !state.ended {
            state.fail(error, true);
        }
    }

    fn poll_taken(&self, cx: &mut TaskContext<'_>) -> Poll<Option<(usize, usize)>> {
        let mut state = self.lock();
        if state.taken != (0, 0) {
            return Poll::Ready(Some(std::mem::take(&mut state.taken)));
        }
        if state.ended || state.consumer_gone {
            return Poll::Ready(None);
        }
        state.host = Some(cx.waker().clone());
        Poll::Pending
    }

    fn take_taken(&self) -> Option<(usize, usize)> {
        let mut state = self.lock();
        (state.taken != (0, 0)).then(|| std::mem::take(&mut state.taken))
    }

    fn window(&self) -> (usize, usize) {
        let window = self.lock().window;
        (window.items, window.bytes)
    }

    fn set_window(&self, items: usize, bytes: usize, item_bytes: usize) {
        self.lock().window = Window {
            items: items.max(1),
            bytes: bytes.max(1),
            item_bytes,
        };
    }
}

/// Decodes one item as an argument is decoded: strictly, its bytes taken
/// from `buffers`, each exactly once.
fn decode<T: DeserializeOwned>(
    json: &str,
    buffers: &[&[u8]],
    index: u64,
) -> Result<T, IncomingError> {
    let buffers = Buffers::new(buffers);
    let given = (!buffers.is_empty()).then_some(&buffers);
    let value = match wire::from_str::<T>(json, given, Int64::Number) {
        Ok(value) => value,
        Err(_) => {
            buffers.reset();
            return Err(
                match wire::from_str_with_path::<T>(json, given, Int64::Number) {
                    Err(error) => IncomingError::Invalid {
                        index,
                        path: error.path().to_string(),
                        message: error.into_inner().to_string(),
                    },
                    Ok(_) => IncomingError::Invalid {
                        index,
                        path: ".".to_owned(),
                        message: "it does not decode".to_owned(),
                    },
                },
            );
        }
    };
    match buffers.first_left() {
        None => Ok(value),
        Some(left) => Err(IncomingError::Invalid {
            index,
            path: ".".to_owned(),
            message: format!(
                "buffer {left} is named by no placeholder the item's type reads (a Uint8Array sent where the Rust type takes no bytes)"
            ),
        }),
    }
}

/// Waits for [`IncomingFeed::poll_taken`].
#[cfg_attr(not(feature = "node"), allow(dead_code))]
pub(crate) fn taken(
    feed: &Arc<dyn IncomingFeed>,
) -> impl std::future::Future<Output = Option<(usize, usize)>> + Send + 'static {
    let feed = Arc::clone(feed);
    futures_util::future::poll_fn(move |cx| feed.poll_taken(cx))
}

/// For a type that cannot be an item (the crate does not compile then; see
/// `__private::probe`): an empty stream, and a feed that refuses all.
pub(crate) fn unusable<T>() -> (Incoming<T>, Arc<dyn IncomingFeed>) {
    let shared = Arc::new(Shared {
        channel: "",
        state: Mutex::new(State::ended()),
    });
    (Incoming { shared }, Arc::new(Refused))
}

/// The feed of [`unusable`].
struct Refused;

impl IncomingFeed for Refused {
    fn push(&self, _: &str, _: &[&[u8]], _: Option<usize>) -> Result<(), IpcError> {
        Err(IpcError::new(
            ErrorCode::BadArguments,
            "the items of this stream cannot cross IPC (the crate should not have compiled)",
        ))
    }
    fn end(&self) {}
    fn abort(&self, _: IncomingError) {}
    fn poll_taken(&self, _: &mut TaskContext<'_>) -> Poll<Option<(usize, usize)>> {
        Poll::Ready(None)
    }
    fn take_taken(&self) -> Option<(usize, usize)> {
        None
    }
    fn window(&self) -> (usize, usize) {
        (0, 0)
    }
    fn set_window(&self, _: usize, _: usize, _: usize) {}
}
