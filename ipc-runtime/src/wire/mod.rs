//! JSON in and out, with the integer policy of `docs/wire.md`: every integer
//! that crosses the boundary lies within ±(2^53−1), so JavaScript holds it
//! exactly.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::envelope::{BadArguments, ErrorCode, IpcError};

/// `Number.MAX_SAFE_INTEGER`.
pub(crate) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

mod de;
mod ser;

pub(crate) use ser::Value as CheckedValue;

/// Why a value could not be serialized for JavaScript: an integer beyond
/// ±(2^53−1), NaN or ±Infinity, or anything serde_json refuses (non-string
/// map keys, a failing `Serialize` impl, …).
pub(crate) type EncodeError = serde_json::Error;

/// Serializes `value` to compact JSON text, refusing what JavaScript would
/// receive wrong (see [`ser`]).
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    let mut out = Vec::with_capacity(128);
    value.serialize(ser::Checked(&mut serde_json::Serializer::new(&mut out)))?;
    // serde_json writes only valid UTF-8.
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// A value decoded through the checks of [`de`], for APIs that take a
/// `Deserialize` type rather than a deserializer (such as serde_json's
/// stream deserializer).
pub(crate) struct CheckedOwned<T>(pub(crate) T);

impl<'de, T: DeserializeOwned> serde::Deserialize<'de> for CheckedOwned<T> {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(de::Checked(deserializer)).map(CheckedOwned)
    }
}

/// Deserializes `json` like `serde_json::from_str`, refusing an `f32`
/// beyond its range (see [`de`]).
fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(de::Checked(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

/// Serializes `value` to a [`RawValue`] (see [`to_string`]), without
/// parsing the text again: serde_json trusts its own output.
pub(crate) fn to_raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, EncodeError> {
    serde_json::value::to_raw_value(&ser::Value(value))
}

/// Splits the JSON array of a call's arguments into one raw value per argument.
pub(crate) fn split_args(args: &str) -> Result<Vec<&RawValue>, IpcError> {
    serde_json::from_str::<Vec<&RawValue>>(args).map_err(|error| {
        IpcError::new(
            ErrorCode::BadArguments,
            format!("the arguments must be a JSON array: {error}"),
        )
        .with_data(&BadArguments::default())
    })
}

/// Decodes one argument, naming it and serde's path to the bad field on failure.
pub(crate) fn decode_arg<T: DeserializeOwned>(
    raw: &RawValue,
    index: usize,
    name: &str,
) -> Result<T, IpcError> {
    let bad = |message: String, path: Option<String>| {
        IpcError::new(ErrorCode::BadArguments, message).with_data(&BadArguments {
            index: Some(index),
            argument: Some(name.to_owned()),
            path,
            ..BadArguments::default()
        })
    };
    // The fast path: plain serde_json. Only a failure pays for the path.
    match from_str::<T>(raw.get()) {
        Ok(value) => Ok(value),
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_str(raw.get());
            match serde_path_to_error::deserialize::<_, T>(de::Checked(&mut deserializer)) {
                Err(error) => {
                    let path = error.path().to_string();
                    let inner = error.into_inner();
                    let message = if path == "." {
                        format!("invalid argument `{name}`: {inner}")
                    } else {
                        format!("invalid argument `{name}` at `{path}`: {inner}")
                    };
                    Err(bad(message, Some(path)))
                }
                // Cannot happen for a deterministic `Deserialize`; answer
                // with what the fast path said rather than trusting it.
                Ok(_) => Err(bad(format!("invalid argument `{name}`"), None)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<T: DeserializeOwned>(json: &str) -> Result<T, IpcError> {
        let raw = RawValue::from_string(json.to_owned()).unwrap();
        decode_arg::<T>(&raw, 0, "value")
    }

    #[test]
    fn refuses_integers_beyond_2_pow_53_on_the_way_in() {
        assert_eq!(decode::<u64>("9007199254740991").unwrap(), MAX_SAFE_INTEGER);
        assert_eq!(
            decode::<i64>("-9007199254740991").unwrap(),
            -(MAX_SAFE_INTEGER as i64)
        );
        for json in [
            "9007199254740992",
            "-9007199254740992",
            "18446744073709551615",
        ] {
            let error = decode::<i128>(json).unwrap_err();
            assert!(
                error.message.contains("beyond ±(2^53-1)"),
                "{json}: {}",
                error.message
            );
        }
        // Anywhere in the value, whatever the declared type: JavaScript
        // rounded such a number before it was sent.
        let error =
            decode::<Vec<serde_json::Value>>(r#"[1, {"a": [9007199254740993]}]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::BadArguments);
        assert!(decode::<f64>("9007199254740992").is_err());
        // Digits inside strings are text, and floats are floats.
        assert!(decode::<(String, f64)>(r#"["12345678901234567890", 1e300]"#).is_ok());
    }

    #[test]
    fn refuses_unsafe_integers_on_the_way_out() {
        assert_eq!(to_string(&MAX_SAFE_INTEGER).unwrap(), "9007199254740991");
        assert_eq!(
            to_string(&-(MAX_SAFE_INTEGER as i64)).unwrap(),
            "-9007199254740991"
        );
        let error = to_string(&(MAX_SAFE_INTEGER + 1)).unwrap_err().to_string();
        assert!(error.contains("9007199254740992"), "{error}");
        assert!(to_string(&vec![i64::MIN]).is_err());
        assert!(to_string(&u128::MAX).is_err());
        let mut keyed = std::collections::BTreeMap::new();
        keyed.insert(u64::MAX, 1);
        assert!(to_string(&keyed).is_err(), "map keys are checked too");
    }

    #[test]
    fn refuses_non_finite_floats_instead_of_writing_null() {
        #[derive(Serialize)]
        struct Reading {
            value: Option<f64>,
        }
        for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let error = to_string(&Reading { value: Some(value) }).unwrap_err();
            assert!(error.to_string().contains("no JSON form"), "{error}");
        }
        assert!(to_string(&[f32::NAN]).is_err());
        assert_eq!(
            to_string(&Reading { value: None }).unwrap(),
            r#"{"value":null}"#
        );
        assert_eq!(to_string(&[1.5f32]).unwrap(), "[1.5]");
    }

    #[test]
    fn refuses_f32_beyond_its_range_on_the_way_in() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Sample {
            single: f32,
            double: f64,
        }
        let raw = RawValue::from_string(r#"{"single":1e39,"double":1e300}"#.into()).unwrap();
        let error = decode_arg::<Sample>(&raw, 0, "sample").unwrap_err();
        assert_eq!(error.code, ErrorCode::BadArguments);
        assert!(error.message.contains("32-bit float"), "{}", error.message);
        assert!(error.message.contains("`single`"), "{}", error.message);
        let fine = RawValue::from_string(r#"{"single":3.4e38,"double":1e300}"#.into()).unwrap();
        assert!(decode_arg::<Sample>(&fine, 0, "sample").is_ok());
        let nested = RawValue::from_string(r#"[[1e39]]"#.into()).unwrap();
        assert!(decode_arg::<Vec<Vec<f32>>>(&nested, 0, "rows").is_err());
        let optional = RawValue::from_string(r#"[null, -1e39]"#.into()).unwrap();
        assert!(decode_arg::<Vec<Option<f32>>>(&optional, 0, "cells").is_err());
    }
}
