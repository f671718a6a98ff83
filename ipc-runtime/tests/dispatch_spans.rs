//! The `tracing` feature: every dispatched call runs in an `ipc.dispatch`
//! span that records its channel, sizes and outcome code.
//!
//! `cargo test -p electron-ipc --features tracing --test dispatch_spans`
#![cfg(feature = "tracing")]

use std::io::Write;
use std::sync::{Arc, Mutex};

use electron_ipc::{service, Request, Router};
use futures_util::FutureExt;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;

/// Counts.
#[service]
pub trait Counter {
    /// The count, at once.
    fn count(&self) -> u32;
    /// The count, later.
    async fn later(&self, by: u32) -> u32;
    /// Fails.
    fn refuse(&self) -> Result<u32, String>;
}

struct Impl;

impl Counter for Impl {
    fn count(&self) -> u32 {
        tracing::debug!("counting");
        7
    }
    async fn later(&self, by: u32) -> u32 {
        tracing::debug!("later");
        7 + by
    }
    fn refuse(&self) -> Result<u32, String> {
        Err("no".to_owned())
    }
}

/// Where the subscriber writes: a buffer the test reads.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

/// What the subscriber printed while `run` ran: one line per closed span and event.
fn logged(run: impl FnOnce()) -> String {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .without_time()
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let bytes = buffer.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

fn call(router: &Router, channel: &str, args: &str) {
    router
        .dispatch(Request::new(channel, args))
        .now_or_never()
        .expect("the handlers answer at once");
}

#[test]
fn each_call_is_a_span_with_its_channel_sizes_and_code() {
    let router = Router::new().service(CounterService::new(Impl));
    let log = logged(|| {
        call(&router, "counter:count", "[]");
        call(&router, "counter:later", "[3]");
        call(&router, "counter:refuse", "[]");
        call(&router, "counter:nope", "[1, 2]");
    });
    let spans: Vec<&str> = log.lines().filter(|l| l.contains("close")).collect();
    assert_eq!(spans.len(), 4, "{log}");
    assert!(
        spans[0].contains(
            r#"ipc.dispatch{channel="counter:count" args_bytes=2 code="OK" answer_bytes=21}"#
        ),
        "{log}"
    );
    assert!(
        spans[1].contains(r#"channel="counter:later" args_bytes=3 code="OK""#),
        "{log}"
    );
    assert!(
        spans[2].contains(r#"channel="counter:refuse" args_bytes=2 code="ERR_HANDLER""#),
        "{log}"
    );
    assert!(
        spans[3].contains(r#"channel="counter:nope" args_bytes=6 code="ERR_UNKNOWN_CHANNEL""#),
        "{log}"
    );
    // The handlers' own events, sync or async, are inside the span.
    assert!(
        log.contains(
            r#"ipc.dispatch{channel="counter:count" args_bytes=2}: dispatch_spans: counting"#
        ),
        "{log}"
    );
    assert!(
        log.contains(
            r#"ipc.dispatch{channel="counter:later" args_bytes=3}: dispatch_spans: later"#
        ),
        "{log}"
    );
}
