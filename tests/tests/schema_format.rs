//! The schema format is pinned: `schemas/format-v<N>.schema.json` is the JSON
//! Schema of format N, derived from the Rust types of `electron-ipc-schema`
//! (its `json-schema` feature, enabled only here). Once written it never
//! changes; changing the format means bumping `FORMAT_VERSION`.

use std::path::PathBuf;

use electron_ipc_schema::{Schema, FORMAT_VERSION};

fn pinned_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas")
        .join(format!("format-v{FORMAT_VERSION}.schema.json"))
}

#[test]
fn format_is_pinned_to_its_version() {
    let path = pinned_path();
    let current = Schema::json_schema();
    match std::fs::read_to_string(&path) {
        Ok(pinned) => assert!(
            pinned == current,
            "the schema format changed but FORMAT_VERSION is still {FORMAT_VERSION}: \
             bump FORMAT_VERSION in schemas/src/format.rs (readers of the old format \
             must refuse the new one), then run this test again to write \
             schemas/format-v{}.schema.json",
            FORMAT_VERSION + 1
        ),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "{} is missing: run `cargo test -p ipc-tests --test schema_format` and commit it",
                path.display()
            )
        }
        Err(_) => std::fs::write(&path, current).expect("write the pinned format"),
    }
}

#[test]
fn json_schema_describes_the_document() {
    let schema: serde_json::Value = serde_json::from_str(&Schema::json_schema()).unwrap();
    assert_eq!(schema["title"], "IPC schema");
    let required = schema["required"].as_array().unwrap();
    for field in ["format", "app", "hash", "services", "types"] {
        assert!(required.iter().any(|r| r == field), "{field} not required");
    }
}
