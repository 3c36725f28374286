//! Entry point: parses arguments, runs the command, and is the one place
//! that reports errors; the exit status comes from the error's kind
//! (`vnsearch::error::exit_status`).

use std::process::ExitCode;

use clap::Parser;
use vnsearch::cli::{self, Cli};
use vnsearch::error::{exit, exit_status};

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
