//! The schema format is pinned: `schemas/format-v<N>.schema.json` is the JSON
//! Schema of format N, derived from the Rust types. Once written it never
//! changes; changing the format means bumping `FORMAT_VERSION`.

use std::path::PathBuf;

use electron_ipc::schema::{ReadError, Schema, FORMAT_VERSION};

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
             bump FORMAT_VERSION in ipc-runtime/src/schema/format.rs (readers of the \
             old format must refuse the new one), then run this test again to write \
             schemas/format-v{}.schema.json",
            FORMAT_VERSION + 1
        ),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "{} is missing: run `cargo test -p electron-ipc --test schema_format` and commit it",
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

#[test]
fn readers_refuse_other_format_versions_with_a_fix() {
    let newer = format!(
        r#"{{"format": {}, "app": "x", "hash": "", "services": [], "types": []}}"#,
        FORMAT_VERSION + 1
    );
    let error = Schema::from_json(&newer).unwrap_err();
    assert!(
        matches!(error, ReadError::UnsupportedFormat { found, supported }
        if found == u64::from(FORMAT_VERSION) + 1 && supported == FORMAT_VERSION)
    );
    let message = error.to_string();
    assert!(message.contains("regenerate"), "{message}");

    let missing = Schema::from_json(r#"{"app": "x"}"#).unwrap_err();
    assert!(missing.to_string().contains("`format`"), "{missing}");
}

#[test]
fn readers_name_the_path_of_a_bad_field() {
    let bad = format!(
        r#"{{"format": {FORMAT_VERSION}, "app": "x", "hash": "", "services": [{{"name": "A", "namespace": "a", "implementation": "rust", "channels": [{{"kind": "teleport"}}]}}], "types": []}}"#
    );
    match Schema::from_json(&bad).unwrap_err() {
        ReadError::Invalid { path, message } => {
            assert_eq!(path, "services[0].channels[0].kind");
            assert!(message.contains("teleport"), "{message}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn empty_schema_round_trips_with_a_valid_hash() {
    let schema = Schema::builder("empty").build().unwrap();
    assert!(schema.hash.starts_with("sha256:") && schema.hash.len() == 7 + 64);
    assert!(schema.hash_is_valid());
    let back = Schema::from_json(&schema.to_json()).unwrap();
    assert_eq!(back, schema);
    let mut edited = back;
    edited.app.push('!');
    assert!(!edited.hash_is_valid());
}
