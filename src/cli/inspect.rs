//! `vnsearch inspect`: a dry run of ingestion. It shows what would be
//! indexed from each article (title, date, outlet, place, body size) so a
//! user can check extraction on a crawl before indexing it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::output::{self, counted};
use crate::gazetteer::Gazetteer;
use crate::ingest::{discover, read_file, Article};

/// Show what ingestion extracts from article files, without indexing.
///
/// Reads `.txt` pages, `.json`, `.jsonl` and `.jsonl.gz` records under each
/// PATH (folders are walked; other files are skipped and counted).
/// Problems (undecodable, empty or binary files, malformed JSON lines,
/// oversized records) are reported on stderr as `file:line: message` and
/// the other articles are still processed.
///
/// Exit status: 0 when every file was read (warnings are counted on
/// stderr); with --strict, 1 when any warning occurred; 2 for a PATH that
/// does not exist.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object per article per line, with the fields id,
    /// path, title, date (YYYY-MM-DD or null), time (HH:MM or null),
    /// date_inferred, source, url, city, district, district_full,
    /// district_code, province_2025, mentions, scope (local, national or
    /// international), evidence (the mention that decided the place or
    /// scope: text, zone title/lead/body, byte position, kind; or null),
    /// body, body_chars, warnings.
    /// The summary then goes to stderr.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit status 1) when any warning occurred.
    #[arg(long)]
    pub strict: bool,
}

/// The JSON shape of `inspect --json`; field names are a stable interface.
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    article: &'a Article,
    body_chars: usize,
}

pub fn run(args: InspectArgs) -> Result<()> {
    let _memo = crate::analysis::WordMemo::on();
    let found = discover(&args.paths)?;
    let gazetteer = Gazetteer::get();
    let mut out = output::stdout();
    let mut articles = 0usize;
    let mut warnings = 0usize;
    let mut write_error: Option<std::io::Error> = None;
    for file in &found.files {
        let file_warnings = read_file(file, gazetteer, &mut |article| {
            articles += 1;
            if write_error.is_some() {
                return;
            }
            let result = if args.json {
                let record = Record {
                    body_chars: article.body.chars().count(),
                    article: &article,
                };
                output::write_json_line(&mut out, &record)
            } else {
                write_block(&mut out, &article)
            };
            if let Err(e) = result {
                write_error = Some(e);
            }
        });
        if let Some(e) = write_error.take() {
            return Err(e).context("writing output");
        }
        for w in &file_warnings {
            eprintln!("vnsearch: warning: {w}");
        }
        warnings += file_warnings.len();
    }
    let summary = format!(
        "{} from {}; {} skipped; {}",
        counted(articles as u64, "article", "articles"),
        counted(found.files.len() as u64, "file", "files"),
        counted(found.skipped.len() as u64, "file", "files"),
        counted(warnings as u64, "warning", "warnings")
    );
    if args.json {
        out.flush()?;
        eprintln!("{summary}");
    } else {
        writeln!(out, "{summary}")?;
        out.flush()?;
        if warnings > 0 {
            eprintln!("vnsearch: {warnings} warnings");
        }
    }
    if args.strict && warnings > 0 {
        anyhow::bail!("{warnings} warnings (--strict)");
    }
    Ok(())
}

fn write_block(out: &mut impl Write, a: &Article) -> std::io::Result<()> {
    let dash = "—";
    writeln!(out, "{}  ({})", a.id, a.path)?;
    writeln!(out, "  title:    {}", a.title)?;
    let date = match (a.date, a.time, a.date_inferred) {
        (Some(d), Some(t), _) => format!("{} {t}", d.iso()),
        (Some(d), None, _) => d.iso(),
        (None, _, Some(y)) => format!("{dash} (year {y} inferred from text)"),
        (None, _, None) => dash.to_owned(),
    };
    writeln!(out, "  date:     {date}")?;
    writeln!(out, "  source:   {}", a.source.as_deref().unwrap_or(dash))?;
    let l = &a.locality;
    let mut place = l.city.clone().unwrap_or_else(|| dash.to_owned());
    if let Some(d) = l.district_full.as_ref().or(l.district.as_ref()) {
        place = format!("{d}, {place}");
    }
    if let Some(p) = &l.province_2025 {
        place.push_str(&format!(" (from 2025: {p})"));
    }
    writeln!(out, "  locality: {place}")?;
    if !l.mentions.is_empty() {
        writeln!(out, "  mentions: {}", l.mentions.join(", "))?;
    }
    writeln!(out, "  scope:    {}", l.scope)?;
    if let Some(e) = &l.evidence {
        writeln!(
            out,
            "  because:  \"{}\" ({:?}, {:?} at byte {})",
            e.text, e.kind, e.zone, e.position
        )?;
    }
    writeln!(out, "  body:     {} chars", a.body.chars().count())?;
    for w in &a.warnings {
        writeln!(out, "  warning:  {w}")?;
    }
    writeln!(out)
}
