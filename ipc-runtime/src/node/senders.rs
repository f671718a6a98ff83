//! Sender handles: a frame's sender decoded once and named by a number.
//!
//! Reading the six values of a sender from JavaScript (two of them strings
//! copied into Rust) is the largest single cost of a small call
//! (BENCHMARKS.md, section 2). The main glue registers each frame's values
//! once (`registerSender`), passes the number it gets in place of the values
//! on every call, and releases it when the values change (the frame
//! navigated), its webContents is destroyed, or the registration is
//! disposed (docs/wire.md, "Sender handles"). Handles live in the main
//! process only: nothing of them reaches a page.

use std::collections::HashMap;
use std::sync::Arc;

use napi::bindgen_prelude::{FromNapiValue, Unknown};
use napi::ValueType;
use napi_derive::napi;

use super::backend::{bad_call, decode_sender, Backend};
use crate::context::Sender;
use crate::envelope::IpcError;

/// The registered senders of one Node environment, by handle.
#[derive(Default)]
pub(super) struct SenderTable {
    /// The last handle given; handles are never reused, so a released one
    /// stays unknown for the life of the environment.
    last: u64,
    senders: HashMap<u64, Arc<Sender>, foldhash::fast::FixedState>,
}

impl SenderTable {
    fn register(&mut self, sender: Sender) -> u64 {
        self.last += 1;
        self.senders.insert(self.last, Arc::new(sender));
        self.last
    }

    /// The sender of `handle`; an `ERR_BAD_ARGUMENTS` naming the handle when
    /// it was never given or is released already.
    pub(super) fn get(&self, handle: u64) -> Result<Arc<Sender>, IpcError> {
        self.senders.get(&handle).cloned().ok_or_else(|| {
            bad_call(format!(
                "`sender` {handle} is not a registered sender handle (released, or never \
                 given by registerSender)"
            ))
        })
    }

    fn release(&mut self, handle: u64) -> bool {
        let released = self.senders.remove(&handle).is_some();
        if self.senders.is_empty() && self.senders.capacity() > 64 {
            self.senders.shrink_to(0);
        }
        released
    }

    fn len(&self) -> usize {
        self.senders.len()
    }
}

/// A handle as JavaScript passes it: an integer from 1 to 2^53 - 1.
pub(super) fn decode_handle(value: Unknown<'_>) -> Option<u64> {
    if value.get_type().ok()? != ValueType::Number {
        return None;
    }
    handle_of(f64::from_unknown(value).ok()?)
}

/// A number as a handle: an integer from 1 to 2^53 - 1.
pub(super) fn handle_of(number: f64) -> Option<u64> {
    if number.fract() == 0.0 && (1.0..=MAX_SAFE_INTEGER).contains(&number) {
        // Exact: an integer of at most 53 bits.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(number as u64)
    } else {
        None
    }
}

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `IpcBackend.registerSender(sender)` of docs/wire.md: decodes `sender`
/// (`IpcSenderValues` or an `IpcSender`, with the checks `call` makes) and
/// answers the handle that `call` then takes in its place. Throws an
/// `Error` with `call`'s message when the sender is refused.
#[napi(js_name = "registerSender", catch_unwind)]
fn register_sender(sender: Unknown<'_>) -> napi::Result<f64> {
    let backend = Backend::current()?;
    let sender = decode_sender(sender).map_err(|error| napi::Error::from_reason(error.message))?;
    let handle = backend.senders.borrow_mut().register(sender);
    // Below 2^53 for as long as anyone can call this.
    #[allow(clippy::cast_precision_loss)]
    Ok(handle as f64)
}

/// `IpcBackend.releaseSender(handle)` of docs/wire.md: forgets a handle
/// (calls already running keep their sender). Answers whether it was
/// registered.
#[napi(js_name = "releaseSender", catch_unwind)]
fn release_sender(handle: Unknown<'_>) -> napi::Result<bool> {
    let backend = Backend::current()?;
    let handle = decode_handle(handle).ok_or_else(|| {
        napi::Error::from_reason("`handle` must be an integer from 1 to 2^53 - 1")
    })?;
    let released = backend.senders.borrow_mut().release(handle);
    Ok(released)
}

/// `IpcBackend.senderHandles()`: how many handles are registered (a
/// diagnostic: tests check that none outlives its frame).
#[napi(js_name = "senderHandles", catch_unwind)]
fn sender_handles() -> napi::Result<u32> {
    let backend = Backend::current()?;
    let count = backend.senders.borrow().len();
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_handle_is_never_found_again() {
        let mut table = SenderTable::default();
        let first = table.register(Sender::new(1, 2, 3).with_location("app://x/", "app://x"));
        let second = table.register(Sender::new(4, 5, 6).with_location("app://y/", "app://y"));
        assert_ne!(first, second);
        assert_eq!(table.get(first).unwrap().origin, "app://x");
        assert_eq!(table.get(second).unwrap().web_contents_id, 4);
        assert!(table.release(first));
        assert!(!table.release(first));
        let error = table.get(first).unwrap_err();
        assert!(
            error.message.contains("not a registered sender handle"),
            "{}",
            error.message
        );
        // A new registration gets a new number, never the released one.
        let third = table.register(Sender::new(1, 2, 3));
        assert!(third > second);
        assert!(table.get(first).is_err());
        assert_eq!(table.len(), 2);
    }
}
