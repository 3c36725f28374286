//! Inputs the fuzz targets in `fuzz/` found to crash, replayed through the
//! same entry points in the normal test suite so they stay fixed (issue 15).
//! Each test names the target and the artifact it came from.

mod common;

use vnsearch::index;
use vnsearch::search::{self, SearchRequest};

/// `fuzz/` target `query`, artifact `crash-314dcffbc4d5…` (`PBạn`: explain
/// on, query `Bạn`): explaining a hit sought the scorer of an optional
/// clause that matches nothing in the segment, tripping tantivy's debug
/// assertion `doc <= target` (a panic in debug builds; release builds
/// skipped the clause). Every hit must come back with its explanation.
#[test]
fn query_explain_with_an_optional_clause_that_matches_nothing() {
    let dir = common::seed_index();
    let (index, _) = index::open(&dir.path().join("index")).unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    for text in ["Bạn", "bạn dân", "dân OR khéo", "Hải Phòng"] {
        let mut request = SearchRequest::new(text);
        request.explain = true;
        let results = search::page(&index, &searcher, &request).unwrap();
        assert!(
            results.hits.iter().all(|h| h.explanation.is_some()),
            "{text}"
        );
    }
}
