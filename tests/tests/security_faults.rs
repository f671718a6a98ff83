//! Handlers that fail: panics (sync and async), typed errors that name
//! internals, values that cannot be serialized, handlers that never answer.
//! The caller always gets one envelope, only the app's deliberate data
//! reaches it, and the router keeps serving.

use std::time::Duration;

use electron_ipc::{Context, Limits, Reply, Response, Router};
use ipc_tests::security::{service, table};
use serde_json::Value;

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

fn call(router: &Router, channel: &str, args: &str) -> Value {
    table::envelope(router, channel, args)
}

fn message(envelope: &Value) -> &str {
    envelope["error"]["message"]
        .as_str()
        .expect("an error message")
}

#[test]
fn a_panicking_handler_answers_err_panic_without_its_message() {
    quiet_deliberate_panics();
    let router = service::build_router();
    for channel in ["hostile:panicNow", "hostile:panicLater"] {
        let envelope = call(&router, channel, "[]");
        assert_eq!(envelope["error"]["code"], "ERR_PANIC", "{envelope}");
        assert!(!message(&envelope).contains("/srv"), "{envelope}");
        assert!(envelope["error"].get("data").is_none(), "{envelope}");
        // The router keeps serving after each.
        assert_eq!(call(&router, "hostile:u8", "[7]")["value"], 7);
    }
}

#[test]
fn panics_on_many_threads_at_once_leave_the_router_serving() {
    quiet_deliberate_panics();
    let router = service::build_router();
    std::thread::scope(|scope| {
        for n in 0..8u32 {
            let router = &router;
            scope.spawn(move || {
                for i in 0..200u32 {
                    let envelope = call(router, "hostile:panicNow", "[]");
                    assert_eq!(envelope["error"]["code"], "ERR_PANIC");
                    let value = n * 1000 + i;
                    let envelope = call(router, "hostile:u32", &format!("[{value}]"));
                    assert_eq!(envelope["value"], value);
                }
            });
        }
    });
}

#[test]
fn a_typed_error_is_the_apps_deliberate_data_and_arrives_whole() {
    let router = service::build_router();
    let envelope = call(&router, "hostile:leakyError", "[]");
    assert_eq!(envelope["error"]["code"], "ERR_HANDLER");
    assert_eq!(
        envelope["error"]["data"],
        serde_json::json!({ "Unavailable": { "path": "/srv/internal/store.db" } })
    );
}

#[test]
fn a_failing_serialization_does_not_reach_the_renderer() {
    let router = service::build_router();
    let envelope = call(&router, "hostile:unserializable", "[]");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_RESPONSE");
    assert!(!message(&envelope).contains("/srv"), "{envelope}");
    assert!(message(&envelope).contains("hostile:unserializable"));
    let envelope = call(&router, "hostile:huge", "[]");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_RESPONSE");
    assert!(!message(&envelope).contains("18446744073709551615"));
}

#[test]
fn the_app_can_opt_in_to_internal_error_messages() {
    let router = service::build_router().expose_internal_errors(true);
    let envelope = call(&router, "hostile:unserializable", "[]");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_RESPONSE");
    assert!(
        message(&envelope).contains("/srv/internal/secrets.db"),
        "{envelope}"
    );
    let envelope = call(&router, "hostile:huge", "[]");
    assert!(message(&envelope).contains("18446744073709551615"));
}

#[test]
fn a_handler_that_never_answers_is_cut_short_by_the_hosts_timeout() {
    let limit = Duration::from_millis(30);
    let router = service::build_router().limits(Limits::default().timeout(limit));
    assert_eq!(router.current_limits().timeout, Some(limit));
    let Reply::Pending(hang) = router.call("hostile:hang", "[]", Context::default()) else {
        panic!("an async handler answers later");
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let response = runtime.block_on(async {
        let limit = router.current_limits().timeout.unwrap();
        tokio::time::timeout(limit, hang)
            .await
            .unwrap_or_else(|_| Response::timed_out("hostile:hang", limit))
    });
    let envelope: Value = serde_json::from_str(&response.to_json()).unwrap();
    table::check_shape(&envelope);
    assert_eq!(envelope["error"]["code"], "ERR_TIMEOUT");
    assert_eq!(envelope["error"]["data"]["timeoutMs"], 30);
    // Other calls keep flowing.
    assert_eq!(
        call(&router, "hostile:echoLater", r#"["n", 1]"#)["value"],
        "n"
    );
}

#[test]
fn sends_run_their_handler_and_refuse_bad_arguments_the_same_way() {
    let router = service::build_router();
    assert_eq!(call(&router, "hostile:note", r#"["line"]"#)["ok"], true);
    let envelope = call(&router, "hostile:note", "[1]");
    assert_eq!(envelope["error"]["code"], "ERR_BAD_ARGUMENTS");
}
