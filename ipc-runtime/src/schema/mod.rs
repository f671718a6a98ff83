//! The schema: a JSON description of every channel and type, read by
//! `ipc-codegen`.
//!
//! Write it from a test of the app's crate, without launching the app:
//!
//! ```ignore
//! #[test]
//! fn ipc_schema() {
//!     let schema = electron_ipc::schema::Schema::builder("todo-app")
//!         .service::<TodosService<Store>>()
//!         .build()
//!         .unwrap();
//!     electron_ipc::schema::export(&schema, concat!(env!("CARGO_MANIFEST_DIR"), "/schemas")).unwrap();
//! }
//! ```
//!
//! [`export`] writes the file when it changed, or, in check mode (`CI` set,
//! or `IPC_SCHEMA_MODE=check`), fails when the file on disk is stale.

mod export;
mod format;
mod types;

pub use export::{export, export_to, ExportError, ExportMode};
pub use format::*;
pub use types::TypeRegistry;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::service::Service;

/// Why a schema could not be built.
///
/// Its `Debug` is its message, so a schema test that ends in `.unwrap()`
/// prints how to fix the problem rather than the variant's fields.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// Two services claim one namespace.
    #[error("two services use the IPC namespace `{namespace}`: `{first}` and `{second}`")]
    DuplicateNamespace {
        /// The namespace.
        namespace: String,
        /// Trait name of the first service.
        first: String,
        /// Trait name of the second service.
        second: String,
    },
    /// Two channels share one wire name.
    #[error("two methods use the IPC channel `{channel}`")]
    DuplicateChannel {
        /// The channel.
        channel: String,
    },
    /// Two different Rust types have the same TypeScript name.
    #[error(
        "two different Rust types are both named `{name}` in TypeScript; \
         rename one with #[ts(rename = \"...\")]"
    )]
    DuplicateTypeName {
        /// The TypeScript name.
        name: String,
    },
}

impl std::fmt::Debug for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Why a schema document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The text is not JSON, or not a schema document.
    #[error("invalid schema document at `{path}`: {message}")]
    Invalid {
        /// JSON path of the offending value (`.` for the document).
        path: String,
        /// What serde said.
        message: String,
    },
    /// The document has a format version this reader does not know.
    #[error(
        "schema format {found} is not supported: this version reads format {supported}; \
         regenerate the schema with a matching ipc-runtime, or use a matching ipc-codegen"
    )]
    UnsupportedFormat {
        /// The document's format.
        found: u64,
        /// The format this reader understands.
        supported: u32,
    },
}

/// Collects services into a [`Schema`].
#[derive(Debug)]
#[must_use]
pub struct SchemaBuilder {
    app: String,
    types: TypeRegistry,
    services: Vec<ServiceSchema>,
}

impl SchemaBuilder {
    /// A builder for the schema of `app`.
    pub fn new(app: impl Into<String>) -> Self {
        SchemaBuilder {
            app: app.into(),
            types: TypeRegistry::new(),
            services: Vec::new(),
        }
    }

    /// Adds the service `S` (no instance needed).
    pub fn service<S: Service>(self) -> Self {
        self.describe_with(S::describe)
    }

    pub(crate) fn describe_with(
        mut self,
        describe: fn(&mut TypeRegistry) -> ServiceSchema,
    ) -> Self {
        let service = describe(&mut self.types);
        self.services.push(service);
        self
    }

    /// Checks the services against each other and assembles the document.
    pub fn build(self) -> Result<Schema, SchemaError> {
        let mut namespaces = BTreeMap::new();
        let mut channels = BTreeMap::new();
        for service in &self.services {
            if let Some(first) = namespaces.insert(&service.namespace, &service.name) {
                return Err(SchemaError::DuplicateNamespace {
                    namespace: service.namespace.clone(),
                    first: first.clone(),
                    second: service.name.clone(),
                });
            }
            for channel in &service.channels {
                if channels.insert(&channel.channel, ()).is_some() {
                    return Err(SchemaError::DuplicateChannel {
                        channel: channel.channel.clone(),
                    });
                }
            }
        }
        let types = self.types.into_decls()?;
        let mut services = self.services;
        services.sort_by(|a, b| a.namespace.cmp(&b.namespace));
        let mut schema = Schema {
            format: FORMAT_VERSION,
            app: self.app,
            hash: String::new(),
            services,
            types,
        };
        schema.hash = schema.content_hash();
        Ok(schema)
    }
}

impl Schema {
    /// A builder for the schema of `app`.
    pub fn builder(app: impl Into<String>) -> SchemaBuilder {
        SchemaBuilder::new(app)
    }

    /// The document as pretty JSON with a trailing newline: the form that is
    /// written to disk and hashed. Same schema, same bytes.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, numbers and vectors cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// `sha256:<hex>` of the document serialized with an empty `hash`.
    pub fn content_hash(&self) -> String {
        let unhashed = Schema {
            hash: String::new(),
            ..self.clone()
        };
        let digest = Sha256::digest(unhashed.to_json().as_bytes());
        let mut hex = String::with_capacity(7 + 64);
        hex.push_str("sha256:");
        for byte in digest {
            hex.push_str(&format!("{byte:02x}"));
        }
        hex
    }

    /// Whether `hash` matches the content (false after a hand edit).
    pub fn hash_is_valid(&self) -> bool {
        self.hash == self.content_hash()
    }

    /// Reads a schema document, checking its format version first.
    pub fn from_json(text: &str) -> Result<Schema, ReadError> {
        #[derive(serde::Deserialize)]
        struct Version {
            format: Option<serde_json::Value>,
        }
        let version: Version = serde_json::from_str(text).map_err(|e| ReadError::Invalid {
            path: ".".into(),
            message: e.to_string(),
        })?;
        match version.format {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(FORMAT_VERSION)) => {
            }
            Some(serde_json::Value::Number(n)) => {
                return Err(ReadError::UnsupportedFormat {
                    found: n.as_u64().unwrap_or(0),
                    supported: FORMAT_VERSION,
                })
            }
            _ => {
                return Err(ReadError::Invalid {
                    path: "format".into(),
                    message: "missing or non-numeric `format` (is this an IPC schema document?)"
                        .into(),
                })
            }
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| ReadError::Invalid {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        })
    }

    /// The JSON Schema of the format, derived from the Rust types.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Schema);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}
