//! Type-checks the golden declarations with `tsc --strict`, together with the
//! usage files in `tests/typecheck/<case>/`: renderer code, main-process code
//! against Electron's real declarations, and `@ts-expect-error` misuse that
//! must keep failing to compile.
//!
//! Needs the workspace's npm packages: `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci`
//! at the repository root.

use std::path::Path;
use std::process::Command;

/// The pinned TypeScript 5.x and the current 7.x (the native compiler,
/// `typescript-7` in package.json): users have both.
const COMPILERS: [(&str, &str); 2] = [
    ("TypeScript 5 (pinned)", "node_modules/typescript/bin/tsc"),
    ("TypeScript 7", "node_modules/typescript-7/bin/tsc"),
];

#[test]
fn golden_declarations_type_check_with_their_usage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    assert!(
        root.join("node_modules/electron/electron.d.ts").exists(),
        "Electron's declarations are missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
        root.display()
    );
    let typecheck = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typecheck");
    for (compiler, tsc) in COMPILERS {
        let tsc = root.join(tsc);
        assert!(
            tsc.exists(),
            "{compiler} is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci` in {}",
            root.display()
        );
        for case in [
            "todos", "multi", "sync", "state", "streams", "relay", "incoming",
        ] {
            let output = Command::new("node")
                .arg(&tsc)
                .arg("-p")
                .arg(typecheck.join(case).join("tsconfig.json"))
                .arg("--pretty")
                .arg("false")
                .output()
                .expect("node runs tsc");
            assert!(
                output.status.success(),
                "{compiler}: tsc --strict failed for {case}:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}
