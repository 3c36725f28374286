//! Entry point: parses arguments, runs the command, and is the one place
//! that reports errors (exit 2 for usage errors, 1 for failures).

use std::process::ExitCode;

use clap::Parser;
use vnsearch::cli::{self, output, Cli, UsageError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vnsearch: error: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
