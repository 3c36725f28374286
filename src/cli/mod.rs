//! The command line: argument definitions (clap derive) and dispatch to one
//! module per command. Commands return `anyhow::Result`; `main` is the one
//! place that prints errors and picks the exit code.

pub mod analyze;
pub mod inspect;
pub mod output;

use clap::{Parser, Subcommand};

/// Full-text search for Vietnamese civic news, with or without diacritics.
#[derive(Parser, Debug)]
#[command(name = "vnsearch", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Analyze(analyze::AnalyzeArgs),
    Inspect(inspect::InspectArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Inspect(args) => inspect::run(args),
    }
}

/// An error caused by what the user passed in (bad argument, unreadable
/// input). `main` exits with status 2 for these, 1 for everything else.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Shorthand for returning a [`UsageError`].
pub fn usage_error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}
