//! The `bigint` policy for 64-bit integers, end to end in Rust: the router
//! carries it into the code `#[service]` generates (arguments decoded
//! exactly, answers, typed errors and events written as counted
//! placeholders), and into the schema it hashes for the handshake.

use std::sync::{Arc, Mutex};

use electron_ipc::schema::{Int64, SchemaBuilder};
use electron_ipc::{Buffers, Context, Emitter, ErrorCode, Event, Reply, Response, Router};
use ipc_ledger_addon::{
    router_with, Books, ClockService, LedgerService, ReceiptsService, TellerService, Ticks,
};
use serde_json::Value;

/// The ledger of `ipc-ledger-addon` under `policy` (`None`: never set),
/// and the events it emits.
fn router(policy: Option<Int64>) -> (Router, Arc<Mutex<Vec<Event>>>) {
    let emitter = Emitter::new();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    emitter.connect(move |event: Event| sink.lock().unwrap().push(event));
    // The emitter is given before the policy (`router_with`): the order
    // does not matter, every clone follows the router.
    let router = match policy {
        Some(policy) => router_with(policy, emitter),
        None => {
            let router = router_with(Int64::Number, emitter.clone());
            assert_eq!(router.current_int64(), Int64::Number);
            router
        }
    };
    (router, events)
}

fn call(router: &Router, channel: &str, args: &str) -> Response {
    match router.call(channel, args, Context::default()) {
        Reply::Ready(response) => response,
        // The async handler never awaits: one poll finishes it.
        Reply::Pending(future) => tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future),
    }
}

#[test]
fn under_bigint_arguments_take_the_whole_range_and_answers_are_counted_placeholders() {
    let (router, _) = router(Some(Int64::BigInt));
    let response = call(&router, "ledger:balance", "[18446744073709551615]");
    assert_eq!(
        response.to_json(),
        r#"{"ok":true,"value":{"account":{"$ipcBigInt":"18446744073709551615"},"cents":{"$ipcBigInt":"-9223372036854775808"},"by_day":{"7":{"$ipcBigInt":"1"},"18446744073709551615":{"$ipcBigInt":"-1"}},"count":2}}"#
    );
    assert_eq!(
        response.bigints(),
        4,
        "map keys are strings, not placeholders"
    );

    // An async handler, a map argument with `${bigint}` keys, an i128 answer.
    let response = call(
        &router,
        "ledger:total",
        r#"[{"18446744073709551615": -9223372036854775808, "1": 9223372036854775807}]"#,
    );
    assert_eq!(
        response.to_json(),
        r#"{"ok":true,"value":{"$ipcBigInt":"-4"}}"#
    );
    assert_eq!(response.bigints(), 1);

    // A narrower integer is a number, uncounted, under either policy.
    let response = call(&router, "ledger:small", "[4294967295]");
    assert_eq!(response.to_json(), r#"{"ok":true,"value":4294967295}"#);
    assert_eq!(response.bigints(), 0);
}

#[test]
fn under_bigint_a_typed_error_and_an_event_are_counted_placeholders_too() {
    let (router, events) = router(Some(Int64::BigInt));
    let response = call(
        &router,
        "ledger:withdraw",
        "[9223372036854775808, -9223372036854775808]",
    );
    let error = response.error().unwrap();
    assert_eq!(error.code, ErrorCode::Handler);
    assert_eq!(
        error.data.as_ref().unwrap().get(),
        r#"{"Overdrawn":{"short_by":{"$ipcBigInt":"18446744073709551615"}}}"#
    );
    assert_eq!(response.bigints(), 1);

    let events = events.lock().unwrap();
    // The ledger's state is published too (its own test is below).
    let moved: Vec<&Event> = events
        .iter()
        .filter(|event| event.channel != "ledger:lastBalance")
        .collect();
    let [event] = &moved[..] else {
        panic!("{events:?}")
    };
    assert_eq!(event.channel, "ledger:moved");
    assert_eq!(
        event.args,
        r#"[{"$ipcBigInt":"9223372036854775808"},{"$ipcBigInt":"-9223372036854775808"}]"#
    );
    assert_eq!(event.bigints, 2);
}

#[test]
fn under_bigint_out_of_range_values_are_bad_arguments_with_the_path() {
    let (router, _) = router(Some(Int64::BigInt));
    for (args, path) in [
        ("[18446744073709551616]", "."),
        ("[-1]", "."),
        // A number JavaScript rounded is written in exponent form by the glue.
        ("[1.8446744073709552e19]", "."),
    ] {
        let response = call(&router, "ledger:balance", args);
        let error = response.error().unwrap();
        assert_eq!(error.code, ErrorCode::BadArguments, "{args}");
        let data: Value = serde_json::from_str(error.data.as_ref().unwrap().get()).unwrap();
        assert_eq!(data["argument"], "account", "{args}");
        assert_eq!(data["path"], path, "{args}");
    }
    let response = call(&router, "ledger:total", r#"[{"1": 9223372036854775808}]"#);
    let data: Value =
        serde_json::from_str(response.error().unwrap().data.as_ref().unwrap().get()).unwrap();
    assert_eq!(data["path"], "1");
    // Other types keep refusing unsafe integers, whatever the policy.
    let response = call(&router, "ledger:small", "[9007199254740993]");
    assert_eq!(response.error().unwrap().code, ErrorCode::BadArguments);
}

#[test]
fn under_the_default_policy_nothing_changes() {
    for policy in [None, Some(Int64::Number)] {
        let (router, events) = router(policy);
        let response = call(&router, "ledger:balance", "[18446744073709551615]");
        assert_eq!(response.error().unwrap().code, ErrorCode::BadArguments);
        let response = call(&router, "ledger:balance", "[1]");
        assert_eq!(response.error().unwrap().code, ErrorCode::BadResponse);
        let response = call(&router, "ledger:withdraw", "[1, -2]");
        let error = response.error().unwrap();
        assert_eq!(error.code, ErrorCode::BadResponse, "u64::MAX in the error");
        assert_eq!(response.bigints(), 0);
        let events = events.lock().unwrap();
        assert_eq!(events[0].args, "[1,-2]");
        assert_eq!(events[0].bigints, 0);
    }
}

#[test]
fn the_router_hashes_its_policy_like_the_schema_builder() {
    let (bigint, _) = router(Some(Int64::BigInt));
    let (number, _) = router(None);
    let built = |policy| {
        SchemaBuilder::new("books")
            .service::<LedgerService<Books>>()
            .service::<TellerService>()
            .service::<ClockService<Ticks>>()
            .service::<ReceiptsService>()
            .int64(policy)
            .build()
            .unwrap()
    };
    assert_eq!(
        bigint.schema_hash("books", None).unwrap(),
        built(Int64::BigInt).hash
    );
    assert_eq!(
        number.schema_hash("books", None).unwrap(),
        built(Int64::Number).hash
    );
    assert_ne!(built(Int64::BigInt).hash, built(Int64::Number).hash);
    assert_eq!(bigint.current_int64(), Int64::BigInt);
    // Merging keeps the policy that was set, whichever side set it.
    let merged = Router::new().merge(router(Some(Int64::BigInt)).0);
    assert_eq!(merged.current_int64(), Int64::BigInt);
    let emitter = Emitter::new();
    let _ = Router::new()
        .int64(Int64::BigInt)
        .with_emitter(emitter.clone());
    assert_eq!(emitter.int64(), Int64::BigInt);
}

/// The code generator's golden case for the `bigint` policy
/// (`ipc-codegen/tests/fixtures/bigint`) is the schema of the ledger:
/// refresh it with `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test
/// bigint`, then re-bless the golden files
/// (`IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen --test golden`).
#[test]
fn ipc_schema() {
    let schema = SchemaBuilder::new("ledger-app")
        .int64(Int64::BigInt)
        .service::<LedgerService<Books>>()
        .service::<TellerService>()
        .build()
        .expect("the service describes itself");
    assert_eq!(schema.format, 6, "the ledger has states");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ipc-codegen/tests/fixtures/bigint/schemas"
    );
    std::fs::create_dir_all(dir).unwrap();
    electron_ipc::schema::export(&schema, dir).expect(
        "ipc-codegen/tests/fixtures/bigint/schemas/ledger-app.json is current; run \
         `IPC_SCHEMA_MODE=write cargo test -p ipc-tests --test bigint` and commit it",
    );
}

/// `TestClient` reads a bigint answer and event as the page does: exactly.
#[test]
fn the_test_client_reads_bigints_exactly() {
    use electron_ipc::testing::TestClient;
    use ipc_ledger_addon::Balance;
    let (router, _) = router(Some(Int64::BigInt));
    let client = TestClient::new(router);
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(async {
            let balance: Balance = client.invoke("ledger:balance", (u64::MAX,)).await.unwrap();
            assert_eq!(balance.account, u64::MAX);
            assert_eq!(balance.cents, i64::MIN);
            assert_eq!(balance.by_day[&u64::MAX], -1);
            let total: i128 = client
                .invoke(
                    "ledger:total",
                    (std::collections::BTreeMap::from([(1u64, i64::MAX)]),),
                )
                .await
                .unwrap();
            assert_eq!(total, i128::from(i64::MAX) * 4);
            let error = client
                .invoke::<()>("ledger:withdraw", (u64::MAX, i64::MIN))
                .await
                .unwrap_err();
            assert_eq!(error.code, ErrorCode::Handler);
            let moved: Vec<(u64, i64)> = client.events_on("ledger:moved");
            assert_eq!(moved, [(u64::MAX, i64::MIN)]);
        });
}

/// The envelope's `value`, parsed, with its count of bigint placeholders.
fn value_of(response: &Response) -> (Value, usize) {
    let envelope: Value = serde_json::from_str(&response.to_json()).unwrap();
    assert_eq!(envelope["ok"], true, "{envelope}");
    (envelope["value"].clone(), response.bigints())
}

fn big(digits: &str) -> Value {
    serde_json::json!({ "$ipcBigInt": digits })
}

#[test]
fn under_bigint_a_main_js_call_is_answered_with_its_arguments_encoded_again() {
    let (ledger, _) = router(Some(Int64::BigInt));
    // A safe `number` sent for a `u64` comes back as a placeholder, like
    // the exact digits of a BigInt.
    let response = call(&ledger, "teller:deposit", "[18446744073709551615,-5]");
    assert_eq!(
        value_of(&response),
        (
            serde_json::json!([big("18446744073709551615"), big("-5")]),
            2
        )
    );
    let response = call(&ledger, "teller:count", r#"[{"18446744073709551615":7}]"#);
    assert_eq!(
        value_of(&response),
        (serde_json::json!([{ "18446744073709551615": big("7") }]), 1),
        "map keys stay decimal strings"
    );
    // Out of range: refused with the argument and the path, the handler never runs.
    let refused = call(&ledger, "teller:deposit", "[18446744073709551616,1]");
    let error = refused.error().expect("refused");
    assert_eq!(error.code, ErrorCode::BadArguments);
    assert!(error.message.contains("account"), "{}", error.message);

    // Under `number` the check answers `null`: the glue keeps the JSON it sent.
    let (number, _) = router(None);
    assert_eq!(
        call(&number, "teller:deposit", "[5,-5]").to_json(),
        r#"{"ok":true,"value":null}"#
    );
}

#[test]
fn under_bigint_a_main_js_answer_is_checked_and_encoded_again() {
    let (ledger, _) = router(Some(Int64::BigInt));
    let none = Buffers::new(&[]);
    let answer = ledger.check_answer(
        "teller:deposit",
        r#"[{"id":18446744073709551615,"cents":-1,"day":3}]"#,
        &none,
        false,
    );
    assert_eq!(
        value_of(&answer),
        (
            serde_json::json!({ "id": big("18446744073709551615"), "cents": big("-1"), "day": 3 }),
            2
        )
    );
    // The typed error's data, against the error type.
    let data = ledger.check_answer(
        "teller:deposit",
        r#"[{"Overdrawn":{"short_by":1}}]"#,
        &none,
        true,
    );
    assert_eq!(
        value_of(&data),
        (
            serde_json::json!({ "Overdrawn": { "short_by": big("1") } }),
            1
        )
    );
    // Beyond the Rust type: refused, with the path.
    let refused = ledger.check_answer(
        "teller:deposit",
        r#"[{"id":18446744073709551616,"cents":-1,"day":3}]"#,
        &none,
        false,
    );
    let error = refused.error().expect("refused");
    assert_eq!(error.code, ErrorCode::BadArguments);
    assert!(error.message.contains("id"), "{}", error.message);
    // A sync method's answer; a float where a `u64` is declared is refused.
    assert_eq!(
        value_of(&ledger.check_answer("teller:count", "[12]", &none, false)),
        (big("12"), 1)
    );
    let float = ledger.check_answer("teller:count", "[1.5]", &none, false);
    assert_eq!(float.error().unwrap().code, ErrorCode::BadArguments);
    // A method without an error type has no typed error to check; a Rust
    // service's answers are not checked; nor is a send's.
    for (channel, error) in [
        ("teller:count", true),
        ("ledger:balance", false),
        ("teller:note", false),
    ] {
        let answer = ledger.check_answer(channel, "[1]", &none, error);
        assert_eq!(
            answer.error().map(|e| e.code),
            Some(ErrorCode::UnknownChannel),
            "{channel}"
        );
    }
}

#[test]
fn under_bigint_main_js_events_and_states_are_checked_and_encoded_again() {
    let (ledger, _) = router(Some(Int64::BigInt));
    let event = ledger.check_event("teller:counted", "[-9223372036854775808,7]");
    assert_eq!(
        value_of(&event),
        (
            serde_json::json!([big("-9223372036854775808"), big("7")]),
            2
        )
    );
    let state = ledger.check_event(
        "teller:drawer",
        r#"[{"account":1,"cents":2,"by_day":{},"count":3}]"#,
    );
    assert_eq!(
        value_of(&state),
        (
            serde_json::json!([{ "account": big("1"), "cents": big("2"), "by_day": {}, "count": 3 }]),
            2
        )
    );
    let refused = ledger.check_event("teller:counted", "[-9223372036854775809,7]");
    assert_eq!(refused.error().unwrap().code, ErrorCode::BadArguments);
    // Under `number`, a check answers `null`.
    let (number, _) = router(None);
    assert_eq!(
        number.check_event("teller:counted", "[1,7]").to_json(),
        r#"{"ok":true,"value":null}"#
    );
}

#[test]
fn under_bigint_a_rust_state_is_published_and_read_with_counted_placeholders() {
    let (ledger, events) = router(Some(Int64::BigInt));
    let first = call(&ledger, "ledger:lastBalance", "[]");
    let (value, count) = value_of(&first);
    assert_eq!(value["version"], 1);
    assert_eq!(value["value"]["account"], big("18446744073709551615"));
    assert_eq!(
        value["value"]["by_day"]["18446744073709551615"],
        big("9223372036854775807")
    );
    assert_eq!(count, 3);
    // A change publishes the next version, counted, to the sink.
    let _ = call(&ledger, "ledger:withdraw", "[18446744073709551614,-1]");
    let events = events.lock().unwrap();
    let published = events
        .iter()
        .rfind(|event| event.channel == "ledger:lastBalance")
        .expect("the state was published");
    assert!(
        published
            .args
            .starts_with(r#"[2,{"account":{"$ipcBigInt":"18446744073709551614"}"#),
        "{}",
        published.args
    );
    assert_eq!(published.bigints, 3);
    // Under `number`, the same state cannot be published beyond 2^53 and
    // is not counted.
    let (number, _) = router(None);
    let read = call(&number, "ledger:lastBalance", "[]");
    assert_eq!(read.error().unwrap().code, ErrorCode::BadResponse);
}

#[test]
fn under_bigint_stream_items_are_counted_placeholders() {
    use futures_util::StreamExt;
    let (ledger, _) = router(Some(Int64::BigInt));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let items: Vec<Response> = runtime.block_on(async {
        let stream = ledger
            .open_stream(
                "clock:ticks",
                "[18446744073709551615,2]",
                Context::default(),
            )
            .into_result()
            .await
            .expect("opened");
        stream.collect().await
    });
    assert_eq!(items.len(), 2);
    assert_eq!(
        value_of(&items[0]),
        (
            serde_json::json!({ "id": big("18446744073709551615"), "cents": big("-9223372036854775808"), "day": 0 }),
            2
        )
    );
    // The id wraps: u64::MAX + 1 is 0.
    assert_eq!(value_of(&items[1]).0["id"], big("0"));
}

#[test]
fn a_main_js_stream_opens_with_its_checked_arguments_and_holds_the_frame_s_place() {
    use futures_util::StreamExt;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for (policy, checked) in [
        (
            Int64::BigInt,
            (serde_json::json!([big("18446744073709551615")]), 1),
        ),
        (Int64::Number, (Value::Null, 0)),
    ] {
        let (ledger, _) = router(Some(policy));
        let args = if policy == Int64::BigInt {
            "[18446744073709551615]"
        } else {
            "[9007199254740991]"
        };
        let mut stream = runtime
            .block_on(
                ledger
                    .open_stream("receipts:movements", args, Context::default())
                    .into_result(),
            )
            .expect("opened");
        // The one item: the arguments as Rust checked them; then nothing,
        // until the glue closes it (the JavaScript handler yields the items).
        let first = runtime
            .block_on(stream.next())
            .expect("the checked arguments");
        assert_eq!(value_of(&first), checked, "{policy:?}");
        assert!(futures_util::FutureExt::now_or_never(stream.next()).is_none());
        assert_eq!(ledger.open_streams(None), 1, "the stream holds its place");
        drop(stream);
        assert_eq!(ledger.open_streams(None), 0, "closing gives it back");
        // Arguments the Rust types refuse open nothing.
        let refused = runtime
            .block_on(
                ledger
                    .open_stream("receipts:movements", r#"["x"]"#, Context::default())
                    .into_result(),
            )
            .expect_err("refused");
        assert_eq!(refused.error().unwrap().code, ErrorCode::BadArguments);
        assert_eq!(ledger.open_streams(None), 0);
        // The items and the error a handler yields are checked like answers.
        let none = Buffers::new(&[]);
        let item = ledger.check_answer(
            "receipts:movements",
            r#"[{"id":7,"cents":-1,"day":3}]"#,
            &none,
            false,
        );
        assert!(item.is_ok(), "{policy:?}");
        let data = ledger.check_answer(
            "receipts:movements",
            r#"[{"Overdrawn":{"short_by":1}}]"#,
            &none,
            true,
        );
        assert!(data.is_ok(), "{policy:?}");
        let wrong = ledger.check_answer("receipts:movements", r#"[{"id":7}]"#, &none, false);
        assert_eq!(wrong.error().unwrap().code, ErrorCode::BadArguments);
    }
}
