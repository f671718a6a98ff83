//! Runs one side of the dispatch benchmark a fixed number of times, for an
//! instruction count with callgrind (steady on a busy machine, where
//! timings are not):
//!
//!     cargo build --release -p ipc-benches --bin dispatch-driver
//!     valgrind --tool=callgrind target/release/dispatch-driver generated 100 10000
//!     valgrind --tool=callgrind target/release/dispatch-driver hand-written 100 10000
//!
//! Arguments: the side (`generated` or `hand-written`), the size of the
//! argument JSON in bytes, and the number of calls. Prints the total length
//! of the answers, so the work cannot be optimized away.

use std::hint::black_box;
use std::process::ExitCode;

use electron_ipc::{Context, Reply};
use ipc_benches::{build_router, echo_args, hand_dispatch};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(side), Some(size), Some(calls)) = (
        args.first(),
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2).and_then(|s| s.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: dispatch-driver generated|hand-written <bytes> <calls>");
        return ExitCode::FAILURE;
    };
    let json = echo_args(size);
    let router = build_router();
    let mut total = 0usize;
    match side.as_str() {
        "generated" => {
            for _ in 0..calls {
                let reply = router.call(
                    black_box("bench:echo"),
                    black_box(&json),
                    Context::default(),
                );
                let Reply::Ready(response) = reply else {
                    eprintln!("bench:echo is a sync handler");
                    return ExitCode::FAILURE;
                };
                total += black_box(response.into_json()).len();
            }
        }
        "hand-written" => {
            for _ in 0..calls {
                total += black_box(hand_dispatch(black_box("bench:echo"), black_box(&json))).len();
            }
        }
        other => {
            eprintln!("dispatch-driver: unknown side {other:?}");
            return ExitCode::FAILURE;
        }
    }
    println!("{total}");
    ExitCode::SUCCESS
}
