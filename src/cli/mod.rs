//! The command line: argument definitions (clap derive) and dispatch to one
//! module per command. Commands return `anyhow::Result`; `main` is the one
//! place that prints errors and picks the exit code.

pub(crate) mod analyze;
pub(crate) mod count;
pub(crate) mod eval;
pub(crate) mod index;
pub(crate) mod inspect;
pub(crate) mod output;
pub(crate) mod query_args;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Full-text search for Vietnamese civic news, with or without diacritics.
#[derive(Parser, Debug)]
#[command(name = "vnsearch", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Search the index (builds it from corpus/ first if there is none).
    Search(search::SearchArgs),
    /// Count matching articles per city, district, province (2025 map),
    /// year, month or source, optionally crossed.
    Count(count::CountArgs),
    /// Show one article in full, with metadata and original text.
    Show(show::ShowArgs),
    /// Serve the search page and the HTTP API (builds the index first if
    /// there is none).
    Serve(serve::ServeArgs),
    /// Build or refresh the index from folders of articles.
    Index(index::IndexArgs),
    /// Show the terms each analyzer makes of a text, with byte offsets.
    Analyze(analyze::AnalyzeArgs),
    /// Dry run of ingestion: what would be indexed, and any problems.
    Inspect(inspect::InspectArgs),
    /// Measure ranking quality on a relevance set (MRR, nDCG, recall).
    Eval(eval::EvalArgs),
}

/// The index location, shared by every command that reads or writes it.
#[derive(Args, Debug, Clone)]
pub struct IndexDir {
    /// Index folder.
    #[arg(
        long = "index",
        value_name = "DIR",
        env = "VNSEARCH_INDEX",
        default_value = "index"
    )]
    pub path: PathBuf,
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    // Commands that read an index (updating reads it too): a damaged one
    // may only show while searching (tantivy reads segment files lazily,
    // and panics on some damage), so they run guarded, whatever step
    // meets it.
    use crate::index::guard_command as guarded;
    match cli.command {
        Command::Search(args) => guarded(&args.query.index.path.clone(), || search::run(args)),
        Command::Count(args) => guarded(&args.query.index.path.clone(), || count::run(args)),
        Command::Show(args) => guarded(&args.index.path.clone(), || show::run(args)),
        Command::Serve(args) => guarded(&args.index.path.clone(), || serve::run(args)),
        Command::Index(args) => guarded(&args.index.path.clone(), || index::run(args)),
        Command::Analyze(args) => analyze::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Eval(args) => eval::run(args),
    }
}

/// A clap parser for a value typed by name: `--help` lists the names, and
/// the type's own `FromStr` (in `search/`) does the parsing.
pub fn choice<T>(names: &'static [&'static str]) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: std::str::FromStr<Err = String> + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(names).try_map(|name| name.parse::<T>())
}

pub use crate::error::{usage_error, UsageError};

/// Reads `what` from standard input (at most `limit` bytes), which must be
/// UTF-8 text.
pub fn read_stdin(what: &str, limit: u64) -> anyhow::Result<String> {
    use anyhow::Context;
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {what} from standard input"))?;
    String::from_utf8(bytes).map_err(|e| {
        usage_error(format!(
            "{what} on standard input is not valid UTF-8 (invalid byte at offset {}); convert it first, e.g. `iconv -f WINDOWS-1258 -t UTF-8`",
            e.utf8_error().valid_up_to()
        ))
    })
}
