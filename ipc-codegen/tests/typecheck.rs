//! Type-checks the golden declarations with `tsc --strict`, together with the
//! usage files in `tests/typecheck/<case>/`: renderer code, main-process code
//! against Electron's real declarations, and `@ts-expect-error` misuse that
//! must keep failing to compile.
//!
//! Needs the workspace's npm packages: `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`
//! at the repository root.

use std::path::Path;
use std::process::Command;

#[test]
fn golden_declarations_type_check_with_their_usage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let tsc = root.join("node_modules/.bin/tsc");
    assert!(
        tsc.exists() && root.join("node_modules/electron/electron.d.ts").exists(),
        "TypeScript and Electron's declarations are missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
        root.display()
    );
    let typecheck = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typecheck");
    for case in ["todos", "multi"] {
        let output = Command::new(&tsc)
            .arg("-p")
            .arg(typecheck.join(case).join("tsconfig.json"))
            .arg("--pretty")
            .arg("false")
            .output()
            .expect("tsc runs");
        assert!(
            output.status.success(),
            "tsc --strict failed for {case}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
