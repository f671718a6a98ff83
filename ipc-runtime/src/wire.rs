//! JSON in and out, with the integer policy of `docs/wire.md`: every integer
//! that crosses the boundary lies within ±(2^53−1), so JavaScript holds it
//! exactly.

use std::fmt;
use std::io;

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

/// Why a value could not be serialized for JavaScript.
#[derive(Debug)]
pub(crate) enum EncodeError {
    /// An integer beyond ±(2^53−1).
    UnsafeInteger(String),
    /// Anything serde_json refuses (non-string map keys, a failing
    /// `Serialize` impl, …).
    Json(serde_json::Error),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::UnsafeInteger(value) => write!(
                f,
                "the integer {value} is beyond ±(2^53-1) and would be rounded by JavaScript"
            ),
            EncodeError::Json(error) => write!(f, "{error}"),
        }
    }
}

/// Marker carried through `io::Error` by [`SafeIntegers`].
#[derive(Debug)]
struct UnsafeIntegerMarker(String);

impl fmt::Display for UnsafeIntegerMarker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unsafe integer {}", self.0)
    }
}

impl std::error::Error for UnsafeIntegerMarker {}

/// A compact JSON formatter that refuses integers JavaScript would round.
///
/// The check rides along with serialization, so a value is walked once.
struct SafeIntegers;

impl SafeIntegers {
    fn refuse(value: impl ToString) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            UnsafeIntegerMarker(value.to_string()),
        )
    }
}

impl serde_json::ser::Formatter for SafeIntegers {
    fn write_i64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i64) -> io::Result<()> {
        if value.unsigned_abs() > MAX_SAFE_INTEGER {
            return Err(Self::refuse(value));
        }
        serde_json::ser::CompactFormatter.write_i64(writer, value)
    }

    fn write_u64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u64) -> io::Result<()> {
        if value > MAX_SAFE_INTEGER {
            return Err(Self::refuse(value));
        }
        serde_json::ser::CompactFormatter.write_u64(writer, value)
    }

    fn write_i128<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i128) -> io::Result<()> {
        if value.unsigned_abs() > u128::from(MAX_SAFE_INTEGER) {
            return Err(Self::refuse(value));
        }
        serde_json::ser::CompactFormatter.write_i128(writer, value)
    }

    fn write_u128<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u128) -> io::Result<()> {
        if value > u128::from(MAX_SAFE_INTEGER) {
            return Err(Self::refuse(value));
        }
        serde_json::ser::CompactFormatter.write_u128(writer, value)
    }
}

/// Serializes `value` to compact JSON text, refusing unsafe integers.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, SafeIntegers);
    if let Err(error) = value.serialize(&mut serializer) {
        if error.io_error_kind().is_none() {
            return Err(EncodeError::Json(error));
        }
        // `From<serde_json::Error> for io::Error` hands back the original
        // I/O error, whose payload tells an unsafe integer from a real I/O
        // failure (which writing to a `Vec` never has).
        let io = io::Error::from(error);
        let unsafe_integer = io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<UnsafeIntegerMarker>())
            .map(|UnsafeIntegerMarker(value)| value.clone());
        return Err(match unsafe_integer {
            Some(value) => EncodeError::UnsafeInteger(value),
            None => EncodeError::Json(serde_json::Error::io(io)),
        });
    }
    // serde_json writes only valid UTF-8.
    String::from_utf8(out).map_err(|e| EncodeError::Json(serde::ser::Error::custom(e)))
}

/// Serializes `value` to a [`RawValue`], refusing unsafe integers.
pub(crate) fn to_raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, EncodeError> {
    let text = to_string(value)?;
    RawValue::from_string(text).map_err(EncodeError::Json)
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
    match serde_json::from_str::<T>(raw.get()) {
        Ok(value) => Ok(value),
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_str(raw.get());
            match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
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
        assert!(matches!(
            to_string(&(MAX_SAFE_INTEGER + 1)),
            Err(EncodeError::UnsafeInteger(v)) if v == "9007199254740992"
        ));
        assert!(matches!(
            to_string(&vec![i64::MIN]),
            Err(EncodeError::UnsafeInteger(_))
        ));
        assert!(matches!(
            to_string(&u128::MAX),
            Err(EncodeError::UnsafeInteger(_))
        ));
    }
}
