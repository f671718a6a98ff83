//! Golden files: every case under `tests/fixtures/<case>/` holds its input
//! (`schema.json`, or a `schemas/` folder) and the expected output in
//! `expected/`. After an intended change of the output, re-bless with
//!
//!     IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen
//!
//! and read the diff before committing it. Every generated JavaScript file
//! must also pass `node --check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures())
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 2,
        "expected at least the todos and multi cases"
    );
    cases
}

fn input_of(case: &Path) -> PathBuf {
    let file = case.join("schema.json");
    if file.is_file() {
        file
    } else {
        case.join("schemas")
    }
}

#[test]
fn generated_files_match_the_golden_files() {
    let bless = std::env::var_os("IPC_CODEGEN_BLESS").is_some_and(|v| !v.is_empty());
    let mut failures = Vec::new();
    for case in cases() {
        let files = electron_ipc_codegen::Config::new()
            .schema(input_of(&case))
            .render()
            .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        let expected_dir = case.join("expected");
        if bless {
            fs::create_dir_all(&expected_dir).unwrap();
        }
        for file in &files {
            let path = expected_dir.join(&file.name);
            if bless {
                fs::write(&path, &file.contents).unwrap();
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(expected) if expected == file.contents => {}
                Ok(expected) => failures.push(format!(
                    "{} differs:\n{}",
                    path.display(),
                    similar::TextDiff::from_lines(&expected, &file.contents)
                        .unified_diff()
                        .header("expected", "generated")
                )),
                Err(_) => failures.push(format!("{} is missing", path.display())),
            }
        }
        // No stray expectations: every expected file is still generated.
        for entry in fs::read_dir(&expected_dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !files.iter().any(|f| f.name == name) {
                failures.push(format!(
                    "{}/{name} is no longer generated",
                    expected_dir.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, run `IPC_CODEGEN_BLESS=1 cargo test -p electron-ipc-codegen` and review the diff.",
        failures.join("\n")
    );
}

#[test]
fn generated_javascript_passes_node_check() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!(
            "skipped: `node` is not installed, so the generated JavaScript was not syntax-checked"
        );
        return;
    }
    for case in cases() {
        let out = tempfile::tempdir().unwrap();
        electron_ipc_codegen::Config::new()
            .schema(input_of(&case))
            .out_dir(out.path())
            .generate()
            .unwrap();
        for name in [
            "preload.js",
            "ipc-api.cjs",
            "ipc-api.mjs",
            "main.cjs",
            "main.mjs",
            "main-runtime.cjs",
            "ipc-mock.cjs",
            "ipc-mock.mjs",
        ] {
            let path = out.path().join(name);
            let output = Command::new("node")
                .arg("--check")
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "node --check {} ({}) failed:\n{}",
                name,
                case.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn the_preload_requires_only_electron_and_never_exposes_ipc_renderer() {
    for case in cases() {
        let files = electron_ipc_codegen::Config::new()
            .schema(input_of(&case))
            .render()
            .unwrap();
        let preload = &files
            .iter()
            .find(|f| f.name == "preload.js")
            .unwrap()
            .contents;
        let requires: Vec<&str> = preload
            .match_indices("require(")
            .map(|(at, _)| &preload[at..at + preload[at..].find(')').unwrap() + 1])
            .collect();
        assert_eq!(requires, ["require(\"electron\")"], "{}", case.display());
        for exposed in preload.lines().filter(|l| l.contains("exposeInMainWorld(")) {
            assert!(
                !exposed.contains("ipcRenderer)") || exposed.contains("Api(ipcRenderer)"),
                "ipcRenderer must never be exposed: {exposed}"
            );
        }
        assert!(
            !preload.contains("import "),
            "a sandboxed preload cannot use ESM"
        );
    }
}
