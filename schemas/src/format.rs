//! The schema format: its types, its version, its writer and its hash.
//!
//! A schema document describes the whole IPC surface of an app: its services,
//! their channels, and every TypeScript declaration the channels need. It is
//! deterministic (same input, byte-identical output) and carries a content
//! hash and a format version that readers check before anything else.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Version of the schema format. Bump it whenever the JSON shape of
/// [`Schema`] changes: the test that pins `schemas/format-v<N>.schema.json`
/// (`tests/tests/schema_format.rs`) fails until the new file is written.
///
/// Format 2 added the `sendSync` channel kind, format 3 the `int64` policy,
/// format 4 the `stream` channel kind, format 5 capabilities (`capability`
/// on a service and on a channel), format 6 the `state` channel kind,
/// format 7 the `relay` channel kind, format 8 streams from the page to
/// main (`incoming` on a parameter), and nothing else. A document is
/// written in the oldest format that holds what it uses
/// ([`Schema::format_for`], [`ChannelKindSchema::since_format`]), so apps
/// that use none of these keep schemas that older readers read; this reader
/// reads every format up to this one.
pub const FORMAT_VERSION: u32 = 8;

/// The first format whose parameters may be `incoming`.
pub const INCOMING_FORMAT: u32 = 8;

/// The oldest format this version still reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// A [`Schema`] serialized as if its `hash` were empty, without copying it:
/// what [`Schema::content_hash`] hashes. Its fields are the document's, in
/// the same order with the same names and rules (a test compares the two
/// serializations).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Unhashed<'a> {
    format: u32,
    app: &'a str,
    hash: &'static str,
    #[serde(skip_serializing_if = "Int64::is_number")]
    int64: Int64,
    services: &'a [ServiceSchema],
    types: &'a [TypeDecl],
}

impl<'a> Unhashed<'a> {
    fn of(schema: &'a Schema) -> Self {
        // Every field by name: a field added to `Schema` fails to compile
        // here until it is added to the hashed form as well.
        let Schema {
            format,
            app,
            hash: _,
            int64,
            services,
            types,
        } = schema;
        Unhashed {
            format: *format,
            app,
            hash: "",
            int64: *int64,
            services,
            types,
        }
    }
}

/// Feeds what is written to it to a SHA-256 hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A schema document: every service and type of one app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "json-schema",
    schemars(
        title = "IPC schema",
        description = "The IPC surface of an Electron app, as declared by `#[service]` traits."
    )
)]
pub struct Schema {
    /// Format version of this document; readers refuse versions they do not know.
    pub format: u32,
    /// Name of the app (or crate) the schema describes; also the file name.
    pub app: String,
    /// `sha256:<hex>` of the document serialized with an empty `hash`.
    pub hash: String,
    /// How 64- and 128-bit integers cross; absent for the default,
    /// [`Int64::Number`] (added in format 3).
    #[serde(default, skip_serializing_if = "Int64::is_number")]
    pub int64: Int64,
    /// Services, sorted by namespace.
    pub services: Vec<ServiceSchema>,
    /// TypeScript declarations of every named type the channels use, sorted
    /// by name, each once.
    pub types: Vec<TypeDecl>,
}

/// The app's policy for `u64`, `i64`, `u128`, `i128` and their `NonZero`
/// forms (`docs/wire.md`, "64-bit integers").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
pub enum Int64 {
    /// Declared `number`; values beyond ±(2^53−1) are refused both ways.
    #[default]
    #[serde(rename = "number")]
    Number,
    /// Declared `bigint` (map keys `` `${bigint}` ``); carried as `BigInt`
    /// both ways, exact over the whole range of the Rust type.
    #[serde(rename = "bigint")]
    BigInt,
}

impl Int64 {
    /// Whether this is the default policy, [`Int64::Number`].
    pub fn is_number(&self) -> bool {
        *self == Int64::Number
    }

    /// The TypeScript type ts-rs writes for these integers under this
    /// policy: `number` or `bigint`.
    pub fn ts_type(self) -> &'static str {
        match self {
            Int64::Number => "number",
            Int64::BigInt => "bigint",
        }
    }
}

/// One `#[service]` trait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceSchema {
    /// Name of the Rust trait, e.g. `Todos`.
    pub name: String,
    /// Namespace: the property of `window` the preload exposes, and the
    /// prefix of every channel, e.g. `todos`.
    pub namespace: String,
    /// Doc comment of the trait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Which side implements the service's handlers.
    pub implementation: Implementation,
    /// The capability a window must be granted to see the service and use
    /// any of its channels (`#[service(capability = "…")]`; added in
    /// format 5). Absent: no capability is needed, as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// Channels in declaration order.
    pub channels: Vec<ChannelSchema>,
}

impl ServiceSchema {
    /// Every capability the service names (its own, then its channels'), in
    /// declaration order, repeats included.
    pub fn capabilities(&self) -> impl Iterator<Item = &str> {
        self.capability
            .as_deref()
            .into_iter()
            .chain(self.channels.iter().filter_map(|c| c.capability.as_deref()))
    }

    /// The capabilities a window needs for `channel`: its service's, then
    /// its own (each once).
    pub fn required_capabilities<'a>(&'a self, channel: &'a ChannelSchema) -> Vec<&'a str> {
        let mut required: Vec<&str> = self.capability.as_deref().into_iter().collect();
        if let Some(own) = channel.capability.as_deref() {
            if !required.contains(&own) {
                required.push(own);
            }
        }
        required
    }
}

/// Where a service's handlers run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Implementation {
    /// In Rust, behind the router.
    Rust,
    /// In main-process JavaScript; Rust still validates the arguments.
    MainJs,
}

/// How a channel travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ChannelKindSchema {
    /// `ipcRenderer.invoke` / `ipcMain.handle`: renderer to main, with a reply.
    Invoke,
    /// `ipcRenderer.send` / `ipcMain.on`: renderer to main, one-way.
    Send,
    /// `webContents.send` / `ipcRenderer.on`: main to renderer.
    Event,
    /// `ipcRenderer.sendSync` / `ipcMain.on` with `event.returnValue`:
    /// renderer to main with a reply, blocking the renderer until it comes
    /// (`#[ipc(sync)]`; added in format 2).
    SendSync,
    /// A value owned by main that pages read and follow (`#[ipc(state)]`;
    /// added in format 6): the page subscribes with `ipcRenderer.invoke`,
    /// main pushes each new version with `webContents.send`. `returns` is
    /// the value's TypeScript type; it has no parameters.
    State,
    /// An invoke answered with a sequence of items over a `MessagePort`
    /// (a method returning `Stream<T>`; docs/wire.md, "Streams"): `returns`
    /// is the type of each item, `error` the type of the setup and
    /// mid-stream error. Added in format 4.
    Stream,
    /// A message one window sends to the windows of a role, routed and
    /// checked by main (`#[ipc(relay)]`; docs/wire.md, "Window-to-window
    /// messages"): `params` is the payload; `returns`, when present, makes
    /// it a request that the receiving window answers with a value of that
    /// type. Added in format 7.
    Relay,
}

impl ChannelKindSchema {
    /// The first schema format that has this channel kind.
    pub fn since_format(self) -> u32 {
        match self {
            ChannelKindSchema::Invoke | ChannelKindSchema::Send | ChannelKindSchema::Event => 1,
            ChannelKindSchema::SendSync => 2,
            ChannelKindSchema::Stream => 4,
            ChannelKindSchema::State => 6,
            ChannelKindSchema::Relay => 7,
        }
    }

    /// Its name in the document, e.g. `sendSync`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKindSchema::Invoke => "invoke",
            ChannelKindSchema::Send => "send",
            ChannelKindSchema::Event => "event",
            ChannelKindSchema::SendSync => "sendSync",
            ChannelKindSchema::State => "state",
            ChannelKindSchema::Stream => "stream",
            ChannelKindSchema::Relay => "relay",
        }
    }
}

/// One method of a service trait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChannelSchema {
    /// How it travels.
    pub kind: ChannelKindSchema,
    /// Wire name, `namespace:jsName` unless overridden, e.g. `todos:add`.
    pub channel: String,
    /// Name on the JavaScript side (lowerCamelCase), e.g. `add`. For events,
    /// the subscription is `on` + the name with its first letter upper-cased.
    pub js_name: String,
    /// Name of the Rust method, e.g. `add`.
    pub rust_name: String,
    /// Doc comment of the method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Set when the method carries `#[deprecated]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Deprecation>,
    /// The capability a window must be granted to use this channel, on top
    /// of its service's (`#[ipc(capability = "…")]`; added in format 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// Parameters in order, without the context.
    pub params: Vec<ParamSchema>,
    /// TypeScript type of the value an invoke (or sendSync) answers (`null`
    /// for a unit return), of a state's value, or of the answer to a relay
    /// request; absent for send and event channels and one-way relays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<String>,
    /// TypeScript type of the typed error (`data` of `ERR_HANDLER`), when the
    /// method returns `Result<T, E>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `#[deprecated]` on a method.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Deprecation {
    /// `since = "…"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// `note = "…"` or `#[deprecated = "…"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One parameter of a channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParamSchema {
    /// Name in the Rust signature, e.g. `new_title`.
    pub name: String,
    /// Name on the JavaScript side, e.g. `newTitle`.
    pub js_name: String,
    /// TypeScript type, e.g. `string` or `Todo`; for an `incoming`
    /// parameter, the type of each item.
    #[serde(rename = "type")]
    pub ty: String,
    /// Set when the parameter is a stream the page sends to main (an
    /// `Incoming<T>` argument; docs/wire.md, "Streams"): the page passes an
    /// `AsyncIterable<T>` or a `ReadableStream<T>`, whose items travel over
    /// the channel's MessagePort, not with the call's arguments. At most
    /// one per channel, on `invoke` (answered once) and `stream` (both
    /// ways) channels. Added in format 8.
    #[serde(default, skip_serializing_if = "is_false")]
    pub incoming: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl ChannelSchema {
    /// The parameter the page streams to main, if any (see
    /// [`ParamSchema::incoming`]).
    pub fn incoming(&self) -> Option<&ParamSchema> {
        self.params.iter().find(|param| param.incoming)
    }
}

/// The TypeScript declaration of one named type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypeDecl {
    /// TypeScript name, without generic parameters, e.g. `Todo`.
    pub name: String,
    /// The declaration as ts-rs writes it, e.g. `type Todo = { id: number, };`.
    pub declaration: String,
    /// Doc comment of the Rust type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

impl Schema {
    /// The format a document of these services and this integer policy is
    /// written in: the oldest that can hold them, 1 unless a channel needs a
    /// newer one ([`ChannelKindSchema::since_format`]: `sendSync` 2, `stream`
    /// 4, `state` 6, `relay` 7), the policy is [`Int64::BigInt`] (format 3),
    /// a service or channel requires a capability (format 5), or a parameter
    /// is `incoming` (format 8).
    pub fn format_for(services: &[ServiceSchema], int64: Int64) -> u32 {
        let policy = if int64.is_number() {
            OLDEST_FORMAT_VERSION
        } else {
            3
        };
        let capabilities = if services
            .iter()
            .any(|service| service.capabilities().next().is_some())
        {
            5
        } else {
            OLDEST_FORMAT_VERSION
        };
        let incoming = if services
            .iter()
            .flat_map(|service| &service.channels)
            .any(|channel| channel.incoming().is_some())
        {
            INCOMING_FORMAT
        } else {
            OLDEST_FORMAT_VERSION
        };
        services
            .iter()
            .flat_map(|service| &service.channels)
            .map(|channel| channel.kind.since_format())
            .fold(policy.max(capabilities).max(incoming), u32::max)
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
        // The bytes `to_json` would write for a copy with an empty `hash`,
        // fed to the hash as they are serialized: no copy of the schema,
        // no copy of the text (a schema of 10,000 channels is megabytes).
        let mut hasher = HashWriter(Sha256::new());
        // Serializing plain strings, numbers and vectors cannot fail, and
        // writing into the hash cannot either.
        let _ = serde_json::to_writer_pretty(&mut hasher, &Unhashed::of(self));
        hasher.0.update(b"\n");
        let digest = hasher.0.finalize();
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

    /// The JSON Schema of the format, derived from these types: what
    /// `schemas/format-v<N>.schema.json` holds.
    #[cfg(feature = "json-schema")]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Schema);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as it was first defined: SHA-256 of `to_json` of a copy
    /// whose `hash` is empty.
    fn hash_of_a_copy(schema: &Schema) -> String {
        let copy = Schema {
            hash: String::new(),
            ..schema.clone()
        };
        let digest = Sha256::digest(copy.to_json().as_bytes());
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        format!("sha256:{hex}")
    }

    fn schema(int64: Int64) -> Schema {
        let text = r#"{
          "format": 8, "app": "demo", "hash": "sha256:anything", "int64": "bigint",
          "services": [{
            "name": "Todos", "namespace": "todos", "docs": "The list.\nTwo lines \"quoted\".",
            "implementation": "rust", "capability": "admin",
            "channels": [{
              "kind": "invoke", "channel": "todos:add", "jsName": "add", "rustName": "add",
              "docs": null, "deprecated": { "since": "0.2" }, "capability": null,
              "params": [{ "name": "title", "jsName": "title", "type": "string" },
                         { "name": "items", "jsName": "items", "type": "Item", "incoming": true }],
              "returns": "number", "error": "AddError"
            }]
          }],
          "types": [{ "name": "Item", "declaration": "type Item = { id: bigint };" }]
        }"#;
        let mut schema: Schema = serde_json::from_str(text).expect("a valid document");
        schema.int64 = int64;
        schema
    }

    #[test]
    fn the_hash_is_that_of_the_document_with_an_empty_hash() {
        for int64 in [Int64::Number, Int64::BigInt] {
            let schema = schema(int64);
            assert_eq!(schema.content_hash(), hash_of_a_copy(&schema), "{int64:?}");
        }
        let mut empty = schema(Int64::Number);
        empty.services.clear();
        empty.types.clear();
        empty.hash.clear();
        assert_eq!(empty.content_hash(), hash_of_a_copy(&empty));
    }
}
