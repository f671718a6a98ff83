//! The `ipc-codegen` command. Everything lives in the library.

use clap::Parser;

/// mimalloc instead of the system allocator: code generation is mostly
/// small strings and layout trees made and dropped, and with glibc's
/// allocator that was a third of `generate` at 10,000 channels
/// (BENCHMARKS.md, section 4). The binary alone: the library leaves the
/// choice to whoever links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    electron_ipc_codegen::main_with(electron_ipc_codegen::Cli::parse())
}
