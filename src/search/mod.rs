//! Searching the index: the query language, query building, filters,
//! facet counts, snippets, sorting and exports.
//!
//! Front ends (the CLI, the HTTP server) call the entry points here and
//! only format what they get back: [`page`] for a page of ranked hits with
//! facets, [`matches`] for every match (exports), [`count`] for counts per
//! facet value, and [`article`] for one article by id. All of them resolve
//! filters and relax `--match all` by the same rule ([`Prepared::run`]).

pub(crate) mod bm25;
pub(crate) mod coordination;
pub(crate) mod counts;
pub(crate) mod explain;
pub(crate) mod explainable;
pub(crate) mod facets;
pub(crate) mod filter_expr;
pub(crate) mod filters;
pub(crate) mod highlight;
pub(crate) mod limits;
pub(crate) mod pairs;
pub(crate) mod query;
pub(crate) mod ranking;
pub(crate) mod request;
pub(crate) mod snippet;
pub(crate) mod synonyms;
pub(crate) mod syntax;
pub(crate) mod trends;
pub(crate) mod typos;
pub(crate) mod words;

use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

pub use counts::{CountTable, Dimension};
pub use explain::ScorePart;
pub use facets::Facets;
pub use filter_expr::FilterExpr;
pub use filters::{FilterArgs, Filters, Panel};
pub use highlight::Highlight;
pub use ranking::{MatchMode, Ranking};
pub use request::{
    Hit, Interval, SearchRequest, SearchResults, SortOrder, Timeline, TimelinePoint,
};
pub use snippet::{Markup, Snippet};
pub use syntax::{parse as parse_query, Node};
pub use trends::timeline;
pub use typos::{
    Corrections, Typos, MIN_LETTERS as TYPO_MIN_LETTERS, TWO_EDITS_FROM as TYPO_TWO_EDITS_FROM,
};

use crate::error::usage_error;
use crate::index::document::{from_document, StoredArticle};
use crate::index::schema;
use crate::index::VnIndex;

/// Most hits one page may ask for; exports use [`matches`] instead.
pub const MAX_LIMIT: usize = 1_000;

/// One way of running a query: the first stage (what tantivy runs:
/// matching, filters and most of the score) and the word pairs the second
/// stage adds to the best articles' scores (`pairs.rs`).
struct Stages {
    query: Box<dyn Query>,
    pairs: Vec<pairs::BodyPair>,
}

/// A query ready to run: scoring and filters combined.
pub struct Prepared {
    strict: Stages,
    /// For `--match all` with several words: the query to fall back to
    /// when no article contains every word.
    fallback: Option<Stages>,
    highlight: Highlight,
    corrections: Corrections,
}

/// The outcome of running a prepared query, and whether the fallback ran.
struct Ran<'p, T> {
    value: T,
    stages: &'p Stages,
    relaxed: bool,
}

impl Prepared {
    /// The relaxation rule, the one place it is written: run `op` with the
    /// strict query; when it matched nothing and there is a fallback, run
    /// it again with the fallback (when no article has every word, rank by
    /// how many words they have, then by score, as Meilisearch does,
    /// rather than show nothing). `op` returns its value and the number of
    /// matches.
    fn run<T>(&self, op: impl Fn(&Stages) -> Result<(T, usize)>) -> Result<Ran<'_, T>> {
        let (value, total) = op(&self.strict)?;
        if let (0, Some(fallback)) = (total, &self.fallback) {
            let (value, _) = op(fallback)?;
            return Ok(Ran {
                value,
                stages: fallback,
                relaxed: true,
            });
        }
        Ok(Ran {
            value,
            stages: &self.strict,
            relaxed: false,
        })
    }
}

/// The outlet names present in the index (for resolving `--source` and
/// `source:`), read from the term dictionary of the outlet facet: a few
/// hundred terms, whatever the number of articles.
pub fn sources(index: &VnIndex, searcher: &Searcher) -> Result<Vec<String>> {
    let mut names = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(index.fields.source_facet)
            .context("reading the outlet list")?;
        let mut terms = inverted
            .terms()
            .stream()
            .context("reading the outlet list")?;
        while terms.advance() {
            // Facet terms are `\0`-separated paths; outlets have depth 1.
            if let Ok(path) = std::str::from_utf8(terms.key()) {
                if !path.is_empty() && !path.contains('\0') {
                    names.insert(path.to_string());
                }
            }
        }
    }
    Ok(names.into_iter().collect())
}

/// Parses the query, resolves the filters and builds the query (and, for
/// `--match all` with several words, the relaxed fallback).
fn prepare(index: &VnIndex, searcher: &Searcher, request: &SearchRequest) -> Result<Prepared> {
    let parsed = syntax::parse(&request.query)?;
    let expression = request.expression.as_ref();
    let needs_sources = !request.filters.sources.is_empty()
        || query::uses_source_field(&parsed)
        || expression.is_some_and(|e| e.uses(filter_expr::Attribute::Source));
    let known = if needs_sources {
        sources(index, searcher)?
    } else {
        Vec::new()
    };
    let filters = Filters::resolve(&request.filters, &known)?;
    let expression = expression
        .map(|e| e.query(&index.fields, &known))
        .transpose()?;
    let filters = || {
        let mut all = filters.queries(&index.fields);
        all.extend(expression.as_ref().map(|q| q.box_clone()));
        all
    };
    let corrections = match request.typos {
        Typos::On => typos::correct(searcher, &index.fields, &request.query, &parsed)?,
        Typos::Off => Corrections::default(),
    };
    let mut builder =
        query::QueryBuilder::new(&index.fields, request.ranking, request.mode, &request.query);
    builder.known_sources = &known;
    builder.searcher = Some(searcher);
    builder.corrections = Some(&corrections.by_word).filter(|c| !c.is_empty());
    let strict = Stages {
        query: with_filters(builder.build(&parsed)?, filters()),
        pairs: builder.body_pairs(),
    };
    let fallback = if request.mode == MatchMode::All && query::loose_words(&parsed) > 1 {
        builder.mode = MatchMode::Any;
        builder.count_words = true;
        Some(Stages {
            query: with_filters(builder.build(&parsed)?, filters()),
            pairs: builder.body_pairs(),
        })
    } else {
        None
    };
    let mut highlight = Highlight::of(&parsed);
    highlight
        .terms
        .extend(corrections.by_word.values().map(|c| c.word.clone()));
    Ok(Prepared {
        strict,
        fallback,
        highlight,
        corrections,
    })
}

fn check_limit(request: &SearchRequest) -> Result<()> {
    if request.limit == 0 || request.limit > MAX_LIMIT {
        return Err(usage_error(format!(
            "--limit must be between 1 and {MAX_LIMIT} (got {}); use --all to export every match",
            request.limit
        )));
    }
    Ok(())
}

/// A page of hits (with snippets), the total and the facet counts.
pub fn page(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults> {
    let started = Instant::now();
    check_limit(request)?;
    let prepared = prepare(index, searcher, request)?;
    let ran = prepared.run(|stages| {
        let collected = collect(index, searcher, request, stages, request.limit, true)?;
        let total = collected.1;
        Ok((collected, total))
    })?;
    let (page, total, facets) = ran.value;
    let mut facets = facets.unwrap_or_default();
    if request.disjunctive_facets {
        disjunctive(index, searcher, request, &mut facets)?;
    }
    let loader = Loader::new(index, searcher, request, &prepared, ran.stages);
    let hits = page
        .into_iter()
        .enumerate()
        .map(|(i, (score, address))| loader.load(score, address, request.offset + i))
        .collect::<Result<Vec<_>>>()?;
    Ok(SearchResults {
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets,
        relaxed: ran.relaxed,
        corrections: prepared.corrections,
    })
}

/// Replaces the counts of each panel whose own filter is set by counts
/// made with the other panels' filters only.
fn disjunctive(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
    facets: &mut Facets,
) -> Result<()> {
    for panel in [Panel::City, Panel::Year, Panel::Source] {
        if !request.filters.filters(panel) {
            continue;
        }
        let other = SearchRequest {
            filters: request.filters.without(panel),
            ..request.clone()
        };
        let prepared = prepare(index, searcher, &other)?;
        let counted = prepared
            .run(|stages| {
                let (facets, total) = searcher
                    .search(&*stages.query, &(facets::FacetCounter, Count))
                    .context("counting facets")?;
                Ok((facets, total))
            })?
            .value;
        match panel {
            Panel::City => facets.city = counted.city,
            Panel::Year => facets.year = counted.year,
            Panel::Source => facets.source = counted.source,
        }
    }
    Ok(())
}

/// Every match of a request, in its order, loaded one at a time (exports).
pub struct Matches<'a> {
    pub total: usize,
    pub relaxed: bool,
    /// Typo corrections that were searched too.
    pub corrections: Corrections,
    loader: Loader<'a>,
    addresses: std::iter::Enumerate<std::vec::IntoIter<(Option<f32>, DocAddress)>>,
}

impl Iterator for Matches<'_> {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let (rank, (score, address)) = self.addresses.next()?;
        Some(self.loader.load(score, address, rank))
    }
}

/// Every match of `request` (its limit and offset are ignored).
pub fn matches<'a>(
    index: &'a VnIndex,
    searcher: &'a Searcher,
    request: &'a SearchRequest,
) -> Result<Matches<'a>> {
    let prepared = prepare(index, searcher, request)?;
    let ran = prepared.run(|stages| {
        let total = searcher
            .search(&*stages.query, &Count)
            .context("counting matches")?;
        let page = if total == 0 {
            Vec::new()
        } else {
            collect(index, searcher, request, stages, total, false)?.0
        };
        Ok((page, total))
    })?;
    let loader = Loader::new(index, searcher, request, &prepared, ran.stages);
    let relaxed = ran.relaxed;
    let page = ran.value;
    Ok(Matches {
        total: page.len(),
        relaxed,
        corrections: prepared.corrections,
        loader,
        addresses: page.into_iter().enumerate(),
    })
}

/// Matching articles per facet value (crossed when `by` has two).
pub fn count(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
    by: &[Dimension],
) -> Result<CountTable> {
    let prepared = prepare(index, searcher, request)?;
    let ran = prepared.run(|stages| {
        let table = counts::count(searcher, &index.fields, &*stages.query, by)?;
        let total = table.total;
        Ok((table, total))
    })?;
    let mut table = ran.value;
    table.relaxed = ran.relaxed;
    Ok(table)
}

/// One article by id, or `None` when the index has no such id.
pub fn article(index: &VnIndex, searcher: &Searcher, id: &str) -> Result<Option<StoredArticle>> {
    let query = TermQuery::new(
        Term::from_field_text(index.fields.id, id),
        IndexRecordOption::Basic,
    );
    let found = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .context("looking up the id")?;
    let Some((_, address)) = found.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(*address).context("loading the article")?;
    Ok(Some(from_document(&index.fields, &doc)))
}

/// What a query highlights (for marking a whole text with
/// [`Snippet::whole`], as `show --highlight` does).
pub fn highlight_terms(query: &str) -> Result<Highlight> {
    Ok(Highlight::of(&syntax::parse(query)?))
}

/// Loads hits: the stored article, its snippet and, if asked, the score's
/// explanation.
struct Loader<'a> {
    index: &'a VnIndex,
    searcher: &'a Searcher,
    snippets: bool,
    explain: bool,
    highlight: Highlight,
    query: Box<dyn Query>,
    /// The second stage and its window, for explaining scores.
    pairs: Option<(pairs::PairScorer<'a>, usize)>,
}

impl<'a> Loader<'a> {
    /// `ran` is the query that ran (strict or relaxed); it and the
    /// highlight are copied so the loader outlives `prepared`.
    fn new(
        index: &'a VnIndex,
        searcher: &'a Searcher,
        request: &SearchRequest,
        prepared: &Prepared,
        ran: &Stages,
    ) -> Loader<'a> {
        let pairs = (request.explain && rescores(request, ran)).then(|| {
            let scorer = second_stage(index, searcher, &request.ranking, &ran.pairs);
            (scorer, request.ranking.pair_window)
        });
        Loader {
            index,
            searcher,
            snippets: request.snippets,
            explain: request.explain,
            highlight: prepared.highlight.clone(),
            query: ran.query.box_clone(),
            pairs,
        }
    }

    /// `rank` counts from 0 over all hits (offset included): hits past
    /// the second stage's window have no pair parts in their scores.
    fn load(&self, score: Option<f32>, address: DocAddress, rank: usize) -> Result<Hit> {
        let doc: TantivyDocument = self
            .searcher
            .doc(address)
            .context("loading a matching article")?;
        let article = from_document(&self.index.fields, &doc);
        let snippet = if self.snippets {
            snippet::best_snippet(&article.body, &self.highlight)
        } else {
            Snippet::default()
        };
        let explanation = if self.explain {
            let explanation = self
                .query
                .explain(self.searcher, address)
                .context("explaining a score")?;
            let first = explain::score_parts(&explanation, &self.index.index.schema());
            let second = match &self.pairs {
                Some((pairs, window)) if rank < *window => pairs.explain(address)?,
                _ => Vec::new(),
            };
            Some(explain::with_second_stage(first, second))
        } else {
            None
        };
        Ok(Hit {
            score,
            article,
            snippet,
            explanation,
        })
    }
}

type Page = Vec<(Option<f32>, DocAddress)>;

/// Whether a search by relevance has a second stage.
fn rescores(request: &SearchRequest, stages: &Stages) -> bool {
    request.sort == SortOrder::Relevance
        && request.ranking.pair_window > 0
        && !stages.pairs.is_empty()
}

fn second_stage<'a>(
    index: &VnIndex,
    searcher: &'a Searcher,
    ranking: &Ranking,
    pairs: &[pairs::BodyPair],
) -> pairs::PairScorer<'a> {
    pairs::PairScorer::new(
        searcher,
        index.fields.body_text.folded,
        schema::BODY_PAIRS,
        pairs.to_vec(),
        ranking.bm25,
    )
}

/// One pass over the matches: `limit` hits from the request's offset in
/// its order, the total, and (if asked) the facets. By relevance, the
/// first [`Ranking::pair_window`] hits are then rescored by the second
/// stage; the window does not move with the offset, so pages never
/// overlap.
fn collect(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
    stages: &Stages,
    limit: usize,
    with_facets: bool,
) -> Result<(Page, usize, Option<Facets>)> {
    let query = &*stages.query;
    // tantivy reserves room for offset + limit hits up front: an offset past
    // the last article must not become a terabyte allocation.
    let documents = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let offset = if with_facets { request.offset } else { 0 }.min(documents);
    let limit = limit.min(documents.max(1));
    let top = TopDocs::with_limit(limit).and_offset(offset);
    let facets = with_facets.then_some(facets::FacetCounter);
    let run = |e: tantivy::TantivyError| anyhow::Error::new(e).context("running the search");
    Ok(match request.sort {
        SortOrder::Relevance if rescores(request, stages) => {
            let window = request.ranking.pair_window.min(documents);
            let top = TopDocs::with_limit(offset.saturating_add(limit).max(window));
            let (mut page, total, facets) = searcher
                .search(query, &(top.order_by_score(), Count, facets))
                .map_err(run)?;
            let window = window.min(page.len());
            second_stage(index, searcher, &request.ranking, &stages.pairs)
                .add_scores(&mut page[..window])?;
            // Stable: equal scores keep the first stage's order.
            page[..window].sort_by(|a, b| b.0.total_cmp(&a.0));
            (
                page.into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|(s, a)| (Some(s), a))
                    .collect(),
                total,
                facets,
            )
        }
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

fn with_filters(scoring: Box<dyn Query>, filters: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if filters.is_empty() {
        return scoring;
    }
    let mut clauses = vec![(Occur::Must, scoring)];
    clauses.extend(filters.into_iter().map(|f| (Occur::Must, f)));
    Box::new(BooleanQuery::new(clauses))
}
