//! Reading schema documents: files, folders, or a crate's schema export.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use electron_ipc::schema::{Schema, FORMAT_VERSION};

use crate::Error;

/// One schema document and the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct SchemaFile {
    /// Where it was read from (for messages).
    pub(crate) path: PathBuf,
    /// The document.
    pub(crate) schema: Schema,
}

/// Reads every input: a schema file, or a folder of `*.json` schemas (the
/// JSON-Schema files `format-v*.schema.json` beside them are skipped).
pub(crate) fn read_inputs(inputs: &[PathBuf]) -> Result<Vec<SchemaFile>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        let metadata = fs::metadata(input).map_err(|source| Error::Read {
            path: input.clone(),
            source,
        })?;
        if metadata.is_dir() {
            let found = schema_files_in(input)?;
            if found.is_empty() {
                return Err(Error::NoSchemaInFolder {
                    path: input.clone(),
                });
            }
            for path in found {
                files.push(read_schema(&path)?);
            }
        } else {
            files.push(read_schema(input)?);
        }
    }
    Ok(files)
}

/// The schema files of a folder, sorted by name.
fn schema_files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let read_error = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let is_format_description = name.starts_with("format-v") && name.ends_with(".schema.json");
        if name.ends_with(".json") && !is_format_description && path.is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Reads one schema document: its `format` first, so that a document from
/// another version fails with advice rather than a parse error, then the
/// whole document, then its hash.
pub(crate) fn read_schema(path: &Path) -> Result<SchemaFile, Error> {
    let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    check_format(path, &text)?;

    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let schema: Schema = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let json_path = error.path().to_string();
        invalid(path, error.inner(), json_path)
    })?;
    deserializer
        .end()
        .map_err(|error| invalid(path, &error, ".".to_owned()))?;

    let actual = schema.content_hash();
    if schema.hash != actual {
        return Err(Error::HashMismatch {
            path: path.to_path_buf(),
            recorded: schema.hash,
            actual,
        });
    }
    Ok(SchemaFile {
        path: path.to_path_buf(),
        schema,
    })
}

fn check_format(path: &Path, text: &str) -> Result<(), Error> {
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    let head: Head =
        serde_json::from_str(text).map_err(|error| invalid(path, &error, ".".to_owned()))?;
    match head.format {
        Some(serde_json::Value::Number(found)) => {
            if found.as_u64() == Some(u64::from(FORMAT_VERSION)) {
                Ok(())
            } else {
                Err(Error::UnsupportedFormat {
                    path: path.to_path_buf(),
                    found: found.to_string(),
                    supported: FORMAT_VERSION,
                })
            }
        }
        _ => Err(Error::MissingFormat {
            path: path.to_path_buf(),
        }),
    }
}

fn invalid(path: &Path, error: &serde_json::Error, json_path: String) -> Error {
    // serde_json appends " at line L column C"; the location is already in
    // the message's prefix.
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    Error::InvalidSchema {
        path: path.to_path_buf(),
        line: error.line(),
        column: error.column(),
        json_path,
        message,
    }
}

/// Runs the schema export of the crate at `manifest` (its `ipc_schema`
/// test) into `dir`, and returns the schema files it wrote.
pub(crate) fn export_crate(manifest: &Path, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg("test")
        .arg("--manifest-path")
        .arg(manifest)
        .arg("ipc_schema")
        .env("IPC_SCHEMA_DIR", dir)
        .env("IPC_SCHEMA_MODE", "write");
    let shown = format!(
        "IPC_SCHEMA_DIR={} IPC_SCHEMA_MODE=write {} test --manifest-path {} ipc_schema",
        dir.display(),
        cargo.to_string_lossy(),
        manifest.display()
    );
    let export_error = |status: String, output: String| Error::Export {
        manifest: manifest.to_path_buf(),
        command: shown.clone(),
        status,
        output,
    };
    let output = command
        .output()
        .map_err(|e| export_error(format!("could not start: {e}"), String::new()))?;
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        return Err(export_error(
            format!("failed ({})", output.status),
            tail(&text, 40),
        ));
    }
    let found = schema_files_in(dir)?;
    if found.is_empty() {
        return Err(export_error(
            "succeeded but wrote no schema".to_owned(),
            "add a test named `ipc_schema` that calls `electron_ipc::schema::export(&schema, ...)`"
                .to_owned(),
        ));
    }
    Ok(found)
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
