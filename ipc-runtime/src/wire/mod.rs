//! JSON in and out, with the integer policy of `docs/wire.md`: every integer
//! that crosses the boundary lies within ±(2^53−1), so JavaScript holds it
//! exactly.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::envelope::{BadArguments, ErrorCode, IpcError};

/// `Number.MAX_SAFE_INTEGER`.
pub(crate) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// JSON `null`.
pub(crate) fn null() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

mod de;
mod ser;

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

/// Deserializes `json` like `serde_json::from_str`, refusing an `f32`
/// beyond its range (see [`de`]).
fn from_str<T: DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(de::Checked(&mut deserializer))?;
    deserializer.end()?;
    Ok(value)
}

/// Serializes `value` to a [`RawValue`] (see [`to_string`]).
pub(crate) fn to_raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, EncodeError> {
    let text = to_string(value)?;
    RawValue::from_string(text)
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

/// Finds the first JSON integer beyond ±(2^53−1) in `json`, returning its
/// text. Numbers with a fraction or exponent are floats and are left alone.
///
/// `json` must be valid JSON (the caller has parsed it already), so the scan
/// only needs to skip strings and read number tokens.
pub(crate) fn find_unsafe_integer(json: &str) -> Option<&str> {
    let bytes = json.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                if bytes[i] == b'-' {
                    i += 1;
                }
                let digits_start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let digits = &json[digits_start..i];
                let is_float = matches!(bytes.get(i), Some(b'.' | b'e' | b'E'));
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                if !is_float && exceeds_safe_integer(digits) {
                    return Some(&json[start..i]);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether a run of decimal digits (no sign, no leading zeros, as JSON
/// writes integers) is above 2^53−1.
fn exceeds_safe_integer(digits: &str) -> bool {
    const MAX: &str = "9007199254740991";
    match digits.len().cmp(&MAX.len()) {
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => digits > MAX,
    }
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
    if let Some(number) = find_unsafe_integer(raw.get()) {
        return Err(bad(
            format!(
                "argument `{name}` holds the integer {number}, beyond ±(2^53-1): JavaScript cannot represent it exactly"
            ),
            None,
        ));
    }
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

    #[test]
    fn finds_unsafe_integers_outside_strings_only() {
        assert_eq!(find_unsafe_integer("[9007199254740991]"), None);
        assert_eq!(find_unsafe_integer("[-9007199254740991]"), None);
        assert_eq!(
            find_unsafe_integer("[9007199254740992]"),
            Some("9007199254740992")
        );
        assert_eq!(
            find_unsafe_integer("[-9007199254740992]"),
            Some("-9007199254740992")
        );
        assert_eq!(
            find_unsafe_integer(r#"{"a":"12345678901234567890","b":1}"#),
            None
        );
        assert_eq!(
            find_unsafe_integer(r#"{"a\"":123456789012345678901}"#),
            Some("123456789012345678901")
        );
        assert_eq!(
            find_unsafe_integer("[1e300, 1.5e20, 12345678901234567.5]"),
            None
        );
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
