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
    /// when `CI` says this is a CI run (so CI notices a stale checked-in
    /// schema), else `Write`.
    ///
    /// `CI` counts when it is set to anything but an empty string, `0` or
    /// `false` (any case): CI services set `CI=true` or `CI=1`, and `CI=0` is
    /// how a person says "not CI".
    pub fn from_env() -> Result<ExportMode, ExportError> {
        match env::var("IPC_SCHEMA_MODE").as_deref() {
            Ok("write") => Ok(ExportMode::Write),
            Ok("check") => Ok(ExportMode::Check),
            Ok(other) => Err(ExportError::BadMode(other.to_owned())),
            Err(_) if env::var("CI").is_ok_and(|value| is_ci(&value)) => Ok(ExportMode::Check),
            Err(_) => Ok(ExportMode::Write),
        }
    }
}

/// Whether a value of `CI` marks a CI run.
fn is_ci(value: &str) -> bool {
    let value = value.trim();
    !(value.is_empty() || value == "0" || value.eq_ignore_ascii_case("false"))
}

/// Why [`export`] failed.
///
/// Its `Debug` is its message, so a schema test that ends in `.unwrap()`
/// (as the README's does) prints how to fix the problem rather than the
/// variant's fields.
#[derive(thiserror::Error)]
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

impl std::fmt::Debug for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Writes `schema` to `<dir>/<app>.json`, or checks it (see [`ExportMode::from_env`]).
///
/// In check mode a file that exists and differs is an error; a missing file
/// is written, because there is nothing checked in to be stale yet (the
/// first run of a new project, in CI or not).
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
        ExportMode::Check if current.is_some() => Err(ExportError::Stale { path }),
        ExportMode::Check | ExportMode::Write => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FORMAT_VERSION;

    fn schema(app: &str) -> Schema {
        let mut schema = Schema {
            format: FORMAT_VERSION,
            app: app.to_owned(),
            hash: String::new(),
            int64: Default::default(),
            services: Vec::new(),
            types: Vec::new(),
        };
        schema.hash = schema.content_hash();
        schema
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            env::temp_dir().join(format!("electron-ipc-export-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn ci_means_a_ci_run_only_when_it_says_so() {
        for value in ["true", "1", "yes", "TRUE", "woodpecker"] {
            assert!(is_ci(value), "CI={value}");
        }
        for value in ["", " ", "0", "false", "False", "FALSE"] {
            assert!(!is_ci(value), "CI={value:?}");
        }
    }

    #[test]
    fn check_mode_writes_a_missing_schema_and_refuses_a_stale_one() {
        let dir = scratch("check");
        let path = export_to(&schema("app"), &dir, ExportMode::Check).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), schema("app").to_json());

        // The same schema again: up to date.
        export_to(&schema("app"), &dir, ExportMode::Check).unwrap();

        // A file that exists and differs is stale, and stays as it was.
        fs::write(&path, "{}\n").unwrap();
        let error = export_to(&schema("app"), &dir, ExportMode::Check).unwrap_err();
        assert!(matches!(error, ExportError::Stale { .. }), "{error}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_is_the_message_so_unwrap_says_how_to_fix_it() {
        let error = ExportError::Stale {
            path: PathBuf::from("schemas/app.json"),
        };
        let debug = format!("{error:?}");
        assert_eq!(debug, error.to_string());
        assert!(
            debug.contains("IPC_SCHEMA_MODE=write cargo test ipc_schema"),
            "{debug}"
        );
    }

    #[test]
    fn schema_errors_unwrap_with_their_advice_too() {
        let error = crate::schema::SchemaError::DuplicateTypeName {
            name: "Item".to_owned(),
        };
        let debug = format!("{error:?}");
        assert_eq!(debug, error.to_string());
        assert!(debug.contains("#[ts(rename"), "{debug}");
    }
}
