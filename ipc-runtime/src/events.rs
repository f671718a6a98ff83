//! Main-to-renderer events.
//!
//! A `#[ipc(event)]` method of a service trait becomes a method of the
//! generated `<Trait>Events` emitter, which serializes the payload and hands
//! it to the [`Emitter`] shared with the router. Whoever hosts the router (the
//! Node-API bridge, or a test) connects an [`EventSink`] that delivers events
//! to windows.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use crate::context::{Context, Sender};
use crate::state::StateTable;

/// Which renderers an event goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Target {
    /// Every open window whose page is allowed to receive events.
    All,
    /// One `webContents`, by its id.
    #[serde(rename_all = "camelCase")]
    WebContents {
        /// `webContents.id`.
        id: u32,
    },
    /// One frame, by `processId` and `routingId` (`frameId` here).
    #[serde(rename_all = "camelCase")]
    Frame {
        /// `WebFrameMain.processId`.
        process_id: i32,
        /// `WebFrameMain.routingId`.
        frame_id: i32,
    },
}

impl Target {
    /// The frame that made the call, or `None` for calls made from Rust.
    pub fn caller(ctx: &Context) -> Option<Target> {
        ctx.sender().map(Target::from)
    }
}

impl From<&Sender> for Target {
    fn from(sender: &Sender) -> Self {
        Target::Frame {
            process_id: sender.process_id,
            frame_id: sender.frame_id,
        }
    }
}

/// One event on its way to the renderers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Where it goes.
    pub target: Target,
    /// The event channel, e.g. `todos:changed`.
    pub channel: &'static str,
    /// JSON array of the event's arguments, spread into the listener's
    /// parameters on the renderer side.
    pub args: String,
    /// The bytes its placeholders name (docs/wire.md, "Bytes"); usually empty.
    pub buffers: Vec<Vec<u8>>,
    /// How many bigint placeholders `args` holds (docs/wire.md, "64-bit
    /// integers"); 0 under the `number` policy.
    pub bigints: usize,
}

/// Delivers events to renderers. Implemented by the Node-API bridge; tests
/// implement it to record events.
pub trait EventSink: Send + Sync + 'static {
    /// Delivers one event. Called from whichever thread emitted it.
    fn deliver(&self, event: Event);
}

impl<F> EventSink for F
where
    F: Fn(Event) + Send + Sync + 'static,
{
    fn deliver(&self, event: Event) {
        self(event)
    }
}

/// Why an event was not sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// No [`EventSink`] is connected yet (the router is not hosted).
    #[error("no event sink is connected to the emitter")]
    NotConnected,
    /// The payload could not be serialized for JavaScript.
    #[error("event payload cannot be sent to JavaScript: {0}")]
    Serialize(String),
}

/// A cheap, cloneable handle that sends events through the connected sink.
///
/// Every clone shares the same connection, so an emitter handed to a service
/// before the router is hosted starts delivering once a sink is connected.
#[derive(Clone, Default)]
pub struct Emitter {
    sink: Arc<RwLock<Option<Arc<dyn EventSink>>>>,
    /// The latest version of each state published through this emitter
    /// (see [`crate::State`]).
    states: StateTable,
    /// Whether events are encoded under the `bigint` policy: set by the
    /// router that uses this emitter ([`Router::int64`](crate::Router::int64)),
    /// shared by every clone.
    bigint: Arc<AtomicBool>,
}

impl fmt::Debug for Emitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emitter")
            .field("connected", &self.is_connected())
            .finish()
    }
}

impl Emitter {
    /// A detached emitter; events fail with [`EmitError::NotConnected`]
    /// until [`Emitter::connect`] is called on it or a clone.
    pub fn new() -> Self {
        Emitter::default()
    }

    /// Connects the sink that delivers events, replacing any previous one.
    pub fn connect(&self, sink: impl EventSink) {
        let mut slot = self.sink.write().unwrap_or_else(|e| e.into_inner());
        *slot = Some(Arc::new(sink));
    }

    /// Disconnects the sink; later events fail with [`EmitError::NotConnected`].
    pub fn disconnect(&self) {
        let mut slot = self.sink.write().unwrap_or_else(|e| e.into_inner());
        *slot = None;
    }

    /// The states published through this emitter.
    pub(crate) fn states(&self) -> &StateTable {
        &self.states
    }

    /// The policy for 64-bit integers the generated emitters encode events
    /// with: the one of the router this emitter belongs to
    /// ([`Router::int64`](crate::Router::int64)), shared by every clone.
    pub fn int64(&self) -> crate::schema::Int64 {
        if self.bigint.load(Ordering::Relaxed) {
            crate::schema::Int64::BigInt
        } else {
            crate::schema::Int64::Number
        }
    }

    /// Sets the policy of [`Emitter::int64`], for every clone.
    pub(crate) fn set_int64(&self, policy: crate::schema::Int64) {
        self.bigint.store(!policy.is_number(), Ordering::Relaxed);
    }

    /// Whether a sink is connected.
    pub fn is_connected(&self) -> bool {
        self.sink
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// Sends an event whose arguments are already a JSON array.
    ///
    /// Generated emitters call this; prefer them, they check the payload's type.
    pub fn emit_raw(
        &self,
        target: Target,
        channel: &'static str,
        args: String,
    ) -> Result<(), EmitError> {
        self.emit_with_buffers(target, channel, args, Vec::new())
    }

    /// Sends an event whose arguments are a JSON array with placeholders
    /// for `buffers` (docs/wire.md, "Bytes").
    pub fn emit_with_buffers(
        &self,
        target: Target,
        channel: &'static str,
        args: String,
        buffers: Vec<Vec<u8>>,
    ) -> Result<(), EmitError> {
        self.emit_counted(target, channel, args, buffers, 0)
    }

    /// Sends an event whose arguments are a JSON array with placeholders
    /// for `buffers` and `bigints` bigint placeholders (docs/wire.md,
    /// "64-bit integers"), as the generated emitters encode it.
    pub(crate) fn emit_counted(
        &self,
        target: Target,
        channel: &'static str,
        args: String,
        buffers: Vec<Vec<u8>>,
        bigints: usize,
    ) -> Result<(), EmitError> {
        let sink = self
            .sink
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or(EmitError::NotConnected)?;
        sink.deliver(Event {
            target,
            channel,
            args,
            buffers,
            bigints,
        });
        Ok(())
    }
}
