//! The native JSON API under `/api/`: the CLI's contracts over HTTP.
//! `GET /api/search` answers what `vnsearch search --json` prints for the
//! same arguments, `/api/count` what `count --json` prints, `/api/articles/
//! {id}` what `show --json` prints; `/api/export` streams every match as
//! CSV or JSON Lines; `/api/timeline` gives the trends of a query;
//! `/api/health` and `/api/stats` describe the service.

use std::path::Path;

use axum::extract::{Path as UrlPath, RawQuery};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use super::http::{blocking, json, stream_blocking, ApiError};
use super::params::Params;
use super::State;
use crate::ingest;
use crate::search::{self, Dimension, Facets, Interval, Markup, Snippet};
use crate::wire::{
    self, ArticleResponse, CountResponse, Field, HitRecord, SearchResponse, TimelineResponse,
};

pub fn routes() -> Router<State> {
    Router::new()
        .route("/search", get(search_page))
        .route("/count", get(count))
        .route("/articles/{id}", get(article))
        .route("/export", get(export))
        .route("/timeline", get(timeline))
        .route("/health", get(health))
        .route("/stats", get(stats))
}

type Answer = Result<Response, ApiError>;

async fn search_page(
    axum::extract::State(state): axum::extract::State<State>,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::parse(query.as_deref());
    let mut request = params.request()?;
    request.disjunctive_facets = params.get("facets") == Some("disjunctive");
    blocking(&state, move |engine| {
        let results = search::page(&engine.index, &engine.searcher(), &request)?;
        Ok(json(&SearchResponse::new(&request.query, &results)))
    })
    .await
}

async fn count(
    axum::extract::State(state): axum::extract::State<State>,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::parse(query.as_deref());
    let request = params.request()?;
    let mut by = Vec::new();
    for name in params.all("by") {
        by.push(name.parse::<Dimension>().map_err(ApiError::bad_request)?);
    }
    if by.is_empty() || by.len() > 2 || (by.len() == 2 && by[0] == by[1]) {
        return Err(ApiError::bad_request(format!(
            "give one or two different by= fields ({})",
            Dimension::NAMES.join(", ")
        )));
    }
    blocking(&state, move |engine| {
        let table = search::count(&engine.index, &engine.searcher(), &request, &by)?;
        let names: Vec<&'static str> = by.iter().map(|d| d.name()).collect();
        Ok(json(&CountResponse::new(&request.query, &table, &names)))
    })
    .await
}

async fn article(
    axum::extract::State(state): axum::extract::State<State>,
    UrlPath(id): UrlPath<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::parse(query.as_deref());
    let highlight = params
        .get("highlight")
        .map(search::highlight_terms)
        .transpose()?;
    blocking(&state, move |engine| {
        let Some(article) = search::article(&engine.index, &engine.searcher(), &id)? else {
            return Ok(ApiError::not_found(format!("no article with id `{id}`")).into_response());
        };
        let original = ingest::original_text(Path::new(&article.path), &article.id, article.line)
            .unwrap_or(None);
        let body_highlighted = highlight
            .map(|h| Snippet::whole(&article.body, &h).render(Markup::HTML.keeping_lines()));
        Ok(json(&ArticleResponse {
            article: &article,
            original,
            body_highlighted,
        }))
    })
    .await
}

/// A file name for a download: `vnsearch-dan-van.csv`.
fn file_name(query: &str, extension: &str) -> String {
    let folded = crate::analysis::normalize(query, crate::analysis::Form::Folded);
    let slug: String = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() { "all".into() } else { slug };
    format!("vnsearch-{slug}.{extension}")
}

fn download(content_type: &'static str, name: &str, body: impl IntoResponse) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

async fn export(
    axum::extract::State(state): axum::extract::State<State>,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::parse(query.as_deref());
    let request = params.request()?;
    let csv = params.one_of("format", &["csv", "jsonl"], "jsonl")? == "csv";
    let cite = params.flag("cite");
    let cells = wire::CsvCells::raw_if(params.flag("raw_csv"));
    let fields = match params.get("fields") {
        Some(list) => Field::parse_list(list, cite).map_err(ApiError::bad_request)?,
        None => Field::defaults(cite),
    };
    // Check the query before the status line goes out.
    crate::search::syntax::parse(&request.query)?;
    let name = file_name(&request.query, if csv { "csv" } else { "jsonl" });
    let body = stream_blocking(&state, move |engine, send| {
        let searcher = engine.searcher();
        let matches = search::matches(&engine.index, &searcher, &request)?;
        let mut buffer = Vec::new();
        if csv {
            wire::write_csv_row(&mut buffer, fields.iter().map(|f| f.name()), cells)?;
        }
        for hit in matches {
            let hit = hit?;
            let record = HitRecord::new(&hit, &fields);
            if csv {
                wire::write_csv_row(&mut buffer, record.csv_cells(&fields), cells)?;
            } else {
                serde_json::to_writer(&mut buffer, &record.selected(&fields))?;
                buffer.push(b'\n');
            }
            if buffer.len() > 64 * 1024 && !send(std::mem::take(&mut buffer)) {
                return Ok(()); // the client went away
            }
        }
        if !buffer.is_empty() {
            send(buffer);
        }
        Ok(())
    });
    let content_type = if csv {
        "text/csv; charset=utf-8"
    } else {
        "application/x-ndjson; charset=utf-8"
    };
    Ok(download(content_type, &name, body))
}

async fn timeline(
    axum::extract::State(state): axum::extract::State<State>,
    RawQuery(query): RawQuery,
) -> Answer {
    let params = Params::parse(query.as_deref());
    let request = params.request()?;
    let interval = params
        .parsed::<Interval>("interval")?
        .unwrap_or(Interval::Month);
    let csv = params.one_of("format", &["json", "csv"], "json")? == "csv";
    let cells = wire::CsvCells::raw_if(params.flag("raw_csv"));
    blocking(&state, move |engine| {
        let timeline = search::timeline(&engine.index, &engine.searcher(), &request, interval)?;
        let response = TimelineResponse::new(&request.query, &timeline);
        if csv {
            let mut out = Vec::new();
            response.write_csv(&mut out, cells)?;
            let name = file_name(&request.query, "csv").replace("vnsearch-", "vnsearch-trend-");
            Ok(download("text/csv; charset=utf-8", &name, out))
        } else {
            Ok(json(&response))
        }
    })
    .await
}

async fn health() -> Response {
    json(&serde_json::json!({"status": "ok"}))
}

/// `GET /api/stats`.
#[derive(Serialize)]
struct Stats {
    articles: u64,
    index_bytes: u64,
    /// When the index was last committed (RFC 3339, UTC).
    last_update: Option<String>,
    index: String,
    version: &'static str,
    facets: Facets,
}

async fn stats(axum::extract::State(state): axum::extract::State<State>) -> Answer {
    blocking(&state, move |engine| {
        let searcher = engine.searcher();
        let facets = searcher.search(&tantivy::query::AllQuery, &search::facets::FacetCounter)?;
        let last_update = engine.last_update().and_then(|t| {
            time::OffsetDateTime::from(t)
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        Ok(json(&Stats {
            articles: searcher.num_docs(),
            index_bytes: engine.size_bytes(),
            last_update,
            index: engine.dir.display().to_string(),
            version: env!("CARGO_PKG_VERSION"),
            facets,
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names() {
        assert_eq!(
            file_name("Dân vận khéo", "csv"),
            "vnsearch-dan-van-kheo.csv"
        );
        assert_eq!(file_name("*", "jsonl"), "vnsearch-all.jsonl");
        assert_eq!(file_name("\"a\" OR b", "csv"), "vnsearch-a-or-b.csv");
    }
}
