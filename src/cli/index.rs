//! `vnsearch index`: builds or refreshes the index from corpus folders.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::output::{self, counted};
use super::IndexDir;
use crate::index::writer::{
    self, BuildOptions, BuildReport, Progress, ProgressUpdate, DEFAULT_MEMORY_MB,
};

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Folders or files to index: .txt articles, .json, .jsonl, .jsonl.gz.
    #[arg(value_name = "PATH", default_value = "corpus")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexDir,
    /// Discard the existing index and build from scratch (also replaces an
    /// index made by an incompatible version).
    #[arg(long)]
    pub rebuild: bool,
    /// Memory budget for indexing, in MB.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MEMORY_MB)]
    pub memory: usize,
}

pub fn run(args: IndexArgs) -> Result<()> {
    let report = build(args.paths, args.index.path, args.rebuild, args.memory)?;
    let mut out = output::stdout();
    writeln!(out, "{}", summary(&report))?;
    out.flush()?;
    Ok(())
}

/// Builds with a progress display on a terminal and warnings on stderr;
/// shared by `index` and the first `search` on a fresh checkout.
pub fn build(
    corpus: Vec<PathBuf>,
    index_dir: PathBuf,
    rebuild: bool,
    memory_mb: usize,
) -> Result<BuildReport> {
    // A bar on a terminal only: piped output stays clean.
    let bar = output::stderr_is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {percent:>3}% · {msg} · {elapsed_precise} elapsed, ETA {eta}",
            )
            .expect("static template"),
        );
        bar
    });
    let started = std::time::Instant::now();
    let progress_bar = bar.clone();
    let report = writer::build(BuildOptions {
        corpus,
        index_dir: index_dir.clone(),
        rebuild,
        memory_bytes: memory_mb.saturating_mul(1 << 20),
        progress: progress_bar.map(|bar| {
            Box::new(move |update: ProgressUpdate| {
                bar.set_length(update.bytes_total.max(1));
                bar.set_position(update.bytes_done.min(update.bytes_total));
                let rate = update.articles as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{} articles ({rate:.0}/s)", update.articles));
            }) as Progress
        }),
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = report?;
    print_warnings(&report);
    Ok(report)
}

/// Shows the first warnings in full and counts the rest.
fn print_warnings(report: &BuildReport) {
    const SHOWN: usize = 20;
    for warning in report.warnings.iter().take(SHOWN) {
        eprintln!("vnsearch: warning: {warning}");
    }
    if report.warnings.len() > SHOWN {
        eprintln!(
            "vnsearch: … and {} more warnings (see them all with `vnsearch inspect PATH --json`)",
            report.warnings.len() - SHOWN
        );
    }
}

pub fn summary(report: &BuildReport) -> String {
    let what = if report.full {
        format!(
            "indexed {} from {}",
            counted(report.articles, "article", "articles"),
            counted(report.files as u64, "file", "files")
        )
    } else {
        format!(
            "updated the index: {} new, {} changed, {} unchanged, {} removed files; {} articles added, {} in all",
            report.new_files,
            report.changed_files,
            report.unchanged_files,
            report.removed_files,
            report.added_articles,
            report.articles
        )
    };
    format!(
        "{what} in {:.2} s ({}, {})",
        report.seconds,
        counted(
            report.skipped_files.len() as u64,
            "skipped file",
            "skipped files"
        ),
        counted(report.warnings.len() as u64, "warning", "warnings")
    )
}
