//! `vnsearch search`: ranked, filtered, highlighted results, as text for
//! people, one JSON document for scripts, or every match as JSON Lines or
//! CSV for analysis. Searching is `search::page` / `search::matches`; this
//! module only formats.

use std::io::Write;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::output::{self, counted, Style};
use super::query_args::{open_index, QueryArgs};
use super::usage_error;
use crate::search::{self, Hit, ScorePart, SearchResults, SortOrder};
use crate::wire::{self, CsvCells, Field, HitRecord, SearchResponse};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Ranked results for reading.
    Text,
    /// One JSON document: {"query","total","took_ms","relaxed","did_you_mean",
    /// "did_you_mean_accented","hits","facets"}.
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
        allow_hyphen_values = true,
        value_parser = super::choice::<SortOrder>(SortOrder::NAMES)
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
    /// Show how each hit's score is made: which form of which word matched
    /// in which field (BM25), bigrams, coordination, the exact-diacritic part.
    #[arg(long)]
    pub explain: bool,
}

pub fn run(args: SearchArgs) -> Result<()> {
    let format = if args.json { Format::Json } else { args.format };
    let fields = match &args.fields {
        Some(list) => Field::parse_list(list, args.cite).map_err(usage_error)?,
        None => Field::defaults(args.cite),
    };
    let cells = CsvCells::raw_if(args.query.raw_csv);
    let (index, searcher) = open_index(&args.query.index)?;
    let request = search::SearchRequest {
        limit: args.limit,
        offset: args.offset,
        sort: args.sort,
        explain: args.explain,
        ..args.query.request()?
    };
    let query = request.query.clone();
    let mut out = output::stdout();
    let style = Style::for_stdout();
    let rows = Rows {
        format,
        cells,
        fields: &fields,
        style: &style,
        cite: args.cite,
    };
    if args.all {
        let matches = search::matches(&index, &searcher, &request)?;
        if matches.relaxed {
            eprintln!("vnsearch: no article contains every word; exporting those that contain any, most first");
        }
        suggest(&matches.corrections);
        write_header(&mut out, format, &fields, cells)?;
        for (i, hit) in matches.enumerate() {
            rows.write(&mut out, i + 1, &hit?)?;
        }
    } else {
        let results = search::page(&index, &searcher, &request)?;
        if format == Format::Text {
            suggest(&results.corrections);
        }
        if results.relaxed && format == Format::Text {
            eprintln!(
                "vnsearch: no article contains every word; showing those that contain the most"
            );
        }
        match format {
            Format::Json => {
                output::write_json_line(&mut out, &SearchResponse::new(&query, &results))?
            }
            Format::Text => write_text_header(&mut out, &query, &results)?,
            _ => write_header(&mut out, format, &fields, cells)?,
        }
        if format != Format::Json {
            for (i, hit) in results.hits.iter().enumerate() {
                rows.write(&mut out, args.offset + i + 1, hit)?;
            }
        }
        if format == Format::Text {
            write_text_footer(&mut out, &results)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Tells people on stderr which correction was searched too.
fn suggest(corrections: &search::Corrections) {
    if let Some(suggestion) = &corrections.did_you_mean_accented {
        eprintln!("Có phải bạn muốn tìm: {suggestion}");
    }
}

fn write_header(
    out: &mut impl Write,
    format: Format,
    fields: &[Field],
    cells: CsvCells,
) -> Result<()> {
    if format == Format::Csv {
        wire::write_csv_row(out, fields.iter().map(|f| f.name()), cells)?;
    }
    Ok(())
}

/// How each hit is written: the format and its settings.
struct Rows<'a> {
    format: Format,
    cells: CsvCells,
    fields: &'a [Field],
    style: &'a Style,
    cite: bool,
}

impl Rows<'_> {
    fn write(&self, out: &mut impl Write, rank: usize, hit: &Hit) -> Result<()> {
        let record = HitRecord::new(hit, self.fields);
        match self.format {
            Format::Text => write_text_hit(out, self.style, rank, hit, self.cite)?,
            Format::Csv => wire::write_csv_row(out, record.csv_cells(self.fields), self.cells)?,
            Format::Jsonl | Format::Json => {
                output::write_json_line(out, &record.selected(self.fields))?;
                if let Some(explanation) = &hit.explanation {
                    // Explanations are not columns; in JSON Lines they
                    // follow their hit as `{"id", "explain"}`.
                    output::write_json_line(
                        out,
                        &serde_json::json!({"id": record.id, "explain": explanation}),
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn write_text_header(out: &mut impl Write, query: &str, results: &SearchResults) -> Result<()> {
    writeln!(
        out,
        "{} for {query:?} ({:.1} ms)",
        counted(results.total as u64, "result", "results"),
        results.took_ms
    )?;
    Ok(())
}

fn write_text_hit(
    out: &mut impl Write,
    style: &Style,
    rank: usize,
    hit: &Hit,
    cite: bool,
) -> Result<()> {
    let a = &hit.article;
    writeln!(out)?;
    writeln!(out, "{rank:>3}. {}", style.bold(&a.title))?;
    let mut meta = Vec::new();
    meta.push(a.date.map_or_else(|| "no date".to_string(), |d| d.iso()));
    if let Some(city) = &a.city {
        meta.push(match &a.district {
            Some(d) => format!("{city} ({d})"),
            None => city.clone(),
        });
    }
    meta.extend(a.source.clone());
    if !a.scope.is_empty() {
        meta.push(a.scope.clone());
    }
    meta.push(format!(
        "{} · {}",
        a.id,
        a.url.as_deref().unwrap_or(&a.path)
    ));
    writeln!(out, "     {}", style.dim(&meta.join(" · ")))?;
    let snippet = hit.snippet.render(style.highlight());
    if !snippet.is_empty() {
        writeln!(out, "     {snippet}")?;
    }
    if cite {
        writeln!(out, "     cite: {}", wire::citation(a))?;
    }
    if let Some(explanation) = &hit.explanation {
        write_explanation(out, style, explanation, 5)?;
    }
    Ok(())
}

/// The score tree, one part per line, indented by depth.
fn write_explanation(
    out: &mut impl Write,
    style: &Style,
    part: &ScorePart,
    indent: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}{}",
        " ".repeat(indent),
        style.dim(&format!("{:>9.4}  {}", part.value, part.description))
    )?;
    for child in &part.parts {
        write_explanation(out, style, child, indent + 2)?;
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
