//! `vnsearch search`: ranked, filtered, highlighted results, as text for
//! people, one JSON document for scripts, or every match as JSON Lines or
//! CSV for analysis.

use std::io::Write;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::export;
use super::output;
use super::query_args::{open_index, QueryArgs};
use crate::search::{self, Hit, Ranking, SearchRequest, SearchResults, SortOrder, MAX_LIMIT};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Ranked results for reading.
    Text,
    /// One JSON document: {"query","total","took_ms","relaxed","hits","facets"}.
    Json,
    /// One JSON object per hit per line.
    Jsonl,
    /// A header row, then one row per hit (RFC 4180 quoting).
    Csv,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Number of results to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Number of results to skip (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Order: relevance, date (oldest first) or -date (newest first).
    #[arg(
        long,
        value_name = "ORDER",
        default_value = "relevance",
        allow_hyphen_values = true
    )]
    pub sort: SortOrder,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Every match, not one page (for exports; ignores --limit/--offset).
    #[arg(long)]
    pub all: bool,
    /// Columns for jsonl/csv, comma-separated (id,title,date,source,city,
    /// district,province_2025,url,path,score,snippet,citation,body).
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
    /// Add a citation per hit: outlet, title, date, URL or path.
    #[arg(long)]
    pub cite: bool,
}

pub fn run(args: SearchArgs) -> Result<()> {
    let format = if args.json { Format::Json } else { args.format };
    let fields = match &args.fields {
        Some(list) => export::parse_fields(list, args.cite)?,
        None => export::default_fields(args.cite),
    };
    let (index, searcher) = open_index(&args.query.index)?;
    let query = args.query.text();
    let mut request = SearchRequest {
        filters: args.query.filters(&searcher)?,
        limit: args.limit,
        offset: args.offset,
        mode: args.query.mode,
        ranking: Ranking::default(),
        snippets: true,
        sort: args.sort,
        ..SearchRequest::new(&query)
    };
    let mut out = output::stdout();
    if args.all {
        request.limit = MAX_LIMIT;
        let prepared = search::prepare(&index, &searcher, &request)?.relax_if_empty(&searcher)?;
        if prepared.relaxed {
            eprintln!("vnsearch: no article contains every word; exporting those that contain any, most first");
        }
        let matches = search::all_matches(&searcher, &request, &*prepared.query)?;
        write_header(&mut out, format, &fields)?;
        for (i, (score, address)) in matches.into_iter().enumerate() {
            let hit =
                search::load_hit(&index, &searcher, address, score, Some(&prepared.highlight))?;
            write_hit(&mut out, format, &fields, args.cite, i + 1, &hit)?;
        }
    } else {
        let results = search::search(&index, &searcher, &request)?;
        if results.relaxed && format == Format::Text {
            eprintln!(
                "vnsearch: no article contains every word; showing those that contain the most"
            );
        }
        match format {
            Format::Json => output::write_json_line(&mut out, &JsonResults::new(&query, &results))?,
            Format::Text => write_text_header(&mut out, &query, &results)?,
            _ => write_header(&mut out, format, &fields)?,
        }
        if format != Format::Json {
            for (i, hit) in results.hits.iter().enumerate() {
                write_hit(
                    &mut out,
                    format,
                    &fields,
                    args.cite,
                    args.offset + i + 1,
                    hit,
                )?;
            }
        }
        if format == Format::Text {
            write_text_footer(&mut out, &results)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_header(out: &mut impl Write, format: Format, fields: &[String]) -> Result<()> {
    if format == Format::Csv {
        export::write_csv_row(out, fields.iter().map(String::as_str))?;
    }
    Ok(())
}

fn write_hit(
    out: &mut impl Write,
    format: Format,
    fields: &[String],
    cite: bool,
    rank: usize,
    hit: &Hit,
) -> Result<()> {
    match format {
        Format::Text => write_text_hit(out, rank, hit, cite)?,
        Format::Csv => export::write_csv_hit(out, hit, fields)?,
        Format::Jsonl | Format::Json => output::write_json_line(out, &export::record(hit, fields))?,
    }
    Ok(())
}

/// The `--json` document. Field names are a stable interface.
#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    took_ms: f64,
    relaxed: bool,
    hits: Vec<serde_json::Map<String, serde_json::Value>>,
    facets: &'a search::Facets,
}

impl<'a> JsonResults<'a> {
    fn new(query: &'a str, results: &'a SearchResults) -> Self {
        let fields: Vec<String> = export::default_fields(false);
        JsonResults {
            query,
            total: results.total,
            took_ms: (results.took_ms * 1000.0).round() / 1000.0,
            relaxed: results.relaxed,
            hits: results
                .hits
                .iter()
                .map(|h| export::record(h, &fields))
                .collect(),
            facets: &results.facets,
        }
    }
}

fn write_text_header(out: &mut impl Write, query: &str, results: &SearchResults) -> Result<()> {
    writeln!(
        out,
        "{} results for {query:?} ({:.1} ms)",
        results.total, results.took_ms
    )?;
    Ok(())
}

fn write_text_hit(out: &mut impl Write, rank: usize, hit: &Hit, cite: bool) -> Result<()> {
    let style = output::Style::for_stdout();
    let a = &hit.article;
    writeln!(out)?;
    writeln!(out, "{rank:>3}. {}", style.bold(&a.title))?;
    let mut meta = Vec::new();
    meta.push(a.date.map_or_else(|| "no date".to_string(), |d| d.iso()));
    if let Some(city) = &a.locality.city {
        meta.push(match &a.locality.district {
            Some(d) => format!("{city} ({d})"),
            None => city.clone(),
        });
    }
    meta.extend(a.source.clone());
    meta.push(format!(
        "{} · {}",
        a.id,
        a.url.as_deref().unwrap_or(&a.path)
    ));
    writeln!(out, "     {}", style.dim(&meta.join(" · ")))?;
    let snippet = hit.snippet.render(
        style.highlight_open(),
        style.highlight_close(),
        str::to_string,
    );
    if !snippet.is_empty() {
        writeln!(out, "     {snippet}")?;
    }
    if cite {
        writeln!(out, "     cite: {}", export::citation(hit))?;
    }
    Ok(())
}

fn write_text_footer(out: &mut impl Write, results: &SearchResults) -> Result<()> {
    if !results.facets.city.0.is_empty() {
        writeln!(out)?;
        let cities: Vec<String> = results
            .facets
            .city
            .0
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        writeln!(out, "by city: {}", cities.join(", "))?;
    }
    Ok(())
}
