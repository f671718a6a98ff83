//! The `ipc-codegen` command. Everything lives in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    electron_ipc_codegen::main_with(electron_ipc_codegen::Cli::parse())
}
