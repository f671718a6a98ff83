//! Generates what an Electron app needs from the schemas of its
//! `#[service]` traits:
//!
//! - `preload.js`: the sandbox-safe preload, one function per channel;
//! - `ipc-api.cjs` / `ipc-api.mjs` (+ `.d.cts` / `.d.mts`): the same API as a
//!   module, for preloads built by a bundler;
//! - `ipc.d.ts`: TypeScript declarations of `window.<namespace>`, the Rust
//!   types and the typed errors;
//! - `main.cjs` / `main.mjs` (+ `main.d.cts` / `main.d.mts`): the main-process
//!   glue, the schema's channel table handed to `main-runtime.cjs`, the
//!   runtime that serves the channels with sender checks (written once, in
//!   `ipc-codegen/runtime/`, and copied into every output folder).
//!
//! The command line (`ipc-codegen generate`, `ipc-codegen check`) is a thin
//! layer over [`Config`]:
//!
//! ```no_run
//! let report = electron_ipc_codegen::Config::new()
//!     .schema("schemas/todo-app.json")
//!     .out_dir("src/generated")
//!     .generate()?;
//! println!("{} files written", report.written.len());
//! # Ok::<(), electron_ipc_codegen::Error>(())
//! ```

mod addon;
mod cli;
mod emit;
mod error;
mod input;
mod model;
mod output;
mod pretty;
mod typescript;
mod watch;
mod writer;

use std::path::{Path, PathBuf};

use electron_ipc_schema::Schema;

pub use addon::AddonBuild;
pub use cli::{main_with, run, AddonArgs, Cli, Command, GenerateArgs, InputArgs, CONFIG_FILE};
pub use error::Error;
pub use output::{CheckReport, GenerateReport, StaleFile};

/// One generated file: its name in the output folder and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name, e.g. `preload.js`.
    pub name: String,
    /// The whole file.
    pub contents: String,
}

/// What to generate from, and where to.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Config {
    schemas: Vec<PathBuf>,
    manifest_path: Option<PathBuf>,
    out_dir: Option<PathBuf>,
}

impl Config {
    /// An empty configuration: add schemas and an output folder.
    pub fn new() -> Self {
        Config::default()
    }

    /// Adds a schema file, or a folder of schema files.
    pub fn schema(mut self, path: impl Into<PathBuf>) -> Self {
        self.schemas.push(path.into());
        self
    }

    /// Reads the schemas of a crate by running its `ipc_schema` test with
    /// `IPC_SCHEMA_DIR` pointing at a temporary folder.
    pub fn manifest_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.manifest_path = Some(path.into());
        self
    }

    /// The folder of the generated files.
    pub fn out_dir(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(path.into());
        self
    }

    /// The generated files, in memory.
    pub fn render(&self) -> Result<Vec<GeneratedFile>, Error> {
        let mut inputs = self.schemas.clone();
        // Held until the schemas are read: dropping it deletes the folder.
        let export_dir;
        if let Some(manifest) = &self.manifest_path {
            export_dir = tempfile::tempdir().map_err(|source| Error::Write {
                path: std::env::temp_dir(),
                source,
            })?;
            inputs.extend(input::export_crate(manifest, export_dir.path())?);
        }
        if inputs.is_empty() {
            return Err(Error::NoInputs);
        }
        let files = input::read_inputs(&inputs)?;
        render_checking_hashes(&files)
    }

    /// Writes the files whose content changed into the output folder.
    pub fn generate(&self) -> Result<GenerateReport, Error> {
        let out = self.out()?;
        let (files, ahead) = self.render_reading_ahead(out)?;
        output::write(out, &files, ahead)
    }

    /// Compares the output folder with what [`Config::generate`] would write.
    pub fn check(&self) -> Result<CheckReport, Error> {
        let out = self.out()?;
        let (files, ahead) = self.render_reading_ahead(out)?;
        output::check(out, &files, ahead)
    }

    /// [`Config::render`], while the files now in `out` are read on another
    /// thread (reading the schema leaves a core free).
    fn render_reading_ahead(
        &self,
        out: &Path,
    ) -> Result<(Vec<GeneratedFile>, output::ReadAhead), Error> {
        std::thread::scope(|scope| {
            let ahead = std::thread::Builder::new()
                .spawn_scoped(scope, || output::read_ahead(out, emit::FILE_NAMES));
            let files = self.render()?;
            let ahead = match ahead {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // The files are read when they are compared.
                Err(_) => output::ReadAhead::default(),
            };
            Ok((files, ahead))
        })
    }

    /// The output folder, once inputs are known to exist (a missing input
    /// is the more useful message).
    fn out(&self) -> Result<&Path, Error> {
        if self.schemas.is_empty() && self.manifest_path.is_none() {
            return Err(Error::NoInputs);
        }
        self.out_dir.as_deref().ok_or(Error::NoOutDir)
    }
}

/// The generated files for schemas already in memory (no hash check: the
/// schemas come from Rust, not from files someone could edit).
pub fn render_schemas(schemas: &[Schema]) -> Result<Vec<GeneratedFile>, Error> {
    let files: Vec<input::SchemaFile> = schemas
        .iter()
        .map(|schema| input::SchemaFile {
            path: PathBuf::from(format!("<schema {}>", schema.app)),
            schema: schema.clone(),
        })
        .collect();
    let model = model::Model::build(&files)?;
    Ok(emit::render(&model))
}

/// The generated files for schemas read from files, whose hashes are
/// checked on a thread of their own while the model is built and the files
/// are written: hashing a large schema again takes about as long as reading
/// it. A hash that does not match is the error, whatever else fails.
fn render_checking_hashes(files: &[input::SchemaFile]) -> Result<Vec<GeneratedFile>, Error> {
    let (hashes, rendered) = std::thread::scope(|scope| {
        let hashes = std::thread::Builder::new().spawn_scoped(scope, || input::check_hashes(files));
        let rendered = model::Model::build(files).map(|model| emit::render(&model));
        let hashes = match hashes {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the same check, afterwards.
            Err(_) => input::check_hashes(files),
        };
        (hashes, rendered)
    });
    hashes?;
    rendered
}
