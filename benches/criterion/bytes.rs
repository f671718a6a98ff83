//! Binary payloads on the Rust side: `Vec<u8>` of 8 MiB decoded from, and
//! encoded to, the JSON array of numbers that carries it today
//! (docs/wire.md), through `Router::call`, against a plain memory copy of
//! the same bytes. The JavaScript half is `benches/bridge/bytes.js`.
//!
//!     cargo bench -p ipc-benches --bench bytes

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use electron_ipc::{Context, Reply};
use ipc_benches::{build_router, bytes, hand_dispatch};

const SIZE: usize = 8 * 1024 * 1024;

fn call(router: &electron_ipc::Router, channel: &str, args: &str) -> String {
    match router.call(channel, args, Context::default()) {
        Reply::Ready(response) => response.into_json(),
        Reply::Pending(_) => unreachable!("the bytes channels are sync"),
    }
}

fn binary(c: &mut Criterion) {
    let router = build_router();
    let data = bytes(SIZE);
    let args_in = serde_json::to_string(&(&data,)).expect("bytes serialize");
    let args_out = format!("[{SIZE}]");
    assert_eq!(
        call(&router, "bench:bytesIn", &args_in),
        format!("{{\"ok\":true,\"value\":{SIZE}}}")
    );
    assert_eq!(
        call(&router, "bench:bytesOut", &args_out),
        hand_dispatch("bench:bytesOut", &args_out)
    );

    let mut group = c.benchmark_group("bytes-8MiB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.bench_function("memcpy", |b| b.iter(|| black_box(&data).clone()));
    group.bench_function("in/generated", |b| {
        b.iter(|| call(&router, "bench:bytesIn", black_box(&args_in)))
    });
    group.bench_function("in/hand-written", |b| {
        b.iter(|| hand_dispatch("bench:bytesIn", black_box(&args_in)))
    });
    group.bench_function("out/generated", |b| {
        b.iter(|| call(&router, "bench:bytesOut", black_box(&args_out)))
    });
    group.bench_function("out/hand-written", |b| {
        b.iter(|| hand_dispatch("bench:bytesOut", black_box(&args_out)))
    });
    group.finish();
}

criterion_group!(benches, binary);
criterion_main!(benches);
