//! Writing schema files, or checking that they are up to date.

use std::path::{Path, PathBuf};
use std::{env, fs, io};

use super::Schema;

/// Whether [`export`] writes the schema file or only checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportMode {
    /// Write the file when its content changed.
    Write,
    /// Fail when the file is missing or differs.
    Check,
}

impl ExportMode {
    /// `IPC_SCHEMA_MODE` (`write` or `check`) when set; otherwise `Check`
    /// when `CI` is set (so CI notices a stale checked-in schema), else `Write`.
    pub fn from_env() -> Result<ExportMode, ExportError> {
        match env::var("IPC_SCHEMA_MODE").as_deref() {
            Ok("write") => Ok(ExportMode::Write),
            Ok("check") => Ok(ExportMode::Check),
            Ok(other) => Err(ExportError::BadMode(other.to_owned())),
            Err(_) if env::var_os("CI").is_some_and(|v| !v.is_empty()) => Ok(ExportMode::Check),
            Err(_) => Ok(ExportMode::Write),
        }
    }
}

/// Why [`export`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The file could not be read or written.
    #[error("cannot write the schema to {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Check mode found a missing or different file.
    #[error(
        "the schema {} is out of date with the Rust code; regenerate it with \
         `IPC_SCHEMA_MODE=write cargo test ipc_schema` and commit the result",
        path.display()
    )]
    Stale {
        /// The file.
        path: PathBuf,
    },
    /// `IPC_SCHEMA_MODE` holds something else than `write` or `check`.
    #[error("IPC_SCHEMA_MODE must be `write` or `check`, not `{0}`")]
    BadMode(String),
}

/// Writes `schema` to `<dir>/<app>.json`, or checks it (see [`ExportMode::from_env`]).
///
/// `IPC_SCHEMA_DIR`, when set, replaces `dir`: this is how `ipc-codegen
/// generate --manifest-path` collects the schemas of a crate. The file is
/// written only when its content changed. Returns the file's path.
pub fn export(schema: &Schema, dir: impl AsRef<Path>) -> Result<PathBuf, ExportError> {
    let dir = env::var_os("IPC_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.as_ref().to_path_buf());
    export_to(schema, &dir, ExportMode::from_env()?)
}

/// [`export`] with an explicit folder and mode, ignoring the environment.
pub fn export_to(schema: &Schema, dir: &Path, mode: ExportMode) -> Result<PathBuf, ExportError> {
    let path = dir.join(format!("{}.json", schema.app));
    let text = schema.to_json();
    let current = match fs::read_to_string(&path) {
        Ok(current) => Some(current),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => return Err(ExportError::Io { path, source }),
    };
    if current.as_deref() == Some(text.as_str()) {
        return Ok(path);
    }
    match mode {
        ExportMode::Check => Err(ExportError::Stale { path }),
        ExportMode::Write => {
            let io_error = |source| ExportError::Io {
                path: path.clone(),
                source,
            };
            fs::create_dir_all(dir).map_err(io_error)?;
            fs::write(&path, text).map_err(io_error)?;
            Ok(path)
        }
    }
}
