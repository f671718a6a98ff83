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
use electron_ipc::{Context, Reply};
use ipc_benches::{build_router, echo_args, hand_dispatch, Item};

fn generated(router: &electron_ipc::Router, channel: &str, args: &str) -> String {
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

/// The stages of one call, for scale: decoding the arguments, writing the
/// envelope, and looking a channel up in a table of the bench's four
/// channels with std's SipHash (what the router used before) and with
/// foldhash (the router's hash; its own table also compares the names in
/// line).
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("dispatch-stages");
    for (label, size) in [("100B", 100), ("64KiB", 64 * 1024)] {
        let args = echo_args(size);
        let items: Vec<Item> = serde_json::from_str::<(Vec<Item>,)>(&args)
            .expect("valid")
            .0;
        group.bench_with_input(BenchmarkId::new("decode", label), &args, |b, args| {
            b.iter(|| serde_json::from_str::<(Vec<Item>,)>(black_box(args)).map(|v| v.0.len()));
        });
        group.bench_with_input(BenchmarkId::new("encode", label), &items, |b, items| {
            b.iter(|| serde_json::to_string(black_box(items)).map(|s| s.len()));
        });
    }
    let channels = [
        "bench:echo",
        "bench:echoLater",
        "bench:bytesIn",
        "bench:bytesOut",
    ];
    let sip: std::collections::HashMap<&str, usize> =
        channels.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let fold: std::collections::HashMap<&str, usize, foldhash::fast::RandomState> =
        channels.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    group.bench_function("lookup/siphash", |b| {
        b.iter(|| sip.get(black_box("bench:echo")).copied());
    });
    group.bench_function("lookup/foldhash", |b| {
        b.iter(|| fold.get(black_box("bench:echo")).copied());
    });
    group.finish();
}

criterion_group!(benches, dispatch, stages);
criterion_main!(benches);
