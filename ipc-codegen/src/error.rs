//! Everything that can stop a run, each with a message that says what to do.

use std::path::{Path, PathBuf};

use electron_ipc_schema::{ReadError, ServiceError};

/// Why `ipc-codegen` could not read its inputs or write its outputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The path that failed.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file could not be written or a folder created.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path that failed.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A schema file could not be read: not JSON, not a schema, another
    /// format version, or edited by hand.
    #[error("{}", located(path, source))]
    Schema {
        /// The schema file.
        path: PathBuf,
        /// What the reader said.
        source: ReadError,
    },
    /// The schema picks the `bigint` policy for 64-bit integers and uses
    /// something this version cannot carry `BigInt`s through yet (docs/wire.md,
    /// "64-bit integers"): a service implemented in main-process JavaScript,
    /// a state or a stream. Generating it would promise `bigint`s that do not
    /// arrive.
    #[error(
        "{}: the schema picks the `bigint` policy for 64-bit integers (`\"int64\": \"bigint\"`) \
         and {what}, which this version of ipc-codegen cannot generate under that policy yet; \
         {remedy}, or build the schema without `SchemaBuilder::int64(Int64::BigInt)` (64-bit \
         integers are then `number`s within ±(2^53−1))",
        path.display()
    )]
    BigIntPolicy {
        /// The schema file.
        path: PathBuf,
        /// What the policy cannot reach yet, e.g. "its service `Dialog` is
        /// implemented in main-process JavaScript".
        what: String,
        /// What to do instead.
        remedy: &'static str,
    },
    /// A service in a schema has a name the generated code cannot use.
    #[error("{}: {source}", path.display())]
    InvalidService {
        /// The schema file.
        path: PathBuf,
        /// What is wrong and where.
        source: ServiceError,
    },
    /// A schema names a type as a global TypeScript type that the generated
    /// declarations use (`Array`, `Promise`, `Record`): they would not compile.
    #[error("{}: {message}", path.display())]
    InvalidName {
        /// The schema file.
        path: PathBuf,
        /// What is wrong, and how to fix it.
        message: String,
    },
    /// A channel takes a stream from the page (an `incoming` parameter),
    /// which this version does not generate yet (docs/wire.md, "Streams").
    #[error("{}: {channel} takes a stream from the page (its parameter `{param}` is an `Incoming<T>`), and this version of ipc-codegen does not generate page-to-main streams yet (the runtime serves them with Router::open_stream and pushStream; docs/wire.md, \"From the page to main\")", path.display())]
    UnsupportedIncoming {
        /// The schema file.
        path: PathBuf,
        /// The channel.
        channel: String,
        /// The incoming parameter's JavaScript name.
        param: String,
    },
    /// Two services, possibly from two schema files, claim the same namespace
    /// or channel, or two types the same name with different declarations.
    #[error("{what} is declared twice: in {first} and in {second}")]
    Conflict {
        /// What is declared twice, e.g. "the namespace `todos`".
        what: String,
        /// Where it is first declared.
        first: String,
        /// Where it is declared again.
        second: String,
    },
    /// A folder given as input holds no schema.
    #[error("{}: no schema files (*.json) in this folder", path.display())]
    NoSchemaInFolder {
        /// The folder.
        path: PathBuf,
    },
    /// Neither inputs nor a configuration file were given.
    #[error(
        "no schema to read: pass schema files or folders (ipc-codegen generate schemas/ --out src/generated), \
         pass --manifest-path path/to/Cargo.toml, or create ipc-codegen.toml with \
         `schemas = [\"schemas/app.json\"]` and `out = \"src/generated\"`"
    )]
    NoInputs,
    /// `generate --watch` could not watch its inputs.
    #[error("cannot watch {} for changes: {message}", path.display())]
    Watch {
        /// The path that could not be watched.
        path: PathBuf,
        /// What the file watcher said.
        message: String,
    },
    /// No output folder was given.
    #[error("no output folder: pass --out DIR or set `out` in ipc-codegen.toml")]
    NoOutDir,
    /// The output path exists and is not a folder.
    #[error("--out {} is a file, not a folder", path.display())]
    OutIsFile {
        /// The path.
        path: PathBuf,
    },
    /// A file in the output folder was not written by `ipc-codegen`.
    #[error("refusing to overwrite {}: it was not generated by ipc-codegen", path.display())]
    ForeignFile {
        /// The file.
        path: PathBuf,
    },
    /// The configuration file is invalid.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Running the crate's schema export failed.
    #[error(
        "exporting the schema of {} failed: `{command}` {status}\n{output}",
        manifest.display()
    )]
    Export {
        /// The `Cargo.toml`.
        manifest: PathBuf,
        /// The command that was run.
        command: String,
        /// How it ended.
        status: String,
        /// The tail of its output.
        output: String,
    },
    /// Building the Node-API addon failed.
    #[error("build-addon: {0}")]
    Addon(String),
}

/// `file:line:column: message` for a parse error, as compilers write it, so
/// that editors and terminals can jump to it; `file: message` otherwise.
fn located(path: &Path, error: &ReadError) -> String {
    match error {
        ReadError::Invalid {
            line,
            column,
            path: json_path,
            message,
        } if *line > 0 => format!(
            "{}:{line}:{column}: invalid schema at `{json_path}`: {message}",
            path.display()
        ),
        other => format!("{}: {other}", path.display()),
    }
}
