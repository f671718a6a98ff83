//! Writes a synthetic schema of the code generation benchmark to
//! `<dir>/bench-app.json`: by default the benchmark's (1,000 channels, 500
//! types), or `services` × `channels` channels and `types` types.
//!
//!     cargo run --release -p ipc-benches --bin bench-schema -- <dir> [services channels types]
//!
//! For instance `… -- /tmp/big 100 100 5000` writes 10,000 channels and 5,000
//! types, ten times the benchmark's schema in every dimension.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!("usage: bench-schema <dir> [services channels-per-service types]");
        ExitCode::FAILURE
    };
    let Some(dir) = args.first().map(PathBuf::from) else {
        return usage();
    };
    let schema = match &args[1..] {
        [] => ipc_benches::schema::large(),
        [services, channels, types] => {
            let (Ok(services), Ok(channels), Ok(types)) = (
                services.parse::<usize>(),
                channels.parse::<usize>(),
                types.parse::<usize>(),
            ) else {
                return usage();
            };
            ipc_benches::schema::synthetic(services, channels, types)
        }
        _ => return usage(),
    };
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
