//! A deserializer adapter that refuses what JavaScript cannot have meant:
//!
//! - an integer beyond ±(2^53−1), anywhere in the value: JavaScript rounded
//!   it before sending (the main glue writes such numbers in exponent form,
//!   so only a caller bypassing it sends one as an integer);
//! - an `f32` beyond `f32::MAX`: serde reads an `f32` as an `f64` and casts
//!   it, so `1e39` would quietly become infinity. The adapter sees which
//!   primitive a type asks for, so it refuses exactly that case.
//!
//! Both checks ride along with the one pass that decodes the value. Every
//! other call forwards unchanged; nested values are wrapped again.
//!
//! One gap remains and is documented in `docs/type-fidelity.md`: serde
//! buffers the fields of internally tagged and untagged enums in its own
//! private deserializer, which this adapter cannot wrap, so an `f32` inside
//! such a variant is not checked.

use std::fmt;

use super::bytes::{Buffers, Placeholder};
use super::MAX_SAFE_INTEGER;

use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, Error, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// What the value is decoded with: the buffers that came with it, if any
/// (see [`super::bytes`]), and the app's policy for 64-bit integers.
///
/// The adapters carry it by reference ([`Mode`]): it is handed to every
/// nested deserializer, visitor and seed, so one pointer (the wrapped
/// deserializer and the mode fit in two registers) instead of the struct
/// itself saves a copy at every level of every value.
#[derive(Clone, Copy)]
pub(crate) struct In<'b> {
    pub(crate) buffers: Option<&'b Buffers<'b>>,
    /// The `bigint` policy: a 64- or 128-bit integer type takes its whole
    /// range (the main glue writes a `BigInt` as its exact digits); every
    /// other type still refuses integers beyond ±(2^53−1).
    pub(crate) exact_int64: bool,
}

impl In<'static> {
    /// Under the `number` policy, without buffers: what most values are
    /// decoded with.
    pub(crate) const NUMBER: &'static In<'static> = &In {
        buffers: None,
        exact_int64: false,
    };

    /// Under the `bigint` policy, without buffers.
    pub(crate) const BIGINT: &'static In<'static> = &In {
        buffers: None,
        exact_int64: true,
    };
}

impl<'b> In<'b> {
    /// Under `policy`.
    pub(crate) fn with_policy(
        buffers: Option<&'b Buffers<'b>>,
        policy: crate::schema::Int64,
    ) -> Self {
        In {
            buffers,
            exact_int64: !policy.is_number(),
        }
    }
}

/// What the adapters carry: the mode, by reference.
type Mode<'b> = &'b In<'b>;

/// Wraps a deserializer, or one of its access objects, with the check.
pub(crate) struct Checked<'b, D>(pub(crate) D, pub(crate) Mode<'b>);

/// Wraps a visitor so that nested deserializers are [`Checked`].
struct Wrap<'b, V>(V, Mode<'b>);

/// The visitor of an `f32`: refuses finite values that overflow it.
struct F32<'b, V>(V, Mode<'b>);

/// Wraps a seed so that it deserializes from a [`Checked`] deserializer.
struct Seed<'b, S>(S, Mode<'b>);

macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(Wrap(visitor, self.1))
        }
    )*};
}

/// A 64- or 128-bit integer type: under the `bigint` policy its own
/// visitor, unchecked (it holds the whole range exactly, and serde refuses
/// what it does not hold); otherwise checked like every other.
macro_rules! forward_large_integer {
    ($($method:ident)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            if self.1.exact_int64 {
                self.0.$method(visitor)
            } else {
                self.0.$method(Wrap(visitor, self.1))
            }
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_option
        deserialize_unit deserialize_seq deserialize_map deserialize_identifier
        deserialize_ignored_any
    }
    forward_large_integer! {
        deserialize_i64 deserialize_i128 deserialize_u64 deserialize_u128
    }

    #[inline]
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_f32(F32(visitor, self.1))
    }
    #[inline]
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_byte_buf(visitor)
    }
    /// A byte type reads a placeholder and the buffer it names, never
    /// numbers: bytes do not travel as JSON.
    #[inline]
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Placeholder {
            visitor,
            buffers: self.1.buffers,
        })
    }
    #[inline]
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor, self.1))
    }
    #[inline]
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_newtype_struct(name, Wrap(visitor, self.1))
    }
    #[inline]
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor, self.1))
    }
    #[inline]
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_tuple_struct(name, len, Wrap(visitor, self.1))
    }
    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_struct(name, fields, Wrap(visitor, self.1))
    }
    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0
            .deserialize_enum(name, variants, Wrap(visitor, self.1))
    }
    #[inline]
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

fn unsafe_integer<E: Error>(value: impl fmt::Display) -> E {
    E::custom(format_args!(
        "the integer {value} is beyond ±(2^53-1): JavaScript cannot represent it exactly"
    ))
}

macro_rules! forward_visit {
    ($($method:ident: $ty:ty)*) => {$(
        #[inline]
        fn $method<E: Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

macro_rules! visitor_body {
    () => {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.expecting(f)
        }

        forward_visit! {
            visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32
            visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_f32: f32 visit_char: char visit_str: &str
            visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
            visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
        }

        #[inline]
        fn visit_i64<E: Error>(self, v: i64) -> Result<V::Value, E> {
            if v.unsigned_abs() > MAX_SAFE_INTEGER {
                return Err(unsafe_integer(v));
            }
            self.0.visit_i64(v)
        }
        #[inline]
        fn visit_u64<E: Error>(self, v: u64) -> Result<V::Value, E> {
            if v > MAX_SAFE_INTEGER {
                return Err(unsafe_integer(v));
            }
            self.0.visit_u64(v)
        }
        #[inline]
        fn visit_i128<E: Error>(self, v: i128) -> Result<V::Value, E> {
            if v.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
                return Err(unsafe_integer(v));
            }
            self.0.visit_i128(v)
        }
        #[inline]
        fn visit_u128<E: Error>(self, v: u128) -> Result<V::Value, E> {
            if v > u128::from(MAX_SAFE_INTEGER) {
                return Err(unsafe_integer(v));
            }
            self.0.visit_u128(v)
        }
        #[inline]
        fn visit_none<E: Error>(self) -> Result<V::Value, E> {
            self.0.visit_none()
        }
        #[inline]
        fn visit_unit<E: Error>(self) -> Result<V::Value, E> {
            self.0.visit_unit()
        }
        #[inline]
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_some(Checked(d, self.1))
        }
        #[inline]
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_newtype_struct(Checked(d, self.1))
        }
        #[inline]
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.0.visit_seq(Checked(seq, self.1))
        }
        #[inline]
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(Checked(map, self.1))
        }
        #[inline]
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.0.visit_enum(Checked(data, self.1))
        }
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    visitor_body!();

    #[inline]
    fn visit_f64<E: Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for F32<'_, V> {
    visitor_body!();

    #[inline]
    fn visit_f64<E: Error>(self, v: f64) -> Result<V::Value, E> {
        if v.is_finite() && (v as f32).is_infinite() {
            return Err(E::custom(format_args!(
                "the number {v:e} is beyond the range of a 32-bit float (±{:e})",
                f32::MAX
            )));
        }
        self.0.visit_f64(v)
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Checked(d, self.1))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Checked<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed, self.1))
    }
    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Checked<'_, A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed, self.1))
    }
    #[inline]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed, self.1))
    }
    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, 'b, A: EnumAccess<'de>> EnumAccess<'de> for Checked<'b, A> {
    type Error = A::Error;
    type Variant = Checked<'b, A::Variant>;

    #[inline]
    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Seed(seed, self.1))
            .map(|(value, variant)| (value, Checked(variant, self.1)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Checked<'_, A> {
    type Error = A::Error;

    #[inline]
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    #[inline]
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed, self.1))
    }
    #[inline]
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor, self.1))
    }
    #[inline]
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor, self.1))
    }
}
