//! The contract between the three parts of electron-ipc: the `#[service]`
//! macro, the runtime (`electron-ipc`) and the generator
//! (`electron-ipc-codegen`). Each of them uses this crate, and nothing else
//! defines what it holds:
//!
//! - the schema format: [`Schema`] and the types it is made of,
//!   [`FORMAT_VERSION`], the writer ([`Schema::to_json`]), the content hash
//!   ([`Schema::content_hash`]) and the one reader ([`Schema::from_json`]);
//! - the rules a service must follow to become JavaScript
//!   ([`ServiceSchema::validate`]), built on [`names`]: how Rust names
//!   become JavaScript names, and which names are refused;
//! - the envelope's error codes ([`ErrorCode`]).
//!
//! The JSON Schema of the format, `format-v<N>.schema.json` in this crate's
//! folder, is derived from the types with the `json-schema` feature
//! (`Schema::json_schema`).
//!
//! ```
//! use electron_ipc_schema::{Int64, Schema, FORMAT_VERSION};
//!
//! let mut schema = Schema {
//!     format: FORMAT_VERSION,
//!     app: "todo-app".to_owned(),
//!     hash: String::new(),
//!     int64: Int64::Number,
//!     services: Vec::new(),
//!     types: Vec::new(),
//! };
//! schema.hash = schema.content_hash();
//! let read = Schema::from_json(&schema.to_json()).unwrap();
//! assert_eq!(read, schema);
//! ```

mod error_code;
mod format;
pub mod names;
mod read;
mod validate;
mod window_properties;

pub use error_code::ErrorCode;
pub use format::{
    ChannelKindSchema, ChannelSchema, Deprecation, Implementation, Int64, ParamSchema, Schema,
    ServiceSchema, TypeDecl, FORMAT_VERSION, INCOMING_FORMAT, OLDEST_FORMAT_VERSION,
};
pub use read::ReadError;
pub use validate::{member_name, member_names, ServiceError};
