//! In-process query latency of vnsearch for `bench/compare.py`.
//!
//! Reads queries (JSON Lines `{"q", "city"}`) from `$VNSEARCH_BENCH_QUERIES`,
//! opens the index at `$VNSEARCH_BENCH_INDEX`, runs each query (top 10 with
//! facets and snippets, like `vnsearch search`) after one warm-up pass, and
//! prints one JSON line per query: `{"ms", "total", "ids"}`. Without those
//! variables it prints a note and exits, so `cargo bench` stays harmless.

use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

use vnsearch::index;
use vnsearch::search::{self, FilterArgs, SearchRequest};

fn main() -> anyhow::Result<()> {
    let (Ok(queries), Ok(index_dir)) = (
        std::env::var("VNSEARCH_BENCH_QUERIES"),
        std::env::var("VNSEARCH_BENCH_INDEX"),
    ) else {
        println!("query_latency: set VNSEARCH_BENCH_QUERIES and VNSEARCH_BENCH_INDEX (see bench/compare.py)");
        return Ok(());
    };
    let (vn, _) = index::open(std::path::Path::new(&index_dir))?;
    let reader = vn.index.reader()?;
    let searcher = reader.searcher();
    let mut requests = Vec::new();
    for line in BufReader::new(std::fs::File::open(&queries)?).lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let mut request = SearchRequest::new(record["q"].as_str().unwrap_or_default());
        if let Some(city) = record["city"].as_str() {
            request.filters = FilterArgs {
                cities: vec![city.to_string()],
                ..Default::default()
            };
        }
        requests.push(request);
    }
    for request in &requests {
        search::page(&vn, &searcher, request)?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for request in &requests {
        let started = Instant::now();
        let results = search::page(&vn, &searcher, request)?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let ids: Vec<&str> = results.hits.iter().map(|h| h.article.id.as_str()).collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({"ms": ms, "total": results.total, "ids": ids})
        )?;
    }
    Ok(())
}
