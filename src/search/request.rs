//! What a front end asks of a search ([`SearchRequest`]) and what it gets
//! back ([`SearchResults`], [`Hit`]): the types every front end shares.

use std::str::FromStr;

use super::{
    Corrections, Facets, FilterArgs, FilterExpr, MatchMode, Ranking, ScorePart, Snippet, Typos,
};
use crate::index::document::StoredArticle;

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

impl SortOrder {
    /// The names users type.
    pub const NAMES: &'static [&'static str] = &["relevance", "date", "-date"];
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

/// Everything a search is asked for; the same for a page, an export or a
/// count.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub query: String,
    /// Filters as the user typed them (any spelling); resolved per search.
    pub filters: FilterArgs,
    pub limit: usize,
    pub offset: usize,
    pub mode: MatchMode,
    pub ranking: Ranking,
    /// Compute snippets for the hits (evaluation does not need them).
    pub snippets: bool,
    pub sort: SortOrder,
    /// Break each hit's score down into its parts.
    pub explain: bool,
    /// Count each facet panel (city, year, source) with the other panels'
    /// filters only, so ticking one city keeps the other cities' counts
    /// (what a faceted search page needs; up to three more passes).
    pub disjunctive_facets: bool,
    /// A boolean filter expression (AND, OR, NOT over conditions), applied
    /// with the other filters (the Meilisearch-compatible API's `filter`).
    pub expression: Option<FilterExpr>,
    /// Correct words the index does not know (`hai phog` → `hai phong`).
    pub typos: Typos,
}

impl SearchRequest {
    /// A first page of 10 by relevance, with snippets, no filters.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: FilterArgs::default(),
            limit: 10,
            offset: 0,
            mode: MatchMode::All,
            ranking: Ranking::default(),
            snippets: true,
            sort: SortOrder::Relevance,
            explain: false,
            disjunctive_facets: false,
            expression: None,
            typos: Typos::On,
        }
    }
}

/// One matching article.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Relevance score; `None` when sorted by date.
    pub score: Option<f32>,
    pub article: StoredArticle,
    pub snippet: Snippet,
    /// How the score was made, when asked for.
    pub explanation: Option<ScorePart>,
}

/// A page of results.
#[derive(Clone, Debug)]
pub struct SearchResults {
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// `--match all` found nothing, so articles are ranked by how many of
    /// the words they contain instead.
    pub relaxed: bool,
    /// Typo corrections that were searched too (empty when none).
    pub corrections: Corrections,
}

/// The bars of a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Month,
    Year,
}

impl Interval {
    pub const NAMES: &'static [&'static str] = &["month", "year"];
}

impl FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "month" => Ok(Interval::Month),
            "year" => Ok(Interval::Year),
            other => Err(format!("unknown interval `{other}`; use month or year")),
        }
    }
}

/// Matches in one period, and all articles of that period.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TimelinePoint {
    /// `2023` or `2023-12`.
    pub period: String,
    pub count: u64,
    pub all: u64,
    /// `count / all`: the topic's share of the period's articles.
    pub share: f64,
}

/// A query's matches over time and by city.
#[derive(Clone, Debug)]
pub struct Timeline {
    pub interval: Interval,
    pub total: usize,
    /// Matches with no stated date.
    pub undated: u64,
    pub relaxed: bool,
    pub periods: Vec<TimelinePoint>,
    /// The ten cities with most matches.
    pub cities: Vec<(String, u64)>,
}
