//! `vnsearch show ID`: one article in full: metadata, cleaned body
//! (optionally with a query's matches marked) and the original text.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::query_args::open_index;
use super::{output, usage_error, IndexDir};
use crate::index::document::from_document;
use crate::ingest::Article;
use crate::search::snippet;
use crate::search::{syntax, Highlight};

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The article id, as printed by `search` (file stem, record id, or file#line).
    pub id: String,
    /// Mark the matches of this query in the body.
    #[arg(long, value_name = "QUERY")]
    pub highlight: Option<String>,
    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(args: ShowArgs) -> Result<()> {
    let highlight = args
        .highlight
        .as_deref()
        .map(|q| syntax::parse(q).map(|node| Highlight::of(&node)))
        .transpose()?;
    let (index, searcher) = open_index(&args.index)?;
    let query = TermQuery::new(
        Term::from_field_text(index.fields.id, &args.id),
        IndexRecordOption::Basic,
    );
    let found = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .context("looking up the id")?;
    let Some((_, address)) = found.first() else {
        return Err(usage_error(format!(
            "no article with id `{}` in `{}`; ids are shown by `vnsearch search` (and in its --json output)",
            args.id,
            args.index.path.display()
        )));
    };
    let doc: TantivyDocument = searcher.doc(*address).context("loading the article")?;
    let article = from_document(&index.fields, &doc);
    let original = original_text(&article);
    let style = output::Style::for_stdout();
    let marked = |open: &str, close: &str| match &highlight {
        Some(h) => mark(&article.body, h, open, close),
        None => article.body.clone(),
    };
    let mut out = output::stdout();
    if args.json {
        let mut value = serde_json::to_value(&article)?;
        value["original"] = original
            .as_ref()
            .map_or(serde_json::Value::Null, |o| o.clone().into());
        if highlight.is_some() {
            value["body_highlighted"] = marked("<b>", "</b>").into();
        }
        output::write_json_line(&mut out, &value)?;
    } else {
        writeln!(out, "{}", style.bold(&article.title))?;
        let rows = [
            ("id", Some(article.id.clone())),
            ("date", article.date.map(|d| d.iso())),
            (
                "time",
                article
                    .time
                    .map(|t| format!("{:02}:{:02}", t.hour, t.minute)),
            ),
            (
                "date (inferred)",
                article
                    .date_inferred
                    .map(|y| format!("{y} (inferred from the text)")),
            ),
            ("source", article.source.clone()),
            ("city", article.locality.city.clone()),
            ("district", article.locality.district.clone()),
            (
                "province (2025 map)",
                article.locality.province_2025.clone(),
            ),
            (
                "also mentions",
                Some(article.locality.mentions.join(", ")).filter(|m| !m.is_empty()),
            ),
            ("url", article.url.clone()),
            ("path", Some(article.path.clone())),
        ];
        for (name, value) in rows {
            if let Some(value) = value {
                writeln!(out, "{}", style.dim(&format!("{name:>20}: {value}")))?;
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            marked(style.highlight_open(), style.highlight_close())
        )?;
        if let Some(original) = original {
            writeln!(out, "\n{}", style.dim("──── original text ────"))?;
            writeln!(out, "{original}")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The body with every match of the query wrapped in `open`/`close`.
fn mark(body: &str, highlight: &Highlight, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for range in snippet::matches(body, highlight) {
        out.push_str(&body[at..range.start]);
        out.push_str(open);
        out.push_str(&body[range.clone()]);
        out.push_str(close);
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// The article's text as it is in its file now: the whole file for a
/// plain-text article, the record's `text` for a JSON Lines line.
fn original_text(article: &Article) -> Option<String> {
    use std::io::BufRead;
    let path = std::path::Path::new(&article.path);
    let name = article.path.to_lowercase();
    if name.ends_with(".txt") {
        let bytes = std::fs::read(path).ok()?;
        return Some(String::from_utf8_lossy(&bytes).into_owned());
    }
    let line = article.line?;
    let file = std::fs::File::open(path).ok()?;
    let reader: Box<dyn BufRead> = if name.ends_with(".gz") {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            file,
        )))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let record = reader
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?
        .ok()?;
    let value: serde_json::Value = serde_json::from_str(&record).ok()?;
    value["text"].as_str().map(str::to_string)
}
