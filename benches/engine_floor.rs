//! The floor set by the engine underneath: how long tantivy alone takes to
//! index the same cleaned articles with its default analyzer, one form of
//! title and body (positions, stored), with vnsearch's writer budget.
//!
//! `bench/compare.py` runs it beside `vnsearch index` and SQLite FTS5, so
//! that a build time can be read against what tantivy needs for a single
//! analyzed form. `VNSEARCH_BENCH_CLEANED=FILE VNSEARCH_BENCH_OUT=DIR cargo
//! bench --bench engine_floor`, FILE being `vnsearch inspect --json` output;
//! without the variables it prints a note and exits, so `cargo bench` stays
//! harmless.

use std::io::BufRead;
use std::time::Instant;

use anyhow::Context;
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn main() -> anyhow::Result<()> {
    let (Ok(cleaned), Ok(out)) = (
        std::env::var("VNSEARCH_BENCH_CLEANED"),
        std::env::var("VNSEARCH_BENCH_OUT"),
    ) else {
        println!("engine_floor: set VNSEARCH_BENCH_CLEANED and VNSEARCH_BENCH_OUT");
        return Ok(());
    };
    let started = Instant::now();
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT | STORED);
    let body = schema.add_text_field("body", TEXT | STORED);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out)?;
    let index = Index::create_in_dir(&out, schema.build())?;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let memory = vnsearch::index::DEFAULT_MEMORY_MB << 20;
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, memory)?;
    let file = std::fs::File::open(&cleaned).with_context(|| format!("opening {cleaned}"))?;
    let mut articles = 0u64;
    for line in std::io::BufReader::new(file).lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let mut doc = TantivyDocument::default();
        doc.add_text(title, record["title"].as_str().unwrap_or_default());
        doc.add_text(body, record["body"].as_str().unwrap_or_default());
        writer.add_document(doc)?;
        articles += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "engine_floor: {articles} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
