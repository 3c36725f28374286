//! `vnsearch show ID`: one article in full: metadata, cleaned body
//! (optionally with a query's matches marked) and the original text. The
//! article comes from `search::article`, its original text from
//! `ingest::original_text`; this module only formats.

use std::io::Write;

use std::path::Path;

use anyhow::Result;
use clap::Args;

use super::query_args::open_index;
use super::{output, usage_error, IndexDir};
use crate::index::document::StoredArticle;
use crate::ingest;
use crate::search::{self, Markup, Snippet};
use crate::wire::ArticleResponse;

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
        .map(search::highlight_terms)
        .transpose()?;
    let (index, searcher) = open_index(&args.index)?;
    let Some(article) = search::article(&index, &searcher, &args.id)? else {
        return Err(usage_error(format!(
            "no article with id `{}` in `{}`; ids are shown by `vnsearch search` (and in its --json output)",
            args.id,
            args.index.path.display()
        )));
    };
    let marked = highlight.map(|h| Snippet::whole(&article.body, &h));
    // The original is a courtesy: a file moved since indexing is not an
    // error, it is shown as absent.
    let original =
        ingest::original_text(Path::new(&article.path), &article.id, article.line).unwrap_or(None);
    let mut out = output::stdout();
    if args.json {
        let response = ArticleResponse {
            article: &article,
            original,
            body_highlighted: marked
                .as_ref()
                .map(|m| m.render(Markup::HTML.keeping_lines())),
        };
        output::write_json_line(&mut out, &response)?;
    } else {
        let style = output::Style::for_stdout();
        write_text(&mut out, &style, &article)?;
        let body = match &marked {
            Some(m) => m.render(style.highlight().keeping_lines()),
            None => article.body.clone(),
        };
        writeln!(out, "{body}")?;
        if let Some(original) = original {
            writeln!(out, "\n{}", style.dim("──── original text ────"))?;
            writeln!(out, "{original}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    style: &output::Style,
    article: &StoredArticle,
) -> std::io::Result<()> {
    writeln!(out, "{}", style.bold(&article.title))?;
    let rows = [
        ("id", Some(article.id.clone())),
        ("date", article.date.map(|d| d.iso())),
        ("time", article.time.map(|t| t.to_string())),
        (
            "date (inferred)",
            article
                .date_inferred
                .map(|y| format!("{y} (inferred from the text)")),
        ),
        ("source", article.source.clone()),
        ("city", article.city.clone()),
        ("district", article.district.clone()),
        ("province (2025 map)", article.province_2025.clone()),
        (
            "scope",
            Some(article.scope.clone()).filter(|s| !s.is_empty()),
        ),
        (
            "also mentions",
            Some(article.mentions.join(", ")).filter(|m| !m.is_empty()),
        ),
        ("url", article.url.clone()),
        ("path", Some(article.path.clone())),
    ];
    for (name, value) in rows {
        if let Some(value) = value {
            writeln!(out, "{}", style.dim(&format!("{name:>20}: {value}")))?;
        }
    }
    writeln!(out)
}
