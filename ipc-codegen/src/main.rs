//! The `ipc-codegen` command. Everything lives in the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    ipc_codegen::main_with(ipc_codegen::Cli::parse())
}
