//! The router's error codes, each with a real request, against a service
//! written by hand (the macro's own tests cover generated services).

use electron_ipc::schema::{
    ChannelKindSchema, ChannelSchema, Implementation, ParamSchema, ServiceSchema, TypeRegistry,
};
use electron_ipc::{
    Args, ChannelDef, ChannelKind, Context, ErrorCode, Limits, Reply, Request, Response, Router,
    Sender, Service,
};
use serde_json::Value;

/// A service with one channel per behaviour under test.
struct Probe;

const CHANNELS: &[ChannelDef] = &[
    ChannelDef {
        channel: "probe:echo",
        kind: ChannelKind::Invoke,
        params: &["text"],
        method: 0,
    },
    ChannelDef {
        channel: "probe:add",
        kind: ChannelKind::Invoke,
        params: &["a", "b"],
        method: 1,
    },
    ChannelDef {
        channel: "probe:panic",
        kind: ChannelKind::Invoke,
        params: &[],
        method: 2,
    },
    ChannelDef {
        channel: "probe:panicLater",
        kind: ChannelKind::Invoke,
        params: &[],
        method: 3,
    },
    ChannelDef {
        channel: "probe:big",
        kind: ChannelKind::Invoke,
        params: &[],
        method: 4,
    },
    ChannelDef {
        channel: "probe:who",
        kind: ChannelKind::Invoke,
        params: &[],
        method: 5,
    },
    ChannelDef {
        channel: "probe:tree",
        kind: ChannelKind::Invoke,
        params: &["tree"],
        method: 6,
    },
    ChannelDef {
        channel: "probe:tick",
        kind: ChannelKind::Event,
        params: &["n"],
        method: 7,
    },
];

#[derive(serde::Deserialize, ts_rs::TS)]
struct Point {
    #[allow(dead_code)]
    x: u8,
    #[allow(dead_code)]
    y: u8,
}

impl Service for Probe {
    const NAMESPACE: &'static str = "probe";
    const CHANNELS: &'static [ChannelDef] = CHANNELS;

    fn describe(types: &mut TypeRegistry) -> ServiceSchema {
        ServiceSchema {
            name: "Probe".into(),
            namespace: "probe".into(),
            docs: None,
            implementation: Implementation::Rust,
            capability: None,
            channels: vec![ChannelSchema {
                kind: ChannelKindSchema::Invoke,
                channel: "probe:echo".into(),
                js_name: "echo".into(),
                rust_name: "echo".into(),
                docs: None,
                deprecated: None,
                capability: None,
                params: vec![ParamSchema {
                    name: "text".into(),
                    js_name: "text".into(),
                    ty: types.ts::<String>(),
                    incoming: false,
                }],
                returns: Some(types.ts::<String>()),
                error: None,
            }],
        }
    }

    fn call(&self, method: u32, args: Args<'_>, ctx: Context) -> Reply {
        use electron_ipc::__private as p;
        let reply = match method {
            0 => match p::decode::<String>(&args, 0) {
                Ok(text) => p::ok(&text),
                Err(response) => response,
            },
            1 => {
                let a = match p::decode::<u64>(&args, 0) {
                    Ok(a) => a,
                    Err(response) => return p::ready(response),
                };
                let b = match p::decode::<Vec<Point>>(&args, 1) {
                    Ok(b) => b,
                    Err(response) => return p::ready(response),
                };
                p::ok(&(a + b.len() as u64))
            }
            2 => panic!("boom at /home/secret/path.rs"),
            3 => {
                return p::pending(async {
                    panic!("late boom");
                })
            }
            4 => p::ok(&(1u64 << 60)),
            5 => p::ok(&ctx.sender().map(|s| s.origin.clone())),
            6 => match p::decode::<Value>(&args, 0) {
                Ok(_) => Response::null(),
                Err(response) => response,
            },
            _ => unreachable!("the router only passes declared methods"),
        };
        p::ready(reply)
    }
}

fn router() -> Router {
    Router::new().service(Probe)
}

async fn call(router: &Router, channel: &str, args: &str) -> Value {
    let response = router.dispatch(Request::new(channel, args)).await;
    serde_json::from_str(&response.to_json()).expect("the envelope is JSON")
}

fn code(envelope: &Value) -> &str {
    envelope["error"]["code"].as_str().unwrap_or("<none>")
}

#[tokio::test]
async fn success_envelope_carries_the_value() {
    let envelope = call(&router(), "probe:echo", r#"["hi"]"#).await;
    assert_eq!(envelope, serde_json::json!({ "ok": true, "value": "hi" }));
}

#[tokio::test]
async fn unknown_channel() {
    let envelope = call(&router(), "probe:nope", "[]").await;
    assert_eq!(envelope["ok"], false);
    assert_eq!(code(&envelope), "ERR_UNKNOWN_CHANNEL");
    assert_eq!(envelope["error"]["data"]["channel"], "probe:nope");
}

#[tokio::test]
async fn event_channels_cannot_be_called() {
    let envelope = call(&router(), "probe:tick", "[1]").await;
    assert_eq!(code(&envelope), "ERR_UNKNOWN_CHANNEL");
}

#[tokio::test]
async fn unknown_channel_echo_is_bounded() {
    let channel = "x".repeat(10_000);
    let envelope = call(&router(), &channel, "[]").await;
    assert_eq!(code(&envelope), "ERR_UNKNOWN_CHANNEL");
    let shown = envelope["error"]["data"]["channel"].as_str().unwrap();
    assert!(shown.chars().count() <= 129, "echoed {} chars", shown.len());
}

#[tokio::test]
async fn wrong_arity_names_expected_and_received() {
    for (args, received) in [("[]", 0), (r#"["a","b"]"#, 2)] {
        let envelope = call(&router(), "probe:echo", args).await;
        assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS", "{args}");
        assert_eq!(envelope["error"]["data"]["expected"], 1);
        assert_eq!(envelope["error"]["data"]["received"], received);
        let message = envelope["error"]["message"].as_str().unwrap();
        assert!(message.contains("(text)"), "{message}");
    }
}

#[tokio::test]
async fn arguments_must_be_an_array() {
    for args in [r#"{"text":"hi"}"#, "\"hi\"", "", "[1,", "null"] {
        let envelope = call(&router(), "probe:echo", args).await;
        assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS", "{args:?}");
    }
}

#[tokio::test]
async fn bad_argument_names_the_argument_and_path() {
    let envelope = call(
        &router(),
        "probe:add",
        r#"[1, [{"x":1,"y":2},{"x":1,"y":300}]]"#,
    )
    .await;
    assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS");
    let data = &envelope["error"]["data"];
    assert_eq!(data["argument"], "b");
    assert_eq!(data["index"], 1);
    assert_eq!(data["path"], "[1].y");
    let message = envelope["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`b`") && message.contains("[1].y"),
        "{message}"
    );
}

#[tokio::test]
async fn wrong_type_of_whole_argument() {
    let envelope = call(&router(), "probe:echo", "[42]").await;
    assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS");
    assert_eq!(envelope["error"]["data"]["argument"], "text");
    assert_eq!(envelope["error"]["data"]["path"], ".");
}

#[tokio::test]
async fn integers_beyond_2_pow_53_are_refused_in() {
    let envelope = call(&router(), "probe:add", "[9007199254740992, []]").await;
    assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS");
    assert_eq!(envelope["error"]["data"]["argument"], "a");
    let envelope = call(&router(), "probe:add", "[9007199254740991, []]").await;
    assert_eq!(envelope["value"], 9007199254740991u64);
}

#[tokio::test]
async fn integers_beyond_2_pow_53_are_refused_out() {
    let envelope = call(&router(), "probe:big", "[]").await;
    assert_eq!(code(&envelope), "ERR_BAD_RESPONSE");
}

#[tokio::test]
async fn payload_too_large() {
    let router = router().limits(Limits::default().max_payload_bytes(64));
    let args = format!(r#"["{}"]"#, "a".repeat(100));
    let envelope = call(&router, "probe:echo", &args).await;
    assert_eq!(code(&envelope), "ERR_PAYLOAD_TOO_LARGE");
    assert_eq!(envelope["error"]["data"]["limit"], 64);
    assert_eq!(envelope["error"]["data"]["size"], args.len());
    // At the limit exactly, the call goes through.
    let args = format!(r#"["{}"]"#, "a".repeat(60));
    assert_eq!(args.len(), 64);
    assert_eq!(call(&router, "probe:echo", &args).await["ok"], true);
}

#[tokio::test]
async fn deep_nesting_fails_cleanly() {
    let depth = 10_000;
    let args = format!("[{}{}]", "[".repeat(depth), "]".repeat(depth));
    let envelope = call(&router(), "probe:tree", &args).await;
    assert_eq!(code(&envelope), "ERR_BAD_ARGUMENTS");
    let message = envelope["error"]["message"].as_str().unwrap();
    assert!(message.contains("recursion limit"), "{message}");
}

#[tokio::test]
async fn sync_panic_is_caught_and_router_keeps_serving() {
    let router = router();
    let envelope = call(&router, "probe:panic", "[]").await;
    assert_eq!(code(&envelope), "ERR_PANIC");
    let message = envelope["error"]["message"].as_str().unwrap();
    assert!(!message.contains("secret"), "panic text leaked: {message}");
    assert_eq!(
        call(&router, "probe:echo", r#"["still here"]"#).await["ok"],
        true
    );
}

#[tokio::test]
async fn async_panic_is_caught() {
    let router = router();
    let envelope = call(&router, "probe:panicLater", "[]").await;
    assert_eq!(code(&envelope), "ERR_PANIC");
    assert_eq!(call(&router, "probe:echo", r#"["ok"]"#).await["ok"], true);
}

#[test]
fn sync_handlers_answer_without_a_future() {
    let reply = router().call("probe:echo", r#"["now"]"#, Context::new());
    match reply {
        Reply::Ready(response) => assert_eq!(response.to_json(), r#"{"ok":true,"value":"now"}"#),
        Reply::Pending(_) => panic!("a sync handler must answer Ready"),
    }
}

#[tokio::test]
async fn context_reaches_the_handler() {
    let sender = Sender::new(3, 7, 1).with_location("app://bundle/index.html", "app://bundle");
    let request = Request::new("probe:who", "[]").with_context(Context::from_sender(sender));
    let response = router().dispatch(request).await;
    assert_eq!(response.value().unwrap().get(), r#""app://bundle""#);
}

#[test]
#[should_panic(expected = "two services use the IPC namespace `probe`")]
fn duplicate_services_are_refused_at_build_time() {
    let _ = Router::new().service(Probe).service(Probe);
}

#[test]
fn every_error_code_has_a_stable_wire_name() {
    for code in ErrorCode::ALL {
        let json = serde_json::to_string(code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        assert!(code.as_str().starts_with("ERR_"));
        let back: ErrorCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, *code);
    }
}
