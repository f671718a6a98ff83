//! `ipc-codegen build-addon`: builds an app's Rust crate as the Node-API
//! addon that the main glue loads.
//!
//! A `.node` file is the platform's shared library under another name, so
//! this is `cargo build` followed by a copy. Cargo's JSON messages name the
//! library it wrote, so nothing here guesses `lib<name>.so` versus
//! `<name>.dll`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Error;

/// What to build, and where the `.node` file goes.
#[derive(Debug, Clone)]
pub struct AddonBuild {
    /// `Cargo.toml` of the crate, or of the workspace holding it.
    pub manifest_path: Option<PathBuf>,
    /// The package to build, when the manifest is a workspace.
    pub package: Option<String>,
    /// Build with `--release`.
    pub release: bool,
    /// The `.node` file to write.
    pub out: PathBuf,
}

/// A cdylib cargo reported, from one `compiler-artifact` message.
#[derive(serde::Deserialize)]
struct Artifact {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
}

#[derive(serde::Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

impl AddonBuild {
    /// Runs cargo, copies the library to `out`, and returns its path.
    pub fn run(&self) -> Result<PathBuf, Error> {
        if self.out.extension().and_then(|e| e.to_str()) != Some("node") {
            return Err(Error::Addon(format!(
                "--out {} must end in `.node`: Node loads native addons by that extension",
                self.out.display()
            )));
        }
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command.args(["build", "--message-format=json-render-diagnostics"]);
        if let Some(manifest) = &self.manifest_path {
            command.arg("--manifest-path").arg(manifest);
        }
        if let Some(package) = &self.package {
            command.args(["--package", package]);
        }
        if self.release {
            command.arg("--release");
        }
        let shown = format!("{command:?}");
        // Diagnostics go to the user's terminal as cargo renders them; the
        // JSON messages on stdout are ours to read.
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error::Addon(format!("cannot run cargo: {e}")))?;
        let mut libraries = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                let line =
                    line.map_err(|e| Error::Addon(format!("reading cargo's output: {e}")))?;
                libraries.extend(cdylibs(&line));
            }
        }
        let status = child
            .wait()
            .map_err(|e| Error::Addon(format!("waiting for cargo: {e}")))?;
        if !status.success() {
            return Err(Error::Addon(format!("{shown} failed ({status})")));
        }
        let library = match libraries.as_slice() {
            [one] => one,
            [] => {
                return Err(Error::Addon(
                    "cargo built no cdylib: add `crate-type = [\"cdylib\", \"rlib\"]` to the \
                     `[lib]` section of the crate that calls `electron_ipc::node_addon!`"
                        .to_owned(),
                ))
            }
            several => {
                let names: Vec<_> = several.iter().map(|(name, _)| name.as_str()).collect();
                return Err(Error::Addon(format!(
                    "cargo built several cdylibs ({}): pick one with --package",
                    names.join(", ")
                )));
            }
        };
        copy(&library.1, &self.out)?;
        Ok(self.out.clone())
    }
}

/// The `(target name, library path)` of a cdylib in one line of cargo's JSON.
fn cdylibs(line: &str) -> Option<(String, PathBuf)> {
    let artifact: Artifact = serde_json::from_str(line).ok()?;
    let target = artifact.target?;
    if artifact.reason != "compiler-artifact" || !target.kind.iter().any(|k| k == "cdylib") {
        return None;
    }
    // A cdylib's files are the library and, on some platforms, an import
    // library or debug info beside it: the library has the platform's suffix.
    let library = artifact.filenames.into_iter().find(|file| {
        let name = file.to_string_lossy();
        name.ends_with(std::env::consts::DLL_SUFFIX)
    })?;
    Some((target.name, library))
}

fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    // Copy to a temporary name, then rename: a running Electron that has the
    // old addon loaded keeps its mapping, and never sees a half-written file.
    let partial = to.with_extension("node.partial");
    std::fs::copy(from, &partial).map_err(|source| Error::Write {
        path: partial.clone(),
        source,
    })?;
    std::fs::rename(&partial, to).map_err(|source| Error::Write {
        path: to.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cdylib_from_cargos_messages() {
        let suffix = std::env::consts::DLL_SUFFIX;
        let line = format!(
            r#"{{"reason":"compiler-artifact","target":{{"name":"core","kind":["cdylib","rlib"]}},"filenames":["/t/libcore.rlib","/t/libcore{suffix}"]}}"#
        );
        let (name, path) = cdylibs(&line).expect("a cdylib");
        assert_eq!(name, "core");
        assert_eq!(path, PathBuf::from(format!("/t/libcore{suffix}")));
    }

    #[test]
    fn ignores_other_messages_and_libraries() {
        let rlib = r#"{"reason":"compiler-artifact","target":{"name":"serde","kind":["lib"]},"filenames":["/t/libserde.rlib"]}"#;
        assert!(cdylibs(rlib).is_none());
        let done = r#"{"reason":"build-finished","success":true}"#;
        assert!(cdylibs(done).is_none());
        assert!(cdylibs("not json").is_none());
    }

    #[test]
    fn refuses_an_output_without_the_node_extension() {
        let build = AddonBuild {
            manifest_path: None,
            package: None,
            release: false,
            out: PathBuf::from("core.so"),
        };
        let error = build.run().unwrap_err().to_string();
        assert!(error.contains("must end in `.node`"), "{error}");
    }
}
