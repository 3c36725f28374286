//! Index-time and search-latency benchmark over a real corpus slice.
//!
//! Run: `cargo bench --bench search` (optional env: `VNSEARCH_BENCH_CORPUS`
//! = a .jsonl.gz file, default `../shared/corpus/news.jsonl.gz`;
//! `VNSEARCH_BENCH_ARTICLES` = how many articles, default 20000).
//!
//! Prints build time, then in-process latency (median, p95) of vnsearch's
//! full search (query + facets + snippets for the top 10) for accented and
//! unaccented queries, with and without a city filter, next to a baseline
//! in the same process: a plain tantivy BM25 query over the folded body
//! field with no facets or snippets. Also times whole `vnsearch search`
//! processes.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use flate2::read::GzDecoder;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use vnsearch::analysis::{normalize, Form};
use vnsearch::eval::percentile;
use vnsearch::index::{self, BuildOptions};
use vnsearch::search::{self, FilterArgs, SearchRequest};

fn summarize(name: &str, mut ms: Vec<f64>, baseline_median: Option<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    let median = percentile(&ms, 0.5);
    let ratio = baseline_median.map_or(String::new(), |b| {
        format!("  ({:.2}x baseline)", median / b)
    });
    println!(
        "{name:<44} n={:<4} median {median:>7.3} ms  p95 {:>7.3} ms  p99 {:>7.3} ms{ratio}",
        ms.len(),
        percentile(&ms, 0.95),
        percentile(&ms, 0.99)
    );
    median
}

fn main() -> anyhow::Result<()> {
    let corpus = std::env::var("VNSEARCH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared/corpus/news.jsonl.gz"));
    let wanted: usize = std::env::var("VNSEARCH_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    if !corpus.exists() {
        println!(
            "benchmark corpus {} not found; set VNSEARCH_BENCH_CORPUS",
            corpus.display()
        );
        return Ok(());
    }
    let work = tempfile::TempDir::new()?;
    let slice = work.path().join("slice.jsonl");
    let mut titles = Vec::new();
    {
        let reader = BufReader::new(GzDecoder::new(std::fs::File::open(&corpus)?));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&slice)?);
        for line in reader.lines().take(wanted) {
            let line = line?;
            let record: serde_json::Value = serde_json::from_str(&line)?;
            if let Some(title) = record["title"].as_str() {
                titles.push(title.to_string());
            }
            writeln!(out, "{line}")?;
        }
    }
    let bytes = std::fs::metadata(&slice)?.len();
    println!(
        "corpus: first {} articles of {} ({:.1} MB of JSON)",
        titles.len(),
        corpus.display(),
        bytes as f64 / 1e6
    );

    let index_dir = work.path().join("index");
    let started = Instant::now();
    let report = index::build(BuildOptions {
        corpus: vec![slice.clone()],
        index_dir: index_dir.clone(),
        rebuild: true,
        memory_bytes: 256 << 20,
        progress: None,
    })?;
    let build_s = started.elapsed().as_secs_f64();
    println!(
        "index build: {} articles in {build_s:.1} s ({:.0} articles/s), {} warnings",
        report.articles,
        report.articles as f64 / build_s,
        report.warnings.len()
    );

    // Queries: 2-3 consecutive words from every 50th title.
    let mut queries = Vec::new();
    for (i, title) in titles
        .iter()
        .enumerate()
        .step_by(titles.len().max(200) / 200)
    {
        let words: Vec<&str> = title
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphabetic))
            .collect();
        if words.len() >= 3 {
            let start = i % (words.len() - 2);
            queries.push(words[start..start + 2 + i % 2].join(" "));
        }
    }
    let unaccented: Vec<String> = queries.iter().map(|q| normalize(q, Form::Folded)).collect();
    println!(
        "queries: {} from titles (and the same without diacritics)",
        queries.len()
    );

    let (vn, _) = index::open(&index_dir)?;
    let reader = vn.index.reader()?;
    let searcher = reader.searcher();
    let top_city = {
        let all = search::page(&vn, &searcher, &request("ủy ban", FilterArgs::default()))?;
        all.facets
            .city
            .0
            .first()
            .map(|(c, _)| c.clone())
            .unwrap_or_else(|| "Hà Nội".into())
    };
    let city_filter = FilterArgs {
        cities: vec![top_city.clone()],
        ..Default::default()
    };

    // Baseline: plain BM25 on the folded body, top 10, no facets, no snippets.
    let parser = QueryParser::for_index(&vn.index, vec![vn.fields.body_text.folded]);
    let mut baseline = Vec::new();
    for q in &unaccented {
        let started = Instant::now();
        let parsed = parser.parse_query(q)?;
        let _ = searcher.search(&parsed, &TopDocs::with_limit(10).order_by_score())?;
        baseline.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!();
    let base = summarize("baseline: tantivy BM25 folded body (OR)", baseline, None);
    for (name, set, filters) in [
        ("vnsearch accented", &queries, FilterArgs::default()),
        ("vnsearch unaccented", &unaccented, FilterArgs::default()),
        (
            "vnsearch accented + city filter",
            &queries,
            city_filter.clone(),
        ),
        (
            "vnsearch unaccented + city filter",
            &unaccented,
            city_filter.clone(),
        ),
    ] {
        let mut ms = Vec::new();
        for q in set {
            let started = Instant::now();
            let _ = search::page(&vn, &searcher, &request(q, filters.clone()))?;
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        summarize(name, ms, Some(base));
    }
    println!("(city filter: {top_city})");

    // Whole processes: start + open + search + snippets + print.
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/vnsearch");
    if binary.exists() {
        let mut ms = Vec::new();
        for q in queries.iter().take(40) {
            let started = Instant::now();
            let out = Command::new(&binary)
                .args(["search", q, "--json", "--index"])
                .arg(&index_dir)
                .output()?;
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(out.status.success());
        }
        summarize("whole process `vnsearch search --json`", ms, None);
    } else {
        println!("(build the release binary to time whole processes: cargo build --release)");
    }
    Ok(())
}

fn request(query: &str, filters: FilterArgs) -> SearchRequest {
    SearchRequest {
        filters,
        ..SearchRequest::new(query)
    }
}
