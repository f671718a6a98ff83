//! Code generation: the release `ipc-codegen` binary, run as a build would
//! run it, on a schema of 1,000 channels and 500 types (assembled with the
//! runtime's schema types by `ipc_benches::schema::large`), and on one of
//! 10,000 channels and 500 types (`schema::synthetic(100, 100, 500)`).
//!
//!     cargo bench -p ipc-benches --bench codegen
//!
//! Builds the binary first (`cargo build --release -p electron-ipc-codegen`). Rows:
//! `generate` into an empty folder, `generate` and `check` on an unchanged
//! tree, and `--version` (starting the process, the fixed cost every row
//! includes). Each sample is the wall time of one process.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ sits in the workspace")
        .to_path_buf()
}

/// The release binary, built now (a no-op when it is current).
fn release_binary() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "electron-ipc-codegen",
            "--bin",
            "ipc-codegen",
        ])
        .current_dir(workspace_root())
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cargo build --release -p electron-ipc-codegen failed"
    );
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let binary = target
        .join("release")
        .join(format!("ipc-codegen{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "no binary at {}", binary.display());
    binary
}

fn run(binary: &Path, args: &[&std::ffi::OsStr]) {
    let output = Command::new(binary)
        .args(args)
        .output()
        .expect("ipc-codegen runs");
    assert!(
        output.status.success(),
        "ipc-codegen {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn codegen(c: &mut Criterion) {
    let binary = release_binary();
    group(
        c,
        &binary,
        "codegen-1000-channels-500-types",
        ipc_benches::schema::large(),
        20,
    );
    // Ten times the services and channels, the same types (issue 13's
    // target: under 100 ms each, still linear).
    group(
        c,
        &binary,
        "codegen-10000-channels-500-types",
        ipc_benches::schema::synthetic(100, 100, 500),
        10,
    );
}

/// The four rows on one schema.
fn group(
    c: &mut Criterion,
    binary: &Path,
    name: &str,
    schema: electron_ipc::schema::Schema,
    samples: usize,
) {
    let work = tempfile::tempdir().expect("a temporary folder");
    let schema_path = work.path().join("bench-app.json");
    std::fs::write(&schema_path, schema.to_json()).expect("the schema is written");
    let out = work.path().join("generated");
    let generate = |out: &Path| {
        run(
            binary,
            &[
                "generate".as_ref(),
                schema_path.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ],
        );
    };
    generate(&out);
    let written = std::fs::read_dir(&out).expect("files were written").count();
    assert!(written >= 5, "only {written} files generated");

    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    group.bench_function("process start (--version)", |b| {
        b.iter(|| run(binary, &["--version".as_ref()]));
    });
    group.bench_function("generate (empty folder)", |b| {
        b.iter_batched(
            || tempfile::tempdir_in(work.path()).expect("a temporary folder"),
            |fresh| generate(&fresh.path().join("out")),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("generate (unchanged tree)", |b| b.iter(|| generate(&out)));
    group.bench_function("check (unchanged tree)", |b| {
        b.iter(|| {
            run(
                binary,
                &[
                    "check".as_ref(),
                    schema_path.as_os_str(),
                    "--out".as_ref(),
                    out.as_os_str(),
                ],
            );
        });
    });
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
