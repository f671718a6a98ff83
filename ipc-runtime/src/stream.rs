//! Streams from main to the page: what a `#[service]` method returns to
//! answer with a sequence of items instead of one value (docs/wire.md,
//! "Streams").
//!
//! The user's side is [`Stream<T, E>`] (any `futures::Stream`, or the
//! receiving half of [`Stream::channel`]); the host's side is
//! [`OpenStream`], what [`Router::open_stream`](crate::Router::open_stream)
//! answers: the same items encoded as envelopes, pulled one at a time.
//! Nothing is computed ahead of a pull, so a page that stops reading stops
//! the producer; dropping the [`OpenStream`] drops the user's stream.

use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll};

use futures_channel::mpsc;
use futures_util::stream::{BoxStream, StreamExt};
use serde::Serialize;

use crate::envelope::{ErrorCode, IpcError, Response};
use crate::incoming::{IncomingError, IncomingFeed};

/// The error type of a stream that cannot fail: it has no values.
///
/// `Stream<T>` is `Stream<T, NoError>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoError {}

impl Serialize for NoError {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl fmt::Display for NoError {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl std::error::Error for NoError {}

/// A sequence of `T` sent to the page, one item at a time, as the answer
/// of a `#[service]` method: `fn tail(&self, file: String) -> Stream<Line>`.
///
/// The page iterates it (`for await (const line of window.logs.tail(…))`);
/// it pulls each item only when the page has room for it (credit-based
/// flow control), and cancels it (`break`, an `AbortSignal`, closing or
/// reloading the window) by dropping it: the producer is never polled
/// again, and its `Drop` runs.
///
/// `E` is the error the stream may end with, sent to the page as
/// `ERR_HANDLER` with `data: e` (build such a stream with
/// [`Stream::try_new`] or [`StreamSender::fail`]). A method that returns
/// `Result<Stream<T, E>, E>` uses the same `E` for its setup error.
#[must_use = "a stream does nothing until the page reads it"]
pub struct Stream<T, E = NoError> {
    inner: BoxStream<'static, Result<T, E>>,
}

impl<T, E> fmt::Debug for Stream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Stream(..)")
    }
}

impl<T: Send + 'static, E: Send + 'static> Stream<T, E> {
    /// The items of `stream`, which cannot fail.
    pub fn new<S>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = T> + Send + 'static,
    {
        Stream {
            inner: stream.map(Ok).boxed(),
        }
    }

    /// The items of `stream` until its first `Err(e)`, which ends the
    /// stream with `ERR_HANDLER` and `data: e` (nothing after it is
    /// polled).
    pub fn try_new<S>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<T, E>> + Send + 'static,
    {
        Stream {
            inner: stream.boxed(),
        }
    }

    /// The items of `items`, for a sequence known in advance.
    pub fn iter<I>(items: I) -> Self
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: Send + 'static,
    {
        Stream::new(futures_util::stream::iter(items))
    }

    /// A stream fed by the returned [`StreamSender`], for a producer that
    /// pushes (a task, a thread, a callback).
    ///
    /// The channel holds at most `buffer + 1` items that the page has not
    /// pulled yet (`buffer` plus one per sender, as `futures`' bounded
    /// channel counts): beyond that, [`StreamSender::send`] waits. When
    /// the page cancels, the stream is dropped and every `send` answers
    /// [`Closed`].
    pub fn channel(buffer: usize) -> (StreamSender<T, E>, Self) {
        let (sender, receiver) = mpsc::channel(buffer);
        (
            StreamSender { sender },
            Stream {
                inner: receiver.boxed(),
            },
        )
    }
}

/// The sending half of [`Stream::channel`]. Dropping every sender ends the
/// stream.
pub struct StreamSender<T, E = NoError> {
    sender: mpsc::Sender<Result<T, E>>,
}

impl<T, E> Clone for StreamSender<T, E> {
    fn clone(&self) -> Self {
        StreamSender {
            sender: self.sender.clone(),
        }
    }
}

impl<T, E> fmt::Debug for StreamSender<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamSender")
            .field("closed", &self.sender.is_closed())
            .finish()
    }
}

/// The page is gone: it cancelled the stream, or its window closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the stream was cancelled: the page no longer reads it")]
pub struct Closed;

impl<T, E> StreamSender<T, E> {
    /// Sends one item, waiting while the channel is full (the page has not
    /// pulled the earlier ones). Fails once the stream was dropped.
    pub async fn send(&mut self, item: T) -> Result<(), Closed> {
        self.push(Ok(item)).await
    }

    /// Ends the stream with `error` (`ERR_HANDLER` on the page), after the
    /// items already sent.
    pub async fn fail(mut self, error: E) -> Result<(), Closed> {
        self.push(Err(error)).await
    }

    /// Whether the stream was dropped (the page cancelled it).
    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    async fn push(&mut self, item: Result<T, E>) -> Result<(), Closed> {
        futures_util::future::poll_fn(|cx| self.sender.poll_ready(cx))
            .await
            .map_err(|_| Closed)?;
        self.sender.start_send(item).map_err(|_| Closed)
    }
}

/// How a stream's items and its final error are written for the page:
/// what the code `#[service]` generates hands to [`OpenStream::new`].
pub trait StreamEncoding<T, E>: Send + Sync + 'static {
    /// The envelope of one item: `{"ok":true,"value":…}`, or
    /// `ERR_BAD_RESPONSE` when it cannot be sent.
    fn item(&self, item: &T) -> Response;
    /// The envelope of the error the stream ends with (`ERR_HANDLER`).
    fn error(&self, error: &E) -> Response;
}

/// A stream opened by [`Router::open_stream`](crate::Router::open_stream):
/// the items of a method's [`Stream`] as envelopes, in order.
///
/// Each `poll_next` answers one item's envelope (`ok`, with its bytes in
/// [`Response::buffers`]), or a final error envelope after which the
/// stream ends (`ERR_HANDLER` with the typed error, `ERR_PANIC` when the
/// producer panicked, `ERR_BAD_RESPONSE` when an item cannot be sent or
/// is above [`Limits::max_stream_item_bytes`](crate::Limits)), or `None`
/// at the end. A producer that panics is never polled again. Dropping it
/// drops the method's stream.
pub struct OpenStream {
    inner: Option<BoxStream<'static, Response>>,
    /// The frame's place in the count of open streams, until the end.
    slot: Option<StreamSlot>,
    /// The feed of the method's [`Incoming`](crate::Incoming) argument,
    /// for a channel the page also streams to.
    incoming: Option<Arc<dyn IncomingFeed>>,
}

impl fmt::Debug for OpenStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenStream")
            .field("ended", &self.inner.is_none())
            .finish()
    }
}

impl OpenStream {
    /// The items of `stream`, encoded by `encoding`.
    pub fn new<T, E, C>(stream: Stream<T, E>, encoding: C) -> Self
    where
        T: Send + 'static,
        E: Send + 'static,
        C: StreamEncoding<T, E>,
    {
        let items = stream.inner.map(move |item| match item {
            Ok(value) => encoding.item(&value),
            Err(error) => encoding.error(&error),
        });
        OpenStream {
            inner: Some(items.boxed()),
            slot: None,
            incoming: None,
        }
    }

    /// Applies the router's rules to every envelope: the item size limit,
    /// and the message of an `ERR_BAD_RESPONSE` withheld from the page.
    pub(crate) fn checked(
        mut self,
        check: impl Fn(Response) -> Response + Send + 'static,
        slot: Option<StreamSlot>,
    ) -> Self {
        self.inner = self.inner.take().map(|inner| inner.map(check).boxed());
        self.slot = slot;
        self
    }

    /// A stream of one envelope: the answer of a method that takes an
    /// [`Incoming`](crate::Incoming) and answers once (`upload(name,
    /// chunks) -> Result<Digest, E>`). The method runs as the stream is
    /// pulled, so the page can push its items meanwhile.
    pub fn answer<F>(answer: F) -> Self
    where
        F: Future<Output = Response> + Send + 'static,
    {
        OpenStream {
            inner: Some(futures_util::stream::once(answer).boxed()),
            slot: None,
            incoming: None,
        }
    }

    /// The stream a method answers once `opening` resolves: its items, or
    /// the refusal or setup error as the one envelope. For a method that
    /// takes an [`Incoming`](crate::Incoming) and answers a
    /// [`Stream`] (both ways), whose setup may wait for the page's items.
    pub fn deferred<F>(opening: F) -> Self
    where
        F: Future<Output = Result<OpenStream, Response>> + Send + 'static,
    {
        let items = futures_util::stream::once(opening)
            .map(|opened| match opened {
                Ok(stream) => stream.boxed(),
                Err(response) => futures_util::stream::once(std::future::ready(response)).boxed(),
            })
            .flatten();
        OpenStream {
            inner: Some(items.boxed()),
            slot: None,
            incoming: None,
        }
    }

    /// The same stream, fed by the page through `feed` (the feed of the
    /// method's [`Incoming`](crate::Incoming) argument).
    pub fn with_incoming(mut self, feed: Arc<dyn IncomingFeed>) -> Self {
        self.incoming = Some(feed);
        self
    }

    /// The feed the page's items go into, for a channel whose method takes
    /// an [`Incoming`](crate::Incoming): the host keeps a clone, to push
    /// into while the stream is pulled.
    pub fn incoming(&self) -> Option<&Arc<dyn IncomingFeed>> {
        self.incoming.as_ref()
    }

    /// Whether the stream has ended (its producer is dropped).
    pub fn is_ended(&self) -> bool {
        self.inner.is_none()
    }

    /// Drops the producer and gives the frame's place back.
    fn end(&mut self) {
        self.inner = None;
        self.slot = None;
        if let Some(feed) = self.incoming.take() {
            // The method is done: whatever the page still sends is dropped.
            feed.abort(IncomingError::Cancelled);
        }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        // Dropped before its end (the page cancelled, its window went
        // away): an `Incoming` the method handed on sees the error.
        if let Some(feed) = self.incoming.take() {
            feed.abort(IncomingError::Cancelled);
        }
    }
}

impl futures_util::Stream for OpenStream {
    type Item = Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Response>> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(None);
        };
        match catch_unwind(AssertUnwindSafe(|| inner.poll_next_unpin(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(Some(response))) => {
                if !response.is_ok() {
                    // An error ends the stream: drop the producer now.
                    self.end();
                }
                Poll::Ready(Some(response))
            }
            Ok(Poll::Ready(None)) => {
                self.end();
                Poll::Ready(None)
            }
            Err(_) => {
                self.end();
                Poll::Ready(Some(Response::err(IpcError::new(
                    ErrorCode::Panic,
                    "the stream's producer panicked",
                ))))
            }
        }
    }
}

/// Whether a stream was opened, and how: a method's answer to
/// [`Service::open`](crate::Service::open).
pub enum StreamReply {
    /// Known at once: the stream, or the refusal or setup error.
    Ready(Result<OpenStream, Response>),
    /// The method is `async`: the future resolves to the same.
    Pending(Pin<Box<dyn Future<Output = Result<OpenStream, Response>> + Send + 'static>>),
}

impl fmt::Debug for StreamReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamReply::Ready(result) => f.debug_tuple("Ready").field(result).finish(),
            StreamReply::Pending(_) => f.write_str("Pending(..)"),
        }
    }
}

impl StreamReply {
    /// Waits for the outcome (immediately for [`StreamReply::Ready`]).
    pub async fn into_result(self) -> Result<OpenStream, Response> {
        match self {
            StreamReply::Ready(result) => result,
            StreamReply::Pending(future) => future.await,
        }
    }
}

impl From<Response> for StreamReply {
    fn from(response: Response) -> Self {
        StreamReply::Ready(Err(response))
    }
}

/// Who owns a place in the count of open streams: the frame, or `None`
/// for streams opened from Rust without a sender.
pub(crate) type FrameKey = Option<(u32, i32, i32)>;

/// The count of open streams per frame, shared by a router and its clones.
#[derive(Debug, Default, Clone)]
pub(crate) struct StreamCounts(Arc<Mutex<std::collections::HashMap<FrameKey, usize>>>);

impl StreamCounts {
    /// Takes a place for `frame`, unless it already has `limit` streams.
    pub(crate) fn claim(&self, frame: FrameKey, limit: usize) -> Option<StreamSlot> {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = counts.entry(frame).or_insert(0);
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(StreamSlot {
            counts: self.clone(),
            frame,
        })
    }

    /// How many streams `frame` has open.
    pub(crate) fn open(&self, frame: FrameKey) -> usize {
        let counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        counts.get(&frame).copied().unwrap_or(0)
    }
}

/// One frame's place in [`StreamCounts`], given back when dropped.
#[derive(Debug)]
pub(crate) struct StreamSlot {
    counts: StreamCounts,
    frame: FrameKey,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut counts = self.counts.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = counts.get_mut(&self.frame) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.frame);
            }
        }
    }
}
