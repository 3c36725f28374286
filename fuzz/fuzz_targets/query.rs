//! Fuzz target (a): the query language parser and the query builder.
//!
//! Any text goes to `search::parse_query`; what parses is then run as a
//! real search (`search::page`, which builds the tantivy query the way
//! every front end does: filters, typo corrections, the relaxed fallback,
//! snippets) against a small index of the shipped seed articles. Errors
//! are fine (they are the user's message); a panic, a hang or unbounded
//! memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnsearch::search::{self, MatchMode, SearchRequest, SortOrder, Typos};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options; the rest is the query.
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let parsed = search::parse_query(&text);
    let _ = search::highlight_terms(&text);
    if parsed.is_err() {
        return;
    }
    let (index, searcher) = vnsearch_fuzz::small_index();
    let mut request = SearchRequest::new(text.as_ref());
    request.mode = if options & 1 == 0 {
        MatchMode::All
    } else {
        MatchMode::Any
    };
    request.typos = if options & 2 == 0 {
        Typos::On
    } else {
        Typos::Off
    };
    request.sort = match (options >> 2) & 3 {
        1 => SortOrder::Date,
        2 => SortOrder::DateDescending,
        _ => SortOrder::Relevance,
    };
    request.explain = options & 16 != 0;
    request.disjunctive_facets = options & 32 != 0;
    if let Ok(results) = search::page(index, searcher, &request) {
        assert!(results.hits.len() <= request.limit);
        assert!(results.hits.len() <= results.total);
    }
});
