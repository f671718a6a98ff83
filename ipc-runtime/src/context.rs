//! Who made a call, and whether it is still wanted.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};

use serde::{Deserialize, Serialize};

/// Information about the caller of one request.
///
/// A handler asks for it by taking `ctx: &Context` as its first argument after
/// `&self`; the context is not part of the wire and does not appear in the
/// TypeScript signature. The main process glue fills it from the IPC event
/// (`event.sender` and `event.senderFrame`); calls made from Rust, such as
/// tests, use [`Context::default`], which has no sender.
///
/// It also tells a handler whether its call is still wanted: when the page
/// cancels the call (an `AbortSignal`, a deadline) or its frame goes away,
/// the host drops an `async` handler's future at its current `.await`, and
/// [`Context::is_cancelled`] / [`Context::cancelled`] let code that the
/// drop does not reach (a blocking task, a thread the handler started) see
/// it and clean up. Two contexts are equal when their senders are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    // Shared: the Node-API bridge decodes a frame's sender once and hands
    // each of its calls the same one (its sender handles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sender: Option<Arc<Sender>>,
    #[serde(skip)]
    cancellation: Cancellation,
}

impl PartialEq for Context {
    fn eq(&self, other: &Self) -> bool {
        self.sender == other.sender
    }
}

impl Eq for Context {}

impl Context {
    /// A context without a sender, for calls made from Rust.
    pub fn new() -> Self {
        Context::default()
    }

    /// A context for a call from the given sender.
    pub fn from_sender(sender: Sender) -> Self {
        Context::from_shared_sender(Arc::new(sender))
    }

    /// A context for a call from a sender that other calls share.
    pub(crate) fn from_shared_sender(sender: Arc<Sender>) -> Self {
        Context {
            sender: Some(sender),
            cancellation: Cancellation::default(),
        }
    }

    /// The renderer that made the call, if the call came over IPC.
    pub fn sender(&self) -> Option<&Sender> {
        self.sender.as_deref()
    }

    /// This context with `cancellation` as its call's: what a host (the
    /// Node-API bridge, a test) cancels when the call is no longer wanted.
    #[must_use]
    pub fn with_cancellation(mut self, cancellation: Cancellation) -> Self {
        self.cancellation = cancellation;
        self
    }

    /// Whether the call was cancelled. A handler that does blocking work in
    /// steps (on `spawn_blocking` or a thread of its own) checks it between
    /// steps: the drop of an `async` handler's future does not stop them.
    pub fn is_cancelled(&self) -> bool {
        self.cancellation.is_cancelled()
    }

    /// Completes when the call is cancelled (never, for a call nobody
    /// cancels). For cleanup that must run on cancellation, race it with
    /// the work: `tokio::select! { r = work => r, _ = ctx.cancelled() => … }`.
    pub fn cancelled(&self) -> Cancelled {
        self.cancellation.cancelled()
    }
}

/// The cancellation of one call, shared by its clones: [`Cancellation::cancel`]
/// on one is seen by every other (and by the [`Context`] that holds it).
///
/// [`Cancellation::default`] is one nobody can cancel (it allocates
/// nothing: the context of a call that cannot be cancelled costs nothing).
#[derive(Clone, Default)]
pub struct Cancellation(Option<Arc<CancellationState>>);

#[derive(Default)]
struct CancellationState {
    cancelled: AtomicBool,
    wakers: Mutex<Wakers>,
}

/// The wakers of the tasks waiting for a cancellation, each once. A call
/// usually has one waiter (the bridge's race of its future against its
/// cancellation), which is kept inline: waiting allocates nothing.
#[derive(Default)]
struct Wakers {
    first: Option<Waker>,
    more: Vec<Waker>,
}

impl Wakers {
    /// Adds `waker` unless one that wakes the same task is there already.
    fn register(&mut self, waker: &Waker) {
        match &self.first {
            None => self.first = Some(waker.clone()),
            Some(first) if first.will_wake(waker) => {}
            Some(_) => {
                if !self.more.iter().any(|more| more.will_wake(waker)) {
                    self.more.push(waker.clone());
                }
            }
        }
    }

    /// Removes the wakers that wake the same task as `waker`.
    #[cfg(any(feature = "node", test))]
    fn forget(&mut self, waker: &Waker) {
        self.more.retain(|more| !more.will_wake(waker));
        if self
            .first
            .as_ref()
            .is_some_and(|first| first.will_wake(waker))
        {
            self.first = self.more.pop();
        }
    }

    /// Takes every waker, leaving none.
    fn take(&mut self) -> impl Iterator<Item = Waker> {
        self.first
            .take()
            .into_iter()
            .chain(std::mem::take(&mut self.more))
    }
}

impl Cancellation {
    /// A cancellation nobody has cancelled yet.
    pub fn new() -> Self {
        Cancellation(Some(Arc::default()))
    }

    /// Cancels the call: [`Cancellation::is_cancelled`] becomes true and
    /// every [`Cancelled`] future completes. Idempotent; does nothing to
    /// [`Cancellation::default`], which cannot be cancelled.
    pub fn cancel(&self) {
        let Some(state) = &self.0 else {
            return;
        };
        if state.cancelled.swap(true, Ordering::AcqRel) {
            return;
        }
        let wakers: Vec<Waker> = state
            .wakers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .collect();
        // Woken outside the lock: a woken task may poll at once.
        for waker in wakers {
            waker.wake();
        }
    }

    /// Whether [`Cancellation::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0
            .as_ref()
            .is_some_and(|state| state.cancelled.load(Ordering::Acquire))
    }

    /// A future that completes once the call is cancelled.
    pub fn cancelled(&self) -> Cancelled {
        Cancelled(self.clone())
    }

    /// Lets go of the waker of the task `waker` wakes, which a [`Cancelled`]
    /// of that task registered and no longer needs (the task stopped
    /// waiting for the cancellation). A registered waker keeps its task's
    /// memory alive as long as the cancellation lives: the Node-API bridge
    /// forgets it when a call's race ends, so the task is freed on its
    /// worker thread rather than on the JavaScript thread, which drops the
    /// bridge's copy only once it has the answer.
    #[cfg(any(feature = "node", test))]
    pub(crate) fn forget_waiter(&self, waker: &Waker) {
        if let Some(state) = &self.0 {
            state
                .wakers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .forget(waker);
        }
    }
}

impl fmt::Debug for Cancellation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cancellation")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

/// Completes when its call is cancelled: [`Context::cancelled`].
#[derive(Debug)]
#[must_use = "a future does nothing unless polled"]
pub struct Cancelled(Cancellation);

impl Future for Cancelled {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<()> {
        let Some(state) = &self.0 .0 else {
            // Nobody can cancel it.
            return Poll::Pending;
        };
        if state.cancelled.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        let mut wakers = state.wakers.lock().unwrap_or_else(PoisonError::into_inner);
        // Checked again under the lock: `cancel` sets the flag before it
        // takes the wakers, so a waker pushed now is either woken or sees it.
        if state.cancelled.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        wakers.register(cx.waker());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancelled_completes_when_a_clone_is_cancelled() {
        let cancellation = Cancellation::new();
        let ctx = Context::new().with_cancellation(cancellation.clone());
        assert!(!ctx.is_cancelled());
        let waiter = tokio::spawn({
            let ctx = ctx.clone();
            async move { ctx.cancelled().await }
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        cancellation.cancel();
        waiter.await.expect("the waiter completes");
        assert!(ctx.is_cancelled());
        // Already cancelled: completes at once, and cancelling again is harmless.
        cancellation.cancel();
        ctx.cancelled().await;
    }

    #[tokio::test]
    async fn every_waiting_task_is_woken_once_cancelled() {
        let cancellation = Cancellation::new();
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let cancelled = cancellation.cancelled();
                tokio::spawn(cancelled)
            })
            .collect();
        tokio::task::yield_now().await;
        // The same task polling twice registers one waker.
        let mut twice = std::pin::pin!(cancellation.cancelled());
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(twice.as_mut().poll(&mut cx).is_pending());
        assert!(twice.as_mut().poll(&mut cx).is_pending());
        cancellation.cancel();
        for waiter in waiters {
            tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
                .await
                .expect("each waiter is woken")
                .expect("the waiter completes");
        }
        assert!(twice.as_mut().poll(&mut cx).is_ready());
    }

    #[test]
    fn a_forgotten_waiter_is_not_kept_and_the_others_are_still_woken() {
        use std::sync::atomic::AtomicUsize;
        use std::task::Wake;

        /// A waker that counts its wakes; `Arc::strong_count` tells whether a copy is kept.
        struct Counting(AtomicUsize);
        impl Wake for Counting {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let cancellation = Cancellation::new();
        let tasks: Vec<Arc<Counting>> = (0..3)
            .map(|_| Arc::new(Counting(AtomicUsize::new(0))))
            .collect();
        let wakers: Vec<Waker> = tasks
            .iter()
            .map(|task| Waker::from(Arc::clone(task)))
            .collect();
        for waker in &wakers {
            let mut cancelled = std::pin::pin!(cancellation.cancelled());
            let mut cx = std::task::Context::from_waker(waker);
            assert!(cancelled.as_mut().poll(&mut cx).is_pending());
        }
        // Each task's waker is held once by the cancellation (beyond `tasks` and `wakers`).
        assert!(tasks.iter().all(|task| Arc::strong_count(task) == 3));
        // The first waiter (kept inline) and a later one forget theirs.
        cancellation.forget_waiter(&wakers[0]);
        cancellation.forget_waiter(&wakers[2]);
        assert_eq!(Arc::strong_count(&tasks[0]), 2);
        assert_eq!(Arc::strong_count(&tasks[1]), 3);
        assert_eq!(Arc::strong_count(&tasks[2]), 2);
        // Forgetting one that is not there, or on a cancellation nobody can cancel, does nothing.
        cancellation.forget_waiter(&wakers[0]);
        Cancellation::default().forget_waiter(&wakers[1]);
        cancellation.cancel();
        let woken: Vec<usize> = tasks
            .iter()
            .map(|task| task.0.load(Ordering::SeqCst))
            .collect();
        assert_eq!(woken, [0, 1, 0]);
    }

    #[test]
    fn contexts_compare_by_sender_only() {
        let cancelled = Cancellation::new();
        cancelled.cancel();
        assert_eq!(Context::new(), Context::new().with_cancellation(cancelled));
    }

    #[test]
    fn the_default_cancellation_cannot_be_cancelled() {
        let cancellation = Cancellation::default();
        cancellation.cancel();
        assert!(!cancellation.is_cancelled());
        let mut cancelled = std::pin::pin!(cancellation.cancelled());
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(cancelled.as_mut().poll(&mut cx).is_pending());
    }
}

/// The renderer frame that sent a message, as Electron reports it.
///
/// Field names follow Electron's `WebContents` and `WebFrameMain`, so the
/// JavaScript glue can fill this in without translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Sender {
    /// `event.sender.id`: the `webContents` the message came from.
    pub web_contents_id: u32,
    /// `event.senderFrame.processId`.
    pub process_id: i32,
    /// `event.senderFrame.routingId`: identifies the frame within its process.
    pub frame_id: i32,
    /// `event.senderFrame.url` when the message was handled.
    pub url: String,
    /// `event.senderFrame.origin` (RFC 6454 serialization, `"null"` for opaque origins).
    pub origin: String,
    /// Whether the frame is the main frame of its `webContents`.
    pub is_main_frame: bool,
}

impl Sender {
    /// A sender with the given identity; `url` and `origin` empty, main frame.
    pub fn new(web_contents_id: u32, process_id: i32, frame_id: i32) -> Self {
        Sender {
            web_contents_id,
            process_id,
            frame_id,
            url: String::new(),
            origin: String::new(),
            is_main_frame: true,
        }
    }

    /// Sets the frame's URL and origin.
    #[must_use]
    pub fn with_location(mut self, url: impl Into<String>, origin: impl Into<String>) -> Self {
        self.url = url.into();
        self.origin = origin.into();
        self
    }

    /// Marks the frame as a subframe (an iframe).
    #[must_use]
    pub fn in_subframe(mut self) -> Self {
        self.is_main_frame = false;
        self
    }
}
