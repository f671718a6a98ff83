//! Writes the synthetic schema of the code generation benchmark
//! (1,000 channels, 500 types) to `<dir>/bench-app.json`.
//!
//!     cargo run --release -p ipc-benches --bin bench-schema -- <dir>

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench-schema <dir>");
        return ExitCode::FAILURE;
    };
    let schema = ipc_benches::schema::large();
    let path = dir.join(format!("{}.json", schema.app));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, schema.to_json())) {
        Ok(()) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bench-schema: cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
