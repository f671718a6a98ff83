//! Router dispatch: the code `#[service]` generates, called through
//! `Router::call`, against a hand-written `match` dispatcher doing the same
//! work (same types, same implementation, same envelope text out).
//!
//!     cargo bench -p ipc-benches --bench dispatch
//!
//! Each row of a group is one call: channel lookup, argument decoding,
//! the handler, and the envelope's JSON text.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ipc_benches::{build_router, echo_args, hand_dispatch, Item};
use ipc_runtime::{Context, Reply};
use serde_json::value::RawValue;

fn generated(router: &ipc_runtime::Router, channel: &str, args: &str) -> String {
    match router.call(channel, args, Context::default()) {
        Reply::Ready(response) => response.into_json(),
        Reply::Pending(_) => unreachable!("bench:echo is a sync handler"),
    }
}

fn dispatch(c: &mut Criterion) {
    let router = build_router();
    let mut group = c.benchmark_group("dispatch");
    for (label, size) in [("100B", 100), ("64KiB", 64 * 1024)] {
        let args = echo_args(size);
        // The comparison is only fair if both answer the same text.
        assert_eq!(
            generated(&router, "bench:echo", &args),
            hand_dispatch("bench:echo", &args)
        );
        group.throughput(Throughput::Bytes(args.len() as u64));
        group.bench_with_input(BenchmarkId::new("generated", label), &args, |b, args| {
            b.iter(|| generated(&router, black_box("bench:echo"), black_box(args)));
        });
        group.bench_with_input(BenchmarkId::new("hand-written", label), &args, |b, args| {
            b.iter(|| hand_dispatch(black_box("bench:echo"), black_box(args)));
        });
    }
    group.finish();
}

/// What the generated path does beyond the hand-written one, stage by
/// stage, each with the public serde_json call that costs the same: the
/// split of the argument array into raw values (a full parse), and the
/// validation of the answer's JSON when it becomes a `RawValue` (another).
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("dispatch-stages");
    for (label, size) in [("100B", 100), ("64KiB", 64 * 1024)] {
        let args = echo_args(size);
        let items: Vec<Item> = serde_json::from_str::<(Vec<Item>,)>(&args)
            .expect("valid")
            .0;
        let answer = serde_json::to_string(&items).expect("serializes");
        group.bench_with_input(BenchmarkId::new("split args", label), &args, |b, args| {
            b.iter(|| serde_json::from_str::<Vec<&RawValue>>(black_box(args)).map(|v| v.len()));
        });
        group.bench_with_input(BenchmarkId::new("decode", label), &args, |b, args| {
            b.iter(|| serde_json::from_str::<(Vec<Item>,)>(black_box(args)).map(|v| v.0.len()));
        });
        group.bench_with_input(BenchmarkId::new("encode", label), &items, |b, items| {
            b.iter(|| serde_json::to_string(black_box(items)).map(|s| s.len()));
        });
        group.bench_with_input(
            BenchmarkId::new("revalidate answer", label),
            &answer,
            |b, answer| {
                b.iter(|| RawValue::from_string(black_box(answer).clone()).map(|r| r.get().len()));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("copy answer", label),
            &answer,
            |b, answer| {
                b.iter(|| black_box(answer).clone());
            },
        );
    }
    group.finish();
}

criterion_group!(benches, dispatch, stages);
criterion_main!(benches);
