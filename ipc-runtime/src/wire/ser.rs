//! A serializer adapter that refuses what JavaScript would receive wrong:
//! integers beyond ±(2^53−1), which `JSON.parse` rounds, and NaN/±Infinity,
//! which serde_json would quietly write as `null`.
//!
//! Every method forwards to the wrapped serializer; nested values are
//! wrapped again, so the check covers the whole value in the same single
//! pass that writes it.

use serde::ser::{
    Error, Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
    SerializeTuple, SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

use super::bytes::{write_placeholder, Sink};
use super::MAX_SAFE_INTEGER;

/// Where the value goes, which decides how bytes and 64-bit integers are
/// written.
#[derive(Clone, Copy)]
pub(crate) struct Out<'s> {
    /// Where byte types put their bytes: beside the JSON, as buffers, when
    /// the value goes to the main glue; `None` writes them as a JSON array
    /// (for JSON that is not an answer or an event, such as error `data`
    /// built in Rust).
    pub(crate) bytes: Option<&'s Sink>,
    /// How 64- and 128-bit integers are written.
    pub(crate) int64: Int64Out<'s>,
}

/// How the checked serializer writes 64- and 128-bit integers
/// (docs/wire.md, "64-bit integers").
#[derive(Clone, Copy)]
pub(crate) enum Int64Out<'s> {
    /// The `number` policy: as JSON numbers, refused beyond ±(2^53−1).
    Number,
    /// The `bigint` policy: every one as a placeholder
    /// `{"$ipcBigInt":"<decimal>"}`, which the main glue revives as a
    /// `BigInt`, whatever its size; each one written is counted, so the
    /// glue can tell them from a map that merely has the key.
    BigInt(&'s Count),
    /// The `bigint` policy, in a map key: serde_json writes the key as its
    /// decimal string, exact, which the page reads as `` `${bigint}` ``.
    BigIntKey,
}

/// How many bigint placeholders a value wrote.
pub(crate) type Count = std::cell::Cell<usize>;

impl<'s> Out<'s> {
    /// Under the `number` policy, with bytes put in `bytes` if given.
    pub(crate) fn number(bytes: Option<&'s Sink>) -> Self {
        Out {
            bytes,
            int64: Int64Out::Number,
        }
    }

    /// Under the `bigint` policy, with bytes put in `bytes` if given and
    /// each placeholder counted in `count`.
    pub(crate) fn bigint(bytes: Option<&'s Sink>, count: &'s Count) -> Self {
        Out {
            bytes,
            int64: Int64Out::BigInt(count),
        }
    }

    /// Under `policy`: [`Out::number`] or [`Out::bigint`].
    pub(crate) fn with_policy(
        bytes: Option<&'s Sink>,
        policy: crate::schema::Int64,
        count: &'s Count,
    ) -> Self {
        match policy {
            crate::schema::Int64::Number => Out::number(bytes),
            crate::schema::Int64::BigInt => Out::bigint(bytes, count),
        }
    }

    /// Calls `write` with the mode of a map key: under the `bigint`
    /// policy a copy that writes 64-bit integers as key strings, made on
    /// this frame for the length of the call; otherwise `self` itself.
    #[inline]
    fn as_key<R>(&self, write: impl FnOnce(Mode<'_>) -> R) -> R {
        match self.int64 {
            Int64Out::BigInt(_) => write(&Out {
                int64: Int64Out::BigIntKey,
                ..*self
            }),
            _ => write(self),
        }
    }
}

impl Out<'static> {
    /// Under the `number` policy, with bytes written as JSON arrays.
    pub(crate) const NUMBER: &'static Out<'static> = &Out {
        bytes: None,
        int64: Int64Out::Number,
    };
}

/// What the adapters carry: where the value goes, by reference. It is
/// handed to every nested serializer and value, so one pointer (the
/// wrapped serializer and the mode fit in two registers) instead of the
/// struct itself saves a copy at every level of every value.
pub(crate) type Mode<'s> = &'s Out<'s>;

/// The one key of a bigint placeholder object.
pub(crate) const BIGINT_KEY: &str = "$ipcBigInt";

/// Writes the bigint placeholder of `value`, and counts it.
fn write_bigint<S: Serializer>(
    serializer: S,
    count: &Count,
    value: impl std::fmt::Display,
) -> Result<S::Ok, S::Error> {
    count.set(count.get() + 1);
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(BIGINT_KEY, &Digits(value))?;
    map.end()
}

/// An integer as a JSON string of its digits, written straight into the
/// output (`collect_str`), without a `String` of its own.
struct Digits<T>(T);

impl<T: std::fmt::Display> Serialize for Digits<T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// Wraps a serializer (or one of its compound serializers) with the checks.
pub(crate) struct Checked<'s, S>(pub(crate) S, pub(crate) Mode<'s>);

/// A value to serialize with the checks: what the [`Checked`] serializer
/// hands to the serializer it wraps for every nested value, and what APIs
/// that take a `Serialize` rather than a serializer are given (such as
/// `serde_json::value::to_raw_value`).
pub(crate) struct Value<'a, 's, T: ?Sized>(pub(crate) &'a T, pub(crate) Mode<'s>);

impl<T: Serialize + ?Sized> Serialize for Value<'_, '_, T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Checked(serializer, self.1))
    }
}

fn unsafe_integer<E: Error>(value: impl std::fmt::Display) -> E {
    E::custom(format_args!(
        "the integer {value} is beyond ±(2^53-1) and would be rounded by JavaScript"
    ))
}

fn non_finite<E: Error>(value: impl std::fmt::Display) -> E {
    E::custom(format_args!(
        "the number {value} has no JSON form (it would arrive as null)"
    ))
}

impl<'s, S: Serializer> Serializer for Checked<'s, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Checked<'s, S::SerializeSeq>;
    type SerializeTuple = Checked<'s, S::SerializeTuple>;
    type SerializeTupleStruct = Checked<'s, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Checked<'s, S::SerializeTupleVariant>;
    type SerializeMap = Checked<'s, S::SerializeMap>;
    type SerializeStruct = Checked<'s, S::SerializeStruct>;
    type SerializeStructVariant = Checked<'s, S::SerializeStructVariant>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        match self.1.int64 {
            Int64Out::Number if v.unsigned_abs() > MAX_SAFE_INTEGER => Err(unsafe_integer(v)),
            Int64Out::BigInt(count) => write_bigint(self.0, count, v),
            _ => self.0.serialize_i64(v),
        }
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        match self.1.int64 {
            Int64Out::Number if v.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) => {
                Err(unsafe_integer(v))
            }
            Int64Out::BigInt(count) => write_bigint(self.0, count, v),
            _ => self.0.serialize_i128(v),
        }
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        match self.1.int64 {
            Int64Out::Number if v > MAX_SAFE_INTEGER => Err(unsafe_integer(v)),
            Int64Out::BigInt(count) => write_bigint(self.0, count, v),
            _ => self.0.serialize_u64(v),
        }
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        match self.1.int64 {
            Int64Out::Number if v > u128::from(MAX_SAFE_INTEGER) => Err(unsafe_integer(v)),
            Int64Out::BigInt(count) => write_bigint(self.0, count, v),
            _ => self.0.serialize_u128(v),
        }
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        if !v.is_finite() {
            return Err(non_finite(v));
        }
        self.0.serialize_f32(v)
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        if !v.is_finite() {
            return Err(non_finite(v));
        }
        self.0.serialize_f64(v)
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        match self.1.bytes {
            Some(sink) => write_placeholder(self.0, sink, v),
            None => self.0.serialize_bytes(v),
        }
    }
    #[inline]
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Value(value, self.1))
    }
    #[inline]
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    #[inline]
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Value(value, self.1))
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Value(value, self.1))
    }
    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0
            .serialize_seq(len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0
            .serialize_tuple(len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0
            .serialize_tuple_struct(name, len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0
            .serialize_map(len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0
            .serialize_struct(name, len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(|inner| Checked(inner, self.1))
    }
    #[inline]
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.collect_str(value)
    }
    #[inline]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<S: SerializeSeq> SerializeSeq for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Value(value, self.1))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTuple> SerializeTuple for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&Value(value, self.1))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTupleStruct> SerializeTupleStruct for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Value(value, self.1))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeTupleVariant> SerializeTupleVariant for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&Value(value, self.1))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeMap> SerializeMap for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        let inner = &mut self.0;
        self.1.as_key(|mode| inner.serialize_key(&Value(key, mode)))
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Value(value, self.1))
    }
    #[inline]
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), S::Error> {
        let (inner, mode) = (&mut self.0, self.1);
        mode.as_key(|key_mode| inner.serialize_entry(&Value(key, key_mode), &Value(value, mode)))
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeStruct> SerializeStruct for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Value(value, self.1))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: SerializeStructVariant> SerializeStructVariant for Checked<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Value(value, self.1))
    }
    #[inline]
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    #[inline]
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}
