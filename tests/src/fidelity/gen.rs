//! Value generators shared by the corpus: integers within JavaScript's
//! safe range, finite floats, hostile strings and JSON values.

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// `Number.MAX_SAFE_INTEGER`: the widest integer the runtime lets cross.
pub const MAX_SAFE: u64 = (1 << 53) - 1;

/// Integers near the edges matter most: mix the edges with uniform values.
fn edgy_u64(max: u64) -> BoxedStrategy<u64> {
    prop_oneof![
        3 => 0..=max,
        1 => Just(max),
        1 => Just(0u64),
        1 => 0..=1000u64,
    ]
    .boxed()
}

fn edgy_i64(max: i64) -> BoxedStrategy<i64> {
    prop_oneof![
        3 => -max..=max,
        1 => Just(max),
        1 => Just(-max),
        1 => -1000..=1000i64,
    ]
    .boxed()
}

/// `u64` within ±(2^53−1), edges included.
pub fn safe_u64() -> BoxedStrategy<u64> {
    edgy_u64(MAX_SAFE)
}

/// `i64` within ±(2^53−1), edges included.
pub fn safe_i64() -> BoxedStrategy<i64> {
    edgy_i64(MAX_SAFE as i64)
}

/// `u128` within ±(2^53−1).
pub fn safe_u128() -> BoxedStrategy<u128> {
    safe_u64().prop_map(u128::from).boxed()
}

/// `i128` within ±(2^53−1).
pub fn safe_i128() -> BoxedStrategy<i128> {
    safe_i64().prop_map(i128::from).boxed()
}

/// `usize` within ±(2^53−1) (and the platform's range).
pub fn safe_usize() -> BoxedStrategy<usize> {
    let max = usize::try_from(MAX_SAFE).unwrap_or(usize::MAX) as u64;
    edgy_u64(max).prop_map(|v| v as usize).boxed()
}

/// `isize` within ±(2^53−1) (and the platform's range).
pub fn safe_isize() -> BoxedStrategy<isize> {
    let max = isize::try_from(MAX_SAFE).unwrap_or(isize::MAX) as i64;
    edgy_i64(max).prop_map(|v| v as isize).boxed()
}

/// Every finite `f64` class (normal, subnormal, zero, both signs).
pub fn finite_f64() -> BoxedStrategy<f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO).boxed()
}

/// Every finite `f32` class.
pub fn finite_f32() -> BoxedStrategy<f32> {
    use proptest::num::f32::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO).boxed()
}

/// Short strings of any characters: control characters, quotes,
/// backslashes, U+2028, astral planes.
pub fn text() -> BoxedStrategy<String> {
    let tricky = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('\u{2028}'),
        Just('\u{0}'),
        Just('\u{1F600}'),
        Just('$'),
    ];
    let ch = prop_oneof![3 => any::<char>(), 1 => tricky, 2 => proptest::char::range('a', 'z')];
    proptest::collection::vec(ch, 0..8)
        .prop_map(String::from_iter)
        .boxed()
}

/// Any JSON value whose numbers JavaScript holds exactly.
pub fn json_value() -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        safe_i64().prop_map(Value::from),
        safe_u64().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |value| {
        prop_oneof![
            proptest::collection::vec(value.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(text(), value, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
    .boxed()
}
