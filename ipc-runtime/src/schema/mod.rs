//! The schema: a JSON description of every channel and type, read by
//! `ipc-codegen`.
//!
//! The format itself ([`Schema`] and its parts, its reader and writer, its
//! version) is defined by the `electron-ipc-schema` crate, shared with
//! `ipc-codegen`, and re-exported here. This module builds a schema from
//! services ([`SchemaBuilder`], which asks ts-rs for the TypeScript of
//! every type) and writes it to disk ([`export`]).
//!
//! Write it from a test of the app's crate, without launching the app:
//!
//! ```ignore
//! #[test]
//! fn ipc_schema() {
//!     let schema = electron_ipc::schema::SchemaBuilder::new("todo-app")
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
mod types;

pub use electron_ipc_schema::{
    ChannelKindSchema, ChannelSchema, Deprecation, Implementation, Int64, ParamSchema, ReadError,
    Schema, ServiceError, ServiceSchema, TypeDecl, FORMAT_VERSION,
};
pub use export::{export, export_to, ExportError, ExportMode};
pub use types::TypeRegistry;

use std::collections::BTreeMap;

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
    /// A service has a name the generated JavaScript cannot use (the
    /// `#[service]` macro refuses these at compile time; a hand-written
    /// [`Service`] may not).
    #[error(transparent)]
    InvalidService(#[from] ServiceError),
    /// A type's TypeScript declaration admits no value, so what serde sends
    /// never type-checks in the renderer (`docs/type-fidelity.md`).
    #[error("no value satisfies the TypeScript declaration of `{name}`: {problem}")]
    UnsatisfiableType {
        /// The TypeScript name, with its type arguments.
        name: String,
        /// Which variant or field is to blame, and how to fix it.
        problem: String,
    },
    /// Under [`Int64::BigInt`], a `usize` or `isize` is used: ts-rs declares
    /// it `number`, but it crosses as a 64-bit integer, so as a `bigint`.
    #[error(
        "`{rust}` is used{}, but under the `bigint` integer policy it would cross as \
         a `bigint` where ts-rs declares `number`: use `u64`/`i64` (a `bigint`) or \
         `u32`/`i32` (a `number`)",
        within.as_ref().map(|name| format!(" in `{name}`")).unwrap_or_default()
    )]
    PointerSizedInteger {
        /// The Rust type: `usize`, `isize`, `NonZeroUsize` or `NonZeroIsize`.
        rust: &'static str,
        /// The TypeScript name of the named type holding it, if any.
        within: Option<String>,
    },
}

impl std::fmt::Debug for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Collects services into a [`Schema`].
#[derive(Debug)]
#[must_use]
pub struct SchemaBuilder {
    app: String,
    int64: Int64,
    /// What each service says of itself, asked only in [`SchemaBuilder::build`],
    /// once the integer policy (which changes the declarations) is known.
    describe: Vec<fn(&mut TypeRegistry) -> ServiceSchema>,
}

impl SchemaBuilder {
    /// A builder for the schema of `app`.
    pub fn new(app: impl Into<String>) -> Self {
        SchemaBuilder {
            app: app.into(),
            int64: Int64::Number,
            describe: Vec::new(),
        }
    }

    /// Adds the service `S` (no instance needed).
    pub fn service<S: Service>(self) -> Self {
        self.describe_with(S::describe)
    }

    /// The app's policy for 64- and 128-bit integers (`docs/wire.md`,
    /// "64-bit integers"); [`Int64::Number`] unless set. It changes the
    /// declarations and is written into the schema, so the router must be
    /// given the same one. Order does not matter: services added before
    /// this call are described under it too.
    pub fn int64(mut self, policy: Int64) -> Self {
        self.int64 = policy;
        self
    }

    pub(crate) fn describe_with(
        mut self,
        describe: fn(&mut TypeRegistry) -> ServiceSchema,
    ) -> Self {
        self.describe.push(describe);
        self
    }

    /// Checks each service ([`ServiceSchema::validate`]) and the services
    /// against each other, and assembles the document.
    pub fn build(self) -> Result<Schema, SchemaError> {
        let mut types = TypeRegistry::with_int64(self.int64);
        let services: Vec<ServiceSchema> = self
            .describe
            .iter()
            .map(|describe| describe(&mut types))
            .collect();
        let mut namespaces = BTreeMap::new();
        let mut channels = BTreeMap::new();
        for service in &services {
            service.validate()?;
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
        let types = types.into_decls()?;
        let mut services = services;
        services.sort_by(|a, b| a.namespace.cmp(&b.namespace));
        let mut schema = Schema {
            format: Schema::format_for(&services, self.int64),
            app: self.app,
            hash: String::new(),
            int64: self.int64,
            services,
            types,
        };
        schema.hash = schema.content_hash();
        Ok(schema)
    }
}
