//! Searching the index: the query language, query building, filters,
//! facet counts, snippets, sorting and exports.

pub mod bm25;
pub mod coordination;
pub mod counts;
pub mod facets;
pub mod filters;
pub mod query;
pub mod snippet;
pub mod synonyms;
pub mod syntax;

use std::str::FromStr;
use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

pub use facets::Facets;
pub use filters::{FilterArgs, Filters};
pub use query::{Highlight, MatchMode, Ranking};
pub use snippet::Snippet;

use crate::error::usage_error;
use crate::index::document::from_document;
use crate::index::schema;
use crate::index::VnIndex;
use crate::ingest::Article;

/// Most hits one page may ask for; exports use `--all` instead.
pub const MAX_LIMIT: usize = 10_000;

/// Result order. Ties keep index order, so paging is stable across runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    DateDescending,
}

impl FromStr for SortOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "relevance" => Ok(SortOrder::Relevance),
            "date" => Ok(SortOrder::Date),
            "-date" => Ok(SortOrder::DateDescending),
            other => Err(format!(
                "unknown sort order `{other}`; use relevance, date or -date"
            )),
        }
    }
}

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
    pub sort: SortOrder,
}

impl SearchRequest {
    /// A first page of 10 by relevance, with snippets, no filters.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            mode: MatchMode::All,
            ranking: Ranking::default(),
            snippets: true,
            sort: SortOrder::Relevance,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Hit {
    /// Relevance score; `None` when sorted by date.
    pub score: Option<f32>,
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

/// A query ready to run: scoring and filters combined.
pub struct Prepared {
    pub query: Box<dyn Query>,
    /// For `--match all` with several words: the query to fall back to
    /// when no article contains every word.
    pub fallback: Option<Box<dyn Query>>,
    pub highlight: Highlight,
    pub relaxed: bool,
}

impl Prepared {
    /// Switches to the fallback if the strict query matches nothing (for
    /// callers that do not count matches anyway).
    pub fn relax_if_empty(mut self, searcher: &Searcher) -> Result<Prepared> {
        if let Some(fallback) = self.fallback.take() {
            let matches = searcher
                .search(&*self.query, &Count)
                .context("running the search")?;
            if matches == 0 {
                self.query = fallback;
                self.relaxed = true;
            }
        }
        Ok(self)
    }
}

/// The source names present in the index (for resolving `--source`).
pub fn known_sources(searcher: &Searcher) -> Result<Vec<String>> {
    let counts = searcher
        .search(&tantivy::query::AllQuery, &facets::FacetCounter)
        .context("listing sources in the index")?;
    Ok(counts.source.0.into_iter().map(|(name, _)| name).collect())
}

/// Parses and builds the query (and, for `--match all`, the relaxed
/// fallback: when no article has every word, rank by how many words they
/// have, then by score, as Meilisearch does, rather than show nothing).
pub fn prepare(index: &VnIndex, searcher: &Searcher, request: &SearchRequest) -> Result<Prepared> {
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
    builder.searcher = Some(searcher);
    let strict = with_filters(builder.build(&parsed)?, filters());
    let fallback = if request.mode == MatchMode::All && query::loose_words(&parsed) > 1 {
        builder.mode = MatchMode::Any;
        builder.count_words = true;
        Some(with_filters(builder.build(&parsed)?, filters()))
    } else {
        None
    };
    Ok(Prepared {
        query: strict,
        fallback,
        highlight: Highlight::of(&parsed),
        relaxed: false,
    })
}

/// Runs a search and loads the requested page of hits with snippets.
pub fn search(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let started = Instant::now();
    if request.limit == 0 || request.limit > MAX_LIMIT {
        return Err(usage_error(format!(
            "--limit must be between 1 and {MAX_LIMIT} (got {}); use --all to export every match",
            request.limit
        )));
    }
    let mut prepared = prepare(index, searcher, request)?;
    let mut collected = collect_page(searcher, request, &*prepared.query)?;
    if collected.1 == 0 {
        if let Some(fallback) = prepared.fallback.take() {
            collected = collect_page(searcher, request, &*fallback)?;
            prepared.relaxed = true;
        }
    }
    let (page, total, facets) = collected;
    let mut hits = Vec::with_capacity(page.len());
    for (score, address) in page {
        hits.push(load_hit(
            index,
            searcher,
            address,
            score,
            request.snippets.then_some(&prepared.highlight),
        )?);
    }
    Ok(SearchResults {
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets,
        relaxed: prepared.relaxed,
    })
}

/// Loads a stored article and, if asked, its snippet.
pub fn load_hit(
    index: &VnIndex,
    searcher: &Searcher,
    address: DocAddress,
    score: Option<f32>,
    highlight: Option<&Highlight>,
) -> Result<Hit> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .context("loading a matching article")?;
    let article = from_document(&index.fields, &doc);
    let snippet = highlight.map_or_else(Snippet::default, |h| {
        snippet::best_snippet(&article.body, h)
    });
    Ok(Hit {
        score,
        article,
        snippet,
    })
}

type Page = Vec<(Option<f32>, DocAddress)>;

/// One pass over the matches: the requested page, the total and the facets.
fn collect_page(
    searcher: &Searcher,
    request: &SearchRequest,
    query: &dyn Query,
) -> Result<(Page, usize, Facets)> {
    let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
    let facets = facets::FacetCounter;
    let run = |e: tantivy::TantivyError| anyhow::Error::new(e).context("running the search");
    Ok(match request.sort {
        SortOrder::Relevance => {
            let (page, total, facets) = searcher
                .search(query, &(top.order_by_score(), Count, facets))
                .map_err(run)?;
            (
                page.into_iter().map(|(s, a)| (Some(s), a)).collect(),
                total,
                facets,
            )
        }
        SortOrder::Date | SortOrder::DateDescending => {
            let order = if request.sort == SortOrder::Date {
                Order::Asc
            } else {
                Order::Desc
            };
            let by_date = top.order_by_fast_field::<DateTime>(schema::DATE, order);
            let (page, total, facets) = searcher
                .search(query, &(by_date, Count, facets))
                .map_err(run)?;
            (
                page.into_iter().map(|(_, a)| (None, a)).collect(),
                total,
                facets,
            )
        }
    })
}

/// Every match in the requested order, for exports (`--all`).
pub fn all_matches(
    searcher: &Searcher,
    request: &SearchRequest,
    query: &dyn Query,
) -> Result<Page> {
    let total = searcher.search(query, &Count).context("counting matches")?;
    if total == 0 {
        return Ok(Vec::new());
    }
    let everything = SearchRequest {
        limit: total,
        offset: 0,
        ..request.clone()
    };
    Ok(collect_page(searcher, &everything, query)?.0)
}

fn with_filters(scoring: Box<dyn Query>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if filters.is_empty() {
        return scoring;
    }
    let mut clauses = vec![(Occur::Must, scoring)];
    clauses.extend(filters.into_iter().map(|f| (Occur::Must, f)));
    Box::new(BooleanQuery::new(clauses))
}
