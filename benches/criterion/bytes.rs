//! Binary payloads on the Rust side: 8 MiB of `electron_ipc::Bytes` taken
//! from, and answered as, a buffer beside the JSON (docs/wire.md, "Bytes"),
//! through `Router::call_with_buffers`, against a plain memory copy of the
//! same bytes and against what a hand-written dispatcher does with JSON
//! (a JSON array of numbers, decoded by serde_json). The JavaScript half is
//! `benches/bridge/bytes.js`.
//!
//!     cargo bench -p ipc-benches --bench bytes

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use electron_ipc::{Buffers, Context, Reply};
use ipc_benches::{build_router, bytes, hand_dispatch};

const SIZE: usize = 8 * 1024 * 1024;

fn call(
    router: &electron_ipc::Router,
    channel: &str,
    args: &str,
    buffers: &[&[u8]],
) -> (String, Vec<Vec<u8>>) {
    let buffers = Buffers::new(buffers);
    match router.call_with_buffers(channel, args, &buffers, Context::default()) {
        Reply::Ready(response) => response.into_parts(),
        Reply::Pending(_) => unreachable!("the bytes channels are sync"),
    }
}

fn binary(c: &mut Criterion) {
    let router = build_router();
    let data = bytes(SIZE);
    let placeholder = r#"[{"$ipcBytes":0}]"#;
    let json_in = serde_json::to_string(&(&data,)).expect("bytes serialize");
    let args_out = format!("[{SIZE}]");
    assert_eq!(
        call(&router, "bench:bytesIn", placeholder, &[&data]).0,
        format!("{{\"ok\":true,\"value\":{SIZE}}}")
    );
    let (json, buffers) = call(&router, "bench:bytesOut", &args_out, &[]);
    assert_eq!(json, r#"{"ok":true,"value":{"$ipcBytes":0}}"#);
    assert_eq!(buffers, std::slice::from_ref(&data));

    let mut group = c.benchmark_group("bytes-8MiB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.bench_function("memcpy", |b| b.iter(|| black_box(&data).clone()));
    group.bench_function("in/generated", |b| {
        b.iter(|| call(&router, "bench:bytesIn", placeholder, &[black_box(&data)]))
    });
    group.bench_function("in/hand-written-json", |b| {
        b.iter(|| hand_dispatch("bench:bytesIn", black_box(&json_in)))
    });
    group.bench_function("out/generated", |b| {
        b.iter(|| call(&router, "bench:bytesOut", black_box(&args_out), &[]))
    });
    group.bench_function("out/hand-written-json", |b| {
        b.iter(|| hand_dispatch("bench:bytesOut", black_box(&args_out)))
    });
    group.finish();
}

criterion_group!(benches, binary);
criterion_main!(benches);
