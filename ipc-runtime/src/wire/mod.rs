//! JSON in and out, with the integer policy of `docs/wire.md`: every integer
//! that crosses the boundary lies within ±(2^53−1), so JavaScript holds it
//! exactly. A pure JSON layer: what an error means to the caller (an
//! envelope, a bad argument) is decided by the modules that call it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

/// `Number.MAX_SAFE_INTEGER`.
pub(crate) const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

pub(crate) mod bytes;
mod de;
mod ser;

pub use bytes::Buffers;
pub(crate) use bytes::Sink;
pub(crate) use ser::{Count, Out, Value as CheckedValue};

use crate::schema::Int64;

/// Why a value could not be serialized for JavaScript: an integer beyond
/// ±(2^53−1), NaN or ±Infinity, or anything serde_json refuses (non-string
/// map keys, a failing `Serialize` impl, …).
pub(crate) type EncodeError = serde_json::Error;

/// Serializes `value` to a [`RawValue`], refusing what JavaScript would
/// receive wrong (see [`ser`]), without parsing the text again:
/// serde_json trusts its own output.
pub(crate) fn to_raw<T: Serialize + ?Sized>(value: &T) -> Result<Box<RawValue>, EncodeError> {
    serde_json::value::to_raw_value(&ser::Value(value, ser::Out::NUMBER))
}

/// [`to_raw`], with bytes put in `sink` and a placeholder in the JSON, and
/// 64-bit integers written as `policy` says (under [`Int64::BigInt`], each
/// placeholder counted in `count`).
pub(crate) fn to_raw_with_bytes<T: Serialize + ?Sized>(
    value: &T,
    sink: &Sink,
    policy: Int64,
    count: &Count,
) -> Result<Box<RawValue>, EncodeError> {
    let mode = ser::Out::with_policy(Some(sink), policy, count);
    serde_json::value::to_raw_value(&ser::Value(value, &mode))
}

/// A value decoded through the checks of [`de`], for APIs that take a
/// `Deserialize` type rather than a deserializer (such as serde_json's
/// stream deserializer).
/// Without buffers: calls that come with some are decoded argument by
/// argument ([`from_str`]). `EXACT` is the `bigint` policy.
struct CheckedOwned<T, const EXACT: bool>(T);

impl<'de, T: DeserializeOwned, const EXACT: bool> serde::Deserialize<'de>
    for CheckedOwned<T, EXACT>
{
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mode = if EXACT {
            de::In::BIGINT
        } else {
            de::In::NUMBER
        };
        T::deserialize(de::Checked(deserializer, mode)).map(CheckedOwned)
    }
}

/// Deserializes `json` like `serde_json::from_str`, refusing what
/// JavaScript cannot have meant (see [`de`]), under the app's `policy` for
/// 64-bit integers.
#[inline]
pub(crate) fn from_str<T: DeserializeOwned>(
    json: &str,
    buffers: Option<&Buffers<'_>>,
    policy: Int64,
) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let mode = de::In::with_policy(buffers, policy);
    let value = T::deserialize(de::Checked(&mut deserializer, &mode))?;
    deserializer.end()?;
    Ok(value)
}

/// [`from_str`] without buffers, `None` on any error (the caller decodes
/// again to say what it was).
#[inline(always)]
pub(crate) fn from_str_checked<T: DeserializeOwned>(json: &str, policy: Int64) -> Option<T> {
    let mode = match policy {
        Int64::Number => de::In::NUMBER,
        Int64::BigInt => de::In::BIGINT,
    };
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(de::Checked(&mut deserializer, mode)).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// [`from_str`], with serde's path to the value at fault on failure
/// (`items[2].title`, `.` for the whole value). Slower: for error paths.
pub(crate) fn from_str_with_path<T: DeserializeOwned>(
    json: &str,
    buffers: Option<&Buffers<'_>>,
    policy: Int64,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let mode = de::In::with_policy(buffers, policy);
    serde_path_to_error::deserialize::<_, T>(de::Checked(&mut deserializer, &mode))
}

/// Decodes the JSON value at the start of `text` (see [`from_str`]) and
/// returns it with the number of bytes it took. Whatever follows the value
/// is left unread, so a caller can go on with `,` or `]`.
#[inline]
/// A placeholder of bytes does not decode here: the call's buffers are not
/// at hand.
pub(crate) fn from_str_prefix<T: DeserializeOwned>(
    text: &str,
    policy: Int64,
) -> Option<(T, usize)> {
    match policy {
        Int64::Number => prefix::<T, false>(text),
        Int64::BigInt => prefix::<T, true>(text),
    }
}

#[inline]
fn prefix<T: DeserializeOwned, const EXACT: bool>(text: &str) -> Option<(T, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<CheckedOwned<T, EXACT>>();
    let value = stream.next()?.ok()?.0;
    Some((value, stream.byte_offset()))
}

/// Splits a JSON array into one raw value per element.
pub(crate) fn split_array(json: &str) -> Result<Vec<&RawValue>, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
        to_raw(value).map(|raw| raw.get().to_owned())
    }

    fn decode<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        from_str::<T>(json, None, Int64::Number).map_err(|error| error.to_string())
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
            assert!(error.contains("beyond ±(2^53-1)"), "{json}: {error}");
        }
        // Anywhere in the value, whatever the declared type: JavaScript
        // rounded such a number before it was sent.
        assert!(decode::<Vec<serde_json::Value>>(r#"[1, {"a": [9007199254740993]}]"#).is_err());
        assert!(decode::<f64>("9007199254740992").is_err());
        // Digits inside strings are text, and floats are floats.
        assert!(decode::<(String, f64)>(r#"["12345678901234567890", 1e300]"#).is_ok());
        // Every path applies the check.
        assert!(from_str_with_path::<u64>("9007199254740992", None, Int64::Number).is_err());
        assert!(from_str_prefix::<u64>("9007199254740992]", Int64::Number).is_none());
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
        let error =
            from_str_with_path::<Sample>(r#"{"single":1e39,"double":1e300}"#, None, Int64::Number)
                .unwrap_err();
        assert_eq!(error.path().to_string(), "single");
        assert!(error.to_string().contains("32-bit float"), "{error}");
        assert!(decode::<Sample>(r#"{"single":3.4e38,"double":1e300}"#).is_ok());
        assert!(decode::<Vec<Vec<f32>>>("[[1e39]]").is_err());
        assert!(decode::<Vec<Option<f32>>>("[null, -1e39]").is_err());
    }

    #[test]
    fn a_prefix_is_read_up_to_the_end_of_its_value() {
        assert_eq!(
            from_str_prefix::<Vec<u8>>("[1, 2] , 3]", Int64::Number),
            Some((vec![1, 2], 6))
        );
        assert_eq!(
            from_str_prefix::<String>(r#""a"]"#, Int64::Number),
            Some(("a".to_owned(), 3))
        );
        assert_eq!(from_str_prefix::<u8>("x", Int64::Number), None);
        assert_eq!(split_array("[1, {\"a\": 2}]").unwrap().len(), 2);
        assert!(split_array("{}").is_err());
    }

    /// `value` as the checked encoder writes it under the `bigint` policy.
    fn to_string_bigint<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
        let count = Count::default();
        serde_json::value::to_raw_value(&ser::Value(value, &Out::bigint(None, &count)))
            .map(|raw| raw.get().to_owned())
    }

    #[test]
    fn under_the_bigint_policy_every_large_integer_is_a_placeholder_of_its_exact_digits() {
        assert_eq!(
            to_string_bigint(&u64::MAX).unwrap(),
            r#"{"$ipcBigInt":"18446744073709551615"}"#
        );
        assert_eq!(
            to_string_bigint(&i64::MIN).unwrap(),
            r#"{"$ipcBigInt":"-9223372036854775808"}"#
        );
        assert_eq!(
            to_string_bigint(&i128::MIN).unwrap(),
            r#"{"$ipcBigInt":"-170141183460469231731687303715884105728"}"#
        );
        assert_eq!(
            to_string_bigint(&u128::MAX).unwrap(),
            r#"{"$ipcBigInt":"340282366920938463463374607431768211455"}"#
        );
        // Small ones too: the declaration says `bigint` whatever the value.
        assert_eq!(
            to_string_bigint(&Some(1u64)).unwrap(),
            r#"{"$ipcBigInt":"1"}"#
        );
        // Narrower integers stay numbers; floats keep their checks.
        assert_eq!(
            to_string_bigint(&(u32::MAX, -1i8)).unwrap(),
            "[4294967295,-1]"
        );
        assert!(to_string_bigint(&f64::NAN).is_err());
    }

    #[test]
    fn under_the_bigint_policy_map_keys_are_decimal_strings_and_values_placeholders() {
        #[derive(Serialize)]
        struct Ledger {
            by_day: std::collections::BTreeMap<u64, i64>,
            count: u32,
        }
        let mut by_day = std::collections::BTreeMap::new();
        by_day.insert(u64::MAX, i64::MIN);
        by_day.insert(7, 1);
        assert_eq!(
            to_string_bigint(&Ledger { by_day, count: 2 }).unwrap(),
            r#"{"by_day":{"7":{"$ipcBigInt":"1"},"18446744073709551615":{"$ipcBigInt":"-9223372036854775808"}},"count":2}"#
        );
        // A map whose values are maps: the key mode does not leak inward.
        let mut outer = std::collections::BTreeMap::new();
        outer.insert(1i64, std::collections::BTreeMap::from([(2u128, 3u64)]));
        assert_eq!(
            to_string_bigint(&outer).unwrap(),
            r#"{"1":{"2":{"$ipcBigInt":"3"}}}"#
        );
    }

    /// `json` decoded with serde's path, under the `bigint` policy.
    fn decode_bigint<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let value = serde_path_to_error::deserialize::<_, T>(de::Checked(
            &mut deserializer,
            de::In::BIGINT,
        ))
        .map_err(|error| format!("{}: {}", error.path(), error.inner()))?;
        deserializer.end().map_err(|error| error.to_string())?;
        Ok(value)
    }

    #[test]
    fn under_the_bigint_policy_large_integer_types_take_their_whole_range_exactly() {
        assert_eq!(
            decode_bigint::<u64>("18446744073709551615").unwrap(),
            u64::MAX
        );
        assert_eq!(
            decode_bigint::<i64>("-9223372036854775808").unwrap(),
            i64::MIN
        );
        assert_eq!(
            decode_bigint::<u128>("340282366920938463463374607431768211455").unwrap(),
            u128::MAX
        );
        assert_eq!(
            decode_bigint::<i128>("-170141183460469231731687303715884105728").unwrap(),
            i128::MIN
        );
        // A safe `number` where a `bigint` is declared is accepted.
        assert_eq!(decode_bigint::<u64>("42").unwrap(), 42);
        // Map keys are decimal strings, parsed exactly.
        let keyed: std::collections::BTreeMap<u64, i64> =
            decode_bigint(r#"{"18446744073709551615": -9223372036854775808}"#).unwrap();
        assert_eq!(keyed[&u64::MAX], i64::MIN);
    }

    #[test]
    fn under_the_bigint_policy_other_types_still_refuse_unsafe_integers_and_ranges_are_named() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Account {
            id: u64,
            ratio: f64,
            extra: Option<serde_json::Value>,
        }
        let fine = r#"{"id": 18446744073709551615, "ratio": 0.5, "extra": null}"#;
        assert_eq!(decode_bigint::<Account>(fine).unwrap().id, u64::MAX);
        // Rounded on the way into an f64 or a JSON value: refused.
        let error =
            decode_bigint::<Account>(r#"{"id": 1, "ratio": 9007199254740993, "extra": null}"#)
                .unwrap_err();
        assert!(
            error.starts_with("ratio: ") && error.contains("beyond ±(2^53-1)"),
            "{error}"
        );
        let error =
            decode_bigint::<Account>(r#"{"id": 1, "ratio": 1, "extra": [9007199254740993]}"#)
                .unwrap_err();
        assert!(
            error.starts_with("extra") && error.contains("beyond ±(2^53-1)"),
            "{error}"
        );
        // Out of the type's range: serde's error, with the path.
        let error = decode_bigint::<Vec<Account>>(
            r#"[{"id": 18446744073709551616, "ratio": 1, "extra": null}]"#,
        )
        .unwrap_err();
        assert!(error.starts_with("[0].id: "), "{error}");
        let error = decode_bigint::<Vec<u64>>("[1, -1]").unwrap_err();
        assert!(error.starts_with("[1]: "), "{error}");
        let error = decode_bigint::<u32>("4294967296").unwrap_err();
        assert!(error.contains("4294967296"), "{error}");
        // A 32-bit type stays checked like before.
        assert!(decode_bigint::<u32>("9007199254740993").is_err());
    }
}
