//! The one reader of schema documents.

use crate::format::{Schema, FORMAT_VERSION, OLDEST_FORMAT_VERSION};

/// Why a schema document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The text is not JSON, has content after the document, or is not a
    /// schema document of this format.
    #[error("invalid schema at `{path}` (line {line}, column {column}): {message}")]
    Invalid {
        /// 1-based line of the error (0 when the parser gave none).
        line: usize,
        /// 1-based column of the error (0 when the parser gave none).
        column: usize,
        /// serde's path to the offending value, e.g.
        /// `services[0].channels[6].kind` (`.` for the document).
        path: String,
        /// What the parser said, without its position.
        message: String,
    },
    /// The document has no numeric `format` field: it is not a schema.
    #[error("not an IPC schema document: the `format` field is missing or not a number")]
    NotASchema,
    /// The document is written in a format this version does not read.
    #[error("{}", unsupported_format(found, *supported))]
    UnsupportedFormat {
        /// The `format` the document declares, as written.
        found: String,
        /// The newest format this version reads ([`FORMAT_VERSION`]; it
        /// reads every one from [`OLDEST_FORMAT_VERSION`] on).
        supported: u32,
    },
    /// The content does not match the recorded hash: the document was
    /// edited by hand.
    #[error(
        "the schema was edited by hand: its `hash` is {recorded} but its content hashes to \
         {actual}; regenerate it from Rust (`cargo test ipc_schema`) instead of editing it"
    )]
    HashMismatch {
        /// The hash written in the document.
        recorded: String,
        /// The hash of its content.
        actual: String,
    },
}

/// Says which side is behind, and how to catch up (the way wasm-bindgen's
/// schema check does).
fn unsupported_format(found: &str, supported: u32) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let head = if OLDEST_FORMAT_VERSION == supported {
        format!(
            "schema format {found} is not supported: electron-ipc {version} reads format {supported}"
        )
    } else {
        format!(
            "schema format {found} is not supported: electron-ipc {version} reads formats \
             {OLDEST_FORMAT_VERSION} to {supported}"
        )
    };
    let pin = "the schema must be written and read by the same version of electron-ipc: \
               install the ipc-codegen of the app's electron-ipc \
               (`cargo install electron-ipc-codegen@<that version>`)";
    match found.parse::<f64>() {
        Ok(n) if n > f64::from(supported) => format!(
            "{head}, and this schema comes from a newer electron-ipc; {pin}, or regenerate \
             the schema with electron-ipc {version}"
        ),
        Ok(n) if n < f64::from(OLDEST_FORMAT_VERSION) => format!(
            "{head}, and this schema comes from an older electron-ipc; upgrade the app's \
             electron-ipc to {version} and regenerate the schema (`cargo test ipc_schema`), \
             or {pin}"
        ),
        _ => format!("{head}; {pin}"),
    }
}

impl Schema {
    /// Reads a schema document.
    ///
    /// In order, so that each mistake gets the most useful message: the
    /// `format` first (a document of another version fails with advice,
    /// not with a parse error about a field that moved), then the whole
    /// document with serde's path to a bad value, then that nothing follows
    /// it, then its hash (a hand edit is refused).
    ///
    /// ```
    /// use electron_ipc_schema::{ReadError, Schema};
    ///
    /// let newer = r#"{"format": 99, "app": "todo-app"}"#;
    /// assert!(matches!(
    ///     Schema::from_json(newer),
    ///     Err(ReadError::UnsupportedFormat { supported: 8, .. })
    /// ));
    /// ```
    pub fn from_json(text: &str) -> Result<Schema, ReadError> {
        let schema = Schema::from_json_unhashed(text)?;
        schema.check_hash()?;
        Ok(schema)
    }

    /// [`Schema::from_json`] without its last step, the hash: for a reader
    /// that checks it with [`Schema::check_hash`] meanwhile on another
    /// thread (hashing a large document again takes as long as reading
    /// it). Every other error is the same, and a document it accepts is
    /// the one `from_json` returns when `check_hash` accepts it too.
    pub fn from_json_unhashed(text: &str) -> Result<Schema, ReadError> {
        // A document as the writer lays it out starts with its `format`:
        // when that one is a version this reader reads, the document is
        // read at once, and `check_format` (which reads all of it for one
        // number) only runs when the reading fails, for its message. A
        // document that reads has no other top-level `format` (serde
        // refuses a duplicate field), so nothing is skipped.
        let read = match written_format(text) {
            Some(format) if supported(format) => serde_json::from_str::<Schema>(text).ok(),
            _ => None,
        };
        let schema = match read {
            Some(schema) => schema,
            None => read_checked(text)?,
        };
        check_kinds(schema)
    }

    /// Refuses a document whose `hash` is not the hash of its content
    /// ([`Schema::content_hash`]): it was edited by hand.
    pub fn check_hash(&self) -> Result<(), ReadError> {
        let actual = self.content_hash();
        if self.hash != actual {
            return Err(ReadError::HashMismatch {
                recorded: self.hash.clone(),
                actual,
            });
        }
        Ok(())
    }
}

/// The `format` of a document laid out as [`Schema::to_json`] writes it
/// (`{`, a line break, two spaces, `"format": <digits>,`); `None` for any
/// other layout.
fn written_format(text: &str) -> Option<u64> {
    let rest = text.strip_prefix("{\n  \"format\": ")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 || !rest[digits..].starts_with(',') {
        return None;
    }
    rest[..digits].parse().ok()
}

/// Whether this reader reads documents of `format`.
fn supported(format: u64) -> bool {
    (u64::from(OLDEST_FORMAT_VERSION)..=u64::from(FORMAT_VERSION)).contains(&format)
}

/// Reads the document in order, so that each mistake gets the most useful
/// message: its `format` first, then the whole document.
fn read_checked(text: &str) -> Result<Schema, ReadError> {
    check_format(text)?;
    // Read without tracking the path first: tracking it costs about a
    // third of the reading, and only an error needs it; a document
    // that fails is read again, with the path, for the message.
    let schema = match serde_json::from_str::<Schema>(text) {
        Ok(schema) => schema,
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let schema: Schema =
                serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
                    let path = e.path().to_string();
                    invalid(e.inner(), path)
                })?;
            deserializer
                .end()
                .map_err(|e| invalid(&e, ".".to_owned()))?;
            schema
        }
    };
    Ok(schema)
}

/// Refuses what the document's `format` cannot hold: a channel kind, the
/// `int64` policy, capabilities or `incoming` parameters of a later format.
fn check_kinds(schema: Schema) -> Result<Schema, ReadError> {
    let too_new = schema.services.iter().enumerate().find_map(|(s, service)| {
        let c = service
            .channels
            .iter()
            .position(|channel| channel.kind.since_format() > schema.format)?;
        Some((
            format!("services[{s}].channels[{c}].kind"),
            service.channels[c].kind,
        ))
    });
    if let Some((path, kind)) = too_new {
        return Err(ReadError::Invalid {
            line: 0,
            column: 0,
            path,
            message: format!(
                "the channel kind `{}` needs format {}, and this document says format {}",
                kind.as_str(),
                kind.since_format(),
                schema.format
            ),
        });
    }
    if schema.format < 3 && !schema.int64.is_number() {
        return Err(ReadError::Invalid {
            line: 0,
            column: 0,
            path: "int64".to_owned(),
            message: format!(
                "the `int64` policy needs format 3, and this document says format {}",
                schema.format
            ),
        });
    }
    if schema.format < 5 {
        let capability = schema.services.iter().enumerate().find_map(|(s, service)| {
            if service.capability.is_some() {
                return Some(format!("services[{s}].capability"));
            }
            let c = service
                .channels
                .iter()
                .position(|channel| channel.capability.is_some())?;
            Some(format!("services[{s}].channels[{c}].capability"))
        });
        if let Some(path) = capability {
            return Err(ReadError::Invalid {
                line: 0,
                column: 0,
                path,
                message: format!(
                    "capabilities need format 5, and this document says format {}",
                    schema.format
                ),
            });
        }
    }
    if schema.format < crate::format::INCOMING_FORMAT {
        let incoming = schema.services.iter().enumerate().find_map(|(s, service)| {
            service
                .channels
                .iter()
                .enumerate()
                .find_map(|(c, channel)| {
                    let p = channel.params.iter().position(|param| param.incoming)?;
                    Some(format!("services[{s}].channels[{c}].params[{p}].incoming"))
                })
        });
        if let Some(path) = incoming {
            return Err(ReadError::Invalid {
                    line: 0,
                    column: 0,
                    path,
                    message: format!(
                        "streams from the page (`incoming`) need format {}, and this document says format {}",
                        crate::format::INCOMING_FORMAT,
                        schema.format
                    ),
                });
        }
    }
    Ok(schema)
}

/// Reads the document as plain JSON and checks its `format` before
/// anything else of it.
fn check_format(text: &str) -> Result<(), ReadError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let format = serde::Deserializer::deserialize_any(&mut deserializer, FormatField)
        .and_then(|format| deserializer.end().map(|()| format))
        .map_err(|e| invalid(&e, ".".to_owned()))?;
    match format {
        Some(serde_json::Value::Number(found)) => {
            if found.as_u64().is_some_and(supported) {
                Ok(())
            } else {
                Err(ReadError::UnsupportedFormat {
                    found: found.to_string(),
                    supported: FORMAT_VERSION,
                })
            }
        }
        _ => Err(ReadError::NotASchema),
    }
}

/// The `format` member of a JSON document (the last one, as a parser that
/// keeps objects in a map would find it); `None` for a document that is not
/// an object or has none. Every other value is checked as JSON and skipped
/// without being kept: this runs before the document is read for real, so a
/// copy of it as a `serde_json::Value` would be built for one number (a
/// sixth of `ipc-codegen generate` at 10,000 channels).
struct FormatField;

impl<'de> serde::de::Visitor<'de> for FormatField {
    type Value = Option<serde_json::Value>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON document")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut format = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "format" {
                format = Some(map.next_value()?);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(format)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn invalid(error: &serde_json::Error, path: String) -> ReadError {
    // serde_json appends " at line L column C"; the position has fields of
    // its own.
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    ReadError::Invalid {
        line: error.line(),
        column: error.column(),
        path,
        message,
    }
}
