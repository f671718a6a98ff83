//! The one reader of schema documents: every mistake gets the error that
//! says where it is and how to fix it.

use electron_ipc_schema::{
    ChannelKindSchema, ChannelSchema, Implementation, Int64, ParamSchema, ReadError, Schema,
    ServiceSchema, FORMAT_VERSION,
};

fn schema() -> Schema {
    let mut schema = Schema {
        format: FORMAT_VERSION,
        app: "todo-app".to_owned(),
        hash: String::new(),
        int64: Default::default(),
        services: vec![ServiceSchema {
            name: "Todos".to_owned(),
            namespace: "todos".to_owned(),
            docs: None,
            implementation: Implementation::Rust,
            capability: None,
            channels: vec![ChannelSchema {
                kind: ChannelKindSchema::Invoke,
                channel: "todos:add".to_owned(),
                js_name: "add".to_owned(),
                rust_name: "add".to_owned(),
                docs: None,
                deprecated: None,
                capability: None,
                params: vec![ParamSchema {
                    name: "title".to_owned(),
                    js_name: "title".to_owned(),
                    ty: "string".to_owned(),
                    incoming: false,
                }],
                returns: Some("number".to_owned()),
                error: None,
            }],
        }],
        types: Vec::new(),
    };
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn a_written_schema_reads_back_identical() {
    let schema = schema();
    assert!(schema.hash.starts_with("sha256:") && schema.hash.len() == 7 + 64);
    assert!(schema.hash_is_valid());
    assert!(schema.to_json().ends_with("}\n"));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema));
}

#[test]
fn a_newer_format_is_refused_before_anything_else_with_advice() {
    // Nothing else of the document is valid: the version is what matters.
    let newer = format!(
        r#"{{"format": {}, "everything": "else changed"}}"#,
        FORMAT_VERSION + 1
    );
    let error = Schema::from_json(&newer).unwrap_err();
    assert_eq!(
        error,
        ReadError::UnsupportedFormat {
            found: (FORMAT_VERSION + 1).to_string(),
            supported: FORMAT_VERSION,
        }
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "schema format {} is not supported: electron-ipc {} reads formats 1 to {FORMAT_VERSION}, \
             and this schema comes from a newer electron-ipc",
            FORMAT_VERSION + 1,
            env!("CARGO_PKG_VERSION")
        )),
        "{message}"
    );
    assert!(
        message.contains("cargo install electron-ipc-codegen@<that version>"),
        "{message}"
    );
}

#[test]
fn an_older_format_says_to_regenerate() {
    let older = r#"{"format": 0, "app": "x"}"#;
    let message = Schema::from_json(older).unwrap_err().to_string();
    assert!(
        message.contains(
            "this schema comes from an older electron-ipc; upgrade the app's electron-ipc"
        ),
        "{message}"
    );
    assert!(message.contains("`cargo test ipc_schema`"), "{message}");
    // Not an integer: neither side can be blamed.
    let odd = Schema::from_json(r#"{"format": 1.5}"#).unwrap_err();
    assert!(
        matches!(&odd, ReadError::UnsupportedFormat { found, .. } if found == "1.5"),
        "{odd}"
    );
}

#[test]
fn a_document_without_a_numeric_format_is_not_a_schema() {
    for text in [r#"{"app": "x"}"#, r#"{"format": "1"}"#, "[1, 2]", "42"] {
        let error = Schema::from_json(text).unwrap_err();
        assert_eq!(error, ReadError::NotASchema, "{text}");
        assert!(error.to_string().contains("`format`"), "{error}");
    }
}

#[test]
fn a_bad_field_is_named_by_its_path_line_and_column() {
    let text = schema()
        .to_json()
        .replace("\"kind\": \"invoke\"", "\"kind\": \"teleport\"");
    match Schema::from_json(&text).unwrap_err() {
        ReadError::Invalid {
            line,
            column,
            path,
            message,
        } => {
            assert_eq!(path, "services[0].channels[0].kind");
            assert!(
                message.starts_with("unknown variant `teleport`"),
                "{message}"
            );
            assert!(!message.contains(" at line "), "{message}");
            let bad_line = text.lines().nth(line - 1).unwrap();
            assert!(bad_line.contains("teleport"), "line {line}: {bad_line}");
            assert!(column > 0);
        }
        other => panic!("unexpected {other}"),
    }

    let unknown = schema().to_json().replacen(
        "\"app\": \"todo-app\"",
        "\"app\": \"todo-app\", \"extra\": 1",
        1,
    );
    match Schema::from_json(&unknown).unwrap_err() {
        ReadError::Invalid { path, message, .. } => {
            assert_eq!(path, "extra");
            assert!(message.contains("unknown field `extra`"), "{message}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn broken_json_is_located() {
    let error = Schema::from_json("{\"format\": 1,\n  \"app\": }").unwrap_err();
    assert!(
        matches!(&error, ReadError::Invalid { line: 2, column: 10, path, .. } if path == "."),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("invalid schema at `.` (line 2, column 10): "),
        "{error}"
    );
}

#[test]
fn content_after_the_document_is_refused() {
    let text = schema().to_json() + "{}";
    match Schema::from_json(&text).unwrap_err() {
        ReadError::Invalid { path, message, .. } => {
            assert_eq!(path, ".");
            assert!(message.contains("trailing characters"), "{message}");
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn a_hand_edit_is_refused() {
    let original = schema();
    let text = original
        .to_json()
        .replace("\"todos:add\"", "\"todos:exec\"");
    let error = Schema::from_json(&text).unwrap_err();
    assert!(
        matches!(&error, ReadError::HashMismatch { recorded, actual }
            if *recorded == original.hash && *actual != original.hash),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("the schema was edited by hand"),
        "{error}"
    );
}

/// `schema()` with its channel made `sendSync`, in `format`, hashed.
fn sync_schema(format: u32) -> Schema {
    let mut schema = schema();
    schema.format = format;
    schema.services[0].channels[0].kind = ChannelKindSchema::SendSync;
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn format_1_is_still_read_and_written_when_nothing_needs_2() {
    let mut old = schema();
    old.format = 1;
    old.hash = old.content_hash();
    assert_eq!(Schema::from_json(&old.to_json()), Ok(old.clone()));
    assert_eq!(Schema::format_for(&old.services, Int64::Number), 1);
    assert_eq!(
        Schema::format_for(&sync_schema(2).services, Int64::Number),
        2
    );
}

#[test]
fn a_sync_channel_reads_back_in_format_2() {
    let schema = sync_schema(2);
    assert!(schema.to_json().contains(r#""kind": "sendSync""#));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema));
}

#[test]
fn a_sync_channel_in_a_format_1_document_is_named_by_its_path() {
    let error = Schema::from_json(&sync_schema(1).to_json()).unwrap_err();
    match &error {
        ReadError::Invalid { path, message, .. } => {
            assert_eq!(path, "services[0].channels[0].kind");
            assert!(message.contains("`sendSync` needs format 2"), "{message}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// `schema()` with its channel made a `state` (no parameters, a value type), in `format`, hashed.
fn state_schema(format: u32) -> Schema {
    let mut schema = schema();
    schema.format = format;
    let channel = &mut schema.services[0].channels[0];
    channel.kind = ChannelKindSchema::State;
    channel.params.clear();
    channel.returns = Some("Array<string>".to_owned());
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn a_state_channel_needs_format_6_and_reads_back() {
    let schema = state_schema(6);
    assert_eq!(Schema::format_for(&schema.services, Int64::Number), 6);
    assert!(schema.to_json().contains(r#""kind": "state""#));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema.clone()));
    assert_eq!(schema.validate(), Ok(()));
    for older in [1, 2] {
        match Schema::from_json(&state_schema(older).to_json()).unwrap_err() {
            ReadError::Invalid { path, message, .. } => {
                assert_eq!(path, "services[0].channels[0].kind");
                assert!(
                    message.contains("`state` needs format 6, and this document says format"),
                    "{message}"
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}

#[test]
fn a_state_with_parameters_or_without_a_type_is_refused() {
    let mut with_params = state_schema(6);
    with_params.services[0].channels[0].params = schema().services[0].channels[0].params.clone();
    assert!(!with_params.services[0].channels[0].params.is_empty());
    assert!(matches!(
        with_params.validate(),
        Err(electron_ipc_schema::ServiceError::StateWithParams { .. })
    ));
    let mut untyped = state_schema(6);
    untyped.services[0].channels[0].returns = None;
    assert!(matches!(
        untyped.validate(),
        Err(electron_ipc_schema::ServiceError::MissingReturns { .. })
    ));
}

/// `schema()` under the `bigint` policy, in `format`, hashed.
fn bigint_schema(format: u32) -> Schema {
    let mut schema = schema();
    schema.format = format;
    schema.int64 = Int64::BigInt;
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn the_bigint_policy_needs_format_3_and_reads_back() {
    assert_eq!(Schema::format_for(&schema().services, Int64::BigInt), 3);
    assert_eq!(
        Schema::format_for(&sync_schema(2).services, Int64::BigInt),
        3
    );
    let schema = bigint_schema(3);
    assert!(schema.to_json().contains(r#""int64": "bigint""#));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema));
}

#[test]
fn the_default_policy_is_not_written_and_reads_back_as_number() {
    let schema = schema();
    assert_eq!(schema.int64, Int64::Number);
    assert!(!schema.to_json().contains("int64"));
    let explicit = schema
        .to_json()
        .replacen("\"hash\"", "\"int64\": \"number\",\n  \"hash\"", 1);
    assert_eq!(Schema::from_json(&explicit).unwrap().int64, Int64::Number);
}

#[test]
fn the_bigint_policy_in_an_older_format_is_named_by_its_path() {
    for format in [1, 2] {
        let error = Schema::from_json(&bigint_schema(format).to_json()).unwrap_err();
        match &error {
            ReadError::Invalid { path, message, .. } => {
                assert_eq!(path, "int64");
                assert!(
                    message.contains(&format!(
                        "the `int64` policy needs format 3, and this document says format {format}"
                    )),
                    "{message}"
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}

#[test]
fn an_unknown_integer_policy_is_refused_with_its_path() {
    let text = bigint_schema(3)
        .to_json()
        .replace(r#""bigint""#, r#""bigints""#);
    match Schema::from_json(&text).unwrap_err() {
        ReadError::Invalid { path, message, .. } => {
            assert_eq!(path, "int64");
            assert!(message.contains("unknown variant `bigints`"), "{message}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

/// `schema()` with its channel made a `stream`, in `format`, hashed.
fn stream_schema(format: u32) -> Schema {
    let mut schema = schema();
    schema.format = format;
    schema.services[0].channels[0].kind = ChannelKindSchema::Stream;
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn a_stream_channel_needs_format_4_and_reads_back_in_it() {
    let schema = stream_schema(4);
    assert_eq!(Schema::format_for(&schema.services, Int64::Number), 4);
    assert!(schema.to_json().contains(r#""kind": "stream""#));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema));
    for older in [1, 2] {
        let error = Schema::from_json(&stream_schema(older).to_json()).unwrap_err();
        match &error {
            ReadError::Invalid { path, message, .. } => {
                assert_eq!(path, "services[0].channels[0].kind");
                assert!(message.contains("`stream` needs format 4"), "{message}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}

/// `schema()` with a capability on its service or its channel, in `format`, hashed.
fn capability_schema(format: u32, on_service: bool) -> Schema {
    let mut schema = schema();
    schema.format = format;
    if on_service {
        schema.services[0].capability = Some("settings".to_owned());
    } else {
        schema.services[0].channels[0].capability = Some("admin".to_owned());
    }
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn capabilities_are_written_in_format_5_and_read_back() {
    for on_service in [true, false] {
        let schema = capability_schema(5, on_service);
        assert_eq!(Schema::format_for(&schema.services, Int64::Number), 5);
        assert!(schema.to_json().contains(r#""capability": "#));
        assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema));
    }
    // Without one, nothing of the document changes: no `capability` key at all.
    assert!(!schema().to_json().contains("capability"));
    assert_eq!(Schema::format_for(&schema().services, Int64::Number), 1);
}

#[test]
fn a_capability_in_a_document_older_than_format_5_is_named_by_its_path() {
    for (on_service, expected) in [
        (true, "services[0].capability"),
        (false, "services[0].channels[0].capability"),
    ] {
        let error = Schema::from_json(&capability_schema(2, on_service).to_json()).unwrap_err();
        match &error {
            ReadError::Invalid { path, message, .. } => {
                assert_eq!(path, expected);
                assert!(message.contains("capabilities need format 5"), "{message}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
}

/// `schema()` with its parameter made an incoming stream, in `format`, hashed.
fn incoming_schema(format: u32) -> Schema {
    let mut schema = schema();
    schema.format = format;
    schema.services[0].channels[0].params[0].incoming = true;
    schema.hash = schema.content_hash();
    schema
}

#[test]
fn an_incoming_parameter_needs_format_8_and_reads_back() {
    let schema = incoming_schema(8);
    assert_eq!(Schema::format_for(&schema.services, Int64::Number), 8);
    assert!(schema.to_json().contains(r#""incoming": true"#));
    assert_eq!(Schema::from_json(&schema.to_json()), Ok(schema.clone()));
    // Without one, the document does not even mention the field.
    assert!(!self::schema().to_json().contains("incoming"));
    assert_eq!(
        Schema::format_for(&self::schema().services, Int64::Number),
        1
    );
    match Schema::from_json(&incoming_schema(6).to_json()).unwrap_err() {
        ReadError::Invalid { path, message, .. } => {
            assert_eq!(path, "services[0].channels[0].params[0].incoming");
            assert!(
                message.contains("need format 8, and this document says format 6"),
                "{message}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_written_layout_is_still_refused_for_a_later_format_member() {
    // The document starts as the writer lays it out, with a format this
    // reader reads, but a later `format` member is the one that counts.
    let text = schema().to_json().replacen(
        "\"app\": \"todo-app\"",
        &format!("\"app\": \"todo-app\", \"format\": {}", FORMAT_VERSION + 1),
        1,
    );
    assert!(text.starts_with(&format!("{{\n  \"format\": {FORMAT_VERSION},")));
    match Schema::from_json(&text).unwrap_err() {
        ReadError::UnsupportedFormat { found, supported } => {
            assert_eq!(found, (FORMAT_VERSION + 1).to_string());
            assert_eq!(supported, FORMAT_VERSION);
        }
        other => panic!("unexpected {other}"),
    }
    // The same with broken JSON after a readable start: located as before.
    let broken = schema()
        .to_json()
        .replacen("\"app\": \"todo-app\"", "\"app\": ", 1);
    match Schema::from_json(&broken).unwrap_err() {
        ReadError::Invalid { line, path, .. } => {
            assert_eq!(path, ".");
            assert_eq!(line, 3);
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn the_hash_can_be_checked_apart_from_the_reading() {
    let original = schema();
    let text = original.to_json();
    let read = Schema::from_json_unhashed(&text).unwrap();
    assert_eq!(read, original);
    assert_eq!(read.check_hash(), Ok(()));

    let edited = text.replace("\"todos:add\"", "\"todos:exec\"");
    let read = Schema::from_json_unhashed(&edited).expect("read without its hash");
    assert_eq!(read.services[0].channels[0].channel, "todos:exec");
    let refused = read.check_hash().unwrap_err();
    assert!(
        matches!(&refused, ReadError::HashMismatch { recorded, .. } if *recorded == original.hash),
        "{refused:?}"
    );
    assert_eq!(Schema::from_json(&edited), Err(refused));
}
