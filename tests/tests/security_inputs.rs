//! The bad-input table, at the Rust level: every hostile argument list a
//! renderer can produce as JSON goes through `Router::call` of a real
//! `#[service]` and gets the documented outcome. One test per row; the
//! table in SECURITY.md is generated from these rows
//! (`IPC_SECURITY_BLESS=1 cargo test -p ipc-tests --test security_inputs`
//! rewrites it) and checked here.

use std::sync::OnceLock;

use electron_ipc::Router;
use ipc_tests::security::{service, table};
use table::Expect::{BadAt, Code, Value};
use table::Row;

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(service::build_router)
}

const BAD: table::Expect = Code("ERR_BAD_ARGUMENTS");

/// Nesting `depth` arrays deep, as one argument.
fn nested(depth: usize) -> String {
    format!("[{}{}]", "[".repeat(depth), "]".repeat(depth))
}

macro_rules! rows {
    ($( $name:ident : $channel:expr, $args:expr => $expect:expr, $input:literal; )*) => {
        const ROWS: &[Row] = &[$(
            Row {
                name: stringify!($name),
                input: $input,
                channel: || String::from($channel),
                args: || String::from($args),
                expect: $expect,
            },
        )*];
        $(
            #[test]
            fn $name() {
                let row = ROWS.iter().find(|row| row.name == stringify!($name)).unwrap();
                table::check(router(), row);
            }
        )*
    };
}

rows! {
    // Channels.
    unknown_channel: "hostile:nope", "[]" => Code("ERR_UNKNOWN_CHANNEL"), "a channel no service declares";
    empty_channel: "", "[]" => Code("ERR_UNKNOWN_CHANNEL"), "the empty channel name";
    event_channel_called: "hostile:ping", "[1]" => Code("ERR_UNKNOWN_CHANNEL"), "an event channel, called";
    channel_with_nul: "hostile:string\0", r#"["a"]"# => Code("ERR_UNKNOWN_CHANNEL"), "a real channel with a NUL appended";
    channel_of_100k_chars: "x".repeat(100_000), "[]" => Code("ERR_UNKNOWN_CHANNEL"), "a 100,000-character name (echoed back cut at 128)";
    prototype_channel: "__proto__", "[]" => Code("ERR_UNKNOWN_CHANNEL"), "`__proto__` as the channel";
    // The argument list itself.
    args_not_json: "hostile:string", "[" => BAD, "`[` (not JSON)";
    args_empty_text: "hostile:string", "" => BAD, "empty text";
    args_object: "hostile:string", r#"{"0":"a"}"# => BAD, r#"`{"0":"a"}` (not an array)"#;
    args_trailing_garbage: "hostile:string", r#"["a"] x"# => BAD, r#"`["a"] x`"#;
    args_nan_literal: "hostile:f64", "[NaN]" => BAD, "`[NaN]` (not JSON)";
    args_infinity_literal: "hostile:f64", "[Infinity]" => BAD, "`[Infinity]` (not JSON)";
    // Arity.
    arity_none_given_one: "hostile:nothing", "[1]" => BAD, "`[1]` to a method of no parameters";
    arity_two_given_none: "hostile:pair", "[]" => BAD, "`[]` to a method of two";
    arity_two_given_one: "hostile:pair", "[1]" => BAD, "`[1]` to a method of two";
    arity_two_given_three: "hostile:pair", r#"[1,"a",2]"# => BAD, r#"`[1,"a",2]` to a method of two"#;
    arity_two_in_order: "hostile:pair", r#"[1,"a"]"# => Value(r#""1:a""#), r#"`[1,"a"]`"#;
    arity_two_swapped: "hostile:pair", r#"["a",1]"# => BadAt("."), r#"`["a",1]` (swapped)"#;
    // A sync method (`ipcRenderer.sendSync`) is checked as an invoke is.
    sync_in_order: "hostile:syncPair", r#"[1,"a"]"# => Value(r#""1:a""#), r#"`[1,"a"]` to a sync method"#;
    sync_swapped: "hostile:syncPair", r#"["a",1]"# => BadAt("."), r#"`["a",1]` (swapped) to a sync method"#;
    sync_given_three: "hostile:syncPair", r#"[1,"a",2]"# => BAD, r#"`[1,"a",2]` to a sync method of two"#;
    sync_not_json: "hostile:syncPair", "[" => BAD, "`[` (not JSON) to a sync method";
    // Strings.
    string_ok: "hostile:string", r#"["héllo 👋"]"# => Value(r#""héllo 👋""#), "a string of non-ASCII text";
    string_given_number: "hostile:string", "[1]" => BadAt("."), "`1`";
    string_given_null: "hostile:string", "[null]" => BadAt("."), "`null`";
    string_given_array: "hostile:string", r#"[["a"]]"# => BadAt("."), r#"`["a"]`"#;
    string_given_object: "hostile:string", r#"[{"toString":"a"}]"# => BadAt("."), r#"`{"toString":"a"}`"#;
    string_with_nul: "hostile:string", r#"["a\u0000b"]"# => Value(r#""a\u0000b""#), "`\"a\\u0000b\"`: NUL is a character like any other";
    string_lone_surrogate: "hostile:string", r#"["\ud800"]"# => BadAt("."), "`\"\\ud800\"` (a lone surrogate)";
    string_lone_low_surrogate: "hostile:string", r#"["a\udc00"]"# => BadAt("."), "`\"a\\udc00\"` (a lone low surrogate)";
    string_raw_control_char: "hostile:string", "[\"a\u{1}\"]" => BAD, "a raw U+0001 inside the quotes (not JSON)";
    // Integers at each width.
    u8_max: "hostile:u8", "[255]" => Value("255"), "`255`";
    u8_above: "hostile:u8", "[256]" => BadAt("."), "`256`";
    u8_negative: "hostile:u8", "[-1]" => BadAt("."), "`-1`";
    u8_fraction: "hostile:u8", "[1.5]" => BadAt("."), "`1.5`";
    u8_float_form: "hostile:u8", "[1.0]" => BadAt("."), "`1.0`";
    u8_exponent: "hostile:u8", "[1e2]" => BadAt("."), "`1e2`";
    u8_string: "hostile:u8", r#"["1"]"# => BadAt("."), r#"`"1"`"#;
    u8_bool: "hostile:u8", "[true]" => BadAt("."), "`true`";
    i8_min: "hostile:i8", "[-128]" => Value("-128"), "`-128`";
    i8_below: "hostile:i8", "[-129]" => BadAt("."), "`-129`";
    i8_above: "hostile:i8", "[128]" => BadAt("."), "`128`";
    u16_max: "hostile:u16", "[65535]" => Value("65535"), "`65535`";
    u16_above: "hostile:u16", "[65536]" => BadAt("."), "`65536`";
    i16_below: "hostile:i16", "[-32769]" => BadAt("."), "`-32769`";
    u32_max: "hostile:u32", "[4294967295]" => Value("4294967295"), "`4294967295`";
    u32_above: "hostile:u32", "[4294967296]" => BadAt("."), "`4294967296`";
    u32_negative: "hostile:u32", "[-1]" => BadAt("."), "`-1`";
    i32_below: "hostile:i32", "[-2147483649]" => BadAt("."), "`-2147483649`";
    i32_negative_zero: "hostile:i32", "[-0]" => BadAt("."), "`-0` (JSON.stringify writes `0`)";
    u64_max_safe: "hostile:u64", "[9007199254740991]" => Value("9007199254740991"), "`9007199254740991` (2^53−1)";
    u64_beyond_safe: "hostile:u64", "[9007199254740992]" => BAD, "`9007199254740992` (2^53)";
    u64_max: "hostile:u64", "[18446744073709551615]" => BAD, "`18446744073709551615` (u64::MAX)";
    u64_above_max: "hostile:u64", "[18446744073709551616]" => BAD, "`18446744073709551616`";
    u64_exponent_form: "hostile:u64", "[1e+21]" => BadAt("."), "`1e+21` (how the glue sends unsafe integers)";
    i64_min_safe: "hostile:i64", "[-9007199254740991]" => Value("-9007199254740991"), "`-9007199254740991`";
    i64_beyond_safe: "hostile:i64", "[-9007199254740992]" => BAD, "`-9007199254740992`";
    unsafe_integer_deep_inside: "hostile:any", r#"[{"a":[1,{"b":9007199254740993}]}]"# => BAD, "`9007199254740993` deep inside any value";
    unsafe_integer_in_key_text: "hostile:any", r#"[{"9007199254740993":"9007199254740993"}]"# => Value(r#"{"9007199254740993":"9007199254740993"}"#), "the same digits inside strings";
    // Floats.
    f64_ok: "hostile:f64", "[1.5]" => Value("1.5"), "`1.5`";
    f64_integer: "hostile:f64", "[3]" => Value("3.0"), "`3`";
    f64_exponent: "hostile:f64", "[1.152921504606847e+18]" => Value("1.152921504606847e18"), "`1.152921504606847e+18` (2^60 as the glue sends it)";
    f64_overflow: "hostile:f64", "[1e309]" => BadAt("."), "`1e309` (beyond f64)";
    f64_string_nan: "hostile:f64", r#"["NaN"]"# => BadAt("."), r#"`"NaN"`"#;
    f64_null: "hostile:f64", "[null]" => BadAt("."), "`null` (what JSON.stringify makes of NaN)";
    f32_ok: "hostile:f32", "[0.5]" => Value("0.5"), "`0.5`";
    f32_beyond_range: "hostile:f32", "[1e39]" => BadAt("."), "`1e39` (beyond f32)";
    // Booleans.
    bool_ok: "hostile:boolean", "[false]" => Value("false"), "`false`";
    bool_number: "hostile:boolean", "[1]" => BadAt("."), "`1`";
    bool_string: "hostile:boolean", r#"["true"]"# => BadAt("."), r#"`"true"`"#;
    bool_null: "hostile:boolean", "[null]" => BadAt("."), "`null`";
    // Option.
    option_null: "hostile:option", "[null]" => Value("null"), "`null`";
    option_some: "hostile:option", "[5]" => Value("5"), "`5`";
    option_wrong_inner: "hostile:option", r#"["5"]"# => BadAt("."), r#"`"5"`"#;
    option_missing: "hostile:option", "[]" => BAD, "`[]` (the argument left out)";
    // Vec.
    vec_empty: "hostile:list", "[[]]" => Value("[]"), "`[]`";
    vec_wrong_item: "hostile:list", r#"[[1,"a"]]"# => BadAt("[1]"), r#"`[1,"a"]`"#;
    vec_negative_item: "hostile:list", "[[1,-1]]" => BadAt("[1]"), "`[1,-1]`";
    vec_object: "hostile:list", r#"[{"0":1}]"# => BadAt("."), r#"`{"0":1}` (array-like object)"#;
    vec_null: "hostile:list", "[null]" => BadAt("."), "`null`";
    vec_deep_10000: "hostile:list", nested(10_000) => BAD, "10,000 nested arrays";
    // Maps.
    map_ok: "hostile:map", r#"[{"a":1}]"# => Value(r#"{"a":1}"#), r#"`{"a":1}`"#;
    map_wrong_value: "hostile:map", r#"[{"a":"x"}]"# => BadAt("a"), r#"`{"a":"x"}`"#;
    map_array: "hostile:map", "[[]]" => BadAt("."), "`[]`";
    map_proto_key: "hostile:map", r#"[{"__proto__":1,"constructor":2}]"# => Value(r#"{"__proto__":1,"constructor":2}"#), r#"`{"__proto__":1,"constructor":2}`: plain keys"#;
    map_duplicate_key: "hostile:map", r#"[{"a":1,"a":2}]"# => Value(r#"{"a":2}"#), r#"`{"a":1,"a":2}`: the last wins"#;
    // Nested structs.
    nested_ok: "hostile:nested", r#"[{"inner":{"name":"n","tags":["t"]},"count":1}]"# => Value(r#"{"inner":{"name":"n","tags":["t"]},"count":1}"#), "a valid `Outer`";
    nested_missing_field: "hostile:nested", r#"[{"inner":{"tags":[]},"count":1}]"# => BadAt("inner"), "`inner.name` left out";
    nested_wrong_deep: "hostile:nested", r#"[{"inner":{"name":"n","tags":["t",2]},"count":1}]"# => BadAt("inner.tags[1]"), "`inner.tags[1]` a number";
    nested_extra_field: "hostile:nested", r#"[{"inner":{"name":"n","tags":[],"x":1},"count":1,"y":2}]"# => Value(r#"{"inner":{"name":"n","tags":[]},"count":1}"#), "extra fields (no `deny_unknown_fields`): ignored";
    nested_null: "hostile:nested", "[null]" => BadAt("."), "`null`";
    // deny_unknown_fields and serde's default.
    strict_ok: "hostile:strict", r#"[{"name":"a","flag":true}]"# => Value(r#"{"name":"a","flag":true}"#), "a valid `Strict`";
    strict_extra_field: "hostile:strict", r#"[{"name":"a","flag":true,"admin":true}]"# => BadAt("admin"), "an extra field, `deny_unknown_fields`";
    strict_missing_field: "hostile:strict", r#"[{"name":"a"}]"# => BadAt("."), "`flag` left out";
    lenient_extra_field: "hostile:lenient", r#"[{"name":"a","admin":true}]"# => Value(r#"{"name":"a","note":null}"#), "an extra field, no `deny_unknown_fields`: ignored";
    lenient_default_field: "hostile:lenient", r#"[{"name":"a"}]"# => Value(r#"{"name":"a","note":null}"#), "a `#[serde(default)]` field left out";
    lenient_duplicate_field: "hostile:lenient", r#"[{"name":"a","name":"b"}]"# => BadAt("."), "a field given twice";
    proto_key_ignored: "hostile:lenient", r#"[{"name":"a","__proto__":{"polluted":true}}]"# => Value(r#"{"name":"a","note":null}"#), r#"`{"name":"a","__proto__":{"polluted":true}}`"#;
    constructor_key_ignored: "hostile:lenient", r#"[{"name":"a","constructor":{"prototype":{"polluted":true}}}]"# => Value(r#"{"name":"a","note":null}"#), r#"`constructor.prototype.polluted`"#;
    proto_key_strict: "hostile:strict", r#"[{"name":"a","flag":true,"__proto__":{}}]"# => BadAt("__proto__"), "`__proto__` to `deny_unknown_fields`";
    proto_key_kept_as_data: "hostile:any", r#"[{"__proto__":{"polluted":true}}]"# => Value(r#"{"__proto__":{"polluted":true}}"#), "`__proto__` into `serde_json::Value`: a plain key";
    // Enums, each representation.
    external_unit: "hostile:external", r#"["Unit"]"# => Value(r#""Unit""#), r#"`"Unit"`"#;
    external_newtype: "hostile:external", r#"[{"Number":1}]"# => Value(r#"{"Number":1}"#), r#"`{"Number":1}`"#;
    external_struct: "hostile:external", r#"[{"Point":{"x":1,"y":-2}}]"# => Value(r#"{"Point":{"x":1,"y":-2}}"#), r#"`{"Point":{"x":1,"y":-2}}`"#;
    external_unknown_variant: "hostile:external", r#"["Nope"]"# => BadAt("."), r#"`"Nope"`"#;
    external_wrong_payload: "hostile:external", r#"[{"Number":"1"}]"# => BadAt("Number"), r#"`{"Number":"1"}`"#;
    external_two_keys: "hostile:external", r#"[{"Number":1,"Unit":null}]"# => BadAt("."), "two variants in one object";
    external_empty_object: "hostile:external", "[{}]" => BadAt("."), "`{}`";
    internal_ok: "hostile:internal", r#"[{"type":"Circle","radius":1}]"# => Value(r#"{"type":"Circle","radius":1.0}"#), r#"`{"type":"Circle","radius":1}`"#;
    internal_missing_tag: "hostile:internal", r#"[{"radius":1}]"# => BadAt("."), "the tag left out";
    internal_unknown_tag: "hostile:internal", r#"[{"type":"Hexagon"}]"# => BadAt("type"), "an unknown tag";
    internal_missing_field: "hostile:internal", r#"[{"type":"Circle"}]"# => BadAt("."), "`radius` left out";
    internal_tag_not_string: "hostile:internal", r#"[{"type":1,"radius":1}]"# => BadAt("type"), "a numeric tag";
    adjacent_ok: "hostile:adjacent", r#"[{"t":"Text","c":"x"}]"# => Value(r#"{"t":"Text","c":"x"}"#), r#"`{"t":"Text","c":"x"}`"#;
    adjacent_wrong_content: "hostile:adjacent", r#"[{"t":"Text","c":1}]"# => BadAt("c"), r#"`{"t":"Text","c":1}`"#;
    adjacent_missing_content: "hostile:adjacent", r#"[{"t":"Count"}]"# => BadAt("."), "the content left out";
    adjacent_missing_tag: "hostile:adjacent", r#"[{"c":1}]"# => BadAt("."), "the tag left out";
    untagged_number: "hostile:untagged", "[5]" => Value("5"), "`5`";
    untagged_struct: "hostile:untagged", r#"[{"label":"x"}]"# => Value(r#"{"label":"x"}"#), r#"`{"label":"x"}`"#;
    untagged_no_match: "hostile:untagged", r#"["x"]"# => BadAt("."), r#"`"x"` (matches no variant)"#;
    // Depth and size.
    any_deep_10000: "hostile:any", nested(10_000) => BAD, "10,000 nested arrays into `serde_json::Value`";
    any_deep_objects_10000: "hostile:any", format!("[{}1{}]", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)) => BAD, "10,000 nested objects";
    any_deep_5: "hostile:any", "[[[[[[]]]]]]" => Value("[[[[[]]]]]"), "5 nested arrays (accepted)";
    any_lone_surrogate: "hostile:any", r#"[{"k":"\udfff"}]"# => BAD, "a lone surrogate inside any value";
    payload_above_limit: "hostile:string", format!(r#"["{}"]"#, "a".repeat(16 * 1024 * 1024)) => Code("ERR_PAYLOAD_TOO_LARGE"), "a 16 MiB string (limit 16 MiB of JSON)";
    payload_above_limit_unknown_channel: "hostile:nope", format!(r#"["{}"]"#, "a".repeat(16 * 1024 * 1024)) => Code("ERR_PAYLOAD_TOO_LARGE"), "the same to an unknown channel (size is checked first)";
}

#[test]
fn security_md_carries_this_table() {
    const START: &str = "<!-- bad-input-table:rust:start -->\n";
    const END: &str = "<!-- bad-input-table:rust:end -->";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../SECURITY.md");
    let text = std::fs::read_to_string(path).expect("SECURITY.md exists");
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        panic!("SECURITY.md lacks the markers {START:?} … {END:?}");
    };
    let expected = table::markdown(ROWS);
    let current = &text[start + START.len()..end];
    if current != expected {
        if std::env::var_os("IPC_SECURITY_BLESS").is_some() {
            let updated = format!("{}{expected}{}", &text[..start + START.len()], &text[end..]);
            std::fs::write(path, updated).expect("SECURITY.md is writable");
        } else {
            panic!(
                "SECURITY.md's table is stale: run `IPC_SECURITY_BLESS=1 cargo test -p ipc-tests \
                 --test security_inputs` and commit it"
            );
        }
    }
    assert!(ROWS.len() >= 100, "{} rows", ROWS.len());
}
