//! `vnsearch search`: ranked, filtered, highlighted results, as text for
//! people or as one JSON document for scripts.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;

use super::{index as index_cmd, output, usage_error, IndexDir};
use crate::index::{self, store::Found, writer};
use crate::search::{
    self, FilterArgs, Filters, MatchMode, Ranking, SearchRequest, SearchResults, MAX_LIMIT,
};

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words to find, with or without diacritics; "quoted text" is a phrase.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only articles about this province/city (any spelling: "Hải Phòng",
    /// "hai phong", "TP Hải Phòng", "Haiphong"); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub city: Vec<String>,
    /// Only articles about this district ("Hoàng Mai", "Quận Hoàng Mai").
    #[arg(long, value_name = "NAME")]
    pub district: Vec<String>,
    /// Only articles from this outlet (as listed in the facets).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Published on or after DATE: 2023, 2023-12, 2023-12-19 or 19/12/2023.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Published on or before DATE (the whole year/month/day is included).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Number of results to show.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Number of results to skip (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// `all`: every word must occur; `any`: any word, ranked by score.
    #[arg(long = "match", value_enum, default_value_t = MatchMode::All)]
    pub mode: MatchMode,
    /// Print one JSON document: {"query","total","took_ms","hits":[…],"facets":{…}}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(args: SearchArgs) -> Result<()> {
    let query = args.query.join(" ");
    if args.limit == 0 || args.limit > MAX_LIMIT {
        return Err(usage_error(format!(
            "--limit must be between 1 and {MAX_LIMIT} (got {})",
            args.limit
        )));
    }
    let dir = &args.index.path;
    if matches!(index::store::find(dir)?, Found::Missing | Found::Incomplete) {
        eprintln!(
            "vnsearch: no index at `{}` yet; building it from `corpus` first",
            dir.display()
        );
        let report = index_cmd::build(
            writer::default_corpus(),
            dir.clone(),
            true,
            writer::DEFAULT_MEMORY_MB,
        )?;
        eprintln!("vnsearch: {}", index_cmd::summary(&report));
    }
    let (index, _) = index::open(dir)?;
    let reader = index
        .index
        .reader()
        .context("opening the index for reading")?;
    let searcher = reader.searcher();
    let filter_args = FilterArgs {
        cities: args.city,
        districts: args.district,
        provinces_2025: Vec::new(),
        sources: args.source.clone(),
        from: args.from,
        to: args.to,
    };
    let known_sources = if args.source.is_empty() {
        Vec::new()
    } else {
        search::known_sources(&searcher)?
    };
    let request = SearchRequest {
        query: query.clone(),
        filters: Filters::resolve(&filter_args, &known_sources)?,
        limit: args.limit,
        offset: args.offset,
        mode: args.mode,
        ranking: Ranking::default(),
        snippets: true,
    };
    let results = search::search(&index, &searcher, &request)?;
    if results.relaxed && !args.json {
        eprintln!("vnsearch: no article contains every word; showing those that contain the most");
    }
    let mut out = output::stdout();
    if args.json {
        output::write_json_line(&mut out, &JsonResults::new(&query, &results))?;
    } else {
        write_text(&mut out, &query, args.offset, &results)?;
    }
    out.flush()?;
    Ok(())
}

/// The `--json` document. Field names are a stable interface.
#[derive(Serialize)]
struct JsonResults<'a> {
    query: &'a str,
    total: usize,
    took_ms: f64,
    relaxed: bool,
    hits: Vec<JsonHit<'a>>,
    facets: &'a search::Facets,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    score: f32,
    title: &'a str,
    date: Option<String>,
    city: Option<&'a str>,
    district: Option<&'a str>,
    province_2025: Option<&'a str>,
    source: Option<&'a str>,
    path: &'a str,
    url: Option<&'a str>,
    snippet: String,
}

impl<'a> JsonResults<'a> {
    fn new(query: &'a str, results: &'a SearchResults) -> Self {
        JsonResults {
            query,
            total: results.total,
            took_ms: (results.took_ms * 1000.0).round() / 1000.0,
            relaxed: results.relaxed,
            hits: results
                .hits
                .iter()
                .map(|hit| {
                    let a = &hit.article;
                    JsonHit {
                        id: &a.id,
                        score: hit.score,
                        title: &a.title,
                        date: a.date.map(|d| d.iso()),
                        city: a.locality.city.as_deref(),
                        district: a.locality.district.as_deref(),
                        province_2025: a.locality.province_2025.as_deref(),
                        source: a.source.as_deref(),
                        path: &a.path,
                        url: a.url.as_deref(),
                        snippet: hit.snippet.to_html(),
                    }
                })
                .collect(),
            facets: &results.facets,
        }
    }
}

fn write_text(
    out: &mut impl Write,
    query: &str,
    offset: usize,
    results: &SearchResults,
) -> Result<()> {
    let style = output::Style::for_stdout();
    writeln!(
        out,
        "{} results for {query:?} ({:.1} ms)",
        results.total, results.took_ms
    )?;
    for (i, hit) in results.hits.iter().enumerate() {
        let a = &hit.article;
        writeln!(out)?;
        writeln!(out, "{:>3}. {}", offset + i + 1, style.bold(&a.title))?;
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
        writeln!(out, "     {snippet}")?;
    }
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
