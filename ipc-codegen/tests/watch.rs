//! `ipc-codegen generate --watch`, run for real: the binary is spawned, the
//! test edits its inputs and reads what it prints and writes, then stops it.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant, SystemTime};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The watching process: killed when dropped, so a failed test stops it too.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn spawn(dir: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ipc-codegen"))
            .current_dir(dir)
            .args(args)
            // The export builds in the workspace's target folder, where the
            // runtime and its dependencies are already compiled.
            .env("CARGO_TARGET_DIR", root().join("target"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ipc-codegen starts");
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Reads output until a line contains `text`; returns everything read
    /// since the last call. Panics with that output after `timeout`.
    fn until(&mut self, text: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let start = self.seen.len();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(text);
                    self.seen.push(line);
                    if found {
                        return self.seen[start..].join("\n");
                    }
                }
                Err(_) => panic!(
                    "no line with {text:?} within {timeout:?}; the watch printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Stops the watch, which must still be running.
    fn stop(mut self) {
        assert!(
            self.child.try_wait().unwrap().is_none(),
            "the watch exited on its own:\n{}",
            self.seen.join("\n")
        );
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file of `dir` with its content and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            (path.clone(), fs::read(&path).unwrap(), modified)
        })
        .collect();
    files.sort();
    files
}

const QUICK: Duration = Duration::from_secs(30);

#[test]
fn watching_schema_files_regenerates_on_change_and_survives_a_bad_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("app.json");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    fs::copy(fixtures.join("todos/schema.json"), &schema).unwrap();
    let out = dir.path().join("gen");

    let mut watch = Watch::spawn(
        dir.path(),
        &["generate", "--watch", "app.json", "--out", "gen"],
    );
    let first = watch.until("watching the schemas", QUICK);
    assert!(first.contains("16 file(s) written"), "{first}");
    assert!(fs::read_to_string(out.join("ipc.d.ts"))
        .unwrap()
        .contains("export interface TodosApi"));

    // Another schema: regenerated, the old service gone.
    fs::write(&schema, todos_in_namespace(&fixtures, "notes")).unwrap();
    let changed = watch.until("file(s) written", QUICK);
    assert!(changed.contains("changed:"), "{changed}");
    let declarations = fs::read_to_string(out.join("ipc.d.ts")).unwrap();
    assert!(
        declarations.contains("export interface NotesApi"),
        "{declarations}"
    );
    assert!(!declarations.contains("TodosApi"));

    // A schema that is not JSON: the error, and not one file touched.
    let before = snapshot(&out);
    fs::write(&schema, "{ not json").unwrap();
    let failed = watch.until("nothing was written", QUICK);
    assert!(failed.contains("error:"), "{failed}");
    assert!(failed.contains("app.json"), "{failed}");
    assert_eq!(
        snapshot(&out),
        before,
        "a failed run wrote to the output folder"
    );

    // Fixed again: the watch went on.
    fs::copy(fixtures.join("todos/schema.json"), &schema).unwrap();
    watch.until("file(s) written", QUICK);
    assert!(fs::read_to_string(out.join("ipc.d.ts"))
        .unwrap()
        .contains("export interface TodosApi"));
    watch.stop();
}

/// The todos fixture with another namespace, hashed as the runtime would.
fn todos_in_namespace(fixtures: &Path, namespace: &str) -> String {
    let mut schema = electron_ipc_schema::Schema::from_json(
        &fs::read_to_string(fixtures.join("todos/schema.json")).unwrap(),
    )
    .unwrap();
    let service = &mut schema.services[0];
    service.namespace = namespace.to_owned();
    for channel in &mut service.channels {
        channel.channel = format!("{namespace}:{}", channel.js_name);
    }
    schema.hash = schema.content_hash();
    schema.to_json()
}

const FIXTURE_LIB: &str = r#"//! A crate `ipc-codegen generate --watch` watches.
use electron_ipc::service;

/// Notes.
#[service]
pub trait Notes {
    /// How many there are.
    fn count(&self) -> u32;
    // EXTRA
}

/// The implementation.
pub struct Impl;

impl Notes for Impl {
    fn count(&self) -> u32 {
        0
    }
    // EXTRA IMPL
}
"#;

const FIXTURE_SCHEMA_TEST: &str = r#"#[test]
fn ipc_schema() {
    let schema = electron_ipc::schema::SchemaBuilder::new("watch-app")
        .service::<watch_fixture::NotesService<watch_fixture::Impl>>()
        .build()
        .unwrap();
    electron_ipc::schema::export(&schema, concat!(env!("CARGO_MANIFEST_DIR"), "/schema")).unwrap();
}
"#;

/// A crate of its own (not a workspace member) under `target/`, on the
/// workspace's lock file, so that its build reuses what is compiled there.
fn fixture_crate() -> tempfile::TempDir {
    let target = root().join("target");
    fs::create_dir_all(&target).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("ipc-watch-")
        .tempdir_in(&target)
        .unwrap();
    let runtime = root().join("ipc-runtime");
    fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"watch-fixture\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nelectron-ipc = {{ path = {:?} }}\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    fs::create_dir_all(dir.path().join("src")).unwrap();
    fs::create_dir_all(dir.path().join("tests")).unwrap();
    fs::write(dir.path().join("src/lib.rs"), FIXTURE_LIB).unwrap();
    fs::write(dir.path().join("tests/ipc_schema.rs"), FIXTURE_SCHEMA_TEST).unwrap();
    dir
}

#[test]
fn watching_a_crate_reexports_its_schema_when_its_rust_sources_change() {
    // The first export may compile the runtime: minutes on a small machine.
    const BUILD: Duration = Duration::from_secs(900);
    let krate = fixture_crate();
    let lib = krate.path().join("src/lib.rs");
    let out = krate.path().join("gen");

    let mut watch = Watch::spawn(
        krate.path(),
        &[
            "generate",
            "--watch",
            "--manifest-path",
            "Cargo.toml",
            "--out",
            "gen",
        ],
    );
    let first = watch.until("watching the crate's Rust sources", BUILD);
    assert!(first.contains("16 file(s) written"), "{first}");
    let declarations = fs::read_to_string(out.join("ipc.d.ts")).unwrap();
    assert!(
        declarations.contains("count(options?: IpcCallOptions): Promise<number>;"),
        "{declarations}"
    );

    // A new method: the schema is exported again and the output follows.
    fs::write(
        &lib,
        FIXTURE_LIB
            .replace(
                "// EXTRA\n",
                "/// The total.\n    fn total(&self) -> u32;\n",
            )
            .replace(
                "// EXTRA IMPL\n",
                "fn total(&self) -> u32 {\n        1\n    }\n",
            ),
    )
    .unwrap();
    let changed = watch.until("file(s) written", BUILD);
    assert!(changed.contains("lib.rs"), "{changed}");
    let declarations = fs::read_to_string(out.join("ipc.d.ts")).unwrap();
    assert!(
        declarations.contains("total(options?: IpcCallOptions): Promise<number>;"),
        "{declarations}"
    );

    // A compile error: printed, the output left as it was, the watch alive.
    let before = snapshot(&out);
    fs::write(
        &lib,
        FIXTURE_LIB.replace("// EXTRA\n", "fn broken(&self) -> NoSuchType;\n"),
    )
    .unwrap();
    let failed = watch.until("nothing was written", BUILD);
    assert!(failed.contains("error:"), "{failed}");
    assert!(failed.contains("NoSuchType"), "{failed}");
    assert_eq!(
        snapshot(&out),
        before,
        "a failed run wrote to the output folder"
    );

    // Fixed: generated again, back to the one method.
    fs::write(&lib, FIXTURE_LIB).unwrap();
    watch.until("file(s) written", BUILD);
    let declarations = fs::read_to_string(out.join("ipc.d.ts")).unwrap();
    assert!(!declarations.contains("total()"), "{declarations}");
    assert!(declarations.contains("count(options?: IpcCallOptions): Promise<number>;"));
    watch.stop();
}
