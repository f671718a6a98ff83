//! The command line: clap arguments, `ipc-codegen.toml`, and the run
//! function that `main.rs` calls.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::{Config, Error};

/// Name of the configuration file read from the current folder.
pub const CONFIG_FILE: &str = "ipc-codegen.toml";

const EXAMPLES: &str = "\
Examples:
  ipc-codegen generate schemas/todo-app.json --out src/generated
  ipc-codegen generate schemas/ --out src/generated
  ipc-codegen generate --manifest-path core/Cargo.toml --out src/generated
  ipc-codegen generate --watch --manifest-path core/Cargo.toml --out src/generated
  ipc-codegen check schemas/ --out src/generated      # in CI: fails with a diff when stale
  ipc-codegen generate                                # reads ipc-codegen.toml
  ipc-codegen build-addon --manifest-path core/Cargo.toml --release --out app/core.node

ipc-codegen.toml (paths are relative to it; flags override it):
  schemas = [\"schemas/todo-app.json\"]   # or: manifest_path = \"core/Cargo.toml\"
  out = \"src/generated\"

Exit status: 0 on success, 1 on an error or when `check` finds stale files.";

/// Generates the preload, TypeScript declarations and main-process glue of
/// typed Electron IPC from ipc-runtime schemas.
#[derive(Debug, Parser)]
#[command(name = "ipc-codegen", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the generated files (only those whose content changed).
    #[command(after_help = EXAMPLES)]
    Generate(GenerateArgs),
    /// Compare the files on disk with what `generate` would write; exit 1 with
    /// a diff when they differ.
    #[command(after_help = EXAMPLES)]
    Check(InputArgs),
    /// Build the app's Rust crate (a cdylib calling `electron_ipc::node_addon!`)
    /// and copy the library to the `.node` file Electron's main process loads.
    #[command(after_help = EXAMPLES)]
    BuildAddon(AddonArgs),
}

/// What `build-addon` builds.
#[derive(Debug, Clone, Args)]
pub struct AddonArgs {
    /// `Cargo.toml` of the crate or of its workspace [default: ./Cargo.toml].
    #[arg(long, value_name = "CARGO_TOML")]
    pub manifest_path: Option<PathBuf>,
    /// The package to build, in a workspace.
    #[arg(long, short, value_name = "NAME")]
    pub package: Option<String>,
    /// Build with optimizations.
    #[arg(long)]
    pub release: bool,
    /// The `.node` file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
}

/// What `generate` reads and writes, and whether it keeps watching.
#[derive(Debug, Clone, Default, Args)]
pub struct GenerateArgs {
    /// Where the schemas come from and where the files go.
    #[command(flatten)]
    pub input: InputArgs,
    /// Keep running: generate again whenever the inputs change (with
    /// --manifest-path, the crate's .rs files and Cargo.toml, re-exporting
    /// the schema; otherwise the schema files). Changes are debounced; a
    /// failed run prints its error, writes nothing, and the watch goes on.
    /// Stop it with Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Where the schemas come from and where the files go.
#[derive(Debug, Clone, Default, Args)]
pub struct InputArgs {
    /// Schema files, or folders of schema files (*.json).
    #[arg(value_name = "SCHEMA_FILE_OR_DIR")]
    pub schemas: Vec<PathBuf>,
    /// Export the schemas of this crate first, by running its `ipc_schema` test.
    #[arg(long, value_name = "CARGO_TOML", conflicts_with = "schemas")]
    pub manifest_path: Option<PathBuf>,
    /// Folder of the generated files.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Configuration file [default: ./ipc-codegen.toml, when it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The keys of `ipc-codegen.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    schemas: Option<Vec<PathBuf>>,
    manifest_path: Option<PathBuf>,
    out: Option<PathBuf>,
}

impl InputArgs {
    /// The configuration these arguments describe, completed by the
    /// configuration file: flags win over the file.
    pub fn to_config(&self) -> Result<Config, Error> {
        let file = match &self.config {
            Some(path) => Some((path.clone(), read_config(path)?)),
            None => {
                let path = PathBuf::from(CONFIG_FILE);
                if path.is_file() {
                    Some((path.clone(), read_config(&path)?))
                } else {
                    None
                }
            }
        };
        let mut config = Config::new();
        let from_file = |path: &Path, relative: &Path| -> PathBuf {
            match path.parent() {
                Some(dir) if relative.is_relative() => dir.join(relative),
                _ => relative.to_path_buf(),
            }
        };
        if !self.schemas.is_empty() || self.manifest_path.is_some() {
            for schema in &self.schemas {
                config = config.schema(schema);
            }
            if let Some(manifest) = &self.manifest_path {
                config = config.manifest_path(manifest);
            }
        } else if let Some((path, file)) = &file {
            if file.schemas.is_some() && file.manifest_path.is_some() {
                return Err(Error::Config {
                    path: path.clone(),
                    message: "set either `schemas` or `manifest_path`, not both".to_owned(),
                });
            }
            for schema in file.schemas.iter().flatten() {
                config = config.schema(from_file(path, schema));
            }
            if let Some(manifest) = &file.manifest_path {
                config = config.manifest_path(from_file(path, manifest));
            }
        }
        if let Some(out) = &self.out {
            config = config.out_dir(out);
        } else if let Some((path, FileConfig { out: Some(out), .. })) = &file {
            config = config.out_dir(from_file(path, out));
        }
        Ok(config)
    }
}

fn read_config(path: &Path) -> Result<FileConfig, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|error| Error::Config {
        path: path.to_path_buf(),
        message: error.message().to_owned(),
    })
}

/// Runs a parsed command line, printing progress to `out`. `Ok(false)`
/// means `check` found stale files.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<bool, Error> {
    // Output is best effort: a closed stdout must not turn success into failure.
    match &cli.command {
        Command::Generate(args) => {
            let config = args.input.to_config()?;
            if args.watch {
                crate::watch::watch(&config, out)?;
                return Ok(true);
            }
            let report = config.generate()?;
            print_generated(&report, out);
            Ok(true)
        }
        Command::BuildAddon(args) => {
            let out_path = crate::AddonBuild {
                manifest_path: args.manifest_path.clone(),
                package: args.package.clone(),
                release: args.release,
                out: args.out.clone(),
            }
            .run()?;
            let profile = if args.release { "release" } else { "debug" };
            let _ = writeln!(out, "ipc-codegen: wrote {} ({profile})", out_path.display());
            Ok(true)
        }
        Command::Check(args) => {
            let report = args.to_config()?.check()?;
            if report.is_up_to_date() {
                let _ = writeln!(
                    out,
                    "ipc-codegen: {} generated file(s) are up to date",
                    report.checked.len()
                );
                return Ok(true);
            }
            for stale in &report.stale {
                let _ = write!(out, "{}", stale.diff);
            }
            let _ = writeln!(
                out,
                "ipc-codegen: {} generated file(s) are out of date; run `ipc-codegen generate` with the same arguments",
                report.stale.len()
            );
            Ok(false)
        }
    }
}

/// What `generate` prints: the counts, then every file, so the user sees
/// what the tool owns, not only what moved.
pub(crate) fn print_generated(report: &crate::GenerateReport, out: &mut dyn Write) {
    let _ = writeln!(
        out,
        "ipc-codegen: {} file(s) written, {} unchanged",
        report.written.len(),
        report.unchanged.len()
    );
    let mut files: Vec<_> = (report.written.iter().map(|p| (p, "wrote")))
        .chain(report.unchanged.iter().map(|p| (p, "unchanged")))
        .chain(report.removed.iter().map(|p| (p, "removed")))
        .collect();
    files.sort();
    for (path, status) in files {
        let _ = writeln!(out, "  {status:<9} {}", path.display());
    }
}

/// What `main` does: run, print `error: …` on failure, and pick the exit status.
pub fn main_with(cli: Cli) -> ExitCode {
    let stdout = std::io::stdout();
    match run(&cli, &mut stdout.lock()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
