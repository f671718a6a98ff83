//! Bytes beside the JSON (docs/wire.md, "Bytes").
//!
//! A `Uint8Array` never travels as JSON numbers. The main glue replaces
//! each one with a placeholder, `{"$ipcBytes": n}`, and hands its bytes to
//! the addon as buffer `n` of the call; the answer does the same the other
//! way. Only the byte types of serde's data model (`serialize_bytes`,
//! `deserialize_bytes`/`deserialize_byte_buf`: [`Bytes`](crate::Bytes),
//! `serde_bytes::ByteBuf`, `bytes::Bytes`, `#[serde(with = "serde_bytes")]`)
//! read and write placeholders; a plain `Vec<u8>` stays a JSON array.
//!
//! The renderer is hostile, so a placeholder is trusted only because the
//! main glue refuses any object of the page that has the key (it cannot be
//! forged), and every buffer of a call must be taken exactly once, by a
//! byte type: one left over was sent where the Rust type takes no bytes.

use std::cell::RefCell;
use std::fmt;

use serde::de::{Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};

/// The one key of a placeholder object.
pub(crate) const PLACEHOLDER_KEY: &str = "$ipcBytes";

/// The buffers that came with one call's arguments, borrowed for the time
/// they are decoded, and which of them a byte type has taken.
#[derive(Debug)]
pub struct Buffers<'a> {
    buffers: &'a [&'a [u8]],
    taken: RefCell<Vec<bool>>,
}

impl<'a> Buffers<'a> {
    /// The buffers of one call, in the order the placeholders number them.
    pub fn new(buffers: &'a [&'a [u8]]) -> Self {
        Buffers {
            buffers,
            taken: RefCell::new(vec![false; buffers.len()]),
        }
    }

    /// Whether the call came with no buffers.
    pub(crate) fn is_empty(&self) -> bool {
        self.buffers.is_empty()
    }

    /// Their total size in bytes.
    pub(crate) fn total_len(&self) -> usize {
        self.buffers.iter().map(|buffer| buffer.len()).sum()
    }

    /// Takes buffer `index` for a byte type; a second taking is an error.
    pub(crate) fn take(&self, index: u64) -> Result<&'a [u8], String> {
        let mut taken = self.taken.borrow_mut();
        let slot = usize::try_from(index)
            .ok()
            .and_then(|index| taken.get_mut(index));
        match slot {
            None => Err(format!(
                "the placeholder names buffer {index}, but the call has {}",
                self.buffers.len()
            )),
            Some(true) => Err(format!("buffer {index} is named by two placeholders")),
            Some(slot) => {
                *slot = true;
                Ok(self.buffers[index as usize])
            }
        }
    }

    /// Whether buffer `index` was taken.
    pub(crate) fn is_taken(&self, index: u64) -> bool {
        usize::try_from(index)
            .ok()
            .and_then(|index| self.taken.borrow().get(index).copied())
            .unwrap_or(false)
    }

    /// The first buffer no byte type took.
    pub(crate) fn first_left(&self) -> Option<usize> {
        self.taken.borrow().iter().position(|taken| !taken)
    }

    /// Which buffers are taken, to [`restore`](Self::restore) it after a
    /// failed attempt.
    pub(crate) fn taken(&self) -> Vec<bool> {
        self.taken.borrow().clone()
    }

    /// Puts back what [`taken`](Self::taken) saw, to decode an argument again.
    pub(crate) fn restore(&self, taken: Vec<bool>) {
        *self.taken.borrow_mut() = taken;
    }

    /// Forgets what was taken, to decode the arguments again.
    pub(crate) fn reset(&self) {
        self.taken.borrow_mut().fill(false);
    }
}

/// The buffers an answer or event hands back beside its JSON: filled as
/// the value is serialized, numbered as the placeholders are written.
pub(crate) type Sink = RefCell<Vec<Vec<u8>>>;

/// Writes the placeholder of `bytes` and keeps a copy of them in `sink`.
pub(crate) fn write_placeholder<S: Serializer>(
    serializer: S,
    sink: &Sink,
    bytes: &[u8],
) -> Result<S::Ok, S::Error> {
    let index = {
        let mut sink = sink.borrow_mut();
        sink.push(bytes.to_vec());
        sink.len() - 1
    };
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(PLACEHOLDER_KEY, &index)?;
    map.end()
}

/// The visitor of a byte type: reads a placeholder and gives the visitor
/// it wraps the buffer it names. Anything else is not a `Uint8Array`.
pub(crate) struct Placeholder<'b, V> {
    pub(crate) visitor: V,
    pub(crate) buffers: Option<&'b Buffers<'b>>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Placeholder<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Uint8Array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        let not_bytes = || A::Error::invalid_type(serde::de::Unexpected::Map, &"a Uint8Array");
        match map.next_key::<std::borrow::Cow<'_, str>>()? {
            Some(key) if key == PLACEHOLDER_KEY => {}
            Some(_) => {
                // Drain the rest so the error is about the value, not the JSON.
                let _: IgnoredAny = map.next_value()?;
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Err(not_bytes());
            }
            None => return Err(not_bytes()),
        }
        let index: u64 = map.next_value()?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(A::Error::custom("a bytes placeholder has exactly one key"));
        }
        let Some(buffers) = self.buffers else {
            return Err(A::Error::custom(format_args!(
                "the placeholder names buffer {index}, but the call has no buffers"
            )));
        };
        let bytes = buffers.take(index).map_err(A::Error::custom)?;
        self.visitor.visit_bytes(bytes)
    }
}

/// The placeholders in `value` (an argument, parsed again on the error
/// path only), each with serde_path_to_error's path to it.
pub(crate) fn placeholders(value: &serde_json::Value) -> Vec<(String, u64)> {
    fn walk(value: &serde_json::Value, path: &mut String, found: &mut Vec<(String, u64)>) {
        match value {
            serde_json::Value::Object(map) => {
                if map.len() == 1 {
                    if let Some(index) = map.get(PLACEHOLDER_KEY).and_then(|v| v.as_u64()) {
                        let shown = if path.is_empty() { "." } else { path.as_str() };
                        found.push((shown.to_owned(), index));
                        return;
                    }
                }
                for (key, item) in map {
                    let length = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    walk(item, path, found);
                    path.truncate(length);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let length = path.len();
                    path.push_str(&format!("[{index}]"));
                    walk(item, path, found);
                    path.truncate(length);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, &mut String::new(), &mut found);
    found
}

/// `json` (written by [`write_placeholder`]) with every placeholder's
/// number raised by `offset`: for the second and later arguments of an
/// event, whose bytes follow those of the arguments before them.
pub(crate) fn renumber(json: &str, offset: usize) -> Result<String, crate::EmitError> {
    fn walk(value: &mut serde_json::Value, offset: u64) {
        match value {
            serde_json::Value::Object(map) => {
                if map.len() == 1 {
                    if let Some(serde_json::Value::Number(number)) = map.get_mut(PLACEHOLDER_KEY) {
                        if let Some(index) = number.as_u64() {
                            *number = (index + offset).into();
                            return;
                        }
                    }
                }
                map.values_mut().for_each(|item| walk(item, offset));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| walk(item, offset)),
            _ => {}
        }
    }
    let fail = |error: serde_json::Error| crate::EmitError::Serialize(error.to_string());
    let mut value: serde_json::Value = serde_json::from_str(json).map_err(fail)?;
    walk(&mut value, offset as u64);
    serde_json::to_string(&value).map_err(fail)
}
