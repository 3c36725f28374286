//! Runs one Meilisearch search on vnsearch's one search path
//! (`search::page`, `search::count`): the parameters become a
//! `SearchRequest` (the filter as its `expression`), the results become
//! Meilisearch's hits, totals and `facetDistribution`. Nothing here
//! searches on its own; the query limits of `search::limits` apply as for
//! the CLI.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{Map, Value};

use super::error::MeiliError;
use super::request::{Paging, SearchParams};
use super::response;
use crate::search::filter_expr::Attribute;
use crate::search::{self, Dimension, SearchRequest};
use crate::server::Engine;

/// Facet values listed per facet (Meilisearch's `maxValuesPerFacet`).
pub const MAX_VALUES_PER_FACET: usize = 100;

/// One hit, with its relevance in `0..1` when ranked by relevance.
pub struct MeiliHit {
    pub id: String,
    pub fields: Map<String, Value>,
    pub score: Option<f64>,
}

/// What a search found.
pub struct Found {
    pub hits: Vec<MeiliHit>,
    pub total: usize,
    pub facet_distribution: Option<Map<String, Value>>,
    pub facet_stats: Option<Map<String, Value>>,
    pub started: Instant,
}

/// Checks the filter against the index before searching, so that an
/// unknown city or outlet is an `invalid_search_filter` error (and not
/// mistaken for a problem with `q`).
fn check_filter(engine: &Engine, params: &SearchParams) -> Result<(), MeiliError> {
    let Some(expr) = &params.filter else {
        return Ok(());
    };
    let known = if expr.uses(Attribute::Source) {
        search::sources(&engine.index, &engine.searcher())
            .map_err(|e| MeiliError::from_search(e, "invalid_search_filter"))?
    } else {
        Vec::new()
    };
    expr.query(&engine.index.fields, &known)
        .map(drop)
        .map_err(|e| MeiliError::from_search(e, "invalid_search_filter"))
}

/// The search request for `params` (`offset`, `limit` already decided).
fn request(params: &SearchParams, offset: usize, limit: usize) -> SearchRequest {
    SearchRequest {
        limit: limit.max(1),
        offset,
        mode: params.matching,
        sort: params.sort,
        snippets: false,
        expression: params.filter.clone(),
        ..SearchRequest::new(params.query_text())
    }
}

/// Runs a search: hits `offset..offset+limit` of the ranking.
pub fn find(
    engine: &Engine,
    params: &SearchParams,
    offset: usize,
    limit: usize,
) -> Result<Found, MeiliError> {
    let started = Instant::now();
    let terms = search::highlight_terms(&params.query_text())
        .map_err(|e| MeiliError::from_search(e, "invalid_search_q"))?;
    check_filter(engine, params)?;
    let searcher = engine.searcher();
    // Past the last article there is nothing to skip to; bounding the
    // offset bounds the ranking's memory.
    let offset = offset.min(searcher.num_docs() as usize);
    let request = request(params, offset, limit);
    let results = search::page(&engine.index, &searcher, &request)
        .map_err(|e| MeiliError::from_search(e, "invalid_search_q"))?;
    let hits = results
        .hits
        .iter()
        .take(limit)
        .map(|hit| {
            let doc = response::document(&hit.article);
            let mut fields = response::retrieve(&doc, params.attributes_to_retrieve.as_deref());
            if let Some(formatted) = response::formatted(&doc, params, &terms) {
                fields.insert("_formatted".into(), Value::Object(formatted));
            }
            if params.show_matches_position {
                fields.insert(
                    "_matchesPosition".into(),
                    Value::Object(response::matches_position(&doc, &terms)),
                );
            }
            let score = hit.score.map(response::ranking_score);
            if params.show_ranking_score {
                if let Some(score) = score {
                    fields.insert("_rankingScore".into(), Value::from(score));
                }
            }
            MeiliHit {
                id: hit.article.id.clone(),
                fields,
                score,
            }
        })
        .collect();
    let (facet_distribution, facet_stats) = if params.facets.is_empty() {
        (None, None)
    } else {
        let mut distribution = Map::new();
        for &dimension in &params.facets {
            let counts: Vec<(String, u64)> = match dimension {
                Dimension::City => results.facets.city.0.clone(),
                Dimension::Year => results.facets.year.0.clone(),
                Dimension::Source => results.facets.source.0.clone(),
                other => search::count(&engine.index, &searcher, &request, &[other])
                    .map_err(|e| MeiliError::from_search(e, "invalid_search_facets"))?
                    .rows
                    .into_iter()
                    .map(|row| (row.values.into_iter().next().unwrap_or_default(), row.count))
                    .collect(),
            };
            distribution.insert(
                dimension.name().into(),
                Value::Object(facet_values(dimension, counts)),
            );
        }
        let mut stats = Map::new();
        if params.facets.contains(&Dimension::Year) {
            let years: Vec<u64> = results
                .facets
                .year
                .0
                .iter()
                .filter_map(|(y, _)| y.parse().ok())
                .collect();
            if let (Some(min), Some(max)) = (years.iter().min(), years.iter().max()) {
                stats.insert("year".into(), serde_json::json!({"min": min, "max": max}));
            }
        }
        (Some(distribution), Some(stats))
    };
    Ok(Found {
        hits,
        total: results.total,
        facet_distribution,
        facet_stats,
        started,
    })
}

/// A facet's counts as Meilisearch lists them: values in alphabetical
/// order, at most [`MAX_VALUES_PER_FACET`]. A district is counted under
/// its own name (`Hoàng Mai`, the document's value and what a filter
/// takes), summed over provinces that share the name.
fn facet_values(dimension: Dimension, counts: Vec<(String, u64)>) -> Map<String, Value> {
    let mut merged: BTreeMap<String, u64> = BTreeMap::new();
    for (label, count) in counts {
        let value = match dimension {
            // `Hoàng Mai (Hà Nội)` → `Hoàng Mai`
            Dimension::District => label
                .rsplit_once(" (")
                .map_or(label.clone(), |(name, _)| name.to_string()),
            _ => label,
        };
        *merged.entry(value).or_default() += count;
    }
    merged
        .into_iter()
        .take(MAX_VALUES_PER_FACET)
        .map(|(value, count)| (value, Value::from(count)))
        .collect()
}

/// A search's answer in Meilisearch's shape, for the paging it used.
pub fn answer(params: &SearchParams, found: Found) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(
        "hits".into(),
        Value::Array(
            found
                .hits
                .into_iter()
                .map(|h| Value::Object(h.fields))
                .collect(),
        ),
    );
    out.insert("query".into(), Value::String(params.q.clone()));
    out.insert(
        "processingTimeMs".into(),
        Value::from(found.started.elapsed().as_millis() as u64),
    );
    paging_fields(&mut out, params.paging, found.total);
    if let Some(distribution) = found.facet_distribution {
        out.insert("facetDistribution".into(), Value::Object(distribution));
    }
    if let Some(stats) = found.facet_stats {
        out.insert("facetStats".into(), Value::Object(stats));
    }
    out
}

/// `limit, offset, estimatedTotalHits` or `hitsPerPage, page, totalPages,
/// totalHits`. Totals are exact either way.
pub fn paging_fields(out: &mut Map<String, Value>, paging: Paging, total: usize) {
    match paging {
        Paging::Offset { offset, limit } => {
            out.insert("limit".into(), Value::from(limit));
            out.insert("offset".into(), Value::from(offset));
            out.insert("estimatedTotalHits".into(), Value::from(total));
        }
        Paging::Pages {
            page,
            hits_per_page,
        } => {
            let per_page = hits_per_page.min(super::request::MAX_HITS_PER_REQUEST);
            let pages = if per_page == 0 {
                0
            } else {
                total.div_ceil(per_page)
            };
            out.insert("hitsPerPage".into(), Value::from(hits_per_page));
            out.insert("page".into(), Value::from(page));
            out.insert("totalPages".into(), Value::from(pages));
            out.insert("totalHits".into(), Value::from(total));
        }
    }
}

/// One search as `POST …/search` answers it.
pub fn search(engine: &Engine, params: &SearchParams) -> Result<Map<String, Value>, MeiliError> {
    let (offset, limit) = params.paging.window();
    let found = find(engine, params, offset, limit)?;
    Ok(answer(params, found))
}

/// Several queries merged into one ranking (`POST /multi-search` with
/// `federation`): each query's hits are scored in `0..1`, multiplied by
/// the query's weight, and the best score of each article decides its
/// place; `_federation` says which query ranked it.
pub fn federated(
    engine: &Engine,
    queries: &[SearchParams],
    paging: Paging,
) -> Result<Map<String, Value>, MeiliError> {
    let started = Instant::now();
    let (offset, limit) = paging.window();
    // Hits past the first 1000 of each query are not merged (maxTotalHits).
    let depth = offset
        .saturating_add(limit)
        .min(super::request::MAX_HITS_PER_REQUEST);
    let mut merged: Vec<(f64, usize, usize, MeiliHit)> = Vec::new();
    let mut total = 0;
    for (position, params) in queries.iter().enumerate() {
        let found = find(engine, params, 0, depth).map_err(|e| e.inside_query(position))?;
        total += found.total;
        let weight = params.federation_weight.unwrap_or(1.0);
        for (rank, hit) in found.hits.into_iter().enumerate() {
            let weighted = hit.score.unwrap_or(0.0) * weight;
            match merged.iter_mut().find(|(.., h)| h.id == hit.id) {
                Some(entry) if entry.0 < weighted => *entry = (weighted, position, rank, hit),
                Some(_) => {}
                None => merged.push((weighted, position, rank, hit)),
            }
        }
    }
    merged.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let hits: Vec<Value> = merged
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(weighted, position, _, mut hit)| {
            hit.fields.insert(
                "_federation".into(),
                serde_json::json!({
                    "indexUid": super::INDEX_UID,
                    "queriesPosition": position,
                    "weightedRankingScore": weighted,
                }),
            );
            Value::Object(hit.fields)
        })
        .collect();
    let mut out = Map::new();
    out.insert("hits".into(), Value::Array(hits));
    out.insert(
        "processingTimeMs".into(),
        Value::from(started.elapsed().as_millis() as u64),
    );
    paging_fields(&mut out, paging, total);
    Ok(out)
}

/// `GET …/documents`, `POST …/documents/fetch`: documents in index order.
pub fn documents(
    engine: &Engine,
    params: &SearchParams,
    offset: usize,
    limit: usize,
) -> Result<Map<String, Value>, MeiliError> {
    let found = find(
        engine,
        params,
        offset,
        limit.min(super::request::MAX_HITS_PER_REQUEST),
    )?;
    let mut out = Map::new();
    out.insert(
        "results".into(),
        Value::Array(
            found
                .hits
                .into_iter()
                .map(|h| Value::Object(h.fields))
                .collect(),
        ),
    );
    out.insert("offset".into(), Value::from(offset));
    out.insert("limit".into(), Value::from(limit));
    out.insert("total".into(), Value::from(found.total));
    Ok(out)
}

/// `POST …/facet-search`: the values of one facet among the matches of
/// `q` and `filter` whose folded form contains the folded `facetQuery`.
pub fn facet_search(
    engine: &Engine,
    params: &SearchParams,
    facet: Dimension,
    facet_query: Option<&str>,
) -> Result<Map<String, Value>, MeiliError> {
    let started = Instant::now();
    let params = SearchParams {
        facets: vec![facet],
        ..params.clone()
    };
    let found = find(engine, &params, 0, 0)?;
    let fold = |s: &str| crate::analysis::normalize(s, crate::analysis::Form::Folded);
    let wanted = facet_query.map(fold).unwrap_or_default();
    let values = found
        .facet_distribution
        .and_then(|mut d| d.remove(facet.name()))
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let hits: Vec<Value> = values
        .into_iter()
        .filter(|(value, _)| fold(value).contains(wanted.trim()))
        .map(|(value, count)| serde_json::json!({"value": value, "count": count}))
        .collect();
    let mut out = Map::new();
    out.insert("facetHits".into(), Value::Array(hits));
    out.insert(
        "facetQuery".into(),
        facet_query.map_or(Value::Null, |q| Value::String(q.to_string())),
    );
    out.insert(
        "processingTimeMs".into(),
        Value::from(started.elapsed().as_millis() as u64),
    );
    Ok(out)
}
