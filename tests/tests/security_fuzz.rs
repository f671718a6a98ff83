//! Property test of the router under arbitrary input: any channel name and
//! any argument bytes get exactly one well-formed envelope (`ok` xor
//! `error` with a documented code), and no panic escapes.
//!
//! Bounded for the test command (5,000 cases of each strategy by default);
//! `IPC_FUZZ_CASES=<n>` runs longer. The coverage-guided target is in
//! `fuzz/` at the root.

use std::time::{Duration, Instant};

use electron_ipc::{Context, Reply, Response, Router};
use ipc_tests::security::{service, table};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// Every channel of the attacked router, and a few near misses.
fn channels(router: &Router) -> Vec<String> {
    let schema = router.schema("fuzz").expect("the router describes itself");
    let mut names: Vec<String> = schema
        .services
        .iter()
        .flat_map(|s| s.channels.iter().map(|c| c.channel.clone()))
        .collect();
    names.extend(["hostile:", ":", "hostile:STRING", "other:ping"].map(String::from));
    names
}

fn cases() -> u32 {
    std::env::var("IPC_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000)
}

/// Drives a call as a host would, with a timeout on async handlers.
fn run(runtime: &tokio::runtime::Runtime, router: &Router, channel: &str, args: &str) -> Value {
    let response = match router.call(channel, args, Context::default()) {
        Reply::Ready(response) => response,
        Reply::Pending(future) => runtime.block_on(async {
            // `hostile:hang` never answers and `hostile:echoLater` may sleep
            // for days: the host's timeout answers for them.
            let limit = Duration::from_millis(20);
            tokio::time::timeout(limit, future)
                .await
                .unwrap_or_else(|_| Response::timed_out(channel, limit))
        }),
    };
    let envelope: Value = serde_json::from_str(&response.to_json()).expect("envelopes are JSON");
    table::check_shape(&envelope);
    envelope
}

/// Arbitrary JSON values, with the integers, strings and shapes the
/// handlers care about.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (0u32..300).prop_map(Value::from),
        ".*".prop_map(Value::from),
        prop::sample::select(vec!["Unit", "Circle", "Text", "type", "__proto__", "name"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(vec![
                        "name",
                        "flag",
                        "note",
                        "inner",
                        "tags",
                        "count",
                        "type",
                        "radius",
                        "t",
                        "c",
                        "label",
                        "Number",
                        "Point",
                        "x",
                        "y",
                        "__proto__",
                        "constructor",
                    ])
                    .prop_map(String::from),
                    ".{0,8}",
                ],
                inner,
                0..5
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Keeps the handlers' deliberate panics out of the output; any other
/// panic is reported as usual.
fn quiet_deliberate_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str));
        if !text.is_some_and(|t| t.starts_with("secret state at /srv/internal")) {
            default(info);
        }
    }));
}

#[test]
fn arbitrary_input_always_gets_one_well_formed_envelope() {
    quiet_deliberate_panics();
    let router = service::build_router();
    let known = channels(&router);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let started = Instant::now();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let channel = prop_oneof![prop::sample::select(known.clone()), ".{0,40}"];

    // Structured: JSON arrays of arbitrary values to real channels.
    let structured = (channel.clone(), prop::collection::vec(json(), 0..4));
    runner
        .run(&structured, |(channel, args)| {
            let text = serde_json::to_string(&args).unwrap();
            run(&runtime, &router, &channel, &text);
            Ok(())
        })
        .unwrap();

    // Raw: arbitrary bytes, made text as the bridge would receive it.
    let raw = (channel, prop::collection::vec(any::<u8>(), 0..256));
    runner
        .run(&raw, |(channel, bytes)| {
            let text = String::from_utf8_lossy(&bytes);
            let envelope = run(&runtime, &router, &channel, &text);
            // Bytes that are not a JSON array are never accepted.
            if serde_json::from_str::<Vec<Value>>(&text).is_err() {
                prop_assert_eq!(&envelope["ok"], &Value::Bool(false));
            }
            Ok(())
        })
        .unwrap();

    // Mutations of valid calls: one byte changed, inserted or cut.
    let valid = [
        (
            "hostile:nested",
            r#"[{"inner":{"name":"n","tags":["t"]},"count":1}]"#,
        ),
        ("hostile:internal", r#"[{"type":"Circle","radius":1}]"#),
        ("hostile:pair", r#"[7,"seven"]"#),
        ("hostile:u64", "[9007199254740991]"),
        ("hostile:map", r#"[{"a":1,"b":2}]"#),
    ];
    let mutation = (
        prop::sample::select(valid.to_vec()),
        any::<prop::sample::Index>(),
        any::<u8>(),
        0u8..3,
    );
    runner
        .run(&mutation, |((channel, args), at, byte, how)| {
            let mut bytes = args.as_bytes().to_vec();
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
            run(&runtime, &router, channel, &String::from_utf8_lossy(&bytes));
            Ok(())
        })
        .unwrap();

    // The router still serves.
    let envelope = run(&runtime, &router, "hostile:string", r#"["still here"]"#);
    assert_eq!(envelope["value"], "still here");
    eprintln!(
        "fuzz: {} cases x 3 strategies in {:.2?}",
        cases(),
        started.elapsed()
    );
}
