//! Inputs the fuzz targets in `fuzz/` found to crash, replayed through the
//! same entry points in the normal test suite so they stay fixed (issue 15).
//! Each test names the target and the artifact it came from.

use tempfile::TempDir;
use vnsearch::index::{self, BuildOptions};
use vnsearch::search::{self, SearchRequest};

/// An index of the shipped `corpus/`, as the fuzz targets search.
fn seed_index() -> TempDir {
    let dir = TempDir::new().unwrap();
    index::build(BuildOptions {
        corpus: vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")],
        index_dir: dir.path().join("index"),
        rebuild: true,
        memory_bytes: 32 << 20,
        progress: None,
    })
    .unwrap();
    dir
}

/// `fuzz/` target `query`, artifact `crash-314dcffbc4d5…` (`PBạn`: explain
/// on, query `Bạn`): explaining a hit sought the scorer of an optional
/// clause that matches nothing in the segment, tripping tantivy's debug
/// assertion `doc <= target` (a panic in debug builds; release builds
/// skipped the clause). Every hit must come back with its explanation.
#[test]
fn query_explain_with_an_optional_clause_that_matches_nothing() {
    let dir = seed_index();
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
