//! Entry point: parses arguments, runs the command, and is the one place
//! that reports errors; the exit status comes from the error's kind
//! (`vnsearch::error::exit_status`).

use std::process::ExitCode;

use clap::Parser;
use vnsearch::cli::{self, Cli};
use vnsearch::error::{exit, exit_status};

/// mimalloc instead of glibc's allocator: indexing frees and reallocates
/// the writer's arenas segment after segment, which glibc keeps as
/// fragmented heap: peak memory of a full build of the shared corpus
/// 1,148 → 963 MiB, CPU time 107.4 → 104.0 s (`docs/indexing.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let status = exit_status(&error);
            if status != exit::SUCCESS {
                eprintln!("vnsearch: error: {error:#}");
            }
            ExitCode::from(status)
        }
    }
}
