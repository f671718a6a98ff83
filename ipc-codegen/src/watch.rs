//! `ipc-codegen generate --watch`: generate, then again whenever the
//! inputs change, until the process is stopped.
//!
//! With `--manifest-path` the inputs are the crate's Rust sources: every
//! `.rs` file and `Cargo.toml` under the manifest's folder, except build
//! output (`target/`) and the output folder. With schema files they are
//! those files, or the `.json` files of the folders given. Changes are
//! debounced (an editor's save, or a `git checkout`, is one run). A failed
//! run (a compile error, a bad schema) prints its error and the watch goes
//! on; it writes nothing, since `generate` renders every file before it
//! writes one.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::{Config, Error};

/// How long the sources must stay quiet before a run starts.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// What is watched, and which changed paths count.
#[derive(Debug)]
struct Inputs {
    /// Folders watched recursively, and files watched through their folder.
    roots: Vec<(PathBuf, RecursiveMode)>,
    /// Rust sources (manifest mode) or schema files.
    rust: bool,
    /// Schema files named one by one.
    files: Vec<PathBuf>,
    /// Folders of schema files.
    dirs: Vec<PathBuf>,
    /// The output folder, whose changes are ours.
    out: Option<PathBuf>,
}

impl Inputs {
    fn of(config: &Config) -> Inputs {
        let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let out = config.out_dir.as_deref().map(absolute);
        if let Some(manifest) = &config.manifest_path {
            let dir = absolute(manifest)
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_owned);
            return Inputs {
                roots: vec![(dir, RecursiveMode::Recursive)],
                rust: true,
                files: Vec::new(),
                dirs: Vec::new(),
                out,
            };
        }
        let mut roots = Vec::new();
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        for schema in config.schemas.iter().map(|s| absolute(s)) {
            if schema.is_dir() {
                roots.push((schema.clone(), RecursiveMode::NonRecursive));
                dirs.push(schema);
            } else {
                // Through its folder: an editor that saves by renaming
                // replaces the file a watch on the file itself would follow.
                let dir = schema
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_owned);
                roots.push((dir, RecursiveMode::NonRecursive));
                files.push(schema);
            }
        }
        roots.sort();
        roots.dedup();
        Inputs {
            roots,
            rust: false,
            files,
            dirs,
            out,
        }
    }

    /// Whether a change of `path` calls for a run.
    fn concerns(&self, path: &Path) -> bool {
        if self.out.as_deref().is_some_and(|out| path.starts_with(out)) {
            return false;
        }
        if self.rust {
            // Build output inside the crate: its `target/` folder (the crate
            // itself may sit under some other `target/`).
            let inside = self
                .roots
                .iter()
                .find_map(|(root, _)| path.strip_prefix(root).ok())
                .unwrap_or(path);
            let in_target = inside
                .components()
                .any(|c| c == Component::Normal("target".as_ref()));
            let source = path.extension().is_some_and(|e| e == "rs")
                || path.file_name().is_some_and(|n| n == "Cargo.toml");
            return source && !in_target;
        }
        let in_dir = path
            .parent()
            .is_some_and(|parent| self.dirs.iter().any(|dir| dir == parent));
        self.files.iter().any(|file| file == path)
            || (in_dir && path.extension().is_some_and(|e| e == "json"))
    }
}

/// What a file looked like: its modification time and length, or `None`
/// when it does not exist.
type Fingerprint = Option<(SystemTime, u64)>;

fn fingerprint(path: &Path) -> Fingerprint {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

impl Inputs {
    /// The fingerprint of every input file now. The OS also reports files
    /// being opened (cargo reads the sources it builds); only a changed
    /// fingerprint counts as a change.
    fn fingerprints(&self) -> HashMap<PathBuf, Fingerprint> {
        let mut found = HashMap::new();
        for (root, mode) in &self.roots {
            self.walk(root, *mode == RecursiveMode::Recursive, &mut found);
        }
        found
    }

    fn walk(&self, dir: &Path, recursive: bool, found: &mut HashMap<PathBuf, Fingerprint>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                let skipped = path.file_name().is_some_and(|n| {
                    n == "target" || n == "node_modules" || n.to_string_lossy().starts_with('.')
                });
                if recursive && !skipped && self.out.as_deref() != Some(path.as_path()) {
                    self.walk(&path, recursive, found);
                }
            } else if self.concerns(&path) {
                found.insert(path.clone(), fingerprint(&path));
            }
        }
    }
}

/// Generates, then watches the inputs and generates again on every change.
/// Returns only when the watch cannot be set up.
pub(crate) fn watch(config: &Config, out: &mut dyn Write) -> Result<(), Error> {
    let inputs = Inputs::of(config);
    let mut known = inputs.fingerprints();
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, sender).map_err(|error| Error::Watch {
        path: PathBuf::from("."),
        message: error.to_string(),
    })?;
    for (root, mode) in &inputs.roots {
        debouncer
            .watcher()
            .watch(root, *mode)
            .map_err(|error| Error::Watch {
                path: root.clone(),
                message: error.to_string(),
            })?;
    }
    let watched: Vec<String> = inputs
        .roots
        .iter()
        .map(|(root, _)| root.display().to_string())
        .collect();
    run_once(config, out);
    let what = if inputs.rust {
        "the crate's Rust sources"
    } else {
        "the schemas"
    };
    let _ = writeln!(
        out,
        "ipc-codegen: watching {what} in {} (stop with Ctrl-C)",
        watched.join(", ")
    );
    let _ = out.flush();
    for result in events {
        match result {
            Ok(events) => {
                let mut changed: Vec<&Path> = Vec::new();
                for path in events.iter().map(|event| event.path.as_path()) {
                    if !inputs.concerns(path) {
                        continue;
                    }
                    let now = fingerprint(path);
                    if known.get(path) != Some(&now) {
                        known.insert(path.to_owned(), now);
                        changed.push(path);
                    }
                }
                if changed.is_empty() {
                    continue;
                }
                changed.sort();
                changed.dedup();
                let shown: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
                let _ = writeln!(out, "ipc-codegen: changed: {}", shown.join(", "));
                run_once(config, out);
            }
            Err(error) => {
                let _ = writeln!(out, "ipc-codegen: the watch reported an error: {error}");
            }
        }
        let _ = out.flush();
    }
    Ok(())
}

/// One run of `generate`: its report, or its error, after which the watch goes on.
fn run_once(config: &Config, out: &mut dyn Write) {
    match config.generate() {
        Ok(report) => crate::cli::print_generated(&report, out),
        Err(error) => {
            let _ = writeln!(out, "error: {error}");
            let _ = writeln!(
                out,
                "ipc-codegen: nothing was written; watching for the next change"
            );
        }
    }
    let _ = out.flush();
}
