//! Reading schema documents: files, folders, or a crate's schema export.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use electron_ipc_schema::Schema;

use crate::Error;

/// One schema document and the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct SchemaFile {
    /// Where it was read from (for messages).
    pub(crate) path: PathBuf,
    /// The document.
    pub(crate) schema: Schema,
}

/// Reads every input: a schema file, or a folder of `*.json` schemas. Their
/// hashes are not checked yet: [`check_hashes`] does, and can run on another
/// thread meanwhile. On an error, the hashes of the files read before the
/// failing one are checked first, so the first error is the one reading the
/// files one after the other with [`Schema::from_json`] finds.
pub(crate) fn read_inputs(inputs: &[PathBuf]) -> Result<Vec<SchemaFile>, Error> {
    let mut files = Vec::new();
    match read_unhashed(inputs, &mut files) {
        Ok(()) => Ok(files),
        Err(error) => {
            check_hashes(&files)?;
            Err(error)
        }
    }
}

/// Refuses the first file whose `hash` does not match its content (a hand
/// edit), in the order the files were read.
pub(crate) fn check_hashes(files: &[SchemaFile]) -> Result<(), Error> {
    for file in files {
        file.schema.check_hash().map_err(|source| Error::Schema {
            path: file.path.clone(),
            source,
        })?;
    }
    Ok(())
}

/// Reads every input into `files`, without checking hashes.
fn read_unhashed(inputs: &[PathBuf], files: &mut Vec<SchemaFile>) -> Result<(), Error> {
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
    Ok(())
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
        if name.ends_with(".json") && path.is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Reads one schema file with the contract's reader (format version first,
/// then the document), all but its hash ([`check_hashes`]).
fn read_schema(path: &Path) -> Result<SchemaFile, Error> {
    let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let schema = Schema::from_json_unhashed(&text).map_err(|source| Error::Schema {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(SchemaFile {
        path: path.to_path_buf(),
        schema,
    })
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
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&stderr);
        return Err(export_error(
            format!("failed ({})", output.status),
            tail(&text, 40),
        ));
    }
    // The build succeeded, but its warnings are the user's business: ts-rs
    // warns there when it cannot read a serde attribute, which means a
    // declaration that may not match the values. Pass them on, without
    // cargo's progress lines.
    for line in diagnostics(&stderr) {
        eprintln!("{line}");
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

/// The compiler's diagnostics in cargo's stderr: each block that starts with
/// `warning` or `error` and runs to the next blank line, which is kept.
/// Cargo's progress lines (`Compiling`, `Finished`, `Running`) are left out.
fn diagnostics(stderr: &str) -> Vec<&str> {
    let mut shown = Vec::new();
    let mut in_block = false;
    for line in stderr.lines() {
        if line.starts_with("warning") || line.starts_with("error") {
            in_block = true;
        }
        if in_block {
            shown.push(line);
        }
        if line.trim().is_empty() {
            in_block = false;
        }
    }
    shown
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::diagnostics;

    #[test]
    fn diagnostics_keep_warnings_and_drop_progress() {
        let stderr = "   Compiling hello v0.1.0 (/x)\n\
                      warning: failed to parse serde attribute\n  |\n  | transparent\n  |\n  = note: ts-rs failed to parse this attribute. It will be ignored.\n\
                      \n\
                      \x20   Finished `test` profile [unoptimized] target(s) in 1.0s\n\
                      \x20    Running tests/ipc_schema.rs (target/debug/deps/ipc_schema-1)\n\
                      warning: `hello` (lib) generated 1 warning\n";
        assert_eq!(
            diagnostics(stderr),
            [
                "warning: failed to parse serde attribute",
                "  |",
                "  | transparent",
                "  |",
                "  = note: ts-rs failed to parse this attribute. It will be ignored.",
                "",
                "warning: `hello` (lib) generated 1 warning",
            ]
        );
    }
}
