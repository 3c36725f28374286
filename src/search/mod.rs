//! Searching the index: query building, filters, facet counts, snippets.

pub mod facets;
pub mod filters;
pub mod query;
pub mod snippet;
pub mod synonyms;
pub mod syntax;

use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{Searcher, TantivyDocument};

pub use facets::Facets;
pub use filters::{FilterArgs, Filters};
pub use query::{Highlight, MatchMode, Ranking};
pub use snippet::Snippet;

use crate::index::document::from_document;
use crate::index::VnIndex;
use crate::ingest::Article;

/// Most hits one page may ask for; exports use streaming instead.
pub const MAX_LIMIT: usize = 10_000;

#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub mode: MatchMode,
    pub ranking: Ranking,
    /// Compute snippets for the hits (evaluation does not need them).
    pub snippets: bool,
}

#[derive(Clone, Debug)]
pub struct Hit {
    pub score: f32,
    pub article: Article,
    pub snippet: Snippet,
}

#[derive(Clone, Debug)]
pub struct SearchResults {
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// `--match all` found nothing, so articles are ranked by how many of
    /// the words they contain instead.
    pub relaxed: bool,
}

/// The source names present in the index (for resolving `--source`).
pub fn known_sources(searcher: &Searcher) -> Result<Vec<String>> {
    let (_, _, sources) = facets::collectors();
    let counts = searcher
        .search(&tantivy::query::AllQuery, &sources)
        .context("listing sources in the index")?;
    Ok(counts
        .get("/")
        .map(|(f, _)| {
            f.to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .collect())
}

/// Runs a search and loads the requested page of hits with snippets.
pub fn search(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let started = Instant::now();
    let parsed = syntax::parse(&request.query)?;
    let known = if query::uses_source_field(&parsed) {
        known_sources(searcher)?
    } else {
        Vec::new()
    };
    let filters = || request.filters.queries(&index.fields);
    let mut builder =
        query::QueryBuilder::new(&index.fields, request.ranking, request.mode, &request.query);
    builder.known_sources = &known;
    let mut collected = collect(
        searcher,
        request,
        with_filters(builder.build(&parsed)?, filters()),
    )?;
    let mut relaxed = false;
    if collected.1 == 0 && request.mode == MatchMode::All && query::loose_words(&parsed) > 1 {
        // Like Meilisearch: when no article has every word, rank by how
        // many words they have rather than showing nothing.
        builder.mode = MatchMode::Any;
        builder.count_words = true;
        relaxed = true;
        collected = collect(
            searcher,
            request,
            with_filters(builder.build(&parsed)?, filters()),
        )?;
    }
    let (top_docs, total, (city, year, source)) = collected;

    let highlight = Highlight::of(&parsed);
    let mut hits = Vec::with_capacity(top_docs.len());
    for (score, address) in top_docs {
        let doc: TantivyDocument = searcher
            .doc(address)
            .context("loading a matching article")?;
        let article = from_document(&index.fields, &doc);
        let snippet = if request.snippets {
            snippet::best_snippet(&article.body, &highlight)
        } else {
            Snippet::default()
        };
        hits.push(Hit {
            score,
            article,
            snippet,
        });
    }
    Ok(SearchResults {
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets: Facets::from_counts(&city, &year, &source),
        relaxed,
    })
}

type Collected = (
    Vec<(f32, tantivy::DocAddress)>,
    usize,
    (
        tantivy::collector::FacetCounts,
        tantivy::collector::FacetCounts,
        tantivy::collector::FacetCounts,
    ),
);

/// One pass over the matches: the requested page, the total and the facets.
fn collect(
    searcher: &Searcher,
    request: &SearchRequest,
    query: Box<dyn Query>,
) -> Result<Collected> {
    let top = TopDocs::with_limit(request.limit)
        .and_offset(request.offset)
        .order_by_score();
    searcher
        .search(&query, &(top, Count, facets::collectors()))
        .context("running the search")
}

fn with_filters(scoring: Box<dyn Query>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if filters.is_empty() {
        return scoring;
    }
    let mut clauses = vec![(Occur::Must, scoring)];
    clauses.extend(filters.into_iter().map(|f| (Occur::Must, f)));
    Box::new(BooleanQuery::new(clauses))
}
