//! Coverage-guided fuzzing of `Router::call`: the input is split at its
//! first NUL byte into a channel name and the argument text. Every input
//! must get one well-formed envelope and no panic may escape.
//!
//! RUSTC_BOOTSTRAP=1 cargo fuzz run router -- -max_total_time=600

#![no_main]

#[path = "../../tests/src/security/service.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod service;

use std::sync::OnceLock;
use std::time::Duration;

use electron_ipc::{Context, ErrorCode, Reply, Response, Router};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        // The handlers' deliberate panics are expected: keep them quiet.
        std::panic::set_hook(Box::new(|_| {}));
        service::build_router()
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let (channel, args) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&b"hostile:any"[..], data),
    };
    let channel = String::from_utf8_lossy(channel);
    let args = String::from_utf8_lossy(args);
    let response = match router().call(&channel, &args, Context::default()) {
        Reply::Ready(response) => response,
        Reply::Pending(future) => runtime().block_on(async {
            let limit = Duration::from_millis(5);
            tokio::time::timeout(limit, future)
                .await
                .unwrap_or_else(|_| Response::timed_out(&channel, limit))
        }),
    };
    let envelope: Value = serde_json::from_str(&response.to_json()).expect("envelopes are JSON");
    match envelope["ok"] {
        Value::Bool(true) => assert!(envelope.get("value").is_some()),
        Value::Bool(false) => {
            let code = envelope["error"]["code"].as_str().expect("a code");
            assert!(ErrorCode::ALL.iter().any(|c| c.as_str() == code), "{code}");
            assert!(envelope["error"]["message"].is_string());
        }
        _ => panic!("malformed envelope {envelope}"),
    }
});
