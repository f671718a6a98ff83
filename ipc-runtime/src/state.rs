//! Shared state: a value owned by the main process that every window reads
//! and follows (docs/wire.md, "State").
//!
//! A `#[ipc(state)]` declaration of a service trait becomes a field of the
//! generated `<Trait>States`, a [`State`] of the declared type. Setting it
//! publishes the new value under the next version number: the router
//! answers a window's first read with the latest published version, and the
//! value goes to the windows that follow the state as an event on the
//! state's channel, with the arguments `[version, value]`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::__private::Encoded;
use crate::events::{EmitError, Emitter, Target};
use crate::schema::Int64;

/// One published version of a state: the value's JSON and its bytes.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    pub(crate) version: u64,
    pub(crate) json: String,
    pub(crate) buffers: Vec<Vec<u8>>,
    /// How many bigint placeholders `json` holds (docs/wire.md, "64-bit
    /// integers"); 0 under the `number` policy.
    pub(crate) bigints: usize,
}

/// The latest published version of every state, by channel. Shared by the
/// clones of an [`Emitter`], so the router that holds the emitter answers
/// the reads of the states its services declare.
#[derive(Debug, Default, Clone)]
pub(crate) struct StateTable(Arc<Mutex<HashMap<&'static str, Published>>>);

impl StateTable {
    fn lock(&self) -> MutexGuard<'_, HashMap<&'static str, Published>> {
        // Every change below is one insert: a panic elsewhere leaves it whole.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The latest published version of `channel`'s state.
    pub(crate) fn latest(&self, channel: &str) -> Option<Published> {
        self.lock().get(channel).cloned()
    }

    /// The number of the latest published version of `channel`'s state.
    fn version(&self, channel: &str) -> Option<u64> {
        self.lock().get(channel).map(|published| published.version)
    }

    /// Publishes a new version of `channel`'s state and sends it to the
    /// windows, under one lock, so versions reach the sink in their order.
    fn publish(&self, emitter: &Emitter, channel: &'static str, encoded: Encoded) -> u64 {
        let mut table = self.lock();
        let version = table.get(channel).map_or(1, |latest| latest.version + 1);
        let (json, buffers, bigints) = encoded.into_counted_parts();
        let args = format!("[{version},{json}]");
        // With no sink yet there is no window to tell; the value is kept
        // for their first read.
        let _ = emitter.emit_counted(Target::All, channel, args, buffers.clone(), bigints);
        table.insert(
            channel,
            Published {
                version,
                json,
                buffers,
                bigints,
            },
        );
        version
    }
}

/// How a state's value is written for JavaScript: the strict encoding of
/// events (docs/wire.md, "Integers", "Bytes"), chosen by the macro.
type Encode<T> = fn(&T, Int64) -> Result<Encoded, EmitError>;

/// A value owned by the main process that every window reads and follows:
/// one `#[ipc(state)]` of a service, a field of the generated
/// `<Trait>States`.
///
/// The value lives here, in Rust; [`State::set`] and [`State::update`]
/// change it and publish the new value, whole, under the next version
/// number. Windows read the latest version when they start following the
/// state and receive each later one; updates published in one turn of the
/// main process's event loop reach a window as one (docs/wire.md, "State").
/// Clones share the value.
pub struct State<T> {
    inner: Arc<Inner<T>>,
}

struct Inner<T> {
    value: Mutex<T>,
    emitter: Emitter,
    channel: &'static str,
    encode: Encode<T>,
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        State {
            inner: Arc::clone(&self.inner),
        }
    }
}

// Without the value, so that a state of any type can sit in a `Debug`
// struct, and printing it never waits for the value's lock.
impl<T> fmt::Debug for State<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("channel", &self.inner.channel)
            .field("version", &self.version())
            .finish_non_exhaustive()
    }
}

impl<T> State<T> {
    /// The state of `channel`, holding `initial`, published at once (as
    /// version 1, or after the versions an earlier handle of the same
    /// channel published). Called by the generated `<Trait>States::new`.
    ///
    /// A value that cannot be encoded is kept but not published: windows
    /// get `ERR_BAD_RESPONSE` for it until a value that can be is set.
    /// Each value is encoded under the emitter's policy for 64-bit integers
    /// when it is published ([`Emitter::int64`]): create the states once the
    /// router that shares the emitter has its policy.
    #[doc(hidden)]
    pub fn __new(emitter: Emitter, channel: &'static str, initial: T, encode: Encode<T>) -> Self {
        let state = State {
            inner: Arc::new(Inner {
                value: Mutex::new(initial),
                emitter,
                channel,
                encode,
            }),
        };
        {
            let value = state.lock();
            let _ = state.publish(&value);
        }
        state
    }

    fn lock(&self) -> MutexGuard<'_, T> {
        // A panic in an `update` closure leaves whatever it had done; the
        // published version stays the last one that was whole.
        self.inner.value.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn publish(&self, value: &T) -> Result<u64, EmitError> {
        let encoded = (self.inner.encode)(value, self.inner.emitter.int64())?;
        let inner = &*self.inner;
        Ok(inner
            .emitter
            .states()
            .publish(&inner.emitter, inner.channel, encoded))
    }

    /// Replaces the value and publishes it. Fails, changing nothing, when
    /// the value cannot be sent to JavaScript ([`EmitError::Serialize`]: an
    /// integer beyond ±(2^53−1), a failing `Serialize`). With no window
    /// connected yet it succeeds: windows read the value when they come.
    pub fn set(&self, value: T) -> Result<(), EmitError> {
        let mut current = self.lock();
        let encoded = (self.inner.encode)(&value, self.inner.emitter.int64())?;
        *current = value;
        let inner = &*self.inner;
        inner
            .emitter
            .states()
            .publish(&inner.emitter, inner.channel, encoded);
        Ok(())
    }

    /// Changes the value in place with `change` and publishes the result.
    ///
    /// When the changed value cannot be sent to JavaScript the change stays
    /// in Rust and the error is returned: windows keep the last published
    /// version until a value that can be sent is set.
    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> Result<R, EmitError> {
        let mut value = self.lock();
        let result = change(&mut value);
        self.publish(&value)?;
        Ok(result)
    }

    /// Reads the current value.
    pub fn read<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        read(&self.lock())
    }

    /// The latest published version: 1 for the initial value, one more for
    /// each value published since; 0 when none could be published.
    pub fn version(&self) -> u64 {
        self.inner
            .emitter
            .states()
            .version(self.inner.channel)
            .unwrap_or(0)
    }

    /// The state's channel, e.g. `todos:todos`.
    pub fn channel(&self) -> &'static str {
        self.inner.channel
    }
}
